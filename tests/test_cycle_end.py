"""The end of a cycle in the core: the closing agenda for the last planned session on or
before the stored review date (and for no other), and starting the next cycle, which keeps
everything open and starts one cycle however often it is asked on the same day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from companion.banks import load_banks
from companion.cycles import carried_words, confirmation, end_words, review_reached, start_new_cycle
from companion.models import ActionItem, Cycle, Goal, Partnership, Section, Session, SessionState
from companion.prepare import prepare_next
from companion.store import Store

BANKS = load_banks()
START = date(2026, 11, 3)  # the onboarded partnership meets on Tuesdays at 16:00 from here


def held_on(store: Store, day: date) -> None:
    store.add(
        Session(
            partnership_id=1,
            scheduled_at=datetime.combine(day, datetime.min.time()).replace(hour=16),
            state=SessionState.HELD,
        )
    )


def agenda_on(store: Store, day: date):
    """The agenda built for the session of `day`, the morning of it (a frozen clock)."""
    prepared = prepare_next(store, BANKS, datetime(day.year, day.month, day.day, 9))
    assert prepared.session.scheduled_at.date() == day
    return prepared.agenda


def phases(agenda) -> set[str | None]:
    return {BANKS.prompts[i.ref].phase for i in agenda.items if i.source == "prompt" and i.ref in BANKS.prompts}


def test_the_last_session_before_the_review_gets_the_closing_agenda_and_no_other(onboarded: Store):
    onboarded.add(Goal(partnership_id=1, title="Learn SQL", self_assessment_start=2))
    held_on(onboarded, date(2027, 1, 19))
    before = agenda_on(onboarded, date(2027, 1, 26))
    assert "closing" not in phases(before)
    assert not any(i.text.startswith("Review:") for i in before.items)
    held_on(onboarded, date(2027, 1, 26))  # the review is on Wed 3 Feb: Tue 2 Feb is the last session
    closing = agenda_on(onboarded, date(2027, 2, 2))
    assert "closing" in phases(closing)
    reviews = [i for i in closing.items if i.source == "goal"]
    assert [(i.section, i.text) for i in reviews] == [
        (
            Section.GOALS,
            "Review: Learn SQL \u2014 done, carry on, or drop? Your self-assessment now, 1\u20135 (it was 2 at the start)",
        )
    ]


def test_the_closing_session_follows_the_stored_review_date_not_the_start(onboarded: Store):
    partnership = onboarded.get(Partnership, 1)
    assert partnership is not None
    early_review = replace(partnership.current_cycle, review_on=date(2027, 1, 13))
    onboarded.update(Partnership, 1, cycle=early_review)
    held_on(onboarded, date(2027, 1, 5))
    assert "closing" in phases(agenda_on(onboarded, date(2027, 1, 12)))
    held_on(onboarded, date(2027, 1, 12))
    assert "closing" not in phases(agenda_on(onboarded, date(2027, 1, 19)))  # past the review


def test_a_new_cycle_keeps_everything_open_and_starts_once_a_day(onboarded: Store):
    goal = onboarded.add(Goal(partnership_id=1, title="Learn SQL"))
    action = onboarded.add(ActionItem(partnership_id=1, text="Try the query planner"))
    partnership = onboarded.get(Partnership, 1)
    assert partnership is not None
    today = date(2027, 2, 3)
    assert review_reached(partnership.current_cycle, today)
    assert not review_reached(partnership.current_cycle, date(2027, 2, 2))
    words = carried_words(onboarded, partnership)
    assert words == "1 active goal stays active and 1 open action item stays open: nothing is moved or closed."
    assert confirmation(onboarded, partnership, today).startswith("Start cycle 2 today, reviewed on Mon 3 May 2027")

    first = start_new_cycle(onboarded, partnership, today)
    again = start_new_cycle(onboarded, partnership, today)  # pressed twice
    assert first.started and not again.started
    stored = onboarded.get(Partnership, 1)
    assert stored is not None
    assert stored.past_cycles == [Cycle.first(START)]
    assert stored.cycle == Cycle(number=2, start=today, months=3, review_on=date(2027, 5, 3))
    assert again.partnership.cycle == stored.cycle
    assert onboarded.get(Goal, goal.id or 0) == goal  # untouched: still active
    assert onboarded.get(ActionItem, action.id or 0) == action  # still open

    later = start_new_cycle(onboarded, stored, date(2027, 3, 1))  # any time from settings
    assert later.started and later.partnership.current_cycle.number == 3
    assert [c.number for c in later.partnership.past_cycles] == [1, 2]


def test_the_dashboard_says_when_the_cycle_ends():
    cycle = Cycle.first(START)
    assert end_words(cycle, date(2027, 2, 3)) == "Cycle 1 ends today"
    assert end_words(cycle, date(2027, 2, 10)) == "Cycle 1 ended 3 Feb"
    assert end_words(cycle, date(2028, 1, 10)) == "Cycle 1 ended 3 Feb 2027"
