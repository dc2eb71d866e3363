"""Stored sessions: reading the ones that matter without decoding a whole history."""

from __future__ import annotations

import heapq
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


def sessions_before(
    store: Store, partnership: Partnership, before: datetime, *, limit: int = 12, exclude_id: int | None = None
) -> list[Session]:
    """The `limit` most recent sessions scheduled before `before`, newest first.
    Only those are decoded, which keeps a long history cheap."""
    cutoff = before.isoformat(timespec="seconds")
    candidates = [
        (doc.get("scheduled_at", ""), int(doc_id))
        for doc_id, doc in store.docs("sessions").items()
        if doc.get("partnership_id") == partnership.id and doc.get("scheduled_at", "") < cutoff
        and int(doc_id) != exclude_id
    ]
    newest = heapq.nlargest(limit, candidates)
    return [s for s in (store.get(Session, doc_id) for _, doc_id in newest) if s is not None]


def held_between(store: Store, partnership: Partnership, start: datetime, end: datetime) -> int:
    """How many sessions were held in [start, end]."""
    low, high = start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")
    return sum(
        1
        for doc in store.docs("sessions").values()
        if doc.get("partnership_id") == partnership.id and doc.get("state") == "held"
        and low <= doc.get("scheduled_at", "") <= high
    )
