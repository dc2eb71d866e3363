"""Open plans coming back on the next agenda's check-in as "Did it happen?"
(docs/learning-loop.md, "Plans"). Apart from `plans`, which the dashboard's start-up
imports, so that opening the dashboard loads no agenda code."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from companion import agenda_edits
from companion.carry_over import agenda_keys
from companion.models import ActionItem, Agenda, AgendaItem, Section
from companion.plans import MINUTES_PER_PLAN, QUESTION, SOURCE, is_plan


def plan_item(action: ActionItem, private: bool = False) -> AgendaItem:
    """The check-in item that asks whether a plan happened; a private plan's is private."""
    return AgendaItem(
        id="",
        section=Section.CHECK_IN,
        text=QUESTION + action.text,
        minutes=MINUTES_PER_PLAN,
        source=SOURCE,
        ref=str(action.id),
        private=action.private or private,
    )


def missing_plans(agenda: Agenda, actions: Iterable[ActionItem]) -> list[ActionItem]:
    """The open plans an agenda holds on no item yet (a plan's own, or its action's)."""
    present = set(agenda_keys(agenda))
    return [a for a in actions if a.done_on is None and is_plan(a) and f"action:{a.id}" not in present]


def bring_back(
    agenda: Agenda, actions: Iterable[ActionItem], total: int, private_keys: Callable[[], Collection[str]]
) -> Agenda:
    """`agenda` with a check-in item for each open plan not on it yet (so rebuilding or
    preparing again adds nothing twice). A plan an earlier agenda kept private stays
    private (`private_keys` is read only when a plan is missing). With no minute left,
    the plan waits in carry-over as any action does."""
    missing = missing_plans(agenda, actions)
    kept_private = set(private_keys()) if missing else set()
    result = agenda
    for action in missing:
        if not agenda_edits.has_room(result, total):
            break
        private = f"action:{action.id}" in kept_private
        result = agenda_edits.add_built(result, plan_item(action, private=private), total)
    return result
