"""Storage robustness (docs/storage.md), on real files in `tmp_path`.

Every test here works against the real `Store` and the real file system: nothing is mocked
except, where a fault is injected, a single `os` function while the store writes.
"""

from __future__ import annotations

import errno
import json
import os
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import clock, migrations
from companion.errors import DataFileError, SaveError
from companion.models import Note
from companion.notes import add_note
from companion.store import Store
from tests.conftest import encode_tables, make_partnership, parse_tables, read_tables

# --- helpers -----------------------------------------------------------------------------


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


def write_raw(folder: Path, payload: bytes) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / "companion.json"
    path.write_bytes(payload)
    return path


def set_today(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("COMPANION_NOW", f"{day}T10:00:00")


# --- permissions and temporary files -----------------------------------------------------


@pytest.fixture
def open_umask():
    """A umask of 0, so that any file created without an explicit private mode shows up."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_writes_are_private_and_leave_no_temporary_files(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, open_umask
) -> None:
    store = Store(data_dir).open()
    assert not data_dir.exists()  # opening creates nothing; the first write does

    first_note(store, "first")  # creates the file (no backup: there was nothing to copy)
    assert mode_of(data_dir) == 0o700
    store.add(new_note("second"))  # first change of the day to an existing file: a backup
    set_today(monkeypatch, "2026-11-25")
    store.add(new_note("third"))

    assert temp_files(data_dir) == []
    assert mode_of(store.path) == 0o600
    assert mode_of(store.lock_path) == 0o600
    assert mode_of(store.backups_dir) == 0o700
    backups = sorted(p.name for p in store.backups())
    assert backups == ["companion-2026-11-24.json", "companion-2026-11-25.json"]
    for backup in store.backups():
        assert mode_of(backup) == 0o600, backup
    assert note_texts(data_dir) == ["first", "second", "third"]


def test_missing_parent_folders_are_created_private(tmp_path: Path, open_umask) -> None:
    folder = tmp_path / "made" / "by" / "companion"
    first_note(Store(folder).open(), "first")
    for created in (tmp_path / "made", tmp_path / "made" / "by", folder):
        assert mode_of(created) == 0o700, created


def test_a_folder_that_was_already_there_keeps_its_permissions(data_dir: Path, open_umask) -> None:
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)  # someone's own folder (a home, a shared folder): not ours to change
    store = Store(data_dir).open()
    first_note(store, "first")
    store.add(new_note("second"))
    assert mode_of(data_dir) == 0o755
    assert mode_of(store.path) == 0o600
    assert mode_of(store.backups_dir) == 0o700  # made by Companion


def test_a_read_only_store_creates_and_changes_nothing(data_dir: Path, onboarded: Store) -> None:
    onboarded.add(new_note("kept"))
    missing = data_dir.parent / "not-yet"
    Store(missing, read_only=True).open()
    assert not missing.exists()
    os.chmod(data_dir, 0o755)
    before = file_state(onboarded.path)
    listing = sorted(p.name for p in data_dir.iterdir())
    reader = Store(data_dir, read_only=True).open()
    assert [n.text for n in reader.all(Note)] == ["kept"]
    with pytest.raises(RuntimeError):
        reader.add(new_note("refused"))
    assert file_state(onboarded.path) == before
    assert sorted(p.name for p in data_dir.iterdir()) == listing
    assert mode_of(data_dir) == 0o755


def test_a_world_readable_data_file_becomes_private_on_the_next_write(store: Store) -> None:
    first_note(store, "first")
    os.chmod(store.path, 0o644)
    store.add(new_note("second"))
    assert mode_of(store.path) == 0o600


def test_stale_temporary_files_are_removed_on_open(data_dir: Path, store: Store) -> None:
    first_note(store, "keep me")
    store.add(new_note("and me"))  # takes today's backup
    backups = data_dir / "backups"
    leftovers = [
        data_dir / ".companion.json.tmp-123-abcd",
        backups / ".companion.json.tmp-123-abcd",
        backups / ".companion-2026-11-24.json.tmp-456-ef01",
    ]
    for leftover in leftovers:
        leftover.write_bytes(b'{"half": ')
    unrelated = data_dir / "my-notes.txt"
    unrelated.write_text("not Companion's")
    before = file_state(store.path)

    Store(data_dir).open()

    assert [p for p in leftovers if p.exists()] == []
    assert unrelated.read_text() == "not Companion's"
    assert (backups / "companion-2026-11-24.json").exists()
    assert file_state(store.path) == before


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


def _v1_file(data_dir: Path) -> bytes:
    store = Store(data_dir).open()
    first_note(store, "old style")
    store.add(new_note("another"))
    tables, _ = read_tables(store.path)
    assert tables["meta"]["1"]["schema"] == 1
    # Today's daily backup is not what this test is about: only the migration's counts.
    for backup in store.backups():
        backup.unlink()
    return store.path.read_bytes()


def test_an_older_file_is_migrated_after_a_backup(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = _v1_file(data_dir)
    backups_dir = data_dir / "backups"
    seen_by_step: list[bytes] = []

    def one_to_two(tables):
        # The backup exists, holding the original file, before any step runs.
        taken = list(backups_dir.glob("companion-before-v2-*.json"))
        seen_by_step.extend(p.read_bytes() for p in taken)
        for doc in tables["notes"].values():
            doc["text"] = doc["text"].upper()
        tables["tags"] = {"1": {"name": "added in v2"}}
        return tables

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: one_to_two})

    store = Store(data_dir).open()

    assert seen_by_step == [original]
    taken = list(backups_dir.glob("companion-before-v2-*.json"))
    assert [p.name for p in taken] == ["companion-before-v2-20261124-100000.json"]
    assert taken[0].read_bytes() == original
    assert mode_of(taken[0]) == 0o600

    tables, _ = read_tables(store.path)
    assert tables["meta"]["1"]["schema"] == 2
    assert sorted(d["text"] for d in tables["notes"].values()) == ["ANOTHER", "OLD STYLE"]
    assert tables["tags"] == {"1": {"name": "added in v2"}}
    assert mode_of(store.path) == 0o600

    # Opening again does not migrate (or back up) a second time, and writing keeps schema 2.
    before = file_state(store.path)
    again = Store(data_dir).open()
    assert file_state(store.path) == before
    again.add(new_note("new"))
    assert read_tables(store.path)[0]["meta"]["1"]["schema"] == 2
    assert len(list(backups_dir.glob("companion-before-v2-*.json"))) == 1


@pytest.mark.parametrize("steps", ["failing", "missing"])
def test_a_failing_migration_leaves_the_file_untouched(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, steps: str
) -> None:
    _v1_file(data_dir)
    path = data_dir / "companion.json"
    before = file_state(path)

    def one_to_two(tables):
        for doc in tables["notes"].values():
            doc["text"] = "half migrated"  # changes the tables in place, then fails
        raise ValueError("cannot convert record 7")

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: one_to_two} if steps == "failing" else {})

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


# --- daily backups ---------------------------------------------------------------------------


def test_the_first_write_of_a_day_backs_up_the_file_as_it_was(
    data_dir: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    backups = data_dir / "backups"
    first_note(store, "monday")
    assert not backups.exists()  # nothing to back up before the file existed
    end_of_day_one = store.path.read_bytes()

    set_today(monkeypatch, "2026-11-25")
    store.add(new_note("tuesday 1"))
    after_first_write = store.path.read_bytes()
    store.add(new_note("tuesday 2"))
    daily = backups / "companion-2026-11-25.json"
    assert daily.read_bytes() == end_of_day_one  # taken before the first write, kept all day

    set_today(monkeypatch, "2026-11-26")
    end_of_day_two = store.path.read_bytes()
    assert end_of_day_two != after_first_write
    Store(data_dir).open().add(new_note("wednesday"))  # another process, same rule
    assert (backups / "companion-2026-11-26.json").read_bytes() == end_of_day_two
    assert daily.read_bytes() == end_of_day_one
    assert sorted(p.name for p in backups.iterdir()) == [
        "companion-2026-11-25.json",
        "companion-2026-11-26.json",
    ]


def test_a_day_without_changes_takes_no_backup(data_dir: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    first_note(store, "monday")
    set_today(monkeypatch, "2026-11-25")
    store.all(Note)
    Store(data_dir).open()
    assert not (data_dir / "backups").exists()


def test_only_the_newest_fourteen_daily_backups_are_kept(
    data_dir: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_note(store, "monday")
    backups = data_dir / "backups"
    backups.mkdir(mode=0o700)
    old_days = [f"companion-2026-10-{day:02d}.json" for day in range(1, 17)]  # 16 old dailies
    for name in old_days:
        (backups / name).write_bytes(b"{}\n")
    kept_anyway = [
        "companion-before-v2-20261001-080000.json",  # migration backups are never pruned
        "companion-before-v3-20250101-080000.json",
    ]
    for name in kept_anyway:
        (backups / name).write_bytes(b"{}\n")

    set_today(monkeypatch, "2026-11-25")
    store.add(new_note("tuesday"))

    daily_left = sorted(p.name for p in backups.iterdir() if not p.name.startswith("companion-before"))
    assert daily_left == old_days[-13:] + ["companion-2026-11-25.json"]
    assert len(daily_left) == 14
    for name in kept_anyway:
        assert (backups / name).exists()

    # The next day prunes again: still fourteen, the oldest one gone.
    set_today(monkeypatch, "2026-11-26")
    store.add(new_note("wednesday"))
    daily_left = sorted(p.name for p in backups.iterdir() if not p.name.startswith("companion-before"))
    assert daily_left == old_days[-12:] + ["companion-2026-11-25.json", "companion-2026-11-26.json"]
    for name in kept_anyway:
        assert (backups / name).exists()


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


# --- encoding ---------------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec=None))
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet=st.characters(codec=None)), children, max_size=4)
    ),
    max_leaves=12,
)
documents = st.dictionaries(st.text(alphabet=st.characters(codec=None)), json_values, max_size=5)
tables_strategy = st.dictionaries(
    st.text(alphabet=st.characters(codec=None)),
    st.dictionaries(st.integers(min_value=1, max_value=10**9).map(str), documents, max_size=4),
    max_size=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables=tables_strategy)
def test_encoded_tables_read_back_the_same(tables) -> None:
    encoded = encode_tables(tables)
    assert json.loads(encoded) == tables
    assert parse_tables(encoded, Path("companion.json"), check_records=False) == tables


def test_encoded_tables_keep_unicode_and_control_characters() -> None:
    tricky = 'tab\tnew\nline \x00 nul \x1b[31m esc \u2028 \u00e9\U0001f600 "quoted" back\\slash'
    tables = {"notes": {"1": {"text": tricky, tricky: [tricky]}}, tricky: {}}
    encoded = encode_tables(tables)
    assert b"\x00" not in encoded  # escaped, so the reader does not take it for a binary file
    assert json.loads(encoded) == tables
    assert parse_tables(encoded, Path("companion.json"), check_records=False) == tables


def test_a_stored_note_with_control_characters_reads_back(data_dir: Path, onboarded: Store) -> None:
    tricky = 'line one\nline two\ttabbed \u00e9\U0001f600 "q" \\'
    add_note(onboarded, tricky, clock.now())
    fresh = Store(data_dir).open()
    assert [n.text for n in fresh.all(Note)] == [tricky]
