"""When a cadence meets (`companion.schedule`): weekly, fortnightly and monthly
occurrences (with a brute-force oracle for one cadence), cadence changes, and
daylight-saving time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.models import Cadence, Frequency, Partnership, SessionState
from companion.schedule import next_session, occurrences, upcoming
from companion.validation import make_cadence
from tests.conftest import make_partnership
from tests.depth import examples
from tests.schedule_helpers import NOW, at, weekly_tuesdays, when


def partnership_with(*cadences: Cadence, minutes: int = 45) -> Partnership:
    return make_partnership(id=1, cadences=list(cadences), start_date=cadences[0].since, session_minutes=minutes)


# --- weekly ----------------------------------------------------------------------------


def test_weekly_occurrences_in_a_half_open_window():
    found = occurrences(weekly_tuesdays(), at("2026-11-03"), at("2026-12-01"))
    # The start is included, the end is not.
    assert found == [at("2026-11-03"), at("2026-11-10"), at("2026-11-17"), at("2026-11-24")]


def test_weekly_occurrences_start_at_the_cadence_since():
    found = occurrences(weekly_tuesdays(), datetime(2026, 10, 1), datetime(2026, 11, 11))
    assert found == [at("2026-11-03"), at("2026-11-10")]


def test_weekly_next_session_is_today_at_16():
    session = next_session(weekly_tuesdays(), [], NOW)
    assert session is not None
    assert session.scheduled_at == at("2026-11-24")
    assert session.slot == session.scheduled_at
    assert session.state is SessionState.PLANNED
    assert session.partnership_id == 1
    assert session.id is None  # not stored: only planned by the cadence


def test_weekly_upcoming():
    assert when(upcoming(weekly_tuesdays(), [], NOW, 3)) == [
        at("2026-11-24"),
        at("2026-12-01"),
        at("2026-12-08"),
    ]


def test_upcoming_after_todays_session_starts_next_week():
    assert when(upcoming(weekly_tuesdays(), [], at("2026-11-24", "17:00"), 2)) == [
        at("2026-12-01"),
        at("2026-12-08"),
    ]


def test_upcoming_before_the_partnership_starts_offers_its_first_session():
    cadence = make_cadence(Frequency.WEEKLY, 3, time(9, 0), date(2027, 1, 4))
    assert when(upcoming(partnership_with(cadence), [], NOW, 2)) == [
        at("2027-01-07", "09:00"),
        at("2027-01-14", "09:00"),
    ]


# --- fortnightly -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "since, expected",
    [
        ("2026-11-03", ["2026-11-03", "2026-11-17", "2026-12-01", "2026-12-15", "2026-12-29"]),
        ("2026-11-10", ["2026-11-10", "2026-11-24", "2026-12-08", "2026-12-22"]),
    ],
)
def test_fortnightly_is_anchored_to_the_cadence_since(since, expected):
    cadence = make_cadence(Frequency.FORTNIGHTLY, 1, time(16, 0), date.fromisoformat(since))
    found = occurrences(partnership_with(cadence), datetime(2026, 11, 1), datetime(2026, 12, 31))
    assert found == [at(day) for day in expected]


@pytest.mark.parametrize(
    "since, weekday, expected",
    [
        # Started on a Sunday, meeting on Mondays: the very next day is the first session.
        ("2026-11-29", 0, ["2026-11-30", "2026-12-14", "2026-12-28"]),
        # Started on a Wednesday, meeting on Tuesdays: six days later, then every other week.
        ("2026-11-04", 1, ["2026-11-10", "2026-11-24", "2026-12-08", "2026-12-22"]),
        # Started on a Tuesday, meeting on Thursdays.
        ("2026-11-24", 3, ["2026-11-26", "2026-12-10", "2026-12-24"]),
    ],
)
def test_fortnightly_first_session_is_the_first_meeting_day_on_or_after_since(since, weekday, expected):
    cadence = make_cadence(Frequency.FORTNIGHTLY, weekday, time(16, 0), date.fromisoformat(since))
    partnership = partnership_with(cadence)
    found = occurrences(partnership, datetime(2026, 11, 1), datetime(2026, 12, 31))
    assert found == [at(day) for day in expected]


def test_fortnightly_next_session_and_upcoming():
    cadence = make_cadence(Frequency.FORTNIGHTLY, 1, time(16, 0), date(2026, 11, 17))
    partnership = partnership_with(cadence)
    # Today (24 Nov) is the off week.
    assert next_session(partnership, [], NOW).scheduled_at == at("2026-12-01")
    assert when(upcoming(partnership, [], NOW, 3)) == [at("2026-12-01"), at("2026-12-15"), at("2026-12-29")]


# --- monthly ---------------------------------------------------------------------------


def test_monthly_first_tuesday():
    cadence = make_cadence(Frequency.MONTHLY, 1, time(16, 0), date(2026, 11, 3))
    assert cadence.week_of_month == 1
    partnership = partnership_with(cadence)
    assert occurrences(partnership, datetime(2026, 11, 1), datetime(2027, 3, 31)) == [
        at("2026-11-03"),
        at("2026-12-01"),
        at("2027-01-05"),
        at("2027-02-02"),
        at("2027-03-02"),
    ]
    assert next_session(partnership, [], NOW).scheduled_at == at("2026-12-01")


def test_monthly_last_tuesday():
    cadence = Cadence(frequency=Frequency.MONTHLY, weekday=1, at=time(18, 0), since=date(2026, 11, 1), week_of_month=-1)
    partnership = partnership_with(cadence)
    assert occurrences(partnership, datetime(2026, 11, 1), datetime(2027, 4, 1)) == [
        at("2026-11-24", "18:00"),
        at("2026-12-29", "18:00"),
        at("2027-01-26", "18:00"),
        at("2027-02-23", "18:00"),
        at("2027-03-30", "18:00"),
    ]
    assert next_session(partnership, [], NOW).scheduled_at == at("2026-11-24", "18:00")
    assert when(upcoming(partnership, [], at("2026-11-24", "19:00"), 2)) == [
        at("2026-12-29", "18:00"),
        at("2027-01-26", "18:00"),
    ]


def test_monthly_from_the_31st_of_january_in_a_leap_year():
    # Started on 31 January 2028: "the last Tuesday" — 29 February exists in 2028.
    tuesdays = make_cadence(Frequency.MONTHLY, 1, time(18, 0), date(2028, 1, 31), week_of_month=-1)
    assert occurrences(partnership_with(tuesdays), datetime(2028, 1, 1), datetime(2028, 6, 1)) == [
        at("2028-02-29", "18:00"),  # last Tuesday of January (25th) is before the start
        at("2028-03-28", "18:00"),
        at("2028-04-25", "18:00"),
        at("2028-05-30", "18:00"),
    ]
    # 31 January 2028 is itself a Monday: "the last Monday" starts that day.
    mondays = make_cadence(Frequency.MONTHLY, 0, time(18, 0), date(2028, 1, 31))
    assert occurrences(partnership_with(mondays), datetime(2028, 1, 1), datetime(2028, 6, 1)) == [
        at("2028-01-31", "18:00"),
        at("2028-02-28", "18:00"),
        at("2028-03-27", "18:00"),
        at("2028-04-24", "18:00"),
        at("2028-05-29", "18:00"),
    ]


def test_monthly_fourth_weekday_in_february():
    cadence = make_cadence(Frequency.MONTHLY, 1, time(18, 0), date(2028, 1, 25))
    assert cadence.week_of_month == 4
    assert occurrences(partnership_with(cadence), datetime(2028, 1, 1), datetime(2028, 4, 1)) == [
        at("2028-01-25", "18:00"),
        at("2028-02-22", "18:00"),
        at("2028-03-28", "18:00"),
    ]


def test_monthly_meets_exactly_once_a_month_through_a_leap_year():
    cadence = Cadence(frequency=Frequency.MONTHLY, weekday=4, at=time(12, 0), since=date(2028, 1, 1), week_of_month=-1)
    found = occurrences(partnership_with(cadence), datetime(2028, 1, 1), datetime(2029, 1, 1))
    assert [moment.month for moment in found] == list(range(1, 13))
    for moment in found:
        assert moment.weekday() == 4
        assert (moment + timedelta(days=7)).month != moment.month  # the last Friday


# --- a brute-force oracle for one cadence ----------------------------------------------


def oracle(cadence: Cadence, start: date, end: date) -> list[datetime]:
    """Occurrences by walking the calendar day by day (the rules, stated plainly)."""
    days = []
    day = cadence.since
    while day < end:
        if day.weekday() == cadence.weekday:
            if cadence.frequency is Frequency.WEEKLY:
                days.append(day)
            elif cadence.frequency is Frequency.FORTNIGHTLY:
                if not days or (day - days[-1]).days == 14:
                    days.append(day)
            else:
                same_month = [
                    d
                    for d in (date(day.year, day.month, n) for n in range(1, 32) if _valid(day.year, day.month, n))
                    if d.weekday() == cadence.weekday
                ]
                nth = cadence.week_of_month or 1
                if day == same_month[nth - 1 if nth > 0 else -1]:
                    days.append(day)
        day += timedelta(days=1)
    return [datetime.combine(d, cadence.at) for d in days if d >= start]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@settings(max_examples=examples(150), deadline=None)
@given(
    frequency=st.sampled_from(list(Frequency)),
    weekday=st.integers(0, 6),
    since=st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31)),
    offset=st.integers(-30, 900),
    clock=st.sampled_from([time(0, 0), time(9, 30), time(18, 0), time(23, 45)]),
)
def test_property_single_cadence_matches_the_oracle(frequency, weekday, since, offset, clock):
    cadence = make_cadence(frequency, weekday, clock, since)
    start = since + timedelta(days=offset)
    end = start + timedelta(days=120)
    partnership = partnership_with(cadence)
    expected = oracle(cadence, start, end)
    assert occurrences(partnership, datetime.combine(start, time()), datetime.combine(end, time())) == expected
    # The next session from any moment is the first occurrence not yet over.
    now = datetime.combine(start, time(12, 0))
    following = [
        m
        for m in oracle(cadence, start - timedelta(days=1), end + timedelta(days=70))
        if m + timedelta(minutes=45) >= now
    ]
    found = next_session(partnership, [], now)
    assert found is not None and found.scheduled_at == following[0]


# --- cadence changes -------------------------------------------------------------------


def changed_partnership() -> tuple[Partnership, Partnership]:
    """Before: Tuesdays 16:00 from 3 Nov. After: also Thursdays 18:00 from Mon 7 Dec on."""
    before = weekly_tuesdays()
    after = weekly_tuesdays()
    after.cadences.append(make_cadence(Frequency.WEEKLY, 3, time(18, 0), date(2026, 12, 7)))
    return before, after


def test_a_cadence_change_leaves_earlier_occurrences_alone():
    before, after = changed_partnership()
    window = (datetime(2026, 11, 1), datetime(2026, 12, 7))
    assert occurrences(after, *window) == occurrences(before, *window)
    assert occurrences(after, *window)[-1] == at("2026-12-01")


def test_a_cadence_change_applies_from_its_since_on():
    _, after = changed_partnership()
    assert occurrences(after, datetime(2026, 11, 20), datetime(2026, 12, 25)) == [
        at("2026-11-24"),
        at("2026-12-01"),
        at("2026-12-10", "18:00"),
        at("2026-12-17", "18:00"),
        at("2026-12-24", "18:00"),
    ]


def test_upcoming_before_a_future_cadence_change_still_offers_the_old_cadence():
    # Today is before the change: today's and next week's Tuesday sessions still happen.
    _, after = changed_partnership()
    assert next_session(after, [], NOW).scheduled_at == at("2026-11-24")
    assert when(upcoming(after, [], NOW, 4)) == [
        at("2026-11-24"),
        at("2026-12-01"),
        at("2026-12-10", "18:00"),
        at("2026-12-17", "18:00"),
    ]


def test_upcoming_after_a_cadence_change_uses_the_new_cadence():
    _, after = changed_partnership()
    assert when(upcoming(after, [], at("2026-12-08", "09:00"), 2)) == [
        at("2026-12-10", "18:00"),
        at("2026-12-17", "18:00"),
    ]


def test_three_cadences_each_apply_in_their_own_window():
    partnership = weekly_tuesdays()
    partnership.cadences.append(make_cadence(Frequency.FORTNIGHTLY, 3, time(18, 0), date(2026, 12, 1)))
    partnership.cadences.append(make_cadence(Frequency.MONTHLY, 0, time(9, 0), date(2027, 1, 4)))
    found = occurrences(partnership, datetime(2026, 11, 15), datetime(2027, 3, 15))
    assert found == [
        at("2026-11-17"),
        at("2026-11-24"),
        at("2026-12-03", "18:00"),
        at("2026-12-17", "18:00"),
        at("2026-12-31", "18:00"),
        at("2027-01-04", "09:00"),
        at("2027-02-01", "09:00"),
        at("2027-03-01", "09:00"),
    ]
    assert when(upcoming(partnership, [], NOW, 6)) == found[1:7]


# --- daylight saving time ------------------------------------------------------------------


@pytest.mark.parametrize("weekday", [1, 6])  # Tuesdays, and Sundays (the change itself is on a Sunday)
def test_weekly_18_00_stays_at_18_00_across_the_dst_change(berlin_time, weekday):
    cadence = make_cadence(Frequency.WEEKLY, weekday, time(18, 0), date(2026, 10, 1))
    partnership = partnership_with(cadence)
    found = occurrences(partnership, datetime(2026, 10, 10), datetime(2026, 11, 10))
    assert len(found) >= 4
    assert all(m.tzinfo is None and m.time() == time(18, 0) and m.weekday() == weekday for m in found)
    assert all(b - a == timedelta(days=7) for a, b in zip(found, found[1:]))
    assert found[0] < datetime(2026, 10, 25) < found[-1]
    # From the Saturday before the change, the next sessions are still at 18:00 local time.
    upcoming_ones = upcoming(partnership, [], datetime(2026, 10, 24, 20, 0), 3)
    assert [s.scheduled_at.time() for s in upcoming_ones] == [time(18, 0)] * 3
    assert upcoming_ones[0].scheduled_at.date() == (date(2026, 10, 25) if weekday == 6 else date(2026, 10, 27))


def test_the_sunday_of_the_dst_change_keeps_its_session(berlin_time):
    cadence = make_cadence(Frequency.WEEKLY, 6, time(18, 0), date(2026, 10, 1))
    session = next_session(partnership_with(cadence), [], datetime(2026, 10, 25, 9, 0))
    assert session.scheduled_at == datetime(2026, 10, 25, 18, 0)
