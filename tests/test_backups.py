"""Backups of the data file (`companion.backups`; docs/storage.md, "Backups")."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from companion.backups import (
    BACKUPS_KEPT,
    backups_newest_first,
    restore_command,
    take_backup,
    take_daily_backup,
)
from companion.errors import SaveError


def data_file(folder: Path, text: str = '{"notes": {}}\n') -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "companion.json"
    path.write_text(text)
    return path


def test_a_backup_is_a_private_copy_in_a_private_folder(tmp_path: Path) -> None:
    source = data_file(tmp_path)
    backups = tmp_path / "backups"
    take_backup(source, backups, "companion-before-v2-20261124-100000.json")
    copy = backups / "companion-before-v2-20261124-100000.json"
    assert copy.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(backups).st_mode) == 0o700


def test_no_file_no_backup_and_no_folder(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    take_backup(tmp_path / "companion.json", backups, "companion-x.json")
    take_daily_backup(tmp_path / "companion.json", backups, date(2026, 11, 24))
    assert not backups.exists()


def test_a_backup_that_cannot_be_written_is_a_save_error(tmp_path: Path) -> None:
    source = data_file(tmp_path)
    (tmp_path / "backups").write_text("a file where the folder should be")
    with pytest.raises(SaveError, match="Could not write a backup"):
        take_backup(source, tmp_path / "backups", "companion-x.json")


def test_one_daily_backup_a_day_and_only_the_newest_are_kept(tmp_path: Path) -> None:
    source = data_file(tmp_path, "morning\n")
    backups = tmp_path / "backups"
    backups.mkdir()
    old = [backups / f"companion-2026-10-{day:02d}.json" for day in range(1, BACKUPS_KEPT + 3)]
    for path in old:
        path.write_text("old\n")
    upgrade = backups / "companion-before-v2-20261001-080000.json"
    upgrade.write_text("before the upgrade\n")

    take_daily_backup(source, backups, date(2026, 11, 24))
    source.write_text("afternoon\n")
    take_daily_backup(source, backups, date(2026, 11, 24))  # today's is there already

    today = backups / "companion-2026-11-24.json"
    assert today.read_text() == "morning\n"
    daily = sorted(p for p in backups.iterdir() if p != upgrade)
    assert daily == old[-(BACKUPS_KEPT - 1) :] + [today]
    assert upgrade.exists()  # only daily backups are pruned


def test_newest_first_and_the_command_that_restores_the_newest(tmp_path: Path) -> None:
    folder = tmp_path / "my data"
    source = data_file(folder)
    backups = folder / "backups"
    assert restore_command(source) is None
    backups.mkdir()
    for age, name in enumerate(["companion-2026-11-24.json", "companion-2026-11-23.json"]):
        (backups / name).write_text("{}\n")
        os.utime(backups / name, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))
    (backups / "notes.txt").write_text("not a backup")

    assert [p.name for p in backups_newest_first(backups)] == ["companion-2026-11-24.json", "companion-2026-11-23.json"]
    assert restore_command(source) == f"cp '{backups / 'companion-2026-11-24.json'}' '{source}'"
