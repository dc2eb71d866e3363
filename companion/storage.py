"""TinyDB storage for the data file: the parsed file kept in memory, written on commit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from companion.atomic import atomic_write
from companion.datafile import EncodedLines, Signature, Tables, file_signature, read_file
from companion.errors import CompanionError
from companion.record_checks import check_tables


class AtomicStorage:
    """TinyDB storage that keeps the parsed file in memory and writes only on commit.
    (TinyDB asks only for `read`, `write` and `close`; not deriving from its `Storage`
    keeps the package unimported until the store first writes.)

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

    def close(self) -> None:
        """Nothing to close: the file is open only while it is read or written."""

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
        """Write the tables, after checking every record the transaction touched."""
        assert self.tables is not None
        damaged = check_tables(self.tables, only=self.encoded.changed)
        if damaged:
            raise RecordCheckError(damaged[0])
        atomic_write(self.path, self.encoded.encode(self.tables))
        self.signature = file_signature(self.path)
        self.dirty = False


class RecordCheckError(CompanionError):
    """A change would have stored a record that fails its checks; nothing was written."""

    def __init__(self, damage: Any):
        super().__init__(
            f"Nothing was saved: the change would have stored a damaged record ({damage}). "
            "This is a fault in Companion; please report it with this message."
        )
