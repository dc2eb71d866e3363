"""The `companion` command line, run as a real process (`python -m companion`) on real
files: `status` and `check`, commands that only read and so change nothing in a folder
that is not theirs, and no Textual loaded outside the app."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import make_demo, partner_of
from tests.conftest import REPO, run_cli

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
