"""The inverted index behind full-text search (`companion.search`): entries, the filters
that narrow them, and one kind's index, which follows edits record by record.

A keystroke looks up the words that start with each query word in a sorted vocabulary,
and never scans the texts themselves. Entries are grouped by their text (a prompt asked in
many sessions is indexed once). An edit replaces one record's entries: their texts'
postings are removed and the new ones added, so it costs what the record holds, not what
the whole history holds.

Ranking is a total order, so an index brought up to date edit by edit gives exactly what
a fresh one gives: a larger share of the text's words matched first, then the more
recent, then the lower record id, then the record's own order of fields.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from companion.search_text import fold, words

# An entry's place in the ranking as one whole number, smallest first: the newest day,
# then the lower record id, then the field's position in its record.
_DAY_SHIFT = 2**48
_RECORD_SHIFT = 2**16


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable text: a field of a record."""

    kind: str  # one of search.KINDS
    record_id: int
    part: str  # which field: "agenda", "learned", "title", "check-in", ...
    on: date
    partnership_id: int
    private: bool
    text: str
    tags: frozenset[str] = frozenset()  # folded; only tags that are as shared as the text


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


def _rank_key(entry: Entry, position: int) -> int:
    return -entry.on.toordinal() * _DAY_SHIFT + entry.record_id * _RECORD_SHIFT + min(position, _RECORD_SHIFT - 1)


@dataclass
class TextIndex:
    """One kind's entries, with an inverted index from each folded word to the texts
    holding it. Entry and text numbers freed by an edit are used again."""

    entries: list[Entry | None] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)  # each entry's rank key (`_rank_key`)
    records: dict[int, list[int]] = field(default_factory=dict)  # record id -> its entries
    text_numbers: dict[str, int] = field(default_factory=dict)
    texts: list[str | None] = field(default_factory=list)
    text_entries: list[list[int]] = field(default_factory=list)  # per text, by rank key
    lengths: list[int] = field(default_factory=list)  # words in each text
    postings: dict[str, dict[int, int]] = field(default_factory=dict)  # word -> text -> count
    vocabulary: list[str] = field(default_factory=list)  # sorted
    words: dict[str, dict[str, int]] = field(default_factory=dict)  # text -> word -> count
    free_entries: list[int] = field(default_factory=list)
    free_texts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, entries: Iterable[Entry], previous: TextIndex | None = None) -> TextIndex:
        """The index of `entries` (each record's entries together, in its order of
        fields); texts `previous` already split into words are not split again."""
        index = cls()
        known = previous.words if previous else {}
        postings: defaultdict[str, dict[int, int]] = defaultdict(dict)
        for number, entry in enumerate(entries):
            index.entries.append(entry)
            numbers = index.records.setdefault(entry.record_id, [])
            index.keys.append(_rank_key(entry, len(numbers)))
            numbers.append(number)
            text_number = index.text_numbers.get(entry.text)
            if text_number is None:
                found = known.get(entry.text)
                text_number = index._new_text(entry.text, found, postings)
            index.text_entries[text_number].append(number)
        for group in index.text_entries:
            group.sort(key=index.keys.__getitem__)
        index.postings = dict(postings)
        index.vocabulary = sorted(postings)
        return index

    def replace_record(self, record_id: int, entries: Iterable[Entry]) -> None:
        """Put `entries` in place of what the record had (nothing: it was deleted)."""
        for number in self.records.pop(record_id, ()):
            self._remove_entry(number)
        numbers = [self._add_entry(entry, position) for position, entry in enumerate(entries)]
        if numbers:
            self.records[record_id] = numbers

    def _add_entry(self, entry: Entry, position: int) -> int:
        key = _rank_key(entry, position)
        if self.free_entries:
            number = self.free_entries.pop()
            self.entries[number], self.keys[number] = entry, key
        else:
            number = len(self.entries)
            self.entries.append(entry)
            self.keys.append(key)
        text_number = self.text_numbers.get(entry.text)
        if text_number is None:
            text_number = self._new_text(entry.text, None, None)
        bisect.insort(self.text_entries[text_number], number, key=self.keys.__getitem__)
        return number

    def _remove_entry(self, number: int) -> None:
        entry = self.entries[number]
        assert entry is not None
        self.entries[number] = None
        self.free_entries.append(number)
        text_number = self.text_numbers[entry.text]
        group = self.text_entries[text_number]
        group.remove(number)
        if not group:
            self._drop_text(text_number)

    def _new_text(self, text: str, found: dict[str, int] | None, postings: dict[str, dict[int, int]] | None) -> int:
        """Number a text and post its words: into `postings` while building (the
        vocabulary is sorted at the end), else straight into the index."""
        if found is None:
            found = dict(Counter(words(text)))
        if self.free_texts:
            text_number = self.free_texts.pop()
            self.texts[text_number], self.lengths[text_number] = text, sum(found.values()) or 1
        else:
            text_number = len(self.texts)
            self.texts.append(text)
            self.text_entries.append([])
            self.lengths.append(sum(found.values()) or 1)
        self.text_numbers[text] = text_number
        self.words[text] = found
        for word, count in found.items():
            if postings is not None:
                postings[word][text_number] = count
                continue
            posted = self.postings.get(word)
            if posted is None:
                posted = self.postings[word] = {}
                bisect.insort(self.vocabulary, word)
            posted[text_number] = count
        return text_number

    def _drop_text(self, text_number: int) -> None:
        text = self.texts[text_number]
        assert text is not None
        self.texts[text_number] = None
        del self.text_numbers[text]
        self.free_texts.append(text_number)
        for word in self.words.pop(text):
            posted = self.postings[word]
            del posted[text_number]
            if not posted:
                del self.postings[word]
                del self.vocabulary[bisect.bisect_left(self.vocabulary, word)]

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
        best first (see the module's docstring)."""
        scores = self._scores(terms)
        by_share: defaultdict[float, list[list[int]]] = defaultdict(list)
        for text_number, score in scores.items():
            by_share[score / self.lengths[text_number]].append(self.text_entries[text_number])
        keys = self.keys
        for share in sorted(by_share, reverse=True):
            groups = by_share[share]
            numbers = groups[0] if len(groups) == 1 else heapq.merge(*groups, key=keys.__getitem__)
            for number in numbers:
                entry = self.entries[number]
                assert entry is not None  # only live entries are posted
                if filters is NO_FILTERS or filters.keeps(entry):
                    yield -share, keys[number] // _DAY_SHIFT, entry
