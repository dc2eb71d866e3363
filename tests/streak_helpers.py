"""Histories for the streak tests: held and skipped sessions written as ISO times, the
weekly Tuesday partnership they belong to, and the report they give (`companion.streaks`,
the rules in docs/streaks.md)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from companion.codec import to_doc
from companion.models import Agenda, Cadence, Partnership, Reflection, Session, SessionState
from companion.periods import period_start_days
from companion.streak_facts import facts_from_docs
from companion.streaks import StreakReport, streak_report
from tests.conftest import make_partnership


def period_starts(partnership, until: date) -> list[date]:
    """The first day of each cadence period up to `until`, as dates."""
    return [date.fromordinal(day) for day in period_start_days(partnership, until.toordinal())]


# --- building histories -----------------------------------------------------------------


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def held(
    when: str,
    *,
    held_at: str | None = None,
    ready: str | None = None,
    written: str | None = None,
    draft: bool = False,
) -> Session:
    """A held session; `ready` marks its agenda ready, `written` adds a reflection."""
    scheduled = at(when)
    return Session(
        partnership_id=1,
        scheduled_at=scheduled,
        slot=scheduled,
        state=SessionState.HELD,
        held_at=at(held_at) if held_at else scheduled,
        agenda=Agenda(ready_at=at(ready)) if ready else None,
        reflection=Reflection(learned="x", is_draft=draft, written_at=at(written)) if written else None,
    )


def skipped(when: str, *, pauses: bool = True) -> Session:
    return Session(
        partnership_id=1,
        scheduled_at=at(when),
        slot=at(when),
        state=SessionState.SKIPPED,
        skip_reason="Holiday",
        pauses_streak=pauses,
    )


def docs_of(sessions: list[Session]) -> dict[str, dict]:
    return {str(number): to_doc(session) for number, session in enumerate(sessions, start=1)}


def report(partnership: Partnership, sessions: list[Session], now: str | datetime) -> StreakReport:
    now = at(now) if isinstance(now, str) else now
    return streak_report(partnership, facts_from_docs(docs_of(sessions), partnership.id), now)


def weekly_tuesdays(start: date = date(2026, 11, 3)) -> Partnership:
    """Tuesdays at 16:00 from `start` (a Tuesday)."""
    return make_partnership(id=1, start_date=start)


def partnership_with(*cadences: Cadence, start: date | None = None) -> Partnership:
    return make_partnership(id=1, cadences=list(cadences), start_date=start or cadences[0].since)


def tuesdays(first: date, count: int, clock: str = "16:00", **kwargs) -> list[Session]:
    return [held(f"{first + timedelta(weeks=n)}T{clock}", **kwargs) for n in range(count)]
