"""The one place the app asks for the current time.

Everything in Companion works in local, naive datetimes (a session "at 18:00" stays at
18:00 across daylight-saving changes). `COMPANION_NOW` (an ISO datetime) pins the clock,
which makes demos, screenshots and tests reproducible.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from companion.dates import EARLIEST_YEAR, LATEST_YEAR
from companion.errors import CompanionError

NOW_VARIABLE = "COMPANION_NOW"


def now() -> datetime:
    """The current local time, to the second."""
    pinned = os.environ.get(NOW_VARIABLE)
    if pinned:
        return pinned_time(pinned)
    return datetime.now().replace(microsecond=0)


def pinned_time(text: str) -> datetime:
    """The time `COMPANION_NOW` pins, or a CompanionError saying how to fix it."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is not None or not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise CompanionError(
            f"{NOW_VARIABLE} is set to {text!r}, which is not a local date and time from the years "
            f"{EARLIEST_YEAR}–{LATEST_YEAR} such as 2026-11-24T16:00. Fix it, or unset it: unset {NOW_VARIABLE}"
        )
    return moment.replace(microsecond=0)


def today() -> date:
    return now().date()
