"""Dates and times as people type them (`companion.dates`), and as people read them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from companion.dates import (
    DateInputError,
    countdown,
    format_clock,
    format_date,
    format_date_in_full,
    format_date_time,
    format_day,
    format_for_input,
    format_month,
    format_timestamp,
    format_when,
    parse_date,
    parse_date_time,
    parse_time,
    week_of_month,
)

# The pinned clock of the suite: Tuesday 24 November 2026, 10:00.
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, 0)


def test_the_reference_day_is_a_tuesday():
    # Several expectations below (weekday names) rely on this.
    assert TODAY.weekday() == 1


# --- parse_date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-12-12", date(2026, 12, 12)),
        ("2027-3-5", date(2027, 3, 5)),
        ("12 Dec", date(2026, 12, 12)),
        ("Dec 12", date(2026, 12, 12)),
        ("dec 12", date(2026, 12, 12)),
        ("12 December 2026", date(2026, 12, 12)),
        ("December 12, 2027", date(2027, 12, 12)),
        ("12 Dec 2025", date(2025, 12, 12)),
        ("1st Jan", date(2027, 1, 1)),
        ("2nd feb", date(2027, 2, 2)),
        ("3rd March 2027", date(2027, 3, 3)),
        ("  12   Dec  ", date(2026, 12, 12)),
    ],
)
def test_parse_date_day_month_and_iso(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("today", TODAY),
        ("Today", TODAY),
        ("tomorrow", date(2026, 11, 25)),
        ("yesterday", date(2026, 11, 23)),
    ],
)
def test_parse_date_relative_words(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("wednesday", date(2026, 11, 25)),
        ("wed", date(2026, 11, 25)),
        ("friday", date(2026, 11, 27)),
        ("sunday", date(2026, 11, 29)),
        ("monday", date(2026, 11, 30)),
        # Strictly after today: on a Tuesday, "tuesday" is next week's.
        ("tuesday", date(2026, 12, 1)),
    ],
)
def test_parse_date_weekday_names_are_strictly_after_today(text, expected):
    assert parse_date(text, TODAY) == expected
    assert parse_date(text, TODAY) > TODAY


@pytest.mark.parametrize(
    "text, expected",
    [
        ("in 2 days", date(2026, 11, 26)),
        ("in 1 day", date(2026, 11, 25)),
        ("in 3 weeks", date(2026, 12, 15)),
        ("in a week", date(2026, 12, 1)),
        ("in a month", date(2026, 12, 24)),
        ("in 3 months", date(2027, 2, 24)),
        ("in a year", date(2027, 11, 24)),
        ("in 14 months", date(2028, 1, 24)),
        ("in 1200 days", date(2030, 3, 8)),
    ],
)
def test_parse_date_in_n_units(text, expected):
    assert parse_date(text, TODAY) == expected


def test_in_a_month_from_the_31st_lands_on_the_months_last_day():
    assert parse_date("in a month", date(2027, 1, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    "text, expected",
    [
        # Late November: December is ahead, January means next year, 1 November has passed.
        ("12 Dec", date(2026, 12, 12)),
        ("31 Dec", date(2026, 12, 31)),
        ("1 Jan", date(2027, 1, 1)),
        ("20 May", date(2027, 5, 20)),
        ("1 Nov", date(2026, 11, 1)),
        ("1 Aug", date(2026, 8, 1)),
        ("24 Nov", date(2026, 11, 24)),
    ],
)
def test_day_and_month_without_year_means_the_nearest_such_date(text, expected):
    assert parse_date(text, TODAY) == expected


def test_nearest_year_rule_in_january_looks_back_to_december():
    assert parse_date("20 Dec", date(2027, 1, 5)) == date(2026, 12, 20)
    assert parse_date("20 Feb", date(2027, 1, 5)) == date(2027, 2, 20)


def test_leap_day():
    assert parse_date("29 Feb 2028", TODAY) == date(2028, 2, 29)
    assert parse_date("2028-02-29", TODAY) == date(2028, 2, 29)
    with pytest.raises(DateInputError):
        parse_date("29 Feb 2027", TODAY)
    with pytest.raises(DateInputError):
        parse_date("2027-02-29", TODAY)
    # Without a year, the nearest 29 February that exists.
    assert parse_date("29 Feb", date(2027, 11, 24)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["tomato", "12 Smarch", "in -3 days", "next", "in 5000 weeks", "next fortnight"],
)
def test_invalid_dates_raise_with_examples(text):
    with pytest.raises(DateInputError) as caught:
        parse_date(text, TODAY)
    message = str(caught.value)
    assert text.strip() in message
    # The message shows what would work.
    assert "12 Dec" in message
    assert "tomorrow" in message
    assert "2026-12-12" in message


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_date_asks_for_one_with_examples(text):
    with pytest.raises(DateInputError) as caught:
        parse_date(text, TODAY)
    message = str(caught.value)
    assert message.startswith("Enter a date")
    assert "12 Dec" in message and "tomorrow" in message


def test_date_input_error_is_a_value_error():
    # Callers that only know about ValueError still catch it.
    with pytest.raises(ValueError):
        parse_date("tomato", TODAY)


@given(st.dates())
def test_property_iso_round_trips(d):
    assert parse_date(d.isoformat(), TODAY) == d


@given(
    st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31)),
    st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31)),
)
def test_property_day_month_is_the_nearest_such_date(d, today):
    # 29 February has no date within half a year in most years.
    assume(not (d.month == 2 and d.day == 29))
    parsed = parse_date(f"{d.day} {d:%b}", today)
    assert (parsed.day, parsed.month) == (d.day, d.month)
    assert abs((parsed - today).days) <= 183


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31)))
def test_property_day_month_around_the_pinned_today(d):
    assume(not (d.month == 2 and d.day == 29))
    for text in (f"{d.day} {d:%b}", f"{d:%b} {d.day}", f"{d.day} {d:%B}"):
        parsed = parse_date(text, TODAY)
        assert (parsed.day, parsed.month) == (d.day, d.month)
        assert abs((parsed - TODAY).days) <= 183


# --- parse_time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("18:00", time(18, 0)),
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("6pm", time(18, 0)),
        ("6 pm", time(18, 0)),
        ("6PM", time(18, 0)),
        ("6:30 pm", time(18, 30)),
        ("6am", time(6, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:15 am", time(0, 15)),
        ("  18:00  ", time(18, 0)),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text, hint",
    [
        ("25:00", "18:00"),
        ("24:00", "18:00"),
        ("9:60", "18:00"),
        ("abc", "18:00"),
        ("", "18:00"),
        ("13pm", "1 to 12"),
        ("0am", "1 to 12"),
    ],
)
def test_parse_time_errors_say_what_works(text, hint):
    with pytest.raises(DateInputError) as caught:
        parse_time(text)
    assert hint in str(caught.value)


def test_parse_time_error_examples_include_am_pm():
    with pytest.raises(DateInputError) as caught:
        parse_time("abc")
    message = str(caught.value)
    assert "“abc”" in message
    assert "6pm" in message and "9:30" in message


# --- reading ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, expected",
    [
        (TODAY, "Today"),
        (date(2026, 11, 25), "Tomorrow"),
        (date(2026, 11, 23), "Yesterday"),
        (date(2026, 11, 27), "Fri 27 Nov"),
        (date(2026, 12, 1), "Tue 1 Dec"),
        (date(2026, 11, 2), "Mon 2 Nov"),
        (date(2027, 1, 1), "Fri 1 Jan 2027"),
        (date(2025, 12, 31), "Wed 31 Dec 2025"),
    ],
)
def test_format_day(day, expected):
    assert format_day(day, TODAY) == expected


@pytest.mark.parametrize(
    "moment, expected",
    [
        (datetime(2026, 11, 24, 18, 0), "Today 18:00"),
        (datetime(2026, 11, 24, 9, 5), "Today 09:05"),
        (datetime(2026, 11, 25, 16, 0), "Tomorrow 16:00"),
        (datetime(2026, 12, 1, 16, 0), "Tue 1 Dec 16:00"),
        (datetime(2027, 1, 5, 16, 30), "Tue 5 Jan 2027 16:30"),
    ],
)
def test_format_when(moment, expected):
    assert format_when(moment, NOW) == expected


def test_format_date_has_no_zero_padding():
    assert format_date(date(2026, 12, 1)) == "Tue 1 Dec 2026"
    assert format_date(date(2026, 12, 1), year=False) == "Tue 1 Dec"
    assert format_date(datetime(2027, 1, 5, 16, 0), weekday=False) == "5 Jan 2027"
    assert format_date_time(datetime(2026, 12, 1, 9, 5)) == "Tue 1 Dec 2026 at 09:05"
    assert format_date_time(datetime(2026, 12, 1, 9, 5), year=False) == "Tue 1 Dec at 09:05"


def test_format_date_without_weekday_or_year_is_day_and_month():
    assert format_date(date(2026, 12, 1), year=False, weekday=False) == "1 Dec"


def test_format_date_in_full_spells_out_names_without_zero_padding():
    assert format_date_in_full(date(2026, 12, 1)) == "Tuesday 1 December 2026"
    assert format_date_in_full(date(2027, 1, 25)) == "Monday 25 January 2027"


def test_format_month():
    assert format_month(date(2026, 12, 1)) == "Dec 2026"
    assert format_month(date(2027, 1, 31), year=False) == "Jan"


@pytest.mark.parametrize(
    "moment, expected",
    [
        (datetime(2026, 11, 24, 18, 0), "today 18:00"),
        (datetime(2026, 11, 25, 16, 0), "tomorrow 16:00"),
        (datetime(2026, 11, 23, 16, 0), "yesterday 16:00"),
        (datetime(2026, 12, 1, 16, 0), "Tue 1 Dec 16:00"),  # names keep their capital
    ],
)
def test_format_when_in_a_sentence(moment, expected):
    assert format_when(moment, NOW, in_sentence=True) == expected


@pytest.mark.parametrize(
    "moment, expected",
    [
        (NOW + timedelta(seconds=30), "in less than a minute"),
        (NOW + timedelta(minutes=1), "in 1 min"),
        (NOW + timedelta(minutes=45), "in 45 min"),
        (NOW + timedelta(hours=6), "in 6 h"),
        (NOW + timedelta(hours=6, minutes=5), "in 6 h 05 min"),
        (datetime(2026, 11, 25, 1, 0), "in 15 h"),
        (datetime(2026, 11, 25, 23, 0), "in 37 h"),
        (datetime(2026, 11, 26, 9, 0), "in 2 days"),
        (datetime(2026, 12, 1, 16, 0), "in 7 days"),
        (datetime(2026, 12, 7, 16, 0), "in 13 days"),
        (datetime(2026, 12, 8, 16, 0), "in 2 weeks"),
        (datetime(2027, 1, 21, 16, 0), "in 8 weeks"),
        (datetime(2027, 2, 22, 16, 0), "in 3 months"),
        (NOW - timedelta(minutes=10), "started 10 min ago"),
        (NOW - timedelta(hours=2), "started 2 h ago"),
        (NOW - timedelta(days=2), "passed"),
    ],
)
def test_countdown(moment, expected):
    assert countdown(moment, NOW) == expected


def test_format_clock_is_the_24_hour_clock_with_leading_zeros():
    assert format_clock(time(9, 5)) == "09:05"
    assert format_clock(datetime(2026, 12, 1, 18, 0)) == "18:00"


def test_format_timestamp_is_the_date_and_the_clock_without_at():
    assert format_timestamp(datetime(2026, 12, 1, 16, 5)) == "Tue 1 Dec 2026 16:05"
    assert format_timestamp(datetime(2026, 12, 1, 16, 5), weekday=False) == "1 Dec 2026 16:05"


def test_format_for_input_is_read_back_as_the_same_moment():
    moment = datetime(2027, 1, 5, 9, 30)
    assert format_for_input(moment) == "2027-01-05 09:30"
    assert parse_date_time(format_for_input(moment), TODAY, time(18, 0)) == moment


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2199, 12, 31)))
def test_any_moment_put_in_a_field_reads_back_the_same(moment):
    moment = moment.replace(second=0, microsecond=0)
    assert parse_date_time(format_for_input(moment), TODAY, time(18, 0)) == moment


@pytest.mark.parametrize(
    ("day", "week"),
    [(1, 1), (7, 1), (8, 2), (14, 2), (15, 3), (22, 4), (28, 4), (29, -1), (31, -1)],
)
def test_week_of_month_counts_sevens_and_calls_the_fifth_the_last(day, week):
    assert week_of_month(date(2026, 12, day)) == week


@given(day=st.datetimes(), year=st.booleans(), weekday=st.booleans())
def test_format_date_reads_as_the_c_locale_strftime_names(day, year, weekday):
    text = f"{day.day} {day:%b}"
    text = f"{day:%a} {text}" if weekday else text
    assert format_date(day, year=year, weekday=weekday) == (f"{text} {day:%Y}" if year else text)
    assert format_date_time(day).endswith(f" at {day:%H:%M}")
