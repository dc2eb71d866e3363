"""`companion export` and `companion import`: the formats, privacy, files and refusals
(docs/export-format.md). Round trips over generated datasets: tests/test_export_properties.py."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from companion.export import FORMAT, VERSION, export_json, export_markdown
from companion.models import Goal, Session
from companion.store import Store
from tests.conftest import FROZEN_NOW, run_in_process
from tests.export_helpers import SECRET, demo_store, plant_secrets

NOW = datetime.fromisoformat(FROZEN_NOW)


@pytest.fixture
def planted(data_dir: Path) -> tuple[Store, list[str]]:
    store = demo_store(data_dir, sessions=12, seed=3, now=NOW)
    return store, plant_secrets(store)


def test_json_export_has_every_record_with_its_id_and_no_private_words(planted):
    store, secrets = planted
    exported = export_json(store, include_private=False, since=None, now=NOW)
    assert (exported["format"], exported["version"], exported["exported_at"]) == (
        FORMAT,
        VERSION,
        NOW.isoformat(timespec="seconds"),
    )
    assert [s["id"] for s in exported["sessions"]] == sorted(s.id for s in store.all(Session))
    assert exported["private_left_out"] >= 3 * len(secrets)
    assert SECRET not in json.dumps(exported)
    everything = json.dumps(export_json(store, include_private=True, since=None, now=NOW))
    assert all(word in everything for word in secrets)
    agenda = exported["sessions"][0]["agenda"]
    assert "packed" not in agenda and isinstance(agenda["items"][0], dict)


def test_markdown_export_is_a_journal_of_sessions_then_goals(planted):
    store, secrets = planted
    shared = export_markdown(store, include_private=False, since=None, now=NOW)
    assert SECRET not in shared and "marked private left out" in shared
    assert shared.index("## Sessions") < shared.index("## Goals")
    assert shared.count("\n### ") == len(store.all(Session)) + len(store.all(Goal))
    everything = export_markdown(store, include_private=True, since=None, now=NOW)
    assert all(word in everything for word in secrets) and "*(private)*" in everything


def test_since_keeps_only_what_happened_from_that_day(planted):
    store, _ = planted
    since = date(2026, 10, 1)
    exported = export_json(store, include_private=True, since=since, now=NOW)
    assert exported["sessions"] and all(s["scheduled_at"] >= "2026-10-01" for s in exported["sessions"])
    assert len(exported["sessions"]) < len(store.all(Session))


def test_cli_export_to_a_file_is_private_and_replaced_only_with_force(planted, data_dir, tmp_path, monkeypatch, capsys):
    out = tmp_path / "journal.md"
    args = ["--data", str(data_dir), "export", "--out", str(out)]
    code, said, err = run_in_process(args, monkeypatch, capsys)
    assert code == 0 and "Exported to" in said and "private things were left out" in err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and SECRET not in out.read_text()
    before = out.read_bytes()
    code, _, err = run_in_process([*args, "--all"], monkeypatch, capsys)
    assert code == 1 and "--force" in err and out.read_bytes() == before
    code, _, err = run_in_process([*args, "--all", "--force"], monkeypatch, capsys)
    assert code == 0 and err == "" and SECRET in out.read_text()


def test_cli_json_to_standard_output(planted, data_dir, monkeypatch, capsys):
    code, said, _ = run_in_process(
        ["--data", str(data_dir), "export", "--format", "json", "--out", "-"], monkeypatch, capsys
    )
    assert code == 0 and json.loads(said)["format"] == FORMAT and SECRET not in said


def test_cli_bad_since_is_one_line(planted, data_dir, monkeypatch, capsys):
    code, _, err = run_in_process(["--data", str(data_dir), "export", "--since", "someday"], monkeypatch, capsys)
    assert code == 1 and err.count("\n") == 1 and "--since" in err


def test_import_restores_into_an_empty_folder_and_twice_changes_nothing(planted, tmp_path, monkeypatch, capsys):
    store, _ = planted
    exported = export_json(store, include_private=True, since=None, now=NOW)
    file = tmp_path / "export.json"
    file.write_text(json.dumps(exported))
    target = tmp_path / "restored"
    code, said, _ = run_in_process(["--data", str(target), "import", str(file), "--dry-run"], monkeypatch, capsys)
    assert code == 0 and "sessions: 12 added, 0 changed" in said and not (target / "companion.json").exists()
    code, said, _ = run_in_process(["--data", str(target), "import", str(file)], monkeypatch, capsys)
    assert code == 0 and "sessions: 12 added" in said
    assert export_json(Store(target).open(), include_private=True, since=None, now=NOW) == exported
    written = (target / "companion.json").read_bytes()
    code, said, _ = run_in_process(["--data", str(target), "import", str(file)], monkeypatch, capsys)
    assert code == 0 and "Nothing to import" in said and (target / "companion.json").read_bytes() == written


def test_import_takes_a_backup_and_reports_changes(planted, data_dir, tmp_path, monkeypatch, capsys):
    store, _ = planted
    exported = export_json(store, include_private=True, since=None, now=NOW)
    exported["goals"][0]["title"] = "A new title"
    file = tmp_path / "export.json"
    file.write_text(json.dumps(exported))
    code, said, _ = run_in_process(["--data", str(data_dir), "import", str(file)], monkeypatch, capsys)
    assert code == 0 and "goals: 0 added, 1 changed" in said
    assert any(p.name.startswith("companion-before-import-") for p in store.backups())
    assert store.get(Goal, exported["goals"][0]["id"]).title == "A new title"


def test_import_of_a_shared_export_keeps_private_things(planted, data_dir, tmp_path, monkeypatch, capsys):
    store, secrets = planted
    before = export_json(store, include_private=True, since=None, now=NOW)
    file = tmp_path / "shared.json"
    file.write_text(json.dumps(export_json(store, include_private=False, since=None, now=NOW)))
    code, said, _ = run_in_process(["--data", str(data_dir), "import", str(file)], monkeypatch, capsys)
    assert code == 0 and "Nothing to import" in said
    assert export_json(Store(data_dir).open(), include_private=True, since=None, now=NOW) == before


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"{not json", "not a JSON file"),
        (b'{"format": "something-else", "version": 1}', "not a Companion export"),
        (json.dumps({"format": FORMAT, "version": VERSION + 1}).encode(), "newer version"),
        (json.dumps({"format": FORMAT, "version": 1, "sessions": [{"id": 1, "state": "odd"}]}).encode(), "damaged"),
        (json.dumps({"format": FORMAT, "version": 1, "goals": [{"title": "no id"}]}).encode(), "no id"),
    ],
)
def test_import_refuses_a_bad_file_in_one_line_and_changes_nothing(
    planted, data_dir, tmp_path, monkeypatch, capsys, content, says
):
    file = tmp_path / "bad.json"
    file.write_bytes(content)
    before = (data_dir / "companion.json").read_bytes()
    code, _, err = run_in_process(["--data", str(data_dir), "import", str(file)], monkeypatch, capsys)
    assert code == 1 and says in err and err.count("\n") == 1
    assert (data_dir / "companion.json").read_bytes() == before
