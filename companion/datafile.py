"""The data file on disk: read and checked whole, written whole and atomically.

Rules (docs/trust.md, "Nothing is lost" and "Damaged data"):
- a file that cannot be read, or holds a damaged record, is refused with one message that
  names the file, what is wrong, and how to put the newest backup back; it is never
  written over;
- every write replaces the file atomically (`companion.atomic`);
- the file is one document per line, which keeps it greppable and lets a save reuse the
  lines it did not change (the layout: docs/data-format.md).

A file Companion wrote carries a seal (`companion.seal`), so it need not be checked record
by record on every start; any other file is.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shlex
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion import migrations
from companion.backups import restore_command
from companion.errors import DataFileError, os_error_text
from companion.record_checks import Damage, check_tables
from companion.seal import META_TABLE, SEAL_KEY, SealInBackground, seal_of

Tables = dict[str, dict[str, Any]]

_NON_BLANK = re.compile(r"\S")


@dataclass(frozen=True)
class Signature:
    """What tells us the file changed: every write makes a new inode via `os.replace`."""

    inode: int
    size: int
    mtime_ns: int


def file_signature(path: Path) -> Signature | None:
    """The file's signature, or None if there is no file. A path that cannot be looked at
    (a folder one may not enter, a file where a folder should be) is a DataFileError."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise DataFileError(inaccessible_message(path, error)) from None
    return Signature(st.st_ino, st.st_size, st.st_mtime_ns)


# --- reading -----------------------------------------------------------------------------


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


def read_file(path: Path, *, check_records: bool = True) -> tuple[Tables, Signature | None, str]:
    """The tables, the file's signature and its text (to reuse when writing it again).

    Every record is checked unless the file still matches its seal; `check_records=False`
    leaves the records to the caller (`companion check`, which lists every problem)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a folder, or a pipe that would block
            raise DataFileError(unreadable_message(path, "it is not a plain file (a folder or a device)"))
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except FileNotFoundError:
        return {}, None, ""
    except OSError as error:
        raise DataFileError(inaccessible_message(path, error)) from None
    signature = Signature(st.st_ino, st.st_size, st.st_mtime_ns)
    tables, text = parse_file(raw, path, check_records=check_records)
    return tables, signature, text


def parse_file(raw: bytes, path: Path, *, check_records: bool = True) -> tuple[Tables, str]:
    """The tables and the file's text, or DataFileError saying why it cannot be used.

    A file that parses is looked at no further when it still matches its seal (what
    Companion wrote had the right shape); what is wrong with one that does not parse is
    worked out only then (NUL bytes, not UTF-8, empty), so a long history is not scanned
    for them on every start."""
    text, data = "", None
    seal = SealInBackground(raw) if check_records else None
    try:
        text = raw.decode("utf-8")
        with gc_paused():
            data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataFileError(unreadable_message(path, unparsed_problem(raw, text, error))) from None
    sealed = seal is not None and type(data) is dict and seal.matches(data)
    problem = meta_problem(data) if sealed else shape_problem(data)
    if problem:
        raise DataFileError(unreadable_message(path, problem))
    # Records are checked against this version's rules only in a file of this version's
    # schema: a newer file is refused as a whole, and an older one is checked once moved
    # forward (`Store.open`).
    if seal is not None and not sealed and schema_of(data) == migrations.SCHEMA_VERSION:
        damaged = check_tables(data)
        if damaged:
            raise DataFileError(damaged_message(path, damaged))
    return data, text


def unparsed_problem(raw: bytes, text: str, error: UnicodeDecodeError | json.JSONDecodeError) -> str:
    """Why a file that did not parse cannot be used, the plainest reason first."""
    if b"\x00" in raw:
        return "it contains NUL bytes, so it is not a text file"
    if isinstance(error, UnicodeDecodeError):
        return f"it is not UTF-8 text (bad byte at offset {error.start})"
    if not _NON_BLANK.search(text):
        return "it is empty"
    return f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"


def damaged_message(path: Path, damaged: list[Damage]) -> str:
    more = len(damaged) - 1
    also = f" (and {more} more problem{'s' if more > 1 else ''}: `companion check` lists them all)" if more else ""
    return unreadable_message(path, f"{damaged[0]}{also}")


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
    return meta_problem(data)


def meta_problem(data: Tables) -> str | None:
    """Why the meta record of tables of the right shape is unusable, or None. (A file that
    matches its seal needs only this: the seal covers everything before the meta table.)"""
    meta = data.get(META_TABLE, {}).get("1", {})
    if "schema" in meta and type(meta["schema"]) is not int:
        return "its schema version is not a number"
    if SEAL_KEY in meta and type(meta[SEAL_KEY]) is not str:
        return "its seal is not text"
    return None


def schema_of(tables: Tables) -> int:
    """The schema version a file's tables were written with (a file without one is new)."""
    return tables.get(META_TABLE, {}).get("1", {}).get("schema", migrations.SCHEMA_VERSION)


def unreadable_message(path: Path, reason: str) -> str:
    """One line: which file, why, that it was left alone, and how to put the newest backup
    back."""
    restore = restore_command(path)
    if restore:
        remedy = f"to go back to the newest backup, run: {restore}"
    else:
        remedy = (
            "there is no backup yet: repair the file by hand, or move it away to start afresh: "
            f"mv {shlex.quote(str(path))} {shlex.quote(str(path) + '.broken')}"
        )
    return f"Cannot read the data file {path}: {reason.rstrip('.')}. It was left exactly as it is; {remedy}"


def inaccessible_message(path: Path, error: OSError) -> str:
    """The file may be fine, but cannot be reached: say why, with no talk of backups."""
    return f"Cannot open the data file {path}: {os_error_text(error)}. Nothing was changed."


# --- writing -------------------------------------------------------------------------


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
    JOURNAL = 1024

    def __init__(self) -> None:
        # What derived values key on to tell whether a table may have changed: `epoch`
        # moves when everything may have (a fresh read, a dropped transaction), `touches`
        # when one table was (every change through the store touches it, or it would not
        # be saved).
        self.epoch = 0
        self.touches: dict[str, int] = {}
        # Which document each touch was about (None: the whole table), the last JOURNAL of
        # them per table, so that a derived value can follow just what changed.
        self.journal: dict[str, list[str | None]] = {}
        self.forget()

    def forget(self, text: str = "") -> None:
        self.epoch += 1
        self.lines: dict[str, dict[str, str]] = {}
        self.blocks: dict[str, dict[int, tuple[tuple[str, str, int], bytes]]] = {}
        self.changed: dict[str, set[str] | None] = {}  # None: the whole table changed
        self.source_text = text  # the file as read, split into lines only when first needed

    def touch(self, table: str, doc_id: int | str | None = None) -> None:
        self.touches[table] = self.touches.get(table, 0) + 1
        journal = self.journal.setdefault(table, [])
        journal.append(None if doc_id is None else str(doc_id))
        if len(journal) > 2 * self.JOURNAL:
            del journal[: -self.JOURNAL]
        if doc_id is None:
            self.changed[table] = None
        else:
            found = self.changed.setdefault(table, set())
            if found is not None:
                found.add(str(doc_id))

    def touched_since(self, table: str, touches: int) -> set[str] | None:
        """The ids touched in `table` after its first `touches` touches; None when that is
        no longer known or the whole table was touched."""
        journal = self.journal.get(table, [])
        done = self.touches.get(table, 0)
        if not 0 <= done - touches <= len(journal):
            return None
        since = journal[len(journal) - (done - touches) :]
        return None if None in since else set(since)  # type: ignore[arg-type]

    def encode(self, tables: Tables) -> list[bytes]:
        """The file's bytes, as a list of pieces to write one after another. The meta
        table comes last; if it has a record, that record gets the seal of the rest."""
        if self.source_text:
            self.lines = lines_of(self.source_text, tables) or {}
            self.source_text = ""
        names = [name for name in tables if name != META_TABLE]
        names += [META_TABLE] if META_TABLE in tables else []
        pieces: list[bytes] = [b"{"]
        for number, name in enumerate(names):
            docs = tables[name]
            if number:
                pieces.append(b",")
            if name == META_TABLE and type(docs.get("1")) is dict:
                docs["1"][SEAL_KEY] = seal_of(pieces)
                self.touch(META_TABLE, "1")
            pieces.append(b"\n")
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
