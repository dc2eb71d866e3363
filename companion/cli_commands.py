"""What `companion note` and `companion reflect` do, and the command line's output.

`companion.cli` parses the arguments and opens the app; these functions do the work and
print for a person through `say`, which makes control characters visible (docs/trust.md,
"Text is literal"). JSON goes out exactly, through `say_json`.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from companion import clock
from companion.errors import CompanionError, DataFileError, SaveError, StoreBusyError, os_error_text
from companion.terminal_text import is_valid_unicode, printable

if TYPE_CHECKING:  # imported where they are needed, so that each subcommand starts fast
    from companion.models import Partnership
    from companion.reflections import ReflectionCandidate
    from companion.store import Store


class OutputError(CompanionError):
    """Standard output could not be written (a full disk, a closed pipe)."""


def say(text: str, *, end: str = "\n") -> None:
    """Print text for a person: control characters made visible (JSON goes through `say_json`)."""
    write_output(printable(text) + end)


def say_json(value: object) -> None:
    write_output(json.dumps(value, indent=2) + "\n")


def write_output(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show some character
        sys.stdout.write(text.encode(sys.stdout.encoding or "ascii", "replace").decode(sys.stdout.encoding or "ascii"))
    except OSError as error:
        raise OutputError(_output_failure(error)) from None


def flush_output() -> None:
    try:
        sys.stdout.flush()
    except OSError as error:
        raise OutputError(_output_failure(error)) from None


def _output_failure(error: OSError) -> str:
    import errno

    if error.errno == errno.EPIPE:
        return "could not write to standard output: the program reading it has stopped."
    return f"could not write to standard output: {os_error_text(error)}."


def open_store(folder: Path, *, read_only: bool = False) -> Store:
    from companion.store import Store

    return Store(folder, read_only=read_only).open()


# --- note ------------------------------------------------------------------------------------


def cmd_note(folder: Path, args: argparse.Namespace) -> int:
    from companion.dates import countdown, format_when
    from companion.notes import add_note

    text = " ".join(args.text)
    if text == "-":
        text = _read_standard_input()
    elif not is_valid_unicode(text):
        raise CompanionError(
            "The note is not valid UTF-8 text (your terminal or script sent other bytes); "
            "nothing was saved. Check its character encoding and try again."
        )
    now = clock.now()
    again = _note_command(text, args.partner)
    try:
        store = open_store(folder)
        chosen = _partner_for_note(store, args.partner, text)
        _, partnership, session = add_note(store, text, now, chosen)
    except (DataFileError, SaveError, StoreBusyError) as error:
        raise CompanionError(f"Your note was NOT saved. {error} When that is fixed, run again: {again}") from None
    if session is None:
        confirmation = f"Noted for your next session with {partnership.partner_name}."
    else:
        when = format_when(session.scheduled_at, now, in_sentence=True)
        confirmation = (
            f"Noted for your session with {partnership.partner_name}, {when} ({countdown(session.scheduled_at, now)})."
        )
    try:
        say(confirmation)
        flush_output()
    except OutputError as error:
        raise CompanionError(f"Your note was saved, but its confirmation was not shown: {error}") from None
    return 0


def _partner_for_note(store: Store, name: str | None, text: str) -> Partnership | None:
    """The partnership `--partner` names (None without it: the current one). A name that
    matches no partner, or several, is said in one line with the note to run again."""
    from companion.partnerships import find_partnership, list_partnerships

    if name is None or not list_partnerships(store):  # not set up: add_note says so
        return None
    try:
        return find_partnership(store, name)
    except (DataFileError, SaveError, StoreBusyError):
        raise
    except CompanionError as error:
        raise CompanionError(
            f"{str(error).rstrip('.')}. Your note was NOT saved; run again with one of those names: "
            f"{_note_command(text, 'NAME')}"
        ) from None


def _note_command(text: str, partner: str | None) -> str:
    partner_option = f"--partner {shlex.quote(partner)} " if partner else ""
    return f"companion note {partner_option}{shlex.quote(text.strip())}"


def _read_standard_input() -> str:
    raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CompanionError(
            f"Standard input is not UTF-8 text (a bad byte at offset {error.start}); nothing was saved. "
            "Check its character encoding and try again."
        ) from None


# --- reflect ---------------------------------------------------------------------------------


def reflection_to_open(store: Store, partner: str | None) -> list[ReflectionCandidate]:
    """The sessions `companion reflect` offers (every partner's, or `--partner`'s alone):
    the app opens the one, or lets you choose among several."""
    from companion.partnerships import find_partnership, require_partnership
    from companion.reflections import reflection_choices

    partnership = find_partnership(store, partner) if partner is not None else None
    choices = reflection_choices(store, clock.now(), partnership)
    if not choices:
        named = partnership or require_partnership(store)
        whose = named.partner_name if partnership or len(_partner_names(store)) == 1 else "any partner"
        raise CompanionError(
            f"No session with {whose} to reflect on yet: once a session's time "
            "has come (or you mark it held), `companion reflect` opens its reflection."
        )
    return choices


def _partner_names(store: Store) -> list[str]:
    from companion.partnerships import list_partnerships

    return [p.partner_name for p in list_partnerships(store)]
