"""The periods a partnership's streaks are counted in (docs/streaks.md, "Periods").

Every occurrence of the cadence starts a period, which runs until the next occurrence's
date: `[start, end)` in local dates. The first period starts on the partnership's start
date and runs to the *second* occurrence. Each cadence applies from its `since` until the
next cadence's `since`.

Occurrences come from `companion.schedule.cadence_rule` (dateutil's rrule), so periods
line up with the sessions the app offers. A weekly or fortnightly rule repeats every 7 or
14 days, so those dates are stepped arithmetically from the rule's first occurrence (the
same dates rrule gives: tests/test_streaks_oracle.py checks it). Stepping saves time: rrule took
about 7 µs per occurrence where this was measured, 80 ms for the two centuries of weeks in
the 10 000-session demo file. Monthly dates come from rrule itself.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, time

from companion.models import Cadence, Frequency, Partnership
from companion.schedule import cadence_rule

# How far past today periods are generated to find the end of the current one.
_HORIZON_DAYS = 400
_STEP_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14}


def period_start_days(partnership: Partnership, until: int) -> list[int]:
    """The first day of each period up to `until`, as date ordinals (the last one may be missing if no occurrence
    follows within the horizon: then the current period has no known end)."""
    first = partnership.start_date.toordinal()
    if until < first or not partnership.cadences:
        return []
    days = _occurrence_days(partnership.cadences, until + _HORIZON_DAYS)
    days = days[bisect_left(days, first) :]
    starts = [first, *days[1:]]
    return starts[: bisect_right(starts, until) + 1]


def cadence_at(partnership: Partnership, day: date) -> Cadence:
    """The cadence in force on `day` (the first one before any took effect)."""
    current = partnership.cadences[0]
    for cadence in partnership.cadences:
        if cadence.since <= day:
            current = cadence
    return current


def _occurrence_days(cadences: list[Cadence], horizon: int) -> list[int]:
    """Ordinals of every occurrence before `horizon`, in order, each cadence within its
    window (from its `since`, or where the previous window ended, to the next `since`)."""
    found: list[int] = []
    window_start = cadences[0].since.toordinal()
    for index, cadence in enumerate(cadences):
        start = max(window_start, cadence.since.toordinal())
        end = horizon
        if index + 1 < len(cadences):
            end = min(end, cadences[index + 1].since.toordinal())
        if start < end:
            found.extend(_cadence_days(cadence, start, end))
            window_start = end
    return found


def _cadence_days(cadence: Cadence, start: int, end: int) -> list[int]:
    """Ordinals of one cadence's occurrences in [start, end), in order."""
    rule = cadence_rule(cadence)
    step = _STEP_DAYS.get(cadence.frequency)
    if step is not None:
        first = rule[0].toordinal()
        if first < start:  # whole steps on, to the first one on or after `start`
            first += -((first - start) // step) * step
        return list(range(first, end, step))
    since = datetime.combine(date.fromordinal(start), time.min)
    stop = datetime.combine(date.fromordinal(end), time.min)
    return [moment.toordinal() for moment in rule.between(since, stop, inc=True) if moment < stop]
