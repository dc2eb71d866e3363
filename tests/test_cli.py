"""The `companion` command line, run as a real process (`python -m companion`) on real files."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

import companion
from companion.models import Note
from companion.store import Store
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


def make_demo(folder: Path, sessions: int = 30, *extra: str) -> subprocess.CompletedProcess:
    result = run_cli("demo", "--into", str(folder), "--sessions", str(sessions), *extra)
    assert result.returncode == 0, result.stderr
    return result


def partner_of(folder: Path) -> str:
    data = json.loads((folder / "companion.json").read_text())
    (partnership,) = data["partnerships"].values()
    return partnership["partner_name"]


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


# --- status ----------------------------------------------------------------------------


FIRST_PART = "Sam today 16:00 (in 6 h)"


def status_parts(result: subprocess.CompletedProcess) -> list[str]:
    """The status line's ` · `-separated parts, after checking it is one short line."""
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n")
    line = result.stdout[:-1]
    assert "\n" not in line and "\r" not in line
    assert 0 < len(line) < 100, f"{len(line)} characters: {line!r}"
    return line.split(" · ")


def test_status_is_one_short_line(onboarded):
    parts = status_parts(run_cli("status"))
    assert parts[0] == FIRST_PART
    assert not [part for part in parts if "note" in part]  # no notes yet


def test_status_counts_waiting_notes(onboarded):
    assert run_cli("note", "first").returncode == 0
    parts = status_parts(run_cli("status"))
    assert (parts[0], parts[-1]) == (FIRST_PART, "1 note")
    assert run_cli("note", "second").returncode == 0
    parts = status_parts(run_cli("status"))
    assert (parts[0], parts[-1]) == (FIRST_PART, "2 notes")


def test_status_on_a_demo_folder(tmp_path):
    folder = tmp_path / "demo"
    make_demo(folder, 30)
    parts = status_parts(run_cli("--data", str(folder), "status"))
    assert parts[0] == f"{partner_of(folder)} today 16:00 (in 6 h)"
    assert parts[-1] == "2 notes"
    assert any(part.startswith("streak ") and part.endswith("w") for part in parts)
    assert any(part.startswith("momentum ") for part in parts)


def test_status_json(onboarded):
    result = run_cli("status", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected = {
        "set_up": True,
        "partner": "Sam",
        "stance": "mentee",
        "focus_role": "engineer",
        "next_session": "2026-11-24T16:00",
        "next_session_in": "in 6 h",
        "notes_waiting": 0,
    }
    assert {key: data.get(key, "<missing>") for key in expected} == expected
    assert run_cli("note", "one").returncode == 0
    assert json.loads(run_cli("status", "--json").stdout)["notes_waiting"] == 1


def test_status_before_set_up():
    line = run_cli("status")
    assert line.returncode == 0
    assert line.stdout.strip() == "Companion is not set up yet: run `companion`."
    data = run_cli("status", "--json")
    assert data.returncode == 0
    assert json.loads(data.stdout) == {"set_up": False}


# --- check -----------------------------------------------------------------------------


def test_check_on_a_healthy_folder(onboarded, data_dir):
    before = (data_dir / "companion.json").read_bytes()
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Healthy." in result.stdout
    assert str(data_dir / "companion.json") in result.stdout
    assert (data_dir / "companion.json").read_bytes() == before


def test_check_with_no_data_yet(data_dir):
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert "No data file yet" in result.stdout
    assert result.stderr == ""
    assert not data_dir.exists()  # checking creates nothing
    data_dir.mkdir(mode=0o700)
    result = run_cli("check")
    assert result.returncode == 0
    assert "No data file yet" in result.stdout
    assert list(data_dir.iterdir()) == []


def write_private(path: Path, text: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_text(text)
    os.chmod(path, 0o600)


@pytest.mark.parametrize(
    "content, reason",
    [
        ("{not json", "not valid JSON"),
        ("", "it is empty"),
        ("[1, 2, 3]", "JSON list instead of Companion's tables"),
        ('{"sessions": {"1": 5}}', 'broken record "1"'),
    ],
)
def test_check_reports_a_broken_file(data_dir, content, reason):
    path = data_dir / "companion.json"
    write_private(path, content)
    result = run_cli("check")
    assert result.returncode == 1
    assert reason in result.stderr
    assert str(path) in result.stderr
    assert "Healthy." not in result.stdout
    assert path.read_text() == content  # left exactly as it was


def test_check_reports_a_damaged_record(tmp_path):
    folder = tmp_path / "demo"
    make_demo(folder, 10)
    path = folder / "companion.json"
    data = json.loads(path.read_text())
    del data["sessions"]["1"]["scheduled_at"]
    path.write_text(json.dumps(data))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    damaged = path.read_bytes()
    result = run_cli("--data", str(folder), "check")
    assert result.returncode == 1
    assert "holds 1 damaged record" in result.stderr
    assert 'record 1 in "sessions", field "scheduled_at": is missing' in result.stderr
    assert "Healthy." not in result.stdout
    assert path.read_bytes() == damaged


def test_check_reports_a_data_file_others_can_read(onboarded, data_dir):
    path = data_dir / "companion.json"
    os.chmod(path, 0o644)
    result = run_cli("check")
    assert result.returncode == 1
    assert "can be read by others" in result.stderr
    assert f"chmod 600 {shlex.quote(str(path))}" in result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # reported, not changed


def test_check_reports_a_data_folder_others_can_read(onboarded, data_dir):
    os.chmod(data_dir, 0o755)
    result = run_cli("check")
    assert result.returncode == 1
    assert f"chmod 700 {shlex.quote(str(data_dir))}" in result.stderr
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o755  # reported, not changed


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


# --- no Textual outside the app --------------------------------------------------------


TEXTUAL_FREE = """
import sys
from companion.cli import main
code = main(sys.argv[1:])
loaded = sorted(name for name in sys.modules if name == "textual" or name.startswith("textual."))
assert not loaded, f"Textual was imported: {loaded[:5]}"
sys.exit(code)
"""


@pytest.mark.parametrize("args", [["note", "hi"], ["status"], ["status", "--json"], ["check"]], ids=" ".join)
def test_subcommands_do_not_import_textual(onboarded, args):
    result = subprocess.run(
        [sys.executable, "-c", TEXTUAL_FREE, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Textual was imported" not in result.stderr


def test_demo_into_does_not_import_textual(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", TEXTUAL_FREE, "demo", "--into", str(tmp_path / "d"), "--sessions", "3"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_note_via_python_m_does_not_import_textual(onboarded):
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "companion", "note", "hi"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "companion.cli" in imported  # the import-time log was captured
    assert not [name for name in imported if name.split(".")[0] == "textual"]


@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["check"]])
def test_read_only_commands_touch_nothing_in_a_folder_that_is_not_theirs(tmp_path, command):
    """`--data` may name someone's home or a shared folder, even through a link: reading
    it changes no permission and creates nothing, whether or not Companion's data is there."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    (shared / "their-file.txt").write_text("theirs")
    link = tmp_path / "link-to-shared"
    link.symlink_to(shared)
    for folder in (shared, link, shared / "not-yet"):
        result = run_cli("--data", str(folder), *command)
        assert result.returncode in (0, 1), result.stderr
        assert stat.S_IMODE(shared.stat().st_mode) == 0o755
        assert sorted(p.name for p in shared.iterdir()) == ["their-file.txt"]
    make_demo(shared / "data", 3)
    os.chmod(shared / "data", 0o755)
    before = sorted(p.name for p in (shared / "data").iterdir())
    result = run_cli("--data", str(shared / "data"), *command)
    assert stat.S_IMODE((shared / "data").stat().st_mode) == 0o755
    assert sorted(p.name for p in (shared / "data").iterdir()) == before
    if command == ["check"]:
        assert result.returncode == 1 and "can be read by others" in result.stderr
