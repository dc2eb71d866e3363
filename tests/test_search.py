"""Search: every word must start a word of one field, case and accents ignored; best
first; filters; private results marked."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from companion.models import Note, Reflection, Session
from companion.search import NO_FILTERS, Entry, Filters, SearchIndex, search
from companion.search_text import context, fold, query_terms
from companion.store import Store
from tests.search_helpers import stocked


def texts(store: Store, query: str, filters: Filters = NO_FILTERS) -> list[str]:
    return [match.entry.text for match in search(store, query, filters)]


def entry(text: str, on: date = date(2026, 1, 1), **changes) -> Entry:
    values = dict(kind="note", record_id=1, part="note", on=on, partnership_id=1, private=False, text=text)
    values.update(changes)
    return Entry(**values)


@pytest.mark.parametrize(
    "query",
    ["zettelkasten", "ZETTELKÄSTEN", "zettel", "Zéttel design", "design zettel", "notes zett"],
)
def test_case_accents_prefixes_and_word_order_do_not_matter(onboarded: Store, query):
    stocked(onboarded)
    assert texts(onboarded, query) == ["Zettelkästen for design notes"]


def test_every_word_must_match_in_the_same_field(onboarded: Store):
    stocked(onboarded)
    assert texts(onboarded, "zettel salary") == []
    assert texts(onboarded, "kasten") == []  # a word's start, not its middle
    assert texts(onboarded, "cafe rota") == ["Ask about the café rota"]


def test_fold_handles_ligatures_and_sharp_s():
    assert fold("Straße ﬁle Ÿ") == "strasse file y"
    assert query_terms("The the THÉ cafe") == ["the", "cafe"]


def test_every_kind_of_record_is_found(onboarded: Store):
    stocked(onboarded)
    found = {(m.entry.kind, m.entry.part) for m in search(onboarded, "")} | {
        (m.entry.kind, m.entry.part)
        for query in ("pairing", "tooling", "figma", "library", "variants", "draft", "cafe", "zettel")
        for m in search(onboarded, query)
    }
    assert found == {
        ("session", "learned"),
        ("session", "tags"),
        ("goal", "title"),
        ("goal", "my expectation"),
        ("goal", "check-in"),
        ("action", "action"),
        ("note", "note"),
        ("session", "agenda"),
    }


def test_ranking_prefers_a_larger_share_of_matched_words_then_recent():
    index = SearchIndex.of(
        [
            entry("rota plan for the whole of next quarter", date(2026, 5, 1)),
            entry("rota", date(2026, 1, 1)),
            entry("rota rota swap", date(2026, 2, 1)),
            entry("the rota plan", date(2026, 3, 1)),
            entry("Rota plan", date(2026, 4, 1)),
        ]
    )
    assert [m.entry.text for m in index.search("rota")] == [
        "rota",
        "rota rota swap",
        "Rota plan",
        "the rota plan",
        "rota plan for the whole of next quarter",
    ]
    assert [m.entry.text for m in index.search("rota", limit=2)] == ["rota", "rota rota swap"]


def test_the_same_text_in_many_records_comes_newest_first():
    days = [date(2026, 1, 5), date(2026, 3, 1), date(2025, 12, 1)]
    index = SearchIndex.of([entry("check in", day, record_id=n) for n, day in enumerate(days)])
    assert [m.entry.on for m in index.search("check")] == sorted(days, reverse=True)


def test_filters_by_partner_tag_dates_and_privacy(onboarded: Store):
    ids = stocked(onboarded)
    assert texts(onboarded, "rota", Filters(partnership_id=ids["Dana"])) == ["Rota swap with Dana"]
    assert set(texts(onboarded, "rota", Filters(tag="TOOLING"))) == {"Pairing on the Rota helps"}
    # a private reflection's tags do not pick out the shared items beside it
    assert texts(onboarded, "rota", Filters(tag="wellbeing")) == []
    in_october = Filters(since=date(2026, 10, 7), until=date(2026, 10, 31))
    assert set(texts(onboarded, "rota", in_october)) == {"Review the rota plan", "Rota swap with Dana"}
    assert texts(onboarded, "sal", Filters(private_only=True)) == ["My salary worries"]


def test_private_items_reflections_and_actions_are_marked(onboarded: Store):
    stocked(onboarded)
    private = {
        m.entry.text: m.private
        for q in ("salary", "burnout", "wellbeing", "hr", "zettel")
        for m in search(onboarded, q)
    }
    assert private == {
        "My salary worries": True,
        "Burnout signals in the team": True,
        "wellbeing": True,
        "Talk to HR privately": True,
        "Zettelkästen for design notes": False,
    }


def test_a_note_an_earlier_agenda_kept_private_is_private(onboarded: Store):
    from tests.search_helpers import add_session, item

    ids = stocked(onboarded)
    note = onboarded.add(Note(partnership_id=ids["Sam"], text="Parental leave plans", created_at=datetime(2026, 10, 1)))
    add_session(
        onboarded,
        ids["Sam"],
        datetime(2026, 10, 20, 16),
        [item(note.text, private=True, source="note", ref=str(note.id))],
    )
    assert {m.entry.kind: m.private for m in search(onboarded, "parental")} == {"note": True, "session": True}


def test_the_index_follows_changes_reading_only_the_records_that_changed(onboarded: Store, monkeypatch):
    ids = stocked(onboarded)
    read: list[str] = []
    for method in ("all", "get"):
        original = getattr(Store, method)
        monkeypatch.setattr(
            Store,
            method,
            lambda self, cls, *a, _f=original, _m=method: read.append(f"{_m} {cls.__name__}") or _f(self, cls, *a),
        )
    assert texts(onboarded, "sabbatical") == []
    note = onboarded.add(
        Note(partnership_id=ids["Sam"], text="Sabbatical next year?", created_at=datetime(2026, 11, 3))
    )
    read.clear()
    assert texts(onboarded, "sabbatical") == ["Sabbatical next year?"]
    assert read == ["get Note"]
    (session,) = onboarded.find(Session, lambda doc: doc["partnership_id"] == ids["Dana"])
    assert session.reflection is None and session.id is not None
    onboarded.update(Session, session.id, reflection=Reflection(learned="Sabbaticals"))
    read.clear()
    assert len(texts(onboarded, "sabbatical")) == 2
    assert read == ["get Session"]
    onboarded.delete(Note, note.id)
    assert texts(onboarded, "sabbatical") == ["Sabbaticals"]
    other_process = Store(onboarded.data_dir).open()
    other_process.add(Note(partnership_id=ids["Sam"], text="Sabbatical budget", created_at=datetime(2026, 11, 4)))
    read.clear()
    assert len(texts(onboarded, "sabbatical")) == 2
    assert sorted(read) == ["all ActionItem", "all Goal", "all Note", "all Session"]  # read again: anything may differ


def test_context_is_the_matching_line_with_spans_on_the_original_text():
    line = context("First line\nThe Zettelkästen and the ZETTEL box", ["zettel"])
    assert line.line == "The Zettelkästen and the ZETTEL box"
    assert [line.line[s:e] for s, e in line.spans] == ["Zettel", "ZETTEL"]
    long = context("word " * 40 + "Straße " + "word " * 40, ["strasse"])
    assert long.line.startswith("…") and long.line.endswith("…")
    assert [long.line[s:e] for s, e in long.spans] == ["Straße"]
