"""The sessions' timeline followed edit by edit gives exactly what building it again
gives, whatever is added, moved, held or deleted, in a transaction or not, and a save that
changed one session reads only that one again."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import session_timeline
from companion.models import Session, SessionState
from companion.sessions import timeline
from companion.store import Store
from tests.conftest import make_partnership

DAY = datetime(2026, 11, 2, 16)
SLOTS = st.integers(0, 4)
OPERATIONS = st.one_of(
    st.tuples(st.just("put"), SLOTS, st.integers(1, 2), st.integers(-3, 3), st.sampled_from(list(SessionState))),
    st.tuples(st.just("delete"), SLOTS),
)


def fresh(store: Store) -> list[tuple]:
    docs = store.docs("sessions")
    return sorted(session_timeline._entry(int(doc_id), doc) for doc_id, doc in docs.items())


def apply(store: Store, ids: dict[int, int], operation: tuple) -> None:
    if operation[0] == "delete":
        if operation[1] in ids:
            store.delete(Session, ids.pop(operation[1]))
        return
    _, slot, partnership_id, days, state = operation
    when = DAY + timedelta(days=days)
    session = Session(partnership_id=partnership_id, scheduled_at=when, state=state, slot=when if days % 2 else None)
    if slot in ids:
        session.id = ids[slot]
        store.save(session)
    else:
        ids[slot] = store.add(session).id or 0


class Dropped(Exception):
    pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(("plain", "together", "dropped")), st.lists(OPERATIONS, max_size=4))))
def test_a_timeline_followed_edit_by_edit_equals_a_fresh_one(batches):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder)).open()
        for name in ("Sam", "Dana"):
            store.add(make_partnership(partner_name=name))
        ids: dict[int, int] = {}
        for how, operations in batches:
            kept = dict(ids)
            try:
                with store.transaction():
                    for operation in operations:
                        apply(store, ids, operation)
                        if how != "plain":  # read between writes, as a save's own checks do
                            assert timeline(store) == fresh(store)
                    if how == "dropped":
                        raise Dropped
            except Dropped:
                ids = kept
            assert timeline(store) == fresh(store)


def test_a_save_that_changed_one_session_reads_only_that_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = Store(tmp_path).open()
    partnership_id = store.add(make_partnership()).id or 0
    with store.transaction():
        for week in range(20):
            store.add(Session(partnership_id=partnership_id, scheduled_at=DAY + timedelta(weeks=week)))
    before = timeline(store)
    read: list[int] = []
    entry = session_timeline._entry
    monkeypatch.setattr(
        session_timeline, "_entry", lambda session_id, doc: read.append(session_id) or entry(session_id, doc)
    )
    store.update(Session, 3, scheduled_at=DAY - timedelta(days=1))
    assert timeline(store)[0][:2] == ((DAY - timedelta(days=1)).isoformat(timespec="seconds"), 3)
    assert read == [3]
    assert timeline(store) == fresh(store) and before != fresh(store)
