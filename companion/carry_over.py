"""Carry-over: what comes back from last time, and folding many items into few.

Open action items, notes captured since, and talking points left unfinished in the last
held session come back in the next agenda's carry-over section. When there are more than
fit, the rest are folded into one combined item, which keeps the keys of everything it
holds, so nothing folded is lost or added twice, and a private item's words never join a
shared one. The rules are set out in docs/carry-over.md. Pure functions, like
`companion.agenda`, which builds agendas with them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from companion.dates import format_date
from companion.models import ActionItem, Agenda, AgendaItem, Note, Owner, Partnership, Section

GOALS_LEAD = "Also check in on: "
CARRY_OVER_LEAD = "Also carried over: "

# Items standing for a stored record: their key is "<source>:<ref>".
RECORD_SOURCES = ("note", "action", "goal", "expectations")
CARRIED = "carried:"


def item_keys(item: AgendaItem) -> list[str]:
    """What an item stands for, as keys: "note:12", "action:4", "goal:3",
    "expectations:3", or "carried:<text>" for a talking point left unfinished last time.
    A folded item stands for everything folded into it; prompts and the user's own
    items stand for nothing that carries over on its own (empty list)."""
    if item.folded:
        return list(item.folded)
    if item.source in RECORD_SOURCES and item.ref:
        return [f"{item.source}:{item.ref}"]
    if item.source == "plan" and item.ref:  # a plan asked about in check-in is its action's item
        return [f"action:{item.ref}"]
    if item.source == "carried":
        return [CARRIED + item.text]
    return []


def agenda_keys(agenda: Agenda | None) -> list[str]:
    """The keys of every item of an agenda, folded ones included, in order."""
    return [key for item in agenda.items for key in item_keys(item)] if agenda else []


def private_keys(agendas: Iterable[Agenda | None]) -> set[str]:
    """Keys kept private by earlier agendas, newest first: the newest agenda that lists a
    key decides (so marking it shared again on a later agenda is respected)."""
    decided: dict[str, bool] = {}
    for agenda in agendas:
        here: dict[str, bool] = {}
        for item in agenda.items if agenda else ():
            for key in item_keys(item):
                here[key] = here.get(key, False) or item.private
        for key, private in here.items():
            decided.setdefault(key, private)
    return {key for key, private in decided.items() if private}


def note_ids(keys: Iterable[str]) -> set[int]:
    """The note ids among keys."""
    return {int(key[5:]) for key in keys if key.startswith("note:") and key[5:].isdigit()}


def _leftovers(old: AgendaItem) -> list[tuple[str, AgendaItem | None]]:
    """An unfinished item of the last held session as (key, item to carry) pairs; the item
    is None for notes, actions and goals, which come from their own records instead."""
    if old.folded:
        return [
            (key, _carried(key[len(CARRIED) :], old.private) if key.startswith(CARRIED) else None) for key in old.folded
        ]
    if old.source in RECORD_SOURCES and old.ref:
        return [(f"{old.source}:{old.ref}", None)]
    carried = replace(old, id="", section=Section.CARRY_OVER, covered=False, source="carried", folded=[])
    return [(CARRIED + old.text, carried)]


def _carried(text: str, private: bool) -> AgendaItem:
    return AgendaItem(id="", section=Section.CARRY_OVER, text=text, minutes=1, source="carried", private=private)


def carry_over_items(
    partnership: Partnership,
    open_actions: Iterable[ActionItem] = (),
    notes: Iterable[Note] = (),
    unfinished: Sequence[AgendaItem] = (),
    private_keys: Collection[str] = (),
) -> list[AgendaItem]:
    """One item per open action, open note and unfinished talking point, each once.

    Privacy sticks: an action marked private, a key an earlier agenda kept private, and
    anything in a private unfinished item stay private."""
    private = set(private_keys)
    for old in unfinished:
        if old.private:
            private.update(key for key, _ in _leftovers(old))
    items: list[AgendaItem] = []
    seen: set[str] = set()

    def add(key: str, item: AgendaItem) -> None:
        if key not in seen:
            seen.add(key)
            item.private = item.private or key in private
            items.append(item)

    for action in open_actions:
        who = {Owner.ME: "you", Owner.PARTNER: partnership.partner_name, Owner.BOTH: "both of you"}[action.owner]
        due = f", due {format_date(action.due, year=False)}" if action.due else ""
        add(
            f"action:{action.id}",
            AgendaItem(
                id="",
                section=Section.CARRY_OVER,
                minutes=1,
                source="action",
                ref=str(action.id),
                text=f"{action.text} ({who}{due})",
                private=action.private,
            ),
        )
    for note in notes:
        add(
            f"note:{note.id}",
            AgendaItem(
                id="",
                section=Section.CARRY_OVER,
                minutes=1,
                source="note",
                ref=str(note.id),
                text=note.text,
            ),
        )
    for old in unfinished:
        for key, carried in _leftovers(old):
            # Notes and actions still open are listed above, settled ones are done with,
            # and goals get a fresh item: only talking points carry over as they were.
            if carried is not None:
                add(key, carried)
    return items


def fold(items: list[AgendaItem], room: int, lead: str) -> list[AgendaItem]:
    """Keep the first items and fold the rest into one combined item, or two: shared and
    private items are folded apart, so a private item's words never join a shared item.
    The combined item lists the keys of what it holds, so nothing folded is lost."""
    if len(items) <= room:
        return items
    keep = room - 1
    while keep > 0 and keep + len({item.private for item in items[keep:]}) > room:
        keep -= 1
    kept, rest = items[:keep], items[keep:]
    for private in (False, True):
        group = [item for item in rest if item.private is private]
        if len(group) == 1:
            kept.append(group[0])
        elif group:
            kept.append(combine(group, lead))
    return kept


def combine(group: list[AgendaItem], lead: str) -> AgendaItem:
    """One item standing for all of `group`, private if any of them is."""
    return AgendaItem(
        id="",
        section=group[0].section,
        minutes=1,
        source="folded",
        text=lead + "; ".join(item.text for item in group),
        private=any(item.private for item in group),
        folded=[key for item in group for key in item_keys(item)],
    )


def fold_in(agenda: Agenda, item: AgendaItem, lead: str = CARRY_OVER_LEAD) -> Agenda | None:
    """A new agenda with `item` folded into the last carry-over item of the same privacy
    that stands for a note, an action or a talking point; None if there is none."""
    result = replace(agenda, items=[replace(item, folded=list(item.folded)) for item in agenda.items])
    for index in range(len(result.items) - 1, -1, -1):
        host = result.items[index]
        if (
            host.section is not Section.CARRY_OVER
            or host.private is not item.private
            or host.source not in ("note", "action", "carried", "folded")
        ):
            continue
        if host.folded:
            host.text = f"{host.text}; {item.text}"
            host.folded = host.folded + item_keys(item)
        else:
            merged = combine([host, item], lead)
            merged.id, merged.minutes, merged.covered = host.id, host.minutes, host.covered
            result.items[index] = merged
        return result
    return None
