"""How the store reads (docs/storage.md), on real files in `tmp_path`: files that cannot
be read are reported and never written, a file from a newer version is refused, and an
older file is migrated only after a backup.

Every test here works against the real `Store` and the real file system; the migration
tests stand in upgrade steps of their own.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from companion import clock, migrations
from companion.errors import DataFileError
from companion.models import Note
from companion.notes import add_note
from companion.store import Store
from tests.conftest import encode_tables, read_tables
from tests.store_helpers import file_state, first_note, mode_of, new_note, temp_files


def write_raw(folder: Path, payload: bytes) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / "companion.json"
    path.write_bytes(payload)
    return path


# --- files that cannot be read -------------------------------------------------------------

# name -> (file content, words the message must use to say why)
UNREADABLE = {
    "broken-json": (b'{"notes": {"1": {"text": "half', "not valid JSON"),
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\t\r\n  ", "empty"),
    "null": (b"null", "null"),
    "list": (b'[{"notes": {}}]', "JSON list"),
    "not-utf8": (b'{"notes": {"1": {"text": "caf\xe9 cr\xe8me"}}}', "not UTF-8"),
    "nul-bytes": (b'{"notes": {}}\n\x00\x00\x00\x00', "NUL bytes"),
    "table-not-object": (b'{"notes": [{"text": "a"}]}', 'table "notes" is not a JSON object'),
    "record-not-object": (b'{"notes": {"1": "just text"}}', 'broken record "1"'),
    "record-id-not-number": (b'{"notes": {"first": {"text": "a"}}}', 'broken record "first"'),
    "schema-not-number": (b'{"meta": {"1": {"schema": "two"}}}', "schema version is not a number"),
}


def make_backups(data_dir: Path) -> Path:
    """Two backups; the newest (by time) is returned. Its name is not the last alphabetically."""
    backups = data_dir / "backups"
    backups.mkdir(mode=0o700, parents=True)
    older = backups / "companion-2026-11-23.json"
    newer = backups / "companion-before-v1-20261124-090000.json"
    older.write_bytes(b'{"notes": {}}\n')
    newer.write_bytes(b'{"notes": {}}\n')
    os.utime(older, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    os.utime(newer, ns=(1_700_000_100_000_000_000, 1_700_000_100_000_000_000))
    return newer


@pytest.mark.parametrize("with_backup", [False, True], ids=["no-backup", "with-backup"])
@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_an_unreadable_file_is_reported_and_never_written(data_dir: Path, kind: str, with_backup: bool) -> None:
    payload, why = UNREADABLE[kind]
    path = write_raw(data_dir, payload)
    newest = make_backups(data_dir) if with_backup else None
    backups_before = sorted(p.name for p in (data_dir / "backups").glob("*")) if with_backup else []
    before = file_state(path)

    store = Store(data_dir)
    with pytest.raises(DataFileError) as caught:
        store.open()
    message = str(caught.value)
    assert str(path) in message
    assert why in message
    if newest is not None:
        assert f"cp {shlex.quote(str(newest))} {shlex.quote(str(path))}" in message
    else:
        assert "no backup" in message
        assert "cp " not in message

    # Whatever is tried next, the file stays exactly as it was.
    with pytest.raises(DataFileError):
        store.add(new_note("must not be written"))
    with pytest.raises(DataFileError):
        add_note(store, "nor this", clock.now())
    with pytest.raises(DataFileError):
        store.all(Note)
    with pytest.raises(DataFileError):
        Store(data_dir).open()

    assert file_state(path) == before
    assert temp_files(data_dir) == []
    after_backups = sorted(p.name for p in (data_dir / "backups").glob("*")) if with_backup else []
    assert after_backups == backups_before
    assert not (data_dir / "backups").exists() or with_backup


def test_a_file_broken_while_open_is_not_overwritten_by_the_copy_in_memory(data_dir: Path, onboarded: Store) -> None:
    add_note(onboarded, "before the damage", clock.now())
    onboarded.all(Note)  # the store now holds the whole file in memory
    broken = onboarded.path.read_bytes()[:-40]  # e.g. another program truncated it
    onboarded.path.write_bytes(broken)
    before = file_state(onboarded.path)

    with pytest.raises(DataFileError) as caught:
        add_note(onboarded, "after the damage", clock.now())
    assert str(onboarded.path) in str(caught.value)
    with pytest.raises(DataFileError):
        onboarded.add(new_note("nor this"))
    assert file_state(onboarded.path) == before
    assert temp_files(data_dir) == []


def test_a_file_from_a_newer_schema_is_refused_and_left_alone(data_dir: Path) -> None:
    payload = b'{\n"meta": {"1": {"schema": 99}},\n"notes": {"1": {"text": "from the future"}}\n}\n'
    path = write_raw(data_dir, payload)
    before = file_state(path)

    store = Store(data_dir)
    with pytest.raises(DataFileError) as caught:
        store.open()
    message = str(caught.value)
    assert str(path) in message
    assert "newer version" in message
    assert "99" in message
    assert "Upgrade" in message or "upgrade" in message

    with pytest.raises(DataFileError):
        store.add(new_note("must not be written"))
    with pytest.raises(DataFileError):
        add_note(store, "nor this", clock.now())
    assert file_state(path) == before
    assert temp_files(data_dir) == []
    assert not (data_dir / "backups").exists()


def test_a_file_upgraded_to_a_newer_schema_by_another_process_is_not_written(data_dir: Path, onboarded: Store) -> None:
    tables, _ = read_tables(onboarded.path)
    tables["meta"]["1"]["schema"] = 99
    onboarded.path.write_bytes(encode_tables(tables))
    before = file_state(onboarded.path)

    with pytest.raises(DataFileError) as caught:
        add_note(onboarded, "must not be written", clock.now())
    assert str(onboarded.path) in str(caught.value)
    assert file_state(onboarded.path) == before


# --- migrations ------------------------------------------------------------------------------


# The mechanism is tested with a step after the current version, so that it holds for the
# next one too; the real steps are tested in tests/test_migrations.py.
CURRENT = migrations.SCHEMA_VERSION
NEXT = CURRENT + 1


def _older_file(data_dir: Path) -> bytes:
    store = Store(data_dir).open()
    first_note(store, "old style")
    store.add(new_note("another"))
    tables, _ = read_tables(store.path)
    assert tables["meta"]["1"]["schema"] == CURRENT
    # Today's daily backup is not what this test is about: only the migration's counts.
    for backup in store.backups():
        backup.unlink()
    return store.path.read_bytes()


def test_an_older_file_is_migrated_after_a_backup(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = _older_file(data_dir)
    backups_dir = data_dir / "backups"
    seen_by_step: list[bytes] = []

    def one_to_two(tables):
        # The backup exists, holding the original file, before any step runs.
        taken = list(backups_dir.glob(f"companion-before-v{NEXT}-*.json"))
        seen_by_step.extend(p.read_bytes() for p in taken)
        for doc in tables["notes"].values():
            doc["text"] = doc["text"].upper()
        tables["tags"] = {"1": {"name": "added in the next version"}}
        return tables

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", NEXT)
    monkeypatch.setattr(migrations, "MIGRATIONS", {**migrations.MIGRATIONS, CURRENT: one_to_two})

    store = Store(data_dir).open()

    assert seen_by_step == [original]
    taken = list(backups_dir.glob(f"companion-before-v{NEXT}-*.json"))
    assert [p.name for p in taken] == [f"companion-before-v{NEXT}-20261124-100000.json"]
    assert taken[0].read_bytes() == original
    assert mode_of(taken[0]) == 0o600

    tables, _ = read_tables(store.path)
    assert tables["meta"]["1"]["schema"] == NEXT
    assert sorted(d["text"] for d in tables["notes"].values()) == ["ANOTHER", "OLD STYLE"]
    assert tables["tags"] == {"1": {"name": "added in the next version"}}
    assert mode_of(store.path) == 0o600

    # Opening again does not migrate (or back up) a second time, and writing keeps the new schema.
    before = file_state(store.path)
    again = Store(data_dir).open()
    assert file_state(store.path) == before
    again.add(new_note("new"))
    assert read_tables(store.path)[0]["meta"]["1"]["schema"] == NEXT
    assert len(list(backups_dir.glob(f"companion-before-v{NEXT}-*.json"))) == 1


@pytest.mark.parametrize("steps", ["failing", "missing"])
def test_a_failing_migration_leaves_the_file_untouched(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, steps: str
) -> None:
    _older_file(data_dir)
    path = data_dir / "companion.json"
    before = file_state(path)

    def one_to_two(tables):
        for doc in tables["notes"].values():
            doc["text"] = "half migrated"  # changes the tables in place, then fails
        raise ValueError("cannot convert record 7")

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", NEXT)
    monkeypatch.setattr(migrations, "MIGRATIONS", {CURRENT: one_to_two} if steps == "failing" else {})

    store = Store(data_dir)
    with pytest.raises(DataFileError) as caught:
        store.open()
    message = str(caught.value)
    assert str(path) in message
    assert "could not be upgraded" in message
    if steps == "failing":
        assert "cannot convert record 7" in message

    # The half-migrated copy in memory is never written either.
    with pytest.raises(DataFileError):
        store.add(new_note("must not be written"))
    assert file_state(path) == before
    assert temp_files(data_dir) == []
