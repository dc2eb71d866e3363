"""Holding a session: the session's own state, then what it settles elsewhere.

`sessions.hold_session` changes the session alone, and `notes.mark_brought_up` the notes
its agenda covered; this is the one place that does both, in one transaction, so the
session layer never reaches up into notes or the agenda (docs/architecture.md).
"""

from __future__ import annotations

from datetime import datetime

from companion.models import Session
from companion.notes import mark_brought_up
from companion.sessions import SessionRef, hold_session
from companion.store import Store


def hold(
    store: Store,
    session_id: SessionRef,
    held_at: datetime | None = None,
    duration_minutes: int | None = None,
    covered_item_ids: set[str] | None = None,
    *,
    now: datetime | None = None,
) -> Session:
    """Record that a session took place (see `sessions.hold_session` for the rules), and
    mark done the notes whose items it covered."""
    with store.transaction():
        session = hold_session(store, session_id, held_at, duration_minutes, covered_item_ids, now=now)
        mark_brought_up(store, session, session.held_at or session.scheduled_at)
        return session
