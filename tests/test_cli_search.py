"""`companion search`: one line per match, exit 1 and nothing on standard output when
nothing matches, private matches only with --all; and two properties: any word of any
stored text is found, and a private text never reaches the output without --all."""

from __future__ import annotations

import json
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.models import Note, Reflection, Session
from companion.search import search
from companion.search_text import words
from companion.store import Store
from tests.conftest import run_in_process
from tests.search_helpers import add_session, item, stocked


def test_a_line_per_match_with_date_kind_partner_and_context(onboarded: Store, monkeypatch, capsys):
    stocked(onboarded)
    code, out, err = run_in_process(["search", "rota"], monkeypatch, capsys)
    assert code == 0
    assert out.splitlines() == [
        "14 Oct 2026  session  Dana: Rota swap with Dana",
        "13 Oct 2026  session  Sam: Review the rota plan",
        "6 Oct 2026   action   Sam: Draft the rota proposal",
        "2 Nov 2026   note     Sam: Ask about the café rota",
        "6 Oct 2026   session  Sam: Pairing on the Rota helps",
    ]
    assert err == ""


def test_nothing_found_exits_1_with_nothing_on_standard_output(onboarded: Store, monkeypatch, capsys):
    stocked(onboarded)
    assert run_in_process(["search", "rota", "zebra"], monkeypatch, capsys) == (1, "", "")
    assert run_in_process(["search", "rota", "--json", "--tag", "none"], monkeypatch, capsys) == (1, "", "")


def test_private_matches_need_all_and_are_counted_without_it(onboarded: Store, monkeypatch, capsys):
    stocked(onboarded)
    code, out, err = run_in_process(["search", "salary"], monkeypatch, capsys)
    assert (code, out) == (1, "")
    assert err == "1 private match left out (add --all to see them).\n"
    code, out, err = run_in_process(["search", "salary", "--all"], monkeypatch, capsys)
    assert (code, out, err) == (0, "6 Oct 2026   session  Sam (private): My salary worries\n", "")
    code, out, err = run_in_process(["search", "t", "--private"], monkeypatch, capsys)
    assert code == 0 and all("(private)" in line for line in out.splitlines()) and out.count("\n") == 2


def test_json_lists_each_match_with_its_spans(onboarded: Store, monkeypatch, capsys):
    stocked(onboarded)
    code, out, _ = run_in_process(["search", "CAFE", "--json"], monkeypatch, capsys)
    assert code == 0
    (match,) = json.loads(out)
    assert match == {
        "kind": "note",
        "id": 1,
        "field": "note",
        "date": "2026-11-02",
        "partnership_id": 1,
        "partner": "Sam",
        "private": False,
        "context": "Ask about the café rota",
        "spans": [[14, 18]],
    }


def test_filters_on_the_command_line(onboarded: Store, monkeypatch, capsys):
    stocked(onboarded)
    code, out, _ = run_in_process(["search", "rota", "--partner", "da", "--since", "1 Oct 2026"], monkeypatch, capsys)
    assert (code, out) == (0, "14 Oct 2026  session  Dana: Rota swap with Dana\n")
    code, out, err = run_in_process(["search", "rota", "--since", "someday"], monkeypatch, capsys)
    assert code == 1 and out == "" and err.startswith("companion: --since: ") and err.count("\n") == 1


def test_a_query_without_words_is_one_line_on_standard_error(onboarded: Store, monkeypatch, capsys):
    code, out, err = run_in_process(["search", "!!", "--"], monkeypatch, capsys)
    assert (code, out) == (1, "") and err.startswith("companion: nothing to search for") and err.count("\n") == 1


def test_control_characters_in_a_match_are_made_visible(onboarded: Store, monkeypatch, capsys):
    onboarded.add(Note(partnership_id=1, text="Bell\x07 and \x1b[31mred", created_at=datetime(2026, 11, 2)))
    code, out, _ = run_in_process(["search", "bell"], monkeypatch, capsys)
    assert code == 0 and "\x07" not in out and "\x1b" not in out


texts_kept = st.lists(
    st.tuples(
        st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=30),
        st.booleans(),
        st.sampled_from(["agenda", "reflection", "note"]),
    ),
    min_size=1,
    max_size=6,
)


def keep(store: Store, texts: list[tuple[str, bool, str]]) -> set[str]:
    """Store each text as an agenda item, a reflection or a note; the texts kept shared."""
    for session in store.all(Session):
        assert session.id is not None
        store.delete(Session, session.id)
    for note in store.all(Note):
        assert note.id is not None
        store.delete(Note, note.id)
    agenda = [item(text, private=private) for text, private, kind in texts if kind == "agenda"]
    add_session(store, 1, datetime(2026, 10, 6, 16), agenda)
    for day, (text, private, kind) in enumerate(texts, start=1):
        if kind == "reflection":
            add_session(store, 1, datetime(2026, 9, day, 16), [], Reflection(learned=text, private=private))
        elif kind == "note":
            store.add(Note(partnership_id=1, text=text, created_at=datetime(2026, 8, day)))
    return {text for text, private, kind in texts if not private or kind == "note"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts_kept, st.data())
def test_any_stored_word_is_found_and_private_text_never_shows_without_all(
    onboarded: Store, monkeypatch, capsys, texts, data
):
    shared = keep(onboarded, texts)
    stored_words = [word for text, _, _ in texts for word in words(text)]
    if not stored_words:
        return
    word = data.draw(st.sampled_from(stored_words))
    found = {match.entry.text for match in search(onboarded, word)}
    assert any(word in words(text) for text in found)
    _, out, _ = run_in_process(["search", word], monkeypatch, capsys)
    shown = [line.split("  Sam: ", 1)[1] for line in out.splitlines()]
    assert set(shown) <= shared
