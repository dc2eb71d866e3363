"""The Data section of settings: where the data file and its backups live, a warning when
others can read the folder, the backups newest first, and how to restore one."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from companion.dates import format_timestamp
from companion.health import loose_permissions
from companion.store import Store
from companion.terminal_text import printable
from screens.text import rich_literal

NO_BACKUPS = (
    "No backups yet. A copy of the data file is taken before the first change of each day; the last 14 are kept."
)


class DataSection(Vertical):
    """Reported, never changed: the folder may be someone's home or a shared folder."""

    DEFAULT_CSS = "DataSection { height: auto; }"

    def compose(self) -> ComposeResult:
        yield Static("", id="data-paths")
        yield Static("", id="permissions")
        yield Static("", id="backups")
        yield Static("", id="restore-hint")

    def show(self, store: Store) -> None:
        self.query_one("#data-paths", Static).update(data_paths(store))
        loose = loose_permissions(store.data_dir) if store.path.exists() else []
        warning = self.query_one("#permissions", Static)
        warning.display = bool(loose)
        warning.update(rich_literal("\n".join(f"⚠ {line}" for line in loose), style="bold"))
        backups = [(path, stat) for path in store.backups() if (stat := _stat_or_none(path))]
        self.query_one("#backups", Static).update(
            backup_table(backups) if backups else Text(NO_BACKUPS, style="italic")
        )
        newest = backups[0][0] if backups else store.backups_dir / "companion-YYYY-MM-DD.json"
        self.query_one("#restore-hint", Static).update(restore_hint(newest, store.path))


def data_paths(store: Store) -> Table:
    paths = Table.grid(padding=(0, 2))
    paths.add_column(style="dim", no_wrap=True)
    paths.add_column(overflow="fold")
    paths.add_row("Data folder", rich_literal(str(store.data_dir)))
    paths.add_row("Data file", rich_literal(str(store.path)))
    paths.add_row("Backups in", rich_literal(str(store.backups_dir)))
    return paths


def backup_table(backups: list[tuple[Path, os.stat_result]]) -> Table:
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, header_style="bold")
    table.add_column("Backup, newest first", overflow="fold")
    table.add_column("Saved", no_wrap=True)
    table.add_column("Size", justify="right", no_wrap=True)
    for path, stat in backups:
        saved = datetime.fromtimestamp(stat.st_mtime)
        table.add_row(rich_literal(path.name), format_timestamp(saved, weekday=False), file_size(stat.st_size))
    return table


def restore_hint(backup: Path, data_file: Path) -> Text:
    hint = Text("To restore a backup, quit Companion, then run in a shell:\n", style="italic")
    # One argument a line (with shell line continuations), so long paths stay readable.
    hint.append(printable(f"cp \\\n  {quoted(backup)} \\\n  {quoted(data_file)}"), style="bold not italic")
    return hint


def quoted(path: Path) -> str:
    """A path in single quotes for a POSIX shell."""
    return "'" + str(path).replace("'", "'\\''") + "'"


def file_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None  # removed since it was listed
