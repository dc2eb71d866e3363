"""Filters typed into a search box with the words: `tag:ai`, `from:2026-10-01`, `to:"1 dec"`.

The History screen has one box, so the tag and date range are written into it, as in a
mail client's search: `from:` and `to:` take a date in any form the date fields take
(`companion.dates.parse_date`), a month (`2026-10`) or a year (`2026`), each as a whole
span (`to:2026-10` runs to 31 October); `since:` and `until:` say the same. A value with
spaces goes in quotes. A filter that cannot be read is kept out of the search and named
in `problems`, so the person sees why nothing was narrowed. Anything else, including a
word with a colon that is not a filter, is searched for as written.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from companion.dates import DateInputError, NoSuchDayError, format_date, parse_date

FILTER = re.compile(r'(?<!\S)(tag|from|since|to|until):(?:"([^"]*)"?|(\S*))', re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_SAME = {"since": "from", "until": "to"}


@dataclass(frozen=True)
class TypedQuery:
    """A search box's text split into the words to find and the filters written with them."""

    words: str
    tag: str | None = None
    since: date | None = None
    until: date | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def narrowed(self) -> bool:
        return bool(self.tag or self.since or self.until)

    def describe(self) -> str:
        """The filters in words, for a line above the results ("tag ai · from Thu 1 Oct 2026")."""
        parts = [f"tag {self.tag}"] if self.tag else []
        if self.since:
            parts.append(f"from {format_date(self.since)}")
        if self.until:
            parts.append(f"to {format_date(self.until)}")
        return " · ".join(parts)


def parse_query(text: str, today: date) -> TypedQuery:
    """`text` as typed into a search box, with `today` for dates such as "1 oct"."""
    found: dict[str, str] = {}
    for match in FILTER.finditer(text):
        name = match.group(1).lower()
        found[_SAME.get(name, name)] = (match.group(2) if match.group(2) is not None else match.group(3)).strip()
    words = " ".join(FILTER.sub(" ", text).split())
    problems: list[str] = []
    tag = found.get("tag") or None
    since = _day(found, "from", today, problems)
    until = _day(found, "to", today, problems)
    if since and until and since > until:
        problems.append(f"from {format_date(since)} is after to {format_date(until)}: nothing can match")
    return TypedQuery(words, tag, since, until, problems)


def _day(found: dict[str, str], name: str, today: date, problems: list[str]) -> date | None:
    """The first (`from`) or last (`to`) day of what was written after `name:`."""
    if name not in found:
        return None
    text = found[name]
    if not text:
        problems.append(f"{name}: needs a date, for example {name}:2026-10-01")
        return None
    if span := _span(text):
        return span[0] if name == "from" else span[1]
    try:
        return parse_date(text, today)
    except NoSuchDayError as error:
        problems.append(f"{name}: {error}")
    except DateInputError:
        problems.append(f'{name}:{text} is not a date: try {name}:2026-10-01, {name}:"13 oct" or {name}:2026-10')
    return None


def _span(text: str) -> tuple[date, date] | None:
    """The first and last day of a month (`2026-10`) or a year (`2026`)."""
    if match := _MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and year >= 1:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if match := _YEAR.match(text):
        year = int(match.group(1))
        if year >= 1:
            return date(year, 1, 1), date(year, 12, 31)
    return None
