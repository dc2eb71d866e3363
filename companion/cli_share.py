"""`companion share` and importing a share file (docs/share-format.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion import clock
from companion.cli_commands import open_store, say
from companion.errors import CompanionError, os_error_text
from companion.terminal_text import printable


def add_share_command(commands: argparse._SubParsersAction) -> None:
    share = commands.add_parser("share", help="write a file of what you share with your partner")
    share.add_argument("--out", metavar="FILE", help="write to FILE (default, or -: standard output)")
    share.add_argument("--partner", metavar="NAME", help="the partnership to share (default: the current one)")
    share.add_argument("--force", action="store_true", help="replace FILE if it exists")


def add_share_import_options(restore: argparse.ArgumentParser) -> None:
    restore.add_argument("--partnership", metavar="NAME", help="for a share: the partnership it belongs to")
    restore.add_argument("--add-goals", action="store_true", help="for a share: add the partner's goals you lack")


def cmd_share(folder: Path, args: argparse.Namespace) -> int:
    from companion.banks import load_banks
    from companion.models import Partnership
    from companion.partnerships import find_partnership, require_partnership
    from companion.paths import user_prompts_dir
    from companion.prepare import prepare_next
    from companion.record_files import check_replace, write_export
    from companion.share import build_share, share_text

    now = clock.now()
    out = None if args.out in (None, "-") else Path(args.out).expanduser()
    if out is not None:
        check_replace(out, replace=args.force)
    store = open_store(folder)
    partnership = find_partnership(store, args.partner) if args.partner else require_partnership(store)
    banks = load_banks(user_prompts_dir())
    for warning in banks.warnings:
        print(f"warning: {printable(warning)}", file=sys.stderr)
    prepare_next(store, banks, now, partnership)
    text = share_text(build_share(store, partnership, now))
    if out is None:
        say(text, end="")
    else:
        write_export(out, text.encode("utf-8"), replace=args.force)
        say(f"Shared with {partnership.partner_name} in {out}.")
    assert partnership.id is not None  # read from the store
    with store.transaction():
        store.update(Partnership, partnership.id, last_shared_at=now)
    return 0


def is_share(path: Path) -> bool:
    from companion.share_read import is_share_file

    try:
        with path.open("rb") as handle:
            return is_share_file(handle.read(4_000_000))
    except OSError as error:
        raise CompanionError(f"Could not read {path}: {os_error_text(error)}. Nothing was imported.") from None


def cmd_import_share(folder: Path, path: Path, args: argparse.Namespace) -> int:
    from companion.banks import load_banks
    from companion.paths import user_prompts_dir
    from companion.share_import import import_share
    from companion.share_read import read_share

    share = read_share(path)
    plan = import_share(
        open_store(folder),
        share,
        clock.now(),
        load_banks(user_prompts_dir()),
        dry_run=args.dry_run,
        partnership_name=args.partnership,
        add_goals=args.add_goals,
    )
    if args.dry_run:
        say("Would import (nothing was changed):")
    for line in plan.lines():
        say(line)
    return 0
