"""Checks on prompt banks beyond the schema: each returns a list of problems in plain words
(empty when the banks pass). Used by tests/test_prompt_bank_lint.py on the shipped banks;
the rules are described in docs/prompts.md."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from companion.banks import BANK_SECTIONS, COMMON, Prompt

MIN_CHARS = 60
MAX_CHARS = 420
MIN_PER_STANCE = 30  # a role bank's prompts for one stance, its `both` ones included
MIN_PER_SECTION = 3  # prompts a partnership can draw on in each section
# Jaccard similarity of two texts' content words at which they count as one idea twice.
# Measured on the first edition's banks: the repeated ideas reworded per role score 0.25 to
# 0.30 (hands off the keyboard, polite versus convinced, what stuck since last time, where
# people look for help) and the most alike unrelated pair 0.24. Ideas repeated in quite
# different words (muted apps, credit, teach it back, the glossary) score 0.06 to 0.20,
# as unrelated pairs do: word overlap cannot find those; reading the banks must.
NEAR_DUPLICATE = 0.25
ROLE_STANCES = ("mentor", "mentee")
# Well-known AI and tool products: prompts name kinds of tools, which do not date. Names
# that are also everyday words in these texts (a cursor, a notion, to excel) are left out.
BRANDS = (
    "chatgpt",
    "openai",
    "gpt-4",
    "claude",
    "anthropic",
    "gemini",
    "copilot",
    "midjourney",
    "dall-e",
    "stable diffusion",
    "perplexity",
    "figma",
    "jira",
    "slack",
    "discord",
    "tiktok",
    "reddit",
    "github",
    "miro",
    "zapier",
    "vs code",
)
STOP_WORDS = frozenset(
    """a about after again all also an and any are as at be been before being both but by can
    could did do does doing each either for from had has have how i if in into is it its
    just last let like make may me more most my next no not now of on one or other our out
    over own same should show so some than that the their them then there these they this
    those through time to too up us use used using want was way we were what when where
    which while who why will with would you your yours yourself""".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def content_words(text: str) -> frozenset[str]:
    """The words of a text that carry its idea: lowercase, without common small words, and
    cut to a rough stem (`-ing`, `-ed`, `-ly`, `-es`, `-s` dropped from longer words)."""
    words = set()
    for word in _WORD.findall(text.lower()):
        word = word.split("'")[0]
        if word in STOP_WORDS or len(word) < 3:
            continue
        words.add(stem(word))
    return frozenset(words)


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "ly", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def duplicate_ids(prompts: Iterable[Prompt]) -> list[str]:
    counts = Counter(p.id for p in prompts)
    return [f"id {prompt_id!r} appears {n} times" for prompt_id, n in sorted(counts.items()) if n > 1]


def duplicate_texts(prompts: Iterable[Prompt]) -> list[str]:
    by_text: dict[str, list[str]] = defaultdict(list)
    for p in prompts:
        by_text[" ".join(p.text.lower().split())].append(p.id)
    return [f"same text: {', '.join(ids)}" for ids in by_text.values() if len(ids) > 1]


def near_duplicates(prompts: Sequence[Prompt], threshold: float = NEAR_DUPLICATE) -> list[str]:
    """Pairs of prompts whose content words overlap by `threshold` or more (any banks)."""
    words = [(p, content_words(p.text)) for p in prompts]
    found = []
    for (a, wa), (b, wb) in combinations(words, 2):
        score = jaccard(wa, wb)
        if score >= threshold:
            found.append(f"{a.id} and {b.id} are near duplicates ({score:.2f} of their words shared)")
    return found


def text_lengths(prompts: Iterable[Prompt], low: int = MIN_CHARS, high: int = MAX_CHARS) -> list[str]:
    return [
        f"{p.id}: {len(p.text)} characters (keep between {low} and {high})"
        for p in prompts
        if not low <= len(p.text) <= high
    ]


def brand_names(prompts: Iterable[Prompt], brands: Sequence[str] = BRANDS) -> list[str]:
    found = []
    for p in prompts:
        named = [b for b in brands if re.search(rf"(?<![a-z0-9]){re.escape(b)}(?![a-z0-9])", p.text.lower())]
        if named:
            found.append(f"{p.id} names {', '.join(named)}")
    return found


def role_banks(prompts: Iterable[Prompt]) -> list[str]:
    return sorted({p.bank for p in prompts if p.bank != COMMON})


def stance_counts(prompts: Sequence[Prompt], minimum: int = MIN_PER_STANCE) -> list[str]:
    """Each role bank needs `minimum` prompts per stance (its own of that stance and `both`)."""
    found = []
    for bank in role_banks(prompts):
        for stance in ROLE_STANCES:
            count = sum(1 for p in prompts if p.bank == bank and p.fits(stance))
            if count < minimum:
                found.append(f"{bank} has {count} {stance} prompts (with `both`); needs {minimum}")
    return found


def section_coverage(prompts: Sequence[Prompt], minimum: int = MIN_PER_SECTION) -> list[str]:
    """Every role and stance can draw `minimum` prompts in each section (role bank and
    common together, that stance or `both`), so the builder can avoid repeats."""
    found = []
    for bank in role_banks(prompts):
        for stance in ROLE_STANCES:
            for section in BANK_SECTIONS:
                count = sum(1 for p in prompts if p.bank in (bank, COMMON) and p.section == section and p.fits(stance))
                if count < minimum:
                    found.append(f"{bank}, {stance}, {section}: {count} prompts; needs {minimum}")
    return found


CHECKS = (duplicate_ids, duplicate_texts, near_duplicates, text_lengths, brand_names, stance_counts, section_coverage)


def lint(prompts: Sequence[Prompt]) -> dict[str, list[str]]:
    """Every check's problems, by check name (only checks that found some)."""
    results = {check.__name__: check(prompts) for check in CHECKS}
    return {name: problems for name, problems in results.items() if problems}
