"""Acting on sessions against a real data file: materialize, list, skip, cancel, restore,
move, add ad hoc, and hold."""

from __future__ import annotations

import pytest

from companion.banks import load_banks
from companion.errors import CompanionError, ValidationError
from companion.holding import hold
from companion.models import Note, Section, Session, SessionState
from companion.notes import add_note
from companion.prepare import ensure_next_session, prepare_next
from companion.schedule import upcoming
from companion.sessions import (
    add_session,
    cancel_session,
    hold_session,
    is_session_time,
    listed_sessions,
    materialize,
    reschedule_session,
    restore_session,
    skip_session,
    stored_id,
    unrecorded,
)
from companion.store import Store
from tests.conftest import make_partnership
from tests.sessions_helpers import NOW, at, coming, sam, sessions

# --- materialize ---------------------------------------------------------------------------


def test_materialize_stores_a_cadence_session_once(onboarded: Store, data_dir):
    partnership = sam(onboarded)
    virtual = upcoming(partnership, [], NOW, 1)[0]
    assert virtual.id is None
    first = materialize(onboarded, partnership, virtual, NOW)
    assert first.id is not None and first.slot == first.scheduled_at == at("2026-11-24")
    assert first.created_at == NOW
    # The same slot, given as a session or as a datetime, is the same record.
    assert materialize(onboarded, partnership, virtual, NOW).id == first.id
    assert materialize(onboarded, partnership, at("2026-11-24"), NOW).id == first.id
    # Preparing the agenda finds it too, rather than storing a second one.
    assert ensure_next_session(onboarded, partnership, NOW).id == first.id
    assert [s.id for s in sessions(data_dir)] == [first.id]


def test_materialize_refuses_a_time_that_is_not_on_the_cadence(onboarded: Store, data_dir):
    with pytest.raises(CompanionError, match="not a session time of the cadence"):
        materialize(onboarded, sam(onboarded), at("2026-11-25"), NOW)
    assert sessions(data_dir) == []


def test_acting_on_a_session_only_planned_by_the_cadence_stores_it(onboarded: Store, data_dir):
    virtual = upcoming(sam(onboarded), [], NOW, 2)[1]  # next week's
    skip_session(onboarded, virtual, "Offsite", now=NOW)
    (stored,) = sessions(data_dir)
    assert stored.slot == at("2026-12-01") and stored.state is SessionState.SKIPPED


def test_a_stored_record_has_an_id_and_one_only_built_has_none(onboarded: Store):
    session = materialize(onboarded, sam(onboarded), at("2026-11-24"), NOW)
    assert stored_id(session) == session.id
    assert stored_id(sam(onboarded)) == 1
    with pytest.raises(CompanionError, match="partnership was never saved"):
        stored_id(make_partnership())


def test_is_session_time_is_exactly_a_time_of_the_cadence(onboarded: Store):
    assert is_session_time(sam(onboarded), at("2026-11-24"))
    assert not is_session_time(sam(onboarded), at("2026-11-24", "16:01"))
    assert not is_session_time(sam(onboarded), at("2026-11-25"))
    assert not is_session_time(sam(onboarded), at("2026-10-27")), "before the partnership started"


# --- the list of sessions ------------------------------------------------------------------


def test_the_list_shows_what_is_ahead_then_what_passed_newest_first(onboarded: Store):
    partnership = sam(onboarded)
    held = hold_session(onboarded, materialize(onboarded, partnership, at("2026-11-17"), NOW), now=NOW)
    skipped = skip_session(onboarded, materialize(onboarded, partnership, at("2026-12-01"), NOW), "Away", now=NOW)

    ahead, behind = listed_sessions(onboarded, partnership, NOW, upcoming=3, recent=10)

    assert [s.scheduled_at for s in ahead] == [at("2026-11-24"), at("2026-12-01"), at("2026-12-08"), at("2026-12-15")]
    assert ahead[1].id == skipped.id, "a skipped session still ahead stays listed, so it can be undone"
    assert [s.scheduled_at for s in behind] == [at("2026-11-17"), at("2026-11-10"), at("2026-11-03")]
    assert behind[0].id == held.id and [s.id for s in behind[1:]] == [None, None], "passed without a record"


def test_the_list_keeps_only_the_most_recent_stored_sessions(onboarded: Store):
    partnership = sam(onboarded)
    for day in ("2026-11-18", "2026-11-19", "2026-11-20"):
        hold_session(onboarded, add_session(onboarded, partnership, at(day, "12:00"), now=NOW), now=NOW)
    _, behind = listed_sessions(onboarded, partnership, NOW, upcoming=1, recent=2)
    assert [s.scheduled_at for s in behind if s.id is not None] == [
        at("2026-11-20", "12:00"),
        at("2026-11-19", "12:00"),
    ]


def test_unrecorded_cadence_times_are_those_of_the_last_four_weeks_that_are_over(onboarded: Store):
    partnership = sam(onboarded)
    kept = materialize(onboarded, partnership, at("2026-12-01"), NOW)
    now = at("2026-12-15", "16:30")  # today's session is still on
    found = unrecorded(partnership, [kept], now)
    assert [s.scheduled_at for s in found] == [at("2026-11-24"), at("2026-12-08")]
    assert all(s.id is None and s.slot == s.scheduled_at for s in found)
    assert at("2026-12-15") in [s.scheduled_at for s in unrecorded(partnership, [], at("2026-12-15", "17:00"))]


# --- skip, cancel, restore ----------------------------------------------------------------


@pytest.mark.parametrize("pauses", [True, False])
def test_skip_with_a_reason_with_and_without_pausing_the_streak(onboarded: Store, data_dir, pauses):
    session = materialize(onboarded, sam(onboarded), at("2026-11-24"), NOW)
    skip_session(onboarded, session.id, "  Holiday  ", pauses_streak=pauses, now=NOW)
    (stored,) = sessions(data_dir)
    assert stored.state is SessionState.SKIPPED
    assert stored.skip_reason == "Holiday"
    assert stored.pauses_streak is pauses
    assert coming(onboarded, sam(onboarded), NOW, 2) == [at("2026-12-01"), at("2026-12-08")]


def test_a_skip_needs_a_reason_and_a_planned_session(onboarded: Store, data_dir):
    session = materialize(onboarded, sam(onboarded), at("2026-11-24"), NOW)
    with pytest.raises(ValidationError) as caught:
        skip_session(onboarded, session.id, "   ", now=NOW)
    assert "reason" in caught.value.problems and "holiday" in caught.value.problems["reason"]
    assert sessions(data_dir)[0].state is SessionState.PLANNED
    hold_session(onboarded, session.id, now=at("2026-11-24", "17:00"))
    with pytest.raises(CompanionError, match="Only a planned session can be skipped"):
        skip_session(onboarded, session.id, "Sick", now=NOW)


def test_cancel_keeps_the_record_and_frees_nothing_and_restore_undoes_it(onboarded: Store, data_dir):
    session = materialize(onboarded, sam(onboarded), at("2026-11-24"), NOW)
    cancel_session(onboarded, session.id, "Sam is ill", now=NOW)
    (stored,) = sessions(data_dir)
    assert stored.state is SessionState.CANCELLED and stored.skip_reason == "Sam is ill"
    assert not stored.pauses_streak
    assert coming(onboarded, sam(onboarded), NOW, 1) == [at("2026-12-01")]
    restore_session(onboarded, session.id)
    assert sessions(data_dir)[0].state is SessionState.PLANNED and sessions(data_dir)[0].skip_reason == ""
    assert coming(onboarded, sam(onboarded), NOW, 1) == [at("2026-11-24")]
    with pytest.raises(CompanionError, match="was not skipped or cancelled"):
        restore_session(onboarded, session.id)


def test_cancelling_an_extra_session_takes_it_off_the_schedule(onboarded: Store):
    extra = add_session(onboarded, sam(onboarded), at("2026-11-26", "12:00"), now=NOW)
    assert coming(onboarded, sam(onboarded), NOW, 2) == [at("2026-11-24"), at("2026-11-26", "12:00")]
    cancel_session(onboarded, extra.id, now=NOW)
    assert coming(onboarded, sam(onboarded), NOW, 2) == [at("2026-11-24"), at("2026-12-01")]


# --- reschedule -----------------------------------------------------------------------------


def test_reschedule_moves_the_time_and_keeps_the_slot(onboarded: Store, data_dir):
    virtual = upcoming(sam(onboarded), [], NOW, 1)[0]
    moved = reschedule_session(onboarded, virtual, at("2026-11-26", "09:30"), now=NOW)
    (stored,) = sessions(data_dir)  # materialized, and nothing else stored
    assert stored.id == moved.id
    assert stored.scheduled_at == at("2026-11-26", "09:30")
    assert stored.slot == at("2026-11-24")
    # The original occurrence is not offered again.
    assert coming(Store(data_dir).open(), sam(onboarded), NOW, 3) == [
        at("2026-11-26", "09:30"),
        at("2026-12-01"),
        at("2026-12-08"),
    ]
    # Moving it again keeps the first slot.
    reschedule_session(onboarded, moved.id, at("2026-11-27", "11:00"), now=NOW)
    assert sessions(data_dir)[0].slot == at("2026-11-24")


def test_reschedule_refuses_the_past_clashes_and_sessions_already_held(onboarded: Store, data_dir):
    session = materialize(onboarded, sam(onboarded), at("2026-11-24"), NOW)
    with pytest.raises(ValidationError) as past:
        reschedule_session(onboarded, session.id, at("2026-11-23", "16:00"), now=NOW)
    assert "in the past" in past.value.problems["new_time"]
    with pytest.raises(ValidationError) as clash:
        reschedule_session(onboarded, session.id, at("2026-12-01"), now=NOW)  # next week's own time
    assert "already a session at Tue 1 Dec 2026 at 16:00" in clash.value.problems["new_time"]
    with pytest.raises(ValidationError, match="more than a year"):
        reschedule_session(onboarded, session.id, at("2028-01-04"), now=NOW)
    assert sessions(data_dir)[0].scheduled_at == at("2026-11-24")
    hold_session(onboarded, session.id, now=at("2026-11-24", "17:00"))
    with pytest.raises(CompanionError, match="Only a planned session can be moved"):
        reschedule_session(onboarded, session.id, at("2026-11-26"), now=NOW)


# --- ad hoc ------------------------------------------------------------------------------


def test_an_ad_hoc_session_is_next_when_it_is_the_earliest(onboarded: Store, data_dir):
    extra = add_session(onboarded, sam(onboarded), at("2026-11-24", "12:00"), now=NOW)
    assert extra.slot is None and extra.state is SessionState.PLANNED
    assert coming(Store(data_dir).open(), sam(onboarded), NOW, 3) == [
        at("2026-11-24", "12:00"),
        at("2026-11-24"),
        at("2026-12-01"),
    ]
    # A later extra session waits its turn behind the cadence.
    add_session(onboarded, sam(onboarded), at("2026-11-27", "09:00"), now=NOW)
    assert coming(onboarded, sam(onboarded), NOW, 4)[2] == at("2026-11-27", "09:00")


def test_an_ad_hoc_session_is_checked(onboarded: Store, data_dir):
    with pytest.raises(ValidationError) as on_cadence:
        add_session(onboarded, sam(onboarded), at("2026-12-01"), now=NOW)
    assert "already a session" in on_cadence.value.problems["when"]
    with pytest.raises(ValidationError) as bad:
        add_session(onboarded, sam(onboarded), at("2026-11-25"), duration_minutes=0, now=NOW)
    assert "1 to 480 minutes" in bad.value.problems["duration_minutes"]
    assert sessions(data_dir) == []
    # Recording an unplanned meeting after the fact is fine.
    past = add_session(onboarded, sam(onboarded), at("2026-11-20", "12:00"), duration_minutes=20, now=NOW)
    assert past.duration_minutes == 20


# --- holding a session -----------------------------------------------------------------------


def test_holding_alone_changes_the_session_and_not_the_notes(onboarded: Store, data_dir):
    # The session layer never reaches up into notes: `holding.hold` does both steps.
    note, _, _ = add_note(onboarded, "Ask how they review pull requests", NOW)
    prepared = prepare_next(onboarded, load_banks(), NOW)
    everything = {i.id for i in prepared.agenda.items}
    held = hold_session(onboarded, prepared.session.id, covered_item_ids=everything, now=NOW)
    assert held.state is SessionState.HELD and all(i.covered for i in held.agenda.items)
    assert Store(data_dir).open().get(Note, note.id).done_at is None
    hold(onboarded, prepared.session.id, covered_item_ids=everything, now=NOW)
    assert Store(data_dir).open().get(Note, note.id).done_at == at("2026-11-24")


def test_hold_ticks_covered_items_marks_notes_done_and_the_next_agenda_carries_the_rest(onboarded: Store, data_dir):
    banks = load_banks()
    talked, _, _ = add_note(onboarded, "Ask how they review pull requests", NOW)
    untouched, _, _ = add_note(onboarded, "Their favourite terminal tools", NOW)
    prepared = prepare_next(onboarded, banks, NOW)
    items = prepared.agenda.items
    leftover = next(i for i in items if i.source == "prompt" and i.section is Section.EXPLORE)
    note_item = {i.ref: i for i in items if i.source == "note"}
    covered = {i.id for i in items} - {leftover.id, note_item[str(untouched.id)].id}

    held = hold(onboarded, prepared.session.id, covered_item_ids=covered, now=NOW)

    assert held.state is SessionState.HELD
    assert held.held_at == at("2026-11-24") and held.duration_minutes == 45  # the defaults
    ticks = {i.id: i.covered for i in Store(data_dir).open().get(Session, held.id).agenda.items}
    assert ticks == {i.id: i.id in covered for i in items}
    notes = {n.id: n for n in Store(data_dir).open().all(Note)}
    assert notes[talked.id].done_at == at("2026-11-24") and notes[talked.id].session_id == held.id
    assert notes[untouched.id].done_at is None

    following = prepare_next(Store(data_dir).open(), banks, at("2026-11-25", "09:00"))
    assert following.session.scheduled_at == at("2026-12-01")
    carried = [i for i in following.agenda.items if i.section is Section.CARRY_OVER]
    assert any(i.source == "carried" and i.text == leftover.text and not i.covered for i in carried)
    assert [i.ref for i in carried if i.source == "note"] == [str(untouched.id)]


def test_hold_without_covered_ids_keeps_the_ticks_already_made(onboarded: Store, data_dir):
    prepared = prepare_next(onboarded, load_banks(), NOW)
    held = hold_session(onboarded, prepared.session, held_at=at("2026-11-24", "16:05"), duration_minutes=50, now=NOW)
    assert held.agenda == prepared.agenda
    assert (held.held_at, held.duration_minutes) == (at("2026-11-24", "16:05"), 50)


def test_hold_is_checked(onboarded: Store, data_dir):
    session = materialize(onboarded, sam(onboarded), at("2026-11-24"), NOW)
    with pytest.raises(ValidationError) as ahead:
        hold_session(onboarded, session.id, held_at=at("2026-11-25", "10:01"), now=NOW)
    assert "more than a day from now" in ahead.value.problems["held_at"]
    for minutes in (0, 481):
        with pytest.raises(ValidationError) as length:
            hold_session(onboarded, session.id, duration_minutes=minutes, now=NOW)
        assert f"1 to 480 minutes, not {minutes}" in length.value.problems["duration_minutes"]
    with pytest.raises(ValidationError) as unknown:
        hold_session(onboarded, session.id, covered_item_ids={"i99"}, now=NOW)
    assert "i99" in unknown.value.problems["covered_item_ids"]
    # A session next week cannot be held now: its scheduled time is the default.
    next_week = materialize(onboarded, sam(onboarded), at("2026-12-01"), NOW)
    with pytest.raises(ValidationError, match="actually took place"):
        hold_session(onboarded, next_week.id, now=NOW)
    assert {s.state for s in sessions(data_dir)} == {SessionState.PLANNED}
    # The edges of the allowed range are fine.
    assert (
        hold_session(onboarded, session.id, held_at=at("2026-11-25", "10:00"), duration_minutes=480, now=NOW).state
        is SessionState.HELD
    )
    assert hold_session(onboarded, session.id, duration_minutes=1, now=NOW).duration_minutes == 1


def test_a_skipped_session_cannot_be_held_until_restored(onboarded: Store):
    session = skip_session(onboarded, upcoming(sam(onboarded), [], NOW, 1)[0], "Sick", now=NOW)
    with pytest.raises(CompanionError, match="restore it first"):
        hold_session(onboarded, session.id, now=NOW)
    restore_session(onboarded, session.id)
    assert hold_session(onboarded, session.id, now=NOW).state is SessionState.HELD
