"""The export and import path the command line and the app share (companion/record_files.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from companion import clock
from companion.errors import CompanionError
from companion.models import ActionItem
from companion.record_files import (
    apply_import,
    default_export_path,
    export_to_file,
    left_out_sentence,
    preview_import,
    write_export,
)
from companion.store import Store


def test_default_paths_name_the_format_and_the_day(tmp_path: Path):
    day = date(2026, 11, 30)
    assert default_export_path("md", day, tmp_path) == tmp_path / "companion-journal-2026-11-30.md"
    assert default_export_path("json", day, tmp_path).name == "companion-backup-2026-11-30.json"
    assert default_export_path("ics", day, tmp_path).name == "companion-2026-11-30.ics"
    assert default_export_path("md", day).parent == Path.home(), "no documents folder: the home folder"


def test_writing_is_private_and_replaces_only_when_asked(tmp_path: Path):
    out = tmp_path / "journal.md"
    write_export(out, b"one", replace=False)
    assert out.read_bytes() == b"one" and out.stat().st_mode & 0o777 == 0o600
    with pytest.raises(CompanionError, match="already exists; nothing was written"):
        write_export(out, b"two", replace=False)
    write_export(out, b"two", replace=True)
    assert out.read_bytes() == b"two"
    with pytest.raises(CompanionError, match="is a folder"):
        write_export(tmp_path, b"x", replace=True)
    with pytest.raises(CompanionError, match="^Could not write .*Nothing was written.$"):
        write_export(tmp_path / "missing" / "x.md", b"x", replace=False)


def test_an_export_leaves_private_things_out_unless_asked(onboarded: Store, tmp_path: Path):
    onboarded.add(ActionItem(partnership_id=1, text="SECRET", private=True))
    out = tmp_path / "backup.json"
    assert export_to_file(onboarded, "json", out, clock.now(), include_private=False, replace=False) == 1
    assert "SECRET" not in out.read_text()
    assert export_to_file(onboarded, "json", out, clock.now(), include_private=True, replace=True) == 0
    assert "SECRET" in out.read_text()
    assert left_out_sentence(0) == "" and left_out_sentence(1) == "1 private thing was left out."
    assert left_out_sentence(3) == "3 private things were left out."


def test_a_preview_changes_nothing_and_an_import_says_where_its_backup_is(onboarded: Store, tmp_path: Path):
    out = tmp_path / "backup.json"
    onboarded.add(ActionItem(partnership_id=1, text="Pair on a flaky test"))
    export_to_file(onboarded, "json", out, clock.now(), include_private=True, replace=False)
    onboarded.delete(ActionItem, 1)
    before = onboarded.path.read_bytes()
    assert preview_import(onboarded, out).lines() == ["actions: 1 added, 0 changed"]
    assert onboarded.path.read_bytes() == before
    plan = apply_import(onboarded, out, clock.now())
    assert plan.backup is not None and plan.backup.read_bytes() == before
    assert [a.text for a in onboarded.all(ActionItem)] == ["Pair on a flaky test"]
