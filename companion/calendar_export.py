"""Sessions as an iCalendar file (a placeholder until the calendar export lands)."""

from __future__ import annotations

from datetime import date, datetime

from companion.errors import CompanionError
from companion.store import Store


def calendar_ics(store: Store, now: datetime, *, include_private: bool, since: date | None) -> tuple[bytes, int]:
    """The .ics bytes and how many private items were left out."""
    raise CompanionError("The calendar export is not available yet.")
