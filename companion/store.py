"""The store: TinyDB on the data file, safe against crashes and other processes.

Rules (docs/storage.md; docs/trust.md, "Nothing is lost"):
- every read-modify-write runs inside `Store.transaction()`, which holds the lock
  (`companion.lock`) and re-reads the data file first if another process changed it;
- a file that cannot be read, or holds a damaged record, is never written over: every
  operation raises `DataFileError` and the file stays byte for byte as it was;
- nothing is written that fails the record checks (`companion.record_checks`);
- a daily backup is taken before the first write of each day (`companion.backups`);
- an older file is moved forward after a backup, a newer one refused (`companion.migrations`);
- Companion changes only what it created: it makes missing folders 0700 when it first
  writes, and never touches the permissions of a folder that was already there. A store
  opened read-only creates and changes nothing at all.

Reading and checking the file live in `companion.datafile`, writing it in
`companion.atomic`; the TinyDB storage that keeps it in memory between transactions in
`companion.storage`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from companion import clock, migrations
from companion.atomic import stale_temp_files, write_target
from companion.backups import BACKUP_DIR_NAME, backups_newest_first, take_backup, take_daily_backup
from companion.codec import TABLES, encode, from_doc, to_doc
from companion.datafile import META_TABLE, Tables, damaged_message, schema_of, unreadable_message
from companion.errors import DataFileError, SaveError, os_error_text
from companion.lock import LOCK_FILE_NAME, LOCK_TIMEOUT_SECONDS, DataLock
from companion.paths import DATA_FILE_NAME
from companion.record_checks import check_tables
from companion.storage import AtomicStorage, RecordCheckError

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.table import Table

T = TypeVar("T")


class _Record(Protocol):
    """A record kept in a table of its own, numbered by its document id."""

    id: int | None


R = TypeVar("R", bound=_Record)


class Store:
    """Companion's data file, opened from a data folder.

    A store opened with `read_only=True` (what `status` and `check` use) refuses
    transactions and changes nothing on disk, not even a folder's existence.
    """

    def __init__(self, data_dir: Path, *, lock_timeout: float = LOCK_TIMEOUT_SECONDS, read_only: bool = False):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DATA_FILE_NAME
        self.backups_dir = self.data_dir / BACKUP_DIR_NAME
        self.lock_path = self.data_dir / LOCK_FILE_NAME
        self.lock_timeout = lock_timeout
        self.read_only = read_only
        self._storage = AtomicStorage(self.path)
        self._tinydb: TinyDB | None = None  # made on the first write (`_db`)
        self._lock = DataLock(self.lock_path, lock_timeout)
        self._mutex = threading.RLock()
        self._depth = 0
        self._derived: dict[str, tuple[int, Any]] = {}

    # opening --------------------------------------------------------------------------

    def open(self) -> Store:
        """Read and check the file, tidy up after a crash, and move an older file forward.

        Raises DataFileError for a file that cannot be used; it is never modified then.
        Reading needs no lock (files are only ever replaced whole); the lock is taken
        only when there is something to tidy or upgrade. A read-only store upgrades an
        older file in memory only.
        """
        self._storage.invalidate()
        self._storage.refresh()
        version = self.schema_version()
        self._refuse_newer(version)
        if self.read_only:
            if version < migrations.SCHEMA_VERSION:
                self._storage.tables = self._migrated(version)
            return self
        if self._stale_temp_files() or version < migrations.SCHEMA_VERSION:
            with self._locked():
                for leftover in self._stale_temp_files():
                    leftover.unlink(missing_ok=True)
                self._storage.refresh()
                self._upgrade_if_older()
        return self

    def _refuse_newer(self, version: int) -> None:
        current = migrations.SCHEMA_VERSION
        if version > current:
            raise DataFileError(
                f"The data file {self.path} was written by a newer version of Companion "
                f"(schema {version}; this version reads up to {current}). "
                "It was left exactly as it is; upgrade Companion to open it."
            )

    def _upgrade_if_older(self) -> None:
        version = self.schema_version()
        current = migrations.SCHEMA_VERSION
        self._refuse_newer(version)
        if version == current:
            return
        self._backup(f"companion-before-v{current}-{clock.now():%Y%m%d-%H%M%S}.json")
        self._storage.tables = self._migrated(version)
        self._storage.encoded.forget()  # every document may have changed
        self._write_now()

    def _migrated(self, version: int) -> Tables:
        """The tables moved forward to the current schema, checked like a file read."""
        current = migrations.SCHEMA_VERSION
        try:
            tables = migrations.migrate(self._storage.read(), version, current)
        except Exception as error:
            raise DataFileError(
                f"The data file {self.path} (schema {version}) could not be upgraded: {error}. "
                "It was left exactly as it is."
            ) from error
        damaged = check_tables(tables)
        if damaged:
            raise DataFileError(damaged_message(self.path, damaged))
        tables.setdefault(META_TABLE, {}).setdefault("1", {})["schema"] = current
        return tables

    def schema_version(self) -> int:
        tables = self._storage.read()
        if not tables:
            return migrations.SCHEMA_VERSION
        return schema_of(tables)

    def _stale_temp_files(self) -> list[Path]:
        """Temporary files left by a killed writer, wherever a write may have gone."""
        return stale_temp_files({self.data_dir, self.backups_dir, write_target(self.path).parent})

    # transactions ---------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if self.read_only:
            raise RuntimeError("this store was opened read-only")
        with self._lock.held():
            yield

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Read-modify-write under the cross-process lock, written once at the end.

        Nested calls join the outer transaction. If the body raises, nothing is written
        and the in-memory copy is dropped, so the next read comes from disk.
        """
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            with self._locked():
                self._begin()
                try:
                    yield self
                    if self._storage.dirty:
                        self._stamp_schema()
                        self._backup_daily()
                        self._write_now()
                except BaseException:
                    self._storage.invalidate()
                    raise
                finally:
                    self._depth = 0
                    self._storage.in_transaction = False
                    self._storage.dirty = False

    def _begin(self) -> None:
        storage = self._storage
        storage.refresh()
        version = self.schema_version()
        if version != migrations.SCHEMA_VERSION:
            storage.invalidate()
            raise DataFileError(
                f"The data file {self.path} changed to schema {version} while Companion "
                f"was running. Nothing was written; restart Companion."
            )
        for table in self._tinydb._tables.values() if self._tinydb is not None else ():
            # TinyDB remembers the next id and query results per table; another process
            # may have added records since, so both are recomputed inside the lock.
            table._next_id = None
            table.clear_cache()
        storage.in_transaction = True
        storage.dirty = False
        self._depth = 1

    def _stamp_schema(self) -> None:
        self._storage.encoded.touch(META_TABLE, 1)
        meta = self._storage.read().setdefault(META_TABLE, {})
        record = meta.setdefault("1", {})
        record.setdefault("schema", migrations.SCHEMA_VERSION)
        record.setdefault("created_at", clock.now().isoformat(timespec="seconds"))

    def _write_now(self) -> None:
        try:
            self._storage.commit()
        except OSError as error:
            self._storage.invalidate()
            raise SaveError(
                f"Could not save to {self.path}: {os_error_text(error)}. The file on disk is unchanged."
            ) from error
        except RecordCheckError:
            self._storage.invalidate()
            raise

    # backups --------------------------------------------------------------------------

    def _backup_daily(self) -> None:
        take_daily_backup(self.path, self.backups_dir, clock.today())

    def _backup(self, name: str) -> None:
        take_backup(self.path, self.backups_dir, name)

    def backups(self) -> list[Path]:
        """Every backup, newest first."""

        return backups_newest_first(self.backups_dir)

    # noticing other processes ---------------------------------------------------------

    def reload_if_changed(self) -> bool:
        """Re-read the file if another process wrote it; True if it did."""
        with self._mutex:
            if self._depth:
                return False
            return self._storage.refresh()

    # records --------------------------------------------------------------------------

    def table(self, name: str) -> Table:
        """Direct TinyDB access to a table, for bulk writes: the whole table is then
        treated as changed when the file is next written."""
        self._storage.encoded.touch(name)
        return self._table(name)

    def _table(self, name: str) -> Table:
        return self._db.table(name, cache_size=0)

    @property
    def _db(self) -> TinyDB:
        """TinyDB over the storage, for writes. Reads go to the storage directly, so it is
        made (and the package imported) only when something is first written: showing
        the data at start-up does without it."""
        with self._mutex:
            if self._tinydb is None:
                from tinydb import TinyDB

                self._tinydb = TinyDB(storage=lambda: self._storage)
            return self._tinydb

    def _touch(self, cls: type, record_id: int) -> None:
        self._storage.encoded.touch(TABLES[cls], record_id)

    def docs(self, name: str) -> dict[str, dict[str, Any]]:
        """The raw documents of a table, keyed by id. Read-only: never modify them."""
        with self._mutex:
            return self._storage.read().get(name, {})

    def all(self, cls: type[T]) -> list[T]:
        with self._mutex:
            return [self._decode(cls, doc_id, doc) for doc_id, doc in self.docs(TABLES[cls]).items()]

    def derived(self, name: str, compute: Callable[[Store], T]) -> T:
        """A value computed from the data, cached until the data changes (indexes over a
        long history, so that each screen does not scan every record again)."""
        return self.derived_from(name, lambda store, _: compute(store))

    def derived_from(self, name: str, follow: Callable[[Store, T | None], T]) -> T:
        """Like `derived`, but `follow` gets the value it gave last (None the first time),
        to bring it up to date rather than compute it again."""
        with self._mutex:
            self._storage.read()  # picks up changes made by other processes
            generation = self._storage.generation
            cached = self._derived.get(name)
            if cached is not None and cached[0] == generation:
                return cached[1]
            value = follow(self, cached[1] if cached else None)
            self._derived[name] = (generation, value)
            return value

    def table_version(self, name: str) -> tuple[int, int, int]:
        """A value that changes whenever the table may have changed (in this process or
        another), so that a value derived from one table is rebuilt only when it did.
        Inside a transaction it changes with every write (a bulk write through `table()`
        touches the table before it writes)."""
        with self._mutex:
            storage = self._storage
            storage.read()  # picks up changes made by other processes
            during = storage.generation if self._depth else 0
            return storage.encoded.epoch, storage.encoded.touches.get(name, 0), during

    def changed_ids(self, name: str, since: tuple[int, int, int]) -> set[int] | None:
        """The ids of the table's documents added, changed or deleted since
        `table_version(name)` gave `since`; None when that cannot be told (the file was
        read again, a transaction dropped, a bulk write), and anything may have changed."""
        with self._mutex:
            epoch = self.table_version(name)[0]
            ids = self._storage.encoded.touched_since(name, since[1]) if epoch == since[0] else None
            return None if ids is None else {int(doc_id) for doc_id in ids}

    def find(self, cls: type[T], wanted: Callable[[dict[str, Any]], bool]) -> list[T]:
        """Records whose stored document passes `wanted`; only those are decoded."""
        with self._mutex:
            docs = self.docs(TABLES[cls])
            return [self._decode(cls, doc_id, doc) for doc_id, doc in docs.items() if wanted(doc)]

    def get(self, cls: type[T], record_id: int) -> T | None:
        with self._mutex:
            doc = self.docs(TABLES[cls]).get(str(record_id))
            return None if doc is None else self._decode(cls, str(record_id), doc)

    def add(self, record: R) -> R:
        with self.transaction():
            record.id = self._table(TABLES[type(record)]).insert(to_doc(record))
            self._touch(type(record), record.id)
        return record

    def save(self, record: Any) -> None:
        """Write a changed record; fields this version does not know about are kept."""
        with self.transaction():
            table = self._table(TABLES[type(record)])
            if not table.contains(doc_id=record.id):
                raise KeyError(f"{type(record).__name__} {record.id} no longer exists")
            table.update(to_doc(record), doc_ids=[record.id])
            self._touch(type(record), record.id)

    def update(self, cls: type, record_id: int, **fields: Any) -> None:
        """Change only the named fields of one record (others, even unknown ones, stay)."""
        with self.transaction():
            # Straight into the document: TinyDB's update rebuilds the whole table, which
            # on a long history costs more than the rest of an autosave.
            doc = self._storage.read().get(TABLES[cls], {}).get(str(record_id))
            if doc is None:
                raise KeyError(f"{cls.__name__} {record_id} no longer exists")
            doc.update({name: encode(value) for name, value in fields.items()})
            self._storage.mark_changed()
            self._touch(cls, record_id)

    def delete(self, cls: type, record_id: int) -> None:
        with self.transaction():
            self._table(TABLES[cls]).remove(doc_ids=[record_id])
            self._touch(cls, record_id)  # so the save checks nothing still refers to it

    def put_documents(self, name: str, docs: dict[int, dict[str, Any]]) -> None:
        """Store whole documents under the given ids, adding or replacing (an import's
        bulk write: one pass, where TinyDB would rebuild the table for each)."""
        with self.transaction():
            table = self._storage.read().setdefault(name, {})
            for doc_id, doc in docs.items():
                table[str(doc_id)] = doc
                self._storage.encoded.touch(name, doc_id)
            self._storage.mark_changed()
            self._table(name)._next_id = None  # TinyDB counts on from the highest id again

    def singleton(self, cls: type[T]) -> T | None:
        """A record kept once per file (profile, settings)."""
        return self.get(cls, 1)

    def put_singleton(self, record: Any) -> None:
        with self.transaction():
            table = self._table(TABLES[type(record)])
            doc = to_doc(record)
            if table.contains(doc_id=1):
                table.update(doc, doc_ids=[1])
            else:
                from tinydb.table import Document

                table.insert(Document(doc, doc_id=1))
            self._touch(type(record), 1)

    def _decode(self, cls: type[T], doc_id: str, doc: dict[str, Any]) -> T:
        try:
            return from_doc(cls, doc, int(doc_id))
        except (TypeError, ValueError, KeyError) as error:
            raise DataFileError(
                unreadable_message(self.path, f'record {doc_id} in "{TABLES[cls]}" is damaged ({error})')
            ) from error
