"""A simulated year of a weekly partnership, driven through the real core functions (agendas
prepared, sessions held with plan answers, lessons marked, reflections finished, cycles
started): the cycle summaries and `companion status --json` count the plans and lessons as
the test counted them itself while it went (docs/learning-loop.md, "What the progress screen
and status count")."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest

from companion import lessons
from companion.actions import add_session_actions
from companion.banks import load_banks
from companion.cycle_summary import cycle_facts, cycle_summary, lessons_still_true, plans_that_happened
from companion.cycles import start_new_cycle
from companion.goals import change_status, save_goal
from companion.holding import hold
from companion.models import Goal, LessonVerdict, Partnership, PlanOutcome, Profile, Session
from companion.partnerships import complete_onboarding
from companion.plans import SOURCE as PLAN_SOURCE
from companion.prepare import prepare_next
from companion.reflections import finish_reflection
from companion.sessions import skip_session
from companion.store import Store
from tests.conftest import make_partnership, run_in_process

BANKS = load_banks()
FIRST = date(2025, 11, 25)  # a Tuesday; the conftest's clock stands at Tue 24 Nov 2026, 10:00
TODAY = date(2026, 11, 24)
OUTCOMES = [PlanOutcome.DONE, PlanOutcome.PARTLY, PlanOutcome.NOT_YET, None]
VERDICTS = [LessonVerdict.STILL_TRUE, LessonVerdict.APPLIED, LessonVerdict.LET_GO, None]


@dataclass
class Kept:
    """What the simulation did, written down as it went."""

    held: list[date] = field(default_factory=list)
    asked: list[tuple[int, date, PlanOutcome | None]] = field(default_factory=list)  # plan, day, answer
    plan_text: dict[int, str] = field(default_factory=dict)
    private_plans: set[int] = field(default_factory=set)
    came_back: list[tuple[str, date]] = field(default_factory=list)  # lesson ref, day
    marks: list[tuple[str, date, LessonVerdict]] = field(default_factory=list)
    lesson_text: dict[str, str] = field(default_factory=dict)
    private_lessons: set[str] = field(default_factory=set)
    achieved: list[tuple[str, date]] = field(default_factory=list)
    cycle_starts: list[date] = field(default_factory=list)

    def plans(self, start: date, end: date, private: bool = True) -> tuple[int, int, int, set[str]]:
        """Due, done, partly and the texts of those done, counted from what was asked."""
        answers: dict[int, list[PlanOutcome | None]] = {}
        for plan, day, outcome in self.asked:
            if start <= day <= end and (private or plan not in self.private_plans):
                answers.setdefault(plan, []).append(outcome)
        done = {plan for plan, given in answers.items() if PlanOutcome.DONE in given}
        partly = {plan for plan, given in answers.items() if PlanOutcome.PARTLY in given} - done
        return len(answers), len(done), len(partly), {self.plan_text[plan] for plan in done}

    def lessons(self, start: date, end: date, private: bool = True) -> tuple[int, int, int, set[str]]:
        """Came back, kept, let go, and the texts of those kept."""
        back = {ref for ref, day in self.came_back if start <= day <= end}
        back = {ref for ref in back if private or ref not in self.private_lessons}
        latest: dict[str, LessonVerdict] = {}
        for ref, day, verdict in sorted(self.marks, key=lambda mark: mark[1]):
            if day <= end:
                latest[ref] = verdict
        kept = {ref for ref in back if latest.get(ref) in (LessonVerdict.STILL_TRUE, LessonVerdict.APPLIED)}
        let_go = {ref for ref in back if latest.get(ref) is LessonVerdict.LET_GO}
        return len(back), len(kept), len(let_go), {self.lesson_text[ref] for ref in kept}


def simulate_year(store: Store, rng: random.Random) -> Kept:
    kept = Kept(cycle_starts=[FIRST])
    complete_onboarding(store, Profile(name="Alex"), make_partnership(start_date=FIRST), datetime(2025, 11, 20, 9))
    goal = save_goal(store, Goal(partnership_id=1, title="Learn SQL", self_assessment_start=2), datetime(2025, 11, 20))
    now = datetime(2025, 11, 24, 9)
    for week in range(52):
        session = prepare_next(store, BANKS, now).session
        assert session.id is not None and session.agenda is not None
        day = session.scheduled_at.date()
        now = session.scheduled_at + timedelta(days=1)
        partnership = store.get(Partnership, 1)
        assert partnership is not None
        if day >= partnership.current_cycle.review_on:
            start_new_cycle(store, partnership, day)
            kept.cycle_starts.append(day)
        if rng.random() < 0.1:
            skip_session(store, session.id, "Away", now=session.scheduled_at - timedelta(hours=1))
            continue
        answers = {}
        for item in session.agenda.items:
            if item.source == PLAN_SOURCE and item.ref:
                outcome = rng.choice(OUTCOMES)
                kept.asked.append((int(item.ref), day, outcome))
                if outcome is not None:
                    answers[int(item.ref)] = outcome
        hold(store, session.id, now=session.scheduled_at + timedelta(hours=1), plan_answers=answers)
        kept.held.append(day)
        mark_lesson(store, kept, rng, session)
        reflect(store, kept, rng, session.id, week, session.scheduled_at + timedelta(hours=2))
        if week == 20:
            change_status(store, goal.id or 0, "achieve", day, closing_assessment=4)
            kept.achieved.append(("Learn SQL", day))
    return kept


def mark_lesson(store: Store, kept: Kept, rng: random.Random, session: Session) -> None:
    day = session.scheduled_at.date()
    item = next((i for i in session.agenda.items if i.source == lessons.SOURCE), None) if session.agenda else None
    if item is None or not item.ref:
        return
    kept.came_back.append((item.ref, day))
    verdict = rng.choice(VERDICTS)
    if verdict is not None:
        lessons.mark_lesson(store, item.ref, verdict, day, session.id)
        kept.marks.append((item.ref, day, verdict))


def reflect(store: Store, kept: Kept, rng: random.Random, session_id: int, week: int, now: datetime) -> None:
    private = rng.random() < 0.25
    learned = [f"Lesson {week}-{n}" for n in range(rng.randint(0, 2))]
    will_try = [f"When the build breaks in week {week}, I will ask first {n}" for n in range(rng.randint(0, 2))]
    will_try += [f"Read the style guide, week {week}"] if rng.random() < 0.3 else []
    finish_reflection(
        store,
        session_id,
        now=now,
        learned="\n".join(learned),
        will_try="\n".join(will_try),
        notes=f"Week {week}",
        value=4,
        candour=3,
        private=private,
    )
    for text in learned:
        ref = f"{session_id}:{lessons.lesson_key(text)}"
        kept.lesson_text[ref] = text
        if private:
            kept.private_lessons.add(ref)
    for action in add_session_actions(store, session_id, will_try, now=now):
        assert action.id is not None and action.private is private
        kept.plan_text[action.id] = action.text
        if private:
            kept.private_plans.add(action.id)


@pytest.fixture(scope="module")
def year_counts(tmp_path_factory) -> tuple[Store, Kept]:
    store = Store(tmp_path_factory.mktemp("year") / "data").open()
    return store, simulate_year(store, random.Random(17))


def test_the_simulation_exercised_every_answer(year_counts):
    _, kept = year_counts
    assert kept.cycle_starts == [FIRST, date(2026, 3, 3), date(2026, 6, 9), date(2026, 9, 15)]  # reviews every 3 months
    assert {outcome for _, _, outcome in kept.asked} == set(OUTCOMES)
    assert {verdict for _, _, verdict in kept.marks} == set(VERDICTS) - {None}
    assert kept.private_plans and kept.private_lessons and len(kept.came_back) > len(kept.marks)


@pytest.mark.parametrize("number", [1, 2, 3, 4])
@pytest.mark.parametrize("private", [True, False], ids=["all", "shareable"])
def test_each_cycle_summary_matches_the_count_kept_while_simulating(year_counts, number: int, private: bool):
    store, kept = year_counts
    partnership = store.get(Partnership, 1)
    assert partnership is not None
    starts = [*kept.cycle_starts[1:], TODAY + timedelta(days=1)]
    start, end = kept.cycle_starts[number - 1], starts[number - 1] - timedelta(days=1)
    cycles = [*partnership.past_cycles, partnership.current_cycle]
    facts = cycle_facts(store, partnership, TODAY, include_private=private, cycle=cycles[number - 1])
    assert (facts.start, facts.end) == (start, end)
    assert facts.held == sum(1 for day in kept.held if start <= day <= end)
    assert [g.title for g in facts.achieved] == [t for t, day in kept.achieved if start <= day <= end]

    due, done, partly, done_texts = kept.plans(start, end, private)
    plan_lines = plans_that_happened(store, facts)
    if due:
        assert plan_lines[0].startswith(f"{done} of {due} plan")
        assert (f", {partly} partly." in plan_lines[0]) == bool(partly)
    assert {line[2:] for line in plan_lines if line.startswith("- ")} == done_texts

    back, kept_count, _, kept_texts = kept.lessons(start, end, private)
    lesson_lines = lessons_still_true(store, facts)
    if back:
        assert lesson_lines[0].startswith(f"{kept_count} of {back} lesson")
    assert {line[2:].rsplit(" (", 1)[0] for line in lesson_lines if line.startswith("- ")} == kept_texts

    text = cycle_summary(store, partnership, TODAY, include_private=private, number=number)
    assert all(f"- {t}\n" in text for t in done_texts)
    if not private:
        hidden = {kept.plan_text[p] for p in kept.private_plans} | {kept.lesson_text[r] for r in kept.private_lessons}
        shown = {line[2:].split(" (")[0] for line in text.splitlines() if line.startswith("- ")}
        assert not shown & hidden


def test_status_json_counts_this_cycle_and_all_time_as_the_simulation_did(year_counts, monkeypatch, capsys):
    store, kept = year_counts
    monkeypatch.setenv("COMPANION_HOME", str(store.data_dir))
    code, out, err = run_in_process(["status", "--json"], monkeypatch, capsys)
    assert (code, err) == (0, "")
    learning = json.loads(out)["learning"]
    since = kept.cycle_starts[-1]
    assert learning["this_cycle"]["number"] == len(kept.cycle_starts)
    assert learning["this_cycle"]["since"] == since.isoformat()
    for name, (start, end) in {"this_cycle": (since, TODAY), "all_time": (FIRST, TODAY)}.items():
        due, done, partly, _ = kept.plans(start, end)
        back, kept_count, let_go, _ = kept.lessons(start, end)
        assert learning[name]["plans"] == {"due": due, "done": done, "partly": partly, "not_yet": due - done - partly}
        assert learning[name]["lessons"] == {
            "returned": back,
            "kept": kept_count,
            "let_go": let_go,
            "unmarked": back - kept_count - let_go,
        }
