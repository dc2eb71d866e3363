"""Action items against a real data file: from "what I will try" to done, overdue first."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from companion.actions import (
    actions_from_will_try,
    add_action,
    add_session_actions,
    complete_action,
    delete_action,
    edit_action,
    has_actions,
    is_overdue,
    open_actions_overdue_first,
    origin_day,
    origin_days,
    reopen_action,
    session_day,
)
from companion.banks import load_banks
from companion.errors import CompanionError, ValidationError
from companion.models import ActionItem, Owner, Partnership, Section, Session
from companion.prepare import open_actions, prepare_next
from companion.reflections import finish_reflection
from companion.sessions import hold_session, materialize
from companion.store import Store

NOW = datetime(2026, 11, 24, 10, 0)  # a Tuesday
TODAY = NOW.date()
LAST_WEEK = datetime(2026, 11, 17, 16, 0)


def sam(store: Store) -> Partnership:
    return store.get(Partnership, 1)


@pytest.fixture
def held(onboarded: Store):
    return hold_session(onboarded, materialize(onboarded, sam(onboarded), LAST_WEEK, NOW), now=NOW)


def stored_actions(data_dir) -> list[ActionItem]:
    return sorted(Store(data_dir).open().all(ActionItem), key=lambda a: a.id)


# --- from "what I will try" -----------------------------------------------------------------


def test_will_try_lines_become_action_texts():
    text = """
    - Pair with Sam on a flaky test
    * Read the deploy runbook
    1. Try the new CLI for a week
    2) Ask for feedback on my first PR
    [ ] Set up the linter
    - [x] Book the next session

    -
    Write a short note in the team channel
    -5 degrees is fine, the dash is part of it
    - read the deploy runbook
    """
    assert actions_from_will_try(text) == [
        "Pair with Sam on a flaky test",
        "Read the deploy runbook",
        "Try the new CLI for a week",
        "Ask for feedback on my first PR",
        "Set up the linter",
        "Book the next session",
        "Write a short note in the team channel",
        "-5 degrees is fine, the dash is part of it",
    ]
    assert actions_from_will_try("") == [] and actions_from_will_try("\n  \n- \n") == []


def every_will_try_line(store: Store, session_id: int, **options) -> list[ActionItem]:
    """What the will-try dialog creates when every line is left ticked."""
    reflection = store.get(Session, session_id).reflection
    return add_session_actions(store, session_id, actions_from_will_try(reflection.will_try), **options)


def test_a_finished_reflection_gives_one_action_per_will_try_line(onboarded: Store, held, data_dir):
    finish_reflection(onboarded, held.id, will_try="- Pair on a bug\n- Read the runbook", value=4, candour=4, now=NOW)
    created = every_will_try_line(onboarded, held.id, owner="both", due="friday", now=NOW)
    assert [a.text for a in created] == ["Pair on a bug", "Read the runbook"]
    stored = stored_actions(data_dir)
    assert [(a.text, a.owner, a.due, a.session_id, a.done_on) for a in stored] == [
        ("Pair on a bug", Owner.BOTH, date(2026, 11, 27), held.id, None),
        ("Read the runbook", Owner.BOTH, date(2026, 11, 27), held.id, None),
    ]
    # After editing the reflection, only the new line is added.
    finish_reflection(onboarded, held.id, will_try="- Pair on a bug\n- read the runbook\n- Demo it", now=NOW)
    assert [a.text for a in every_will_try_line(onboarded, held.id, now=NOW)] == ["Demo it"]
    assert len(stored_actions(data_dir)) == 3


# --- adding, with validation ------------------------------------------------------------------


def test_add_action_stores_it_and_it_joins_the_next_agenda(onboarded: Store, held, data_dir):
    action = add_action(onboarded, 1, "  Try the new CLI  ", Owner.ME, date(2026, 12, 1), held.id, NOW)
    (stored,) = stored_actions(data_dir)
    assert stored == action and stored.text == "Try the new CLI" and stored.created_at == NOW
    prepared = prepare_next(onboarded, load_banks(), NOW)
    carried = [i for i in prepared.agenda.items if i.section is Section.CARRY_OVER and i.source == "action"]
    assert [i.ref for i in carried] == [str(action.id)]


def test_a_due_date_before_the_session_it_came_from_is_refused(onboarded: Store, held, data_dir):
    with pytest.raises(ValidationError) as caught:
        add_action(onboarded, 1, "Pair on a bug", Owner.ME, date(2026, 11, 16), held.id, NOW)
    message = caught.value.problems["due"]
    assert message.startswith("The due date is before the session it came from (Tue 17 Nov 2026)")
    assert "pick that day or later" in message
    assert stored_actions(data_dir) == []
    # The session's own day is fine.
    assert add_action(onboarded, 1, "Pair on a bug", Owner.ME, date(2026, 11, 17), held.id, NOW).due == date(
        2026, 11, 17
    )


@pytest.mark.parametrize(
    "text, owner, due, field, words",
    [
        ("   ", Owner.ME, None, "text", "The action cannot be empty. Say what someone will do"),
        ("x" * 501, Owner.ME, None, "text", "keep it under 500"),
        ("Fine", "nobody", None, "owner", "Choose who owns it: me, partner or both."),
        ("Fine", Owner.ME, "someday", "due", "Due date: “someday” is not a date I understand"),
    ],
)
def test_add_action_says_what_to_fix(onboarded: Store, data_dir, text, owner, due, field, words):
    with pytest.raises(ValidationError) as caught:
        add_action(onboarded, 1, text, owner, due, None, NOW)
    assert list(caught.value.problems) == [field]
    assert words in caught.value.problems[field]
    assert stored_actions(data_dir) == []


def test_add_action_for_a_missing_session_or_partnership(onboarded: Store):
    with pytest.raises(ValidationError) as caught:
        add_action(onboarded, 1, "Fine", Owner.ME, None, 99, NOW)
    assert "Session 99 no longer exists" in caught.value.problems["session_id"]
    with pytest.raises(CompanionError, match="partnership no longer exists"):
        add_action(onboarded, 7, "Fine", Owner.ME, None, None, NOW)


# --- done, reopened, edited, deleted --------------------------------------------------------------


def test_complete_reopen_edit_and_delete(onboarded: Store, held, data_dir):
    action = add_action(onboarded, 1, "Read the runbook", Owner.ME, None, held.id, NOW)
    complete_action(onboarded, action.id, date(2026, 11, 23))
    assert stored_actions(data_dir)[0].done_on == date(2026, 11, 23)
    assert open_actions(onboarded, sam(onboarded)) == []
    reopen_action(onboarded, action.id)
    assert stored_actions(data_dir)[0].done_on is None
    assert [a.id for a in open_actions(onboarded, sam(onboarded))] == [action.id]
    complete_action(onboarded, action.id)  # today by default
    assert stored_actions(data_dir)[0].done_on == TODAY

    edited = edit_action(onboarded, action.id, text="Read the whole runbook", due="1 Dec", today=TODAY)
    assert (edited.text, edited.owner, edited.due) == ("Read the whole runbook", Owner.ME, date(2026, 12, 1))
    with pytest.raises(ValidationError, match="before the session it came from"):
        edit_action(onboarded, action.id, due=date(2026, 11, 1), today=TODAY)
    with pytest.raises(ValidationError, match="cannot be empty"):
        edit_action(onboarded, action.id, text="")
    assert stored_actions(data_dir)[0].text == "Read the whole runbook"

    delete_action(onboarded, action.id)
    assert stored_actions(data_dir) == []
    with pytest.raises(CompanionError, match="no longer exists"):
        complete_action(onboarded, action.id)


# --- the to-do list ------------------------------------------------------------------------------


def test_open_actions_overdue_first_then_by_due_date_undated_last(onboarded: Store):
    def add(text: str, due: date | None, created: datetime = NOW) -> int:
        return add_action(onboarded, 1, text, Owner.ME, due, None, created).id

    later = add("Next week", TODAY + timedelta(days=7))
    undated_new = add("Undated, newer", None, NOW)
    most_overdue = add("Due last month", TODAY - timedelta(days=30))
    today = add("Due today", TODAY)
    undated_old = add("Undated, older", None, NOW - timedelta(days=3))
    overdue = add("Due yesterday", TODAY - timedelta(days=1))
    done = add("Done already", TODAY - timedelta(days=60))
    complete_action(onboarded, done, TODAY)

    found = open_actions_overdue_first(onboarded, sam(onboarded), TODAY)
    assert [a.id for a in found] == [most_overdue, overdue, today, later, undated_old, undated_new]
    assert [is_overdue(a, TODAY) for a in found] == [True, True, False, False, False, False]
    # A week later, next week's item is overdue too.
    week_later = open_actions_overdue_first(onboarded, sam(onboarded), TODAY + timedelta(days=8))
    assert sum(is_overdue(a, TODAY + timedelta(days=8)) for a in week_later) == 4
    # The agenda's carry-over uses the same order.
    assert [a.id for a in open_actions(onboarded, sam(onboarded))] == [a.id for a in found]


def test_undated_actions_without_a_creation_time_still_sort(onboarded: Store):
    # Records from an import may lack created_at; sorting must not compare None with a time.
    onboarded.add(ActionItem(partnership_id=1, text="Imported"))
    add_action(onboarded, 1, "Typed", Owner.ME, None, None, NOW)
    assert [a.text for a in open_actions_overdue_first(onboarded, sam(onboarded), TODAY)] == ["Imported", "Typed"]


def test_other_partnerships_actions_are_not_listed(onboarded: Store):
    from tests.conftest import make_partnership

    other = onboarded.add(make_partnership(partner_name="Kim"))
    add_action(onboarded, other.id, "Kim's item", Owner.ME, None, None, NOW)
    assert open_actions_overdue_first(onboarded, sam(onboarded), TODAY) == []


def test_has_actions_counts_open_and_done_items_of_the_partnership_only(onboarded: Store):
    from tests.conftest import make_partnership

    other = onboarded.add(make_partnership(partner_name="Kim"))
    add_action(onboarded, other.id, "Kim's item", Owner.ME, None, None, NOW)
    assert not has_actions(onboarded, 1)
    action = add_action(onboarded, 1, "Read the runbook", Owner.ME, None, None, NOW)
    complete_action(onboarded, action.id, TODAY)
    assert has_actions(onboarded, 1)


# --- the session an action came from -------------------------------------------------------


def test_a_session_day_is_the_day_it_was_held_else_the_day_it_was_planned():
    planned = Session(partnership_id=1, scheduled_at=datetime(2026, 11, 17, 16, 0))
    assert session_day(planned) == date(2026, 11, 17)
    moved = Session(partnership_id=1, scheduled_at=datetime(2026, 11, 17, 16, 0), held_at=datetime(2026, 11, 18, 9))
    assert session_day(moved) == date(2026, 11, 18)


def test_origin_days_name_each_session_once(onboarded: Store, held):
    from_session = add_action(onboarded, 1, "Pair on a bug", Owner.ME, None, held.id, NOW)
    again = add_action(onboarded, 1, "Ask for feedback", Owner.ME, None, held.id, NOW)
    by_hand = add_action(onboarded, 1, "Read the runbook", Owner.ME, None, None, NOW)
    assert origin_day(onboarded, from_session) == date(2026, 11, 17)
    assert origin_day(onboarded, by_hand) is None
    assert origin_days(onboarded, [from_session, again, by_hand]) == {held.id: date(2026, 11, 17)}


def test_the_origin_of_an_action_whose_session_is_gone_is_unknown(onboarded: Store):
    orphan = ActionItem(id=9, partnership_id=1, text="From a deleted session", session_id=404)
    assert origin_day(onboarded, orphan) is None
    assert origin_days(onboarded, [orphan]) == {404: None}


# --- private action items ---------------------------------------------------------------


def reflected(store: Store, held_session, private: bool):
    from companion.reflections import save_draft

    save_draft(
        store, held_session.id, will_try="- Pair on the flaky test\n- Ask for feedback", private=private, now=NOW
    )
    return held_session


def test_actions_from_a_private_reflection_are_private(onboarded: Store, held):
    reflected(onboarded, held, private=True)
    (chosen,) = add_session_actions(onboarded, held.id, ["Pair on the flaky test"], now=NOW)
    assert chosen.private and onboarded.get(ActionItem, chosen.id).private
    (rest,) = every_will_try_line(onboarded, held.id, now=NOW)
    assert rest.text == "Ask for feedback" and rest.private


def test_actions_follow_their_reflection_when_it_is_marked_private_or_shared(onboarded: Store, held):
    from companion.reflections import save_draft

    reflected(onboarded, held, private=False)
    created = every_will_try_line(onboarded, held.id, now=NOW)
    other = add_action(onboarded, 1, "Not from a reflection", now=NOW)
    assert len(created) == 2 and not any(a.private for a in created)
    finish_reflection(onboarded, held.id, private=True, value=4, candour=4, now=NOW)
    assert all(onboarded.get(ActionItem, a.id).private for a in created)
    assert not onboarded.get(ActionItem, other.id).private
    save_draft(onboarded, held.id, private=False, now=NOW)
    assert not any(onboarded.get(ActionItem, a.id).private for a in created)


def test_an_action_can_be_made_private_and_shared_again(onboarded: Store):
    action = add_action(onboarded, 1, "Read the RFC", now=NOW)
    assert not action.private
    assert edit_action(onboarded, action.id, private=True).private
    assert edit_action(onboarded, action.id, text="Read the RFC twice").private
    assert not edit_action(onboarded, action.id, private=False).private


def test_planned_actions_each_keep_their_owner_and_due_and_are_saved_all_or_none(onboarded: Store, held, data_dir):
    from companion.actions import PlannedAction, add_planned_actions

    planned = [
        PlannedAction("Pair on the flaky test", Owner.PARTNER, "friday"),
        PlannedAction("Read the runbook", Owner.BOTH, date(2026, 12, 2)),
        PlannedAction("Write it up", "me", None),
    ]
    with pytest.raises(ValidationError) as refused:
        add_planned_actions(onboarded, held.id, [*planned, PlannedAction("Too early", Owner.ME, "16 Nov")], now=NOW)
    assert "before the session it came from" in refused.value.problems["due"]
    assert Store(data_dir).open().all(ActionItem) == [], "nothing is saved when one line is refused"
    created = add_planned_actions(onboarded, held.id, planned, now=NOW)
    assert [(a.text, a.owner, a.due) for a in created] == [
        ("Pair on the flaky test", Owner.PARTNER, date(2026, 11, 27)),
        ("Read the runbook", Owner.BOTH, date(2026, 12, 2)),
        ("Write it up", Owner.ME, None),
    ]
    assert add_planned_actions(onboarded, held.id, planned[:1], now=NOW) == [], "a line is not added twice"
