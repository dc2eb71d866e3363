"""What `companion export` and `companion import` do (docs/export-format.md).

An export goes to standard output, or to a file written atomically, readable by its
owner alone, and replacing an existing file only with `--force`. Private things stay out
without `--all`, and standard error says how many were left out. The app's export and
import dialogs go through the same functions (`companion/record_files.py`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion import clock
from companion.cli_commands import open_store, say, write_output
from companion.cli_share import add_share_import_options, cmd_import_share, is_share
from companion.errors import CompanionError
from companion.record_files import EXPORT_FORMATS, check_replace, export_payload, payload_bytes, write_export


def add_record_commands(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="export everything as Markdown, JSON or a calendar")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="md", help="md (default), json or ics")
    export.add_argument("--out", metavar="FILE", help="write to FILE (default, or -: standard output)")
    export.add_argument("--all", action="store_true", help="include what is marked private")
    export.add_argument("--since", metavar="DATE", help="only what happened from DATE on")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    restore = commands.add_parser("import", help="merge a JSON export or a partner's share into the data")
    restore.add_argument("file", metavar="FILE", help="a file written by `companion export --format json` or `share`")
    restore.add_argument("--dry-run", action="store_true", help="only say what would be added or changed")
    add_share_import_options(restore)


def cmd_export(folder: Path, args: argparse.Namespace) -> int:
    from companion.dates import parse_date

    now = clock.now()
    try:
        since = parse_date(args.since, now.date()) if args.since is not None else None
    except ValueError as error:
        raise CompanionError(f"--since: {error}") from None
    out = None if args.out in (None, "-") else Path(args.out).expanduser()
    if out is not None:
        check_replace(out, replace=args.force)
    store = open_store(folder, read_only=True)
    payload, left_out = export_payload(
        store, args.format, now, include_private=args.all, since=since, to_stdout=out is None
    )
    if out is None:
        _print(payload, args.format)
    else:
        write_export(out, payload_bytes(payload), replace=args.force)
        say(f"Exported to {out}.")
    if left_out:
        things = "1 private thing was" if left_out == 1 else f"{left_out} private things were"
        print(f"{things} left out; add --all to include them.", file=sys.stderr)
    return 0


def _print(payload: str | bytes, fmt: str) -> None:
    if isinstance(payload, bytes):
        write_output(payload.decode("utf-8"))
    elif fmt == "json":
        write_output(payload)  # JSON, as `say_json` writes it: escaped, nothing to make visible
    else:
        say(str(payload), end="")


def cmd_import(folder: Path, args: argparse.Namespace) -> int:
    from companion.importer import import_export, read_export

    path = Path(args.file).expanduser()
    if is_share(path):
        return cmd_import_share(folder, path, args)
    exported = read_export(path)
    plan = import_export(open_store(folder), exported, clock.now(), dry_run=args.dry_run)
    if args.dry_run:
        say("Would import (nothing was changed):")
    elif not plan.is_empty:
        say("Imported:")
    for line in plan.lines():
        say(line)
    return 0
