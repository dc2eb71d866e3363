"""`companion check`: verify the data file (and what protects it) without changing anything."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

from companion import migrations
from companion.banks import BANK_NAMES, load_banks
from companion.codec import TABLES
from companion.errors import DataFileError
from companion.store import Store


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check(folder: Path, user_banks: Path | None = None) -> Report:
    """Everything `companion check` verifies; nothing is written."""
    report = Report()
    _check_data(folder, report)
    _check_banks(user_banks, report)
    if not report.problems:
        report.lines.append("Healthy.")
    return report


def _check_data(folder: Path, report: Report) -> None:
    store = Store(folder)
    report.lines.append(f"Data folder: {folder}")
    if not store.path.exists():
        report.lines.append("No data file yet: it is created when you finish the first-run questions.")
        return
    _check_permissions(store, report)
    try:
        version = store.schema_version()
        problems = store.check()
    except DataFileError as error:
        report.problems.append(str(error))
        return
    report.problems.extend(problems)
    if version > migrations.SCHEMA_VERSION:
        report.problems.append(
            f"The data file {store.path} has schema {version}, newer than this Companion reads "
            f"({migrations.SCHEMA_VERSION}); upgrade Companion."
        )
    elif version < migrations.SCHEMA_VERSION:
        report.lines.append(f"Schema {version}: it will be upgraded (after a backup) when Companion next opens it.")
    counts = ", ".join(f"{len(store.docs(name))} {name}" for name in TABLES.values() if store.docs(name))
    report.lines.append(f"Data file: {store.path} (schema {version}) — {counts or 'no records yet'}")
    backups = store.backups()
    if backups:
        report.lines.append(f"Backups: {len(backups)} in {store.backups_dir}, newest {backups[0].name}")
    else:
        report.lines.append("Backups: none yet (the first is taken before the first change of a day)")


def _check_banks(user_banks: Path | None, report: Report) -> None:
    banks = load_banks(user_banks)
    report.problems.extend(f"prompt bank {warning}" for warning in banks.warnings)
    counts = ", ".join(
        f"{name} {sum(1 for p in banks.prompts.values() if p.bank == name)}" for name in BANK_NAMES
    )
    report.lines.append(f"Prompt banks: {len(banks.files)} files, {len(banks.prompts)} prompts ({counts})")


def _check_permissions(store: Store, report: Report) -> None:
    targets = [(store.data_dir, 0o700), (store.path, 0o600)]
    targets += [(backup, 0o600) for backup in store.backups()]
    for path, wanted in targets:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & ~wanted:
            report.problems.append(
                f"{path} can be read by others (mode {mode:o}); fix it with: chmod {wanted:o} '{path}'"
            )
