"""Which session is next (`companion.schedule`): stored sessions filling cadence slots
(skipped, moved, ad hoc, another partnership's), a session still in progress, and the
names the module offers."""

from __future__ import annotations

from datetime import datetime

import pytest

from companion import schedule
from companion.models import Session, SessionState
from companion.schedule import next_session, upcoming
from tests.conftest import make_partnership
from tests.schedule_helpers import NOW, at, weekly_tuesdays, when

# --- stored sessions fill cadence slots --------------------------------------------------


def stored(scheduled: datetime, slot: datetime | None, state: SessionState, **extra) -> Session:
    return Session(
        id=extra.pop("id", 7),
        partnership_id=extra.pop("partnership_id", 1),
        scheduled_at=scheduled,
        slot=slot,
        state=state,
        **extra,
    )


@pytest.mark.parametrize("state", [SessionState.SKIPPED, SessionState.CANCELLED, SessionState.HELD])
def test_a_stored_session_in_a_slot_hides_that_occurrence(state):
    today = at("2026-11-24")
    sessions = [stored(today, today, state, skip_reason="Offsite" if state is SessionState.SKIPPED else "")]
    assert next_session(weekly_tuesdays(), sessions, NOW).scheduled_at == at("2026-12-01")
    assert when(upcoming(weekly_tuesdays(), sessions, NOW, 2)) == [at("2026-12-01"), at("2026-12-08")]


def test_a_rescheduled_session_takes_the_place_of_its_slot():
    moved = stored(at("2026-12-02", "18:00"), at("2026-12-01"), SessionState.PLANNED, id=9)
    found = upcoming(weekly_tuesdays(), [moved], NOW, 3)
    assert when(found) == [at("2026-11-24"), at("2026-12-02", "18:00"), at("2026-12-08")]
    assert found[1].id == 9
    assert at("2026-12-01") not in when(upcoming(weekly_tuesdays(), [moved], NOW, 10))


def test_a_session_moved_earlier_fills_its_slot():
    moved = stored(at("2026-11-23", "12:00"), at("2026-11-24"), SessionState.PLANNED)
    # Yesterday's moved session is over; today's slot is filled by it.
    assert next_session(weekly_tuesdays(), [moved], NOW).scheduled_at == at("2026-12-01")
    moved_later_today = stored(at("2026-11-24", "11:00"), at("2026-11-24"), SessionState.PLANNED)
    assert when(upcoming(weekly_tuesdays(), [moved_later_today], NOW, 2)) == [
        at("2026-11-24", "11:00"),
        at("2026-12-01"),
    ]


def test_an_ad_hoc_session_sits_between_cadence_occurrences():
    extra = stored(at("2026-11-26", "12:00"), None, SessionState.PLANNED)
    assert when(upcoming(weekly_tuesdays(), [extra], NOW, 3)) == [
        at("2026-11-24"),
        at("2026-11-26", "12:00"),
        at("2026-12-01"),
    ]


def test_another_partnerships_sessions_do_not_fill_slots():
    other = stored(at("2026-11-24"), at("2026-11-24"), SessionState.SKIPPED, partnership_id=2)
    assert next_session(weekly_tuesdays(), [other], NOW).scheduled_at == at("2026-11-24")
    assert next_session(weekly_tuesdays(), [other], NOW).id is None


def test_a_skipped_slot_in_the_store_hides_the_occurrence(onboarded):
    # The same rule, end to end through a real data file.
    from companion.summary import snapshot

    partnership_id = snapshot(onboarded, NOW).partnership.id
    onboarded.add(
        Session(
            partnership_id=partnership_id,
            scheduled_at=at("2026-11-24"),
            slot=at("2026-11-24"),
            state=SessionState.SKIPPED,
            skip_reason="Release week",
        )
    )
    assert snapshot(onboarded, NOW).next_session.scheduled_at == at("2026-12-01")


# --- sessions in progress ------------------------------------------------------------------


def test_a_session_in_progress_is_still_next():
    ten_past = at("2026-11-24", "16:10")
    session = next_session(weekly_tuesdays(), [], ten_past)
    assert session.scheduled_at == at("2026-11-24")
    assert next_session(weekly_tuesdays(), [], at("2026-11-24", "16:44")).scheduled_at == at("2026-11-24")


def test_a_session_is_no_longer_next_once_its_time_box_has_passed():
    assert next_session(weekly_tuesdays(), [], at("2026-11-24", "16:46")).scheduled_at == at("2026-12-01")


def test_a_longer_partnership_keeps_its_session_next_for_longer():
    partnership = make_partnership(id=1, session_minutes=90)
    assert next_session(partnership, [], at("2026-11-24", "17:20")).scheduled_at == at("2026-11-24")


def test_a_stored_session_in_progress_uses_its_own_duration():
    long_one = stored(at("2026-11-24"), at("2026-11-24"), SessionState.PLANNED, duration_minutes=90)
    assert next_session(weekly_tuesdays(), [long_one], at("2026-11-24", "17:20")).id == 7
    assert next_session(weekly_tuesdays(), [long_one], at("2026-11-24", "17:31")).scheduled_at == at("2026-12-01")


def test_schedule_module_exposes_the_documented_functions():
    # The CLI and dashboard import these names.
    for name in ("occurrences", "next_occurrence", "upcoming", "next_session", "cadence_rule"):
        assert callable(getattr(schedule, name))


def test_sessions_near_are_the_planned_ones_and_those_filling_a_recent_or_later_slot(tmp_path):
    """`sessions_near` reads kept indexes (planned ids, slot order); it must find what a
    pass over every stored session finds, moved and planned ones far off included."""
    from datetime import timedelta

    from companion.demo import write_dataset
    from companion.partnerships import require_partnership
    from companion.sessions import materialize, reschedule_session, sessions_near, timeline
    from companion.store import Store

    write_dataset(tmp_path, sessions=40, seed=3, now=NOW)
    store = Store(tmp_path).open()
    partnership = require_partnership(store)
    occurrence = upcoming(partnership, [], NOW, 12)[-1].scheduled_at
    far_off = materialize(store, partnership, occurrence, NOW)
    reschedule_session(store, far_off.id, occurrence + timedelta(days=40, hours=2), NOW)
    for now in (NOW - timedelta(days=200), NOW, NOW + timedelta(days=120)):  # the last: after its slot
        since = (now - timedelta(days=2)).isoformat(timespec="seconds")
        expected = sorted(
            doc_id
            for _, doc_id, pid, state, slot in timeline(store)
            if pid == partnership.id and (state == "planned" or slot >= since)
        )
        assert [session.id for session in sessions_near(store, partnership, now)] == expected
        assert far_off.id in expected
