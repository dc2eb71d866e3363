"""Editing an agenda by hand: each edit returns a new agenda and leaves the one given as
it was; the time boxes still add up to the session length afterwards (see `agenda`)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from companion.agenda import (
    DEFAULT_NEW_ITEM_MINUTES,
    SECTION_ORDER,
    PromptPicker,
    in_section_order,
    rebalance,
    shift_minutes,
)
from companion.banks import Prompt
from companion.models import Agenda, AgendaItem, Partnership, Section
from companion.validation import FieldError, check_text

ITEM_TEXT_MAX = 2000


def item_text(text: str) -> str:
    """An item's words as they are stored: every line kept, each without trailing spaces,
    and no blank lines before the first or after the last. FieldError when nothing is left
    or it is too long."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    cleaned = check_text("\n".join(lines), "An item", required=True, limit=ITEM_TEXT_MAX)
    if not cleaned:
        raise FieldError("An item needs some words.")
    return cleaned


def check_item_minutes(text: str, limit: int) -> int:
    """A typed time box: whole minutes from 1 to `limit` (what the other items leave)."""
    if not text.strip().isdigit() or not 1 <= int(text) <= limit:
        raise FieldError(f"Type a number of minutes from 1 to {limit}; the other items make room.")
    return int(text)


def _copy(agenda: Agenda) -> Agenda:
    return replace(agenda, items=[replace(item, folded=list(item.folded)) for item in agenda.items])


def _find(agenda: Agenda, item_id: str) -> int:
    for index, item in enumerate(agenda.items):
        if item.id == item_id:
            return index
    raise KeyError(f"no agenda item {item_id}")


def _next_id(agenda: Agenda) -> str:
    numbers = [int(i.id[1:]) for i in agenda.items if i.id[1:].isdigit()]
    return f"i{max(numbers, default=0) + 1}"


def replace_prompt(agenda: Agenda, item_id: str, prompt: Prompt) -> Agenda:
    result = _copy(agenda)
    item = result.items[_find(result, item_id)]
    item.text, item.source, item.ref = prompt.text, "prompt", prompt.id
    item.folded = []  # what it held is no longer on the agenda (and is added back when due)
    return result


def reroll(
    agenda: Agenda,
    item_id: str,
    prompts: Sequence[Prompt],
    partnership: Partnership,
    recent: Iterable[str] = (),
    seed: int = 0,
) -> Agenda:
    """Swap one item for another prompt of the same section, not already on the agenda."""
    item = agenda.items[_find(agenda, item_id)]
    section = item.section.value if item.section is not Section.CARRY_OVER else "explore"
    on_agenda = {i.ref for i in agenda.items if i.source == "prompt"}
    candidates = [
        p
        for p in prompts
        if p.section == section
        and p.fits(partnership.stance.value)
        and p.bank in ("common", partnership.focus_role.value)
        and p.id not in on_agenda
    ]
    if not candidates:
        return agenda
    picker = PromptPicker(random.Random(seed), candidates, set(recent), set())
    prompt = picker.pick([section], prefer_tags=False)
    return replace_prompt(agenda, item_id, prompt) if prompt else agenda


def has_room(agenda: Agenda, total: int) -> bool:
    """Whether a `total`-minute session has a minute for one more item (each takes one)."""
    return len(agenda.items) + 1 <= total


def add_item(
    agenda: Agenda,
    text: str,
    section: Section,
    total: int,
    minutes: int = DEFAULT_NEW_ITEM_MINUTES,
    *,
    source: str = "custom",
    ref: str | None = None,
    private: bool = False,
) -> Agenda:
    if not has_room(agenda, total):
        raise ValueError(f"A {total}-minute session has no room for another item; remove one first.")
    result = _copy(agenda)
    item = AgendaItem(
        id=_next_id(result),
        section=section,
        text=item_text(text),
        minutes=minutes,
        source=source,
        ref=ref,
        private=private,
    )
    result.items = rebalance(in_section_order(result.items + [item]), total, fixed_id=item.id)
    return result


def add_built(
    agenda: Agenda, item: AgendaItem, total: int, section: Section | None = None, minutes: int | None = None
) -> Agenda:
    """`item`, built elsewhere (a plan, a lesson, a carried-over note), added as any added
    item is (time boxes rebalanced), in its own section and minutes unless given others."""
    return add_item(
        agenda,
        item.text,
        section or item.section,
        total,
        minutes=item.minutes if minutes is None else minutes,
        source=item.source,
        ref=item.ref,
        private=item.private,
    )


def edit_text(agenda: Agenda, item_id: str, text: str) -> Agenda:
    result = _copy(agenda)
    item = result.items[_find(result, item_id)]
    cleaned = item_text(text)
    if item.text != cleaned:
        item.text = cleaned
        if item.source == "prompt":
            item.source = "custom"  # the words are now the user's own; keep ref for history
    return result


def delete_item(agenda: Agenda, item_id: str, total: int) -> Agenda:
    result = _copy(agenda)
    del result.items[_find(result, item_id)]
    result.items = rebalance(result.items, total)
    return result


def move_item(agenda: Agenda, item_id: str, offset: int) -> Agenda:
    """Move an item up (-1) or down (+1) within its section; from a section's edge it
    moves into the next section in order (to its top going down, its bottom going up)."""
    result = _copy(agenda)
    index = _find(result, item_id)
    item = result.items[index]
    same = [i for i in result.items if i.section is item.section]
    target = same.index(item) + offset
    if 0 <= target < len(same):
        other = result.items.index(same[target])
        result.items[index], result.items[other] = result.items[other], item
        return result
    rank = SECTION_ORDER.index(item.section) + offset
    if not 0 <= rank < len(SECTION_ORDER):
        return result
    item.section = SECTION_ORDER[rank]
    del result.items[index]
    ranks = [SECTION_ORDER.index(i.section) for i in result.items]
    if offset > 0:
        at = next((k for k, r in enumerate(ranks) if r >= rank), len(ranks))
    else:
        at = max((k + 1 for k, r in enumerate(ranks) if r <= rank), default=0)
    result.items.insert(at, item)
    return result


def set_minutes(agenda: Agenda, item_id: str, minutes: int, total: int) -> Agenda:
    """The item's time box set to `minutes`, as far as the others leave room; they make
    room by the rule of `agenda.shift_minutes` (long items give first, short ones get first)."""
    result = _copy(agenda)
    if sum(i.minutes for i in result.items) != total:
        result.items = rebalance(result.items, total)
    current = result.items[_find(result, item_id)].minutes
    if len(result.items) == 1:
        return result  # the only item keeps the whole session
    spare = sum(i.minutes - 1 for i in result.items if i.id != item_id)
    wanted = max(1, min(minutes, current + spare))
    result.items = shift_minutes(result.items, item_id, wanted - current)
    return result


@dataclass(frozen=True)
class Nudge:
    """A run of one-minute presses (+ and −) on one item, counted from the agenda as it
    stood before the first press. The result depends only on the net count: +, +, − ends
    exactly where a single + does, the others included (`agenda.shift_minutes` applied
    once, for the net count, to the agenda the run started from)."""

    item_id: str
    start: Agenda
    net: int
    result: Agenda


def nudge(agenda: Agenda, item_id: str, delta: int, last: Nudge | None = None) -> Nudge:
    """`delta` more minutes (one press: +1 or −1) on the item. A press continues `last`
    when it is on the same item and nothing else changed the agenda since; otherwise a new
    run starts from `agenda`. ValueError, saying why, when the time box cannot change."""
    if last is None or last.item_id != item_id or last.result != agenda:
        last = Nudge(item_id, agenda, 0, agenda)
    net = last.net + delta
    start = last.start
    moved = replace(start, items=shift_minutes(start.items, item_id, net))
    return Nudge(item_id, start, net, moved)


def toggle_private(agenda: Agenda, item_id: str) -> Agenda:
    result = _copy(agenda)
    item = result.items[_find(result, item_id)]
    item.private = not item.private
    return result


def mark_ready(agenda: Agenda, when: datetime | None) -> Agenda:
    """Ready at `when`, or not ready (None)."""
    result = _copy(agenda)
    result.ready_at = when
    return result
