"""What the schedule tests share: the pinned clock, times written as ISO text, the weekly
Tuesday partnership, and the times a list of sessions is at."""

from __future__ import annotations

from datetime import datetime

from companion.models import Partnership, Session
from tests.conftest import make_partnership

NOW = datetime(2026, 11, 24, 10, 0)  # Tuesday; the default partnership meets Tuesdays at 16:00


def at(day: str, clock: str = "16:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}")


def weekly_tuesdays() -> Partnership:
    """Tuesdays at 16:00 from Tuesday 3 November 2026, 45 minutes."""
    return make_partnership(id=1)


def when(sessions: list[Session]) -> list[datetime]:
    return [s.scheduled_at for s in sessions]
