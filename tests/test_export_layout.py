"""The JSON export's file layout (docs/export-format.md, "The layout"): one top-level key
a line and one record a line, the same bytes for the same data, and export, import into an
empty folder, export again gives the same file."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.export import KINDS, export_json, select, selection_json
from companion.export_json import export_json_text, json_lines
from companion.notes import add_note
from tests.conftest import FROZEN_NOW, run_in_process
from tests.export_helpers import demo_store, plant_secrets

NOW = datetime.fromisoformat(FROZEN_NOW)
FEW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WORDS = 'Café — naïve “quotes” \\ back\\slash "said" 🙂'
UNESCAPED = "Café — naïve “quotes”"


def test_the_file_has_a_line_per_key_and_per_record_and_round_trips_byte_for_byte(
    data_dir, tmp_path, monkeypatch, capsys
):
    store = demo_store(data_dir, sessions=9, seed=5, now=NOW)
    plant_secrets(store)
    add_note(store, WORDS, NOW)
    first, again, restored = tmp_path / "first.json", tmp_path / "again.json", tmp_path / "restored"
    for folder, out in ((data_dir, first), (data_dir, again)):
        args = ["--data", str(folder), "export", "--format", "json", "--all", "--out", str(out)]
        assert run_in_process(args, monkeypatch, capsys)[0] == 0
    text = first.read_text(encoding="utf-8")
    assert first.read_bytes() == again.read_bytes() and UNESCAPED in text  # UTF-8, not escaped
    assert json.loads(text) == export_json(store, include_private=True, since=None, now=NOW)
    lines = text.splitlines()
    records = sum(len(rows) for kind, rows in json.loads(text).items() if kind in KINDS)
    assert lines[0] == "{" and lines[-1] == "}" and text.endswith("}\n")
    assert sum(1 for line in lines if line.startswith("    {")) == records
    assert all(line.startswith('  "') or line.startswith("    {") or line in ("  ],", "  ]") for line in lines[1:-1])

    assert run_in_process(["--data", str(restored), "import", str(first)], monkeypatch, capsys)[0] == 0
    out = tmp_path / "restored.json"
    args = ["--data", str(restored), "export", "--format", "json", "--all", "--out", str(out)]
    assert run_in_process(args, monkeypatch, capsys)[0] == 0
    assert out.read_bytes() == first.read_bytes()


def test_standard_output_gets_the_same_layout_in_ascii(data_dir, monkeypatch, capsys):
    store = demo_store(data_dir, sessions=3, seed=2, now=NOW)
    add_note(store, WORDS, NOW)
    code, said, _ = run_in_process(["--data", str(data_dir), "export", "--format", "json"], monkeypatch, capsys)
    assert code == 0 and said.isascii() and "Caf\\u00e9" in said
    file_text, _ = export_json_text(store, include_private=False, since=None, now=NOW, ensure_ascii=False)
    assert json.loads(said) == json.loads(file_text)
    assert said.count("\n") == file_text.count("\n")


@FEW
@given(sessions=st.integers(0, 30), seed=st.integers(0, 10_000), shared=st.booleans())
def test_the_text_reads_back_as_the_export(sessions, seed, shared):
    with tempfile.TemporaryDirectory() as folder:
        store = demo_store(Path(folder), sessions=sessions, seed=seed, now=NOW)
        plant_secrets(store)
        include_private = not shared
        text, left_out = export_json_text(
            store, include_private=include_private, since=None, now=NOW, ensure_ascii=False
        )
        exported = export_json(store, include_private=include_private, since=None, now=NOW)
        assert json.loads(text) == exported and left_out == exported["private_left_out"]


@FEW
@given(sessions=st.integers(0, 30), seed=st.integers(0, 10_000), ensure_ascii=st.booleans())
def test_agenda_items_written_from_their_rows_read_as_the_general_route_writes_them(sessions, seed, ensure_ascii):
    with tempfile.TemporaryDirectory() as folder:
        store = demo_store(Path(folder), sessions=sessions, seed=seed, now=NOW)
        plant_secrets(store)
        add_note(store, WORDS, NOW)
        text, _ = export_json_text(store, include_private=True, since=None, now=NOW, ensure_ascii=ensure_ascii)
        through_records = selection_json(select(store, include_private=True, since=None), NOW, None)
        assert text == "\n".join(json_lines(through_records, ensure_ascii=ensure_ascii)) + "\n"
