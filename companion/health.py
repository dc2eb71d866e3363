"""`companion check`: verify the data file (and what protects it) without changing anything.

Unlike every other reader, `check` looks at every record even in a sealed file, and lists
every problem it finds, not just the first (docs/trust.md, "Damaged data").
"""

from __future__ import annotations

import os
import shlex
import stat
from dataclasses import dataclass, field
from pathlib import Path

from companion import migrations
from companion.backups import BACKUP_DIR_NAME, backup_files, backups_newest_first, restore_command
from companion.banks import BANK_NAMES, load_banks
from companion.codec import TABLES
from companion.datafile import read_file, schema_of
from companion.errors import DataFileError, os_error_text
from companion.keymap import load_keymap
from companion.paths import DATA_FILE_NAME
from companion.record_checks import check_tables

DAMAGE_SHOWN = 50  # records listed one by one; the rest are counted


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check(folder: Path, user_banks: Path | None = None, keys_config: Path | None = None) -> Report:
    """Everything `companion check` verifies; nothing is written."""
    report = Report()
    _check_data(folder, report)
    _check_banks(user_banks, report)
    if keys_config is not None:
        _check_keys(keys_config, report)
    if not report.problems:
        report.lines.append("Healthy.")
    return report


def _check_data(folder: Path, report: Report) -> None:
    path = folder / DATA_FILE_NAME
    report.lines.append(f"Data folder: {folder}")
    try:
        os.lstat(path)
    except FileNotFoundError:
        report.lines.append("No data file yet: it is created when you finish the first-run questions.")
        return
    except OSError as error:
        report.problems.append(f"Cannot look at the data file: {os_error_text(error)}.")
        return
    report.problems.extend(loose_permissions(folder))
    try:
        tables, _, _ = read_file(path, check_records=False)
    except DataFileError as error:
        report.problems.append(str(error))
        return
    version = schema_of(tables)
    if version > migrations.SCHEMA_VERSION:
        report.problems.append(
            f"The data file {path} has schema {version}, newer than this Companion reads "
            f"({migrations.SCHEMA_VERSION}); upgrade Companion."
        )
        return
    if version < migrations.SCHEMA_VERSION:
        report.lines.append(f"Schema {version}: it will be upgraded (after a backup) when Companion next opens it.")
        tables = migrations.migrate(tables, version, migrations.SCHEMA_VERSION)
    damaged = check_tables(tables)
    if damaged:
        report.problems.append(_damage_summary(path, len(damaged)))
        report.problems.extend(str(damage) for damage in damaged[:DAMAGE_SHOWN])
        if len(damaged) > DAMAGE_SHOWN:
            report.problems.append(f"… and {len(damaged) - DAMAGE_SHOWN} more")
    counts = ", ".join(f"{len(tables[name])} {name}" for name in TABLES.values() if tables.get(name))
    report.lines.append(f"Data file: {path} (schema {version}) — {counts or 'no records yet'}")
    backups = backups_newest_first(folder / BACKUP_DIR_NAME)
    if backups:
        report.lines.append(f"Backups: {len(backups)} in {folder / BACKUP_DIR_NAME}, newest {backups[0].name}")
    else:
        report.lines.append("Backups: none yet (the first is taken before the first change of a day)")


def _damage_summary(path: Path, count: int) -> str:
    records = f"{count} damaged record{'s' if count != 1 else ''}"
    restore = restore_command(path)
    remedy = (
        f"to go back to the newest backup, run: {restore}"
        if restore
        else ("there is no backup yet: repair the records below by hand")
    )
    return f"The data file {path} holds {records}; Companion will not write to it until it is repaired ({remedy})."


def _check_keys(path: Path, report: Report) -> None:
    """The shape of config.toml's keys; whether each id exists is checked when the app
    starts, where the bindings are known (docs/keys.md)."""
    keymap = load_keymap(path)
    report.problems.extend(keymap.problems)
    if keymap.keys:
        report.lines.append(f"Keys: {len(keymap.keys)} remapped in {path}")


def _check_banks(user_banks: Path | None, report: Report) -> None:
    banks = load_banks(user_banks)
    report.problems.extend(f"prompt bank {warning}" for warning in banks.warnings)
    counts = ", ".join(f"{name} {sum(1 for p in banks.prompts.values() if p.bank == name)}" for name in BANK_NAMES)
    report.lines.append(f"Prompt banks: {len(banks.files)} files, {len(banks.prompts)} prompts ({counts})")


def loose_permissions(folder: Path) -> list[str]:
    """Companion's files (and the folder holding them) that others may read, each with the
    command that fixes it. Reported only: Companion never changes a folder it did not make."""
    targets = [(folder, 0o700), (folder / DATA_FILE_NAME, 0o600)]
    targets += [(backup, 0o600) for backup in backup_files(folder / BACKUP_DIR_NAME)]
    found = []
    for path, wanted in targets:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError as error:
            found.append(f"Could not look at {path}: {os_error_text(error)}.")
            continue
        if mode & 0o077 & ~wanted:
            what = "folder" if path == folder else "file"
            found.append(
                f"The {what} {path} can be read by others (mode {mode:o}); Companion leaves it as it is. "
                f"To make it private, run: chmod {wanted:o} {shlex.quote(str(path))}"
            )
    return found
