"""`companion search WORDS`: every record whose text holds all the words, best first.

Like grep, it exits 1 with nothing on standard output when nothing matches. Private
matches are shown only with `--all` (docs/trust.md, "Private stays private"); without
it, standard error says how many were left out.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from companion import clock
from companion.cli_commands import flush_output, open_store, say, say_json
from companion.errors import CompanionError

EXIT_OK, EXIT_NOTHING_FOUND = 0, 1


def add_search_parser(commands: argparse._SubParsersAction) -> None:
    search = commands.add_parser("search", help="find sessions, notes, goals and actions by their words")
    search.add_argument("words", nargs="+", help="every word must match the start of a word (any case, any accents)")
    search.add_argument("--json", action="store_true", help="print the matches as JSON")
    search.add_argument("--all", action="store_true", help="include private matches")
    search.add_argument("--partner", metavar="NAME", help="only this partner's (the start of a name will do)")
    search.add_argument("--tag", metavar="TAG", help="only sessions and goals with this tag")
    search.add_argument("--since", metavar="DATE", help="only from this date on")
    search.add_argument("--until", metavar="DATE", help="only up to this date")
    search.add_argument("--private", action="store_true", help="only private matches (implies --all)")


def cmd_search(folder: Path, args: argparse.Namespace) -> int:
    from companion.partnerships import find_partnership, list_partnerships
    from companion.search import Filters, search
    from companion.search_text import query_terms

    query = " ".join(args.words)
    if not query_terms(query):
        raise CompanionError("nothing to search for: give at least one word of letters or digits.")
    store = open_store(folder, read_only=True)
    today = clock.today()
    filters = Filters(
        partnership_id=find_partnership(store, args.partner).id if args.partner else None,
        tag=args.tag,
        since=_date_option("--since", args.since, today),
        until=_date_option("--until", args.until, today),
        private_only=args.private,
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise CompanionError("--since is after --until: nothing can match.")
    matches = search(store, query, filters)
    show_private = args.all or args.private
    shown = [match for match in matches if show_private or not match.private]
    names = {p.id: p.partner_name for p in list_partnerships(store)}
    if args.json and shown:
        say_json([_as_json(match, names) for match in shown])
    for match in [] if args.json else shown:
        say(_as_line(match, names))
    _report_left_out(len(matches) - len(shown))
    return EXIT_OK if shown else EXIT_NOTHING_FOUND


def _date_option(option: str, text: str | None, today: date) -> date | None:
    from companion.dates import DateInputError, parse_date

    if text is None:
        return None
    try:
        return parse_date(text, today)
    except DateInputError as error:
        raise CompanionError(f"{option}: {error}") from None


def _as_line(match, names: dict[int | None, str]) -> str:
    from companion.dates import format_date

    entry = match.entry
    when = format_date(entry.on, weekday=False) if entry.on.year > 1 else "undated"
    private = " (private)" if entry.private else ""
    partner = names.get(entry.partnership_id, "?")
    return f"{when:<11}  {entry.kind:<7}  {partner}{private}: {match.context}"


def _as_json(match, names: dict[int | None, str]) -> dict:
    entry = match.entry
    return {
        "kind": entry.kind,
        "id": entry.record_id,
        "field": entry.part,
        "date": entry.on.isoformat() if entry.on.year > 1 else None,
        "partnership_id": entry.partnership_id,
        "partner": names.get(entry.partnership_id),
        "private": entry.private,
        "context": match.context,
        "spans": [list(span) for span in match.spans],
    }


def _report_left_out(count: int) -> None:
    if not count:
        return
    flush_output()
    matches = "match" if count == 1 else "matches"
    print(f"{count} private {matches} left out (add --all to see them).", file=sys.stderr)
