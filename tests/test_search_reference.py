"""The fast paths of search give what a plain reading of the rules gives: the line of
context and its marks (folding character by character, every line looked at), and the
matches in their order (every entry scanned, scored and sorted)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from companion.search import SearchIndex
from companion.search_index import Entry
from companion.search_text import CONTEXT_BEFORE, CONTEXT_WIDTH, ELLIPSIS, context, fold, query_terms, words

WORD = re.compile(r"\w+")
PIECES = ("alpha", "Alpine", "ÄLPHA", "beta", "bet", "Straße", "ﬁle", "file", "the", "thé", "a", "x9")
TEXTS = st.lists(st.sampled_from(PIECES + (" ", "\n", ", ", "é")), max_size=30).map(" ".join)
QUERIES = st.lists(
    st.sampled_from(("al", "alp", "alpha", "b", "bet", "stras", "fi", "th", "the", "a", "x")), max_size=3
)


def plain_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    folded, origins = "", []
    for index, char in enumerate(text):
        piece = fold(char)
        folded += piece
        origins += [index] * len(piece)
    spans = []
    for found in WORD.finditer(folded):
        length = max((len(term) for term in terms if found.group().startswith(term)), default=0)
        if length:
            spans.append((origins[found.start()], origins[found.start() + length - 1] + 1))
    return spans


def plain_context(text: str, terms: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    lines = text.splitlines() or [""]
    chosen = next((line for line in lines if plain_spans(line, terms)), lines[0])
    spans = plain_spans(chosen, terms)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - CONTEXT_BEFORE, len(chosen) - CONTEXT_WIDTH))
    end = min(len(chosen), start + CONTEXT_WIDTH)
    prefix = ELLIPSIS if start > 0 else ""
    shift = len(prefix) - start
    kept = tuple((s + shift, min(e, end) + shift) for s, e in spans if start <= s < end)
    return prefix + chosen[start:end] + (ELLIPSIS if end < len(chosen) else ""), kept


@settings(max_examples=150, deadline=None)
@given(TEXTS, QUERIES)
def test_context_marks_what_a_plain_reading_marks(text: str, terms: list[str]):
    line = context(text, terms)
    assert (line.line, line.spans) == plain_context(text, terms)


def plain_search(entries: list[Entry], query: str) -> list[tuple[str, int, str]]:
    terms = query_terms(query)
    if not terms:
        return []
    found = []
    positions: dict[int, int] = {}
    for entry in entries:
        position = positions[entry.record_id] = positions.get(entry.record_id, -1) + 1
        its_words = words(entry.text)
        counts = [sum(word.startswith(term) for word in its_words) for term in terms]
        if all(counts):
            share = sum(counts) / (len(its_words) or 1)
            found.append(((-share, -entry.on.toordinal(), entry.record_id, position), entry))
    found.sort(key=lambda pair: pair[0])
    return [(entry.text, entry.record_id, plain_context(entry.text, terms)[0]) for _, entry in found]


ENTRIES = st.lists(st.tuples(st.integers(1, 6), st.integers(0, 3), TEXTS), max_size=25)


@settings(max_examples=150, deadline=None)
@given(
    ENTRIES, st.lists(st.sampled_from(("al", "alp", "b", "bet", "stras", "fi", "th", "the", "a", "x", " ")), max_size=4)
)
def test_matches_come_in_the_order_a_plain_scan_gives(records, typed):
    entries = []
    for record_id in sorted({record_id for record_id, _, _ in records}):
        for _, days, text in (r for r in records if r[0] == record_id):
            entries.append(Entry("note", record_id, "note", date(2026, 1, 1) + timedelta(days), 1, False, text))
    index = SearchIndex.of(entries)
    query = "".join(typed)
    for limit in (None, 3):
        got = [(m.entry.text, m.entry.record_id, m.context) for m in index.search(query, limit=limit)]
        assert got == plain_search(entries, query)[:limit]
