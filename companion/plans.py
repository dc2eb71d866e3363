"""Plans: lines of "what I will try" written as "When X, I will Y" (docs/learning-loop.md).

A plan is an action item whose text has a trigger. It comes back in the next agenda's
check-in as "Did it happen?", is answered done, partly or not yet when the session is
held, and the answers are kept with the action item. A plan not yet tried twice in a row
is offered to keep, change or drop. Nothing here is a hard rule: a line without a
trigger is still an action item, and only gets a gentle nudge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from companion.actions import actions_from_will_try, complete_action, reopen_action
from companion.models import (
    ActionItem,
    FocusRole,
    Partnership,
    PlanAnswer,
    PlanOutcome,
    Session,
    Stance,
)
from companion.store import Store

SOURCE = "plan"  # the `AgendaItem.source` of a plan that came back
QUESTION = "Did it happen? "
MINUTES_PER_PLAN = 2
NOT_YET_RUN = 2  # "not yet" this many times in a row: offer to keep, change or drop
NUDGE_QUOTE = 40  # characters of a line quoted in the nudge

# The words that open a trigger, and what may stand between the trigger and the action.
_LEAD = r"(?P<lead>when(?:ever)?|if|next time|every time|each time)"
_WILL = r"(?:i\s*will|i\s*['’]ll|i\s+shall)"
_ARROW = re.compile(rf"^{_LEAD}\s+(?P<trigger>.+?)\s*(?:→|->|=>)\s*(?:{_WILL}\s+)?(?P<action>.+)$", re.I)
_WILL_FORM = re.compile(rf"^{_LEAD}\s+(?P<trigger>.+?)\s*,?\s+(?:then\s+)?{_WILL}\s+(?P<action>.+)$", re.I)
_COMMA_FORM = re.compile(rf"^{_LEAD}\s+(?P<trigger>[^,]+?)\s*,\s*(?:then\s+)?(?P<action>.+)$", re.I)


@dataclass(frozen=True)
class Plan:
    """A plan's two halves: the moment (trigger) and what will be done then (action)."""

    trigger: str
    action: str


def parse(line: str) -> Plan | None:
    """The trigger and action of a plan line, or None for a line without a trigger.

    Accepted shapes, any case, comma optional before "I will": "When X, I will Y",
    "If X, I'll Y", "Whenever X I will Y", "When X, then I will Y", "When X → Y"
    (also "->", "=>"), and "When X, Y". The openers are when, whenever, if, next time,
    every time and each time."""
    text = " ".join(line.split())
    for shape in (_ARROW, _WILL_FORM, _COMMA_FORM):
        found = shape.match(text)
        if found:
            trigger = found["trigger"].strip(" ,")
            action = found["action"].strip(" ,").rstrip(".!").strip()
            if trigger and action:
                return Plan(trigger, action)
    return None


def format_plan(trigger: str, action: str) -> str:
    """A plan in the one shape the app writes: "When X, I will Y"."""
    return f"When {trigger}, I will {action}"


def has_trigger(line: str) -> bool:
    return parse(line) is not None


def is_plan(action: ActionItem) -> bool:
    """Whether an action item is a plan (its text has a trigger)."""
    return has_trigger(action.text)


# --- helping write them --------------------------------------------------------------

# Examples of a plan for each focus role and stance, shown under "What I will try".
EXAMPLES: dict[tuple[FocusRole, Stance], tuple[str, ...]] = {
    (FocusRole.ENGINEER, Stance.MENTEE): (
        "When a review comment suggests the assistant, I will try it before pushing back",
        "When I start a new test file, I will ask the assistant for edge cases first",
    ),
    (FocusRole.ENGINEER, Stance.MENTOR): (
        "When my partner shows a generated patch, I will ask how they checked it",
        "When I explain a design choice, I will ask what the assistant would have done",
    ),
    (FocusRole.DESIGNER, Stance.MENTEE): (
        "When I start a new flow, I will sketch three variants with the image tool before choosing",
        "When a critique stalls, I will ask the assistant for two other angles",
    ),
    (FocusRole.DESIGNER, Stance.MENTOR): (
        "When my partner shares a generated mock-up, I will ask what they changed by hand",
        "When we review a screen together, I will name one accessibility check to keep",
    ),
    (FocusRole.PRODUCT_MANAGER, Stance.MENTEE): (
        "When I draft a spec, I will ask the assistant to list the open questions",
        "When a customer call ends, I will summarise it with the assistant within the hour",
    ),
    (FocusRole.PRODUCT_MANAGER, Stance.MENTOR): (
        "When my partner brings a generated summary, I will ask which part they would cut",
        "When we plan a release together, I will say out loud how I weigh the risk",
    ),
}


def example_plan(partnership: Partnership, seed: int = 0) -> str:
    """An example plan from the partnership's focus role and stance (chosen by `seed`)."""
    examples = EXAMPLES[(partnership.focus_role, partnership.stance)]
    return examples[seed % len(examples)]


def will_try_hint(partnership: Partnership | None, seed: int = 0) -> str:
    """The hint under "What I will try"."""
    lead = "One thing per line: each line can become an action item."
    if partnership is None:
        return f"{lead} A plan with a moment works best: “When …, I will …”."
    return f"{lead} A plan with a moment works best, e.g. “{example_plan(partnership, seed)}”."


def nudge(will_try: str) -> str:
    """A gentle suggestion for the first line of "what I will try" without a trigger, or ""
    when every line has one (the reflection saves either way)."""
    lines = [line for line in actions_from_will_try(will_try) if not has_trigger(line)]
    if not lines:
        return ""
    first = lines[0]
    quoted = first if len(first) <= NUDGE_QUOTE else first[: NUDGE_QUOTE - 1].rstrip() + "…"
    action = quoted[:1].lower() + quoted[1:]
    more = f" ({len(lines) - 1} more line{'s' if len(lines) > 2 else ''} like it)" if len(lines) > 1 else ""
    return f"Easier to keep with a moment: “When …, I will {action}”{more}. It saves either way."


def not_plans(actions: Iterable[ActionItem]) -> list[ActionItem]:
    """The actions that are not plans (plans come back in check-in instead of carry-over)."""
    return [action for action in actions if not is_plan(action)]


# --- answering when the session is held ------------------------------------------------


def plans_asked(store: Store, session: Session) -> list[ActionItem]:
    """The plans a session's agenda asked about that still exist, in agenda order."""
    found: list[ActionItem] = []
    for ref in [item.ref for item in session.agenda.items if item.source == SOURCE] if session.agenda else []:
        action = store.get(ActionItem, int(ref)) if ref and ref.isdigit() else None
        if action is not None and action.partnership_id == session.partnership_id:
            found.append(action)
    return found


def answer_for(action: ActionItem, session_id: int | None) -> PlanOutcome | None:
    """The answer given for a plan when this session was held, if any."""
    return next((a.outcome for a in action.plan_answers if a.session_id == session_id), None)


def answer_plans(store: Store, session: Session, answers: Mapping[int, PlanOutcome], on: date) -> list[ActionItem]:
    """Keep each answer with its action item (one per session: answering again replaces
    it). "done" marks the action done; taking back a "done" given for this session opens
    it again. Returns the plans now not yet tried twice in a row."""
    assert session.id is not None  # a stored session
    review: list[ActionItem] = []
    with store.transaction():
        for action_id, outcome in answers.items():
            action = store.get(ActionItem, action_id)
            if action is None or action.partnership_id != session.partnership_id:
                continue
            before = answer_for(action, session.id)
            kept = [a for a in action.plan_answers if a.session_id != session.id]
            kept.append(PlanAnswer(session_id=session.id, on=on, outcome=PlanOutcome(outcome)))
            kept.sort(key=lambda a: (a.on, a.session_id))
            store.update(ActionItem, action_id, plan_answers=kept)
            if outcome is PlanOutcome.DONE and action.done_on is None:
                complete_action(store, action_id, on)
            elif outcome is not PlanOutcome.DONE and before is PlanOutcome.DONE and action.done_on is not None:
                reopen_action(store, action_id)
            stored = store.get(ActionItem, action_id)
            if stored is not None and needs_review(stored):
                review.append(stored)
    return review


def not_yet_run(action: ActionItem) -> int:
    """How many of the latest answers in a row were "not yet"."""
    run = 0
    for answer in reversed(action.plan_answers):
        if answer.outcome is not PlanOutcome.NOT_YET:
            break
        run += 1
    return run


def needs_review(action: ActionItem) -> bool:
    """An open plan answered "not yet" twice in a row (and again after every two more,
    so one kept stays quiet until it is not tried twice more)."""
    run = not_yet_run(action)
    return action.done_on is None and run >= NOT_YET_RUN and run % NOT_YET_RUN == 0


def plans_to_review(store: Store, session: Session) -> list[ActionItem]:
    """The plans a held session asked about that are now not yet tried twice in a row."""
    return [action for action in plans_asked(store, session) if needs_review(action)]
