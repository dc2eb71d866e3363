"""Filters typed into a search box with the words (companion/search_query.py)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from companion.search_query import FILTER, parse_query

TODAY = date(2026, 11, 24)


def test_words_and_filters_are_told_apart():
    typed = parse_query('rota tag:Tooling from:2026-10 to:"13 oct" plan', TODAY)
    assert typed.words == "rota plan"
    assert (typed.tag, typed.since, typed.until) == ("Tooling", date(2026, 10, 1), date(2026, 10, 13))
    assert typed.problems == [] and typed.narrowed
    assert typed.describe() == "tag Tooling · from Thu 1 Oct 2026 · to Tue 13 Oct 2026"


def test_a_month_or_a_year_is_a_whole_span_and_since_until_say_the_same():
    assert parse_query("to:2026-02", TODAY).until == date(2026, 2, 28)
    assert parse_query("until:2024-02", TODAY).until == date(2024, 2, 29)
    typed = parse_query("since:2025 until:2025", TODAY)
    assert (typed.since, typed.until, typed.words) == (date(2025, 1, 1), date(2025, 12, 31), "")
    assert parse_query("FROM:yesterday", TODAY).since == date(2026, 11, 23)


def test_a_filter_that_cannot_be_read_is_named_and_left_out():
    typed = parse_query("rota from:someday", TODAY)
    assert typed.words == "rota" and typed.since is None and not typed.narrowed
    assert typed.problems == ['from:someday is not a date: try from:2026-10-01, from:"13 oct" or from:2026-10']
    assert parse_query("to:31-feb", TODAY).problems[0].startswith("to:31-feb is not a date")
    assert parse_query('to:"31 feb"', TODAY).problems == ["to: “31 feb” is not a date: February has at most 29 days."]
    assert parse_query("to:", TODAY).problems == ["to: needs a date, for example to:2026-10-01"]
    backwards = parse_query("from:2026-11 to:2026-10", TODAY)
    assert backwards.problems == ["from Sun 1 Nov 2026 is after to Sat 31 Oct 2026: nothing can match"]
    assert parse_query("to:2026-13", TODAY).problems  # no thirteenth month


def test_a_colon_that_is_not_a_filter_is_searched_for():
    typed = parse_query("note:to self https://x.example/from:here", TODAY)
    assert typed.words == "note:to self https://x.example/from:here" and not typed.narrowed


@given(st.text(max_size=40))
def test_text_without_a_filter_is_searched_as_written(text: str):
    typed = parse_query(text, TODAY)
    if not FILTER.search(text):
        assert typed.words == " ".join(text.split()) and not typed.narrowed and not typed.problems
