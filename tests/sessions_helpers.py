"""What the session tests share: the pinned clock, times written as ISO text, Sam's
partnership, the next session times as the dashboard sees them, and every stored
session read back from disk."""

from __future__ import annotations

from datetime import datetime

from companion.models import Partnership, Session
from companion.schedule import upcoming
from companion.sessions import sessions_near
from companion.store import Store

NOW = datetime(2026, 11, 24, 10, 0)  # the frozen clock: a Tuesday; Sam and Alex meet Tuesdays 16:00


def at(day: str, clock_time: str = "16:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock_time}")


def sam(store: Store) -> Partnership:
    return store.get(Partnership, 1)


def coming(store: Store, partnership: Partnership, now: datetime, count: int = 3) -> list[datetime]:
    """The next session times as the dashboard sees them (stored and planned by cadence)."""
    fresh = store.get(Partnership, partnership.id)
    return [s.scheduled_at for s in upcoming(fresh, sessions_near(store, fresh, now), now, count)]


def sessions(data_dir) -> list[Session]:
    """Every stored session, read from disk by a fresh store (as after a restart)."""
    return sorted(Store(data_dir).open().all(Session), key=lambda s: s.scheduled_at)
