"""Full-text search over everything written down: sessions (agenda items, reflections and
their tags), notes, goals (title, expectations, check-in notes) and action items.

Every word of the query must match the start of a word of one field (case and accents
ignored, `companion.search_text`). Results come best first: the larger the share of the
field's words that matched, the better; then the more recent. Each result says whether
it is private (docs/trust.md, "Private stays private"): a private agenda item or
reflection, a private action, and a note or action an earlier agenda kept private
(docs/carry-over.md, "What stays private").

The index is an inverted index of words: a keystroke looks up the words that start with
each query word in a sorted vocabulary, and never scans the texts themselves. It is put
together again after the data changed (`Store.derived`), but each kind of record is read
again only when its table changed (`Store.table_version`), and a text already split into
words is not split again.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from companion import carry_over
from companion.codec import TABLES
from companion.models import ActionItem, Goal, Note, Session
from companion.search_text import context, fold, query_terms, words

if TYPE_CHECKING:
    from companion.store import Store

KINDS = ("session", "note", "goal", "action")
UNDATED = date.min


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable text: a field of a record."""

    kind: str  # one of KINDS
    record_id: int
    part: str  # which field: "agenda", "learned", "title", "check-in", ...
    on: date
    partnership_id: int
    private: bool
    text: str
    tags: frozenset[str] = frozenset()  # folded; only tags that are as shared as the text


@dataclass(frozen=True)
class Match:
    """A search result: the entry, and a line of context with the matches as spans."""

    entry: Entry
    context: str
    spans: tuple[tuple[int, int], ...]

    @property
    def private(self) -> bool:
        return self.entry.private


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to; `private_only` keeps only private matches."""

    partnership_id: int | None = None
    tag: str | None = None
    since: date | None = None
    until: date | None = None
    private_only: bool = False

    @cached_property
    def folded_tag(self) -> str:
        return fold(self.tag or "")

    def keeps(self, entry: Entry) -> bool:
        return (
            (self.partnership_id is None or entry.partnership_id == self.partnership_id)
            and (self.tag is None or self.folded_tag in entry.tags)
            and (self.since is None or entry.on >= self.since)
            and (self.until is None or entry.on <= self.until)
            and (not self.private_only or entry.private)
        )


NO_FILTERS = Filters()


@dataclass
class TextIndex:
    """Entries grouped by their text (a prompt asked in many sessions is indexed once),
    with an inverted index from each folded word to the texts holding it."""

    entries: list[Entry] = field(default_factory=list)
    days: list[int] = field(default_factory=list)  # each entry's date, as an ordinal
    text_entries: list[list[int]] = field(default_factory=list)  # per text, newest first
    lengths: list[int] = field(default_factory=list)  # words in each text
    postings: dict[str, dict[int, int]] = field(default_factory=dict)  # word -> text -> count
    vocabulary: list[str] = field(default_factory=list)  # sorted
    words: dict[str, dict[str, int]] = field(default_factory=dict)  # text -> word -> count

    @classmethod
    def of(cls, entries: Iterable[Entry], previous: TextIndex | None = None) -> TextIndex:
        """The index of `entries`; texts `previous` already split into words are not
        split again."""
        index = cls()
        known = previous.words if previous else {}
        numbers: dict[str, int] = {}
        postings: defaultdict[str, dict[int, int]] = defaultdict(dict)
        for number, entry in enumerate(entries):
            index.entries.append(entry)
            index.days.append(entry.on.toordinal())
            text_number = numbers.get(entry.text)
            if text_number is None:
                text_number = numbers[entry.text] = len(index.text_entries)
                index.text_entries.append([])
                found = known.get(entry.text)
                if found is None:
                    found = dict(Counter(words(entry.text)))
                index.words[entry.text] = found
                index.lengths.append(sum(found.values()) or 1)
                for word, count in found.items():
                    postings[word][text_number] = count
            index.text_entries[text_number].append(number)
        for group in index.text_entries:
            group.sort(key=lambda n: -index.days[n])
        index.postings = dict(postings)
        index.vocabulary = sorted(postings)
        return index

    def _counts(self, term: str) -> dict[int, int]:
        """Texts with a word starting with `term`, and how many such words each has."""
        start = bisect.bisect_left(self.vocabulary, term)
        end = bisect.bisect_left(self.vocabulary, term + "\U0010ffff", start)
        if end - start == 1:
            return self.postings[self.vocabulary[start]]
        merged: dict[int, int] = {}
        for word in self.vocabulary[start:end]:
            for number, count in self.postings[word].items():
                merged[number] = merged.get(number, 0) + count
        return merged

    def _scores(self, terms: list[str]) -> dict[int, int]:
        """Texts matching every term, with the number of their words that matched."""
        per_term = sorted((self._counts(term) for term in terms), key=len)
        scores = dict(per_term[0])
        for counts in per_term[1:]:
            scores = {number: score + counts[number] for number, score in scores.items() if number in counts}
        return scores

    def ranked(self, terms: list[str], filters: Filters) -> Iterator[tuple[float, int, Entry]]:
        """(-share, -day, entry) for entries matching every term and kept by `filters`,
        best first: a larger share of the text's words matched, then the more recent."""
        scores = self._scores(terms)
        by_share: defaultdict[float, list[list[int]]] = defaultdict(list)
        for text_number, score in scores.items():
            by_share[score / self.lengths[text_number]].append(self.text_entries[text_number])
        days = self.days
        for share in sorted(by_share, reverse=True):
            groups = by_share[share]
            numbers = groups[0] if len(groups) == 1 else heapq.merge(*groups, key=lambda n: -days[n])
            for number in numbers:
                entry = self.entries[number]
                if filters is NO_FILTERS or filters.keeps(entry):
                    yield -share, -days[number], entry


@dataclass
class SearchIndex:
    """The indexes of each kind of record, searched as one."""

    parts: list[TextIndex]

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> SearchIndex:
        return cls([TextIndex.of(entries)])

    def ranked(self, query: str, filters: Filters = NO_FILTERS) -> Iterator[Entry]:
        """Entries matching every word of `query` and kept by `filters`, best first. Lazy,
        so that a search box asking for the first screenful pays for little more."""
        terms = query_terms(query)
        if not terms:
            return iter(())
        found = [part.ranked(terms, filters) for part in self.parts]
        merged = found[0] if len(found) == 1 else heapq.merge(*found, key=lambda ranked: ranked[:2])
        return (entry for _, _, entry in merged)

    def search(self, query: str, filters: Filters = NO_FILTERS, *, limit: int | None = None) -> list[Match]:
        """Matches for `query`, best first (the first `limit` of them, if given)."""
        terms = query_terms(query)
        return [_match(entry, terms) for entry in itertools.islice(self.ranked(query, filters), limit)]


def _match(entry: Entry, terms: list[str]) -> Match:
    line = context(entry.text, terms)
    return Match(entry, line.line, line.spans)


def search_index(store: Store) -> SearchIndex:
    """The index over everything in the store, built again only after the data changed."""
    return store.derived("search-index", build_index)


def search(store: Store, query: str, filters: Filters = NO_FILTERS, *, limit: int | None = None) -> list[Match]:
    return search_index(store).search(query, filters, limit=limit)


# Each kind's index, kept while its table is unchanged: adding a note re-reads and
# re-indexes the notes, not ten thousand sessions.
_parts: weakref.WeakKeyDictionary[Store, dict[str, tuple[object, Any]]] = weakref.WeakKeyDictionary()


def build_index(store: Store) -> SearchIndex:
    parts = _parts.setdefault(store, {})

    def part(kind: str, version: object, make: Callable[[Any], Any]) -> Any:
        cached = parts.get(kind)
        if cached is None or cached[0] != version:
            cached = parts[kind] = (version, make(cached[1] if cached else None))
        return cached[1]

    sessions_version = store.table_version(TABLES[Session])
    sessions, private = part("session", sessions_version, lambda old: _session_part(store, old and old[0]))
    notes_version = (store.table_version(TABLES[Note]), sessions_version)
    actions_version = (store.table_version(TABLES[ActionItem]), sessions_version)
    return SearchIndex(
        [
            sessions,
            part("note", notes_version, lambda old: TextIndex.of(_note_entries(store, private), old)),
            part("goal", store.table_version(TABLES[Goal]), lambda old: TextIndex.of(_goal_entries(store), old)),
            part("action", actions_version, lambda old: TextIndex.of(_action_entries(store, private), old)),
        ]
    )


def _session_part(store: Store, previous: TextIndex | None) -> tuple[TextIndex, set[str]]:
    sessions = store.all(Session)
    entries = [entry for session in sessions for entry in session_entries(session)]
    return TextIndex.of(entries, previous), _private_keys(sessions)


def _note_entries(store: Store, private: set[str]) -> list[Entry]:
    return [entry for note in store.all(Note) for entry in note_entries(note, private)]


def _goal_entries(store: Store) -> list[Entry]:
    return [entry for goal in store.all(Goal) for entry in goal_entries(goal)]


def _action_entries(store: Store, private: set[str]) -> list[Entry]:
    return [entry for action in store.all(ActionItem) for entry in action_entries(action, private)]


def _private_keys(sessions: list[Session]) -> set[str]:
    """Keys of notes and actions that the newest agenda listing them kept private."""
    by_partnership: defaultdict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        by_partnership[session.partnership_id].append(session)
    keys: set[str] = set()
    for history in by_partnership.values():
        history.sort(key=lambda s: s.scheduled_at, reverse=True)
        keys |= carry_over.private_keys(s.agenda for s in history)
    return keys


def _day(moment: datetime | date | None) -> date:
    if moment is None:
        return UNDATED
    return moment.date() if isinstance(moment, datetime) else moment


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
    for part, text in parts.items():
        if text.strip():
            yield Entry("session", session.id, part, on, session.partnership_id, reflection.private, text, tags)


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
    for part, text in parts.items():
        if text.strip():
            yield Entry("goal", goal.id, part, on, goal.partnership_id, goal.private, text, tags)
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
