"""`companion share` and importing a share file (docs/share-format.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion import clock
from companion.cli_commands import open_store, say
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
    from companion.partnerships import find_partnership, require_partnership
    from companion.paths import user_prompts_dir
    from companion.record_files import check_replace, record_shared, share_payload, share_to_file

    now = clock.now()
    out = None if args.out in (None, "-") else Path(args.out).expanduser()
    if out is not None:
        check_replace(out, replace=args.force)
    store = open_store(folder)
    partnership = find_partnership(store, args.partner) if args.partner else require_partnership(store)
    banks = load_banks(user_prompts_dir())
    for warning in banks.warnings:
        print(f"warning: {printable(warning)}", file=sys.stderr)
    if out is None:
        say(share_payload(store, banks, partnership, now), end="")
        record_shared(store, partnership, now)
    else:
        share_to_file(store, banks, partnership, out, now, replace=args.force)
        say(f"Shared with {partnership.partner_name} in {out}.")
    return 0


def is_share(path: Path) -> bool:
    from companion.record_files import is_share_path

    return is_share_path(path)


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
