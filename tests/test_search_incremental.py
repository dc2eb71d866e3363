"""The search index brought up to date edit by edit gives exactly what a fresh build gives,
whatever is added, changed or deleted, and the notes and actions an agenda keeps private
stay right (docs/carry-over.md, "What stays private")."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import carry_over, search
from companion.models import ActionItem, Agenda, AgendaItem, Goal, Note, Reflection, Section, Session, SessionState
from companion.search_parts import Parts
from companion.store import Store
from tests.conftest import make_partnership
from tests.depth import examples

WORDS = ("alpha", "alpine", "Älpha", "beta", "bet", "gamma", "delta", "delt")
TEXTS = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)
SLOTS = st.integers(0, 2)
KINDS = ("session", "note", "goal", "action")
LISTED = st.lists(st.tuples(st.sampled_from(("note", "action")), st.just(0), st.booleans()), max_size=2)
SESSIONS = st.tuples(
    st.just("session"), SLOTS, st.integers(1, 2), st.integers(0, 3), TEXTS, TEXTS, st.booleans(), LISTED
)
OPERATIONS = st.one_of(
    SESSIONS,
    SESSIONS,
    st.tuples(st.just("note"), SLOTS, st.integers(1, 2), TEXTS),
    st.tuples(st.just("goal"), SLOTS, st.integers(1, 2), TEXTS),
    st.tuples(st.just("action"), SLOTS, st.integers(1, 2), TEXTS, st.booleans()),
    st.tuples(st.just("delete"), st.sampled_from(KINDS), SLOTS),
)
CLASSES = {"session": Session, "note": Note, "goal": Goal, "action": ActionItem}
DAY = datetime(2026, 11, 2, 16)


class Edits:
    """Adds, changes and deletes records by a slot number per kind."""

    def __init__(self, store: Store):
        self.store = store
        self.ids: dict[tuple[str, int], int] = {}

    def apply(self, operation: tuple) -> None:
        kind = operation[0]
        if kind == "delete":
            record_id = self.ids.pop((operation[1], operation[2]), None)
            if record_id is not None:
                self.store.delete(CLASSES[operation[1]], record_id)
            return
        record = getattr(self, kind)(*operation[2:])
        record_id = self.ids.get((kind, operation[1]))
        if record_id is None:
            self.ids[(kind, operation[1])] = self.store.add(record).id or 0
        else:
            record.id = record_id
            self.store.save(record)

    def session(self, partnership_id, day, text, learned, private, listed) -> Session:
        items = [AgendaItem(id="t", section=Section.EXPLORE, text=text, minutes=5)] if text else []
        for number, (kind, slot, kept_private) in enumerate(listed):
            ref = str(self.ids.get((kind, slot), 100 + slot))
            items.append(AgendaItem(id=f"r{number}", section=Section.CARRY_OVER, text=f"{kind} {learned}", minutes=5))
            items[-1].source, items[-1].ref, items[-1].private = kind, ref, kept_private
        when = DAY + timedelta(days=7 * day)
        reflection = Reflection(learned=learned, tags=learned.split()[:1], private=private, is_draft=False)
        return Session(
            partnership_id=partnership_id,
            scheduled_at=when,
            state=SessionState.HELD,
            held_at=when,
            agenda=Agenda(items=items),
            reflection=reflection if learned else None,
        )

    def note(self, partnership_id, text) -> Note:
        return Note(partnership_id=partnership_id, text=text or "note", created_at=DAY)

    def goal(self, partnership_id, text) -> Goal:
        return Goal(partnership_id=partnership_id, title=text or "goal", my_expectation=text, created_at=DAY)

    def action(self, partnership_id, text, private) -> ActionItem:
        return ActionItem(partnership_id=partnership_id, text=text or "action", private=private, created_at=DAY)


def expected_private_keys(store: Store) -> set[str]:
    """What carry_over decides, newest agenda first per partnership, as the export does."""
    by_partnership: defaultdict[int, list[Session]] = defaultdict(list)
    for session in store.all(Session):
        by_partnership[session.partnership_id].append(session)
    keys: set[str] = set()
    for history in by_partnership.values():
        history.sort(key=lambda s: (s.scheduled_at, s.id or 0), reverse=True)
        keys |= carry_over.private_keys(s.agenda for s in history)
    return {key for key in keys if key.startswith(("note:", "action:"))}


def queries(index: search.SearchIndex) -> list[str]:
    """A few words of the data, two word starts, two words together, and a miss."""
    seen = sorted({word for part in index.parts for word in part.postings})
    return [*seen[:3], *(word[:2] for word in seen[-2:]), " ".join(seen[:2]), "nothing"]


def results(index: search.SearchIndex, query: str, filters: search.Filters) -> list[tuple]:
    return [(m.entry, m.context, m.spans) for m in index.search(query, filters)]


SOME = settings(max_examples=examples(60, floor=24), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SOME
@given(st.lists(st.lists(OPERATIONS, min_size=1, max_size=4), min_size=1, max_size=6))
def test_an_index_kept_up_to_date_equals_a_fresh_one(batches):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder)).open()
        for name in ("Sam", "Dana"):
            store.add(make_partnership(partner_name=name))
        edits = Edits(store)
        for batch in batches:
            for operation in batch:
                edits.apply(operation)
            kept = search.search_index(store)
            fresh = search.SearchIndex(Parts().refresh(store))
            assert search._parts[store].keys.private == expected_private_keys(store)
            assert [sorted(p.postings) for p in kept.parts] == [sorted(p.postings) for p in fresh.parts]
            for query in queries(fresh):
                for filters in (search.NO_FILTERS, search.Filters(partnership_id=2, private_only=True)):
                    assert results(kept, query, filters) == results(fresh, query, filters)


def test_the_store_tells_which_ids_changed_until_it_no_longer_knows(tmp_path: Path, monkeypatch):
    from companion.datafile import EncodedLines

    monkeypatch.setattr(EncodedLines, "JOURNAL", 2)
    store = Store(tmp_path).open()
    partnership_id = store.add(make_partnership()).id or 0
    since = store.table_version("notes")
    first = store.add(Note(partnership_id=partnership_id, text="alpha", created_at=DAY))
    assert store.changed_ids("notes", since) == {first.id}
    store.delete(Note, first.id or 0)
    assert store.changed_ids("notes", since) == {first.id}
    for text in ("beta", "gamma", "delta"):
        store.add(Note(partnership_id=partnership_id, text=text, created_at=DAY))
    assert store.changed_ids("notes", since) is None  # more than the journal keeps
    assert [m.entry.text for m in search.search(store, "delta")] == ["delta"]
    assert search.search(store, "alpha") == []
    since = store.table_version("notes")
    store.table("notes")  # a bulk write may change anything
    assert store.changed_ids("notes", since) is None
