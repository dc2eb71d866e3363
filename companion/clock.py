"""The one place the app asks for the current time.

Everything in Companion works in local, naive datetimes (a session "at 18:00" stays at
18:00 across daylight-saving changes). `COMPANION_NOW` (an ISO datetime) pins the clock,
which makes demos, screenshots and tests reproducible.
"""

from __future__ import annotations

import os
from datetime import date, datetime

NOW_VARIABLE = "COMPANION_NOW"


def now() -> datetime:
    """The current local time, to the second."""
    pinned = os.environ.get(NOW_VARIABLE)
    if pinned:
        return datetime.fromisoformat(pinned).replace(microsecond=0)
    return datetime.now().replace(microsecond=0)


def today() -> date:
    return now().date()
