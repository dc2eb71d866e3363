"""Every partnership at a glance, and which one needs you first.

A junior mentoring two or three seniors sees each partner's next step: when the next
session is, whether its agenda is ready, and the one thing that wants doing. The
dashboard shows the current partner in full (`summary.snapshot`, built on the same
`partner_outlook`) and the others in one row each; `companion status` names another
partner only when that partner needs something more urgent (`urgency`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum

from companion import schedule
from companion.dates import countdown, format_date, format_day, format_when
from companion.models import Note, Partnership, Session
from companion.notes import open_notes
from companion.partnerships import current_partnership, list_partnerships
from companion.reflections import ReflectionCandidate, reflection_candidates
from companion.session_attention import booked_in_period, first_warning, unrecorded_times
from companion.sessions import sessions_near, stored_id
from companion.store import Store
from companion.streaks import StreakReport, report_for

AGENDA_DUE_DAYS = 2  # an agenda not ready this close to its session is due


class SessionOutlook:
    """What the next session and the streaks say, for anything that knows them at `now`
    (one partner's outlook, or the dashboard's snapshot of the current one)."""

    now: datetime
    next_session: Session | None
    streaks: StreakReport | None

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
        """ "agenda ready", or how long is left to prepare, in a few words."""
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

    @property
    def at_risk(self) -> bool:
        """The streak is at risk and no session of the period is booked (the warning's rule)."""
        return self.streaks is not None and self.streaks.at_risk and not self.booked

    @property
    def stalled(self) -> bool:
        return self.streaks is not None and self.streaks.stalled


@dataclass
class PartnerOutlook(SessionOutlook):
    """One partnership's next step: its session, readiness, what waits and the warning."""

    now: datetime
    partnership: Partnership
    current: bool = False
    next_session: Session | None = None
    streaks: StreakReport | None = None
    # Past sessions of the last four weeks neither held, skipped nor cancelled, oldest first.
    unrecorded: list[datetime] = field(default_factory=list)
    warning: str | None = None  # not recorded, at risk or stalled, with what to do
    notes: list[Note] = field(default_factory=list)  # open ones, oldest first
    # The session that most wants its reflection (`reflections.reflection_candidates`).
    to_reflect: Session | None = None

    @property
    def partner_name(self) -> str:
        return self.partnership.partner_name

    @property
    def cadence(self) -> str:
        """ "every other Tue at 10:00, 45 min" """
        return f"{self.partnership.cadence.describe()}, {self.partnership.session_minutes} min"


def partner_outlook(
    store: Store,
    partnership: Partnership,
    now: datetime,
    *,
    current: bool = False,
    candidates: list[ReflectionCandidate] | None = None,
) -> PartnerOutlook:
    """Where one partnership stands at `now`. Each piece reads the store's session index
    (`sessions.timeline`) rather than every record, so this stays cheap per partner."""
    result = PartnerOutlook(now=now, partnership=partnership, current=current)
    result.next_session = schedule.next_session(partnership, sessions_near(store, partnership, now), now)
    result.streaks = report_for(store, partnership, now)
    result.unrecorded = unrecorded_times(store, partnership, now)
    result.warning = first_warning(
        result.streaks, partnership.partner_name, result.unrecorded, result.booked, now.date()
    )
    result.notes = open_notes(store, stored_id(partnership))
    if candidates is None:
        candidates = reflection_candidates(store, now, partnership)
    own = [c.session for c in candidates if c.partnership.id == partnership.id]
    result.to_reflect = own[0] if own else None
    return result


def partner_outlooks(
    store: Store, now: datetime, candidates: list[ReflectionCandidate] | None = None
) -> list[PartnerOutlook]:
    """Every partnership's outlook, oldest partnership first; the current one is marked.
    `candidates` are the sessions waiting for a reflection, if already read."""
    chosen = current_partnership(store)
    if candidates is None:
        candidates = reflection_candidates(store, now)
    return [
        partner_outlook(
            store, partnership, now, current=chosen is not None and partnership.id == chosen.id, candidates=candidates
        )
        for partnership in list_partnerships(store)
    ]


# --- which partner needs you first ----------------------------------------------------


class Urgency(IntEnum):
    """What a partnership needs, most urgent first (a lower value comes first)."""

    UNRECORDED = 1  # a past session nobody marked held or skipped
    AGENDA_TODAY = 2  # a session today whose agenda is not ready
    REFLECTION = 3  # a session waiting for its reflection
    AGENDA_DUE = 4  # a session within AGENDA_DUE_DAYS whose agenda is not ready
    AT_RISK = 5  # the streak is at risk and nothing is booked
    STALLED = 6
    NOTHING = 7  # then the soonest next session comes first


def urgency(outlook: PartnerOutlook) -> Urgency:
    """The most urgent thing this partnership needs (`Urgency.NOTHING` when all is well)."""
    days = outlook.days_to_prepare
    agenda_pending = days is not None and not outlook.agenda_ready
    if outlook.unrecorded:
        return Urgency.UNRECORDED
    if agenda_pending and days is not None and days <= 0:
        return Urgency.AGENDA_TODAY
    if outlook.to_reflect is not None:
        return Urgency.REFLECTION
    if agenda_pending and days is not None and days <= AGENDA_DUE_DAYS:
        return Urgency.AGENDA_DUE
    if outlook.at_risk:
        return Urgency.AT_RISK
    if outlook.stalled:
        return Urgency.STALLED
    return Urgency.NOTHING


def urgency_key(outlook: PartnerOutlook) -> tuple[Urgency, datetime]:
    """Sort key: what it needs, then the soonest next session (none comes last)."""
    soonest = outlook.next_session.scheduled_at if outlook.next_session else datetime.max
    return urgency(outlook), soonest


def by_urgency(outlooks: Sequence[PartnerOutlook]) -> list[PartnerOutlook]:
    """The outlooks, the one that needs you first at the top (ties keep their order)."""
    return sorted(outlooks, key=urgency_key)


def most_urgent(outlooks: Sequence[PartnerOutlook]) -> PartnerOutlook | None:
    """The partnership that needs something first, or None when none needs anything."""
    ranked = by_urgency(outlooks)
    return ranked[0] if ranked and urgency(ranked[0]) is not Urgency.NOTHING else None


def outranking_other(outlooks: Sequence[PartnerOutlook]) -> PartnerOutlook | None:
    """Another partner (not the current one) whose need is more urgent than the current
    partner's own, to point out beside the current partner; None when there is none."""
    current = next((o for o in outlooks if o.current), None)
    bar = urgency(current) if current else Urgency.NOTHING
    others = [o for o in by_urgency(outlooks) if not o.current and urgency(o) < bar]
    return others[0] if others else None


def attention(outlook: PartnerOutlook) -> str | None:
    """What the partnership needs, in a few words (`24 Nov unrecorded`), or None."""
    need = urgency(outlook)
    session = outlook.next_session
    if need is Urgency.UNRECORDED:
        return f"{format_date(outlook.unrecorded[-1], year=False, weekday=False)} unrecorded"
    if need is Urgency.AGENDA_TODAY and session is not None:
        return f"agenda not ready for {format_when(session.scheduled_at, outlook.now, in_sentence=True)}"
    if need is Urgency.REFLECTION and outlook.to_reflect is not None:
        day = format_date(outlook.to_reflect.scheduled_at, year=False, weekday=False)
        return f"reflection on {day} waiting"
    if need is Urgency.AGENDA_DUE and session is not None:
        return f"agenda due {format_day(session.scheduled_at.date(), outlook.now.date(), in_sentence=True)}"
    if need is Urgency.AT_RISK:
        return "streak at risk"
    if need is Urgency.STALLED:
        return "stalled"
    return None
