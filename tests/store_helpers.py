"""What the storage tests share: the state of a file on disk (to prove nothing changed),
temporary files left behind, permissions, notes written and read back, and a pinned day."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from companion import clock
from companion.models import Note
from companion.store import Store
from tests.conftest import make_partnership, read_tables


@dataclass(frozen=True)
class FileState:
    """Everything that changes when a file is written, replaced or touched."""

    data: bytes
    inode: int
    mtime_ns: int
    ctime_ns: int
    mode: int


def file_state(path: Path) -> FileState:
    st_ = os.stat(path)
    return FileState(path.read_bytes(), st_.st_ino, st_.st_mtime_ns, st_.st_ctime_ns, st_.st_mode)


def temp_files(folder: Path) -> list[Path]:
    """Temporary files of atomic writes (`.NAME.tmp-PID-HEX`) in a folder and its backups."""
    found = []
    for where in (folder, folder / "backups"):
        if where.is_dir():
            found += [p for p in where.iterdir() if ".tmp-" in p.name]
    return found


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def note_texts(folder: Path) -> list[str]:
    """The note texts on disk, read by a fresh store (never a cached copy)."""
    tables, _ = read_tables(folder / "companion.json")
    return sorted(doc["text"] for doc in tables.get("notes", {}).values())


def new_note(text: str, partnership_id: int = 1) -> Note:
    return Note(partnership_id=partnership_id, text=text, created_at=clock.now())


def first_note(store: Store, text: str) -> Note:
    """The first write to a new file: partnership 1, which notes belong to, and a note."""
    with store.transaction():
        store.add(make_partnership())
        return store.add(new_note(text))


def set_today(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("COMPANION_NOW", f"{day}T10:00:00")
