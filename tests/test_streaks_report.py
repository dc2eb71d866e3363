"""The streak report's figures and warnings on hand-picked histories (`companion.streaks`,
docs/streaks.md): momentum, the at-risk and stalled messages, pauses and skips, prep and
reflection streaks, and the heatmap's periods."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from companion.streaks import MOMENTUM_MULTIPLIER, PeriodState, at_risk_message, stalled_message
from tests.streak_helpers import held, report, skipped, tuesdays, weekly_tuesdays

# --- momentum --------------------------------------------------------------------------


def test_one_missed_week_after_a_year_leaves_momentum_high():
    start = date(2025, 1, 7)  # a Tuesday
    year = tuesdays(start, 52)
    got = report(weekly_tuesdays(start), year, datetime.combine(start + timedelta(weeks=53, days=1), time(9)))
    assert (got.meeting.current, got.meeting.longest) == (0, 52)
    assert got.momentum == pytest.approx(100 * MOMENTUM_MULTIPLIER * (1 - MOMENTUM_MULTIPLIER**52))
    assert got.momentum > 80
    assert got.momentum_history[-2] < got.momentum_history[-3]  # the miss cost something


def test_momentum_rises_with_kept_periods_and_pauses_leave_it_alone():
    start = date(2026, 1, 6)
    history = tuesdays(start, 3) + [skipped("2026-01-27T16:00")] + tuesdays(date(2026, 2, 3), 1)
    got = report(weekly_tuesdays(start), history, "2026-02-04T09:00")
    first, second, third, paused, fifth = got.momentum_history
    assert first < second < third == paused < fifth
    assert got.meeting.current == 4
    assert [c.state for c in got.recent][3] is PeriodState.PAUSED


# --- warnings ---------------------------------------------------------------------------


def test_no_sessions_at_all():
    got = report(weekly_tuesdays(), [], "2026-11-30T09:00")  # a Monday: the last day of the week
    assert (got.meeting.current, got.prep.current, got.reflection.current) == (0, 0, 0)
    assert got.momentum == 0 and got.meeting_rate == 0 and got.prep_rate is None
    assert got.days_left_in_period == 1 and got.at_risk
    assert got.stalled and got.days_since_last_held is None
    assert at_risk_message(got, "Sam") == "Book this week's session with Sam — last day."
    assert stalled_message(got, "Sam") == "No session with Sam yet, 27 days after you started — book the first one now."


def test_partnership_starting_in_the_future():
    got = report(weekly_tuesdays(date(2027, 1, 5)), [], "2026-11-24T10:00")
    assert not got.started and got.days_since_start == -42
    assert got.period_start is None and got.days_left_in_period is None
    assert not got.at_risk and not got.stalled and got.momentum == 0 and got.recent == ()
    assert at_risk_message(got, "Sam") is None and stalled_message(got, "Sam") is None


# --- pauses, skips, prep and reflection -------------------------------------------------


def test_a_paused_period_neither_breaks_nor_extends_and_a_plain_skip_breaks():
    start = date(2026, 9, 1)
    pausing = tuesdays(start, 2) + [skipped("2026-09-15T16:00")] + tuesdays(date(2026, 9, 22), 2)
    got = report(weekly_tuesdays(start), pausing, "2026-10-01T09:00")
    assert (got.meeting.current, got.meeting.longest, got.periods_paused) == (4, 4, 1)
    plain = tuesdays(start, 2) + [skipped("2026-09-15T16:00", pauses=False)] + tuesdays(date(2026, 9, 22), 2)
    got = report(weekly_tuesdays(start), plain, "2026-10-01T09:00")
    assert (got.meeting.current, got.meeting.longest, got.periods_missed) == (2, 2, 1)


def test_a_held_session_outweighs_a_pause_in_the_same_period():
    history = [skipped("2026-11-03T16:00"), held("2026-11-05T16:00")]
    got = report(weekly_tuesdays(), history, "2026-11-06T09:00")
    assert got.period_kept and not got.period_paused and got.meeting.current == 1


def test_a_paused_current_period_is_not_at_risk_nor_stalled():
    history = [held("2026-10-06T16:00"), skipped("2026-11-24T16:00")]
    partnership = weekly_tuesdays(date(2026, 10, 6))
    got = report(partnership, history, "2026-11-30T09:00")
    assert got.period_paused and not got.at_risk and not got.stalled
    assert got.days_since_last_held == 55
    after = report(partnership, history, "2026-12-01T09:00")
    assert after.stalled
    assert (
        stalled_message(after, "Sam")
        == "56 days since you last met Sam — pick a date this week and get the rhythm back."
    )


def test_the_period_in_progress_does_not_break_the_streak():
    history = tuesdays(date(2026, 11, 3), 3)
    for now in ("2026-11-24T09:00", "2026-11-30T23:59"):  # this week's session is not held yet
        got = report(weekly_tuesdays(), history, now)
        assert (got.meeting.current, got.period_kept) == (3, False)
    # Once a period has ended without a session, the streak is broken.
    got = report(weekly_tuesdays(), tuesdays(date(2026, 11, 3), 2), "2026-12-01T00:00")
    assert got.meeting.current == 0 and got.meeting.longest == 2


def test_prep_counts_an_agenda_ready_by_the_scheduled_time():
    history = [
        held("2026-11-03T16:00", ready="2026-11-03T16:00"),  # ready exactly at the start
        held("2026-11-10T16:00", held_at="2026-11-10T16:20", ready="2026-11-10T16:05"),  # late
        held("2026-11-17T16:00", ready="2026-11-16T09:00"),
    ]
    got = report(weekly_tuesdays(), history, "2026-11-18T09:00")
    assert (got.prep.current, got.prep.longest) == (1, 1)
    assert got.prep_rate == pytest.approx(2 / 3)
    assert [c.state for c in got.recent] == [PeriodState.PREPARED, PeriodState.HELD, PeriodState.PREPARED]


def test_reflection_streak_waits_for_an_open_window():
    history = [
        held("2026-11-03T16:00", written="2026-11-04T09:00"),
        held("2026-11-10T16:00", written="2026-11-12T16:00"),  # exactly 48 hours
        held("2026-11-17T16:00", written="2026-11-18T10:00", draft=True),  # still a draft
    ]
    within = report(weekly_tuesdays(), history, "2026-11-19T15:59")
    assert (within.reflection.current, within.reflection_rate) == (2, 1.0)
    closed = report(weekly_tuesdays(), history, "2026-11-19T16:01")
    assert (closed.reflection.current, closed.reflection.longest) == (0, 2)
    assert closed.reflection_rate == pytest.approx(2 / 3)


def test_heatmap_covers_the_last_52_weeks_and_momentum_the_last_52_periods():
    start = date(2024, 1, 2)
    got = report(weekly_tuesdays(start), tuesdays(start, 150), "2026-11-24T10:00")
    assert len(got.recent) == 53 and got.recent[-1].state is PeriodState.UPCOMING
    assert got.recent[0].start <= date(2025, 11, 26) < got.recent[0].end
    assert len(got.momentum_history) == 52 and got.momentum_history[-1] == got.momentum
    assert PeriodState.COMPLETE.level == 3 and PeriodState.PAUSED.level is None
