"""What a person may type, field by field, with messages that say what to fix.

Each `check_*` function returns the clean value or raises `FieldError`. Form-level
builders collect every field's problem at once so a form can show them all inline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from enum import Enum
from typing import TypeVar

from companion.dates import DateInputError, parse_date, parse_time, week_of_month
from companion.errors import ValidationError
from companion.models import (
    WEEKDAYS,
    Cadence,
    FocusRole,
    Frequency,
    Partnership,
    Profile,
    Stance,
)

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

# Tags on prompts, goals and reflections: short lowercase words with digits and hyphens.
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")

NAME_MAX = 60
TEXT_MAX = 2000
SESSION_MINUTES = (15, 240)
START_DATE_PAST_LIMIT_DAYS = 366 * 20
START_DATE_FUTURE_LIMIT_DAYS = 366
# A monthly cadence meets on the n-th weekday of the month: 1 to 4, or -1 for the last.
WEEKS_OF_MONTH = (1, 2, 3, 4, -1)


class FieldError(ValueError):
    """One field's problem, in words the person can act on."""


def check_name(text: str, what: str = "Name") -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise FieldError(f"{what} cannot be empty.")
    if len(cleaned) > NAME_MAX:
        raise FieldError(f"{what} is {len(cleaned)} characters; keep it under {NAME_MAX}.")
    return cleaned


def check_text(text: str, what: str, *, required: bool = False, limit: int = TEXT_MAX) -> str:
    cleaned = text.strip()
    if required and not cleaned:
        raise FieldError(f"{what} cannot be empty.")
    if len(cleaned) > limit:
        raise FieldError(f"{what} is {len(cleaned)} characters; keep it under {limit}.")
    return cleaned


def check_choice(value: object, options: type[E], what: str) -> E:
    try:
        return options(value)
    except ValueError:
        names = [str(o.value).replace("_", " ") for o in options]
        raise FieldError(f"Choose {what}: {', '.join(names[:-1])} or {names[-1]}.") from None


def check_weekday(value: object) -> int:
    if isinstance(value, int) and 0 <= value <= 6:
        return value
    text = str(value).strip().lower()
    if text.isdigit() and 0 <= int(text) <= 6:
        return int(text)
    for index, name in enumerate(WEEKDAYS):
        if text and (name.lower() == text or name.lower()[:3] == text[:3]):
            return index
    raise FieldError("Choose a weekday, Monday to Sunday.")


def check_week_of_month(value: object) -> int:
    try:
        week = int(str(value).strip())
    except ValueError:
        week = 0
    if week not in WEEKS_OF_MONTH:
        raise FieldError("Choose the week of the month: first, second, third, fourth or last.")
    return week


def check_time(text: str) -> time:
    try:
        return parse_time(text)
    except DateInputError as error:
        raise FieldError(str(error)) from None


def check_minutes(text: str | int) -> int:
    low, high = SESSION_MINUTES
    try:
        minutes = int(str(text).strip().removesuffix("min").strip())
    except ValueError:
        raise FieldError(f"Session length is a number of minutes, {low} to {high}.") from None
    if not low <= minutes <= high:
        raise FieldError(f"Session length must be between {low} and {high} minutes, not {minutes}.")
    return minutes


def check_date(text: str, today: date, what: str = "Date") -> date:
    try:
        return parse_date(text, today)
    except DateInputError as error:
        raise FieldError(f"{what}: {error}") from None


def check_start_date(text: str, today: date) -> date:
    start = check_date(text, today, "Start date")
    if (today - start).days > START_DATE_PAST_LIMIT_DAYS:
        raise FieldError("Start date is more than 20 years ago; check the year.")
    if (start - today).days > START_DATE_FUTURE_LIMIT_DAYS:
        raise FieldError("Start date is more than a year away; pick a date within the next year.")
    return start


def collect(problems: dict[str, str], name: str, check: Callable[[], T]) -> T | None:
    """What `check()` returns, or None with its FieldError's message filed under `name`:
    a form checks every field this way, then names all the bad ones at once."""
    try:
        return check()
    except FieldError as error:
        problems[name] = str(error)
        return None


@dataclass
class OnboardingForm:
    """What the first-run screen collects, as typed."""

    name: str = ""
    role: str = ""
    partner_name: str = ""
    stance: str = ""
    focus_role: str = ""
    frequency: str = "weekly"
    weekday: str = ""
    week_of_month: str = ""  # monthly only; "" meets in the week of the first meeting day
    at: str = "16:00"
    session_minutes: str = "45"
    start_date: str = "today"


def build_onboarding(form: OnboardingForm, today: date) -> tuple[Profile, Partnership]:
    """The profile and first partnership, or ValidationError naming every bad field."""
    problems: dict[str, str] = {}

    name = collect(problems, "name", lambda: check_name(form.name, "Your name"))
    role = collect(problems, "role", lambda: check_text(form.role, "Your role", limit=NAME_MAX))
    partner = collect(problems, "partner_name", lambda: check_name(form.partner_name, "Partner's name"))
    stance = collect(problems, "stance", lambda: check_choice(form.stance, Stance, "your stance"))
    focus = collect(problems, "focus_role", lambda: check_choice(form.focus_role, FocusRole, "the mentee's role"))
    frequency = collect(problems, "frequency", lambda: check_choice(form.frequency, Frequency, "how often you meet"))
    weekday = collect(problems, "weekday", lambda: check_weekday(form.weekday))
    week = None
    if frequency is Frequency.MONTHLY and form.week_of_month.strip():
        week = collect(problems, "week_of_month", lambda: check_week_of_month(form.week_of_month))
    at = collect(problems, "at", lambda: check_time(form.at))
    minutes = collect(problems, "session_minutes", lambda: check_minutes(form.session_minutes))
    start = collect(problems, "start_date", lambda: check_start_date(form.start_date, today))
    if name and partner and name.casefold() == partner.casefold():
        problems["partner_name"] = "Your partner's name should differ from yours."
    if problems:
        raise ValidationError(problems)
    # No problem was filed, so every check returned its value (see `collect`).
    assert name is not None and partner is not None and stance is not None and focus is not None
    assert frequency is not None and weekday is not None and at is not None
    assert minutes is not None and start is not None
    cadence = make_cadence(frequency, weekday, at, start, week)
    partnership = Partnership(
        partner_name=partner,
        stance=stance,
        focus_role=focus,
        cadences=[cadence],
        session_minutes=minutes,
        start_date=start,
    )
    return Profile(name=name, role=role or ""), partnership


def make_cadence(
    frequency: Frequency, weekday: int, at: time, since: date, week_of_month: int | None = None
) -> Cadence:
    """A cadence from `since`. A monthly one meets in `week_of_month` when given, else in the
    week of the month of its first meeting day (the first such weekday on or after `since`),
    so that day is the first session: from Mon 30 Nov on Tuesdays, the first Tuesday (1 Dec),
    not the last one (29 Dec) as the week `since` itself is in would give."""
    week = None
    if frequency is Frequency.MONTHLY:
        week = week_of_month if week_of_month is not None else default_week_of_month(weekday, since)
    return Cadence(frequency=frequency, weekday=weekday, at=at, since=since, week_of_month=week)


def first_weekday_from(weekday: int, start: date) -> date:
    """The first `weekday` (0 = Monday) on or after `start`."""
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def default_week_of_month(weekday: int, start: date) -> int:
    """The week of the month a monthly cadence starting on `start` meets in unless told:
    the week of the first `weekday` on or after `start`."""
    return week_of_month(first_weekday_from(weekday, start))
