"""Each kind of record's part of the search index, kept up to date edit by edit.

A part remembers the table version it was last brought to (`Store.table_version`). When
the store can tell which documents changed since (`Store.changed_ids`), only those are
read again and their entries replaced; otherwise (another process wrote the file, a bulk
write) the part is built again, reusing the words of texts it had already split.

Notes and actions also depend on the sessions: a note or action that the newest agenda
listing it kept private is private (docs/carry-over.md, "What stays private"). The
sessions' part keeps who lists what (`PrivateKeys`), so an edited agenda changes the
privacy of only the notes and actions it lists, and only those are indexed again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from companion import carry_over
from companion.codec import TABLES
from companion.models import ActionItem, Goal, Note, Session
from companion.search_index import Entry, TextIndex
from companion.search_text import fold

if TYPE_CHECKING:
    from companion.store import Store

UNDATED = date.min
_TRACKED = ("note:", "action:")  # the keys whose privacy an agenda decides for search


@dataclass
class PrivateKeys:
    """Keys of notes and actions that the newest agenda listing them kept private, per
    partnership: the session with the latest time (then the highest id) decides, as in
    the export (docs/export-format.md, "What is private")."""

    listings: dict[int, tuple[int, tuple[datetime, int], dict[str, bool]]] = field(default_factory=dict)
    holders: dict[str, set[int]] = field(default_factory=dict)  # key -> sessions listing it
    private: set[str] = field(default_factory=set)

    def replace_session(self, session_id: int, session: Session | None) -> None:
        """Put the session's listings (none: it was deleted) in place of its old ones."""
        touched: set[str] = set()
        old = self.listings.pop(session_id, None)
        for key in old[2] if old else ():
            self.holders[key].discard(session_id)
            touched.add(key)
        here = _listed(session) if session is not None else {}
        if session is not None and here:
            self.listings[session_id] = (session.partnership_id, (session.scheduled_at, session_id), here)
            for key in here:
                self.holders.setdefault(key, set()).add(session_id)
                touched.add(key)
        for key in touched:
            if self._decide(key):
                self.private.add(key)
            else:
                self.private.discard(key)

    def _decide(self, key: str) -> bool:
        newest: dict[int, tuple[tuple[datetime, int], bool]] = {}
        for session_id in self.holders.get(key, ()):
            partnership_id, order, here = self.listings[session_id]
            known = newest.get(partnership_id)
            if known is None or order > known[0]:
                newest[partnership_id] = (order, here[key])
        if not newest:
            self.holders.pop(key, None)
        return any(private for _, private in newest.values())


def _listed(session: Session) -> dict[str, bool]:
    """The note and action keys the session's agenda lists, and whether it kept each
    private (any item listing it private)."""
    here: dict[str, bool] = {}
    for item in session.agenda.items if session.agenda else ():
        for key in carry_over.item_keys(item):
            if key.startswith(_TRACKED):
                here[key] = here.get(key, False) or item.private
    return here


@dataclass
class Part:
    """One kind's index and the table version it is up to date with."""

    version: tuple[int, int, int]
    index: TextIndex


@dataclass
class Parts:
    """Every kind's part for one store."""

    sessions: Part | None = None
    keys: PrivateKeys = field(default_factory=PrivateKeys)
    notes: Part | None = None
    goals: Part | None = None
    actions: Part | None = None

    def refresh(self, store: Store) -> list[TextIndex]:
        """Every kind's index, up to date with the store: sessions, notes, goals, actions."""
        flipped = self._refresh_sessions(store)
        note_ids = {int(key[5:]) for key in flipped if key.startswith("note:") and key[5:].isdigit()}
        action_ids = {int(key[7:]) for key in flipped if key.startswith("action:") and key[7:].isdigit()}
        private = self.keys.private
        self.notes = _refresh(store, Note, self.notes, lambda note: note_entries(note, private), note_ids)
        self.goals = _refresh(store, Goal, self.goals, goal_entries, set())
        self.actions = _refresh(store, ActionItem, self.actions, lambda a: action_entries(a, private), action_ids)
        assert self.sessions is not None
        return [self.sessions.index, self.notes.index, self.goals.index, self.actions.index]

    def _refresh_sessions(self, store: Store) -> set[str]:
        """Bring the sessions' part and the private keys up to date; the keys whose
        privacy changed."""
        before = set(self.keys.private)
        name = TABLES[Session]
        version = store.table_version(name)
        part = self.sessions
        changed = _changed(store, name, part, version)
        if part is None or changed is None:
            sessions = store.all(Session)
            self.keys = PrivateKeys()
            for session in sessions:
                assert session.id is not None
                self.keys.replace_session(session.id, session)
            entries = (entry for session in sessions for entry in session_entries(session))
            self.sessions = Part(version, TextIndex.of(entries, part.index if part else None))
        else:
            for session_id in changed:
                found = store.get(Session, session_id)
                self.keys.replace_session(session_id, found)
                part.index.replace_record(session_id, session_entries(found) if found else ())
            part.version = version
        return before ^ self.keys.private


def _changed(store: Store, name: str, part: Part | None, version: tuple[int, int, int]) -> set[int] | None:
    """Ids changed since the part was brought up to date; None: build it again."""
    if part is None:
        return None
    return set() if version == part.version else store.changed_ids(name, part.version)


def _refresh(
    store: Store, cls: type, part: Part | None, entries_of: Callable[[Any], Iterable[Entry]], also: set[int]
) -> Part:
    name = TABLES[cls]
    version = store.table_version(name)
    changed = _changed(store, name, part, version)
    if part is None or changed is None:
        records: list[Any] = store.all(cls)
        previous = part.index if part else None
        return Part(version, TextIndex.of((entry for r in records for entry in entries_of(r)), previous))
    for record_id in changed | also:
        record = store.get(cls, record_id)
        part.index.replace_record(record_id, entries_of(record) if record is not None else ())
    part.version = version
    return part


def _day(moment: datetime | date | None) -> date:
    if moment is None:
        return UNDATED
    return moment.date() if isinstance(moment, datetime) else moment


def _field_entries(
    kind: str, record_id: int, parts: dict[str, str], on: date, partnership_id: int, private: bool, tags: frozenset
) -> Iterator[Entry]:
    """An entry for each named field of a record that holds any text."""
    for part, text in parts.items():
        if text.strip():
            yield Entry(kind, record_id, part, on, partnership_id, private, text, tags)


def session_entries(session: Session) -> Iterator[Entry]:
    assert session.id is not None  # read from the store
    on = _day(session.held_at or session.scheduled_at)
    reflection = session.reflection
    shared_tags = frozenset(fold(t) for t in reflection.tags) if reflection and not reflection.private else frozenset()
    for item in session.agenda.items if session.agenda else ():
        if item.text.strip():
            yield Entry(
                "session", session.id, "agenda", on, session.partnership_id, item.private, item.text, shared_tags
            )
    if reflection is None:
        return
    tags = frozenset(fold(t) for t in reflection.tags)
    parts = {
        "learned": reflection.learned,
        "will try": reflection.will_try,
        "surprised": reflection.surprised,
        "notes": reflection.notes,
        "tags": " ".join(reflection.tags),
    }
    yield from _field_entries("session", session.id, parts, on, session.partnership_id, reflection.private, tags)
    for marked in reflection.lesson_returns:  # each return of a lesson, found by its verdict too
        text = f"{marked.verdict.label}: {marked.text}"
        yield Entry("session", session.id, "lesson", marked.on, session.partnership_id, reflection.private, text, tags)


def note_entries(note: Note, private_keys: set[str]) -> Iterator[Entry]:
    assert note.id is not None  # read from the store
    private = f"note:{note.id}" in private_keys
    if note.text.strip():
        yield Entry("note", note.id, "note", _day(note.created_at), note.partnership_id, private, note.text)


def goal_entries(goal: Goal) -> Iterator[Entry]:
    assert goal.id is not None  # read from the store
    on = _day(goal.created_at or (goal.status_changes[0].on if goal.status_changes else None))
    tags = frozenset(fold(t) for t in goal.tags)
    parts = {
        "title": goal.title,
        "my expectation": goal.my_expectation,
        "partner's expectation": goal.partner_expectation,
        "tags": " ".join(goal.tags),
    }
    yield from _field_entries("goal", goal.id, parts, on, goal.partnership_id, goal.private, tags)
    for check_in in goal.check_ins:
        if check_in.note.strip():
            yield Entry(
                "goal", goal.id, "check-in", check_in.on, goal.partnership_id, goal.private, check_in.note, tags
            )


def action_entries(action: ActionItem, private_keys: set[str]) -> Iterator[Entry]:
    assert action.id is not None  # read from the store
    private = action.private or f"action:{action.id}" in private_keys
    on = _day(action.created_at or action.due)
    if action.text.strip():
        yield Entry("action", action.id, "action", on, action.partnership_id, private, action.text)
