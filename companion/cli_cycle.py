"""`companion cycle summary` and `companion cycle new` (docs/learning-loop.md, "The end of
a cycle")."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from companion import clock
from companion.cli_commands import open_store, say
from companion.errors import CompanionError

if TYPE_CHECKING:  # the command line starts fast: the rest loads on use
    from companion.models import Partnership
    from companion.store import Store


def add_cycle_command(commands: argparse._SubParsersAction) -> None:
    cycle = commands.add_parser("cycle", help="a cycle's summary, or start the next cycle")
    actions = cycle.add_subparsers(dest="cycle_command", metavar="ACTION", required=True)
    summary = actions.add_parser("summary", help="what the cycle gave each of you, as Markdown")
    summary.add_argument("--out", metavar="FILE", help="write to FILE (default, or -: standard output)")
    summary.add_argument("--all", action="store_true", help="include private goals, reflections and actions")
    summary.add_argument("--cycle", type=int, metavar="N", help="an earlier cycle, by its number")
    summary.add_argument("--partner", metavar="NAME", help="the partnership (default: the current one)")
    summary.add_argument("--force", action="store_true", help="replace FILE if it exists")
    new = actions.add_parser("new", help="start the next cycle today; goals and actions stay open")
    new.add_argument("--partner", metavar="NAME", help="the partnership (default: the current one)")


def cmd_cycle(folder: Path, args: argparse.Namespace) -> int:
    from companion.partnerships import find_partnership, require_partnership

    store = open_store(folder)
    partnership = find_partnership(store, args.partner) if args.partner else require_partnership(store)
    if args.cycle_command == "new":
        return _new_cycle(store, partnership)
    return _summary(store, partnership, args)


def _summary(store: Store, partnership: Partnership, args: argparse.Namespace) -> int:
    from companion.cycle_summary import cycle_summary, find_cycle
    from companion.record_files import check_replace, write_export

    out = None if args.out in (None, "-") else Path(args.out).expanduser()
    if out is not None:
        check_replace(out, replace=args.force)
    if find_cycle(partnership, args.cycle) is None:
        numbers = ", ".join(str(c.number) for c in [*partnership.past_cycles, partnership.current_cycle])
        raise CompanionError(f"There is no cycle {args.cycle}; the cycles are {numbers}.")
    text = cycle_summary(store, partnership, clock.today(), include_private=args.all, number=args.cycle)
    if out is None:
        say(text, end="")
    else:
        write_export(out, text.encode("utf-8"), replace=args.force)
        say(f"Wrote the cycle summary to {out}.")
    return 0


def _new_cycle(store: Store, partnership: Partnership) -> int:
    from companion.cycles import carried_words, start_new_cycle

    result = start_new_cycle(store, partnership, clock.today())
    cycle = result.partnership.current_cycle
    if not result.started:
        say(f"Cycle {cycle.number} started today already; nothing changed.")
        return 0
    say(f"Started cycle {cycle.number} with {partnership.partner_name}. {carried_words(store, result.partnership)}")
    return 0
