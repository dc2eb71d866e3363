"""How the store writes (docs/storage.md), on real files in `tmp_path`: private
permissions, no temporary files left behind, daily backups and their pruning, and the
file's encoding read back exactly.

Every test here works against the real `Store` and the real file system: nothing is mocked.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import clock
from companion.models import Note
from companion.notes import add_note
from companion.store import Store
from tests.conftest import encode_tables, parse_tables
from tests.depth import examples
from tests.store_helpers import file_state, first_note, mode_of, new_note, note_texts, set_today, temp_files

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


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
