"""What the dashboard and `companion status` show: one plain snapshot of where things stand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from companion import schedule
from companion.actions import is_overdue, open_actions_overdue_first
from companion.dates import countdown, format_date, format_when
from companion.goals import active_goals_attention_first, needs_attention
from companion.models import ActionItem, Goal, Note, Partnership, Profile, Session
from companion.notes import open_notes, session_notes_last_went_to
from companion.partnerships import current_partnership, profile
from companion.reflections import reflection_candidates
from companion.session_attention import booked_in_period, first_warning, unrecorded_times
from companion.sessions import sessions_near
from companion.store import Store
from companion.streaks import StreakReport, period_unit, report_for

ACTIONS_SHOWN = 5


@dataclass
class Snapshot:
    now: datetime
    profile: Profile | None
    partnership: Partnership | None
    next_session: Session | None = None
    notes: list[Note] = field(default_factory=list)
    # With no open notes: the session the last ones were brought up in, if any were.
    notes_went_to: Session | None = None
    goals: list[Goal] = field(default_factory=list)  # active ones, those needing attention first
    actions: list[ActionItem] = field(default_factory=list)  # open ones, overdue first
    open_actions: int = 0
    # The session that most wants its reflection, of any partnership (or None), and the
    # partner's name when it is not the current partnership's.
    to_reflect: Session | None = None
    to_reflect_with: str = ""
    streaks: StreakReport | None = None
    warning: str | None = None  # not recorded, at risk or stalled, with what to do
    # Past sessions of the last four weeks neither held, skipped nor cancelled, oldest first.
    unrecorded: list[datetime] = field(default_factory=list)

    @property
    def booked(self) -> bool:
        """A session of the current period is still ahead (so "book one" would be wrong)."""
        return self.streaks is not None and booked_in_period(self.streaks, self.next_session, self.now)

    @property
    def agenda_ready_at(self) -> datetime | None:
        """When the next session's agenda was marked ready (None while it is not)."""
        session = self.next_session
        return session.agenda.ready_at if session and session.agenda else None

    @property
    def agenda_ready(self) -> bool:
        return self.agenda_ready_at is not None

    @property
    def days_to_prepare(self) -> int | None:
        if self.next_session is None:
            return None
        return (self.next_session.scheduled_at.date() - self.now.date()).days

    @property
    def readiness(self) -> str:
        """ "ready", or how long is left to prepare, in a few words."""
        days = self.days_to_prepare
        if days is None:  # no session
            return ""
        if self.agenda_ready:
            return "agenda ready"
        if days <= 0:
            return "agenda not ready"  # the line already says the session is today
        return f"{days} day{'s' if days != 1 else ''} left to prepare"

    @property
    def next_when(self) -> str:
        return format_when(self.next_session.scheduled_at, self.now) if self.next_session else ""

    @property
    def next_countdown(self) -> str:
        return countdown(self.next_session.scheduled_at, self.now) if self.next_session else ""


def snapshot(store: Store, now: datetime) -> Snapshot:
    partnership = current_partnership(store)
    result = Snapshot(now=now, profile=profile(store), partnership=partnership)
    if partnership is None:
        return result
    result.next_session = schedule.next_session(partnership, sessions_near(store, partnership, now), now)
    result.streaks = report_for(store, partnership, now)
    result.unrecorded = unrecorded_times(store, partnership, now)
    result.warning = first_warning(
        result.streaks, partnership.partner_name, result.unrecorded, result.booked, now.date()
    )
    assert partnership.id is not None  # read from the store
    result.notes = open_notes(store, partnership.id)
    if not result.notes:
        result.notes_went_to = session_notes_last_went_to(store, partnership.id)
    today = now.date()
    open_items = open_actions_overdue_first(store, partnership, today)
    result.actions, result.open_actions = open_items[:ACTIONS_SHOWN], len(open_items)
    candidates = reflection_candidates(store, now)
    if candidates:
        result.to_reflect = candidates[0].session
        if candidates[0].partnership.id != partnership.id:
            result.to_reflect_with = candidates[0].partnership.partner_name
    result.goals = active_goals_attention_first(store, partnership.id, today)
    return result


def status_line(snap: Snapshot) -> str:
    """One short line, fit for a shell prompt:
    `Sam today 16:00 (in 6 h) · agenda ready · streak 5w · momentum 82 · 2 notes`."""
    if snap.partnership is None:
        return "Companion is not set up yet: run `companion`."
    name = snap.partnership.partner_name
    name = name if len(name) <= 20 else name[:19] + "…"
    if snap.next_session is None:
        parts = [f"{name}: no session scheduled"]
    else:
        when = format_when(snap.next_session.scheduled_at, snap.now, in_sentence=True)
        parts = [f"{name} {when} ({snap.next_countdown})"]
    if snap.readiness:
        parts.append(snap.readiness)
    if snap.streaks is not None:
        report = snap.streaks
        parts.append(f"streak {report.meeting.current}{period_unit(report)[0]}")
        parts.append(f"momentum {round(report.momentum)}")
        if snap.unrecorded:
            parts.append(f"{format_date(snap.unrecorded[-1], year=False, weekday=False)} unrecorded")
        elif report.at_risk and not snap.booked:
            parts.append("at risk")
        elif report.stalled:
            parts.append("stalled")
    if snap.notes:
        parts.append(f"{len(snap.notes)} note{'s' if len(snap.notes) != 1 else ''}")
    return " · ".join(parts)


def streaks_json(report: StreakReport) -> dict[str, Any]:
    """Every streak figure, for `companion status --json`."""

    def day(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "meeting": {"current": report.meeting.current, "longest": report.meeting.longest, "unit": period_unit(report)},
        "prep": {"current": report.prep.current, "longest": report.prep.longest, "unit": "session"},
        "reflection": {"current": report.reflection.current, "longest": report.reflection.longest, "unit": "session"},
        "momentum": round(report.momentum, 1),
        "momentum_history": [round(value, 1) for value in report.momentum_history],
        "meeting_rate": report.meeting_rate,
        "prep_rate": report.prep_rate,
        "reflection_rate": report.reflection_rate,
        "periods_kept": report.periods_kept,
        "periods_missed": report.periods_missed,
        "periods_paused": report.periods_paused,
        "sessions_held": report.sessions_held,
        "last_held": report.last_held.isoformat(timespec="minutes") if report.last_held else None,
        "days_since_last_held": report.days_since_last_held,
        "period_start": day(report.period_start),
        "period_end": day(report.period_end),
        "days_left_in_period": report.days_left_in_period,
        "period_kept": report.period_kept,
        "period_paused": report.period_paused,
        "at_risk": report.at_risk,
        "stalled": report.stalled,
    }


def status_json(snap: Snapshot) -> dict[str, Any]:
    if snap.partnership is None:
        return {"set_up": False}
    session = snap.next_session
    return {
        "set_up": True,
        "partner": snap.partnership.partner_name,
        "stance": snap.partnership.stance.value,
        "focus_role": snap.partnership.focus_role.value,
        "next_session": session.scheduled_at.isoformat(timespec="minutes") if session else None,
        "next_session_in": snap.next_countdown or None,
        "agenda_ready": snap.agenda_ready,
        "agenda_ready_at": ready_at.isoformat(timespec="seconds") if (ready_at := snap.agenda_ready_at) else None,
        "days_to_prepare": snap.days_to_prepare,
        "notes_waiting": len(snap.notes),
        "open_actions": snap.open_actions,
        "overdue_actions": sum(1 for a in snap.actions if is_overdue(a, snap.now.date())),
        "active_goals": len(snap.goals),
        "goals_needing_attention": sum(1 for g in snap.goals if needs_attention(g, snap.now.date())),
        "warning": snap.warning,
        "unrecorded_sessions": [moment.isoformat(timespec="minutes") for moment in snap.unrecorded],
        "streaks": streaks_json(snap.streaks) if snap.streaks else None,
    }
