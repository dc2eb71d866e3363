"""A partnership with a plan written after its first session, for the plan tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from companion.actions import add_session_actions
from companion.banks import load_banks
from companion.holding import hold
from companion.models import ActionItem, PlanOutcome, Session
from companion.prepare import Prepared, prepare_next
from companion.store import Store

BANKS = load_banks()
PLAN = "When a review comment says 'use the AI', I will try it before pushing back"
FIRST = datetime(2026, 11, 24, 10, 0)  # before the first session (Tuesday 24 at 16:00)


def week(n: int) -> datetime:
    """The morning n weeks after the first session's, before that week's session."""
    return FIRST + timedelta(weeks=n)


def first_session_with_plan(store: Store, text: str = PLAN, *, private: bool = False) -> tuple[Session, ActionItem]:
    """Hold the first session and write a plan from it (private with its reflection)."""
    prepared = prepare_next(store, BANKS, FIRST)
    session = hold(store, prepared.session.id, now=datetime(2026, 11, 24, 17, 0))
    (action,) = add_session_actions(store, session.id, [text], now=datetime(2026, 11, 24, 17, 5))
    if private:
        store.update(ActionItem, action.id, private=True)
        action = store.get(ActionItem, action.id)
    return session, action


def next_agenda(store: Store, weeks: int) -> Prepared:
    return prepare_next(store, BANKS, week(weeks))


def hold_answering(store: Store, prepared: Prepared, answers: dict[int, PlanOutcome]) -> Session:
    held_at = prepared.session.scheduled_at
    return hold(store, prepared.session.id, held_at, now=held_at.replace(hour=18), plan_answers=answers)
