"""The demo's sample history fits its partnership: an engineering focus gets engineering
goals and topics, tagged like the prompts of that focus."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from itertools import pairwise

import pytest

from companion import demo
from companion.agreement import SOURCE as AGREEMENT_SOURCE
from companion.banks import load_banks
from companion.cycle_summary import cycle_summary
from companion.cycles import review_reached
from companion.dates import add_months
from companion.lessons import OLDEST_DAYS, choose_lesson, due_lessons, lessons_of, returns_so_far
from companion.lessons import SOURCE as LESSON_SOURCE
from companion.loop_stats import this_cycle_and_all_time
from companion.models import (
    ActionItem,
    FocusRole,
    LessonVerdict,
    Partnership,
    PlanOutcome,
    Session,
    SessionState,
    Stance,
)
from companion.plans import SOURCE as PLAN_SOURCE
from companion.plans import is_plan
from companion.store import Store

NOW = datetime(2026, 11, 24, 10, 0)
DESIGN_WORDS = ("design critique", "motion", "component library", "mobile-first", "short-video")


def test_the_demo_partnership_has_the_focus_its_goals_and_topics_are_written_for():
    tables = demo.generate(sessions=12, seed=7, now=NOW)
    (partnership,) = tables["partnerships"]
    assert partnership["focus_role"] == demo.FOCUS_ROLE.value == FocusRole.ENGINEER.value
    prompts = load_banks().for_partnership(demo.FOCUS_ROLE.value, Stance.MENTEE.value)
    known_tags = {tag for prompt in prompts for tag in prompt.tags}
    for goal in tables["goals"]:
        assert set(goal["tags"]) <= known_tags, goal["title"]
        assert not any(word in goal["title"].lower() for word in DESIGN_WORDS), goal["title"]
    for title, tags in demo.GOAL_TITLES:
        assert set(tags) <= known_tags, title
    for topic, tag in demo.TOPICS:
        assert tag in known_tags, topic
        assert not any(word in topic for word in DESIGN_WORDS), topic


# --- the learning loop in the sample year (docs/learning-loop.md) ----------------------------


@pytest.fixture(scope="module")
def demo_year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Partnership]:
    folder = tmp_path_factory.mktemp("demo") / "data"
    demo.write_dataset(folder, sessions=52, seed=7, now=NOW)
    store = Store(folder).open()
    (partnership,) = store.all(Partnership)
    return store, partnership


def test_the_demo_runs_three_month_cycles_the_current_one_still_running(demo_year):
    _store, partnership = demo_year
    today = NOW.date()
    cycle = partnership.current_cycle
    assert cycle.start <= today < cycle.review_on, "the current cycle has not ended"
    assert partnership.past_cycles, "a year has earlier cycles"
    every = [*partnership.past_cycles, cycle]
    assert [c.number for c in every] == list(range(1, len(every) + 1))
    assert every[0].start == partnership.start_date
    for earlier, later in pairwise(every):
        assert later.start == earlier.review_on == add_months(earlier.start, 3)
    assert not review_reached(cycle, today)


def test_the_demo_has_an_agreement_whose_reset_phrase_comes_back(demo_year):
    store, partnership = demo_year
    agreement = partnership.agreement
    assert agreement is not None and agreement.i_want and agreement.partner_wants and agreement.reset_phrase
    assert agreement.agreed_on is not None and agreement.agreed_on <= NOW.date()
    sessions = store.all(Session)
    reminded = [s for s in sessions if s.agenda and any(i.source == AGREEMENT_SOURCE for i in s.agenda.items)]
    assert reminded and all(s.scheduled_at.date() >= agreement.agreed_on for s in reminded)


def test_the_demo_plans_are_asked_about_on_the_sessions_after_them(demo_year):
    store, _partnership = demo_year
    sessions = {s.id: s for s in store.all(Session)}
    plans = [a for a in store.all(ActionItem) if is_plan(a)]
    assert plans and any(a.plan_answers for a in plans)
    for plan in plans:
        written = sessions[plan.session_id].scheduled_at
        for answer in plan.plan_answers:
            asked = sessions[answer.session_id]
            assert asked.scheduled_at > written and answer.on == asked.scheduled_at.date()
            assert any(i.source == PLAN_SOURCE and i.ref == str(plan.id) for i in asked.agenda.items)
        if plan.done_on is not None:
            assert plan.plan_answers[-1].outcome is PlanOutcome.DONE and plan.done_on == plan.plan_answers[-1].on


def test_the_demo_lessons_come_back_where_the_app_would_place_them(demo_year):
    """Each held agenda's lesson is the one the schedule chooses from the sessions before it."""
    store, _partnership = demo_year
    held = [s for s in sorted(store.all(Session), key=lambda s: s.scheduled_at) if s.state is SessionState.HELD]
    came_back = 0
    for index, session in enumerate(held):
        day = session.scheduled_at.date()
        earlier = [_as_before(s, day) for s in held[:index] if (day - s.scheduled_at.date()).days <= OLDEST_DAYS]
        returned, let_go = returns_so_far(earlier)
        due = due_lessons(
            [lesson for s in earlier for lesson in lessons_of(s)], returned, let_go, session.scheduled_at.date()
        )
        expected = choose_lesson(due, session.scheduled_at.date(), session.agenda.seed)
        items = [i for i in session.agenda.items if i.source == LESSON_SOURCE]
        assert [i.ref for i in items] == ([expected.ref] if expected else []), session.scheduled_at
        came_back += len(items)
    assert came_back > 5
    verdicts = [r for s in held if s.reflection for r in s.reflection.lesson_returns]
    assert verdicts and {r.verdict for r in verdicts} >= {LessonVerdict.STILL_TRUE, LessonVerdict.APPLIED}


def _as_before(session: Session, day: date) -> Session:
    """The session as its agenda's builder saw it on `day`: without the marks given since."""
    if session.reflection is None:
        return session
    marks = [r for r in session.reflection.lesson_returns if r.on < day]
    return replace(session, reflection=replace(session.reflection, lesson_returns=marks))


def test_the_demo_counts_and_cycle_summary_show_the_loop_working(demo_year):
    store, partnership = demo_year
    this_cycle, _all_time = this_cycle_and_all_time(store, partnership, NOW.date())
    assert this_cycle.plans.due > 0 and this_cycle.plans.done > 0
    assert this_cycle.lessons.returned > 0 and this_cycle.lessons.kept > 0
    summary = cycle_summary(store, partnership, NOW.date(), include_private=False)
    assert "Plans that happened" in summary and "Lessons still true" in summary


def test_the_demo_loop_is_the_same_for_the_same_seed():
    first = demo.generate(sessions=30, seed=3, now=NOW)
    assert first == demo.generate(sessions=30, seed=3, now=NOW)
    assert first != demo.generate(sessions=30, seed=4, now=NOW)
