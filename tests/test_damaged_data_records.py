"""Damaged records are refused like unreadable files (docs/trust.md, "Damaged data").

A file that parses but holds a record with a wrong type, a value out of range, a missing
field or a reference to nothing is refused by every command, the app included: one line
naming the file, the table, the record and the field, and how to restore the newest
backup; the file stays byte for byte as it was; `check` lists every problem. The seal
tells a file Companion wrote from one edited by hand, and a change that would store a
damaged record writes nothing.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from companion import codec
from companion.codec import pack_bundle, unpack_bundle
from companion.datafile import read_file
from companion.errors import DataFileError
from companion.models import Note
from companion.seal import SealInBackground
from companion.storage import RecordCheckError
from companion.store import Store
from tests import damaged_data_helpers as shared
from tests.damaged_data_helpers import COMMANDS, NOW, fingerprint, run, tables_of, valid_bytes, write_file

# The helper module's autouse fixture, bound here so that pytest applies it to these tests.
show_unexpected_errors = shared.show_unexpected_errors


@pytest.fixture
def valid_file() -> bytes:
    return valid_bytes()


def first_id(tables: dict, table: str, wanted: Callable[[dict], bool] = lambda doc: True) -> str:
    return next(doc_id for doc_id, doc in tables[table].items() if wanted(doc))


def held(doc: dict) -> bool:
    return doc.get("state") == "held" and "agenda" in doc and doc.get("agenda") is not None


def packed(doc: dict, part: str) -> dict:
    return unpack_bundle(doc[part]["packed"])


def repack(doc: dict, part: str, bundle: dict) -> None:
    doc[part]["packed"] = pack_bundle(bundle)


def _agenda_minutes(tables: dict) -> tuple[str, str]:
    doc_id = first_id(tables, "sessions", held)
    bundle = packed(tables["sessions"][doc_id], "agenda")
    bundle["items"][0][3] = "ten"
    repack(tables["sessions"][doc_id], "agenda", bundle)
    return doc_id, "agenda.items[0].minutes"


def _set(table: str, field: str, value, wanted=lambda doc: True):
    def damage(tables: dict) -> tuple[str, str]:
        doc_id = first_id(tables, table, wanted)
        tables[table][doc_id][field] = value
        return doc_id, field

    return damage


def _remove(table: str, field: str):
    def damage(tables: dict) -> tuple[str, str]:
        doc_id = first_id(tables, table)
        del tables[table][doc_id][field]
        return doc_id, field

    return damage


# name: (damage, table); a damage returns the record id and field it broke.
DAMAGES = {
    "session-time-is-a-number": (_set("sessions", "scheduled_at", 1764000000), "sessions"),
    "session-time-is-soon": (_set("sessions", "scheduled_at", "soon"), "sessions"),
    "session-time-has-an-offset": (_set("sessions", "scheduled_at", "2026-11-24T16:00:00+02:00"), "sessions"),
    "session-minutes-as-text": (_set("sessions", "duration_minutes", "45", held), "sessions"),
    "note-text-is-a-number": (_set("notes", "text", 42), "notes"),
    "unknown-goal-status": (_set("goals", "status", "someday"), "goals"),
    "date-is-a-number": (_set("goals", "target_date", 20270101), "goals"),
    "date-out-of-range": (_set("partnerships", "start_date", "0001-01-01"), "partnerships"),
    "missing-partnership": (_set("actions", "partnership_id", 99), "actions"),
    "missing-session": (_set("notes", "session_id", 999, lambda d: d.get("session_id")), "notes"),
    "missing-required-field": (_remove("partnerships", "partner_name"), "partnerships"),
    "weekday-out-of-range": (
        lambda t: (
            first_id(t, "partnerships"),
            t["partnerships"]["1"]["cadences"][0].update(weekday=9) or "cadences[0].weekday",
        ),
        "partnerships",
    ),
    "agenda-item-minutes-as-text": (_agenda_minutes, "sessions"),
}


def make_backup(folder: Path, raw: bytes) -> Path:
    backups = folder / "backups"
    backups.mkdir(mode=0o700, exist_ok=True)
    backup = backups / "companion-2026-11-23.json"
    backup.write_bytes(raw)
    return backup


# --- each damage, each command ---------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_every_command_refuses_a_damaged_record_and_leaves_the_file_alone(
    tmp_path, valid_file, damage, command, monkeypatch, capsys
):
    tables = tables_of(valid_file)
    old_seal = tables["meta"]["1"]["seal"]
    break_it, table = DAMAGES[damage]
    record, field = break_it(tables)
    folder = tmp_path / "it's data"  # a quote in the folder's name: the restore command must survive it
    path = write_file(folder, tables, seal=old_seal)
    backup = make_backup(folder, valid_file)
    before = fingerprint(path)

    code, out, err = run(folder, command, monkeypatch, capsys)

    assert code == 1, (out, err)
    assert "Traceback" not in out + err
    where = f'record {record} in "{table}", field "{field}"'
    assert where in err
    assert str(path) in err
    assert f"cp {shlex.quote(str(backup))} {shlex.quote(str(path))}" in err
    if command != "check":
        assert len(err.strip().splitlines()) == 1, err  # one line that says what to do
    assert fingerprint(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["backups", "companion.json"]


def test_check_lists_every_damaged_record_not_just_the_first(tmp_path, valid_file, monkeypatch, capsys):
    tables = tables_of(valid_file)
    broken = [
        DAMAGES[name][0](tables) for name in ("session-time-is-soon", "note-text-is-a-number", "unknown-goal-status")
    ]
    folder = tmp_path / "data"
    write_file(folder, tables, like_companion=False)

    code, out, err = run(folder, "check", monkeypatch, capsys)

    assert code == 1
    assert "holds 3 damaged records" in err
    for (record, field), table in zip(broken, ("sessions", "notes", "goals")):
        assert f'record {record} in "{table}", field "{field}"' in err
    assert "Healthy." not in out


# --- the seal -----------------------------------------------------------------------------------


def is_sealed(raw: bytes, tables: dict) -> bool:
    """True if the file is exactly what Companion checked and wrote: its meta table comes
    last, alone, and seals everything before it."""
    return SealInBackground(raw).matches(tables)


def test_a_file_companion_wrote_is_sealed_and_any_edit_breaks_the_seal(tmp_path, valid_file):
    path = write_file(tmp_path / "data", tables_of(valid_file))
    raw = path.read_bytes()
    tables, _, _ = read_file(path)
    assert is_sealed(raw, tables)

    edited = raw.replace(b'"state": "held"', b'"state": "HELD"', 1)
    assert not is_sealed(edited, json.loads(edited))
    path.write_bytes(edited)
    with pytest.raises(DataFileError, match='field "state"'):
        read_file(path)

    # A table slipped in after the seal is not covered by it.
    appended = raw[: -len(b"\n}\n")] + b',\n"notes": {\n  "1": {"text": 7}\n}\n}\n'
    assert not is_sealed(appended, json.loads(appended))


def test_a_valid_edit_by_hand_is_accepted_and_sealed_again_on_the_next_write(tmp_path, valid_file):
    tables = tables_of(valid_file)
    old_seal = tables["meta"]["1"]["seal"]
    tables["notes"][first_id(tables, "notes")]["text"] = "fixed by hand"
    path = write_file(tmp_path / "data", tables, seal=old_seal)
    assert not is_sealed(path.read_bytes(), json.loads(path.read_bytes()))

    store = Store(tmp_path / "data").open()
    assert "fixed by hand" in [n.text for n in store.all(Note)]
    store.add(Note(partnership_id=1, text="new", created_at=NOW))
    raw = path.read_bytes()
    assert is_sealed(raw, json.loads(raw))


def test_a_change_that_would_store_a_damaged_record_writes_nothing(tmp_path, valid_file):
    path = write_file(tmp_path / "data", tables_of(valid_file))
    store = Store(tmp_path / "data").open()
    before = fingerprint(path)
    for change in (
        lambda: store.add(Note(partnership_id=99, text="for nobody", created_at=NOW)),
        lambda: store.update(Note, 1, text=None),
        lambda: store.update(codec.models.Session, 1, scheduled_at="soon"),
    ):
        with pytest.raises(RecordCheckError, match="Nothing was saved"):
            change()
        assert fingerprint(path) == before
    assert [n.text for n in store.all(Note)]  # the store reads on from the file as it is


def test_removing_a_record_others_refer_to_is_refused(tmp_path, valid_file):
    tables = tables_of(valid_file)
    path = write_file(tmp_path / "data", tables)
    store = Store(tmp_path / "data").open()
    session_id = next(int(doc["session_id"]) for doc in tables["actions"].values() if doc.get("session_id"))
    before = fingerprint(path)
    with pytest.raises(RecordCheckError, match="which does not exist"):
        store.delete(codec.models.Session, session_id)
    assert fingerprint(path) == before
