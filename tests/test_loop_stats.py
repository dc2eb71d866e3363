"""Plans carried out of those due and lessons kept of those that came back
(docs/learning-loop.md, "What the progress screen and status count"): the rules on small
histories, and the progress screen showing them for the current cycle and all time."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from companion import loop_stats
from companion.cycles import start_new_cycle
from companion.demo import write_dataset
from companion.lessons import lesson_key
from companion.models import (
    ActionItem,
    Agenda,
    AgendaItem,
    LessonReturn,
    LessonVerdict,
    Partnership,
    PlanAnswer,
    PlanOutcome,
    Reflection,
    Section,
    Session,
    SessionState,
)
from companion.store import Store
from screens.app import make_app
from tests.progress_screen_helpers import open_progress, text_of

NOV_3, NOV_17 = datetime(2026, 11, 3, 16), datetime(2026, 11, 17, 16)
CYCLE_2 = date(2026, 11, 10)
TODAY = date(2026, 11, 24)


def plan_item(action_id: int) -> AgendaItem:
    return AgendaItem(
        id=f"p{action_id}",
        section=Section.CHECK_IN,
        text="Did it happen?",
        minutes=2,
        source="plan",
        ref=str(action_id),
    )


def held(store: Store, at: datetime, items: list[AgendaItem], reflection: Reflection | None = None) -> int:
    session = Session(
        partnership_id=1,
        scheduled_at=at,
        state=SessionState.HELD,
        held_at=at,
        agenda=Agenda(items=items),
        reflection=reflection,
    )
    stored_id = store.add(session).id
    assert stored_id is not None
    return stored_id


def plan(store: Store, text: str, *answers: tuple[int, date, PlanOutcome]) -> int:
    given = [PlanAnswer(session_id=s, on=on, outcome=outcome) for s, on, outcome in answers]
    stored_id = store.add(ActionItem(partnership_id=1, text=text, plan_answers=given)).id
    assert stored_id is not None
    return stored_id


def two_cycles(store: Store) -> None:
    """Cycle 1 (3–9 Nov): a plan asked and answered not yet. Cycle 2 (from 10 Nov): a plan
    done, one partly, one asked and left blank; a lesson applied, one let go."""
    partnership = store.get(Partnership, 1)
    assert partnership is not None
    start_new_cycle(store, partnership, CYCLE_2)
    first = held(store, NOV_3, [], Reflection(learned="Ask first\nPair often", is_draft=False))
    later = NOV_17.date()
    plan(store, "When stuck, I will wait", (first, NOV_3.date(), PlanOutcome.NOT_YET))
    done = plan(store, "When stuck, I will ask", (first + 1, later, PlanOutcome.DONE))
    partly = plan(store, "When a review comes, I will read it", (first + 1, later, PlanOutcome.PARTLY))
    blank = plan(store, "When tired, I will stop")
    lesson = AgendaItem(
        id="l",
        section=Section.CLOSE,
        text="A lesson",
        minutes=2,
        source="lesson",
        ref=f"{first}:{lesson_key('Ask first')}",
    )
    second = held(store, NOV_17, [plan_item(done), plan_item(partly), plan_item(blank), lesson])
    assert second == first + 1
    marks = [
        LessonReturn(
            lesson=lesson_key("Ask first"), text="Ask first", session_id=second, on=later, verdict=LessonVerdict.APPLIED
        ),
        LessonReturn(
            lesson=lesson_key("Pair often"),
            text="Pair often",
            session_id=second,
            on=later,
            verdict=LessonVerdict.LET_GO,
        ),
    ]
    source = store.get(Session, first)
    assert source is not None and source.reflection is not None
    source.reflection.lesson_returns = marks
    store.update(Session, first, reflection=source.reflection)


def counts(store: Store, start: date, end: date) -> loop_stats.LearningCounts:
    partnership = store.get(Partnership, 1)
    assert partnership is not None
    return loop_stats.partnership_counts(store, partnership, start, end)


def test_due_done_partly_and_blank_in_each_period(onboarded: Store):
    two_cycles(onboarded)
    this_cycle = counts(onboarded, CYCLE_2, TODAY)
    assert this_cycle.plans == loop_stats.PlanCounts(due=3, done=1, partly=1)
    assert this_cycle.plans.not_yet == 1  # the plan left blank counts as not yet
    assert this_cycle.lessons == loop_stats.LessonCounts(returned=2, kept=1, let_go=1)
    all_time = counts(onboarded, date.min, date.max)
    assert (all_time.plans.due, all_time.plans.done, all_time.lessons.returned) == (4, 1, 2)
    assert counts(onboarded, date(2026, 11, 3), date(2026, 11, 9)).plans == loop_stats.PlanCounts(due=1)


def test_a_verdict_after_the_period_does_not_count_and_a_deleted_plan_drops_out(onboarded: Store):
    two_cycles(onboarded)
    on_the_day = counts(onboarded, date(2026, 11, 17), date(2026, 11, 17))
    assert on_the_day.lessons.kept == 1  # marked the same day
    sessions = onboarded.all(Session)
    back = loop_stats.lessons_back(sessions, CYCLE_2, TODAY)
    assert [(b.text, b.verdict) for b in back] == [
        ("Ask first", LessonVerdict.APPLIED),
        ("Pair often", LessonVerdict.LET_GO),
    ]
    assert loop_stats.lessons_back(sessions, CYCLE_2, date(2026, 11, 16)) == []
    actions = onboarded.all(ActionItem)
    onboarded.delete(ActionItem, actions[1].id or 0)
    assert counts(onboarded, CYCLE_2, TODAY).plans == loop_stats.PlanCounts(due=2, done=0, partly=1)


def test_an_answer_whose_session_is_gone_is_dated_by_its_day(onboarded: Store):
    plan(onboarded, "When stuck, I will ask", (99, date(2026, 11, 12), PlanOutcome.DONE))
    assert counts(onboarded, CYCLE_2, TODAY).plans == loop_stats.PlanCounts(due=1, done=1)
    assert counts(onboarded, date(2026, 11, 1), date(2026, 11, 9)).plans.due == 0


async def test_the_progress_screen_shows_this_cycle_and_all_time(onboarded: Store, data_dir: Path):
    two_cycles(onboarded)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_progress(app, pilot)
        panel = screen.query_one("#learning")
        assert panel.border_title == "Plans and lessons · cycle 2"
        assert panel.border_subtitle == "all time: 1 of 4 plans, 1 of 2 lessons"
        shown = text_of(screen, "#learning")
        assert "Plans carried out: 1 of 3 due · Lessons kept: 1 (of 2 that came back)" in shown


def test_marks_read_from_the_stored_documents_are_those_of_the_records(tmp_path: Path):
    """The counts read stored documents directly on a long history; on the demo year (plans
    asked and answered, lessons back and marked, private ones) they match the records."""
    folder = tmp_path / "demo"
    write_dataset(folder, sessions=120, seed=3, now=datetime(2026, 11, 24, 10, 0))
    store = Store(folder).open()
    docs = store.docs("sessions")
    sessions = store.all(Session)
    assert any(loop_stats.marks_of(s).asked for s in sessions) and any(loop_stats.marks_of(s).returns for s in sessions)
    for session in sessions:
        assert loop_stats.marks_from_doc(session.id or 0, docs[str(session.id)]) == loop_stats.marks_of(session)
    (partnership,) = store.all(Partnership)
    actions = store.all(ActionItem)
    for start, end in ((date.min, date.max), (partnership.current_cycle.start, date(2026, 11, 24))):
        expected = loop_stats.learning_counts(sessions, actions, start, end)
        assert loop_stats.partnership_counts(store, partnership, start, end) == expected
        assert expected.anything
