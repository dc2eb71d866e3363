"""Holding a session: the session's own state, then what it settles elsewhere.

`sessions.hold_session` changes the session alone, and `notes.mark_brought_up` the notes
its agenda covered; this is the one place that does both, in one transaction, so the
session layer never reaches up into notes or the agenda (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from companion.models import PlanOutcome, Session
from companion.notes import mark_brought_up
from companion.plans import answer_plans
from companion.sessions import SessionRef, hold_session
from companion.store import Store


def hold(
    store: Store,
    session_id: SessionRef,
    held_at: datetime | None = None,
    duration_minutes: int | None = None,
    covered_item_ids: set[str] | None = None,
    *,
    now: datetime | None = None,
    plan_answers: Mapping[int, PlanOutcome] | None = None,
) -> Session:
    """Record that a session took place (see `sessions.hold_session` for the rules), mark
    done the notes whose items it covered, and keep the answers to "Did it happen?" given
    for its plans, by action id (`plans.answer_plans`)."""
    with store.transaction():
        session = hold_session(store, session_id, held_at, duration_minutes, covered_item_ids, now=now)
        held = session.held_at or session.scheduled_at
        mark_brought_up(store, session, held)
        if plan_answers:
            answer_plans(store, session, plan_answers, held.date())
        return session
