"""Preparing the next session against a real data file: creation, carry-over, sharing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from companion import clock
from companion.banks import load_banks
from companion.models import (
    Agenda,
    AgendaItem,
    Goal,
    Note,
    Section,
    Session,
    SessionState,
)
from companion.notes import add_note, mark_brought_up
from companion.prepare import prepare_next, save_agenda
from companion.store import Store
from tests.conftest import run_cli

BANKS = load_banks()


def test_first_prepare_creates_the_next_session_with_an_agenda_and_reopening_gives_the_same(onboarded: Store, data_dir):
    first = prepare_next(onboarded, BANKS, clock.now())
    assert first.session.id is not None
    assert first.session.scheduled_at == datetime(2026, 11, 24, 16, 0)
    assert sum(i.minutes for i in first.agenda.items) == 45
    again = prepare_next(Store(data_dir).open(), BANKS, clock.now())
    assert again.session.id == first.session.id
    assert again.agenda == first.agenda
    assert len(Store(data_dir).open().all(Session)) == 1


def test_notes_captured_after_the_agenda_was_built_join_its_carry_over(onboarded: Store):
    prepared = prepare_next(onboarded, BANKS, clock.now())
    assert not any(i.source == "note" for i in prepared.agenda.items)
    note, _, _ = add_note(onboarded, "Ask about their review checklist", clock.now())
    again = prepare_next(onboarded, BANKS, clock.now())
    (item,) = [i for i in again.agenda.items if i.source == "note"]
    assert item.ref == str(note.id) and item.section is Section.CARRY_OVER
    assert sum(i.minutes for i in again.agenda.items) == 45
    # Items already there keep their text and order.
    before = [i.text for i in prepared.agenda.items]
    assert [i.text for i in again.agenda.items if i.source != "note"] == before


def test_unfinished_items_of_the_last_held_session_carry_over(onboarded: Store, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_NOW", "2026-11-17T09:00:00")
    last = prepare_next(onboarded, BANKS, clock.now())
    leftover = last.agenda.items[-2]
    for item in last.agenda.items:
        item.covered = item.id != leftover.id
    save_agenda(onboarded, last.session.id, last.agenda)
    onboarded.update(Session, last.session.id, state=SessionState.HELD, held_at=last.session.scheduled_at)

    monkeypatch.setenv("COMPANION_NOW", "2026-11-20T09:00:00")
    upcoming = prepare_next(Store(data_dir).open(), BANKS, clock.now())
    assert upcoming.session.id != last.session.id
    carried = [i for i in upcoming.agenda.items if i.section is Section.CARRY_OVER]
    assert any(i.text == leftover.text and not i.covered for i in carried)
    assert upcoming.agenda.items[0].ref not in {i.ref for i in last.agenda.items if i.source == "prompt"}


def test_brought_up_notes_are_marked_done_once_the_session_is_held(onboarded: Store):
    talked, _, _ = add_note(onboarded, "Talked about this", clock.now())
    skipped, _, _ = add_note(onboarded, "Ran out of time for this", clock.now())
    prepared = prepare_next(onboarded, BANKS, clock.now())
    for item in prepared.agenda.items:
        item.covered = item.ref != str(skipped.id)
    held = prepared.session
    held.agenda = prepared.agenda
    held_at = held.scheduled_at + timedelta(minutes=50)
    assert mark_brought_up(onboarded, held, held_at) == 1
    notes = {n.id: n for n in onboarded.all(Note)}
    assert notes[talked.id].done_at == held_at and notes[talked.id].session_id == held.id
    assert notes[skipped.id].done_at is None


def test_goal_without_expectations_after_two_held_sessions_gets_an_expectations_item(onboarded: Store):
    onboarded.add(Goal(partnership_id=1, title="Learn the new deploy tooling", created_at=datetime(2026, 11, 1, 9, 0)))
    for day in (3, 10):
        onboarded.add(
            Session(
                partnership_id=1,
                scheduled_at=datetime(2026, 11, day, 16, 0),
                slot=datetime(2026, 11, day, 16, 0),
                state=SessionState.HELD,
            )
        )
    prepared = prepare_next(onboarded, BANKS, clock.now())
    sources = [i.source for i in prepared.agenda.items if i.section is Section.GOALS]
    assert sources == ["goal", "expectations"]


def test_goal_with_an_expectation_gets_no_expectations_item(onboarded: Store):
    onboarded.add(
        Goal(
            partnership_id=1,
            title="Learn the new deploy tooling",
            my_expectation="A demo by January",
            created_at=datetime(2026, 11, 1, 9, 0),
        )
    )
    for day in (3, 10):
        onboarded.add(Session(partnership_id=1, scheduled_at=datetime(2026, 11, day, 16, 0), state=SessionState.HELD))
    prepared = prepare_next(onboarded, BANKS, clock.now())
    assert [i.source for i in prepared.agenda.items if i.section is Section.GOALS] == ["goal"]


def test_companion_agenda_prints_the_same_agenda_as_the_app_sees(onboarded: Store, data_dir):
    prepared = prepare_next(onboarded, BANKS, clock.now())
    private = prepared.agenda.items[1]
    prepared.agenda.items[1] = AgendaItem(**{**private.__dict__, "private": True})
    save_agenda(onboarded, prepared.session.id, prepared.agenda)

    shared = run_cli("agenda")
    assert shared.returncode == 0, shared.stderr
    assert shared.stdout.startswith("# Session with Sam: Tue 24 Nov 2026, 16:00 (45 min)")
    for item in prepared.agenda.items:
        assert (item.text in shared.stdout) is (not item.private)

    everything = run_cli("agenda", "--all")
    assert private.text in everything.stdout and "*(private)*" in everything.stdout

    as_json = json.loads(run_cli("agenda", "--json").stdout)
    assert [i["text"] for i in as_json["items"]] == [i.text for i in prepared.agenda.items if not i.private]
    assert as_json["partner"] == "Sam" and as_json["session_minutes"] == 45
    assert Store(data_dir).open().get(Session, prepared.session.id).agenda == prepared.agenda


def test_companion_agenda_before_set_up_says_what_to_do():
    result = run_cli("agenda")
    assert result.returncode == 1
    assert "run `companion`" in result.stderr


def test_agenda_survives_a_user_bank_that_is_broken(onboarded: Store):
    from companion.paths import user_prompts_dir

    folder = user_prompts_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text("[bank]\nname = 'engineer'\n[[prompt]]\nid = 'x'\n")
    result = run_cli("agenda")
    assert result.returncode == 0
    assert "mine.toml, line 3" in result.stderr and "## Explore" in result.stdout


def test_ready_state_is_kept(onboarded: Store, data_dir):
    prepared = prepare_next(onboarded, BANKS, clock.now())
    save_agenda(onboarded, prepared.session.id, Agenda(**{**prepared.agenda.__dict__, "ready_at": clock.now()}))
    status = json.loads(run_cli("status", "--json").stdout)
    assert status["agenda_ready"] is True and status["agenda_ready_at"] == "2026-11-24T10:00:00"
    assert "agenda ready" in run_cli("status").stdout
