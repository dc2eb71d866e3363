"""The `[calendar]` table of `config.toml`: when the calendar export reminds a person of a
session (docs/calendar.md).

    [calendar]
    reminders = ["1d at 09:00", "2h"]

Each reminder is a span before the session ("2h", "30m", "1d", "1w"), or a number of days
before at a clock time ("1d at 09:00": the day before at nine). A bad value stops the
export with one line naming the file, the line and the value; it is never skipped quietly,
since a person relying on a reminder would otherwise miss it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path

from companion.dates import DateInputError, format_clock, parse_time
from companion.errors import CompanionError
from companion.keymap import config_path

DEFAULT_REMINDERS = ("1d at 09:00",)
REMINDER_EXAMPLES = '"2h", "30m", "1d" or "1d at 09:00"'
_SPEC = re.compile(r"^(\d{1,3})\s*([wdhm])(?:\s+at\s+(.+))?$", re.IGNORECASE)
_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
_UNIT_NAMES = {"w": "week", "d": "day", "h": "hour", "m": "minute"}


@dataclass(frozen=True)
class Reminder:
    """`before` the session starts; with `at`, that many whole days before, at `at`."""

    before: timedelta
    at: time | None = None

    def describe(self) -> str:
        if self.at is not None:
            days = self.before.days
            when = "the day before" if days == 1 else "on the day" if days == 0 else f"{days} days before"
            return f"{when} at {format_clock(self.at)}"
        return f"{_span(self.before)} before"


def _span(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    for unit in "wdhm":
        size = int(_UNITS[unit].total_seconds() // 60)
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {_UNIT_NAMES[unit]}{'s' if count != 1 else ''}"
    return f"{minutes} minutes"  # pragma: no cover - every span is whole minutes


def parse_reminder(text: str) -> Reminder | None:
    """A reminder as written in config.toml, or None when it is not one."""
    match = _SPEC.match(text.strip())
    if match is None:
        return None
    count, unit, clock = int(match.group(1)), match.group(2).lower(), match.group(3)
    if clock is None:
        return Reminder(before=count * _UNITS[unit])
    if unit not in "wd":
        return None
    try:
        return Reminder(before=count * _UNITS[unit], at=parse_time(clock))
    except DateInputError:
        return None


def load_reminders(path: Path | None = None) -> list[Reminder]:
    """The reminders from config.toml, or the default one; CompanionError for a bad file."""
    path = config_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [_default()]
    except (OSError, UnicodeDecodeError) as error:
        raise CompanionError(f"{path}: could not be read ({error}).") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CompanionError(f"{path}: {error}; fix it and try again.") from None
    table = document.get("calendar", {})
    if not isinstance(table, dict) or "reminders" not in table:
        return [_default()]
    return _checked(path, text, table["reminders"])


def _default() -> Reminder:
    found = parse_reminder(DEFAULT_REMINDERS[0])
    assert found is not None
    return found


def _checked(path: Path, text: str, values: object) -> list[Reminder]:
    where = f"{path}, line {_line_of_reminders(text)}"
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise CompanionError(f"{where}: `reminders` should be a list such as [{REMINDER_EXAMPLES}].")
    reminders = []
    for value in values:
        reminder = parse_reminder(value)
        if reminder is None:
            raise CompanionError(f"{where}: the reminder {value!r} is not understood; write e.g. {REMINDER_EXAMPLES}.")
        reminders.append(reminder)
    return reminders


def _line_of_reminders(text: str) -> int:
    """The line of `reminders =` inside `[calendar]` (or a dotted `calendar.reminders`)."""
    in_calendar = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_calendar = stripped.replace(" ", "") == "[calendar]"
        elif (in_calendar and re.match(r"^reminders\s*=", stripped)) or re.match(r"^calendar\.reminders\s*=", stripped):
            return number
    return 1
