"""The `companion` command: the app, plus subcommands for scripts and shells.

Exit codes: 0 success, 1 a problem the user can fix (one clear message), 2 usage error.
Subcommands other than the app never import Textual, so they start fast.

No traceback reaches a person (docs/trust.md, "No tracebacks"): every failure ends as one
line on standard error that says what to do. Text printed for a person goes through
`say`, which makes control characters visible; JSON is printed exactly.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from companion import __version__, clock
from companion.cli_commands import (
    cmd_note,
    flush_output,
    open_store,
    reflection_to_open,
    say,
    say_json,
    write_output,
)
from companion.cli_cycle import add_cycle_command, cmd_cycle
from companion.cli_record import add_record_commands, cmd_export, cmd_import
from companion.cli_search import add_search_parser, cmd_search
from companion.cli_share import add_share_command, cmd_share
from companion.errors import CompanionError, os_error_text
from companion.paths import data_dir, data_folder_problem
from companion.terminal_text import printable

if TYPE_CHECKING:  # imported where they are needed, so that each subcommand starts fast
    from companion.reflections import ReflectionCandidate
    from companion.store import Store

EXIT_OK, EXIT_USER_ERROR = 0, 1  # argparse itself exits with 2 on a usage error
DEBUG_VARIABLE = "COMPANION_DEBUG"  # set it to see the traceback of an unexpected error
DEMO_SESSIONS_MAX = 10_000  # weekly from 1811: the earliest dates Companion works with
EXIT_USAGE = 2
COMPLETION_SHELLS = ("bash", "zsh", "fish")
COMPLETION_USAGE = "usage: companion completion bash|zsh|fish"


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
    note.add_argument("--partner", metavar="NAME", help="for this partner's next session (the start of a name will do)")

    status = commands.add_parser("status", help="one line on where things stand")
    status.add_argument("--json", action="store_true", help="every figure, as JSON")

    agenda = commands.add_parser("agenda", help="print the next session's agenda as Markdown")
    agenda.add_argument("--all", action="store_true", help="include items marked private")
    agenda.add_argument("--json", action="store_true", help="print it as JSON")

    reflect = commands.add_parser("reflect", help="open the app at the reflection for the session that just happened")
    reflect.add_argument("--partner", metavar="NAME", help="only this partner's sessions (the start of a name will do)")

    commands.add_parser("check", help="verify the data file and the prompt banks")

    demo = commands.add_parser("demo", help="open the app on a sample year in a throw-away folder")
    demo.add_argument("--into", metavar="DIR", help="write a generated dataset into DIR and exit")
    demo.add_argument(
        "--sessions",
        type=int,
        default=52,
        metavar="N",
        help=f"sessions to generate, up to {DEMO_SESSIONS_MAX} (default 52)",
    )
    demo.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)

    add_search_parser(commands)
    add_record_commands(commands)
    add_share_command(commands)
    add_cycle_command(commands)

    completion = commands.add_parser("completion", help="print a shell completion script (see the README)")
    # Checked by cmd_completion rather than by `choices`, so that a wrong or missing shell
    # gets one line of usage instead of argparse's two.
    completion.add_argument("shell", nargs="?", metavar="{bash,zsh,fish}", help="the shell to complete for")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        clock.now()  # a malformed COMPANION_NOW is reported here, before anything is read
        code = run(args, parser)
        flush_output()
        return code
    except CompanionError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"could not go on: {os_error_text(error)}.")
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last guard: a person never sees a traceback
        if os.environ.get(DEBUG_VARIABLE):
            raise
        return _fail(
            f"something unexpected went wrong ({type(error).__name__}: {error}). Please report it; "
            f"run again with {DEBUG_VARIABLE}=1 to see the details."
        )


def _fail(message: str) -> int:
    _silence_output()
    try:
        print(f"companion: {printable(message)}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # standard error is gone too: the exit code is all that is left
    return EXIT_USER_ERROR


def _silence_output() -> None:
    """After standard output failed, point it at /dev/null, so that the interpreter's own
    final flush does not fail again and print a traceback of its own."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "demo":
        return cmd_demo(args, parser)
    if args.command == "completion":
        return cmd_completion(args.shell, parser)
    folder = data_dir(args.data)
    problem = data_folder_problem(folder)
    if problem:
        raise CompanionError(problem)
    if args.command == "note":
        return cmd_note(folder, args)
    if args.command == "status":
        return cmd_status(folder, args)
    if args.command == "agenda":
        return cmd_agenda(folder, args)
    if args.command == "check":
        return cmd_check(folder)
    if args.command == "search":
        return cmd_search(folder, args)
    if args.command == "export":
        return cmd_export(folder, args)
    if args.command == "share":
        return cmd_share(folder, args)
    if args.command == "cycle":
        return cmd_cycle(folder, args)
    if args.command == "import":
        return cmd_import(folder, args)
    if args.command == "reflect":
        store = open_store(folder)
        return open_app(folder, store=store, reflect_on=reflection_to_open(store, args.partner))
    return open_app(folder)


def cmd_status(folder: Path, args: argparse.Namespace) -> int:
    from companion.loop_stats import learning_json
    from companion.summary import snapshot, status_json, status_line

    store, now = open_store(folder, read_only=True), clock.now()
    snap = snapshot(store, now)
    if args.json:
        partnership = snap.partnership
        say_json(status_json(snap, learning_json(store, partnership, now.date()) if partnership else None))
    else:
        say(status_line(snap))
    return EXIT_OK


def cmd_agenda(folder: Path, args: argparse.Namespace) -> int:
    from companion import agenda_text
    from companion.banks import load_banks
    from companion.paths import user_prompts_dir
    from companion.prepare import prepare_next

    banks = load_banks(user_prompts_dir())
    for warning in banks.warnings:
        print(f"warning: {printable(warning)}", file=sys.stderr)
    prepared = prepare_next(open_store(folder), banks, clock.now())
    session, partnership = prepared.session, prepared.partnership
    minutes = session.duration_minutes or partnership.session_minutes
    shown = (prepared.agenda, partnership.partner_name, session.scheduled_at, minutes)
    if args.json:
        say_json(agenda_text.to_json(*shown, include_private=args.all))
    else:
        say(agenda_text.to_markdown(*shown, include_private=args.all), end="")
    return EXIT_OK


def cmd_check(folder: Path) -> int:
    from companion.health import check
    from companion.keymap import config_path
    from companion.paths import user_prompts_dir

    report = check(folder, user_prompts_dir(), config_path())
    for line in report.lines:
        say(line)
    flush_output()
    for problem in report.problems:
        print(f"problem: {printable(problem)}", file=sys.stderr)
    return EXIT_OK if not report.problems else EXIT_USER_ERROR


def cmd_demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from companion import demo

    if not 0 <= args.sessions <= DEMO_SESSIONS_MAX:
        parser.error(f"--sessions takes a number from 0 to {DEMO_SESSIONS_MAX}")
    if args.into:
        target = Path(args.into).expanduser().resolve()
        problem = data_folder_problem(target)
        if problem:
            raise CompanionError(problem)
        counts = demo.write_dataset(target, sessions=args.sessions, seed=args.seed, now=clock.now())
        say(f"Wrote a demo dataset to {target / 'companion.json'}: {counts}.")
        return EXIT_OK
    with demo.throwaway_copy(seed=args.seed, now=clock.now()) as folder:
        return open_app(folder, demo_mode=True)


def cmd_completion(shell: str | None, parser: argparse.ArgumentParser) -> int:
    """Print a completion script generated from the parser itself, so it never goes stale."""
    if shell not in COMPLETION_SHELLS:
        print(COMPLETION_USAGE, file=sys.stderr)
        return EXIT_USAGE
    import shtab

    _add_completion_hints(parser, shtab.DIRECTORY)
    write_output(shtab.complete(parser, shell=shell))
    return EXIT_OK


def _add_completion_hints(parser: argparse.ArgumentParser, directory: object) -> None:
    """Tell the script what to offer: folders after every DIR option, the shell names after
    `completion`. Added only here, after parsing, so that they cost nothing otherwise."""
    for action in parser._actions:
        if action.metavar == "DIR":
            action.complete = directory  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                _add_completion_hints(subparser, directory)
        if action.dest == "shell":
            action.choices = COMPLETION_SHELLS


def open_app(
    folder: Path,
    *,
    demo_mode: bool = False,
    store: Store | None = None,
    reflect_on: list[ReflectionCandidate] | None = None,
) -> int:
    app = build_app(folder, demo_mode=demo_mode, store=store, reflect_on=reflect_on)
    try:
        app.run()
    finally:
        _collector_back_on()  # if the app closed before its first frame, it never was
    crash = app.crash_report()
    if crash:
        raise CompanionError(crash)
    return app.return_code or EXIT_OK


def build_app(
    folder: Path,
    *,
    demo_mode: bool = False,
    store: Store | None = None,
    reflect_on: list[ReflectionCandidate] | None = None,
):
    """The app, as `companion` starts it (also what the benchmarks time)."""
    import gc

    # Start-up builds many long-lived objects (the loaded history, the interface) and
    # frees almost none: the cyclic collector is held off until the first frame is on
    # screen, and what was built by then is kept out of its later walks.
    gc.disable()
    try:
        store = store or open_store(folder)  # a broken file is reported here, before the screen changes
        from screens.app import make_app

        app = make_app(store=store, demo_mode=demo_mode, reflect_on=reflect_on)
    except BaseException:
        gc.enable()  # no first frame is coming to turn it back on
        raise
    app.call_after_refresh(_collector_back_on)
    return app


def _collector_back_on() -> None:
    import gc

    gc.freeze()
    gc.enable()


if __name__ == "__main__":
    sys.exit(main())
