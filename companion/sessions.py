"""Stored sessions: reading the ones that matter without decoding a whole history."""

from __future__ import annotations

from datetime import datetime, timedelta

from companion.models import Partnership, Session
from companion.store import Store


def sessions_near(store: Store, partnership: Partnership, now: datetime) -> list[Session]:
    """Sessions that can affect what comes next: planned ones, and any filling a recent
    or future cadence slot (so a skipped or moved occurrence is not offered again)."""
    since = (now - timedelta(days=2)).isoformat(timespec="seconds")

    def wanted(doc: dict) -> bool:
        if doc.get("partnership_id") != partnership.id:
            return False
        return doc.get("state") == "planned" or (doc.get("slot") or "") >= since

    return store.find(Session, wanted)
