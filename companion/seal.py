"""The seal on a data file Companion wrote (docs/trust.md, "Damaged data").

Checking every record of a long history costs a few hundred milliseconds, too much for
every start. Companion writes only records that passed the checks, so when it writes a
file it records, in the `meta` table it puts last, a seal of everything before it: the
version of the rules, the length and a CRC-32. A file that still matches its seal is
exactly what Companion checked and wrote, and is not checked again record by record;
anything else (an edit by hand, an older version's file, a damaged disk) is. `companion
check` always checks every record.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterable
from typing import Any

from companion.record_checks import RULES_VERSION

META_TABLE = "meta"
SEAL_KEY = "seal"
# How the meta table starts and ends in a file Companion wrote: last, alone, with one record.
_META_START = b'\n"meta": {\n'
_META_END = b"\n}\n}\n"
Tables = dict[str, dict[str, Any]]


def seal_of(pieces: Iterable[bytes | memoryview]) -> str:
    """The seal of the bytes before the meta table: the rules' version, length, CRC-32."""
    crc, length = 0, 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        length += len(piece)
    return f"{RULES_VERSION}:{length}:{crc:08x}"


class SealInBackground:
    """The seal a file's bytes would have, worked out in another thread while the caller
    parses the JSON: CRC-32 runs without the interpreter lock, so with a second core the
    check adds next to nothing to start-up. None if the file is not in the sealed layout."""

    PARALLEL_FROM = 1 << 20  # below a megabyte a thread costs more than it saves

    def __init__(self, raw: bytes):
        self.seal: str | None = None
        self._thread: threading.Thread | None = None
        start = raw.rfind(_META_START)
        if start < 0 or raw.count(b"\n", start) != 5 or not raw.endswith(_META_END):
            return
        covered = memoryview(raw)[:start]
        if len(covered) < self.PARALLEL_FROM:
            self.seal = seal_of([covered])
            return
        self._thread = threading.Thread(target=self._compute, args=(covered,), daemon=True)
        self._thread.start()

    def _compute(self, covered: memoryview) -> None:
        self.seal = seal_of([covered])

    def matches(self, tables: Tables) -> bool:
        """True if the meta record of the parsed `tables` holds this seal."""
        if self._thread is not None:
            self._thread.join()
        meta = tables.get(META_TABLE)
        record = meta.get("1") if type(meta) is dict else None
        stored = record.get(SEAL_KEY) if type(record) is dict else None  # any shape, not yet checked
        return self.seal is not None and stored == self.seal
