"""An agenda written out: grouped by section, as Markdown to paste anywhere or as JSON
for scripts. Private items are left out unless asked for (docs/carry-over.md)."""

from __future__ import annotations

from datetime import datetime

from companion.agenda import SECTION_ORDER, SECTION_TITLES
from companion.dates import format_clock, format_date
from companion.models import Agenda, AgendaItem, Section


def sections(agenda: Agenda) -> list[tuple[Section, list[AgendaItem]]]:
    """The agenda's items grouped by section, in order (empty sections left out)."""
    by_section: dict[Section, list[AgendaItem]] = {}
    for item in agenda.items:
        by_section.setdefault(item.section, []).append(item)
    return [(section, by_section[section]) for section in SECTION_ORDER if section in by_section]


def shared_items(agenda: Agenda, include_private: bool) -> list[AgendaItem]:
    return [item for item in agenda.items if include_private or not item.private]


def to_markdown(agenda: Agenda, partner: str, when: datetime, minutes: int, *, include_private: bool = False) -> str:
    """The agenda as Markdown a person can paste anywhere; private items only on request."""
    lines = [f"# Session with {partner}: {format_date(when)}, {format_clock(when)} ({minutes} min)", ""]
    if agenda.ready_at:
        lines += [
            f"Ready since {format_date(agenda.ready_at, year=False)}, {format_clock(agenda.ready_at)}.",
            "",
        ]
    else:
        lines += ["Not marked ready yet.", ""]
    shown = shared_items(agenda, include_private)
    for section in SECTION_ORDER:
        items = [item for item in shown if item.section is section]
        if not items:
            continue
        lines.append(f"## {SECTION_TITLES[section]} ({sum(i.minutes for i in items)} min)")
        lines.append("")
        lines.extend(list_item(item) for item in items)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def list_item(item: AgendaItem) -> str:
    """One item as a Markdown task: the time box after its first line, and every further
    line indented under it, with a hard break (two spaces) between lines of one paragraph,
    so a renderer keeps the lines of one item together and apart."""
    private = " *(private)*" if item.private else ""
    if "\n" not in item.text:  # most items are one line; an export writes tens of thousands
        return f"- [{'x' if item.covered else ' '}] {item.text} ({item.minutes} min){private}"
    first, *more = item.text.split("\n")
    head = f"- [{'x' if item.covered else ' '}] {first} ({item.minutes} min){private}"
    lines = [head]
    lines += [f"  {line}" if line.strip() else "" for line in more]
    return "\n".join(
        line + "  " if line and index + 1 < len(lines) and lines[index + 1] else line
        for index, line in enumerate(lines)
    )


def to_json(agenda: Agenda, partner: str, when: datetime, minutes: int, *, include_private: bool = False) -> dict:
    return {
        "partner": partner,
        "scheduled_at": when.isoformat(timespec="minutes"),
        "session_minutes": minutes,
        "ready_at": agenda.ready_at.isoformat(timespec="seconds") if agenda.ready_at else None,
        "items": [
            {
                "section": item.section.value,
                "text": item.text,
                "minutes": item.minutes,
                "private": item.private,
                "covered": item.covered,
                "source": item.source,
                "ref": item.ref,
                "folded": list(item.folded),
            }
            for item in shared_items(agenda, include_private)
        ],
    }
