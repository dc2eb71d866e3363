"""Atomic writes (`companion.atomic`; docs/storage.md, "Nothing half-written")."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from companion.atomic import atomic_write, stale_temp_files


def test_a_write_replaces_the_file_whole_and_private(tmp_path: Path) -> None:
    path = tmp_path / "companion.json"
    path.write_text("old")
    os.chmod(path, 0o644)
    atomic_write(path, [b"new ", b"", b"pieces"])
    assert path.read_bytes() == b"new pieces"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stale_temp_files([tmp_path]) == []


def test_a_symbolic_link_stays_and_its_target_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "companion.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "companion.json"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"


def test_stale_temporary_files_are_the_plain_files_named_like_ours(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    ours = [tmp_path / ".companion.json.tmp-123-abcd", backups / ".companion-2026-11-24.json.tmp-4-ef"]
    for path in ours:
        path.write_bytes(b'{"half": ')
    (tmp_path / ".not-ours.tmp-1-2").mkdir()  # a folder with such a name is not ours
    (tmp_path / "companion.json").write_text("{}")
    found = stale_temp_files([tmp_path, backups, tmp_path / "missing"])
    assert sorted(found) == sorted(ours)
