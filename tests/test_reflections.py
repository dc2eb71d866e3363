"""Reflections against a real data file: drafts that survive a restart, finishing with
validation, and which session `companion reflect` opens."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from companion.datafile import file_signature
from companion.errors import CompanionError, ValidationError
from companion.models import Agenda, AgendaItem, Frequency, Partnership, Reflection, Section, Session, SessionState
from companion.reflections import (
    can_reflect,
    finish_reflection,
    load_draft,
    parse_tags,
    reflection_target,
    save_draft,
    session_markdown,
    to_markdown,
    validate_reflection,
)
from companion.schedule import upcoming
from companion.sessions import add_session, hold_session, materialize, skip_session
from companion.store import Store
from companion.validation import make_cadence
from tests.conftest import make_partnership

NOW = datetime(2026, 11, 24, 10, 0)  # a Tuesday; Sam and Alex meet Tuesdays 16:00 from 3 Nov
LAST_WEEK = datetime(2026, 11, 17, 16, 0)


def sam(store: Store) -> Partnership:
    return store.get(Partnership, 1)


@pytest.fixture
def held(onboarded: Store) -> Session:
    """Last week's session, held."""
    return hold_session(onboarded, materialize(onboarded, sam(onboarded), LAST_WEEK, NOW), now=NOW)


GOOD = dict(
    learned="How they use the debugger",
    will_try="- Pair on a bug\n- Read the runbook",
    value=4,
    candour=5,
    tags="debugging, #Pairing",
)


# --- drafts --------------------------------------------------------------------------------


def test_a_draft_survives_a_restart(onboarded: Store, held: Session, data_dir):
    save_draft(onboarded, held.id, learned="Half a thought", notes="## Later\n- more", value=3, now=NOW)
    restarted = Store(data_dir).open()
    draft = load_draft(restarted, held.id)
    assert draft.learned == "Half a thought" and draft.notes == "## Later\n- more"
    assert draft.value == 3 and draft.candour is None
    assert draft.is_draft is True and draft.updated_at == NOW and draft.written_at is None
    # Carry on typing after the restart: fields not given keep what was stored.
    later = NOW + timedelta(minutes=5)
    save_draft(restarted, held.id, surprised="How fast they type", now=later)
    again = load_draft(Store(data_dir).open(), held.id)
    assert (again.learned, again.surprised, again.value) == ("Half a thought", "How fast they type", 3)
    assert again.updated_at == later


def test_a_draft_keeps_any_text_and_drops_only_an_impossible_rating(onboarded: Store, held: Session):
    long_text = "x" * 30_000  # too long to finish, still never lost
    draft = save_draft(onboarded, held.id, learned=long_text, value=9, candour=0, tags="C++ ok", now=NOW)
    stored = load_draft(onboarded, held.id)
    assert stored == draft
    assert stored.learned == long_text and stored.tags == ["c++", "ok"]
    assert stored.value is None and stored.candour is None


def test_saving_the_same_draft_again_writes_nothing(onboarded: Store, held: Session, data_dir):
    save_draft(onboarded, held.id, learned="Same", now=NOW)
    before = file_signature(onboarded.path)
    again = save_draft(onboarded, held.id, learned="Same", now=NOW + timedelta(minutes=1))
    assert file_signature(onboarded.path) == before
    assert again.updated_at == NOW


def test_a_draft_only_writes_the_reflection(onboarded: Store, held: Session, data_dir):
    # Another process (the CLI) changes the agenda while the reflection screen is open.
    agenda = Agenda(items=[AgendaItem(id="i1", section=Section.CLOSE, text="Commitments", minutes=45)])
    Store(data_dir).open().update(Session, held.id, agenda=agenda)
    save_draft(onboarded, held.id, learned="Still here", now=NOW)
    stored = Store(data_dir).open().get(Session, held.id)
    assert stored.agenda == agenda and stored.state is SessionState.HELD
    assert stored.reflection.learned == "Still here"


def test_a_draft_for_a_session_only_planned_by_the_cadence_stores_it(onboarded: Store, data_dir):
    target = reflection_target(onboarded, sam(onboarded), NOW)
    assert target.id is None and target.scheduled_at == LAST_WEEK
    save_draft(onboarded, target, learned="Drafted", now=NOW)
    (stored,) = Store(data_dir).open().all(Session)
    assert stored.slot == LAST_WEEK and stored.reflection.learned == "Drafted"
    assert reflection_target(onboarded, sam(onboarded), NOW).id == stored.id


def test_a_draft_for_a_missing_session_says_so(onboarded: Store):
    with pytest.raises(CompanionError, match="Session 42 no longer exists"):
        save_draft(onboarded, 42, learned="x", now=NOW)


# --- finishing ---------------------------------------------------------------------------------


def test_finishing_stores_a_final_reflection(onboarded: Store, held: Session, data_dir):
    save_draft(onboarded, held.id, learned="Typed earlier", now=NOW)
    done = finish_reflection(
        onboarded,
        held.id,
        will_try="Pair on a bug",
        value=4,
        candour=3,
        tags=["ci"],
        private=True,
        now=NOW + timedelta(minutes=3),
    )
    stored = load_draft(Store(data_dir).open(), held.id)
    assert stored == done
    assert stored.learned == "Typed earlier" and stored.will_try == "Pair on a bug"
    assert stored.is_draft is False and stored.private is True and stored.tags == ["ci"]
    assert stored.written_at == stored.updated_at == NOW + timedelta(minutes=3)
    # Editing it later keeps when it was first written, and it stays finished.
    later = NOW + timedelta(days=2)
    save_draft(onboarded, held.id, notes="An afterthought", now=later)
    edited = load_draft(onboarded, held.id)
    assert edited.is_draft is False and edited.written_at == NOW + timedelta(minutes=3) and edited.updated_at == later
    refinished = finish_reflection(onboarded, held.id, value=5, now=later + timedelta(hours=1))
    assert refinished.written_at == NOW + timedelta(minutes=3) and refinished.value == 5


@pytest.mark.parametrize(
    "fields, problem, words",
    [
        ({**GOOD, "value": 6}, "value", "6 is not one of 1, 2, 3, 4, 5"),
        ({**GOOD, "value": 0}, "value", "0 is not one of 1, 2, 3, 4, 5"),
        ({**GOOD, "candour": -1}, "candour", "-1 is not one of"),
        ({**GOOD, "value": None}, "value", "Rate how valuable the session was, from 1"),
        ({**GOOD, "candour": None}, "candour", "Rate how openly you both spoke"),
        ({**GOOD, "learned": " ", "will_try": "\n"}, "text", "Write at least one line first"),
        ({**GOOD, "tags": "c++"}, "tags", "Tag “c++” will not do"),
        ({**GOOD, "notes": "n" * 20_001}, "notes", "Notes is 20001 characters; keep it under 20000"),
    ],
)
def test_finishing_is_refused_with_a_message_that_says_what_to_fix(
    onboarded: Store, held: Session, data_dir, fields, problem, words
):
    save_draft(onboarded, held.id, learned="Kept", now=NOW)
    with pytest.raises(ValidationError) as caught:
        finish_reflection(onboarded, held.id, now=NOW, **fields)
    assert list(caught.value.problems) == [problem]
    assert words in caught.value.problems[problem]
    stored = load_draft(Store(data_dir).open(), held.id)
    assert stored.is_draft is True and stored.learned == "Kept"  # the draft is still there


def test_validate_reflection_for_a_draft_and_for_finishing():
    assert validate_reflection(**GOOD) == {}
    assert validate_reflection(Reflection(), finishing=False) == {}
    assert set(validate_reflection(Reflection())) == {"text", "value", "candour"}
    assert set(validate_reflection(Reflection(), finishing=False, value=7, tags=["ok", "Not OK"])) == {"value", "tags"}
    assert "13 tags" in validate_reflection(**{**GOOD, "tags": [f"t{n}" for n in range(13)]})["tags"]
    assert validate_reflection(**{**GOOD, "value": True})["value"].endswith("True is not one of 1, 2, 3, 4, 5.")


def test_parse_tags():
    assert parse_tags("Rust, #pairing  ci,rust") == ["rust", "pairing", "ci"]
    assert parse_tags(["CI", " ", "#ci"]) == ["ci"]
    assert parse_tags("") == []


def test_finishing_a_planned_session_whose_time_has_come_marks_it_held(onboarded: Store, data_dir):
    session = materialize(onboarded, sam(onboarded), LAST_WEEK, NOW)
    finish_reflection(onboarded, session.id, now=NOW, **GOOD)
    stored = Store(data_dir).open().get(Session, session.id)
    assert stored.state is SessionState.HELD and stored.held_at == LAST_WEEK
    assert stored.reflection.is_draft is False


def test_a_future_skipped_or_cancelled_session_cannot_be_reflected_on(onboarded: Store, data_dir):
    future = materialize(onboarded, sam(onboarded), datetime(2026, 11, 24, 16, 0), NOW)
    with pytest.raises(CompanionError, match="still ahead"):
        finish_reflection(onboarded, future.id, now=NOW, **GOOD)
    skipped = skip_session(onboarded, materialize(onboarded, sam(onboarded), LAST_WEEK, NOW), "Sick", now=NOW)
    with pytest.raises(CompanionError, match="was skipped"):
        finish_reflection(onboarded, skipped.id, now=NOW, **GOOD)
    assert all(s.reflection is None for s in Store(data_dir).open().all(Session))


# --- which session `companion reflect` opens ---------------------------------------------------


def test_target_is_the_last_cadence_session_that_just_passed(onboarded: Store):
    assert reflection_target(onboarded, sam(onboarded), NOW).scheduled_at == LAST_WEEK
    # Once today's session has started, it is the one.
    assert reflection_target(onboarded, sam(onboarded), datetime(2026, 11, 24, 16, 0)).scheduled_at == datetime(
        2026, 11, 24, 16, 0
    )


def test_target_prefers_a_newer_held_session_and_falls_back_to_an_older_held_one(onboarded: Store):
    partnership = sam(onboarded)
    older = hold_session(onboarded, materialize(onboarded, partnership, datetime(2026, 11, 10, 16, 0), NOW), now=NOW)
    # Last week's was skipped: nothing just passed, so the older held session is offered.
    skip_session(onboarded, upcoming(partnership, [], datetime(2026, 11, 17, 9, 0), 1)[0], "Offsite", now=NOW)
    assert reflection_target(onboarded, partnership, NOW).id == older.id
    # An extra session held yesterday is newer.
    extra = add_session(onboarded, partnership, datetime(2026, 11, 23, 12, 0), now=NOW)
    hold_session(onboarded, extra.id, now=NOW)
    assert reflection_target(onboarded, partnership, NOW).id == extra.id


def test_target_skips_planned_sessions_older_than_a_week_and_can_be_none(onboarded: Store):
    partnership = sam(onboarded)
    for day in (3, 10, 17):
        skip_session(
            onboarded, materialize(onboarded, partnership, datetime(2026, 11, day, 16, 0), NOW), "Busy", now=NOW
        )
    assert reflection_target(onboarded, partnership, NOW) is None
    # A planned session (moved from its slot) nine days ago is no longer "just passed".
    old = add_session(onboarded, partnership, datetime(2026, 11, 15, 9, 0), now=NOW)
    assert reflection_target(onboarded, partnership, NOW) is None
    assert reflection_target(onboarded, partnership, datetime(2026, 11, 20, 9, 0)).id == old.id


def test_target_before_the_first_session_is_none(store: Store):
    start = date(2026, 12, 1)
    store.add(make_partnership(start_date=start, cadences=[make_cadence(Frequency.WEEKLY, 1, time(16, 0), start)]))
    assert reflection_target(store, store.get(Partnership, 1), NOW) is None


# --- which sessions can be reflected on ------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "scheduled_at", "expected"),
    [
        (SessionState.HELD, LAST_WEEK, True),
        (SessionState.PLANNED, LAST_WEEK, True),
        (SessionState.PLANNED, datetime(2026, 11, 25, 10, 0), True),  # a day ahead: may be held early
        (SessionState.HELD, datetime(2026, 11, 25, 10, 1), False),
        (SessionState.PLANNED, datetime(2026, 12, 1, 16, 0), False),
        (SessionState.SKIPPED, LAST_WEEK, False),
        (SessionState.CANCELLED, LAST_WEEK, False),
    ],
)
def test_can_reflect_once_a_session_took_place_or_is_about_to(state, scheduled_at, expected):
    session = Session(partnership_id=1, scheduled_at=scheduled_at, state=state)
    assert can_reflect(session, NOW) is expected


# --- reading back ----------------------------------------------------------------------------


def test_a_reflection_in_markdown_has_each_answer_under_its_label():
    reflection = Reflection(
        learned="Flags first",
        surprised="  ",
        notes="## More\n- a list",
        value=4,
        candour=5,
        private=True,
        is_draft=False,
    )
    assert to_markdown(reflection) == (
        "## Reflection *(private)*\n\n**What I learned**\n\nFlags first\n\n## More\n- a list\n\n"
        "*value 4/5, candour 5/5*"
    )
    assert to_markdown(Reflection(will_try="Pair")) == "## Reflection (draft)\n\n**What I will try**\n\nPair"


def test_a_held_session_in_markdown_has_when_it_was_held_its_agenda_and_its_reflection():
    partnership = make_partnership(id=1)
    item = AgendaItem(id="a", section=Section.EXPLORE, text="Feature flags", minutes=30, private=True, covered=True)
    session = Session(
        partnership_id=1,
        scheduled_at=LAST_WEEK,
        state=SessionState.HELD,
        held_at=datetime(2026, 11, 17, 16, 5),
        duration_minutes=30,
        agenda=Agenda(items=[item]),
        reflection=Reflection(learned="Flags first", is_draft=False),
    )
    text = session_markdown(session, partnership)
    assert text.startswith("**State:** held\n\n**Held:** Tue 17 Nov 2026 16:05, 30 min\n\n## Agenda: session with Sam")
    assert "- [x] Feature flags (30 min) *(private)*" in text, "private items are shown, marked"
    assert text.endswith("## Reflection\n\n**What I learned**\n\nFlags first")
    assert "Not reflected on yet" in session_markdown(replace(session, reflection=None), partnership)
