"""Streak periods at their edges, and the session facts they are counted from
(`companion.periods`, `companion.streak_facts`, docs/streaks.md, "Periods").

Hand-picked cases: 23:59 and 00:00 either side of a period start, daylight-saving
Sundays and the reflection window across a clock change, the last Friday of the month,
29 February 2028, a cadence change mid-history, the first period, a clock that moved
backwards; then the facts read from a real store, cached until it changes, with damaged
documents left out.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from companion.models import Cadence, Frequency, SessionState
from companion.streak_facts import SessionFact, facts_from_docs, session_facts
from companion.streaks import PeriodState, Streak, at_risk_message, report_for, streak_report
from companion.validation import make_cadence
from tests.conftest import make_partnership
from tests.streak_helpers import (
    at,
    docs_of,
    held,
    partnership_with,
    period_starts,
    report,
    skipped,
    tuesdays,
    weekly_tuesdays,
)

# --- periods, edges and clocks -----------------------------------------------------------


def test_sessions_at_2359_and_0000_fall_either_side_of_a_period_start():
    got = report(
        weekly_tuesdays(),
        [held("2026-11-09T23:59"), held("2026-11-17T00:00")],
        "2026-11-18T12:00",
    )
    states = [(c.start, c.state) for c in got.recent]
    assert states == [
        (date(2026, 11, 3), PeriodState.HELD),  # Monday 23:59 still belongs to the first week
        (date(2026, 11, 10), PeriodState.MISSED),
        (date(2026, 11, 17), PeriodState.HELD),  # Tuesday 00:00 opens the next one
    ]
    assert got.meeting == Streak(current=1, longest=1)


@pytest.mark.parametrize("sunday", ["2026-03-29", "2026-10-25"])
def test_daylight_saving_sundays_in_berlin_are_ordinary_days(sunday):
    # Europe/Berlin skips 02:00–03:00 on 29 March 2026 and repeats it on 25 October:
    # everything is naive local time, so a session "at 02:30" behaves like any other.
    change = date.fromisoformat(sunday)
    first = change - timedelta(weeks=3)
    partnership = partnership_with(make_cadence(Frequency.WEEKLY, 6, time(2, 30), first))
    history = [
        held(
            f"{first + timedelta(weeks=n)}T02:30",
            ready=f"{first + timedelta(weeks=n)}T02:30",
            written=f"{first + timedelta(weeks=n, days=2)}T02:30",
        )  # exactly 48 naive hours
        for n in range(5)
    ]
    got = report(partnership, history, datetime.combine(change + timedelta(weeks=1, days=3), time(2, 30)))
    assert period_starts(partnership, change) == [first + timedelta(weeks=n) for n in range(5)]
    assert (got.meeting.current, got.prep.current, got.reflection.current) == (5, 5, 5)
    assert all(c.state is PeriodState.COMPLETE for c in got.recent)


def test_reflection_window_is_48_naive_hours_across_a_clock_change():
    history = [held("2026-03-28T02:30", written="2026-03-30T02:31")]  # 48 h 1 min later
    partnership = partnership_with(make_cadence(Frequency.WEEKLY, 5, time(2, 30), date(2026, 3, 28)))
    got = report(partnership, history, "2026-04-01T00:00")
    assert got.reflection.current == 0 and got.reflection_rate == 0


def test_monthly_on_the_last_friday_follows_month_ends():
    partnership = partnership_with(make_cadence(Frequency.MONTHLY, 4, time(16), date(2026, 1, 30)))
    assert partnership.cadence.week_of_month == -1
    assert period_starts(partnership, date(2026, 7, 1)) == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
        date(2026, 4, 24),
        date(2026, 5, 29),
        date(2026, 6, 26),
        date(2026, 7, 31),
    ]
    history = [held("2026-01-30T16:00"), held("2026-02-28T10:00"), held("2026-03-26T10:00")]
    got = report(partnership, history, "2026-04-22T09:00")
    assert [c.state for c in got.recent] == [PeriodState.HELD, PeriodState.HELD, PeriodState.UPCOMING]
    assert got.meeting.current == 2
    assert got.days_left_in_period == 2 and got.at_risk
    assert (
        at_risk_message(got, "Sam") == "Book this month's session with Sam — 2 days left to keep your 2-month streak."
    )


def test_leap_day_2028():
    weekly = weekly_tuesdays(date(2028, 2, 15))
    assert period_starts(weekly, date(2028, 3, 1)) == [
        date(2028, 2, 15),
        date(2028, 2, 22),
        date(2028, 2, 29),
        date(2028, 3, 7),
    ]
    got = report(weekly, [held("2028-02-29T23:59"), held("2028-03-01T00:00")], "2028-03-02T08:00")
    assert got.period_start == date(2028, 2, 29) and got.period_end == date(2028, 3, 7)
    assert got.period_kept and got.meeting.current == 1 and got.sessions_held == 2
    last_tuesday = Cadence(
        frequency=Frequency.MONTHLY, weekday=1, at=time(16), since=date(2028, 1, 25), week_of_month=-1
    )
    monthly = partnership_with(last_tuesday)
    assert period_starts(monthly, date(2028, 3, 1)) == [date(2028, 1, 25), date(2028, 2, 29), date(2028, 3, 28)]


def test_a_cadence_change_mid_history_keeps_the_streak():
    partnership = partnership_with(
        make_cadence(Frequency.WEEKLY, 1, time(16), date(2026, 1, 6)),
        make_cadence(Frequency.FORTNIGHTLY, 3, time(9), date(2026, 3, 1)),
    )
    # The last Tuesday's period runs until the first fortnightly Thursday.
    assert period_starts(partnership, date(2026, 4, 1))[-5:] == [
        date(2026, 2, 17),
        date(2026, 2, 24),
        date(2026, 3, 5),
        date(2026, 3, 19),
        date(2026, 4, 2),
    ]
    history = tuesdays(date(2026, 1, 6), 8) + [held("2026-03-05T09:00"), held("2026-03-20T09:00")]
    got = report(partnership, history, "2026-03-25T12:00")
    assert got.meeting.current == 10 and got.period_frequency is Frequency.FORTNIGHTLY
    assert got.period_start == date(2026, 3, 19) and got.period_end == date(2026, 4, 2)


def test_the_first_period_takes_in_the_first_meeting_and_anything_earlier():
    # Starts on a Monday, meets on Tuesdays: no one-day period to miss.
    partnership = partnership_with(make_cadence(Frequency.WEEKLY, 1, time(16), date(2026, 11, 2)))
    assert period_starts(partnership, date(2026, 11, 10)) == [date(2026, 11, 2), date(2026, 11, 10), date(2026, 11, 17)]
    got = report(partnership, [held("2026-10-30T10:00")], "2026-11-09T10:00")
    assert got.period_kept and got.meeting.current == 1


def test_the_clock_moved_backwards():
    history = tuesdays(date(2026, 11, 3), 6)  # up to 8 December
    got = report(weekly_tuesdays(), history, "2026-11-20T09:00")
    # Sessions "held" after now have not happened yet: they keep no period, future or not.
    assert got.sessions_held == 3 and got.last_held == at("2026-11-17T16:00")
    assert got.meeting.current == 3 and got.period_start == date(2026, 11, 17)
    assert [c.start for c in got.recent][-1] == date(2026, 11, 17)
    # Before the start: no periods, and no crash.
    early = report(weekly_tuesdays(), history, "2026-10-01T09:00")
    assert not early.started and early.recent == () and early.sessions_held == 0


def test_a_held_session_later_today_does_not_count_yet():
    got = report(weekly_tuesdays(), [held("2026-11-03T16:00"), held("2026-11-10T16:00")], "2026-11-10T12:00")
    assert not got.period_kept and got.meeting.current == 1


# --- facts from the store ----------------------------------------------------------------


def test_session_facts_read_the_store_and_are_cached_until_it_changes(onboarded):
    from companion.partnerships import current_partnership

    partnership = current_partnership(onboarded)
    onboarded.add(held("2026-11-03T16:00", ready="2026-11-02T10:00", written="2026-11-03T18:00"))
    onboarded.add(skipped("2026-11-10T16:00"))
    other = onboarded.add(make_partnership(partner_name="Robin"))
    onboarded.add(replace(held("2026-11-10T16:00"), partnership_id=other.id))  # another partnership
    onboarded.add(replace(skipped("2026-11-17T16:00"), state=SessionState.CANCELLED))
    facts = session_facts(onboarded, partnership)
    assert list(facts) == [
        SessionFact(at("2026-11-03T16:00"), 1, True, True, True),
        SessionFact(at("2026-11-10T16:00"), 2, False, False, False),
    ]
    assert session_facts(onboarded, partnership) is facts
    assert len(facts) == 2 and facts[0].prepared and facts[-1].session_id == 2 and not facts[1].held
    assert facts[:1] == [facts[0]]
    onboarded.add(held("2026-11-17T16:00"))
    assert len(session_facts(onboarded, partnership)) == 3
    got = report_for(onboarded, partnership, at("2026-11-24T10:00"))
    assert (got.meeting.current, got.periods_paused) == (2, 1)
    # Any sequence of facts will do, e.g. a plain list of them.
    assert streak_report(partnership, list(session_facts(onboarded, partnership)), at("2026-11-24T10:00")) == got


def test_damaged_documents_are_left_out():
    docs = docs_of([held("2026-11-03T16:00"), held("2026-11-10T16:00"), held("2026-11-17T16:00")])
    docs["2"]["held_at"] = "not a date"
    docs["3"]["agenda"] = 7
    docs["4"] = {"partnership_id": 1, "state": "held"}  # no time at all
    docs["5"] = {"partnership_id": 1, "state": "skipped", "pauses_streak": True, "scheduled_at": None}
    del docs["1"]["scheduled_at"]  # still held at a known time, so it still counts
    assert list(facts_from_docs(docs, 1)) == [SessionFact(at("2026-11-03T16:00"), 1, True, False, False)]


def test_building_facts_leaves_the_garbage_collector_as_it_was():
    docs = docs_of(tuesdays(date(2026, 11, 3), 3))
    assert gc.isenabled()
    facts_from_docs(docs, 1)
    assert gc.isenabled()
    gc.disable()
    try:
        facts_from_docs(docs, 1)
        assert not gc.isenabled()
    finally:
        gc.enable()
