"""Every command with paths that are not what they should be: one line that says what to
do, never a traceback.

`--data` naming a file or a path under a file, something that is not a file where the
lock, the backups or a temporary file go, a symbolic link as the lock file or as the data
file, and `demo --into` a file. Each command runs in-process, as `companion` itself would.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import hostile_environment_helpers as shared
from tests.hostile_environment_helpers import COMMANDS, assert_one_clear_line, run, snapshot

# The helper module's fixtures, bound here so that pytest finds them for these tests.
folder = shared.folder
show_unexpected_errors = shared.show_unexpected_errors


# --- paths that are not what they should be ---------------------------------------------------


def _a_file(folder: Path) -> Path:
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("I am a file")
    return folder


PATH_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    # name: (makes the data folder argument from a fresh path, words in the message)
    "data-is-a-file": (lambda p: _a_file(p / "notes.txt"), "is a file, not a folder"),
    "data-under-a-file": (lambda p: _a_file(p / "notes.txt") / "companion", "is a file, not a folder"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(PATH_CASES))
def test_every_command_with_a_data_folder_that_cannot_be_one(tmp_path, case, command, monkeypatch, capsys):
    make, words = PATH_CASES[case]
    target = make(tmp_path)
    code, out, err = run(["--data", str(target), *COMMANDS[command]], monkeypatch, capsys)
    assert code == 1, (out, err)
    assert_one_clear_line(code, out, err, command)
    assert words in err
    assert (tmp_path / "notes.txt").read_text() == "I am a file"


def _lock_is_a_folder(folder: Path) -> None:
    (folder / "companion.lock").unlink(missing_ok=True)
    (folder / "companion.lock").mkdir()


def _lock_is_a_link(folder: Path) -> None:
    (folder / "companion.lock").unlink(missing_ok=True)
    (folder / "companion.lock").symlink_to(folder.parent / "elsewhere.txt")
    (folder.parent / "elsewhere.txt").write_text("not Companion's")


def _dangling_lock_link(folder: Path) -> None:
    (folder / "companion.lock").unlink(missing_ok=True)
    (folder / "companion.lock").symlink_to(folder.parent / "missing" / "lock")


def _backups_is_a_file(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder / "backups", ignore_errors=True)
    (folder / "backups").write_text("not a folder")


def _temp_name_is_a_folder(folder: Path) -> None:
    (folder / ".companion.json.tmp-1-abcd").mkdir()


def _data_file_is_a_folder(folder: Path) -> None:
    (folder / "companion.json").unlink()
    (folder / "companion.json").mkdir()


IN_THE_WAY = {
    "lock-is-a-folder": (_lock_is_a_folder, "is not a file"),
    "lock-is-a-link": (_lock_is_a_link, "symbolic link"),
    "lock-is-a-dangling-link": (_dangling_lock_link, "symbolic link"),
    "backups-is-a-file": (_backups_is_a_file, "not a folder"),
    "temporary-name-is-a-folder": (_temp_name_is_a_folder, None),
    "data-file-is-a-folder": (_data_file_is_a_folder, "not a plain file"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(IN_THE_WAY))
def test_every_command_with_something_in_the_way(folder, case, command, monkeypatch, capsys):
    arrange, words = IN_THE_WAY[case]
    arrange(folder)
    if case == "backups-is-a-file":
        monkeypatch.setenv("COMPANION_NOW", "2026-11-25T10:00:00")  # a new day: a backup is due
    before = snapshot(folder)
    code, out, err = run(["--data", str(folder), *COMMANDS[command]], monkeypatch, capsys)
    assert code in (0, 1)
    assert_one_clear_line(code, out, err, command)
    if code == 1 and words and "No session" not in err:
        assert words in err, err
    if code == 1:
        assert snapshot(folder) == before
    if case == "lock-is-a-link":
        assert (folder.parent / "elsewhere.txt").read_text() == "not Companion's"
    if case == "temporary-name-is-a-folder":
        assert (folder / ".companion.json.tmp-1-abcd").is_dir()  # not ours: left alone
    if case == "data-file-is-a-folder" and command != "check":
        assert code == 1


def test_a_symlinked_data_file_keeps_working_and_the_link_stays(folder, tmp_path, monkeypatch, capsys):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "companion.json"
    (folder / "companion.json").rename(target)
    (folder / "companion.json").symlink_to(target)
    code, out, err = run(["--data", str(folder), "note", "through the link"], monkeypatch, capsys)
    assert code == 0, err
    assert (folder / "companion.json").is_symlink()
    assert b"through the link" in target.read_bytes()
    assert [p.name for p in dotfiles.iterdir()] == ["companion.json"]  # no temporary file left
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_demo_into_a_folder_that_cannot_be_one(tmp_path, monkeypatch, capsys):
    _a_file(tmp_path / "notes.txt")
    code, out, err = run(["demo", "--into", str(tmp_path / "notes.txt"), "--sessions", "3"], monkeypatch, capsys)
    assert code == 1
    assert_one_clear_line(code, out, err, "demo")
    assert "is a file, not a folder" in err
