"""The `companion` command line, run as a real process (`python -m companion`) on real
files: the version and usage errors, `note` (and `--data`), and `demo`."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import companion
from companion.models import Note
from companion.store import Store
from tests.cli_helpers import make_demo, partner_of
from tests.conftest import FROZEN_NOW, REPO, run_cli

NOW = datetime.fromisoformat(FROZEN_NOW)


def notes_in(folder: Path) -> list[Note]:
    return Store(folder).open().all(Note)


def next_tuesday_session(now: datetime, minutes: int = 45) -> datetime:
    """The default partnership's next session: the first Tuesday 16:00 not over at `now`."""
    day = now.date()
    while True:
        moment = datetime.combine(day, datetime.min.time()).replace(hour=16)
        if day.weekday() == 1 and moment + timedelta(minutes=minutes) > now:
            return moment
        day += timedelta(days=1)


def with_env(**changes: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(changes)
    return env


# --- version and usage ---------------------------------------------------------------------


def test_version_prints_the_package_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout == f"companion {companion.__version__}\n"


@pytest.mark.parametrize(
    "args, hint",
    [
        (["frobnicate"], "invalid choice"),
        (["note"], "required: text"),
        (["demo", "--sessions", "-1"], "--sessions takes a number from 0 to 10000"),
        (["demo", "--sessions", "lots"], "invalid int value"),
        (["status", "--bogus"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2(args, hint, data_dir):
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert "usage: companion" in result.stderr
    assert hint in result.stderr
    assert result.stdout == ""
    assert not data_dir.exists()  # nothing was created


# --- note ------------------------------------------------------------------------------


def test_note_before_set_up_tells_the_user_to_run_companion(data_dir):
    result = run_cli("note", "ask about the release train")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "run `companion`" in result.stderr
    assert result.stderr.startswith("companion: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (data_dir / "companion.json").exists()


def test_note_is_stored_for_the_next_session(onboarded, data_dir):
    session = next_tuesday_session(NOW)
    assert session == datetime(2026, 11, 24, 16, 0)  # today, six hours from now
    result = run_cli("note", "Ask how they review AI-written code")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Noted for your session with Sam, today 16:00 (in 6 h).\n"
    (note,) = notes_in(data_dir)
    assert note.text == "Ask how they review AI-written code"
    assert note.created_at == NOW
    assert note.done_at is None


def test_note_after_todays_session_names_next_weeks(onboarded, data_dir):
    later = NOW.replace(hour=17)
    session = next_tuesday_session(later)
    assert session.date() == date(2026, 12, 1)
    expected_day = f"{session:%a} {session.day} {session:%b} {session:%H:%M}"
    days = (session.date() - later.date()).days
    result = subprocess.run(
        [sys.executable, "-m", "companion", "note", "Bring", "the", "flaky", "test"],
        capture_output=True,
        text=True,
        env=with_env(COMPANION_NOW=later.isoformat()),
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Noted for your session with Sam, {expected_day} (in {days} days).\n"
    assert expected_day == "Tue 1 Dec 16:00"
    (note,) = notes_in(data_dir)
    assert note.text == "Bring the flaky test"  # the words are joined with spaces
    assert note.created_at == later


def test_note_dash_reads_standard_input(onboarded, data_dir):
    result = run_cli("note", "-", input="Ask about\nthe release train\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Noted for your session with Sam")
    (note,) = notes_in(data_dir)
    assert note.text == "Ask about\nthe release train"


@pytest.mark.parametrize("args, stdin", [([""], None), (["   "], None), (["-"], ""), (["-"], "\n  \n")])
def test_empty_note_is_refused(onboarded, data_dir, args, stdin):
    before = (data_dir / "companion.json").read_bytes()
    result = run_cli("note", *args, input=stdin)
    assert result.returncode == 1
    assert "note cannot be empty" in result.stderr
    assert result.stdout == ""
    assert notes_in(data_dir) == []
    assert (data_dir / "companion.json").read_bytes() == before


def test_overlong_note_is_refused(onboarded, data_dir):
    result = run_cli("note", "x" * 2001)
    assert result.returncode == 1
    assert "2001 characters" in result.stderr and "under 2000" in result.stderr
    assert notes_in(data_dir) == []


def test_data_option_before_the_subcommand_wins_over_companion_home(onboarded, data_dir, tmp_path):
    other = tmp_path / "elsewhere"
    make_demo(other, 10)
    home_before = (data_dir / "companion.json").read_bytes()
    demo_notes = len(notes_in(other))
    result = run_cli("--data", str(other), "note", "this goes elsewhere")
    assert result.returncode == 0, result.stderr
    assert f"with {partner_of(other)}," in result.stdout
    assert [n.text for n in notes_in(other)][-1] == "this goes elsewhere"
    assert len(notes_in(other)) == demo_notes + 1
    # COMPANION_HOME's data file was not touched.
    assert (data_dir / "companion.json").read_bytes() == home_before
    assert notes_in(data_dir) == []


def test_data_option_reaches_status_and_check(onboarded, tmp_path):
    other = tmp_path / "elsewhere"
    make_demo(other, 10)
    status = run_cli("--data", str(other), "status", "--json")
    assert json.loads(status.stdout)["notes_waiting"] == 2  # the demo's notes, not COMPANION_HOME's
    check = run_cli("--data", str(other), "check")
    assert check.returncode == 0
    assert str(other.resolve()) in check.stdout


# --- demo ------------------------------------------------------------------------------


def test_demo_into_writes_a_healthy_file(tmp_path):
    folder = tmp_path / "demo"
    result = make_demo(folder, 30)
    path = folder / "companion.json"
    assert str(path) in result.stdout
    assert "30 sessions" in result.stdout
    data = json.loads(path.read_text())
    assert len(data["sessions"]) == 30
    assert len(data["notes"]) == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    check = run_cli("--data", str(folder), "check")
    assert check.returncode == 0, check.stderr
    assert "Healthy." in check.stdout


@pytest.mark.parametrize("sessions", [0, 1])
def test_demo_with_few_sessions(tmp_path, sessions):
    folder = tmp_path / "demo"
    make_demo(folder, sessions)
    assert len(json.loads((folder / "companion.json").read_text())["sessions"]) == sessions
    assert run_cli("--data", str(folder), "check").returncode == 0


def test_demo_is_deterministic_for_the_same_clock(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    make_demo(first, 30)
    make_demo(second, 30)
    assert (first / "companion.json").read_bytes() == (second / "companion.json").read_bytes()


def test_demo_depends_on_the_clock(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    make_demo(first, 5)
    result = subprocess.run(
        [sys.executable, "-m", "companion", "demo", "--into", str(second), "--sessions", "5"],
        capture_output=True,
        text=True,
        env=with_env(COMPANION_NOW="2027-03-02T10:00:00"),
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (first / "companion.json").read_bytes() != (second / "companion.json").read_bytes()


def test_demo_refuses_a_folder_that_holds_data(tmp_path):
    folder = tmp_path / "demo"
    make_demo(folder, 5)
    path = folder / "companion.json"
    before = path.read_bytes()
    inode, mtime = path.stat().st_ino, path.stat().st_mtime_ns
    result = run_cli("demo", "--into", str(folder), "--sessions", "30")
    assert result.returncode == 1
    assert "already holds a Companion data file" in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == before
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (inode, mtime)


def test_demo_refuses_the_users_own_data(onboarded, data_dir):
    before = (data_dir / "companion.json").read_bytes()
    result = run_cli("demo", "--into", str(data_dir))
    assert result.returncode == 1
    assert (data_dir / "companion.json").read_bytes() == before
