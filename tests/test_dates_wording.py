"""Dates in words: why a typed day does not exist, what `next friday` means, the line shown
beside a date field while it is typed, and a session named in a sentence."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from companion.dates import (
    NOT_A_DATE_YET,
    DateInputError,
    date_preview,
    date_time_preview,
    parse_date,
    parse_date_time,
    session_named,
)

TUESDAY = date(2026, 11, 24)
THURSDAY = date(2026, 11, 26)
SATURDAY = date(2026, 11, 28)


# --- a day that does not exist says why ----------------------------------------------------


@pytest.mark.parametrize(
    "text, today, reason",
    [
        ("29 Feb 2027", TUESDAY, "2027 is not a leap year, so February has 28 days"),
        ("2027-02-29", TUESDAY, "2027 is not a leap year"),
        # Without a year: the February meant is the nearest one, February 2027.
        ("29 feb", TUESDAY, "2027 is not a leap year"),
        ("30 Feb", TUESDAY, "February has at most 29 days"),
        ("2026-02-30", TUESDAY, "February has at most 29 days"),
        ("31 Apr", TUESDAY, "April has 30 days"),
        ("32 Dec", TUESDAY, "December has 31 days"),
        ("0 Dec", TUESDAY, "days of the month start at 1"),
        ("2026-13-01", TUESDAY, "there is no month 13"),
    ],
)
def test_a_day_that_does_not_exist_says_why(text, today, reason):
    with pytest.raises(DateInputError) as caught:
        parse_date(text, today)
    assert str(caught.value).startswith(f"“{text}” is not a date: ")
    assert reason in str(caught.value)
    assert "understand" not in str(caught.value)


def test_the_reason_survives_a_time_after_the_date():
    with pytest.raises(DateInputError) as caught:
        parse_date_time("29 feb 2027 18:00", TUESDAY, time(16))
    assert "2027 is not a leap year" in str(caught.value)
    assert "Add a time" not in str(caught.value)


def test_29_february_in_a_leap_year_is_fine():
    assert parse_date("29 Feb", date(2027, 11, 24)) == date(2028, 2, 29)
    assert parse_date("29 Feb 2028", TUESDAY) == date(2028, 2, 29)


# --- a weekday, and `next` weekday ---------------------------------------------------------


@pytest.mark.parametrize(
    "today, plain, with_next",
    [
        # Thursday: "friday" is tomorrow, "next friday" the Friday of next week.
        (THURSDAY, date(2026, 11, 27), date(2026, 12, 4)),
        # Tuesday: the same rule, three and ten days away.
        (TUESDAY, date(2026, 11, 27), date(2026, 12, 4)),
        # Saturday: this week's Friday has gone, so both mean the coming one.
        (SATURDAY, date(2026, 12, 4), date(2026, 12, 4)),
        # Friday itself: next week's either way.
        (date(2026, 11, 27), date(2026, 12, 4), date(2026, 12, 4)),
    ],
)
def test_next_friday_is_the_friday_of_next_week(today, plain, with_next):
    assert parse_date("friday", today) == plain
    assert parse_date("next friday", today) == with_next
    assert parse_date("Next Fri", today) == with_next


def test_next_tuesday_on_a_tuesday_is_a_week_away():
    assert parse_date("next tue", TUESDAY) == date(2026, 12, 1)


# --- the line beside a date field -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, shown",
    [
        ("next friday", "→ Fri 4 Dec 2026 · Friday of next week, in 8 days"),
        ("friday", "→ Fri 27 Nov 2026 · tomorrow"),
        ("today", "→ Thu 26 Nov 2026 · today"),
        ("in 3 weeks", "→ Thu 17 Dec 2026 · in 3 weeks"),
        ("2026-11-20", "→ Fri 20 Nov 2026 · 6 days ago"),
        ("29 Feb 2027", "2027 is not a leap year, so February has 28 days"),
        ("next fr", NOT_A_DATE_YET),
        ("  ", ""),
    ],
)
def test_date_preview_says_what_the_typed_date_resolves_to(text, shown):
    assert date_preview(text, THURSDAY) == shown


def test_date_time_preview_shows_the_time_too():
    assert date_time_preview("next fri 9am", THURSDAY, time(16)) == (
        "→ Fri 4 Dec 2026 at 09:00 · Friday of next week, in 8 days"
    )
    assert date_time_preview("tomorrow", THURSDAY, time(16)) == "→ Fri 27 Nov 2026 at 16:00 · tomorrow"
    assert date_time_preview("31 apr 6pm", THURSDAY, time(16)) == "April has 30 days"


# --- a session in a sentence ----------------------------------------------------------------

NOW = datetime(2026, 11, 26, 18, 0)


@pytest.mark.parametrize(
    "moment, named",
    [
        (datetime(2026, 11, 26, 16, 0), "today's session at 16:00"),
        (datetime(2026, 11, 27, 9, 30), "tomorrow's session at 09:30"),
        (datetime(2026, 11, 25, 16, 0), "yesterday's session at 16:00"),
        (datetime(2026, 11, 20, 16, 0), "the session on Fri 20 Nov at 16:00"),
        (datetime(2025, 11, 20, 16, 0), "the session on Thu 20 Nov 2025 at 16:00"),
    ],
)
def test_a_session_is_named_without_of_a_date(moment, named):
    assert session_named(moment, NOW) == named
    assert session_named(moment, NOW, start=True) == named[0].upper() + named[1:]
    assert " of " not in named
