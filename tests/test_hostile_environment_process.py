"""Every command under hostile conditions of the process itself: a bad `COMPANION_NOW`,
bytes that are not UTF-8 (in an argument, on standard input, in a folder's name),
standard output that is full or closed, and an unexpected error in the app. One line that
says what to do, never a traceback. Apart from `COMPANION_NOW` and the app's crash, each
case runs the real command in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion import cli
from tests import hostile_environment_helpers as shared
from tests.conftest import REPO
from tests.hostile_environment_helpers import COMMANDS, assert_one_clear_line, run, snapshot

# The helper module's fixtures, bound here so that pytest finds them for these tests.
folder = shared.folder
show_unexpected_errors = shared.show_unexpected_errors


# --- the environment: a bad COMPANION_NOW ------------------------------------------------------


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
