"""The expectation gap: when both partners wrote what they expect of a goal and the two
differ, the next agenda asks them to agree, once per pair of expectations (docs/share-format.md,
"Expectations"). Pure functions; `companion.prepare` puts the item on the agenda."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from companion.models import Agenda, AgendaItem, Goal, Section

SOURCE = "expectations"  # a goal's own item source (`carry_over.RECORD_SOURCES`), so privacy follows the goal


def compared_key(goal: Goal) -> str:
    """A short fingerprint of both expectations as they stand."""
    both = json.dumps([goal.my_expectation.strip(), goal.partner_expectation.strip()])
    return hashlib.sha256(both.encode("utf-8")).hexdigest()[:16]


def has_gap(goal: Goal) -> bool:
    """Both expectations written, and they differ."""
    mine, theirs = goal.my_expectation.strip(), goal.partner_expectation.strip()
    return bool(mine and theirs) and mine.casefold() != theirs.casefold()


def goals_with_new_gap(goals: Iterable[Goal]) -> list[Goal]:
    """Goals whose expectations differ and were not raised as they stand now: either never
    compared, or one of them changed since they last were."""
    return [goal for goal in goals if has_gap(goal) and goal.expectations_compared != compared_key(goal)]


def gap_text(goal: Goal, partner_name: str, my_name: str = "") -> str:
    """Both expectations, each with the name of whose it is: the item also travels in the
    share file, where "you" would mean the other reader."""
    mine = f"{my_name} expects" if my_name.strip() else "you expect"
    return (
        f'Agree on what to expect of "{goal.title}": {mine} "{goal.my_expectation.strip()}" '
        f'and {partner_name} expects "{goal.partner_expectation.strip()}"'
    )


def gap_item(goal: Goal, partner_name: str, my_name: str = "") -> AgendaItem:
    """The goals-section item quoting both expectations; private when the goal is."""
    return AgendaItem(
        id="",
        section=Section.GOALS,
        text=gap_text(goal, partner_name, my_name),
        minutes=1,
        source=SOURCE,
        ref=str(goal.id),
        private=goal.private,
    )


def gap_index(agenda: Agenda, goal: Goal) -> int | None:
    """Where the agenda already holds an expectations item for the goal, if it does."""
    for index, item in enumerate(agenda.items):
        if item.source == SOURCE and item.ref == str(goal.id):
            return index
    return None
