"""Sessions as an iCalendar file, for a person's own calendar (docs/calendar.md).

Every partnership's sessions from a day on (default: now), stored ones and those the
cadence still only plans, over the next six months. An event's UID comes from the
partnership and the cadence slot the session fills, so importing a newer export updates the
events instead of adding copies; a moved or called-off session gets a higher SEQUENCE so
calendars take the change. Times are local wall-clock times with the local zone's TZID and
a VTIMEZONE, which keeps an 18:00 session at 18:00 across daylight-saving changes.

Private agenda items stay out unless asked for (docs/trust.md); the caller learns how many
were left out. Typed text keeps its line breaks; other control characters are shown as
visible symbols, as on screen, since iCalendar text may not hold them.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta
from icalendar import Alarm, Calendar, Event

from companion import schedule
from companion.agenda import SECTION_ORDER, SECTION_TITLES
from companion.agenda_text import shared_items
from companion.calendar_config import Reminder, load_reminders
from companion.dates import format_date_time
from companion.models import Partnership, Session, SessionState
from companion.partnerships import list_partnerships
from companion.sessions import slots_since, timeline
from companion.store import Store
from companion.terminal_text import printable

HORIZON = relativedelta(months=6)
PRODUCT_ID = "-//Companion//Calendar export//EN"
UID_DOMAIN = "companion.sessions"
SET_ASIDE = (SessionState.CANCELLED, SessionState.SKIPPED)


def calendar_ics(store: Store, now: datetime, *, include_private: bool, since: date | None) -> tuple[bytes, int]:
    """The sessions as .ics bytes, and how many private agenda items were left out."""
    reminders = load_reminders()
    zone = local_zone()
    start = now if since is None else datetime.combine(since, time())
    end = max(start, now) + HORIZON
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Companion sessions")
    left_out = 0
    for partnership in list_partnerships(store):
        for session in sessions_between(store, partnership, start, end):
            event, hidden = session_event(session, partnership, now, zone, reminders, include_private)
            calendar.add_component(event)
            left_out += hidden
    calendar.add_missing_timezones(first_date=start.date() - timedelta(days=1), last_date=end.date())
    return calendar.to_ical(), left_out


def local_zone() -> tzinfo:
    """The local time zone by its IANA name (from TZ, or what /etc/localtime points to);
    UTC when neither names one."""
    for name in (os.environ.get("TZ", "").lstrip(":"), _localtime_link()):
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def _localtime_link() -> str:
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return ""
    _, found, name = target.partition("zoneinfo/")
    return name if found else ""


def sessions_between(store: Store, partnership: Partnership, start: datetime, end: datetime) -> list[Session]:
    """Stored sessions not over by `start` and starting before `end`, and the cadence's
    occurrences in that window that no stored session fills, in time order."""
    minutes = partnership.session_minutes
    low, high = (start - timedelta(days=1)).isoformat(timespec="seconds"), end.isoformat(timespec="seconds")
    stored = [
        session
        for when, doc_id, pid, _state, _slot in timeline(store)
        if pid == partnership.id
        and low <= when < high
        and (session := store.get(Session, doc_id)) is not None
        and schedule.session_end(session, minutes) > start
    ]
    taken = slots_since(store, partnership, start - timedelta(minutes=minutes))
    planned = [
        Session(partnership_id=partnership.id or 0, scheduled_at=moment, slot=moment)
        for moment in schedule.occurrences(partnership, start - timedelta(minutes=minutes) + timedelta(seconds=1), end)
        if moment not in taken
    ]
    return sorted(stored + planned, key=lambda s: s.scheduled_at)


def event_uid(session: Session) -> str:
    """Stable across exports: the partnership and the cadence slot (an extra session, which
    fills no slot, by its stored id)."""
    if session.slot is not None:
        return f"{session.partnership_id}-{session.slot:%Y%m%dT%H%M%S}@{UID_DOMAIN}"
    return f"{session.partnership_id}-extra-{session.id}@{UID_DOMAIN}"


def event_sequence(session: Session) -> int:
    """0 as planned; one more for every move, one more once called off (docs/calendar.md).
    A session off its slot counts as moved at least once: data written before sessions
    counted their moves."""
    off_slot = session.slot is not None and session.scheduled_at != session.slot
    moves = max(session.times_moved, int(off_slot))
    return moves + int(session.state in SET_ASIDE)


def session_event(
    session: Session,
    partnership: Partnership,
    now: datetime,
    zone: tzinfo,
    reminders: list[Reminder],
    include_private: bool,
) -> tuple[Event, int]:
    """One session as a VEVENT, and how many private agenda items it left out."""
    begins = session.scheduled_at.replace(tzinfo=zone)
    partner = printable(partnership.partner_name, one_line=True)
    prepare = f"Prepare for your session with {partner} on {format_date_time(session.scheduled_at)}."
    agenda_lines, hidden = _agenda_lines(session, include_private)
    event = Event()
    event.add("uid", event_uid(session))
    event.add("dtstamp", now.replace(tzinfo=zone).astimezone(UTC))
    event.add("sequence", event_sequence(session))
    event.add("summary", f"Session with {partner}")
    event.add("dtstart", begins)
    event.add("dtend", schedule.session_end(session, partnership.session_minutes).replace(tzinfo=zone))
    event.add("status", "CANCELLED" if session.state in SET_ASIDE else "CONFIRMED")
    lines = _state_lines(session)
    if session.state not in SET_ASIDE:
        lines += [f"Reminder ({', '.join(r.describe() for r in reminders)}): {prepare}", ""]
        for reminder in reminders:
            event.add_component(_alarm(reminder, begins, prepare))
    event.add("description", "\n".join(lines + agenda_lines).rstrip())
    return event, hidden


def _state_lines(session: Session) -> list[str]:
    reason = printable(session.skip_reason)
    if session.state is SessionState.CANCELLED:
        return [f"Cancelled: {reason}" if reason else "Cancelled.", ""]
    if session.state is SessionState.SKIPPED:
        return [f"Skipped: {reason}" if reason else "Skipped.", ""]
    if session.state is SessionState.HELD:
        return ["Held.", ""]
    return []


def _agenda_lines(session: Session, include_private: bool) -> tuple[list[str], int]:
    if session.agenda is None or not session.agenda.items:
        return ["No agenda yet: Companion builds one when you prepare."], 0
    agenda = session.agenda
    shown = shared_items(agenda, include_private)
    lines = ["Agenda:" if agenda.ready_at else "Agenda (not marked ready yet):"]
    for section in SECTION_ORDER:
        items = [item for item in shown if item.section is section]
        if items:
            lines.append(f"{SECTION_TITLES[section]}:")
            lines.extend(_item_line(item.text, item.minutes, item.private) for item in items)
    return lines, len(agenda.items) - len(shown)


def _item_line(text: str, minutes: int, private: bool) -> str:
    first, *more = printable(text).split("\n")
    mark = " (private)" if private else ""
    return "\n".join([f"- {first} ({minutes} min){mark}", *(f"  {line}" for line in more)])


def _alarm(reminder: Reminder, begins: datetime, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    if reminder.at is None:
        alarm.add("trigger", -reminder.before)
    else:
        # "The day before at 09:00" is a wall-clock moment, given in UTC as RFC 5545 asks.
        day = begins.date() - timedelta(days=reminder.before.days)
        moment = datetime.combine(day, reminder.at, tzinfo=begins.tzinfo)
        alarm.add("trigger", moment.astimezone(UTC))
    return alarm
