"""The data file as docs/data-format.md describes it: the layout Companion writes, the meta
record, and fields or tables this version does not know, which are kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

from companion import clock, migrations
from companion.models import Note
from companion.record_checks import RULES_VERSION
from companion.store import Store
from tests.conftest import FROZEN_NOW, read_tables


def test_one_document_per_line_and_the_meta_record_last(onboarded: Store) -> None:
    text = onboarded.path.read_text()
    lines = text.split("\n")
    assert lines[0] == "{" and lines[-2:] == ["}", ""]
    tables = json.loads(text)
    for name, docs in tables.items():
        header = lines.index(f'"{name}": {{')
        for offset, (doc_id, doc) in enumerate(docs.items(), start=1):
            line = lines[header + offset].strip().removesuffix(",")
            assert line == f'"{doc_id}": {json.dumps(doc)}'
    assert list(tables)[-1] == "meta"
    meta = tables["meta"]["1"]
    assert meta["schema"] == migrations.SCHEMA_VERSION
    assert meta["created_at"] == FROZEN_NOW
    assert re.fullmatch(rf"{RULES_VERSION}:\d+:[0-9a-f]{{8}}", meta["seal"])
    assert all("id" not in doc for docs in tables.values() for doc in docs.values())


def test_fields_and_tables_this_version_does_not_know_are_kept(data_dir: Path, onboarded: Store) -> None:
    note = onboarded.add(Note(partnership_id=1, text="first", created_at=clock.now()))
    tables, _ = read_tables(onboarded.path)
    tables["notes"][str(note.id)]["mood"] = "from a newer version"
    tables["tags"] = {"1": {"name": "a table from a newer version"}}
    onboarded.path.write_text(json.dumps(tables))  # edited by hand: no longer in Companion's layout

    store = Store(data_dir).open()
    read = store.get(Note, note.id)
    assert read is not None and read.text == "first"  # the unknown field is ignored
    read.text = "saved"
    store.save(read)
    store.update(Note, note.id, done_at=None)

    tables, _ = read_tables(store.path)
    assert tables["notes"][str(note.id)]["text"] == "saved"
    assert tables["notes"][str(note.id)]["mood"] == "from a newer version"
    assert tables["tags"] == {"1": {"name": "a table from a newer version"}}
