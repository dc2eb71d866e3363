"""The cycle summary: on a simulated cycle (frozen dates) its figures match a count made
here independently, and the summary meant for the partner holds nothing private."""

from __future__ import annotations

import random
import tempfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from statistics import fmean

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.cycle_summary import average_text, cycle_facts, cycle_summary
from companion.cycles import start_new_cycle
from companion.lessons import lesson_key
from companion.models import (
    ActionItem,
    Goal,
    GoalStatus,
    LessonReturn,
    LessonVerdict,
    Owner,
    Partnership,
    PlanAnswer,
    PlanOutcome,
    Profile,
    Reflection,
    Session,
    SessionState,
    StatusChange,
)
from companion.partnerships import complete_onboarding
from companion.store import Store
from tests.conftest import make_partnership

START = date(2026, 11, 3)  # Tuesdays at 16:00; the review is on Wed 3 Feb 2027
REVIEW = date(2027, 2, 3)
TUESDAYS = [START + timedelta(weeks=k) for k in range(14)]  # up to Tue 2 Feb


def simulate(store: Store, rng: random.Random, private: bool = False) -> dict:
    """A cycle of sessions, goals and actions drawn at random; returns what it made."""
    made: dict = {"held": 0, "skipped": 0, "candour": [], "achieved": 0, "private_texts": [], "shared_texts": []}
    held: list[tuple[Session, bool]] = []
    for day in TUESDAYS:
        state = rng.choice([SessionState.HELD, SessionState.HELD, SessionState.SKIPPED])
        at = datetime(day.year, day.month, day.day, 16)
        reflection = None
        if state is SessionState.HELD:
            made["held"] += 1
            hidden = private and rng.random() < 0.5
            reflection = Reflection(candour=rng.randint(1, 5), value=rng.randint(1, 5), is_draft=False, private=hidden)
            if not hidden:
                made["candour"].append(reflection.candour)
        else:
            made["skipped"] += 1
        stored = store.add(Session(partnership_id=1, scheduled_at=at, state=state, reflection=reflection))
        if reflection is not None:
            held.append((stored, reflection.private))
    plans_and_lessons(store, rng, held, made, private)
    for n in range(rng.randint(1, 5)):
        hidden = private and rng.random() < 0.5
        title = f"SECRET-goal-{n}" if hidden else f"Goal {n}"
        goal = Goal(partnership_id=1, title=title, self_assessment_start=2, private=hidden)
        if rng.random() < 0.5:
            on = rng.choice(TUESDAYS)
            goal.status, goal.self_assessment_end = GoalStatus.ACHIEVED, 4
            goal.status_changes = [StatusChange(on=on, status=GoalStatus.ACHIEVED)]
            made["achieved"] += not hidden
        store.add(goal)
        if hidden:
            made["private_texts"].append(title)
    for n in range(rng.randint(0, 4)):
        hidden = private and rng.random() < 0.5
        text = f"SECRET-action-{n}" if hidden else f"Action {n}"
        store.add(ActionItem(partnership_id=1, text=text, owner=Owner.ME, private=hidden))
        if hidden:
            made["private_texts"].append(text)
    return made


def plans_and_lessons(
    store: Store, rng: random.Random, held: list[tuple[Session, bool]], made: dict, private: bool
) -> None:
    """From some held sessions, a lesson marked applied and a plan answered done on the next
    one; private when the reflection (the lesson) or the action (the plan) is."""
    for n, ((session, hidden), (later, _)) in enumerate(zip(held, held[1:], strict=False)):
        if rng.random() < 0.5 or session.id is None or later.id is None or session.reflection is None:
            continue
        day = later.scheduled_at.date()
        lesson = f"SECRET-lesson-{n}" if hidden else f"Lesson {n}"
        returned = LessonReturn(
            lesson=lesson_key(lesson), text=lesson, session_id=later.id, on=day, verdict=LessonVerdict.APPLIED
        )
        store.update(
            Session, session.id, reflection=replace(session.reflection, learned=lesson, lesson_returns=[returned])
        )
        secret_plan = private and rng.random() < 0.5
        plan = f"When SECRET-plan-{n} comes, I will act" if secret_plan else f"When plan {n} comes, I will act"
        answer = PlanAnswer(session_id=later.id, on=day, outcome=PlanOutcome.DONE)
        store.add(ActionItem(partnership_id=1, text=plan, private=secret_plan, done_on=day, plan_answers=[answer]))
        made["private_texts" if hidden else "shared_texts"].append(f"- {lesson} (applied)")
        made["private_texts" if secret_plan else "shared_texts"].append(f"- {plan}\n")


def new_store(folder: Path) -> Store:
    store = Store(folder).open()
    complete_onboarding(store, Profile(name="Alex"), make_partnership(), datetime(2026, 11, 1, 9))
    return store


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_summary_of_a_simulated_cycle_matches_an_independent_count(tmp_path: Path, seed: int):
    store = new_store(tmp_path / "data")
    made = simulate(store, random.Random(seed))
    partnership = store.get(Partnership, 1)
    assert partnership is not None
    facts = cycle_facts(store, partnership, REVIEW, include_private=True)
    assert (facts.held, facts.skipped, facts.cancelled) == (made["held"], made["skipped"], 0)
    assert len(facts.achieved) == made["achieved"]
    assert facts.candour.total == len(made["candour"])
    assert facts.candour.average == pytest.approx(fmean(made["candour"]))
    text = cycle_summary(store, partnership, REVIEW, include_private=True)
    assert f"- Sessions: {made['held']} held, {made['skipped']} skipped, 0 cancelled." in text
    assert f"- Candour: {average_text(fmean(made['candour']))} on average over {len(made['candour'])}" in text
    assert text.startswith("# Cycle 1 with Sam\n\nTue 3 Nov 2026 to Wed 3 Feb 2027 (review on Wed 3 Feb 2027).")
    for goal in facts.achieved:
        assert f"- {goal.title}: self-assessment 2/5 at the start, 4/5 at the end" in text
    assert all(line in text for line in made["shared_texts"])


def test_a_past_cycle_ends_the_day_before_the_next_began(onboarded: Store):
    simulate(onboarded, random.Random(7))
    partnership = onboarded.get(Partnership, 1)
    assert partnership is not None
    started = start_new_cycle(onboarded, partnership, date(2027, 1, 20)).partnership
    onboarded.add(Session(partnership_id=1, scheduled_at=datetime(2027, 1, 26, 16), state=SessionState.HELD))
    past = cycle_facts(onboarded, started, date(2027, 2, 1), include_private=True, cycle=started.past_cycles[0])
    now = cycle_facts(onboarded, started, date(2027, 2, 1), include_private=True)
    assert (past.start, past.end, past.current) == (START, date(2027, 1, 19), False)
    assert (now.start, now.end, now.current) == (date(2027, 1, 20), date(2027, 2, 1), True)
    assert now.held == sum(
        1
        for s in onboarded.all(Session)
        if s.state is SessionState.HELD and now.start <= s.scheduled_at.date() <= now.end
    )
    text = cycle_summary(onboarded, started, date(2027, 2, 1), include_private=False)
    assert "Wed 20 Jan 2027 to Mon 1 Feb 2027, so far (review on Tue 20 Apr 2027)." in text
    assert "Sam's own side comes from their share" in text


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_the_summary_for_the_partner_holds_nothing_private(seed: int):
    with tempfile.TemporaryDirectory() as folder:
        store = new_store(Path(folder))
        made = simulate(store, random.Random(seed), private=True)
        partnership = store.get(Partnership, 1)
        assert partnership is not None
        shared = cycle_summary(store, partnership, REVIEW, include_private=False)
        assert "SECRET" not in shared
        assert "Reflection streak" not in shared
        facts = cycle_facts(store, partnership, REVIEW, include_private=False)
        assert facts.candour.total == len(made["candour"])  # private reflections' ratings left out
        if made["candour"]:
            assert facts.candour.average == pytest.approx(fmean(made["candour"]))
        full = cycle_summary(store, partnership, REVIEW, include_private=True)
        assert all(text in full for text in made["private_texts"] + made["shared_texts"])
        assert all(text in shared for text in made["shared_texts"])


# --- the command line ------------------------------------------------------------------------


def test_cycle_summary_and_new_on_the_command_line(onboarded: Store, tmp_path: Path, monkeypatch, capsys):
    from tests.conftest import run_in_process

    onboarded.add(Goal(partnership_id=1, title="SECRET plan", private=True))
    onboarded.add(Goal(partnership_id=1, title="Learn SQL", self_assessment_start=2))
    code, out, err = run_in_process(["cycle", "summary"], monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("# Cycle 1 with Sam\n") and "Learn SQL" in out and "SECRET" not in out
    code, out, _ = run_in_process(["cycle", "summary", "--all"], monkeypatch, capsys)
    assert "SECRET plan" in out

    target = tmp_path / "cycle.md"
    code, out, _ = run_in_process(["cycle", "summary", "--out", str(target)], monkeypatch, capsys)
    assert code == 0 and target.stat().st_mode & 0o777 == 0o600
    assert "SECRET" not in target.read_text()
    code, _, err = run_in_process(["cycle", "summary", "--out", str(target)], monkeypatch, capsys)
    assert code == 1 and err.count("\n") == 1 and "--force" in err
    code, _, err = run_in_process(["cycle", "summary", "--cycle", "4"], monkeypatch, capsys)
    assert code == 1 and "There is no cycle 4; the cycles are 1." in err

    code, out, _ = run_in_process(["cycle", "new"], monkeypatch, capsys)
    assert code == 0 and out.startswith("Started cycle 2 with Sam. 2 active goals stay active")
    code, out, _ = run_in_process(["cycle", "new"], monkeypatch, capsys)
    assert out == "Cycle 2 started today already; nothing changed.\n"
    code, out, _ = run_in_process(["cycle", "summary", "--cycle", "1"], monkeypatch, capsys)
    assert code == 0 and out.startswith("# Cycle 1 with Sam\n\nTue 3 Nov 2026 to Mon 23 Nov 2026")
