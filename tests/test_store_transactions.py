"""Changes that must be all or nothing (docs/storage.md), on real files in `tmp_path`:
two stores on one folder (two processes) interleaving their writes, a failed write, and a
transaction whose body raises.

Every test here works against the real `Store` and the real file system: nothing is mocked
except, where a fault is injected, a single `os` function while the store writes.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from companion import clock
from companion.errors import SaveError
from companion.models import Note
from companion.notes import add_note
from companion.store import Store
from tests.conftest import read_tables
from tests.store_helpers import file_state, new_note, note_texts, set_today, temp_files

# --- two stores on one folder (two processes) ---------------------------------------------


def test_interleaved_adds_from_two_stores_never_reuse_an_id_or_lose_a_record(data_dir: Path, onboarded: Store) -> None:
    a = onboarded
    b = Store(data_dir).open()
    b.all(Note)  # both have the file in memory, and TinyDB has worked out its next ids
    ids: list[int] = []
    expected: list[str] = []
    for i in range(15):
        for name, store in (("a", a), ("b", b)):
            text = f"{name}-{i}"
            ids.append(store.add(new_note(text)).id)
            expected.append(text)
        # A writes twice in a row sometimes, so that the next ids drift apart.
        if i % 4 == 0:
            ids.append(a.add(new_note(f"a-extra-{i}")).id)
            expected.append(f"a-extra-{i}")
    # Through the notes API too (nested transaction, partnership lookup).
    for i in range(3):
        ids.append(add_note(b, f"b-api-{i}", clock.now())[0].id)
        ids.append(add_note(a, f"a-api-{i}", clock.now())[0].id)
        expected += [f"b-api-{i}", f"a-api-{i}"]

    assert len(set(ids)) == len(ids)
    assert note_texts(data_dir) == sorted(expected)
    tables, _ = read_tables(data_dir / "companion.json")
    assert sorted(int(i) for i in tables["notes"]) == sorted(ids)
    # Each store, asked again, sees everything.
    assert sorted(n.text for n in a.all(Note)) == sorted(expected)
    assert sorted(n.text for n in b.all(Note)) == sorted(expected)


def test_a_store_sees_what_another_store_wrote(data_dir: Path, onboarded: Store) -> None:
    a = onboarded
    b = Store(data_dir).open()
    assert a.all(Note) == []
    assert a.reload_if_changed() is False

    written = b.add(new_note("from b"))
    assert a.reload_if_changed() is True
    assert a.reload_if_changed() is False
    assert [n.text for n in a.all(Note)] == ["from b"]

    second = b.add(new_note("from b again"))
    # A plain read notices the change too, without being told to reload.
    assert sorted(n.text for n in a.all(Note)) == ["from b", "from b again"]
    assert a.get(Note, second.id).text == "from b again"
    assert a.reload_if_changed() is False

    b.delete(Note, written.id)
    assert a.get(Note, written.id) is None
    assert [n.text for n in a.all(Note)] == ["from b again"]

    # A's change is applied on top of B's, not over it.
    changed = a.get(Note, second.id)
    b.add(new_note("from b, third"))
    changed.text = "edited by a"
    a.save(changed)
    assert note_texts(data_dir) == ["edited by a", "from b, third"]


# --- failed writes ---------------------------------------------------------------------------


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("needs_backup", [False, True], ids=["same-day", "first-write-of-day"])
@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_changes_nothing_and_the_store_recovers(
    data_dir: Path,
    onboarded: Store,
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
    needs_backup: bool,
) -> None:
    store = onboarded
    add_note(store, "saved", clock.now())  # also takes today's backup
    if needs_backup:
        set_today(monkeypatch, "2026-11-25")
    before = file_state(store.path)
    backups_before = {p.name: p.read_bytes() for p in store.backups()}

    with monkeypatch.context() as fault:
        fault.setattr(os, failing, _no_space)
        with pytest.raises(SaveError) as caught:
            add_note(store, "lost to a full disk", clock.now())
    message = str(caught.value)
    assert "the disk is full" in message
    assert str(data_dir) in message

    assert file_state(store.path) == before
    assert temp_files(data_dir) == []
    assert {p.name: p.read_bytes() for p in store.backups()} == backups_before

    # The record that could not be saved is not shown as if it were, nor written later.
    assert [n.text for n in store.all(Note)] == ["saved"]
    add_note(store, "after the fault", clock.now())
    assert note_texts(data_dir) == ["after the fault", "saved"]
    assert sorted(n.text for n in store.all(Note)) == ["after the fault", "saved"]
    assert temp_files(data_dir) == []


def test_a_transaction_whose_body_raises_writes_nothing(data_dir: Path, onboarded: Store) -> None:
    store = onboarded
    add_note(store, "kept", clock.now())
    before = file_state(store.path)

    class Oops(Exception):
        pass

    with pytest.raises(Oops):
        with store.transaction():
            store.add(new_note("half of a change"))
            add_note(store, "nested", clock.now())
            note = store.all(Note)[0]
            note.text = "edited"
            store.save(note)
            raise Oops

    assert file_state(store.path) == before
    assert [n.text for n in store.all(Note)] == ["kept"]
    assert temp_files(data_dir) == []
    # And the store keeps working afterwards.
    add_note(store, "next", clock.now())
    assert note_texts(data_dir) == ["kept", "next"]
