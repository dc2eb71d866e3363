"""Goals in the core: every field's validation, check-ins, status changes, persistence."""

from __future__ import annotations

import copy
from datetime import date, datetime

import pytest

from companion import goal_display
from companion import goals as core
from companion.banks import load_banks
from companion.errors import CompanionError, ValidationError
from companion.models import Goal, GoalStatus, TrackRating
from companion.store import Store

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, 0)


def good_form(**changes) -> core.GoalForm:
    values = dict(
        title="Ship a feature with an AI pair programmer",
        why="I review AI-written code every day and have never written any",
        done_looks_like="One merged pull request where the assistant wrote the first draft",
        target_date="in 6 weeks",
        my_expectation="A first merged change by mid January",
        partner_expectation="That I use it on real work, not a toy",
        first_result_date="in 3 weeks",
        tags="AI, Tooling; open source",
        self_assessment_start="2",
    )
    values.update(changes)
    return core.GoalForm(**values)


def problems(form: core.GoalForm, existing: Goal | None = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        core.build_goal(form, TODAY, 1, existing)
    return caught.value.problems


def test_a_good_form_becomes_a_goal():
    goal = core.build_goal(good_form(), TODAY, 1)
    assert goal.title == "Ship a feature with an AI pair programmer"
    assert goal.target_date == date(2027, 1, 5)
    assert goal.first_result_date == date(2026, 12, 15)
    assert goal.tags == ["ai", "tooling", "open-source"]
    assert goal.self_assessment_start == 2
    assert goal.status is GoalStatus.ACTIVE


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "   ", "cannot be empty"),
        ("title", "x" * 121, "under 120"),
        ("why", "x" * 2001, "under 2000"),
        ("done_looks_like", "y" * 2001, "under 2000"),
        ("target_date", "yesterday", "in the past"),
        ("target_date", "2019-01-01", "in the past"),
        ("target_date", "2099-01-01", "more than 10 years"),
        ("target_date", "someday", "not a date"),
        ("first_result_date", "2026-11-01", "in the past"),
        ("first_result_date", "in 8 weeks", "after the target date"),
        ("my_expectation", "z" * 2001, "under 2000"),
        ("partner_expectation", "z" * 2001, "under 2000"),
        ("tags", "ai, not a #tag", "not a tag"),
        ("tags", ",".join(f"t{i}" for i in range(9)), "8 tags"),
        ("self_assessment_start", "7", "1 to 5"),
        ("self_assessment_start", "0", "1 to 5"),
        ("self_assessment_start", "lots", "number from 1 to 5"),
    ],
)
def test_each_field_says_what_to_fix(field, value, message):
    found = problems(good_form(**{field: value}))
    assert set(found) == {field}
    assert message in found[field]


def test_every_problem_is_reported_at_once():
    found = problems(good_form(title="", target_date="yesterday", self_assessment_start="9"))
    assert set(found) == {"title", "target_date", "self_assessment_start"}


def test_optional_fields_may_be_empty():
    goal = core.build_goal(core.GoalForm(title="Learn the deploy pipeline"), TODAY, 1)
    assert goal.target_date is None and goal.tags == [] and goal.self_assessment_start is None


def test_an_existing_goal_keeps_a_past_target_date_it_already_had():
    old = Goal(id=4, partnership_id=1, title="Old goal", target_date=date(2026, 10, 1))
    edited = core.build_goal(core.GoalForm.from_goal(old), TODAY, 1, old)
    assert edited.target_date == date(2026, 10, 1)
    moved = problems(core.GoalForm(title="Old goal", target_date="2026-09-01"), old)
    assert "in the past" in moved["target_date"]


def test_editing_gives_a_new_goal_and_leaves_the_one_given_as_it_was():
    old = Goal(id=4, partnership_id=1, title="Old goal", why="curious", tags=["ai"], self_assessment_start=1)
    old.check_ins = [core.CheckIn(on=date(2026, 11, 20), progress=20, rating=TrackRating.AT_RISK)]
    before = copy.deepcopy(old)
    edited = core.build_goal(good_form(title="New title"), TODAY, 1, old)
    assert old == before
    assert edited is not old
    assert edited.id == 4 and edited.title == "New title" and edited.tags == ["ai", "tooling", "open-source"]
    assert edited.check_ins == before.check_ins


def test_new_goal_is_saved_active_with_a_dated_status_and_survives_a_restart(onboarded: Store, data_dir):
    goal = core.save_goal(onboarded, core.build_goal(good_form(), TODAY, 1), NOW)
    again = Store(data_dir).open().get(Goal, goal.id)
    assert again.title == goal.title and again.tags == ["ai", "tooling", "open-source"]
    assert again.created_at == NOW
    assert [(c.on, c.status) for c in again.status_changes] == [(TODAY, GoalStatus.ACTIVE)]


def test_editing_keeps_check_ins_and_history(onboarded: Store):
    goal = core.save_goal(onboarded, core.build_goal(good_form(), TODAY, 1), NOW)
    core.add_check_in(onboarded, goal.id, "30", TrackRating.ON_TRACK, "paired twice", "today", TODAY)
    edited = core.build_goal(good_form(title="Ship two features"), TODAY, 1, onboarded.get(Goal, goal.id))
    core.save_goal(onboarded, edited, NOW)
    stored = onboarded.get(Goal, goal.id)
    assert stored.title == "Ship two features"
    assert [c.progress for c in stored.check_ins] == [30]


def test_check_ins_are_dated_kept_in_order_and_give_the_progress(onboarded: Store):
    goal = core.save_goal(onboarded, core.build_goal(good_form(), TODAY, 1), NOW)
    core.add_check_in(onboarded, goal.id, "40%", TrackRating.AT_RISK, "slow week", "today", TODAY)
    core.add_check_in(onboarded, goal.id, 20, TrackRating.ON_TRACK, "", "2026-11-10", TODAY)
    stored = onboarded.get(Goal, goal.id)
    assert [(c.on, c.progress) for c in stored.check_ins] == [(date(2026, 11, 10), 20), (TODAY, 40)]
    assert stored.progress == 40
    assert core.last_rating(stored) is TrackRating.AT_RISK


@pytest.mark.parametrize(
    "progress, on, field, message",
    [
        ("101", "today", "progress", "0 to 100"),
        ("-5", "today", "progress", "0 to 100"),
        ("half", "today", "progress", "number from 0 to 100"),
        ("50", "tomorrow", "on", "today or an earlier date"),
        ("50", "blursday", "on", "not a date"),
    ],
)
def test_check_in_validation(onboarded: Store, progress, on, field, message):
    goal = core.save_goal(onboarded, core.build_goal(good_form(), TODAY, 1), NOW)
    with pytest.raises(ValidationError) as caught:
        core.add_check_in(onboarded, goal.id, progress, TrackRating.ON_TRACK, "", on, TODAY)
    assert message in caught.value.problems[field]
    assert onboarded.get(Goal, goal.id).check_ins == []


def test_status_changes_are_dated_and_follow_the_rules(onboarded: Store):
    goal = core.save_goal(onboarded, core.build_goal(good_form(), TODAY, 1), NOW)
    core.change_status(onboarded, goal.id, "pause", date(2026, 11, 25))
    with pytest.raises(CompanionError, match="paused cannot be paused"):
        core.change_status(onboarded, goal.id, "pause", TODAY)
    core.change_status(onboarded, goal.id, "reactivate", date(2026, 12, 1))
    with pytest.raises(ValidationError) as caught:
        core.change_status(onboarded, goal.id, "drop", TODAY, reason="  ")
    assert "why" in caught.value.problems["reason"]
    with pytest.raises(ValidationError):
        core.change_status(onboarded, goal.id, "achieve", TODAY)  # needs the closing self-assessment
    core.change_status(onboarded, goal.id, "achieve", date(2026, 12, 20), closing_assessment=4)
    stored = onboarded.get(Goal, goal.id)
    assert stored.status is GoalStatus.ACHIEVED and stored.self_assessment_end == 4
    assert [(c.on, c.status) for c in stored.status_changes] == [
        (TODAY, GoalStatus.ACTIVE),
        (date(2026, 11, 25), GoalStatus.PAUSED),
        (date(2026, 12, 1), GoalStatus.ACTIVE),
        (date(2026, 12, 20), GoalStatus.ACHIEVED),
    ]


def test_a_refused_status_change_says_why():
    paused = Goal(id=1, partnership_id=1, title="a", status=GoalStatus.PAUSED)
    assert core.status_change_refused(paused, "reactivate") is None
    assert core.status_change_refused(paused, "pause") == "A goal that is paused cannot be paused."
    assert core.past_tense("achieve") == "achieved"


def test_drop_keeps_the_reason_and_reactivate_brings_it_back(onboarded: Store):
    goal = core.save_goal(onboarded, core.build_goal(good_form(), TODAY, 1), NOW)
    core.change_status(onboarded, goal.id, "drop", TODAY, reason="Priorities changed")
    assert onboarded.get(Goal, goal.id).status_changes[-1].reason == "Priorities changed"
    with pytest.raises(CompanionError, match="dropped cannot be paused"):
        core.change_status(onboarded, goal.id, "pause", TODAY)
    core.change_status(onboarded, goal.id, "reactivate", TODAY)
    assert onboarded.get(Goal, goal.id).status is GoalStatus.ACTIVE


def test_overdue_and_off_track_goals_need_attention():
    overdue = Goal(id=1, partnership_id=1, title="a", target_date=date(2026, 11, 20))
    off = Goal(id=2, partnership_id=1, title="b", target_date=date(2027, 1, 1))
    off.check_ins = [core.CheckIn(on=TODAY, progress=10, rating=TrackRating.OFF_TRACK)]
    fine = Goal(id=3, partnership_id=1, title="c", target_date=date(2027, 1, 1))
    paused = Goal(id=4, partnership_id=1, title="d", target_date=date(2026, 1, 1), status=GoalStatus.PAUSED)
    assert core.needs_attention(overdue, TODAY) and goal_display.left_text(overdue, TODAY) == "4 d overdue"
    assert core.needs_attention(off, TODAY)
    assert not core.needs_attention(fine, TODAY) and goal_display.left_text(fine, TODAY) == "38 d left"
    assert not core.needs_attention(paused, TODAY)


def test_sorting_and_filtering():
    goals = [
        Goal(id=1, partnership_id=1, title="beta", target_date=date(2027, 1, 1)),
        Goal(id=2, partnership_id=1, title="Alpha", target_date=date(2026, 12, 1), status=GoalStatus.PAUSED),
        Goal(id=3, partnership_id=1, title="gamma"),
    ]
    assert [g.id for g in core.sorted_goals(goals, "title", TODAY)] == [2, 1, 3]
    assert [g.id for g in core.sorted_goals(goals, "target", TODAY)] == [2, 1, 3]
    assert [g.id for g in core.sorted_goals(goals, "target", TODAY, reverse=True)] == [3, 1, 2]
    assert [g.id for g in core.sorted_goals(goals, "title", TODAY, status=GoalStatus.ACTIVE)] == [1, 3]


def test_attention_first_lists_active_goals_needing_attention_first_then_by_target_date():
    def goal(goal_id, target=None, status=GoalStatus.ACTIVE, rating=None):
        made = Goal(id=goal_id, partnership_id=1, title=f"goal {goal_id}", target_date=target, status=status)
        if rating is not None:
            made.check_ins = [core.CheckIn(on=TODAY, progress=10, rating=rating)]
        return made

    goals = [
        goal(1),  # no date: after the dated ones
        goal(2, date(2027, 2, 1)),
        goal(3, date(2027, 3, 1), rating=TrackRating.OFF_TRACK),  # needs attention
        goal(4, date(2026, 11, 1)),  # overdue: needs attention
        goal(5, date(2026, 12, 1), status=GoalStatus.PAUSED),  # not active: left out
        goal(6, date(2027, 2, 1)),  # same date as 2: the older first
        goal(7),
    ]
    assert [g.id for g in core.attention_first(goals, TODAY)] == [4, 3, 2, 6, 1, 7]
    assert [g.id for g in goals] == [1, 2, 3, 4, 5, 6, 7]  # the list given is left as it was


def test_active_goals_are_read_in_the_order_they_were_set_and_listed_attention_first(onboarded: Store):
    def add(title, **values):
        return onboarded.add(Goal(partnership_id=1, title=title, **values)).id

    later = add("later", target_date=date(2027, 6, 1))
    add("paused", target_date=date(2026, 12, 1), status=GoalStatus.PAUSED)
    overdue = add("overdue", target_date=date(2026, 11, 1))
    soon = add("soon", target_date=date(2026, 12, 24))
    assert [g.id for g in core.active_goals(onboarded, 1)] == [later, overdue, soon]
    assert [g.id for g in core.active_goals_attention_first(onboarded, 1, TODAY)] == [overdue, soon, later]


def test_a_goal_without_expectations_after_two_sessions_gets_a_shared_expectations_prompt(onboarded: Store):
    from companion import clock
    from companion.models import Section, Session, SessionState
    from companion.prepare import prepare_next

    banks = load_banks()
    onboarded.add(Goal(partnership_id=1, title="Learn the deploy tooling", created_at=datetime(2026, 11, 1)))
    for day in (3, 10):
        onboarded.add(Session(partnership_id=1, scheduled_at=datetime(2026, 11, day, 16), state=SessionState.HELD))
    agenda = prepare_next(onboarded, banks, clock.now()).agenda
    (item,) = [i for i in agenda.items if i.source == "expectations"]
    assert item.section is Section.GOALS and item.text.startswith("Learn the deploy tooling: ")
    shared = [p.text for p in banks.prompts.values() if p.bank == "common" and "expectations" in p.tags]
    assert item.text.removeprefix("Learn the deploy tooling: ") in shared


@pytest.mark.parametrize(
    "start, end, shown",
    [
        (2, 4, "2 → 4"),
        (2, None, "2 at the start; the closing rating comes when the goal is achieved"),
        (None, 4, "4 at the close (no starting rating)"),
        (None, None, "no starting rating"),
    ],
)
def test_self_assessment_in_words_never_shows_a_lone_arrow(start, end, shown):
    goal = Goal(partnership_id=1, title="t", self_assessment_start=start, self_assessment_end=end)
    assert goal_display.self_assessment_text(goal) == shown
    assert "–" not in shown and "…" not in shown
