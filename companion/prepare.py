"""Preparing the next session: its stored record, its agenda, and what carries over.

The pure rules live in `companion.agenda`; this module gathers their inputs from the
store and saves the results, each change in its own short transaction.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from companion import actions as action_items
from companion import agenda as agendas
from companion import agenda_edits, agreement, carry_over, expectation_gap, lessons, plan_agenda, plans, schedule
from companion import agenda_situation as agenda_rules
from companion.banks import BankSet
from companion.errors import CompanionError
from companion.goals import active_goals
from companion.models import (
    ActionItem,
    Agenda,
    AgendaItem,
    Goal,
    Note,
    Partnership,
    Profile,
    Section,
    Session,
    SessionState,
)
from companion.notes import open_notes
from companion.partnerships import require_partnership
from companion.sessions import held_between, sessions_before, sessions_near
from companion.store import Store

EXPECTATIONS_AFTER_SESSIONS = 2
RECENT_LIMIT = 12  # sessions read back when gathering an agenda's inputs
# How a cadence change words the planned sessions it cancels (`cadences.change_cadence`).
CADENCE_CHANGE_REASON = "The cadence changed to"


@dataclass
class Prepared:
    partnership: Partnership
    session: Session
    agenda: Agenda


def ensure_next_session(store: Store, partnership: Partnership, now: datetime) -> Session:
    """The next session as a stored record, creating it from the cadence if needed."""
    with store.transaction():
        upcoming = schedule.next_session(partnership, sessions_near(store, partnership, now), now)
        if upcoming is None:
            raise CompanionError(f"No upcoming session with {partnership.partner_name}: check the cadence in Settings.")
        if upcoming.id is None:
            upcoming.created_at = now
            store.add(upcoming)
        return upcoming


def agenda_seed(partnership: Partnership, session: Session) -> int:
    """A stable seed per session, so rebuilding gives the same agenda."""
    key = f"{partnership.id}:{session.slot or session.scheduled_at}".encode()
    return zlib.crc32(key)


def recent_prompt_ids(recent: list[Session]) -> list[set[str]]:
    """Prompt ids of the most recent sessions that had agendas, newest first."""
    with_agendas = [s for s in recent if s.agenda is not None and s.state is not SessionState.CANCELLED]
    return [agendas.prompt_ids(s.agenda) for s in with_agendas[: agendas.RECENT_SESSIONS]]


def last_held(recent: list[Session]) -> Session | None:
    return next((s for s in recent if s.state is SessionState.HELD), None)


def open_actions(store: Store, partnership: Partnership) -> list[ActionItem]:
    """Action items not done yet, the ones due soonest first (see `companion.actions`)."""
    assert partnership.id is not None  # a stored partnership
    return action_items.open_actions(store, partnership.id)


def goals_needing_expectations(store: Store, partnership: Partnership, goals: list[Goal], now: datetime) -> list[Goal]:
    """Active goals with neither expectation written after two held sessions."""
    needing = []
    for goal in goals:
        if goal.my_expectation.strip() or goal.partner_expectation.strip():
            continue
        since = goal.created_at or datetime.min
        if held_between(store, partnership, since, now) >= EXPECTATIONS_AFTER_SESSIONS:
            needing.append(goal)
    return needing


def session_number(store: Store, partnership: Partnership, session: Session, recent: list[Session]) -> int:
    """Which session of the partnership this is (1 = the first), counting held ones before
    it: exact up to the last early session, which is all the phases need, and past that
    at least the session after it. `recent` (newest first, as `sessions_before` gives
    them) usually settles it; only a long history with few held sessions is counted whole."""
    held = sum(1 for s in recent if s.state is SessionState.HELD)
    if held >= max(agenda_rules.EARLY_SESSIONS) or len(recent) < RECENT_LIMIT:
        return held + 1
    return held_between(store, partnership, datetime.min, session.scheduled_at - timedelta(seconds=1)) + 1


def last_of_cycle(partnership: Partnership, session: Session) -> bool:
    """Whether this is the last planned session of the stored cycle: on or before its review
    date, and the cadence's next session after it falls past it."""
    slot = session.slot or session.scheduled_at
    following = schedule.next_occurrence(partnership, slot + timedelta(seconds=1))
    day = session.scheduled_at.date()
    review_on = partnership.current_cycle.review_on
    return agenda_rules.is_last_of_cycle(day, following.date() if following else None, review_on)


def previous_planned(recent: list[Session]) -> Session | None:
    """The session before this one, leaving out slots a cadence change cancelled (nobody
    missed those)."""
    return next((s for s in recent if not s.skip_reason.startswith(CADENCE_CHANGE_REASON)), None)


def situation(
    store: Store, partnership: Partnership, session: Session, recent: list[Session], actions: list[ActionItem]
) -> agenda_rules.Situation:
    """The session's phase, and whether it follows up open actions or recovers from a
    missed or flat session (the rules are in `companion.agenda`)."""
    number = session_number(store, partnership, session, recent)
    closing = number > 1 and last_of_cycle(partnership, session)
    return agenda_rules.Situation(
        phase=agenda_rules.session_phase(number, closing),
        follow_up=agenda_rules.wants_follow_up(actions, last_held(recent)),
        # Before the first meeting there is nothing to recover from, even if a date fell through.
        recovery=number > 1 and agenda_rules.wants_recovery(previous_planned(recent)),
    )


def gather_inputs(store: Store, partnership: Partnership, session: Session, now: datetime) -> agendas.AgendaInputs:
    assert partnership.id is not None  # a stored partnership
    recent = sessions_before(store, partnership, session.scheduled_at, limit=RECENT_LIMIT, exclude_id=session.id)
    previous = last_held(recent)
    unfinished = unfinished_items(previous) if previous else []
    goals = active_goals(store, partnership.id)  # in the order they were set, as the agenda lists them
    actions = open_actions(store, partnership)
    return agendas.AgendaInputs(
        partnership=partnership,
        goals=goals,
        open_actions=plans.not_plans(actions),  # plans come back in check-in (`plan_agenda.bring_back`)
        notes=open_notes(store, partnership.id),
        unfinished=unfinished,
        recent_prompt_ids=recent_prompt_ids(recent),
        session_minutes=session.duration_minutes or partnership.session_minutes,
        seed=agenda_seed(partnership, session),
        goals_needing_expectations=goals_needing_expectations(store, partnership, goals, now),
        private_keys=carry_over.private_keys(s.agenda for s in recent),
        situation=situation(store, partnership, session, recent, actions),
    )


def earlier_private_keys(store: Store, partnership: Partnership, session: Session) -> set[str]:
    """Keys of notes and actions kept private on the agendas of the sessions before this one."""
    recent = sessions_before(store, partnership, session.scheduled_at, exclude_id=session.id)
    return carry_over.private_keys(s.agenda for s in recent)


def prepare_next(store: Store, banks: BankSet, now: datetime, partnership: Partnership | None = None) -> Prepared:
    """The next session and its agenda (of the current partnership unless one is given):
    built on first use, and brought up to date with notes and action items captured since
    and with expectations that newly differ (nothing already on it is touched). Preparing
    again without new notes or actions changes nothing."""
    partnership = partnership or require_partnership(store)
    assert partnership.id is not None  # read from the store
    with store.transaction():
        session_id = ensure_next_session(store, partnership, now).id
        assert session_id is not None  # ensure_next_session stores it
        session = store.get(Session, session_id)
        assert session is not None  # stored in this transaction
        minutes = session.duration_minutes or partnership.session_minutes
        actions = open_actions(store, partnership)
        fresh = session.agenda is None
        if session.agenda is None:
            inputs = gather_inputs(store, partnership, session, now)
            agenda = agendas.build_agenda(inputs, list(banks.prompts.values()), built_at=now)
            agenda = with_reset_reminder(agenda, partnership, minutes)
            agenda = plan_agenda.bring_back(
                agenda, actions, minutes, lambda: earlier_private_keys(store, partnership, session)
            )
            store.update(Session, session_id, agenda=agenda)
        else:
            notes = open_notes(store, partnership.id)
            agenda = plan_agenda.bring_back(
                session.agenda, actions, minutes, lambda: earlier_private_keys(store, partnership, session)
            )
            if any(missing_carry_over(agenda, notes, actions)):
                agenda = sync_carry_over(
                    agenda,
                    notes,
                    actions,
                    partnership,
                    minutes,
                    private_keys=earlier_private_keys(store, partnership, session),
                )
            if agenda != session.agenda:
                store.update(Session, session_id, agenda=agenda)
        agenda = raise_expectation_gaps(store, partnership, session_id, agenda, minutes)
        agenda = bring_back_lesson(store, partnership, session, agenda, minutes, now, fresh=fresh)
        session.agenda = agenda
    return Prepared(partnership, session, agenda)


def missing_carry_over(
    agenda: Agenda, notes: list[Note], actions: list[ActionItem]
) -> tuple[list[Note], list[ActionItem]]:
    """The notes and actions an agenda does not hold yet, on an item of their own or folded."""
    present = set(carry_over.agenda_keys(agenda))
    return (
        [n for n in notes if f"note:{n.id}" not in present],
        [a for a in actions if f"action:{a.id}" not in present],
    )


def sync_carry_over(
    agenda: Agenda,
    notes: list[Note],
    actions: list[ActionItem],
    partnership: Partnership,
    total: int,
    *,
    private_keys: Collection[str] = (),
) -> Agenda:
    """Add items for notes and actions that are not on the agenda yet (neither on an item of
    their own nor folded into one). With no minute left for another item, one is folded into
    the last carry-over item of the same privacy instead."""
    missing, missing_actions = missing_carry_over(agenda, notes, actions)
    if not missing and not missing_actions:
        return agenda
    extra = carry_over.carry_over_items(
        partnership, open_actions=missing_actions, notes=missing, private_keys=private_keys
    )
    result = agenda
    for item in extra:
        if not agenda_edits.has_room(result, total):
            result = carry_over.fold_in(result, item) or result
            continue
        result = agenda_edits.add_built(result, item, total, Section.CARRY_OVER, agendas.MINUTES_PER_CARRIED)
    return result


def raise_expectation_gaps(
    store: Store, partnership: Partnership, session_id: int, agenda: Agenda, total: int
) -> Agenda:
    """One goals item per goal whose two expectations newly differ (`expectation_gap`),
    remembered on the goal so it comes back only when one of them changes. An item already
    there for the goal gets the new words; with no minute left, the goal waits."""
    assert partnership.id is not None  # a stored partnership
    result = agenda
    me = store.singleton(Profile)
    for goal in expectation_gap.goals_with_new_gap(active_goals(store, partnership.id)):
        item = expectation_gap.gap_item(goal, partnership.partner_name, me.name if me else "")
        index = expectation_gap.gap_index(result, goal)
        if index is not None:
            result = agenda_edits.edit_text(result, result.items[index].id, item.text)
        elif agenda_edits.has_room(result, total):
            result = agenda_edits.add_built(result, item, total, Section.GOALS, agendas.MINUTES_PER_GOAL)
        else:
            continue
        assert goal.id is not None  # read from the store
        store.update(Goal, goal.id, expectations_compared=expectation_gap.compared_key(goal))
    if result != agenda:
        store.update(Session, session_id, agenda=result)
    return result


def bring_back_lesson(
    store: Store, partnership: Partnership, session: Session, agenda: Agenda, total: int, now: datetime, *, fresh: bool
) -> Agenda:
    """A past lesson due again, added to the close (`companion.lessons`); on an agenda built
    earlier, only a lesson written since it was built and since a lesson was last added.
    A lesson already there turns private when its reflection did."""
    built_before = None if fresh else max(agenda.built_at or datetime.min, agenda.lesson_added_at or datetime.min)
    lesson = lessons.lesson_for_agenda(store, partnership, session, agenda, built_before)
    if lesson is None:
        result = lessons.follow_privacy(store, agenda)
    else:
        added = add_lesson(agenda, lesson, total)
        result = agenda if added is agenda else replace(added, lesson_added_at=now)
    if result != agenda:
        assert session.id is not None  # stored by prepare_next
        store.update(Session, session.id, agenda=result)
    return result


def save_agenda(store: Store, session_id: int, agenda: Agenda) -> None:
    store.update(Session, session_id, agenda=agenda)


def unfinished_items(session: Session) -> list[AgendaItem]:
    """Items of a held session left unticked; what a folded one holds carries over too
    (see `carry_over.carry_over_items`)."""
    return [i for i in session.agenda.items if not i.covered] if session.agenda else []


def with_reset_reminder(agenda: Agenda, partnership: Partnership, total: int) -> Agenda:
    """A newly built agenda with one check-in item reminding of the reset phrase, when the
    agreement has one and the session has a minute for it. An agenda already built is not
    touched (docs/learning-loop.md). Here rather than in `agreement`, which the dashboard
    imports, so that opening the dashboard loads no agenda code."""
    phrase = agreement.reset_phrase(partnership)
    if (
        not phrase
        or any(item.source == agreement.SOURCE for item in agenda.items)
        or not agenda_edits.has_room(agenda, total)
    ):
        return agenda
    return agenda_edits.add_item(
        agenda, agreement.reset_reminder(phrase), Section.CHECK_IN, total, minutes=1, source=agreement.SOURCE
    )


def add_lesson(agenda: Agenda, lesson: lessons.Lesson, total: int) -> Agenda:
    """The agenda with the lesson's item added to the close, when a minute is left for it.
    Here rather than in `lessons`, which the reflections (and so the dashboard) import, so
    that opening the dashboard loads no agenda code."""
    if not agenda_edits.has_room(agenda, total):
        return agenda
    return agenda_edits.add_built(agenda, lessons.lesson_item(lesson), total)
