"""Schema versions of the data file and the steps that move a file forward.

Each step takes the tables of version N and returns those of version N + 1. The store
takes a backup before it runs any step, and refuses files newer than `SCHEMA_VERSION`.
The versions are listed in docs/data-format.md, "Schema versions".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from companion.dates import add_months

Tables = dict[str, dict[str, Any]]

SCHEMA_VERSION = 3
FIRST_CYCLE_MONTHS = 3  # what every partnership of a version-1 file agreed to, having been asked nothing


def cycles_and_agreement(tables: Tables) -> Tables:
    """Version 1 to 2: every partnership gets its first cycle, from its start date for
    three months, and no agreement yet (docs/learning-loop.md, "Agreement and cycles").
    A start date that does not read is left for the record checks to name."""
    for doc in tables.get("partnerships", {}).values():
        if not isinstance(doc, dict):
            continue
        doc.setdefault("agreement", None)
        doc.setdefault("past_cycles", [])
        if doc.get("cycle") is None:
            start = _date_or_none(doc.get("start_date"))
            if start is not None:
                review = add_months(start, FIRST_CYCLE_MONTHS)
                doc["cycle"] = {
                    "number": 1,
                    "start": start.isoformat(),
                    "months": FIRST_CYCLE_MONTHS,
                    "review_on": review.isoformat(),
                }
    return tables


def _date_or_none(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


# A packed string (docs/data-format.md, "Packed fields") from version 3 on: the JSON of
# the bundle with `"` and `'` swapped, so the file holds no escaped quotes inside it. Kept
# here rather than taken from the codec: a step means what its version meant, whatever
# the codec writes later.
_SWAP_QUOTES = str.maketrans({'"': "'", "'": '"'})


def swapped_quotes(tables: Tables) -> Tables:
    """Version 2 to 3: every session's packed agenda and reflection written with their
    quotes swapped. A Companion that reads version 2 would call such a string damaged,
    so the new number makes it refuse the file as newer instead. What is not a packed
    string of the version-2 form is left for the record checks to name."""
    for doc in tables.get("sessions", {}).values():
        if not isinstance(doc, dict):
            continue
        for field in ("agenda", "reflection"):
            part = doc.get(field)
            if not isinstance(part, dict):
                continue
            packed = part.get("packed")
            if isinstance(packed, str) and packed.startswith('{"'):
                part["packed"] = packed.translate(_SWAP_QUOTES)
    return tables


# MIGRATIONS[n] upgrades a version-n file to version n + 1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {1: cycles_and_agreement, 2: swapped_quotes}


def migrate(tables: Tables, from_version: int, to_version: int) -> Tables:
    """Apply every step from `from_version` up to `to_version`."""
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"no migration from schema version {version} to {version + 1}")
        tables = step(tables)
    return tables
