"""The expectation gap: one goals item when both expectations are written and differ,
back only when one of them changes."""

from __future__ import annotations

from datetime import datetime

from companion import expectation_gap
from companion.banks import load_banks
from companion.models import Goal, Section, Session
from companion.prepare import prepare_next

NOW = datetime(2026, 11, 24, 10, 0)
BANKS = load_banks()


def _goal(**fields) -> Goal:
    return Goal(**{"id": 1, "partnership_id": 1, "title": "Learn SQL", **fields})


def test_a_gap_needs_both_expectations_and_a_difference():
    assert not expectation_gap.has_gap(_goal(my_expectation="a query a week"))
    assert not expectation_gap.has_gap(_goal(my_expectation="A query a week", partner_expectation="a query a week "))
    assert expectation_gap.has_gap(_goal(my_expectation="A query a week", partner_expectation="A report"))


def test_a_gap_already_raised_waits_for_a_change():
    goal = _goal(my_expectation="A query a week", partner_expectation="A report")
    assert expectation_gap.goals_with_new_gap([goal]) == [goal]
    goal.expectations_compared = expectation_gap.compared_key(goal)
    assert expectation_gap.goals_with_new_gap([goal]) == []
    goal.partner_expectation = "Two reports"
    assert expectation_gap.goals_with_new_gap([goal]) == [goal]


def test_the_item_quotes_both_and_follows_the_goal_privacy():
    item = expectation_gap.gap_item(_goal(my_expectation="mine", partner_expectation="theirs", private=True), "Sam")
    assert item.section is Section.GOALS and '"mine"' in item.text and '"theirs"' in item.text
    assert item.private and item.source == "expectations" and item.ref == "1"


def _gaps(store) -> list:
    session = next(s for s in store.all(Session) if s.agenda)
    return [i for i in session.agenda.items if i.source == "expectations"]


def test_preparing_raises_it_once_and_again_after_a_change(onboarded):
    store = onboarded
    with store.transaction():
        store.add(_goal(id=None, my_expectation="A query a week", partner_expectation="A report"))
    prepare_next(store, BANKS, NOW)
    prepare_next(store, BANKS, NOW)
    assert len(_gaps(store)) == 1
    with store.transaction():
        store.update(Goal, 1, partner_expectation="Two reports")
    prepare_next(store, BANKS, NOW)
    gaps = _gaps(store)
    assert len(gaps) == 1 and "Two reports" in gaps[0].text
    # Each expectation names whose it is: the item travels in the share file too.
    assert 'Alex expects "A query a week" and Sam expects "Two reports"' in gaps[0].text
    session = next(s for s in store.all(Session) if s.agenda)
    assert sum(i.minutes for i in session.agenda.items) == 45
