"""Every command under hostile conditions: one line that says what to do, never a traceback.

The sweep runs each command (in-process, as `companion` itself would) under each
condition: a read-only file system, a folder one may not write or enter, a full disk,
`--data` naming a file or a path under a file, something that is not a file where the lock
or a temporary file goes, a symbolic link as the lock file, a bad `COMPANION_NOW`. Where
the condition lives in the operating system rather than in a path, a fault is injected
into the few `os` functions that touch the data folder (as `tests/test_store.py` does for
a full disk). Conditions of the process itself (bytes that are not UTF-8, standard output
that is full or closed) run the real command in a subprocess.
"""

from __future__ import annotations

import builtins
import errno
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from companion import cli
from companion.demo import write_dataset
from tests.conftest import FROZEN_NOW, REPO, run_in_process

NOW = __import__("datetime").datetime.fromisoformat(FROZEN_NOW)

COMMANDS = {
    "note": ["note", "keep the [/tmp] files"],
    "note-stdin": ["note", "-"],
    "status": ["status"],
    "status-json": ["status", "--json"],
    "agenda": ["agenda"],
    "agenda-json": ["agenda", "--json"],
    "check": ["check"],
    "reflect": ["reflect"],
    "app": [],
}
WRITERS = {"note", "note-stdin", "agenda", "agenda-json"}


@pytest.fixture(autouse=True)
def show_unexpected_errors(monkeypatch):
    """An unexpected exception fails the test instead of hiding behind the last guard."""
    monkeypatch.setenv(cli.DEBUG_VARIABLE, "1")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with a small history in it."""
    target = tmp_path / "data"
    write_dataset(target, sessions=6, seed=5, now=NOW)
    return target


run = run_in_process


def assert_one_clear_line(code: int, out: str, err: str, command: str) -> None:
    assert "Traceback" not in out + err
    if code == 1 and command != "check":
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("companion: "), err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


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


@pytest.mark.parametrize(
    "value", ["soon", "2026-13-01T10:00", "99999-01-01T00:00", "0001-01-01T00:00", "2026-11-24T10:00+02:00", " "]
)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bad_companion_now_is_one_line(folder, value, command, monkeypatch, capsys):
    monkeypatch.setenv("COMPANION_NOW", value)
    code, out, err = run(["--data", str(folder), *COMMANDS[command]], monkeypatch, capsys)
    if not value.strip():
        assert code in (0, 1)  # blank means "not set"
        return
    assert code == 1, (out, err)
    assert_one_clear_line(code, out, err, command)
    assert "COMPANION_NOW" in err and "unset COMPANION_NOW" in err


# --- the process itself: bytes that are not UTF-8, output nobody reads -------------------------


def companion(
    *args: bytes | str, stdin=None, stdout=subprocess.PIPE, input: bytes | None = None
) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop(cli.DEBUG_VARIABLE, None)
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        input=input,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,
        env=env,
        cwd=REPO,
    )


def test_an_argument_that_is_not_utf8_is_refused_and_nothing_is_stored(folder):
    before = snapshot(folder)
    result = companion("--data", str(folder), "note", b"caf\xe9 notes")
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "Traceback" not in err and "not valid UTF-8" in err and len(err.strip().splitlines()) == 1
    assert snapshot(folder) == before
    assert companion("--data", str(folder), "agenda").returncode == 0  # nothing broken was stored


def test_standard_input_that_is_not_utf8_is_refused(folder):
    before = snapshot(folder)
    result = companion("--data", str(folder), "note", "-", input=b"caf\xe9 \xff")
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "Traceback" not in err and "Standard input is not UTF-8" in err
    assert snapshot(folder) == before


def test_a_data_folder_whose_name_is_not_utf8_still_works(tmp_path):
    odd = os.fsencode(tmp_path) + b"/d\xe9j\xe0"
    result = companion("--data", odd, "note", "hello")
    assert result.returncode == 1  # not set up yet: a message that names the folder
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["status", "status-json", "agenda", "check", "note"])
def test_output_to_a_full_device(folder, command):
    with open("/dev/full", "wb") as full:
        result = companion("--data", str(folder), *COMMANDS[command], stdout=full)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err
    assert len(err.strip().splitlines()) == 1, err
    if command == "note":
        assert "Your note was saved" in err  # so nobody runs it again and stores it twice
    else:
        assert "could not write to standard output" in err


@pytest.mark.parametrize("command", ["status", "agenda", "check", "note"])
def test_output_to_a_closed_pipe(folder, command):
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = companion("--data", str(folder), *COMMANDS[command], stdout=write_end)
    finally:
        os.close(write_end)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err
    assert len(err.strip().splitlines()) == 1, err
    if command == "note":
        assert "Your note was saved" in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_demo_into_a_folder_that_cannot_be_one(tmp_path, monkeypatch, capsys):
    _a_file(tmp_path / "notes.txt")
    code, out, err = run(["demo", "--into", str(tmp_path / "notes.txt"), "--sessions", "3"], monkeypatch, capsys)
    assert code == 1
    assert_one_clear_line(code, out, err, "demo")
    assert "is a file, not a folder" in err


def test_an_unexpected_error_in_the_app_is_one_line_and_a_private_crash_log(folder, monkeypatch, capfd):
    from screens.dashboard import DashboardScreen

    monkeypatch.delenv(cli.DEBUG_VARIABLE)

    def broken(self) -> None:
        raise ZeroDivisionError("planted for the test")

    monkeypatch.setattr(DashboardScreen, "refresh_data", broken)
    real_run = cli.build_app(folder).__class__.run
    monkeypatch.setattr("screens.app.CompanionApp.run", lambda app, **kwargs: real_run(app, headless=True, **kwargs))
    code = cli.main(["--data", str(folder)])
    out, err = capfd.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    line = err.strip().splitlines()[-1]
    assert line.startswith("companion: Companion closed after an unexpected error (ZeroDivisionError: planted")
    log = Path(line.split("the details are in ", 1)[1].split(". Please", 1)[0])
    assert "ZeroDivisionError: planted for the test" in log.read_text()
    assert oct(log.stat().st_mode & 0o777) == oct(0o600)
    assert str(log).startswith(os.environ["XDG_STATE_HOME"])
