"""What the dashboard and `companion status` show: one plain snapshot of where things stand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from companion.actions import is_overdue, open_actions_overdue_first
from companion.agreement import cycle_json
from companion.dates import format_date, format_day, format_when
from companion.goals import active_goals_attention_first, needs_attention
from companion.models import ActionItem, Goal, Note, Partnership, Profile, Session
from companion.notes import session_notes_last_went_to
from companion.overview import (
    PartnerOutlook,
    SessionOutlook,
    Urgency,
    attention,
    by_urgency,
    most_urgent,
    outranking_other,
    partner_outlooks,
    urgency,
)
from companion.partnerships import current_partnership, profile
from companion.reflections import reflection_candidates
from companion.sessions import stored_id
from companion.store import Store
from companion.streaks import StreakReport, period_unit, status_unit

ACTIONS_SHOWN = 5
NAME_SHOWN, OTHER_NAME_SHOWN = 20, 12  # a partner's name in the status line
STATUS_LINE_MAX = 90  # past this, a line with another partner's need drops the streak figures


@dataclass
class Snapshot(SessionOutlook):
    """The current partnership in full (the dashboard's panels), and every partnership's
    outlook (`overview`), the current one included."""

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
    partners: list[PartnerOutlook] = field(default_factory=list)  # every partnership, oldest first

    @property
    def others(self) -> list[PartnerOutlook]:
        """The partnerships that are not current, the one that needs you first at the top."""
        return [outlook for outlook in by_urgency(self.partners) if not outlook.current]

    @property
    def outranking(self) -> PartnerOutlook | None:
        """Another partner whose need comes before the current partner's own."""
        return outranking_other(self.partners)


def snapshot(store: Store, now: datetime) -> Snapshot:
    partnership = current_partnership(store)
    result = Snapshot(now=now, profile=profile(store), partnership=partnership)
    if partnership is None:
        return result
    candidates = reflection_candidates(store, now)
    result.partners = partner_outlooks(store, now, candidates)
    own = next(outlook for outlook in result.partners if outlook.current)
    result.next_session, result.streaks, result.unrecorded = own.next_session, own.streaks, own.unrecorded
    result.warning, result.notes = own.warning, own.notes
    partnership_id = stored_id(partnership)
    if not result.notes:
        result.notes_went_to = session_notes_last_went_to(store, partnership_id)
    today = now.date()
    open_items = open_actions_overdue_first(store, partnership, today)
    result.actions, result.open_actions = open_items[:ACTIONS_SHOWN], len(open_items)
    if candidates:
        result.to_reflect = candidates[0].session
        if candidates[0].partnership.id != partnership.id:
            result.to_reflect_with = candidates[0].partnership.partner_name
    result.goals = active_goals_attention_first(store, partnership_id, today)
    return result


def short_name(name: str, limit: int = NAME_SHOWN) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def status_line(snap: Snapshot) -> str:
    """One short line, fit for a shell prompt:
    `Sam today 16:00 (in 6 h) · agenda ready · streak 5w · momentum 82 · 2 notes`,
    followed by another partner's need when it comes first (`· Dana: 24 Nov unrecorded`)."""
    if snap.partnership is None:
        return "Companion is not set up yet: run `companion`."
    name = short_name(snap.partnership.partner_name)
    if snap.next_session is None:
        parts = [f"{name}: no session scheduled"]
    else:
        when = format_when(snap.next_session.scheduled_at, snap.now, in_sentence=True)
        parts = [f"{name} {when} ({snap.next_countdown})"]
    if snap.readiness:
        parts.append(snap.readiness)
    streak_parts: list[str] = []
    if snap.streaks is not None:
        report = snap.streaks
        streak_parts = [
            f"streak {report.meeting.current}{status_unit(report)}",
            f"momentum {round(report.momentum)}",
        ]
        parts += streak_parts
        if snap.unrecorded:
            parts.append(f"{format_date(snap.unrecorded[-1], year=False, weekday=False)} unrecorded")
        elif snap.at_risk:
            parts.append("at risk")
        elif snap.stalled:
            parts.append("stalled")
    if snap.notes:
        parts.append(f"{len(snap.notes)} note{'s' if len(snap.notes) != 1 else ''}")
    other = snap.outranking
    if other is not None:
        parts.append(f"{short_name(other.partner_name, OTHER_NAME_SHOWN)}: {attention(other)}")
        # The other partner's need matters more than this partner's figures.
        for dropped in reversed(streak_parts):
            if len(" · ".join(parts)) <= STATUS_LINE_MAX:
                break
            parts.remove(dropped)
    return " · ".join(parts)


def partner_share_line(partnership: Partnership, today: date) -> str:
    """ "Priya's share from Tue 24 Nov imported", or "" when none was (docs/share-format.md)."""
    if partnership.partner_share_at is None:
        return ""
    made = format_day(partnership.partner_share_at.date(), today, in_sentence=True)
    return f"{partnership.partner_name}'s share from {made} imported"


def share_status(partnership: Partnership, today: date) -> str:
    """Where sharing with the partner stands, in one line for the dashboard:
    "You shared Mon 23 Nov · Priya's share from Tue 24 Nov imported", "Not shared yet · Priya's
    share from …", or nothing while neither of you has shared (the line would only take a row)."""
    theirs = partner_share_line(partnership, today)
    if partnership.last_shared_at is None:
        return f"Not shared yet · {theirs}" if theirs else ""
    mine = f"You shared {format_day(partnership.last_shared_at.date(), today, in_sentence=True)}"
    return f"{mine} · {theirs or f'nothing from {partnership.partner_name} yet'}"


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


def status_json(snap: Snapshot, learning: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every figure of the snapshot; `learning` is `loop_stats.learning_json`, counted only
    for the command (the dashboard does not need it)."""
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
        "cycle": cycle_json(snap.partnership),
        "learning": learning,
        "partners": [partner_json(outlook) for outlook in snap.partners],
        "most_urgent": urgent_json(most_urgent(snap.partners)),
    }


def _minutes(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment else None


def partner_json(outlook: PartnerOutlook) -> dict[str, Any]:
    """One partnership's outlook, for `companion status --json`."""
    session, report = outlook.next_session, outlook.streaks
    need = urgency(outlook)
    return {
        "partner": outlook.partner_name,
        "id": outlook.partnership.id,
        "current": outlook.current,
        "cadence": outlook.cadence,
        "next_session": _minutes(session.scheduled_at if session else None),
        "next_session_in": outlook.next_countdown or None,
        "agenda_ready": outlook.agenda_ready,
        "agenda_ready_at": ready_at.isoformat(timespec="seconds") if (ready_at := outlook.agenda_ready_at) else None,
        "days_to_prepare": outlook.days_to_prepare,
        "readiness": outlook.readiness or None,
        "warning": outlook.warning,
        "needs": need.name.lower() if need is not Urgency.NOTHING else None,
        "attention": attention(outlook),
        "unrecorded_sessions": [_minutes(moment) for moment in outlook.unrecorded],
        "to_reflect": _minutes(outlook.to_reflect.scheduled_at if outlook.to_reflect else None),
        "notes_waiting": len(outlook.notes),
        "streak": {"current": report.meeting.current, "unit": period_unit(report)} if report else None,
        "at_risk": outlook.at_risk,
        "stalled": outlook.stalled,
    }


def urgent_json(outlook: PartnerOutlook | None) -> dict[str, Any] | None:
    if outlook is None:
        return None
    return {"partner": outlook.partner_name, "id": outlook.partnership.id, "text": attention(outlook)}
