"""Which session needs attention first: an unrecorded past session comes before "book this
week's session", which never shows while this period's session is booked; the sessions
list opens on the session that wants something."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from companion.models import Frequency, Partnership, Reflection, Session, SessionState
from companion.session_attention import first_warning, session_to_start_on, unrecorded_times
from companion.sessions import add_session, hold_session, skip_session
from companion.store import Store
from companion.streaks import Streak, StreakReport
from companion.summary import snapshot, status_line

MONDAY = datetime(2026, 11, 30, 10, 0)  # the last day of the period that began Tue 24 Nov


def slot(day: int, month: int = 11) -> Session:
    moment = datetime(2026, month, day, 16, 0)
    return Session(partnership_id=1, scheduled_at=moment, slot=moment)


def hold_weeks(store: Store, *days: int) -> None:
    for day in days:
        hold_session(store, slot(day), now=MONDAY)


def test_an_unrecorded_session_comes_before_book_this_weeks_session(onboarded: Store):
    hold_weeks(onboarded, 3, 10, 17)
    snap = snapshot(onboarded, MONDAY)
    assert snap.streaks.at_risk, "the period ends today with nothing held in it"
    assert snap.warning == "Last week's session on Tue 24 Nov is not recorded: mark it held or skipped."
    assert "24 Nov unrecorded" in status_line(snap) and "at risk" not in status_line(snap)
    hold_weeks(onboarded, 24)
    snap = snapshot(onboarded, MONDAY)
    assert snap.warning is None and snap.unrecorded == []


def test_book_this_weeks_session_shows_only_while_nothing_is_booked(onboarded: Store):
    hold_weeks(onboarded, 3, 10, 17)
    skip_session(onboarded, slot(24), "Ill", now=MONDAY)
    snap = snapshot(onboarded, MONDAY)
    assert snap.warning == "Book this week's session with Sam — last day to keep your 3-week streak."
    add_session(onboarded, onboarded.all(Partnership)[0], datetime(2026, 11, 30, 15, 0), now=MONDAY)
    snap = snapshot(onboarded, MONDAY)
    assert snap.booked and snap.warning is None
    assert "at risk" not in status_line(snap) and "Book" not in str(snap.warning)


def test_unrecorded_times_cover_stored_and_cadence_sessions_of_four_weeks(onboarded: Store):
    partnership = onboarded.all(Partnership)[0]
    now = datetime(2026, 12, 9, 10, 0)
    hold_weeks(onboarded, 10)
    stored_planned = add_session(onboarded, partnership, datetime(2026, 12, 4, 9, 0), now=now)
    skip_session(onboarded, slot(1, 12), "Holiday", pauses_streak=True, now=now)
    assert unrecorded_times(onboarded, partnership, now) == [
        datetime(2026, 11, 17, 16, 0),
        datetime(2026, 11, 24, 16, 0),
        stored_planned.scheduled_at,
        datetime(2026, 12, 8, 16, 0),
    ], "3 Nov is older than four weeks; 10 Nov held, 1 Dec skipped"
    assert datetime(2026, 12, 8, 16, 0) not in unrecorded_times(onboarded, partnership, datetime(2026, 12, 8, 16, 30))


def report(**figures) -> StreakReport:
    base = dict(today=MONDAY.date(), period_frequency=Frequency.WEEKLY, days_left_in_period=1)
    return StreakReport(**(base | figures))


@given(
    at_risk=st.booleans(),
    stalled=st.booleans(),
    booked=st.booleans(),
    streak=st.integers(0, 60),
    unrecorded=st.lists(st.integers(1, 28).map(lambda d: MONDAY - timedelta(days=d)), max_size=4, unique=True),
)
def test_first_warning_orders_unrecorded_then_at_risk_then_stalled(at_risk, stalled, booked, streak, unrecorded):
    figures = report(at_risk=at_risk, stalled=stalled, meeting=Streak(streak, streak), days_since_last_held=30)
    times = sorted(unrecorded)
    message = first_warning(figures, "Sam", times, booked, MONDAY.date())
    if times:
        assert message is not None and "not recorded" in message and "mark" in message
        assert "Book" not in message
    elif at_risk and not booked:
        assert message is not None and message.startswith("Book this week's session with Sam — last day")
    elif stalled:
        assert message is not None and "days since you last met Sam" in message
    else:
        assert message is None
    if booked:
        assert "Book" not in (message or "")


def test_unrecorded_message_names_the_week_and_counts_several():
    today = MONDAY.date()
    one = first_warning(report(), "Sam", [datetime(2026, 11, 30, 8)], False, today)
    assert one == "This week's session on Mon 30 Nov is not recorded: mark it held or skipped."
    older = first_warning(report(), "Sam", [datetime(2026, 11, 10, 16)], False, today)
    assert older == "The session on Tue 10 Nov is not recorded: mark it held or skipped."
    several = first_warning(report(), "Sam", [datetime(2026, 11, 17, 16), datetime(2026, 11, 24, 16)], False, today)
    assert several == "2 past sessions are not recorded, the latest on Tue 24 Nov: mark them held or skipped."


def test_the_sessions_list_opens_on_the_session_that_wants_something():
    now = MONDAY
    upcoming = [slot(1, 12)]
    held = Session(partnership_id=1, scheduled_at=datetime(2026, 11, 24, 16), state=SessionState.HELD)
    reflected = Session(
        partnership_id=1,
        scheduled_at=datetime(2026, 11, 24, 16),
        state=SessionState.HELD,
        reflection=Reflection(learned="x", is_draft=False),
    )
    unrecorded = slot(17)
    old_unrecorded = slot(20, 10)
    skipped = Session(partnership_id=1, scheduled_at=datetime(2026, 11, 26, 16), state=SessionState.SKIPPED)
    assert session_to_start_on(upcoming, [held, unrecorded], now) is held, "held, not reflected on: the latest"
    assert session_to_start_on(upcoming, [reflected, unrecorded], now) is unrecorded
    assert session_to_start_on(upcoming, [skipped, reflected, old_unrecorded], now) is upcoming[0]
    assert session_to_start_on([], [reflected], now) is None
