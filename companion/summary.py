"""What the dashboard and `companion status` show: one plain snapshot of where things stand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from companion import schedule
from companion.dates import countdown, format_when
from companion.goals import goals_of, needs_attention
from companion.models import Goal, GoalStatus, Note, Partnership, Profile, Session
from companion.notes import open_notes
from companion.partnerships import current_partnership, profile
from companion.sessions import sessions_near
from companion.store import Store


@dataclass
class Snapshot:
    now: datetime
    profile: Profile | None
    partnership: Partnership | None
    next_session: Session | None = None
    notes: list[Note] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)  # active ones, those needing attention first

    @property
    def agenda_ready(self) -> bool:
        session = self.next_session
        return bool(session and session.agenda and session.agenda.ready_at)

    @property
    def days_to_prepare(self) -> int | None:
        if self.next_session is None:
            return None
        return (self.next_session.scheduled_at.date() - self.now.date()).days

    @property
    def readiness(self) -> str:
        """"ready", or how long is left to prepare, in a few words."""
        if self.next_session is None:
            return ""
        if self.agenda_ready:
            return "agenda ready"
        days = self.days_to_prepare
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
    result.notes = open_notes(store, partnership.id)
    today = now.date()
    active = [g for g in goals_of(store, partnership.id) if g.status is GoalStatus.ACTIVE]
    result.goals = sorted(active, key=lambda g: (not needs_attention(g, today), g.target_date or date.max, g.id))
    return result


def status_line(snap: Snapshot) -> str:
    """One short line, fit for a shell prompt."""
    if snap.partnership is None:
        return "Companion is not set up yet: run `companion`."
    parts = [f"Next with {snap.partnership.partner_name}: {snap.next_when} ({snap.next_countdown})"]
    if snap.readiness:
        parts.append(snap.readiness)
    if snap.notes:
        parts.append(f"{len(snap.notes)} note{'s' if len(snap.notes) != 1 else ''} waiting")
    return " · ".join(parts)


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
        "agenda_ready_at": (
            session.agenda.ready_at.isoformat(timespec="seconds") if snap.agenda_ready else None
        ),
        "days_to_prepare": snap.days_to_prepare,
        "notes_waiting": len(snap.notes),
        "active_goals": len(snap.goals),
        "goals_needing_attention": sum(1 for g in snap.goals if needs_attention(g, snap.now.date())),
    }
