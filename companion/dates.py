"""Dates and times as people type them, and as people like to read them.

Accepted dates: ISO (`2026-12-12`), day and month (`12 Dec`, `Dec 12`, `12 December
2026`), `today`, `tomorrow`, weekday names, and `in 3 days|weeks|months` (also `in a
week`). A day and month without a year means the nearest such date, so in late November
`12 Dec` is next month and `1 Nov` was this month.

A weekday alone (`friday`) is the next one after today: on a Thursday, tomorrow. With
`next` (`next friday`) it is that day of next week, as jrnl's date parser reads it: on a
Thursday, eight days away; from Saturday on, the two are the same day. Forms show what a
typed date resolves to while it is typed (`date_preview`), so the choice is never hidden.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

# Dates the app works with. Anything outside is a typo or damage: date arithmetic near the
# ends of Python's range overflows, and cadences over millennia would take long to walk.
EARLIEST_YEAR, LATEST_YEAR = 1800, 2200

DATE_EXAMPLES = "2026-12-12, 12 Dec, tomorrow, friday, in 3 weeks"
TIME_EXAMPLES = "18:00, 9:30, 6pm, 6:30 pm"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAY_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_IN_N = re.compile(r"^in\s+(\d+|a|an|one)\s+(day|week|month|year)s?$")
_UNIT_STEP = {  # "in N weeks" is N times one week
    "day": relativedelta(days=1),
    "week": relativedelta(weeks=1),
    "month": relativedelta(months=1),
    "year": relativedelta(years=1),
}
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$")


class DateInputError(ValueError):
    """Input that is not a date or time we understand; the message lists examples, or says
    why a day that reads like a date does not exist."""


class _NoSuchDay(ValueError):
    """A day and month in a form we read that no calendar has (31 April, 29 February 2027)."""


class NoSuchDayError(DateInputError):
    """A date written in a form we read, for a day that does not exist; `reason` says why."""

    def __init__(self, typed: str, reason: str):
        super().__init__(f"“{typed}” is not a date: {reason}.")
        self.reason = reason


def parse_date(text: str, today: date) -> date:
    """A date from what a person typed, relative to `today`."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateInputError(f"Enter a date, for example {DATE_EXAMPLES}.")
    try:
        result = _parse_date(cleaned, today)
    except _NoSuchDay as reason:
        raise NoSuchDayError(text.strip(), str(reason)) from None
    if result is None:
        raise DateInputError(f"“{text.strip()}” is not a date I understand. Try {DATE_EXAMPLES}.")
    return result


def _parse_date(text: str, today: date) -> date | None:
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)
    weekday = WEEKDAY_NAMES.get(text.removeprefix("next ").strip())
    if weekday is not None:
        if text.startswith("next "):
            return today + timedelta(days=7 - today.weekday() + weekday)
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if match := _IN_N.match(text):
        amount = 1 if match.group(1) in ("a", "an", "one") else int(match.group(1))
        unit = match.group(2)
        if amount > 1200:
            return None
        return today + _UNIT_STEP[unit] * amount
    if match := _ISO.match(text):
        return _existing_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _DAY_MONTH.match(text):
        return _day_month(int(match.group(1)), match.group(2), match.group(3), today)
    if match := _MONTH_DAY.match(text):
        return _day_month(int(match.group(2)), match.group(1), match.group(3), today)
    return None


def _day_month(day: int, month_name: str, year: str | None, today: date) -> date | None:
    month = MONTHS.get(month_name)
    if month is None:
        return None
    if year:
        return _existing_date(int(year), month, day)
    years = [today.year + offset for offset in (-1, 0, 1)]
    valid = [c for c in (_safe_date(year, month, day) for year in years) if c is not None]
    if not valid:
        # 29 February: name the year the nearest 28 February falls in, which is the one meant.
        meant = min(years, key=lambda year: abs((date(year, month, 28 if month == 2 else 1) - today).days))
        raise _NoSuchDay(_why_no_such_day(meant if month == 2 else None, month, day))
    return min(valid, key=lambda c: abs((c - today).days))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _existing_date(year: int, month: int, day: int) -> date:
    found = _safe_date(year, month, day)
    if found is None:
        raise _NoSuchDay(_why_no_such_day(year, month, day))
    return found


def _why_no_such_day(year: int | None, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"there is no month {month}; months run from 1 to 12"
    if year is not None and not 1 <= year <= 9999:
        return f"the year {year} is out of range"
    if day < 1:
        return "days of the month start at 1"
    if month == 2 and day == 29 and year is not None:
        return f"{year} is not a leap year, so February has 28 days"
    if month == 2:
        return "February has at most 29 days"
    return f"{calendar.month_name[month]} has {calendar.monthrange(2001, month)[1]} days"


def parse_time(text: str) -> time:
    """A clock time from `18:00`, `9:30`, `6pm` or `6:30 pm`."""
    cleaned = text.strip().lower().replace(" ", "")
    match = _TIME.match(cleaned)
    if not match:
        raise DateInputError(f"“{text.strip()}” is not a time I understand. Try {TIME_EXAMPLES}.")
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            raise DateInputError(f"With am/pm the hour runs from 1 to 12, not {hour}.")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateInputError(f"“{text.strip()}” is not a time of day. Try {TIME_EXAMPLES}.")
    return time(hour, minute)


# --- reading -------------------------------------------------------------------------


RELATIVE_DAYS = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}
# What %a and %b give: the app never sets a locale, so these are the "C" locale's names.
# Looked up rather than formatted, because an export formats tens of thousands of dates.
WEEKDAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def add_months(day: date, months: int) -> date:
    """The same day `months` months on (the month's last day where it is shorter)."""
    return day + relativedelta(months=months)


def format_date(day: date | datetime, *, year: bool = True, weekday: bool = True) -> str:
    """`Tue 1 Dec 2026`: how a fixed date reads everywhere (no zero padding); without
    the weekday where a column is narrow (`1 Dec 2026`)."""
    text = f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"
    if weekday:
        text = f"{WEEKDAY_ABBREVIATIONS[day.weekday()]} {text}"
    return f"{text} {day.year}" if year else text


def format_date_time(moment: datetime, *, year: bool = True) -> str:
    """`Tue 1 Dec 2026 at 16:00`."""
    return f"{format_date(moment, year=year)} at {moment.hour:02d}:{moment.minute:02d}"


def format_date_in_full(day: date) -> str:
    """`Tuesday 1 December 2026`: a date in a sentence, nothing abbreviated."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_month(day: date, *, year: bool = True) -> str:
    """`Dec 2026`, or `Dec` without the year: the month a date falls in."""
    return f"{day:%b %Y}" if year else f"{day:%b}"


def month_name(day: date) -> str:
    """`December`: a month in a sentence."""
    return f"{day:%B}"


def format_day(day: date, today: date, *, in_sentence: bool = False) -> str:
    """`Today`, `Tomorrow`, `Fri 27 Nov`, or with the year when it is not this year.
    `in_sentence` writes the relative words in lower case, for use after other words."""
    relative = RELATIVE_DAYS.get((day - today).days)
    if relative:
        return relative.lower() if in_sentence else relative
    return format_date(day, year=day.year != today.year)


def format_when(moment: datetime, now: datetime, *, in_sentence: bool = False) -> str:
    """`Today 18:00`, `Tue 1 Dec 18:00`; `today 18:00` in a sentence."""
    return f"{format_day(moment.date(), now.date(), in_sentence=in_sentence)} {moment:%H:%M}"


def format_clock(moment: time | datetime) -> str:
    """`18:00`, `09:30`: a time of day, on the 24-hour clock."""
    return f"{moment:%H:%M}"


def format_timestamp(moment: datetime, *, weekday: bool = True) -> str:
    """`Tue 1 Dec 2026 16:00`: a date and time in a list or a table; without the weekday
    where a column is narrow (`1 Dec 2026 16:00`)."""
    return f"{format_date(moment, weekday=weekday)} {format_clock(moment)}"


def format_for_input(moment: datetime) -> str:
    """`2026-12-01 16:00`: a date and time put in a field to edit, as `parse_date_time`
    reads it back."""
    return f"{moment:%Y-%m-%d} {format_clock(moment)}"


def week_of_month(day: date) -> int:
    """The week of its month a day is in, as a monthly cadence counts it: 1 to 4, or -1 (the
    last) for the 29th and after."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth > 4 else nth


def countdown(moment: datetime, now: datetime) -> str:
    """How far away a moment is, in the words a person would use."""
    seconds = (moment - now).total_seconds()
    if seconds < 0:
        return "started " + _span(-seconds) + " ago" if seconds > -86400 else "passed"
    days = (moment.date() - now.date()).days
    if days == 0:
        return "in " + _span(seconds)
    if days == 1:  # beside "Tomorrow 16:00", "tomorrow" would say nothing new
        return f"in {max(1, round(seconds / 3600))} h"
    if days < 14:
        return f"in {days} days"
    weeks = days // 7
    return f"in {weeks} weeks" if days < 60 else f"in {days // 30} months"


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def parse_date_time(text: str, today: date, default_time: time) -> datetime:
    """A date with an optional time after it: `thu 18:00`, `2026-12-03 9:30`, `tomorrow 6pm`.
    Without a time, `default_time` is used."""
    words = text.strip().split()
    if not words:
        raise DateInputError(
            f"Enter a date and time, for example: thu 18:00, tomorrow 6pm, {today + timedelta(days=7):%Y-%m-%d} 16:00."
        )
    try:
        return datetime.combine(parse_date(text, today), default_time)
    except NoSuchDayError:
        raise
    except DateInputError as whole:
        for split in (2, 1):  # "6 pm" is two words, "18:00" one
            if len(words) > split:
                try:
                    at = parse_time(" ".join(words[-split:]))
                    return datetime.combine(parse_date(" ".join(words[:-split]), today), at)
                except NoSuchDayError:
                    raise
                except DateInputError:
                    continue
        raise DateInputError(f"{whole} Add a time after it if you like: thu 18:00.") from None


# --- while a date is typed -------------------------------------------------------------

NOT_A_DATE_YET = "not a date yet"


def date_preview(text: str, today: date) -> str:
    """What a date being typed resolves to, for a line beside its field: `→ Fri 4 Dec 2026 ·
    Friday of next week, in 10 days`. Empty for an empty field; why not, for a day that does
    not exist (`2027 is not a leap year…`)."""
    return _preview(text, today, lambda: parse_date(text, today))


def date_time_preview(text: str, today: date, default_time: time) -> str:
    """`date_preview` for a date with an optional time: `→ Fri 4 Dec 2026 at 18:00 · …`."""
    return _preview(text, today, lambda: parse_date_time(text, today, default_time))


def _preview(text: str, today: date, resolve) -> str:
    if not text.strip():
        return ""
    try:
        resolved = resolve()
    except NoSuchDayError as error:
        return error.reason
    except DateInputError:
        return NOT_A_DATE_YET
    day = resolved.date() if isinstance(resolved, datetime) else resolved
    shown = format_date_time(resolved) if isinstance(resolved, datetime) else format_date(resolved)
    far = _days_away(day, today)
    words = text.lower().split()
    if len(words) > 1 and words[0] == "next" and words[1] in WEEKDAY_NAMES:
        far = f"{day:%A} of next week, {far}"
    return f"→ {shown} · {far}"


def _days_away(day: date, today: date) -> str:
    days = (day - today).days
    if days in RELATIVE_DAYS:
        return RELATIVE_DAYS[days].lower()
    ahead = abs(days)
    if ahead < 14:
        span = f"{ahead} days"
    elif ahead < 60:
        span = f"{ahead // 7} weeks"
    else:
        span = f"{ahead // 30} months"
    return f"in {span}" if days > 0 else f"{span} ago"


# --- a session named in a sentence -----------------------------------------------------


def session_named(moment: datetime, now: datetime, *, start: bool = False) -> str:
    """`today's session at 16:00`, `the session on Tue 1 Dec at 16:00`: a session in a
    sentence (never `the session of today 16:00`); `start` capitalises it."""
    relative = RELATIVE_DAYS.get((moment.date() - now.date()).days)
    if relative:
        text = f"{relative.lower()}'s session at {format_clock(moment)}"
    else:
        text = f"the session on {format_date_time(moment, year=moment.year != now.year)}"
    return text[0].upper() + text[1:] if start else text
