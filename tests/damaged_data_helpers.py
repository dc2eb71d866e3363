"""What the damaged-data tests share (docs/trust.md, "Damaged data"): a valid file
written by Companion itself, every command as a person would type it, writing tables
back as Companion lays them out, and running a command in-process with the file's
fingerprint to prove it was left alone."""

from __future__ import annotations

import functools
import json
import os
import tempfile
from pathlib import Path

import pytest

from companion import cli, codec
from companion.demo import write_dataset
from companion.models import Note
from companion.store import Store
from tests.conftest import FROZEN_NOW, encode_tables, run_in_process

NOW = __import__("datetime").datetime.fromisoformat(FROZEN_NOW)


# Every command, as a person would type it (after `--data DIR`).
COMMANDS = {
    "note": ["note", "bring the [b]draft[/b]"],
    "note-stdin": ["note", "-"],
    "status": ["status"],
    "status-json": ["status", "--json"],
    "agenda": ["agenda"],
    "agenda-json": ["agenda", "--json", "--all"],
    "check": ["check"],
    "reflect": ["reflect"],
    "app": [],
}


@functools.cache
def valid_bytes() -> bytes:
    """A small history written by Companion itself: sessions with agendas and reflections,
    goals, action items tied to sessions, notes (one brought up in a session)."""
    with tempfile.TemporaryDirectory() as folder:
        write_dataset(Path(folder), sessions=8, seed=3, now=NOW)
        store = Store(Path(folder)).open()
        held = next(s for s in store.find(codec.models.Session, lambda d: d.get("state") == "held"))
        store.add(Note(partnership_id=1, text="brought up", created_at=NOW, done_at=NOW, session_id=held.id))
        return (Path(folder) / "companion.json").read_bytes()


def tables_of(raw: bytes) -> dict:
    return json.loads(raw)


def write_file(folder: Path, tables: dict, *, like_companion: bool = True, seal: str | None = None) -> Path:
    """Write tables as Companion lays them out (optionally keeping an old, now wrong, seal:
    a hand edit of a file Companion wrote), or as plain JSON."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / "companion.json"
    if like_companion:
        raw = encode_tables(tables)
        if seal is not None:
            raw = raw.replace(tables["meta"]["1"]["seal"].encode(), seal.encode())
    else:
        raw = json.dumps(tables).encode()
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    return path


def run(folder: Path, command: str, monkeypatch, capsys) -> tuple[int, str, str]:
    return run_in_process(["--data", str(folder), *COMMANDS[command]], monkeypatch, capsys)


def fingerprint(path: Path) -> tuple:
    st_ = os.stat(path)
    return path.read_bytes(), st_.st_ino, st_.st_mtime_ns


@pytest.fixture(autouse=True)
def show_unexpected_errors(monkeypatch):
    """An unexpected exception must fail the test, not hide behind the last-resort message."""
    monkeypatch.setenv(cli.DEBUG_VARIABLE, "1")
