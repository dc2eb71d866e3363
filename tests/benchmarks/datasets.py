"""Demo datasets for benchmarks, generated with the same code as `companion demo --into`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from companion.demo import write_dataset

NOW = datetime(2026, 11, 24, 10, 0)
SIZES = {"260": 260, "10000": 10_000}


def build(root: Path) -> dict[str, Path]:
    folders = {}
    for label, sessions in SIZES.items():
        folder = root / f"sessions-{label}"
        write_dataset(folder, sessions=sessions, seed=7, now=NOW)
        folders[label] = folder
    return folders
