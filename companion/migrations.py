"""Schema versions of the data file and the steps that move a file forward.

Each step takes the tables of version N and returns those of version N + 1. The store
takes a backup before it runs any step, and refuses files newer than `SCHEMA_VERSION`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]

SCHEMA_VERSION = 1

# MIGRATIONS[n] upgrades a version-n file to version n + 1.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


def migrate(tables: Tables, from_version: int, to_version: int) -> Tables:
    """Apply every step from `from_version` up to `to_version`."""
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"no migration from schema version {version} to {version + 1}")
        tables = step(tables)
    return tables
