"""Stored sessions: reading the ones that matter without decoding a whole history, and
acting on them (materialize, add, move, skip, cancel, hold). Changing the cadence is in
`companion.cadences`."""

from __future__ import annotations

import bisect
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from companion import clock, schedule
from companion.dates import format_date_time
from companion.errors import CompanionError, ValidationError
from companion.models import Partnership, Session, SessionState
from companion.session_timeline import TimelineEntry, follow_timeline
from companion.store import Store
from companion.validation import FieldError, check_text


def sessions_near(store: Store, partnership: Partnership, now: datetime) -> list[Session]:
    """Sessions that can affect what comes next: planned ones, and any filling a recent
    or future cadence slot (so a skipped or moved occurrence is not offered again)."""
    since = (now - timedelta(days=2)).isoformat(timespec="seconds")
    slots = slot_order(store)
    recent = slots[bisect.bisect_left(slots, (since,)) :]
    planned = store.derived("sessions.planned", _planned_ids)
    ids = sorted(
        {doc_id for doc_id, pid in planned if pid == partnership.id}
        | {doc_id for _, pid, doc_id in recent if pid == partnership.id}
    )
    found = (store.get(Session, doc_id) for doc_id in ids)
    return [session for session in found if session is not None]


def slots_since(store: Store, partnership: Partnership, since: datetime) -> set[datetime]:
    """The cadence slots from `since` on that a stored session fills (held, moved, skipped…)."""
    slots = slot_order(store)
    start = bisect.bisect_left(slots, (since.isoformat(timespec="seconds"),))
    return {datetime.fromisoformat(slot) for slot, pid, _ in slots[start:] if pid == partnership.id}


def slot_order(store: Store) -> list[tuple[str, int, int]]:
    """Every filled cadence slot as (slot, partnership id, session id), in time order: a
    session may be moved far from its slot, so `timeline`'s order says nothing about slots."""
    return store.derived(
        "sessions.slots", lambda s: sorted((slot, pid, i) for _, i, pid, _, slot in timeline(s) if slot)
    )


def _planned_ids(store: Store) -> list[tuple[int, int]]:
    """Every planned session as (id, partnership id), kept: `sessions_near` is asked
    several times for a screen, and a pass over a long history each time cost most of it."""
    return [(doc_id, pid) for _, doc_id, pid, state, _ in timeline(store) if state == "planned"]


def timeline_between(store: Store, earliest: str, latest: str | None = None) -> list[TimelineEntry]:
    """The `timeline` entries scheduled from `earliest` to `latest` (ISO text, both
    included; no `latest`: to the end), found by bisection rather than a pass over a long
    history."""
    entries = timeline(store)
    start = bisect.bisect_left(entries, earliest, key=_scheduled)
    end = len(entries) if latest is None else bisect.bisect_right(entries, latest, lo=start, key=_scheduled)
    return entries[start:end]


def _scheduled(entry: TimelineEntry) -> str:
    return entry[0]


def timeline(store: Store) -> list[TimelineEntry]:
    """Every session as (scheduled_at, id, partnership id, state, slot or ""), in time
    order; kept up to date as sessions change (`companion.session_timeline`), so screens
    need not scan every record."""
    return store.derived_from("sessions.timeline", follow_timeline).entries


def sessions_before(
    store: Store, partnership: Partnership, before: datetime, *, limit: int = 12, exclude_id: int | None = None
) -> list[Session]:
    """The `limit` most recent sessions scheduled before `before`, newest first.
    Only those are decoded, which keeps a long history cheap."""
    entries = timeline(store)
    end = bisect.bisect_left(entries, (before.isoformat(timespec="seconds"),))
    found: list[Session] = []
    for _, doc_id, partnership_id, _state, _slot in reversed(entries[:end]):
        if partnership_id != partnership.id or doc_id == exclude_id:
            continue
        session = store.get(Session, doc_id)
        if session is not None:
            found.append(session)
            if len(found) == limit:
                break
    return found


def held_between(store: Store, partnership: Partnership, start: datetime, end: datetime) -> int:
    """How many sessions were held in [start, end]."""
    entries = timeline(store)
    low = bisect.bisect_left(entries, (start.isoformat(timespec="seconds"),))
    high = bisect.bisect_right(entries, (end.isoformat(timespec="seconds"), float("inf")))
    return sum(1 for _, _, pid, state, _ in entries[low:high] if pid == partnership.id and state == "held")


def listed_sessions(
    store: Store, partnership: Partnership, now: datetime, *, upcoming: int, recent: int
) -> tuple[list[Session], list[Session]]:
    """The sessions to list, as (ahead, behind). Ahead: the next `upcoming` the cadence and
    the store plan, with skipped or cancelled ones still to come (so they can be undone),
    soonest first. Behind: the `recent` latest stored ones and the `unrecorded` cadence
    times, newest first. Sessions the cadence only plans have `id=None`."""
    near = sessions_near(store, partnership, now)
    set_aside = [s for s in near if s.state is not SessionState.PLANNED and s.scheduled_at >= now]
    ahead = sorted(schedule.upcoming(partnership, near, now, upcoming) + set_aside, key=lambda s: s.scheduled_at)
    behind = [s for s in sessions_before(store, partnership, now, limit=recent) if s not in ahead]
    behind += unrecorded(partnership, near + behind, now)
    return ahead, sorted(behind, key=lambda s: s.scheduled_at, reverse=True)


def unrecorded(partnership: Partnership, stored: list[Session], now: datetime) -> list[Session]:
    """Cadence times of the last four weeks, over by now, that none of the `stored` sessions
    fills: held, or missed? Returned as sessions the cadence only plans (`id=None`)."""
    taken = {s.slot for s in stored if s.slot}
    start = max(now - timedelta(weeks=4), datetime.combine(partnership.start_date, datetime.min.time()))
    end = now - timedelta(minutes=partnership.session_minutes)
    return [
        Session(partnership_id=stored_id(partnership), scheduled_at=moment, slot=moment)
        for moment in schedule.occurrences(partnership, start, end)
        if moment not in taken
    ]


# --- acting on sessions ------------------------------------------------------------------
#
# Every function below takes a session as a stored id, a stored `Session`, or a session the
# cadence only plans (`schedule.upcoming` returns those with `id=None`); the latter is
# stored first (`materialize`). Each change runs in one `store.transaction()`.

HOLD_MINUTES = (1, 480)
HOLD_AHEAD_LIMIT = timedelta(days=1)
SCHEDULE_LIMIT = timedelta(days=366)
REASON_MAX = 200

SessionRef = int | Session


class StoredRecord(Protocol):
    id: int | None


def stored_id(record: StoredRecord) -> int:
    """The id of a record read from the store or added to it (a record only built has none)."""
    if record.id is None:
        raise CompanionError(f"That {type(record).__name__.lower()} was never saved.")
    return record.id


def materialize(
    store: Store, partnership: Partnership, target: Session | datetime, now: datetime | None = None
) -> Session:
    """The stored record for `target`: a stored session (re-read), a session only planned by
    the cadence, or a cadence occurrence given as its datetime. A slot that a stored
    session already fills gives that session, so nothing is stored twice."""
    now = now or clock.now()
    with store.transaction():
        if isinstance(target, Session) and target.id is not None:
            return _get(store, target.id)
        partnership_id = stored_id(partnership)
        partnership = store.get(Partnership, partnership_id) or partnership  # its newest cadences
        if not isinstance(target, Session):
            slot = target
        elif target.slot is not None:
            slot = target.slot
        else:  # an ad-hoc session that was never stored
            return store.add(replace(target, partnership_id=partnership_id, created_at=now))
        existing = _in_slot(store, partnership, slot)
        if existing is not None:
            return existing
        if not is_session_time(partnership, slot):
            raise CompanionError(
                f"{format_date_time(slot)} is not a session time of the cadence "
                f"({partnership.cadence.describe()}): add it as an extra session instead."
            )
        base = target if isinstance(target, Session) else Session(partnership_id=partnership_id, scheduled_at=slot)
        return store.add(replace(base, id=None, partnership_id=partnership_id, slot=slot, created_at=now))


def is_session_time(partnership: Partnership, moment: datetime) -> bool:
    """Whether the partnership's cadence has a session at exactly `moment`."""
    return moment in schedule.occurrences(partnership, moment, moment + timedelta(seconds=1))


def stored_session(store: Store, ref: SessionRef, now: datetime | None = None) -> Session:
    """The stored record for an id or a session (materializing one the cadence only plans)."""
    if isinstance(ref, Session):
        if ref.id is None:
            return materialize(store, _partnership(store, ref), ref, now)
        ref = ref.id
    return _get(store, ref)


def add_session(
    store: Store,
    partnership: Partnership,
    when: datetime,
    *,
    duration_minutes: int | None = None,
    now: datetime | None = None,
) -> Session:
    """An extra (ad-hoc) session, outside the cadence: it fills no slot. It may lie in the
    past (to record a meeting after the fact), but not more than a year either way."""
    now = now or clock.now()
    problems: dict[str, str] = {}
    with store.transaction():
        _check_time(store, partnership, when, now, problems, "when", moving=None)
        if duration_minutes is not None:
            _check_duration(duration_minutes, problems)
        if problems:
            raise ValidationError(problems)
        session = Session(
            partnership_id=stored_id(partnership),
            scheduled_at=when,
            slot=None,
            duration_minutes=duration_minutes,
            created_at=now,
        )
        return store.add(session)


def reschedule_session(store: Store, ref: SessionRef, new_time: datetime, now: datetime | None = None) -> Session:
    """Move a planned session to another time. It keeps its cadence slot, so the cadence does
    not offer the original occurrence again; an ad-hoc session stays ad hoc. Every move
    counts in `times_moved` (back to its slot too); a "move" to its own time changes nothing."""
    now = now or clock.now()
    with store.transaction():
        session = _planned(store, ref, now, "moved")
        partnership = _partnership(store, session)
        problems: dict[str, str] = {}
        if new_time.date() < now.date():
            problems["new_time"] = (
                f"{format_date_time(new_time)} is in the past: pick a time from today on. To record a session "
                "that took place at another time, mark it held and enter when."
            )
        else:
            _check_time(store, partnership, new_time, now, problems, "new_time", moving=session)
        if problems:
            raise ValidationError(problems)
        if new_time == session.scheduled_at:
            return session
        return _changed(store, session, scheduled_at=new_time, times_moved=session.times_moved + 1)


def skip_session(
    store: Store, ref: SessionRef, reason: str, *, pauses_streak: bool = False, now: datetime | None = None
) -> Session:
    """The session will not happen, for a reason. With `pauses_streak` (holiday, leave) the
    period neither breaks nor extends a streak."""
    try:
        cleaned = check_text(reason, "The reason", required=True, limit=REASON_MAX)
    except FieldError as error:
        raise ValidationError({"reason": f"{error} Say why, for example: holiday, release week."}) from None
    with store.transaction():
        session = _planned(store, ref, now, "skipped")
        return _changed(
            store, session, state=SessionState.SKIPPED, skip_reason=cleaned, pauses_streak=bool(pauses_streak)
        )


def cancel_session(store: Store, ref: SessionRef, reason: str = "", now: datetime | None = None) -> Session:
    """Call a planned session off (the way to drop an extra session, too). Its record stays,
    with its agenda; a cadence slot it filled is not offered again. The optional reason is
    kept in `skip_reason`. A cancelled session never pauses a streak."""
    try:
        cleaned = check_text(reason, "The reason", limit=REASON_MAX)
    except FieldError as error:
        raise ValidationError({"reason": str(error)}) from None
    with store.transaction():
        session = _planned(store, ref, now, "cancelled")
        return _changed(store, session, state=SessionState.CANCELLED, skip_reason=cleaned, pauses_streak=False)


def restore_session(store: Store, session_id: int) -> Session:
    """Undo a skip or a cancellation: the session is planned again."""
    with store.transaction():
        session = _get(store, session_id)
        if session.state not in (SessionState.SKIPPED, SessionState.CANCELLED):
            raise CompanionError(
                f"The session on {format_date_time(session.scheduled_at)} was not skipped or cancelled."
            )
        store.update(Session, session_id, state=SessionState.PLANNED, skip_reason="", pauses_streak=False)
        return _get(store, session_id)


def hold_session(
    store: Store,
    session_id: SessionRef,
    held_at: datetime | None = None,
    duration_minutes: int | None = None,
    covered_item_ids: set[str] | None = None,
    *,
    now: datetime | None = None,
) -> Session:
    """Record that a session took place.

    `held_at` defaults to the scheduled time and may not be more than a day ahead of now;
    `duration_minutes` (1–480) defaults to the session's own length, else the partnership's. With
    `covered_item_ids`, exactly those agenda items are ticked (without, the ticks already on
    the agenda stand). Unticked items carry forward into the next agenda. Holding a held
    session again updates it. This changes the session alone: `holding.hold` also settles
    the notes its agenda covered.
    """
    now = now or clock.now()
    with store.transaction():
        session = stored_session(store, session_id, now)
        if session.state not in (SessionState.PLANNED, SessionState.HELD):
            raise CompanionError(
                f"The session on {format_date_time(session.scheduled_at)} was {session.state.value}: "
                "restore it first if it did take place."
            )
        partnership = _partnership(store, session)
        held_at = held_at or session.held_at or session.scheduled_at
        duration = duration_minutes
        if duration is None:
            duration = session.duration_minutes or partnership.session_minutes
        problems: dict[str, str] = {}
        if held_at - now > HOLD_AHEAD_LIMIT:
            problems["held_at"] = (
                f"{format_date_time(held_at)} is more than a day from now: enter when the session actually took place."
            )
        _check_duration(duration, problems)
        agenda = session.agenda
        if covered_item_ids is not None:
            known = {item.id for item in agenda.items} if agenda else set()
            unknown = sorted(set(covered_item_ids) - known)
            if unknown:
                problems["covered_item_ids"] = (
                    f"This session's agenda has no item {', '.join(unknown)}: reload the agenda and tick again."
                )
            elif agenda is not None:
                agenda = replace(agenda, items=[replace(i, covered=i.id in covered_item_ids) for i in agenda.items])
        if problems:
            raise ValidationError(problems)
        return _changed(
            store, session, state=SessionState.HELD, held_at=held_at, duration_minutes=duration, agenda=agenda
        )


def _changed(store: Store, session: Session, **fields: Any) -> Session:
    """Store `fields` on a stored session and read it back."""
    session_id = stored_id(session)
    store.update(Session, session_id, **fields)
    return _get(store, session_id)


def _get(store: Store, session_id: int) -> Session:
    session = store.get(Session, session_id)
    if session is None:
        raise CompanionError(f"Session {session_id} no longer exists (deleted in another window?).")
    return session


def _partnership(store: Store, session: Session) -> Partnership:
    partnership = store.get(Partnership, session.partnership_id)
    if partnership is None:
        raise CompanionError("That session's partnership no longer exists.")
    return partnership


def _planned(store: Store, ref: SessionRef, now: datetime | None, verb: str) -> Session:
    session = stored_session(store, ref, now)
    if session.state is not SessionState.PLANNED:
        raise CompanionError(
            f"Only a planned session can be {verb}; the one on {format_date_time(session.scheduled_at)} was {session.state.value}."
        )
    return session


def _in_slot(store: Store, partnership: Partnership, slot: datetime) -> Session | None:
    key = slot.isoformat(timespec="seconds")
    found = store.find(Session, lambda d: d.get("partnership_id") == partnership.id and d.get("slot") == key)
    return found[0] if found else None


def _check_time(
    store: Store,
    partnership: Partnership,
    when: datetime,
    now: datetime,
    problems: dict[str, str],
    name: str,
    *,
    moving: Session | None,
) -> None:
    """A session time within a year of now that no other session already takes."""
    if abs(when - now) > SCHEDULE_LIMIT:
        problems[name] = f"{format_date_time(when)} is more than a year from now: check the date."
        return
    if moving is not None and when == moving.slot:
        return  # back to its own cadence time
    key = when.isoformat(timespec="seconds")
    clash = store.find(
        Session,
        lambda d: (
            d.get("partnership_id") == partnership.id
            and d.get("scheduled_at") == key
            and d.get("state", "planned") in ("planned", "held")
        ),
    )
    clash = [s for s in clash if moving is None or s.id != moving.id]
    free_slot = is_session_time(partnership, when) and _in_slot(store, partnership, when) is None
    if clash or free_slot:
        problems[name] = f"There is already a session at {format_date_time(when)}: pick another time."


def _check_duration(minutes: int, problems: dict[str, str]) -> None:
    low, high = HOLD_MINUTES
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not low <= minutes <= high:
        problems["duration_minutes"] = f"A session lasts {low} to {high} minutes, not {minutes}: enter its length."
