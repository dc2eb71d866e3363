"""The data file: TinyDB on crash-safe, multi-process-safe storage.

Rules (DESIGN.md, Storage rules):
- every write replaces the file atomically (temporary file, fsync, rename, fsync folder);
- every read-modify-write runs inside `Store.transaction()`, which holds a lock on a
  separate lock file and re-reads the data file first if another process changed it;
- a file that cannot be read is never written over: every operation raises
  `DataFileError` and the file stays byte for byte as it was;
- a daily backup is taken before the first write of each day (the last 14 are kept).
"""

from __future__ import annotations

import gc
import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from companion import clock, migrations
from companion.codec import TABLES, encode, from_doc, to_doc
from companion.errors import DataFileError, SaveError, StoreBusyError
from companion.paths import DATA_FILE_NAME, ensure_private_dir

T = TypeVar("T")
Tables = dict[str, dict[str, Any]]

BACKUPS_KEPT = 14
LOCK_TIMEOUT_SECONDS = 15.0
LOCK_FILE_NAME = "companion.lock"
BACKUP_DIR_NAME = "backups"
META_TABLE = "meta"
_DAILY_BACKUP = re.compile(r"^companion-\d{4}-\d{2}-\d{2}\.json$")
_TEMP_MARK = ".tmp-"
_NON_BLANK = re.compile(r"\S")


@dataclass(frozen=True)
class Signature:
    """What tells us the file changed: every write makes a new inode via `os.replace`."""

    inode: int
    size: int
    mtime_ns: int


def file_signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return Signature(st.st_ino, st.st_size, st.st_mtime_ns)


# --- reading -------------------------------------------------------------------------


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects (a long history
    is millions): the collections their allocations trigger walk every loaded document
    again and again. Reference counting still frees what is dropped; the previous state
    is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()



def read_tables(path: Path) -> tuple[Tables, Signature | None]:
    """The tables in the file (empty if there is no file yet), or DataFileError."""
    tables, signature, _ = read_file(path)
    return tables, signature


def read_file(path: Path) -> tuple[Tables, Signature | None, str]:
    """The tables, the file's signature and its text (to reuse when writing it again)."""
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except FileNotFoundError:
        return {}, None, ""
    except OSError as error:
        raise DataFileError(unreadable_message(path, f"it could not be opened ({error.strerror})"))
    signature = Signature(st.st_ino, st.st_size, st.st_mtime_ns)
    tables, text = parse_file(raw, path)
    return tables, signature, text


def parse_tables(raw: bytes, path: Path) -> Tables:
    return parse_file(raw, path)[0]


def parse_file(raw: bytes, path: Path) -> tuple[Tables, str]:
    """The tables and the file's text, or DataFileError saying why it cannot be used."""
    problem = None
    text = ""
    if b"\x00" in raw:
        problem = "it contains NUL bytes, so it is not a text file"
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problem = f"it is not UTF-8 text (bad byte at offset {error.start})"
        else:
            if not _NON_BLANK.search(text):
                problem = "it is empty"
            else:
                try:
                    with gc_paused():
                        data = json.loads(text)
                except json.JSONDecodeError as error:
                    problem = (
                        f"it is not valid JSON ({error.msg} at line {error.lineno}, "
                        f"column {error.colno})"
                    )
                else:
                    problem = shape_problem(data)
    if problem:
        raise DataFileError(unreadable_message(path, problem))
    return data, text


def shape_problem(data: Any) -> str | None:
    """Why `data` is not a Companion file (tables of numbered documents), or None."""
    if data is None:
        return "it holds only `null` instead of Companion's tables"
    if not isinstance(data, dict):
        return f"it holds a JSON {type(data).__name__} instead of Companion's tables"
    for name, table in data.items():
        if not isinstance(table, dict):
            return f'its table "{name}" is not a JSON object'
        # all() over map() keeps this check in C: a long history has tens of thousands.
        if not (all(map(str.isdigit, table)) and all(type(doc) is dict for doc in table.values())):
            broken = next(k for k, d in table.items() if not k.isdigit() or not isinstance(d, dict))
            return f'its table "{name}" has a broken record "{broken}"'
    meta = data.get(META_TABLE, {}).get("1", {})
    if "schema" in meta and not isinstance(meta["schema"], int):
        return "its schema version is not a number"
    return None


def unreadable_message(path: Path, reason: str) -> str:
    """One message: which file, why, and how to put the newest backup back."""
    lines = [f"Cannot read the data file {path}: {reason}.", "It was left exactly as it is."]
    newest = newest_backup(path.parent / BACKUP_DIR_NAME)
    if newest:
        lines.append(f"To go back to the newest backup, run:  cp '{newest}' '{path}'")
    else:
        lines.append(
            "There is no backup yet: repair the file by hand, or move it away "
            f"(mv '{path}' '{path}.broken') to start afresh."
        )
    return "\n".join(lines)


def newest_backup(backups_dir: Path) -> Path | None:
    candidates = [p for p in _backup_files(backups_dir)]
    return max(candidates, key=lambda p: p.stat().st_mtime_ns, default=None)


def _backup_files(backups_dir: Path) -> list[Path]:
    try:
        return [
            p
            for p in backups_dir.iterdir()
            if p.name.startswith("companion-") and p.suffix == ".json"
        ]
    except FileNotFoundError:
        return []


# --- writing -------------------------------------------------------------------------


def encode_tables(tables: Tables) -> bytes:
    """Compact JSON, one document per line (readable, greppable, diffable)."""
    return b"".join(EncodedLines().encode(tables))


class EncodedLines:
    """The JSON text of every document as last written (or read), so that a save
    re-encodes only the documents that changed.

    A long history is tens of megabytes of JSON; encoding it all on every autosave would
    hold the interpreter lock long enough to make typing stutter. Every change made
    through the store marks its document (or its whole table) as changed, and only those
    are encoded again. The rest is kept as bytes, in blocks of BLOCK documents, and the
    file is written from those pieces without joining them: a save does little work in
    Python, whatever the size of the file.
    """

    BLOCK = 256

    def __init__(self) -> None:
        self.forget()

    def forget(self, text: str = "") -> None:
        self.lines: dict[str, dict[str, str]] = {}
        self.blocks: dict[str, dict[int, tuple[tuple[str, str, int], bytes]]] = {}
        self.changed: dict[str, set[str] | None] = {}  # None: the whole table changed
        self.source_text = text  # the file as read, split into lines only when first needed

    def touch(self, table: str, doc_id: int | str | None = None) -> None:
        if doc_id is None:
            self.changed[table] = None
        else:
            found = self.changed.setdefault(table, set())
            if found is not None:
                found.add(str(doc_id))

    def encode(self, tables: Tables) -> list[bytes]:
        """The file's bytes, as a list of pieces to write one after another."""
        if self.source_text:
            self.lines = lines_of(self.source_text, tables) or {}
            self.source_text = ""
        pieces: list[bytes] = [b"{\n"]
        for number, (name, docs) in enumerate(tables.items()):
            if number:
                pieces.append(b",\n")
            blocks = self._table_blocks(name, docs)
            header = json.dumps(name).encode("ascii")
            if not blocks:
                pieces.append(header + b": {}")
                continue
            pieces.append(header + b": {\n  ")
            for index, block in enumerate(blocks):
                if index:
                    pieces.append(b",\n  ")
                pieces.append(block)
            pieces.append(b"\n}")
        pieces.append(b"\n}\n")
        for gone in set(self.lines) - set(tables):
            self.lines.pop(gone, None)
            self.blocks.pop(gone, None)
        self.changed = {}
        return pieces

    def _table_blocks(self, name: str, docs: dict[str, Any]) -> list[bytes]:
        changed = self.changed.get(name, set())
        if changed is None:
            self.lines.pop(name, None)
            self.blocks.pop(name, None)
            changed = set()
        lines = self.lines.setdefault(name, {})
        blocks = self.blocks.setdefault(name, {})
        for doc_id in changed:
            if doc_id in docs:
                lines[doc_id] = json.dumps(docs[doc_id])
        ids = list(docs)
        found: list[bytes] = []
        for start in range(0, len(ids), self.BLOCK):
            block = ids[start : start + self.BLOCK]
            key = (block[0], block[-1], len(block))
            cached = blocks.get(start)
            if cached is None or cached[0] != key or not changed.isdisjoint(block):
                for doc_id in block:
                    if doc_id not in lines:
                        lines[doc_id] = json.dumps(docs[doc_id])
                text = ",\n  ".join(f'"{doc_id}": {lines[doc_id]}' for doc_id in block)
                cached = (key, text.encode("ascii"))
                blocks[start] = cached
            found.append(cached[1])
        for start in [s for s in blocks if s >= len(ids)]:
            del blocks[start]
        return found


def lines_of(text: str, tables: Tables) -> dict[str, dict[str, str]] | None:
    """Each document's JSON text in a file written in Companion's one-document-per-line
    layout (checked against the parsed tables), or None for any other layout."""
    found: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.split("\n"):
        if line.startswith('  "'):
            if current is None:
                return None
            key_end = line.find('": ', 3)
            if key_end < 0:
                return None
            value = line[key_end + 3 :]
            current[line[3:key_end]] = value[:-1] if value.endswith(",") else value
        elif line.startswith('"'):
            name_end = line.find('": {')
            if name_end < 0:
                return None
            current = found.setdefault(line[1:name_end], {})
        elif line not in ("{", "}", "},", ""):
            return None
    if found.keys() != tables.keys():
        return None
    for name, docs in tables.items():
        if found[name].keys() != docs.keys():
            return None
    return found


def atomic_write(path: Path, payload: bytes | list[bytes]) -> None:
    """Replace `path` with `payload` (bytes, or pieces written in turn) so that a crash
    leaves the old file or the new one."""
    pieces = [payload] if isinstance(payload, bytes) else payload
    temp = path.with_name(f".{path.name}{_TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            os.fchmod(fd, 0o600)
            _write_all(fd, pieces)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def _write_all(fd: int, pieces: list[bytes]) -> None:
    """Write every piece, in as few system calls as possible (each one hands the
    interpreter lock back and forth with the interface thread)."""
    views = [memoryview(piece) for piece in pieces if piece]
    limit = getattr(os, "IOV_MAX", 1024) if hasattr(os, "writev") else 1
    while views:
        batch = views[:limit]
        written = os.writev(fd, batch) if hasattr(os, "writev") else os.write(fd, batch[0])
        while written and views:
            if written >= len(views[0]):
                written -= len(views[0])
                views.pop(0)
            else:
                views[0] = views[0][written:]
                written = 0


def fsync_dir(folder: Path) -> None:
    """Make the rename durable. Best effort: by now the new file is in place, and some
    file systems cannot sync a folder, so a failure here must not report a failed save."""
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def copy_private(source: Path, target: Path) -> None:
    """Copy a file atomically, readable by its owner alone."""
    atomic_write(target, source.read_bytes())


# --- the TinyDB storage ----------------------------------------------------------------


class AtomicStorage(Storage):
    """TinyDB storage that keeps the parsed file in memory and writes only on commit.

    Outside a transaction every read first checks the file's signature and re-reads it
    when another process replaced it. Inside a transaction TinyDB's writes only update
    the in-memory tables; `commit()` writes them to disk once, atomically.
    """

    def __init__(self, path: Path):
        self.path = path
        self.tables: Tables | None = None
        self.signature: Signature | None = None
        self.in_transaction = False
        self.dirty = False
        # Bumped whenever the tables may have changed, so derived values can be cached.
        self.generation = 0
        self.encoded = EncodedLines()

    def read(self) -> Tables:
        if not self.in_transaction:
            self.refresh()
        assert self.tables is not None
        return self.tables

    def write(self, data: Tables) -> None:
        if not self.in_transaction:
            raise RuntimeError("writes go through Store.transaction()")
        self.tables = data
        self.dirty = True
        self.generation += 1

    def mark_changed(self) -> None:
        """The tables were changed in place, inside a transaction."""
        if not self.in_transaction:
            raise RuntimeError("writes go through Store.transaction()")
        self.dirty = True
        self.generation += 1

    def refresh(self) -> bool:
        """Re-read the file if it changed on disk; True if it did."""
        if self.tables is not None and file_signature(self.path) == self.signature:
            return False
        self.tables, self.signature, text = read_file(self.path)
        self.encoded.forget(text)
        self.generation += 1
        return True

    def invalidate(self) -> None:
        """Forget what is in memory; the next read comes from disk."""
        self.tables = None
        self.signature = None
        self.encoded.forget()
        self.generation += 1

    def commit(self) -> None:
        assert self.tables is not None
        atomic_write(self.path, self.encoded.encode(self.tables))
        self.signature = file_signature(self.path)
        self.dirty = False


# --- the store -------------------------------------------------------------------------


class Store:
    """Companion's data file, opened from a data folder."""

    def __init__(self, data_dir: Path, *, lock_timeout: float = LOCK_TIMEOUT_SECONDS):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DATA_FILE_NAME
        self.backups_dir = self.data_dir / BACKUP_DIR_NAME
        self.lock_path = self.data_dir / LOCK_FILE_NAME
        self.lock_timeout = lock_timeout
        self._storage = AtomicStorage(self.path)
        self._db = TinyDB(storage=lambda: self._storage)
        self._file_lock: Any = None  # created on the first write
        self._mutex = threading.RLock()
        self._depth = 0
        self._derived: dict[str, tuple[int, Any]] = {}

    # opening --------------------------------------------------------------------------

    def open(self) -> Store:
        """Check the file, tidy up after crashes and migrate an older file forward.

        Raises DataFileError for a file that cannot be used; it is never modified then.
        Reading needs no lock (files are only ever replaced whole); the lock is taken
        only when there is something to tidy or upgrade.
        """
        ensure_private_dir(self.data_dir)
        self._storage.invalidate()
        self._storage.refresh()
        if self._stale_temp_files() or self.schema_version() != migrations.SCHEMA_VERSION:
            with self._locked():
                for leftover in self._stale_temp_files():
                    leftover.unlink(missing_ok=True)
                self._storage.refresh()
                self._upgrade_if_older()
        return self

    def _upgrade_if_older(self) -> None:
        version = self.schema_version()
        current = migrations.SCHEMA_VERSION
        if version == current:
            return
        if version > current:
            raise DataFileError(
                f"The data file {self.path} was written by a newer version of Companion "
                f"(schema {version}; this version reads up to {current}).\n"
                "It was left exactly as it is. Upgrade Companion to open it."
            )
        self._backup(f"companion-before-v{current}-{clock.now():%Y%m%d-%H%M%S}.json")
        try:
            tables = migrations.migrate(self._storage.read(), version, current)
        except Exception as error:
            raise DataFileError(
                f"The data file {self.path} (schema {version}) could not be upgraded: {error}.\n"
                "It was left exactly as it is."
            ) from error
        tables.setdefault(META_TABLE, {}).setdefault("1", {})["schema"] = current
        self._storage.tables = tables
        self._storage.encoded.forget()  # every document may have changed
        self._write_now()

    def schema_version(self) -> int:
        tables = self._storage.read()
        if not tables:
            return migrations.SCHEMA_VERSION
        return tables.get(META_TABLE, {}).get("1", {}).get("schema", migrations.SCHEMA_VERSION)

    def _stale_temp_files(self) -> list[Path]:
        """Temporary files left by a killed writer (only removed under the lock, when no
        writer can be live)."""
        found: list[Path] = []
        for folder in (self.data_dir, self.backups_dir):
            if folder.is_dir():
                found.extend(folder.glob(f".*{_TEMP_MARK}*"))
        return found

    # transactions ---------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout  # imported here: reading never needs it

        if self._file_lock is None:
            self._file_lock = FileLock(str(self.lock_path), mode=0o600, thread_local=False)
        try:
            self._file_lock.acquire(timeout=self.lock_timeout)
        except Timeout:
            raise StoreBusyError(
                f"Another Companion process has held {self.lock_path} for "
                f"{self.lock_timeout:.0f} seconds. Close it, or try again in a moment."
            ) from None
        try:
            yield
        finally:
            self._file_lock.release()

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
        for table in self._db._tables.values():
            # TinyDB remembers the next id and query results per table; another process
            # may have added records since, so both are recomputed inside the lock.
            table._next_id = None
            table.clear_cache()
        storage.in_transaction = True
        storage.dirty = False
        self._depth = 1

    def _stamp_schema(self) -> None:
        self._storage.encoded.touch(META_TABLE, 1)
        meta = self._storage.tables.setdefault(META_TABLE, {})
        record = meta.setdefault("1", {})
        record.setdefault("schema", migrations.SCHEMA_VERSION)
        record.setdefault("created_at", clock.now().isoformat(timespec="seconds"))

    def _write_now(self) -> None:
        try:
            self._storage.commit()
        except OSError as error:
            self._storage.invalidate()
            raise SaveError(
                f"Could not save to {self.path}: {error.strerror or error}. "
                "The file on disk is unchanged; nothing you typed is lost."
            ) from error

    # backups --------------------------------------------------------------------------

    def _backup_daily(self) -> None:
        if not self.path.exists():
            return
        name = f"companion-{clock.today().isoformat()}.json"
        if (self.backups_dir / name).exists():
            return
        self._backup(name)
        daily = sorted(p for p in _backup_files(self.backups_dir) if _DAILY_BACKUP.match(p.name))
        for old in daily[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)

    def _backup(self, name: str) -> None:
        if not self.path.exists():
            return
        try:
            ensure_private_dir(self.backups_dir)
            copy_private(self.path, self.backups_dir / name)
        except OSError as error:
            raise SaveError(
                f"Could not write a backup into {self.backups_dir}: "
                f"{error.strerror or error}. Nothing was changed."
            ) from error

    def backups(self) -> list[Path]:
        """Every backup, newest first."""
        return sorted(_backup_files(self.backups_dir), key=lambda p: p.stat().st_mtime_ns, reverse=True)

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
        with self._mutex:
            self._storage.read()  # picks up changes made by other processes
            generation = self._storage.generation
            cached = self._derived.get(name)
            if cached is not None and cached[0] == generation:
                return cached[1]
            value = compute(self)
            self._derived[name] = (generation, value)
            return value

    def find(self, cls: type[T], wanted: Callable[[dict[str, Any]], bool]) -> list[T]:
        """Records whose stored document passes `wanted`; only those are decoded."""
        with self._mutex:
            docs = self.docs(TABLES[cls])
            return [self._decode(cls, doc_id, doc) for doc_id, doc in docs.items() if wanted(doc)]

    def get(self, cls: type[T], record_id: int) -> T | None:
        with self._mutex:
            doc = self.docs(TABLES[cls]).get(str(record_id))
            return None if doc is None else self._decode(cls, str(record_id), doc)

    def add(self, record: T) -> T:
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
                table.insert(Document(doc, doc_id=1))
            self._touch(type(record), 1)

    def _decode(self, cls: type[T], doc_id: str, doc: dict[str, Any]) -> T:
        try:
            return from_doc(cls, doc, int(doc_id))
        except (TypeError, ValueError, KeyError) as error:
            raise DataFileError(
                unreadable_message(
                    self.path, f'record {doc_id} in "{TABLES[cls]}" is damaged ({error})'
                )
            ) from error

    def check(self, limit: int = 10) -> list[str]:
        """Problems found in the file's records (empty when healthy), at most `limit` and a count."""
        problems: list[str] = []
        for cls, name in TABLES.items():
            for doc_id, doc in self.docs(name).items():
                try:
                    from_doc(cls, doc, int(doc_id))
                except (TypeError, ValueError, KeyError) as error:
                    problems.append(f'record {doc_id} in "{name}" is damaged: {error}')
        if len(problems) > limit:
            problems[limit:] = [f"… and {len(problems) - limit} more damaged records"]
        return problems

