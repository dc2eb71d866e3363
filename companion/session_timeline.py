"""Every session as one short entry in time order (`sessions.timeline`), followed edit by
edit: after a save that changed one session, that session's entry is replaced, where
building it again sorts ten thousand. When the store cannot tell which sessions changed
(another process wrote the file, a bulk write, a transaction dropped), it is built again,
as the search index is (`companion.search_parts`)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from companion.store import Store

TimelineEntry = tuple[str, int, int, str, str]  # (scheduled_at, id, partnership id, state, slot or "")
TABLE = "sessions"


@dataclass(frozen=True)
class Timeline:
    """The entries in time order, each session's entry, and the table version they follow."""

    version: tuple[int, int, int]
    entries: list[TimelineEntry]
    by_id: dict[int, TimelineEntry]


def follow_timeline(store: Store, known: Timeline | None) -> Timeline:
    """The timeline now: `known` brought up to date, or built again."""
    version = store.table_version(TABLE)
    changed = None if known is None else store.changed_ids(TABLE, known.version)
    docs = store.docs(TABLE)
    if known is None or changed is None:
        by_id = {int(doc_id): _entry(int(doc_id), doc) for doc_id, doc in docs.items()}
        return Timeline(version, sorted(by_id.values()), by_id)
    # Copies: a caller may still hold the previous entries.
    entries, by_id = list(known.entries), dict(known.by_id)
    for session_id in changed:
        old = by_id.pop(session_id, None)
        if old is not None:
            del entries[bisect.bisect_left(entries, old)]
        doc = docs.get(str(session_id))
        if doc is not None:
            by_id[session_id] = _entry(session_id, doc)
            bisect.insort(entries, by_id[session_id])
    return Timeline(version, entries, by_id)


def _entry(session_id: int, doc: dict[str, Any]) -> TimelineEntry:
    return doc["scheduled_at"], session_id, doc["partnership_id"], doc.get("state", "planned"), doc.get("slot") or ""
