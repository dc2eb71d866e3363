"""The `companion` command: the app, plus subcommands for scripts and shells.

Exit codes: 0 success, 1 a problem the user can fix (one clear message), 2 usage error.
Subcommands other than the app never import Textual, so they start fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from companion import __version__, clock
from companion.errors import CompanionError
from companion.paths import data_dir

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="companion",
        description="A companion for reverse mentoring: agendas, reflections, goals and streaks.",
        epilog="Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"companion {__version__}")
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="data folder (default: $COMPANION_HOME, else your user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    note = commands.add_parser("note", help="capture a note for the next session")
    note.add_argument("text", nargs="+", help="the note (use - to read it from standard input)")

    status = commands.add_parser("status", help="one line on where things stand")
    status.add_argument("--json", action="store_true", help="every figure, as JSON")

    agenda = commands.add_parser("agenda", help="print the next session's agenda as Markdown")
    agenda.add_argument("--all", action="store_true", help="include items marked private")
    agenda.add_argument("--json", action="store_true", help="print it as JSON")

    commands.add_parser("reflect", help="open the app at the reflection for the session that just happened")

    commands.add_parser("check", help="verify the data file and the prompt banks")

    demo = commands.add_parser("demo", help="open the app on a sample year in a throw-away folder")
    demo.add_argument("--into", metavar="DIR", help="write a generated dataset into DIR and exit")
    demo.add_argument("--sessions", type=int, default=52, metavar="N", help="sessions to generate (default 52)")
    demo.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args, parser)
    except CompanionError as error:
        print(f"companion: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "demo":
        return cmd_demo(args, parser)
    folder = data_dir(args.data)
    if args.command == "note":
        return cmd_note(folder, args)
    if args.command == "status":
        return cmd_status(folder, args)
    if args.command == "agenda":
        return cmd_agenda(folder, args)
    if args.command == "check":
        return cmd_check(folder)
    if args.command == "reflect":
        return cmd_reflect(folder)
    return open_app(folder)


def open_store(folder: Path):
    from companion.store import Store

    return Store(folder).open()


def cmd_note(folder: Path, args: argparse.Namespace) -> int:
    from companion.dates import countdown, format_when
    from companion.notes import add_note

    text = " ".join(args.text)
    if text == "-":
        text = sys.stdin.read()
    now = clock.now()
    _, partnership, session = add_note(open_store(folder), text, now)
    if session is None:
        print(f"Noted for your next session with {partnership.partner_name}.")
    else:
        when = format_when(session.scheduled_at, now, in_sentence=True)
        print(
            f"Noted for your session with {partnership.partner_name}, "
            f"{when} ({countdown(session.scheduled_at, now)})."
        )
    return EXIT_OK


def cmd_status(folder: Path, args: argparse.Namespace) -> int:
    from companion.summary import snapshot, status_json, status_line

    snap = snapshot(open_store(folder), clock.now())
    print(json.dumps(status_json(snap), indent=2) if args.json else status_line(snap))
    return EXIT_OK


def cmd_agenda(folder: Path, args: argparse.Namespace) -> int:
    from companion import agenda
    from companion.banks import load_banks
    from companion.paths import user_prompts_dir
    from companion.prepare import prepare_next

    banks = load_banks(user_prompts_dir())
    for warning in banks.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    prepared = prepare_next(open_store(folder), banks, clock.now())
    session, partnership = prepared.session, prepared.partnership
    minutes = session.duration_minutes or partnership.session_minutes
    render = agenda.to_json if args.json else agenda.to_markdown
    output = render(prepared.agenda, partnership.partner_name, session.scheduled_at, minutes, include_private=args.all)
    print(json.dumps(output, indent=2) if args.json else output, end="\n" if args.json else "")
    return EXIT_OK


def cmd_check(folder: Path) -> int:
    from companion.health import check
    from companion.paths import user_prompts_dir

    report = check(folder, user_prompts_dir())
    for line in report.lines:
        print(line)
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return EXIT_OK if not report.problems else EXIT_USER_ERROR


def cmd_demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from companion import demo

    if args.sessions < 0 or args.sessions > 100_000:
        parser.error("--sessions takes a number from 0 to 100000")
    if args.into:
        target = Path(args.into).expanduser().resolve()
        counts = demo.write_dataset(target, sessions=args.sessions, seed=args.seed, now=clock.now())
        print(f"Wrote a demo dataset to {target / 'companion.json'}: {counts}.")
        return EXIT_OK
    with demo.throwaway_copy(seed=args.seed, now=clock.now()) as folder:
        return open_app(folder, demo_mode=True)


def cmd_reflect(folder: Path) -> int:
    from companion.partnerships import require_partnership
    from companion.reflections import reflection_target

    store = open_store(folder)
    partnership = require_partnership(store)
    target = reflection_target(store, partnership, clock.now())
    if target is None:
        raise CompanionError(
            f"No session with {partnership.partner_name} to reflect on yet: once a session's time "
            "has come (or you mark it held), `companion reflect` opens its reflection."
        )
    return open_app(folder, store=store, reflect_on=target)


def open_app(folder: Path, *, demo_mode: bool = False, store=None, reflect_on=None) -> int:
    app = build_app(folder, demo_mode=demo_mode, store=store, reflect_on=reflect_on)
    app.run()
    return app.return_code or EXIT_OK


def build_app(folder: Path, *, demo_mode: bool = False, store=None, reflect_on=None):
    """The app, as `companion` starts it (also what the benchmarks time)."""
    import gc

    # Start-up builds many long-lived objects (the loaded history, the interface) and
    # frees almost none: the cyclic collector is held off until the first frame is on
    # screen, and what was built by then is kept out of its later walks.
    gc.disable()
    store = store or open_store(folder)  # a broken file is reported here, before the screen changes
    from companion.app import make_app

    app = make_app(store=store, demo_mode=demo_mode, reflect_on=reflect_on)
    app.call_after_refresh(_collector_back_on)
    return app


def _collector_back_on() -> None:
    import gc

    gc.freeze()
    gc.enable()


if __name__ == "__main__":
    sys.exit(main())
