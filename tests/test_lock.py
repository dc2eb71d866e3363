"""The writers' lock (`companion.lock`; docs/storage.md, "One writer at a time")."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from companion.errors import SaveError, StoreBusyError
from companion.lock import DataLock


def test_the_lock_is_a_private_file_in_a_folder_made_private(tmp_path: Path) -> None:
    lock = DataLock(tmp_path / "data" / "companion.lock")
    with lock.held():
        assert stat.S_IMODE(os.stat(tmp_path / "data").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(lock.path).st_mode) == 0o600
    with lock.held():  # taken again after it was let go
        pass


def test_a_lock_held_elsewhere_times_out_as_busy(tmp_path: Path) -> None:
    path = tmp_path / "companion.lock"
    with DataLock(path).held():
        with pytest.raises(StoreBusyError, match="Another Companion process"):
            with DataLock(path, timeout=0.05).held():
                pass


def test_a_link_or_a_folder_in_the_lock_files_place_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "companion.lock"
    path.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(SaveError, match="symbolic link"):
        with DataLock(path).held():
            pass
    assert not (tmp_path / "elsewhere").exists()
    path.unlink()
    path.mkdir()
    with pytest.raises(SaveError, match="not a file"):
        with DataLock(path).held():
            pass
