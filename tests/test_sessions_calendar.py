"""Sessions against a real data file across the calendar's edges (month ends, daylight
saving changes, leap years), and changing the cadence without rewriting history."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from companion.cadences import change_cadence
from companion.errors import ValidationError
from companion.models import Cadence, Frequency, Partnership, SessionState
from companion.schedule import occurrences, upcoming
from companion.sessions import hold_session, materialize, reschedule_session, skip_session
from companion.store import Store
from companion.validation import make_cadence
from tests.conftest import make_partnership
from tests.sessions_helpers import NOW, at, coming, sam, sessions


def with_cadence(store: Store, cadence: Cadence, minutes: int = 45) -> Partnership:
    """A partnership stored with one cadence (in an empty data file it gets id 1)."""
    return store.add(make_partnership(cadences=[cadence], start_date=cadence.since, session_minutes=minutes))


# --- across month ends, DST changes and leap years -------------------------------------------


def test_month_end_skip_moves_the_next_session_into_the_new_year(store: Store, data_dir):
    partnership = with_cadence(store, make_cadence(Frequency.WEEKLY, 1, time(16, 0), date(2026, 11, 3)))
    now = at("2026-12-28", "09:00")
    skip_session(store, materialize(store, partnership, at("2026-12-29"), now), "Holidays", pauses_streak=True, now=now)
    assert coming(store, partnership, now, 2) == [at("2027-01-05"), at("2027-01-12")]


def test_monthly_last_friday_across_month_ends_with_a_moved_session(store: Store, data_dir):
    cadence = Cadence(frequency=Frequency.MONTHLY, weekday=4, at=time(18, 0), since=date(2026, 11, 1), week_of_month=-1)
    partnership = with_cadence(store, cadence)
    now = at("2027-01-20", "09:00")
    assert coming(store, partnership, now, 3) == [
        at("2027-01-29", "18:00"),
        at("2027-02-26", "18:00"),
        at("2027-03-26", "18:00"),
    ]
    # The January session moves into February; February's own session still follows.
    reschedule_session(store, upcoming(partnership, [], now, 1)[0], at("2027-02-01", "18:00"), now=now)
    assert coming(store, partnership, now, 3) == [
        at("2027-02-01", "18:00"),
        at("2027-02-26", "18:00"),
        at("2027-03-26", "18:00"),
    ]
    assert sessions(data_dir)[0].slot == at("2027-01-29", "18:00")


def test_leap_day_monthly_session_can_be_skipped(store: Store, data_dir):
    # "The last Tuesday" from 31 January 2028: 29 February 2028 is one.
    partnership = with_cadence(store, make_cadence(Frequency.MONTHLY, 1, time(18, 0), date(2028, 1, 31), -1))
    now = at("2028-02-20", "09:00")
    assert coming(store, partnership, now, 1) == [at("2028-02-29", "18:00")]
    skip_session(store, upcoming(partnership, [], now, 1)[0], "Leave", now=now)
    assert sessions(data_dir)[0].slot == at("2028-02-29", "18:00")
    assert coming(store, partnership, now, 2) == [at("2028-03-28", "18:00"), at("2028-04-25", "18:00")]


def test_leap_day_cadence_change_to_a_monthly_last_tuesday(store: Store):
    partnership = with_cadence(store, make_cadence(Frequency.WEEKLY, 3, time(9, 0), date(2028, 1, 6)))
    now = at("2028-02-29", "08:00")  # a Tuesday, the 5th of the month: "the last Tuesday"
    change = change_cadence(store, partnership.id, frequency="monthly", weekday="tuesday", at="18:00", now=now)
    assert change.cadence.since == date(2028, 2, 29) and change.cadence.week_of_month == -1
    assert coming(store, partnership, now, 3) == [
        at("2028-02-29", "18:00"),
        at("2028-03-28", "18:00"),
        at("2028-04-25", "18:00"),
    ]
    # Earlier Thursdays are untouched.
    assert occurrences(change.partnership, at("2028-02-01", "00:00"), at("2028-02-29", "00:00"))[-1] == at(
        "2028-02-24", "09:00"
    )


@pytest.mark.parametrize("change_day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_sessions_stay_at_18_00_local_across_dst_changes(berlin_time, store: Store, data_dir, change_day):
    # Sundays at 18:00: the change itself happens on a Sunday.
    partnership = with_cadence(store, make_cadence(Frequency.WEEKLY, 6, time(18, 0), date(2026, 1, 4)))
    saturday = datetime.combine(change_day - timedelta(days=1), time(12, 0))
    on_the_day = datetime.combine(change_day, time(18, 0))
    assert coming(store, partnership, saturday, 3) == [on_the_day + timedelta(days=7 * n) for n in range(3)]
    held = hold_session(store, upcoming(partnership, [], saturday, 1)[0], now=on_the_day + timedelta(hours=1))
    next_week = reschedule_session(
        store, upcoming(partnership, [held], saturday, 1)[0], on_the_day + timedelta(days=8), now=saturday
    )
    stored = sessions(data_dir)  # read back from disk
    assert [(s.scheduled_at, s.slot) for s in stored] == [
        (on_the_day, on_the_day),
        (on_the_day + timedelta(days=8), on_the_day + timedelta(days=7)),
    ]
    assert all(s.scheduled_at.tzinfo is None and s.scheduled_at.time() == time(18, 0) for s in stored)
    assert stored[0].held_at == on_the_day and next_week.scheduled_at.time() == time(18, 0)
    assert coming(store, partnership, on_the_day + timedelta(hours=1), 2) == [
        on_the_day + timedelta(days=8),
        on_the_day + timedelta(days=14),
    ]


# --- changing the cadence ------------------------------------------------------------------


def test_a_cadence_change_keeps_history_and_leaves_stored_sessions_alone(onboarded: Store, data_dir):
    before = sam(onboarded)
    history = occurrences(before, at("2026-11-01", "00:00"), at("2026-11-24", "00:00"))
    held = hold_session(onboarded, materialize(onboarded, before, at("2026-11-17"), NOW), now=NOW)
    prepared = materialize(onboarded, before, at("2026-12-01"), NOW)  # an agenda was prepared early
    stored_before = Store(data_dir).open().docs("sessions")

    change = change_cadence(onboarded, before.id, frequency="weekly", weekday="thursday", at="18:00", now=NOW)

    after = Store(data_dir).open().get(Partnership, before.id)
    assert after.cadences[0] == before.cadences[0]  # never edited
    assert after.cadences[1] == change.cadence and change.cadence.since == date(2026, 11, 24)
    assert occurrences(after, at("2026-11-01", "00:00"), at("2026-11-24", "00:00")) == history
    assert occurrences(after, at("2026-11-24", "00:00"), at("2026-12-11", "00:00")) == [
        at("2026-11-26", "18:00"),
        at("2026-12-03", "18:00"),
        at("2026-12-10", "18:00"),
    ]
    assert Store(data_dir).open().docs("sessions") == stored_before
    # The planned session from the old cadence is left alone, and reported.
    assert [s.id for s in change.orphans] == [prepared.id] and not change.cancelled
    assert coming(onboarded, after, NOW, 3) == [at("2026-11-26", "18:00"), at("2026-12-01"), at("2026-12-03", "18:00")]
    assert held.id not in {s.id for s in change.orphans}


def test_a_cadence_change_can_cancel_planned_sessions_the_new_cadence_does_not_have(onboarded: Store, data_dir):
    prepared = materialize(onboarded, sam(onboarded), at("2026-12-01"), NOW)
    change = change_cadence(
        onboarded, 1, frequency=Frequency.FORTNIGHTLY, weekday=3, at=time(18, 0), cancel_orphans=True, now=NOW
    )
    (cancelled,) = change.orphans
    assert cancelled.id == prepared.id and cancelled.state is SessionState.CANCELLED
    assert "every other Thursday at 18:00" in cancelled.skip_reason
    assert coming(onboarded, sam(onboarded), NOW, 2) == [at("2026-11-26", "18:00"), at("2026-12-10", "18:00")]


def test_a_cadence_change_after_todays_session_time_starts_tomorrow(onboarded: Store):
    evening = at("2026-11-24", "17:00")
    change = change_cadence(onboarded, 1, frequency="weekly", weekday="wednesday", at="12:00", now=evening)
    assert change.cadence.since == date(2026, 11, 25)
    # Today's 16:00 occurrence is still history.
    assert occurrences(change.partnership, at("2026-11-24", "00:00"), evening) == [at("2026-11-24")]
    assert coming(onboarded, sam(onboarded), evening, 1) == [at("2026-11-25", "12:00")]


def test_a_cadence_change_is_checked(onboarded: Store, data_dir):
    with pytest.raises(ValidationError) as bad:
        change_cadence(onboarded, 1, frequency="daily", weekday="someday", at="25:00", now=NOW)
    assert set(bad.value.problems) == {"frequency", "weekday", "at"}
    with pytest.raises(ValidationError) as past:
        change_cadence(onboarded, 1, frequency="weekly", weekday=3, at="18:00", since=date(2026, 11, 20), now=NOW)
    assert "cannot start in the past" in past.value.problems["since"]
    with pytest.raises(ValidationError) as passed:
        change_cadence(
            onboarded,
            1,
            frequency="weekly",
            weekday=3,
            at="18:00",
            since=date(2026, 11, 24),
            now=at("2026-11-24", "17:00"),
        )
    assert "16:00" in passed.value.problems["since"] and "tomorrow" in passed.value.problems["since"]
    assert len(sam(onboarded).cadences) == 1
    change_cadence(onboarded, 1, frequency="weekly", weekday=3, at="18:00", since=date(2027, 1, 4), now=NOW)
    with pytest.raises(ValidationError, match="already set"):
        change_cadence(onboarded, 1, frequency="weekly", weekday=4, at="18:00", since=date(2026, 12, 1), now=NOW)
    assert len(Store(data_dir).open().get(Partnership, 1).cadences) == 2
