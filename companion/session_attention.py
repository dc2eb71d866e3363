"""Which session needs attention first, and what to say about it.

A past session nobody marked held or skipped comes before everything else: until it is
recorded, neither the streak nor "book this week's session" can be trusted (the period
may already be kept). Then the at-risk warning, but never "book" while a session in the
current period is still ahead; then the stalled warning (docs/streaks.md, "Warnings").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from companion import schedule
from companion.dates import format_date
from companion.models import Partnership, Session, SessionState
from companion.reflections import JUST_PASSED, can_reflect
from companion.sessions import sessions_near, slots_since, timeline_between
from companion.store import Store
from companion.streaks import StreakReport, at_risk_message, stalled_message

UNRECORDED_WINDOW = timedelta(weeks=4)  # as far back as the sessions screen offers them


def unrecorded_times(store: Store, partnership: Partnership, now: datetime) -> list[datetime]:
    """When the past sessions of the last four weeks that are neither held, skipped nor
    cancelled were due, stored or only planned by the cadence, oldest first. A session
    counts as past once its time box is over."""
    start = max(now - UNRECORDED_WINDOW, datetime.combine(partnership.start_date, datetime.min.time()))
    end = now - timedelta(minutes=partnership.session_minutes)
    earliest, latest = start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")
    pid, planned = partnership.id, SessionState.PLANNED.value
    since_start = timeline_between(store, earliest)
    stored = [
        datetime.fromisoformat(scheduled)
        for scheduled, _, owner, state, _ in since_start
        if owner == pid and state == planned and scheduled <= latest
    ]
    # A cadence time is taken by a session that fills its slot, or one stored at that very
    # time.
    taken = slots_since(store, partnership, start) | {
        datetime.fromisoformat(scheduled) for scheduled, _, owner, _, _ in since_start if owner == pid
    }
    virtual = [moment for moment in schedule.occurrences(partnership, start, end) if moment not in taken]
    return sorted(set(stored + virtual))


def booked_in_period(report: StreakReport, next_session: Session | None, now: datetime) -> bool:
    """Whether a planned session still ahead falls in the current period."""
    if next_session is None or report.period_end is None or next_session.scheduled_at < now:
        return False
    return next_session.scheduled_at.date() < report.period_end


def week_words(day: date, today: date) -> str:
    """ "This week's", "Last week's" or "The" (weeks from Monday), to name a past session."""
    weeks = (today - timedelta(days=today.weekday()) - (day - timedelta(days=day.weekday()))).days // 7
    return {0: "This week's", 1: "Last week's"}.get(weeks, "The")


def unrecorded_message(times: Sequence[datetime], today: date) -> str:
    """ "Last week's session on Tue 24 Nov is not recorded: mark it held or skipped." """
    latest = times[-1]
    day = format_date(latest, year=latest.year != today.year)
    if len(times) == 1:
        return f"{week_words(latest.date(), today)} session on {day} is not recorded: mark it held or skipped."
    return f"{len(times)} past sessions are not recorded, the latest on {day}: mark them held or skipped."


def first_warning(
    report: StreakReport, partner_name: str, unrecorded: Sequence[datetime], booked: bool, today: date
) -> str | None:
    """The one warning to show, in order: an unrecorded past session, the period at risk
    (unless its session is booked), the partnership stalled."""
    if unrecorded:
        return unrecorded_message(unrecorded, today)
    if report.at_risk and not booked:
        return at_risk_message(report, partner_name)
    return stalled_message(report, partner_name)


def warning_for(store: Store, partnership: Partnership, report: StreakReport, now: datetime) -> str | None:
    """`first_warning` on the stored sessions: the line the dashboard, the progress screen
    and `companion status` show."""
    upcoming = schedule.next_session(partnership, sessions_near(store, partnership, now), now)
    booked = booked_in_period(report, upcoming, now)
    unrecorded = unrecorded_times(store, partnership, now)
    return first_warning(report, partnership.partner_name, unrecorded, booked, now.date())


def session_to_start_on(upcoming: Sequence[Session], past: Sequence[Session], now: datetime) -> Session | None:
    """Where the sessions list opens: the most recent past session that wants something
    (`_wants_something`), else the next one planned."""
    wanting = [session for session in past if session.scheduled_at <= now and _wants_something(session, now)]
    if wanting:
        return max(wanting, key=lambda s: s.scheduled_at)
    return upcoming[0] if upcoming else None


def _wants_something(session: Session, now: datetime) -> bool:
    """Not recorded (last four weeks), or held without a final reflection (last week)."""
    if session.state is SessionState.PLANNED:
        return session.scheduled_at >= now - UNRECORDED_WINDOW
    unreflected = session.reflection is None or session.reflection.is_draft
    recent = session.scheduled_at >= now - JUST_PASSED
    return session.state is SessionState.HELD and unreflected and recent and can_reflect(session, now)
