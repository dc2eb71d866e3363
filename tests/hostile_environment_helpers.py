"""What the hostile-environment tests share: every command as a person would type it, a
data folder with a small history, running a command in-process, and the checks that its
message is one clear line and that no file changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion import cli
from companion.demo import write_dataset
from tests.conftest import FROZEN_NOW, run_in_process

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
