"""The meeting streak reads in the partnership's periods everywhere: weeks, fortnights or
months, taken from the cadence even before the start date and before any session
(`companion.streaks.period_unit`, `status_unit`; docs/streaks.md)."""

from __future__ import annotations

from datetime import date, time

import pytest

from companion.models import Frequency, Profile
from companion.streaks import at_risk_message, period_unit
from companion.summary import Snapshot, status_line
from companion.validation import make_cadence
from tests.streak_helpers import at, held, partnership_with, report

START = date(2026, 12, 1)  # a Tuesday


def partnership(frequency: Frequency):
    return partnership_with(make_cadence(frequency, 1, time(16, 0), START, week_of_month=1))


def streak_part(frequency: Frequency, sessions, now: str) -> str:
    chosen = partnership(frequency)
    line = status_line(
        Snapshot(now=at(now), profile=Profile(name="Alex"), partnership=chosen, streaks=report(chosen, sessions, now))
    )
    return next(part for part in line.split(" · ") if part.startswith("streak "))


@pytest.mark.parametrize(
    "frequency, unit, before_start, on_the_first_day",
    [
        (Frequency.WEEKLY, "week", "streak 0w", "streak 0w"),
        (Frequency.FORTNIGHTLY, "fortnight", "streak 0 fortnights", "streak 0 fortnights"),
        (Frequency.MONTHLY, "month", "streak 0 months", "streak 0 months"),
    ],
)
def test_the_unit_comes_from_the_cadence_before_any_session(frequency, unit, before_start, on_the_first_day):
    chosen = partnership(frequency)
    early = report(chosen, [], "2026-11-30T09:00")  # the day before the start: no period yet
    assert period_unit(early) == unit
    assert streak_part(frequency, [], "2026-11-30T09:00") == before_start
    assert streak_part(frequency, [], "2026-12-01T09:00") == on_the_first_day


def test_the_unit_follows_the_count_once_sessions_are_held():
    weekly = [held(f"2026-12-{day:02}T16:00") for day in (1, 8, 15)]
    assert streak_part(Frequency.WEEKLY, weekly, "2026-12-22T09:00") == "streak 3w"
    fortnightly = [held("2026-12-01T16:00"), held("2026-12-15T16:00")]
    assert streak_part(Frequency.FORTNIGHTLY, fortnightly, "2026-12-29T09:00") == "streak 2 fortnights"
    monthly = [held("2026-12-01T16:00")]
    assert streak_part(Frequency.MONTHLY, monthly, "2027-01-05T09:00") == "streak 1 month"
    monthly.append(held("2027-01-05T16:00"))
    assert streak_part(Frequency.MONTHLY, monthly, "2027-02-02T09:00") == "streak 2 months"


def test_the_at_risk_message_counts_in_the_cadence_periods():
    chosen = partnership(Frequency.MONTHLY)
    sessions = [held("2026-12-01T16:00"), held("2027-01-05T16:00")]
    late = report(chosen, sessions, "2027-03-01T09:00")  # February's period ends on Tue 2 Mar
    assert at_risk_message(late, "Dana") == (
        "Book this month's session with Dana — last day to keep your 2-month streak."
    )
