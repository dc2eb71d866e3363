"""Changing how often a partnership meets, without rewriting history: check a cadence as
typed, show the one a change would append, append it, and settle the planned sessions the
old cadence leaves behind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import partial

from companion import clock, schedule
from companion.dates import format_clock, format_date, format_date_time, month_name, week_of_month
from companion.errors import CompanionError, ValidationError
from companion.models import WEEKDAYS, Cadence, Frequency, Partnership, Session, SessionState
from companion.sessions import cancel_session, is_session_time, stored_id, stored_session
from companion.store import Store
from companion.validation import (
    WEEKS_OF_MONTH,
    check_choice,
    check_time,
    check_weekday,
    collect,
    first_weekday_from,
    make_cadence,
)

WEEK_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}

# A cadence as chosen, from the day given (a monthly one's week of the month may depend on it).
CadenceOn = Callable[[date], Cadence]


@dataclass
class CadenceChange:
    """What `change_cadence` did: the updated partnership, the cadence it appended, and the
    stored planned sessions from the old cadence that the new one does not have."""

    partnership: Partnership
    cadence: Cadence
    orphans: list[Session]
    cancelled: bool


def check_cadence_fields(frequency: object, weekday: object, at: str | time) -> tuple[Frequency, int, time]:
    """A cadence as typed, cleaned up, or ValidationError per field."""
    problems: dict[str, str] = {}
    freq = collect(problems, "frequency", lambda: check_choice(frequency, Frequency, "how often you meet"))
    day = collect(problems, "weekday", lambda: check_weekday(weekday))
    clock_time = at if isinstance(at, time) else collect(problems, "at", lambda: check_time(at))
    if problems or freq is None or day is None or clock_time is None:
        raise ValidationError(problems)
    return freq, day, clock_time


def cadence_from(
    frequency: Frequency, weekday: int, at: time, since: date, week_of_month: int | None = None
) -> Cadence:
    """A cadence from `since`; a monthly one meets in `week_of_month` when given, else in
    the week of its first meeting day (see `validation.make_cadence`)."""
    return make_cadence(frequency, weekday, at, since, week_of_month)


def with_cadence(partnership: Partnership, cadence: Cadence) -> Partnership:
    """The partnership as it would be with `cadence` appended (nothing is stored)."""
    return replace(partnership, cadences=[*partnership.cadences, cadence])


def is_cadence_in_force(partnership: Partnership, cadence: Cadence) -> bool:
    """Whether `cadence` meets when the partnership already meets (when it starts aside),
    so changing to it would change nothing."""
    now = partnership.cadence
    return (now.frequency, now.weekday, now.at, now.week_of_month) == (
        cadence.frequency,
        cadence.weekday,
        cadence.at,
        cadence.week_of_month,
    )


def first_session_on(partnership: Partnership, cadence: Cadence, now: datetime) -> datetime | None:
    """The first session time once `cadence` is appended: from when it starts, never before now."""
    start = max(now, datetime.combine(cadence.since, time()))
    return schedule.next_occurrence(with_cadence(partnership, cadence), start)


@dataclass(frozen=True)
class FirstMeeting:
    """A cadence's first session from a start, and, for a monthly one, the day of the chosen
    week that the start is already past (so the first session is a month later than it)."""

    cadence: Cadence
    when: datetime
    passed: date | None = None  # the chosen week's day in the starting month, before the start
    sooner: datetime | None = None  # the same weekday's first time from the start, when before `when`
    can_start_earlier: bool = False  # `passed` is not in the past: an earlier start date would keep it


def first_meeting(cadence: Cadence, when: datetime, now: datetime) -> FirstMeeting:
    """What to say about `when`, the first session `cadence` gives from `now` (or from its
    start, if later): for a monthly one, whether the start skips this month's day."""
    start = max(now, datetime.combine(cadence.since, time()))
    if cadence.frequency is not Frequency.MONTHLY or (when.year, when.month) == (start.year, start.month):
        return FirstMeeting(cadence, when)
    this_month = schedule.nth_weekday(start.date(), cadence.weekday, cadence.week_of_month or 1)
    this_month_at = datetime.combine(this_month, cadence.at)
    if this_month_at >= start:
        return FirstMeeting(cadence, when)
    sooner = datetime.combine(first_weekday_from(cadence.weekday, start.date()), cadence.at)
    if sooner < start:
        sooner += timedelta(days=7)
    return FirstMeeting(
        cadence,
        when,
        passed=this_month,
        sooner=sooner if sooner < when else None,
        can_start_earlier=this_month_at >= now,
    )


def first_meeting_words(meeting: FirstMeeting) -> str:
    """ "Tue 1 Dec 2026 at 16:00, the first Tuesday of December" (a weekly one: the date alone)."""
    when = format_date_time(meeting.when)
    if meeting.cadence.frequency is not Frequency.MONTHLY:
        return when
    return f"{when}, the {_nth_weekday_words(meeting.cadence, meeting.when)}"


def skipped_words(meeting: FirstMeeting) -> str | None:
    """Why the first session is next month's and how to meet sooner; None when it is not,
    or when no change of week or start date would make it sooner.

    "The last Tuesday of November (Tue 24 Nov) has passed, so the first session is in
    December. To meet sooner, choose the first week (Tue 1 Dec)."
    """
    if meeting.passed is None or (meeting.sooner is None and not meeting.can_start_earlier):
        return None  # the first session is the next of these weekdays: nothing to correct
    gone = "is before the start date" if meeting.can_start_earlier else "has passed"
    words = (
        f"The {_nth_weekday_words(meeting.cadence, meeting.passed)} ({format_date(meeting.passed, year=False)}) "
        f"{gone}, so the first session is in {month_name(meeting.when)}."
    )
    remedies = []
    if meeting.sooner is not None:
        sooner = format_date(meeting.sooner, year=False)
        remedies.append(f"choose the {WEEK_NAMES[week_of_month(meeting.sooner)]} week ({sooner})")
    if meeting.can_start_earlier:
        remedies.append(f"start on {format_date(meeting.passed, year=False)} or before")
    return f"{words} To meet sooner, {' or '.join(remedies)}."


def _nth_weekday_words(cadence: Cadence, day: date | datetime) -> str:
    """ "first Tuesday of December": the cadence's day in the month of `day`."""
    nth = WEEK_NAMES.get(cadence.week_of_month or 1, "first")
    return f"{nth} {WEEKDAYS[cadence.weekday]} of {month_name(day)}"


def preview_cadence(
    partnership: Partnership,
    frequency: object,
    weekday: object,
    at: str | time,
    now: datetime,
    week_of_month: int | None = None,
) -> Cadence:
    """The cadence `change_cadence` would append with no `since` given (see
    `_first_day`). For showing before saving."""
    freq, day, clock_time = check_cadence_fields(frequency, weekday, at)
    cadence_on = partial(cadence_from, freq, day, clock_time, week_of_month=week_of_month)
    return cadence_on(_first_day(partnership, cadence_on, now))


def change_cadence(
    store: Store,
    partnership_id: int,
    *,
    frequency: Frequency | str,
    weekday: int | str,
    at: time | str,
    since: date | None = None,
    week_of_month: int | None = None,
    cancel_orphans: bool = False,
    now: datetime | None = None,
) -> CadenceChange:
    """Meet on a new cadence from `since` on, without rewriting history.

    A new `Cadence` is appended (earlier ones are never edited), so occurrences before
    `since` stay as they were, and stored sessions keep their times. `since` defaults to
    today, or tomorrow when a session time of the old or the new cadence has already come
    today (so no past occurrence appears or disappears). Planned sessions already stored
    for a slot of the old cadence on or after `since` ("orphans") are left alone and
    returned, so the person can decide; `cancel_orphans=True` cancels them instead.
    """
    now = now or clock.now()
    problems: dict[str, str] = {}
    try:
        freq, day, clock_time = check_cadence_fields(frequency, weekday, at)
    except ValidationError as error:
        problems.update(error.problems)
    if week_of_month is not None and week_of_month not in WEEKS_OF_MONTH:
        problems["week_of_month"] = "Choose the week of the month: 1, 2, 3, 4, or -1 for the last."
    with store.transaction():
        partnership = store.get(Partnership, partnership_id)
        if partnership is None:
            raise CompanionError("That partnership no longer exists.")
        if problems:
            raise ValidationError(problems)
        cadence_on = partial(cadence_from, freq, day, clock_time, week_of_month=week_of_month)
        since = _check_since(partnership, cadence_on, since, now)
        cadence = cadence_on(since)
        cadences = [*partnership.cadences, cadence]
        store.update(Partnership, partnership_id, cadences=cadences)
        partnership.cadences = cadences
        orphans = _orphans(store, partnership, datetime.combine(since, time()))
        if cancel_orphans:
            for orphan in orphans:
                store.update(
                    Session,
                    stored_id(orphan),
                    state=SessionState.CANCELLED,
                    skip_reason=f"The cadence changed to {cadence.describe()}.",
                )
            orphans = [stored_session(store, stored_id(orphan)) for orphan in orphans]
    return CadenceChange(partnership=partnership, cadence=cadence, orphans=orphans, cancelled=cancel_orphans)


def cancel_orphans(store: Store, change: CadenceChange, now: datetime | None = None) -> list[Session]:
    """Cancel the planned sessions a cadence change left behind (`change.orphans`)."""
    reason = f"The cadence changed to {change.cadence.describe()}."
    with store.transaction():
        cancelled = []
        for orphan_id in map(stored_id, change.orphans):
            current = store.get(Session, orphan_id)
            if current is not None and current.state is SessionState.PLANNED:
                cancelled.append(cancel_session(store, orphan_id, reason, now=now))
    return cancelled


def _first_day(partnership: Partnership, cadence_on: CadenceOn, now: datetime) -> date:
    """The day a change starts when none is given: today, or tomorrow when a session time
    of the old or the new cadence has already come today (so no past occurrence appears or
    disappears); never before the newest cadence starts."""
    today = now.date()
    since = max(today, partnership.cadence.since)
    if since == today and _come_today(partnership, cadence_on, now):
        since = today + timedelta(days=1)
    return since


def _come_today(partnership: Partnership, cadence_on: CadenceOn, now: datetime) -> list[datetime]:
    """The session times that have already come today, on the cadence in force or on the
    new one started today."""
    midnight = datetime.combine(now.date(), time())
    trial = with_cadence(partnership, cadence_on(now.date()))
    return schedule.occurrences(partnership, midnight, now) + schedule.occurrences(trial, midnight, now)


def _check_since(partnership: Partnership, cadence_on: CadenceOn, since: date | None, now: datetime) -> date:
    """The day the change starts: `since` when it may, else ValidationError saying why."""
    if since is None:
        return _first_day(partnership, cadence_on, now)
    today, latest = now.date(), partnership.cadence.since
    problem = None
    if since < today:
        problem = "A change cannot start in the past (history keeps its cadence): pick today or later."
    elif since < latest:
        problem = f"A cadence from {format_date(latest)} is already set: pick that day or later."
    elif since == today and (passed := _come_today(partnership, cadence_on, now)):
        problem = f"A session time today ({format_clock(min(passed))}) has already come: start the change tomorrow."
    if problem:
        raise ValidationError({"since": problem})
    return since


def _orphans(store: Store, partnership: Partnership, since: datetime) -> list[Session]:
    """Planned sessions stored for a cadence slot from `since` on that is no longer a session time."""
    start = since.isoformat(timespec="seconds")
    stored = store.find(
        Session,
        lambda d: (
            d.get("partnership_id") == partnership.id
            and d.get("state", "planned") == "planned"
            and (d.get("slot") or "") >= start
        ),
    )
    return sorted(
        (s for s in stored if s.slot is not None and not is_session_time(partnership, s.slot)),
        key=lambda s: s.scheduled_at,
    )
