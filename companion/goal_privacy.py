"""Private goals: a goal marked private keeps everything that comes from it private too,
its agenda items (check-ins and expectation talks, on their own or folded into another)
as much as its own words, check-ins and status changes (docs/trust.md, "Private stays
private")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from companion.carry_over import item_keys
from companion.models import Agenda, AgendaItem, Goal, Session
from companion.store import Store

# The agenda sources that stand for a goal (see `carry_over.item_keys`).
GOAL_SOURCES = ("goal", "expectations")


def goal_keys(goal_id: int | None) -> set[str]:
    """The keys of the agenda items a goal brings."""
    return {f"{source}:{goal_id}" for source in GOAL_SOURCES}


def private_goal_keys(goals: Iterable[Goal]) -> set[str]:
    """The keys of every agenda item that comes from a private goal."""
    return {key for goal in goals if goal.private for key in goal_keys(goal.id)}


def from_private_goal(item: AgendaItem, keys: set[str]) -> bool:
    """Whether an item (or anything folded into it) comes from a private goal."""
    return bool(keys) and any(key in keys for key in item_keys(item))


def with_goal_privacy(agenda: Agenda, keys: set[str]) -> Agenda | None:
    """The agenda with every item from a private goal marked private; None if none changed."""
    if not any(from_private_goal(item, keys) and not item.private for item in agenda.items):
        return None
    items = [
        replace(item, private=True, folded=list(item.folded)) if from_private_goal(item, keys) else item
        for item in agenda.items
    ]
    return replace(agenda, items=items)


def follow_goal_privacy(store: Store, goal: Goal) -> int:
    """After a goal was marked private, mark the agenda items it brought private on every
    session of its partnership, so that nothing shared still carries its words. Marking
    it shared again leaves them as they are, as privacy sticks in carry-over
    (docs/carry-over.md). Returns how many agendas changed."""
    if not goal.private:
        return 0
    keys = goal_keys(goal.id)
    changed = 0
    with store.transaction():
        for session in store.find(Session, lambda doc: doc.get("partnership_id") == goal.partnership_id):
            agenda = with_goal_privacy(session.agenda, keys) if session.agenda else None
            if agenda is not None:
                assert session.id is not None  # read from the store
                store.update(Session, session.id, agenda=agenda)
                changed += 1
    return changed
