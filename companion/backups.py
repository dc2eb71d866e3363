"""Backups of the data file, in the `backups` folder next to it (docs/storage.md, "Backups").

A copy is taken before the first change of each day (the last 14 of those are kept) and
before a file is moved forward to a newer schema (those are kept). Every message about a
file that cannot be used ends with the command that puts the newest backup back.
"""

from __future__ import annotations

import re
import shlex
from datetime import date
from pathlib import Path

from companion.atomic import copy_private
from companion.errors import SaveError, os_error_text
from companion.paths import make_private_dirs

BACKUP_DIR_NAME = "backups"
BACKUPS_KEPT = 14  # daily backups; those taken before an upgrade are never removed
_DAILY_BACKUP = re.compile(r"^companion-\d{4}-\d{2}-\d{2}\.json$")


def backup_files(backups_dir: Path) -> list[Path]:
    """The backups in the folder (none if it is missing or cannot be read)."""
    try:
        return [
            p for p in backups_dir.iterdir() if p.name.startswith("companion-") and p.suffix == ".json" and p.is_file()
        ]
    except OSError:
        return []


def backups_newest_first(backups_dir: Path) -> list[Path]:
    """The backups in the folder, newest first (one removed meanwhile counts as oldest)."""

    def modified(path: Path) -> int:
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return -1

    return sorted(backup_files(backups_dir), key=modified, reverse=True)


def restore_command(path: Path) -> str | None:
    """The shell command that puts the newest backup back in place of the data file
    (quoted for the shell, whatever the folder is called), or None without a backup."""
    backups = backups_newest_first(path.parent / BACKUP_DIR_NAME)
    return f"cp {shlex.quote(str(backups[0]))} {shlex.quote(str(path))}" if backups else None


def take_backup(source: Path, backups_dir: Path, name: str) -> None:
    """Copy `source` into the backups folder as `name` (nothing if there is no file yet).
    SaveError if it cannot be written: then the change it protects must not go ahead."""
    if not source.exists():
        return
    try:
        make_private_dirs(backups_dir)
        copy_private(source, backups_dir / name)
    except OSError as error:
        raise SaveError(
            f"Could not write a backup into {backups_dir}: {os_error_text(error)}. Nothing was changed."
        ) from error


def take_daily_backup(source: Path, backups_dir: Path, today: date) -> None:
    """Today's backup of `source`, unless there is one already; then only the newest
    BACKUPS_KEPT daily backups are kept."""
    if not source.exists():
        return
    name = f"companion-{today.isoformat()}.json"
    if (backups_dir / name).exists():
        return
    take_backup(source, backups_dir, name)
    daily = sorted(p for p in backup_files(backups_dir) if _DAILY_BACKUP.match(p.name))
    for old in daily[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
