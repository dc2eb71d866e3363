"""When sessions happen: the cadence's occurrences merged with the stored sessions.

Occurrences are computed with dateutil's `rrule` on naive local datetimes, so a weekly
18:00 session stays at 18:00 across daylight-saving changes. A partnership keeps every
cadence it ever had; each applies from its `since` date until the next one starts, which
is how a change of cadence leaves history alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from companion.models import Cadence, Frequency, Partnership, Session, SessionState


def cadence_rule(cadence: Cadence, near: datetime | None = None) -> rrule:
    """The cadence as an rrule. With `near`, the rule starts shortly before that moment
    (same phase), so asking about today does not walk every week since the start."""
    start = datetime.combine(cadence.since, cadence.at)
    if cadence.frequency is not Frequency.MONTHLY:
        # Count (fort)nights from the first meeting day on or after `since`; rrule alone
        # counts them from the Monday-based week holding `since` and can skip a week.
        start += timedelta(days=(cadence.weekday - cadence.since.weekday()) % 7)
    if near is not None and near - start > timedelta(days=70):
        start = _restart_before(cadence, start, near - timedelta(days=35))
    if cadence.frequency is Frequency.MONTHLY:
        nth = cadence.week_of_month or 1
        return rrule(MONTHLY, dtstart=start, byweekday=weekday(cadence.weekday, nth))
    interval = 2 if cadence.frequency is Frequency.FORTNIGHTLY else 1
    return rrule(WEEKLY, dtstart=start, interval=interval, byweekday=cadence.weekday)


def _restart_before(cadence: Cadence, start: datetime, target: datetime) -> datetime:
    """A later start for the same rule: whole periods on (weekly), or a month's first day."""
    if cadence.frequency is Frequency.MONTHLY:
        return datetime.combine(target.date().replace(day=1), cadence.at)
    period = 14 if cadence.frequency is Frequency.FORTNIGHTLY else 7
    periods = (target - start).days // period
    return start + timedelta(days=periods * period)


def nth_weekday(day: date, weekday_index: int, nth: int) -> date:
    """The `nth` (1 to 4, or -1 for the last) `weekday_index` of the month `day` is in."""
    first = day.replace(day=1)
    if nth > 0:
        return first + timedelta(days=(weekday_index - first.weekday()) % 7 + 7 * (nth - 1))
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday_index) % 7)


def occurrences(partnership: Partnership, start: datetime, end: datetime) -> list[datetime]:
    """Every cadence occurrence in [start, end), across cadence changes."""
    found: list[datetime] = []
    cadences = partnership.cadences
    for index, cadence in enumerate(cadences):
        window_end = end
        if index + 1 < len(cadences):
            window_end = min(end, datetime.combine(cadences[index + 1].since, time()))
        if window_end <= start:
            continue
        rule = cadence_rule(cadence, near=start)
        # `between(inc=True)` includes the window's end: a new cadence's first day is its own.
        found.extend(m for m in rule.between(start, window_end, inc=True) if m < window_end)
    return [moment for moment in found if start <= moment < end]


def next_occurrence(partnership: Partnership, after: datetime) -> datetime | None:
    """The first cadence occurrence at or after `after`, from whichever cadence applies then
    (a cadence that starts later does not hide the sessions of the one in force until then)."""
    cadences = partnership.cadences
    for index, cadence in enumerate(cadences):
        window_end = None
        if index + 1 < len(cadences):
            window_end = datetime.combine(cadences[index + 1].since, time())
            if window_end <= after:
                continue
        found = cadence_rule(cadence, near=after).after(after, inc=True)
        if found is not None and (window_end is None or found < window_end):
            return found
    return None


def session_end(session: Session, minutes: int) -> datetime:
    return session.scheduled_at + timedelta(minutes=session.duration_minutes or minutes)


def upcoming(partnership: Partnership, sessions: Iterable[Session], now: datetime, count: int = 1) -> list[Session]:
    """The next `count` sessions that have not ended yet, stored or still only planned by cadence.

    A session is still "next" until its time box has passed, so a session in progress
    stays on screen. Cadence occurrences already filled by a stored session (held,
    skipped, cancelled or rescheduled) are not offered again.
    """
    own = [s for s in sessions if s.partnership_id == partnership.id]
    taken = {s.slot for s in own if s.slot is not None}
    minutes = partnership.session_minutes
    open_stored = [s for s in own if s.state is SessionState.PLANNED and session_end(s, minutes) > now]
    virtual: list[Session] = []
    cursor = now - timedelta(minutes=minutes) + timedelta(seconds=1)  # not yet ended
    horizon = now + timedelta(days=800)
    while len(virtual) < count and cursor < horizon:
        found = next_occurrence(partnership, cursor)
        if found is None:
            break
        cursor = found + timedelta(minutes=1)
        if found in taken:
            continue
        virtual.append(Session(partnership_id=partnership.id or 0, scheduled_at=found, slot=found))
    merged = sorted(open_stored + virtual, key=lambda s: s.scheduled_at)
    return merged[:count]


def next_session(partnership: Partnership, sessions: Iterable[Session], now: datetime) -> Session | None:
    found = upcoming(partnership, sessions, now, 1)
    return found[0] if found else None
