"""What `companion export` and `companion import` do (docs/export-format.md).

An export goes to standard output, or to a file written atomically, readable by its
owner alone, and replacing an existing file only with `--force`. Private things stay out
without `--all`, and standard error says how many were left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion import clock
from companion.cli_commands import open_store, say, write_output
from companion.errors import CompanionError, os_error_text

EXPORT_FORMATS = ("md", "json", "ics")


def add_record_commands(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="export everything as Markdown, JSON or a calendar")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="md", help="md (default), json or ics")
    export.add_argument("--out", metavar="FILE", help="write to FILE (default, or -: standard output)")
    export.add_argument("--all", action="store_true", help="include what is marked private")
    export.add_argument("--since", metavar="DATE", help="only what happened from DATE on")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    restore = commands.add_parser("import", help="merge a JSON export into the data")
    restore.add_argument("file", metavar="FILE", help="a file written by `companion export --format json`")
    restore.add_argument("--dry-run", action="store_true", help="only say what would be added or changed")


def cmd_export(folder: Path, args: argparse.Namespace) -> int:
    from companion.dates import parse_date

    now = clock.now()
    try:
        since = parse_date(args.since, now.date()) if args.since is not None else None
    except ValueError as error:
        raise CompanionError(f"--since: {error}") from None
    out = None if args.out in (None, "-") else Path(args.out).expanduser()
    if out is not None and out.exists() and not args.force:
        raise CompanionError(f"{out} already exists; nothing was written. Add --force to replace it.")
    store = open_store(folder, read_only=True)
    payload, left_out = _export(store, args.format, now, include_private=args.all, since=since, to_stdout=out is None)
    if out is None:
        _print(payload, args.format)
    else:
        _write_file(out, payload)
    if left_out:
        things = "1 private thing was" if left_out == 1 else f"{left_out} private things were"
        print(f"{things} left out; add --all to include them.", file=sys.stderr)
    return 0


def _export(store, fmt: str, now, *, include_private: bool, since, to_stdout: bool) -> tuple[str | bytes, int]:
    if fmt == "ics":
        from companion.calendar_export import calendar_ics

        return calendar_ics(store, now, include_private=include_private, since=since)
    from companion import export, export_json

    if fmt == "json":
        # Standard output stays ASCII (as every JSON the commands print); a file is UTF-8.
        return export_json.export_json_text(
            store, include_private=include_private, since=since, now=now, ensure_ascii=to_stdout
        )
    return export.markdown_text(store, include_private=include_private, since=since, now=now)


def _print(payload: str | bytes, fmt: str) -> None:
    if isinstance(payload, bytes):
        write_output(payload.decode("utf-8"))
    elif fmt == "json":
        write_output(payload)  # JSON, as `say_json` writes it: escaped, nothing to make visible
    else:
        say(str(payload), end="")


def _write_file(out: Path, payload: str | bytes) -> None:
    from companion.atomic import atomic_write

    data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
    try:
        atomic_write(out, data)
    except OSError as error:
        raise CompanionError(f"Could not write {out}: {os_error_text(error)}. Nothing was written.") from None
    say(f"Exported to {out}.")


def cmd_import(folder: Path, args: argparse.Namespace) -> int:
    from companion.importer import import_export, read_export

    exported = read_export(Path(args.file).expanduser())
    plan = import_export(open_store(folder), exported, clock.now(), dry_run=args.dry_run)
    if args.dry_run:
        say("Would import (nothing was changed):")
    elif not plan.is_empty:
        say("Imported:")
    for line in plan.lines():
        say(line)
    return 0
