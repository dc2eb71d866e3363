"""Nothing private reaches a share, in any form: random goals, actions, agenda items and
reflections, each private or not at random; every private one's words carry a marker."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.banks import load_banks
from companion.cycle_share import my_side
from companion.models import (
    ActionItem,
    AgendaItem,
    Goal,
    GoalStatus,
    Owner,
    Profile,
    Reflection,
    Section,
    Session,
    SessionState,
    StatusChange,
)
from companion.partnerships import complete_onboarding
from companion.prepare import prepare_next
from companion.share import build_share, share_json, share_text
from companion.store import Store
from tests.conftest import make_partnership

NOW = datetime(2026, 11, 24, 10, 0)
BANKS = load_banks()
SECRET = "SECRET"
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

flags = st.lists(st.booleans(), min_size=0, max_size=5)


def _word(private: bool, kind: str, n: int) -> str:
    return f"{SECRET}{kind}{n}" if private else f"open{kind}{n}"


def _dataset(store: Store, goals, actions, items, reflections, late_goal_privacy: bool) -> None:
    with store.transaction():
        for n, private in enumerate(goals):
            achieved = n % 2 == 0  # in the cycle's summary, with its self-assessments
            store.add(
                Goal(
                    partnership_id=1,
                    title=_word(private, "goal", n),
                    my_expectation=_word(private, "expect", n),
                    private=private and not late_goal_privacy,
                    created_at=NOW - timedelta(days=30),
                    status=GoalStatus.ACHIEVED if achieved else GoalStatus.ACTIVE,
                    status_changes=[StatusChange(on=(NOW - timedelta(days=3)).date(), status=GoalStatus.ACHIEVED)]
                    if achieved
                    else [],
                    self_assessment_start=2,
                    self_assessment_end=4 if achieved else None,
                )
            )
        for n, (private, owner) in enumerate(actions):
            store.add(
                ActionItem(
                    partnership_id=1, text=_word(private, "action", n), owner=owner, private=private, created_at=NOW
                )
            )
        for n, private in enumerate(reflections):
            when = NOW - timedelta(days=7 * (n + 1))
            store.add(
                Session(
                    partnership_id=1,
                    scheduled_at=when,
                    state=SessionState.HELD,
                    held_at=when,
                    reflection=Reflection(
                        will_try=_word(private, "try", n),
                        private=private,
                        is_draft=False,
                        written_at=NOW,
                        candour=1 if private else 5,  # a private rating would pull the average down
                    ),
                )
            )
    prepared = prepare_next(store, BANKS, NOW)
    extra = [
        AgendaItem(id=f"x{n}", section=Section.EXPLORE, text=_word(private, "item", n), minutes=1, private=private)
        for n, private in enumerate(items)
    ]
    with store.transaction():
        agenda = replace(prepared.agenda, items=[*prepared.agenda.items, *extra])
        store.update(Session, prepared.session.id, agenda=agenda)
        if late_goal_privacy:  # marked private after its items were on the agenda
            for goal in store.all(Goal):
                if goal.title.startswith(SECRET):
                    store.update(Goal, goal.id, private=True)


@FEW
@given(
    goals=flags,
    actions=st.lists(st.tuples(st.booleans(), st.sampled_from(list(Owner))), max_size=5),
    items=flags,
    reflections=st.lists(st.booleans(), max_size=3),
    late_goal_privacy=st.booleans(),
)
def test_no_private_word_reaches_a_share(goals, actions, items, reflections, late_goal_privacy):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder)).open()
        complete_onboarding(store, Profile(name="Alex"), make_partnership(), NOW - timedelta(days=60))
        _dataset(store, goals, actions, items, reflections, late_goal_privacy)
        share = build_share(store, store.all(type(make_partnership()))[0], NOW)
        share.cycle = my_side(store, store.all(type(make_partnership()))[0], NOW.date())
        text = share_text(share)
        assert SECRET not in text
        assert SECRET not in str(share_json(share))
        shared_actions = sum(1 for private, owner in actions if not private and owner is not Owner.ME)
        assert len(share.actions) == shared_actions
        assert len(share.will_try) == sum(1 for private in reflections if not private)
        _check_cycle_side(share.cycle, goals, reflections)


def _check_cycle_side(side, goals, reflections) -> None:
    """My side of the cycle counts only what is shareable: no private goal, no rating of a
    private reflection (its candour of 1 would show in the count and the average)."""
    shared_ratings = sum(1 for private in reflections if not private)
    shared_achieved = sum(1 for n, private in enumerate(goals) if n % 2 == 0 and not private)
    if not (shared_ratings or shared_achieved or reflections):
        assert side is None
        return
    assert side is not None and side.held == len(reflections)
    assert len(side.goals_achieved) == shared_achieved
    if shared_ratings:
        assert side.candour is not None and (side.candour.count, side.candour.average) == (shared_ratings, 5.0)
    else:
        assert side.candour is None


def test_an_action_an_agenda_kept_private_stays_out(onboarded):
    store = onboarded
    with store.transaction():
        action = store.add(ActionItem(partnership_id=1, text="ask about pay", owner=Owner.PARTNER, created_at=NOW))
        store.add(
            Session(
                partnership_id=1,
                scheduled_at=NOW - timedelta(days=7),
                state=SessionState.HELD,
                held_at=NOW - timedelta(days=7),
                agenda=_agenda_with(
                    AgendaItem(
                        id="i1",
                        section=Section.CARRY_OVER,
                        text="ask about pay",
                        minutes=5,
                        source="action",
                        ref=str(action.id),
                        private=True,
                    )
                ),
            )
        )
    prepare_next(store, BANKS, NOW)
    share = build_share(store, store.all(type(make_partnership()))[0], NOW)
    assert "ask about pay" not in share_text(share)


def _agenda_with(item: AgendaItem):
    from companion.models import Agenda

    return Agenda(items=[item])
