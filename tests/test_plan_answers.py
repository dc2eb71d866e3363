"""Answering "Did it happen?" for a plan: kept with its action item, in the data file."""

from __future__ import annotations

from datetime import date

from companion import plans
from companion.codec import from_doc, to_doc
from companion.models import ActionItem, PlanAnswer, PlanOutcome
from companion.record_checks import check_tables
from companion.store import Store
from tests.conftest import read_tables
from tests.plan_helpers import first_session_with_plan, hold_answering, next_agenda

NOT_YET = PlanOutcome.NOT_YET


def test_an_answer_is_kept_with_its_action_in_the_file_and_done_marks_it_done(onboarded: Store, data_dir):
    _, action = first_session_with_plan(onboarded)
    prepared = next_agenda(onboarded, 1)
    held = hold_answering(onboarded, prepared, {action.id: PlanOutcome.DONE})
    stored = Store(data_dir).open().get(ActionItem, action.id)
    day = prepared.session.scheduled_at.date()
    assert stored.plan_answers == [PlanAnswer(session_id=held.id, on=day, outcome=PlanOutcome.DONE)]
    assert stored.done_on == day
    tables, _ = read_tables(data_dir / "companion.json")
    (doc,) = [d for d in tables["actions"].values() if d["text"] == action.text]
    assert doc["plan_answers"] == [{"session_id": held.id, "on": day.isoformat(), "outcome": "done"}]
    # Done, it comes back no more.
    assert not [i for i in next_agenda(onboarded, 2).agenda.items if i.source == "plan"]


def test_answering_again_for_the_same_session_replaces_the_answer_and_takes_back_done(onboarded: Store):
    _, action = first_session_with_plan(onboarded)
    prepared = next_agenda(onboarded, 1)
    hold_answering(onboarded, prepared, {action.id: PlanOutcome.DONE})
    hold_answering(onboarded, prepared, {action.id: PlanOutcome.PARTLY})
    stored = onboarded.get(ActionItem, action.id)
    assert [a.outcome for a in stored.plan_answers] == [PlanOutcome.PARTLY]
    assert stored.done_on is None


def test_a_plan_not_yet_tried_twice_in_a_row_is_offered_for_review(onboarded: Store):
    _, action = first_session_with_plan(onboarded)
    first = next_agenda(onboarded, 1)
    held = hold_answering(onboarded, first, {action.id: NOT_YET})
    assert plans.plans_to_review(onboarded, held) == []
    second = next_agenda(onboarded, 2)
    assert [i.ref for i in second.agenda.items if i.source == "plan"] == [str(action.id)]
    held = hold_answering(onboarded, second, {action.id: NOT_YET})
    assert [a.id for a in plans.plans_to_review(onboarded, held)] == [action.id]
    # Kept: a third "not yet" stays quiet; a fourth asks again.
    held = hold_answering(onboarded, next_agenda(onboarded, 3), {action.id: NOT_YET})
    assert plans.plans_to_review(onboarded, held) == []
    held = hold_answering(onboarded, next_agenda(onboarded, 4), {action.id: NOT_YET})
    assert plans.plans_to_review(onboarded, held) != []


def test_partly_in_between_breaks_the_run():
    def answers(*outcomes: PlanOutcome) -> ActionItem:
        days = [PlanAnswer(session_id=n, on=date(2026, 12, n), outcome=o) for n, o in enumerate(outcomes, 1)]
        return ActionItem(partnership_id=1, text="When x, I will y", plan_answers=days)

    assert plans.needs_review(answers(NOT_YET, NOT_YET))
    assert not plans.needs_review(answers(NOT_YET, PlanOutcome.PARTLY, NOT_YET))
    assert not plans.needs_review(answers(NOT_YET))
    assert plans.not_yet_run(answers(PlanOutcome.DONE, NOT_YET, NOT_YET, NOT_YET)) == 3


def test_answers_round_trip_and_a_damaged_answer_is_caught():
    action = ActionItem(
        id=3,
        partnership_id=1,
        text="When x, I will y",
        plan_answers=[PlanAnswer(session_id=2, on=date(2026, 12, 1), outcome=PlanOutcome.PARTLY)],
    )
    doc = to_doc(action)
    assert from_doc(ActionItem, doc, 3) == action
    older = {k: v for k, v in doc.items() if k != "plan_answers"}
    assert from_doc(ActionItem, older, 3).plan_answers == []
    damaged = dict(doc, plan_answers=[{"session_id": 2, "on": "2026-12-01", "outcome": "maybe"}])
    problems = check_tables({"actions": {"3": damaged}, "partnerships": {}, "sessions": {}})
    assert any("plan_answers" in p.field and "outcome" in p.field for p in problems)
