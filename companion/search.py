"""Full-text search over everything written down: sessions (agenda items, reflections and
their tags), notes, goals (title, expectations, check-in notes) and action items.

Every word of the query must match the start of a word of one field (case and accents
ignored, `companion.search_text`). Results come best first: the larger the share of the
field's words that matched, the better; then the more recent. Each result says whether
it is private (docs/trust.md, "Private stays private"): a private agenda item or
reflection, a private action, and a note or action an earlier agenda kept private
(docs/carry-over.md, "What stays private").

The index is an inverted index of words (`companion.search_index`), one per kind of
record. After the data changed (`Store.derived`) each kind's index is brought up to date
(`companion.search_parts`): only the records changed since are read again and their
entries replaced, so typing a reflection costs what that session holds, not what ten
thousand sessions hold.
"""

from __future__ import annotations

import heapq
import itertools
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from companion.search_index import NO_FILTERS, Entry, Filters, TextIndex
from companion.search_parts import Parts, action_entries, goal_entries, note_entries, session_entries
from companion.search_text import Context, context, query_terms

if TYPE_CHECKING:
    from companion.store import Store

__all__ = [
    "KINDS",
    "NO_FILTERS",
    "Entry",
    "Filters",
    "Match",
    "SearchIndex",
    "action_entries",
    "goal_entries",
    "note_entries",
    "search",
    "search_index",
    "session_entries",
]

KINDS = ("session", "note", "goal", "action")


@dataclass(frozen=True)
class Match:
    """A search result: the entry, and a line of context with the matches as spans."""

    entry: Entry
    context: str
    spans: tuple[tuple[int, int], ...]

    @property
    def private(self) -> bool:
        return self.entry.private


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
        lines: dict[str, Context] = {}  # a text shown many times is marked once
        matches = []
        for entry in itertools.islice(self.ranked(query, filters), limit):
            line = lines.get(entry.text)
            if line is None:
                line = lines[entry.text] = context(entry.text, terms)
            matches.append(Match(entry, line.line, line.spans))
        return matches


def search_index(store: Store) -> SearchIndex:
    """The index over everything in the store, built again only after the data changed."""
    return store.derived("search-index", build_index)


def search(store: Store, query: str, filters: Filters = NO_FILTERS, *, limit: int | None = None) -> list[Match]:
    return search_index(store).search(query, filters, limit=limit)


# Each store's parts, brought up to date in place: a reflection typed re-reads and
# re-indexes that one session, not ten thousand.
_parts: weakref.WeakKeyDictionary[Store, Parts] = weakref.WeakKeyDictionary()


def build_index(store: Store) -> SearchIndex:
    return SearchIndex(_parts.setdefault(store, Parts()).refresh(store))
