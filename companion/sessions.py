"""Stored sessions: reading the ones that matter without decoding a whole history."""

from __future__ import annotations

import bisect
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


def timeline(store: Store) -> list[tuple[str, int, int, str]]:
    """Every session as (scheduled_at, id, partnership id, state), in time order; cached
    until the data changes."""

    def build(store: Store) -> list[tuple[str, int, int, str]]:
        return sorted(
            (doc["scheduled_at"], int(doc_id), doc["partnership_id"], doc.get("state", "planned"))
            for doc_id, doc in store.docs("sessions").items()
        )

    return store.derived("sessions.timeline", build)


def sessions_before(
    store: Store, partnership: Partnership, before: datetime, *, limit: int = 12, exclude_id: int | None = None
) -> list[Session]:
    """The `limit` most recent sessions scheduled before `before`, newest first.
    Only those are decoded, which keeps a long history cheap."""
    entries = timeline(store)
    end = bisect.bisect_left(entries, (before.isoformat(timespec="seconds"),))
    found: list[Session] = []
    for _, doc_id, partnership_id, _state in reversed(entries[:end]):
        if partnership_id != partnership.id or doc_id == exclude_id:
            continue
        session = store.get(Session, doc_id)
        if session is not None:
            found.append(session)
            if len(found) == limit:
                break
    return found


def held_between(store: Store, partnership: Partnership, start: datetime, end: datetime) -> int:
    """How many sessions were held in [start, end]."""
    entries = timeline(store)
    low = bisect.bisect_left(entries, (start.isoformat(timespec="seconds"),))
    high = bisect.bisect_right(entries, (end.isoformat(timespec="seconds"), float("inf")))
    return sum(1 for _, _, pid, state in entries[low:high] if pid == partnership.id and state == "held")
