"""Saves re-encode only changed documents: the file must always equal a full encoding."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.datafile import EncodedLines, lines_of
from companion.models import Note, Profile, Settings
from companion.store import Store
from tests.conftest import encode_tables, make_partnership, read_tables

NOW = datetime(2026, 11, 24, 10, 0)

operation = st.one_of(
    st.tuples(st.just("add"), st.text(max_size=30)),
    st.tuples(st.just("update"), st.text(max_size=30)),
    st.tuples(st.just("save"), st.text(max_size=30)),
    st.tuples(st.just("delete"), st.just("")),
    st.tuples(st.just("profile"), st.text(min_size=1, max_size=20)),
    st.tuples(st.just("theme"), st.sampled_from(["textual-dark", "textual-light", "nord"])),
    st.tuples(st.just("reopen"), st.just("")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=25))
def test_the_file_always_equals_a_full_encoding_of_what_is_stored(tmp_path_factory, operations):
    block, EncodedLines.BLOCK = EncodedLines.BLOCK, 3  # several blocks even in a small file
    try:
        check_operations(tmp_path_factory.mktemp("enc"), operations)
    finally:
        EncodedLines.BLOCK = block


def check_operations(folder: Path, operations) -> None:
    store = Store(folder).open()
    store.add(make_partnership())  # the notes below belong to it
    expected: dict[int, str] = {}
    for kind, text in operations:
        ids = sorted(expected)
        if kind == "add":
            note = store.add(Note(partnership_id=1, text=text, created_at=NOW))
            expected[note.id] = text
        elif kind == "update" and ids:
            store.update(Note, ids[0], text=text)
            expected[ids[0]] = text
        elif kind == "save" and ids:
            note = store.get(Note, ids[-1])
            note.text = text
            store.save(note)
            expected[ids[-1]] = text
        elif kind == "delete" and ids:
            store.delete(Note, ids[-1])
            del expected[ids[-1]]
        elif kind == "profile":
            store.put_singleton(Profile(name=text))
        elif kind == "theme":
            store.put_singleton(Settings(theme=text))
        elif kind == "reopen":
            store = Store(folder).open()  # a new process: lines come from the file's text
        on_disk = (folder / "companion.json").read_bytes() if (folder / "companion.json").exists() else None
        if on_disk is not None:
            tables, _ = read_tables(folder / "companion.json")
            assert on_disk == encode_tables(tables)
            assert {int(k): v["text"] for k, v in tables.get("notes", {}).items()} == expected


def test_lines_are_taken_from_the_file_only_in_companions_own_layout(tmp_path: Path):
    tables = {"notes": {"1": {"text": "a"}, "2": {"text": "b"}}, "meta": {"1": {"schema": 1}}}
    text = encode_tables(tables).decode()
    seal = tables["meta"]["1"]["seal"]  # the meta record, written last, seals the rest
    assert lines_of(text, tables) == {
        "notes": {"1": '{"text": "a"}', "2": '{"text": "b"}'},
        "meta": {"1": f'{{"schema": 1, "seal": "{seal}"}}'},
    }
    pretty = json.dumps(tables, indent=2)
    assert lines_of(pretty, tables) is None
    assert lines_of(text, {**tables, "extra": {}}) is None


def test_an_untouched_document_is_not_encoded_again():
    lines = EncodedLines()
    tables = {"notes": {"1": {"text": "a"}, "2": {"text": "b"}}}
    lines.encode(tables)
    tables["notes"]["2"]["text"] = "changed without telling"  # what a bug would do
    assert b"changed without telling" not in b"".join(lines.encode(tables))
    lines.touch("notes", 2)
    assert b"changed without telling" in b"".join(lines.encode(tables))
