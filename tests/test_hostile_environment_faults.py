"""Every command under faults the operating system would raise: one line that says what
to do, never a traceback, and every file left as it was.

The sweep runs each command (in-process, as `companion` itself would) on a read-only file
system, in a folder one may not write or enter, and on a full disk. The condition lives in
the operating system rather than in a path, so a fault is injected into the few `os`
functions that touch the data folder (as tests/test_store_transactions.py does for a full
disk).
"""

from __future__ import annotations

import builtins
import errno
import os
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import hostile_environment_helpers as shared
from tests.hostile_environment_helpers import COMMANDS, assert_one_clear_line, run, snapshot

WRITERS = {"note", "note-stdin", "agenda", "agenda-json"}


# The helper module's fixtures, bound here so that pytest finds them for these tests.
folder = shared.folder
show_unexpected_errors = shared.show_unexpected_errors


# --- faults the operating system would raise ------------------------------------------------

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _path_of(arg) -> str | None:
    if isinstance(arg, int):
        return None
    try:
        return os.path.abspath(os.fsdecode(arg))
    except TypeError:
        return None


def inject(monkeypatch, folder: Path, kind: str) -> None:
    """Make the operating system refuse what `kind` refuses, for paths in `folder`."""
    root = str(folder)
    code = {"read-only": errno.EROFS, "no-write": errno.EACCES, "no-entry": errno.EACCES, "full": errno.ENOSPC}[kind]

    def inside(arg, *, itself: bool = True) -> bool:
        path = _path_of(arg)
        return path is not None and (path.startswith(root + os.sep) or (itself and path == root))

    def refuse(arg) -> None:
        raise OSError(code, os.strerror(code), os.fsdecode(arg))

    def wrap(name: str, test: Callable[..., bool], module=os) -> None:
        real = getattr(module, name)

        def guarded(*args, **kwargs):
            if test(*args, **kwargs):
                refuse(args[0])
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, guarded)

    if kind == "full":
        for name in ("write", "writev"):
            real = getattr(os, name)

            def full(fd, *args, _real=real):
                if fd > 2:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return _real(fd, *args)

            monkeypatch.setattr(os, name, full)
        return
    writes = lambda path, *a, **k: inside(path)  # noqa: E731
    for name in ("mkdir", "replace", "rename", "unlink", "rmdir", "chmod", "link", "symlink"):
        wrap(name, writes)
    wrap("open", lambda path, flags, *a, **k: inside(path) and (bool(flags & WRITE_FLAGS) or kind == "no-entry"))
    wrap(
        "open",
        lambda file, mode="r", *a, **k: inside(file) and (kind == "no-entry" or any(c in mode for c in "wax+")),
        module=builtins,
    )
    if kind == "no-entry":
        for name in ("stat", "lstat"):
            wrap(name, lambda path, *a, **k: inside(path, itself=False))
        wrap("scandir", lambda path=".", *a, **k: inside(path))
        wrap("listdir", lambda path=".", *a, **k: inside(path))


EXPECTED = {
    # condition: (exit codes allowed for commands that only read, for commands that write, words in the message)
    "read-only": ({0}, {1}, "read-only"),
    "no-write": ({0}, {1}, "permission denied"),
    "no-entry": ({1}, {1}, "permission denied"),
    "full": ({0}, {1}, "disk is full"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("condition", sorted(EXPECTED))
def test_every_command_under_an_operating_system_fault(folder, condition, command, monkeypatch, capsys):
    before = snapshot(folder)
    readers, writers, words = EXPECTED[condition]
    with monkeypatch.context() as fault:
        inject(fault, folder, condition)
        code, out, err = run(["--data", str(folder), *COMMANDS[command]], fault, capsys)
    assert_one_clear_line(code, out, err, command)
    if command == "reflect" and code == 1 and "No session" in err:
        return  # nothing to reflect on in this history: a message of its own
    expected = writers if command in WRITERS else readers
    if command == "check" and condition == "no-entry":
        expected = {1}
    assert code in expected, (out, err)
    if code == 1:
        assert words in err.lower(), err
    assert snapshot(folder) == before  # a refused write left every file as it was
    if command.startswith("note") and code == 1:
        assert "NOT saved" in err and "companion note " in err  # the note, ready to run again


def test_a_note_not_saved_on_a_full_disk_is_printed_back_quoted_for_the_shell(folder, monkeypatch, capsys):
    text = "it's the [b]draft[/b]; $HOME stays literal"
    with monkeypatch.context() as fault:
        inject(fault, folder, "full")
        code, _, err = run(["--data", str(folder), "note", text], fault, capsys)
    assert code == 1
    assert "Your note was NOT saved" in err
    rerun = err.split("run again: ", 1)[1].strip()
    assert shlex.split(rerun) == ["companion", "note", text]
