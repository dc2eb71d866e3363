"""Text as search sees it: folded words, and a line of context with the matches marked.

Matching ignores case and accents ("zettelkasten" finds "Zettelkästen"): a text is
decomposed (NFKD), its combining marks dropped and the rest case-folded. A word of the
query matches a word of the text that starts with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORD = re.compile(r"\w+")
CONTEXT_WIDTH = 100  # characters of context around the first match
CONTEXT_BEFORE = 30  # of which at most this many come before it
ELLIPSIS = "…"


def fold(text: str) -> str:
    """`text` as matched: accents dropped, case folded (lengths may change: "ß" is "ss")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return WORD.findall(fold(text))


def query_terms(query: str) -> list[str]:
    """The distinct folded words of a query, in order."""
    return list(dict.fromkeys(words(query)))


def fold_with_positions(text: str) -> tuple[str, list[int]] | tuple[str, range]:
    """The folded text, and for each of its characters the index of the character of
    `text` it came from (so that a match found in the folded text can be marked in the
    original)."""
    if text.isascii():  # one character each: folding keeps every position
        return text.lower(), range(len(text))
    folded: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        piece = char.lower() if char.isascii() else fold(char)
        folded.append(piece)
        origins.extend([index] * len(piece))
    return "".join(folded), origins


@dataclass(frozen=True)
class Context:
    """One line of a text around its first match; `spans` are (start, end) in `line`."""

    line: str
    spans: tuple[tuple[int, int], ...]


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the words of `text` that start with one of `terms` begin, as (start, end)
    spans of `text` covering the matching part."""
    folded, origins = fold_with_positions(text)
    prefixes = tuple(terms)
    spans = []
    for found in WORD.finditer(folded):
        word = found.group()
        if not word.startswith(prefixes):
            continue
        length = max(len(term) for term in terms if word.startswith(term))
        start, last = found.start(), found.start() + length - 1
        spans.append((origins[start], origins[last] + 1))
    return spans


def context(text: str, terms: list[str]) -> Context:
    """The line of `text` holding the first match, cut to about `CONTEXT_WIDTH`
    characters around it, with every match on it marked."""
    lines = text.splitlines() or [""]
    chosen, spans = lines[0], []
    for line in lines:
        if found := match_spans(line, terms):
            chosen, spans = line, found
            break
    first = spans[0][0] if spans else 0
    start = max(0, min(first - CONTEXT_BEFORE, len(chosen) - CONTEXT_WIDTH))
    end = min(len(chosen), start + CONTEXT_WIDTH)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(chosen) else ""
    shift = len(prefix) - start
    kept = tuple((s + shift, min(e, end) + shift) for s, e in spans if s >= start and s < end)
    return Context(prefix + chosen[start:end] + suffix, kept)
