"""The first session of a new cadence: a monthly one meets on the first matching day from
its start, and when the chosen week's day this month is already past, the preview says
so and how to meet sooner (companion/cadences.py, companion/validation.make_cadence)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from companion import schedule
from companion.cadences import first_meeting, first_meeting_words, skipped_words
from companion.models import Frequency
from companion.schedule import nth_weekday
from companion.validation import make_cadence
from tests.depth import examples

AT = time(16, 0)


def first_on_cadence(cadence, now: datetime) -> datetime:
    start = max(now, datetime.combine(cadence.since, time()))
    found = schedule.cadence_rule(cadence).after(start, inc=True)
    assert found is not None
    return found


def is_in_week(day: date, week: int) -> bool:
    """Whether `day` is the `week`-th (or with -1 the last) of its weekday in its month."""
    if week == -1:
        return (day + timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 == week


def matching_days(weekday: int, week: int | None, start: date):
    day = start + timedelta(days=(weekday - start.weekday()) % 7)
    while True:
        if week is None or is_in_week(day, week):
            yield day
        day += timedelta(days=7)


@settings(max_examples=examples(300), deadline=None)
@given(
    since=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    weekday=st.integers(0, 6),
    week=st.sampled_from([None, 1, 2, 3, 4, -1]),
)
def test_a_monthly_cadence_first_meets_on_the_first_matching_day_from_its_start(since, weekday, week):
    cadence = make_cadence(Frequency.MONTHLY, weekday, AT, since, week)
    first = first_on_cadence(cadence, datetime.combine(since, time()))
    # With a week given, the first day of that week on or after the start; with none, the
    # first such weekday at all: never a later month while this month's is still ahead.
    assert first.date() == next(matching_days(weekday, week, since))
    assert first.time() == AT


def test_mon_30_nov_2026_on_tuesdays_first_meets_on_tue_1_dec():
    now = datetime(2026, 11, 30, 9, 0)
    cadence = make_cadence(Frequency.MONTHLY, 1, AT, now.date())
    meeting = first_meeting(cadence, first_on_cadence(cadence, now), now)
    assert first_meeting_words(meeting) == "Tue 1 Dec 2026 at 16:00, the first Tuesday of December"
    assert meeting.passed == date(2026, 11, 3), "November's first Tuesday is gone..."
    assert skipped_words(meeting) is None, "...but Tue 1 Dec is the next Tuesday: nothing to correct"


def test_a_chosen_week_already_past_says_so_and_how_to_meet_sooner():
    now = datetime(2026, 11, 30, 9, 0)
    last = make_cadence(Frequency.MONTHLY, 1, AT, now.date(), week_of_month=-1)
    meeting = first_meeting(last, first_on_cadence(last, now), now)
    assert first_meeting_words(meeting) == "Tue 29 Dec 2026 at 16:00, the last Tuesday of December"
    assert skipped_words(meeting) == (
        "The last Tuesday of November (Tue 24 Nov) has passed, so the first session is in "
        "December. To meet sooner, choose the first week (Tue 1 Dec)."
    )


def test_a_later_start_date_can_be_moved_back_to_keep_this_months_day():
    now = datetime(2026, 11, 2, 9, 0)
    second = make_cadence(Frequency.MONTHLY, 1, AT, date(2026, 11, 12), week_of_month=2)  # Tue 10 Nov
    meeting = first_meeting(second, first_on_cadence(second, now), now)
    assert meeting.when == datetime(2026, 12, 8, 16, 0)
    assert skipped_words(meeting) == (
        "The second Tuesday of November (Tue 10 Nov) is before the start date, so the first session is in "
        "December. To meet sooner, choose the third week (Tue 17 Nov) or start on Tue 10 Nov or before."
    )


def test_a_session_time_already_gone_today_counts_as_past():
    now = datetime(2026, 12, 1, 17, 0)  # Tue 1 Dec, after 16:00
    first = make_cadence(Frequency.MONTHLY, 1, AT, now.date(), week_of_month=1)
    meeting = first_meeting(first, first_on_cadence(first, now), now)
    assert meeting.when == datetime(2027, 1, 5, 16, 0)
    assert skipped_words(meeting) == (
        "The first Tuesday of December (Tue 1 Dec) has passed, so the first session is in January. "
        "To meet sooner, choose the second week (Tue 8 Dec)."
    )


def test_nothing_is_said_when_the_first_session_is_this_months_or_weekly():
    now = datetime(2026, 11, 2, 9, 0)
    third = make_cadence(Frequency.MONTHLY, 1, AT, now.date(), week_of_month=3)
    meeting = first_meeting(third, first_on_cadence(third, now), now)
    assert skipped_words(meeting) is None
    assert first_meeting_words(meeting) == "Tue 17 Nov 2026 at 16:00, the third Tuesday of November"
    weekly = make_cadence(Frequency.WEEKLY, 1, AT, now.date())
    meeting = first_meeting(weekly, first_on_cadence(weekly, now), now)
    assert (first_meeting_words(meeting), skipped_words(meeting)) == ("Tue 3 Nov 2026 at 16:00", None)


@given(month=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), weekday=st.integers(0, 6))
def test_nth_weekday_agrees_with_the_calendar(month, weekday):
    for week in (1, 2, 3, 4, -1):
        day = nth_weekday(month, weekday, week)
        assert (day.year, day.month, day.weekday()) == (month.year, month.month, weekday)
        assert is_in_week(day, week)
