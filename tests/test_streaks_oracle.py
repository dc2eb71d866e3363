"""Every figure of the streak report against a brute-force oracle (`companion.streaks`,
docs/streaks.md, "How the rules are tested").

The oracle is written here from the definitions, independently of the engine: it walks
the calendar day by day, finds meeting days by weekday arithmetic and by counting weeks of
the month by hand (no rrule), puts each session in its period by scanning, and recomputes
streaks, rates and momentum with plain loops. Hypothesis feeds both random histories,
cadences (with changes) and clocks; the periods are also checked against dateutil's rrule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import schedule
from companion.models import Agenda, Cadence, Frequency, Partnership, Reflection, Session, SessionState
from companion.streaks import MOMENTUM_MULTIPLIER, PeriodState, StreakReport
from tests.depth import examples
from tests.streak_helpers import partnership_with, period_starts, report

DAY = timedelta(days=1)
WINDOW = timedelta(hours=48)


# --- the oracle ------------------------------------------------------------------------


def in_force(partnership: Partnership, day: date) -> Cadence | None:
    """The cadence whose window holds `day` (the test only makes increasing `since`s)."""
    found = None
    for cadence in partnership.cadences:
        if cadence.since <= day:
            found = cadence
    return found


def is_meeting_day(cadence: Cadence, day: date) -> bool:
    if day < cadence.since or day.weekday() != cadence.weekday:
        return False
    if cadence.frequency is Frequency.WEEKLY:
        return True
    if cadence.frequency is Frequency.FORTNIGHTLY:
        first = cadence.since
        while first.weekday() != cadence.weekday:
            first += DAY
        return (day - first).days % 14 == 0
    nth = cadence.week_of_month or 1
    if nth == -1:
        return (day + 7 * DAY).month != day.month  # no such weekday later this month
    return (day.day - 1) // 7 + 1 == nth


def oracle_starts(partnership: Partnership, last_day: date) -> list[date]:
    """Period starts by walking the calendar: the start date, then every meeting day
    after the first one (the first period takes in the first meeting)."""
    meetings = []
    day = min(partnership.start_date, partnership.cadences[0].since)
    while day <= last_day:
        cadence = in_force(partnership, day)
        if day >= partnership.start_date and cadence and is_meeting_day(cadence, day):
            meetings.append(day)
        day += DAY
    return [partnership.start_date] + meetings[1:]


@dataclass
class OraclePeriod:
    start: date
    end: date | None
    kept: bool = False
    paused: bool = False
    prepared: bool = False
    reflected: bool = False
    current: bool = False

    @property
    def status(self) -> str:
        if self.kept:
            return "kept"
        if self.paused:
            return "paused"
        return "pending" if self.current else "missed"


def moment_of(session: Session) -> datetime:
    return session.held_at or session.scheduled_at


def is_prepared(session: Session) -> bool:
    agenda = session.agenda
    return bool(agenda and agenda.ready_at and agenda.ready_at <= session.scheduled_at)


def is_reflected(session: Session) -> bool:
    r = session.reflection
    return bool(r and not r.is_draft and r.written_at and r.written_at <= moment_of(session) + WINDOW)


def run_lengths(flags: list[bool]) -> tuple[int, int]:
    """(current, longest) run of True, the current one ending at the last flag."""
    current = longest = 0
    for flag in flags:
        current = current + 1 if flag else 0
        longest = max(longest, current)
    return current, longest


class Oracle:
    """Every report figure, from the definitions, by brute force."""

    def __init__(self, partnership: Partnership, sessions: list[Session], now: datetime):
        self.p, self.now, self.today = partnership, now, now.date()
        numbered = list(enumerate(sessions, start=1))
        self.held = sorted(
            ((moment_of(s), n, s) for n, s in numbered if s.state is SessionState.HELD and moment_of(s) <= now),
            key=lambda item: item[:2],
        )
        self.pauses = [s for _, s in numbered if s.state is SessionState.SKIPPED and s.pauses_streak]
        self.periods = self._periods() if self.today >= partnership.start_date else []

    def _periods(self) -> list[OraclePeriod]:
        starts = oracle_starts(self.p, self.today + timedelta(days=400))
        periods = []
        for index, start in enumerate(starts):
            if start > self.today:
                break
            end = starts[index + 1] if index + 1 < len(starts) else None
            period = OraclePeriod(start, end, current=end is None or end > self.today)

            def inside(day: date, index=index, start=start, end=end) -> bool:
                return (index == 0 or day >= start) and (end is None or day < end)

            for moment, _, session in self.held:
                if inside(moment.date()):
                    period.kept = True
                    period.prepared |= is_prepared(session)
                    period.reflected |= is_reflected(session)
            period.paused = any(inside(s.scheduled_at.date()) for s in self.pauses)
            periods.append(period)
        return periods

    # figures ----------------------------------------------------------------------------

    def meeting(self) -> tuple[int, int]:
        decided = [p.kept for p in self.periods if p.status in ("kept", "missed")]
        return run_lengths(decided)

    def prep(self) -> tuple[int, int]:
        return run_lengths([is_prepared(s) for _, _, s in self.held])

    def reflection_flags(self) -> list[bool]:
        flags = []
        for moment, _, session in self.held:
            if is_reflected(session):
                flags.append(True)
            elif self.now > moment + WINDOW:  # its window has closed
                flags.append(False)
        return flags

    def momenta(self) -> list[float]:
        score, history = 0.0, []
        for period in self.periods:
            if period.status == "kept":
                score = score * MOMENTUM_MULTIPLIER + (1 - MOMENTUM_MULTIPLIER)
            elif period.status == "missed":
                score = score * MOMENTUM_MULTIPLIER
            history.append(score * 100)
        return history

    def cell(self, period: OraclePeriod) -> PeriodState:
        if not period.kept:
            return {"paused": PeriodState.PAUSED, "pending": PeriodState.UPCOMING}.get(
                period.status, PeriodState.MISSED
            )
        if period.prepared and period.reflected:
            return PeriodState.COMPLETE
        if period.reflected:
            return PeriodState.REFLECTED
        return PeriodState.PREPARED if period.prepared else PeriodState.HELD

    def check(self, got: StreakReport) -> None:
        assert (got.meeting.current, got.meeting.longest) == self.meeting()
        assert (got.prep.current, got.prep.longest) == self.prep()
        reflection = self.reflection_flags()
        assert (got.reflection.current, got.reflection.longest) == run_lengths(reflection)
        self._check_rates(got, reflection)
        momenta = self.momenta()
        assert got.momentum == pytest.approx(momenta[-1] if momenta else 0.0, abs=1e-9)
        assert got.momentum_history == pytest.approx(momenta[-52:], abs=1e-9)
        assert 0 <= got.momentum <= 100
        self._check_current(got)
        self._check_recent(got)

    def _check_rates(self, got: StreakReport, reflection: list[bool]) -> None:
        decided = [p for p in self.periods if p.status in ("kept", "missed")]
        kept = sum(p.kept for p in decided)
        assert got.periods_kept == kept
        assert got.periods_missed == len(decided) - kept
        assert got.periods_paused == sum(p.status == "paused" for p in self.periods)
        assert got.meeting_rate == (pytest.approx(kept / len(decided)) if decided else None)
        prepared = [is_prepared(s) for _, _, s in self.held]
        assert got.prep_rate == (pytest.approx(sum(prepared) / len(prepared)) if prepared else None)
        assert got.reflection_rate == (pytest.approx(sum(reflection) / len(reflection)) if reflection else None)
        assert got.sessions_held == len(self.held)

    def _check_current(self, got: StreakReport) -> None:
        last = self.held[-1][0] if self.held else None
        assert got.last_held == last
        days_since = (self.today - last.date()).days if last else None
        assert got.days_since_last_held == days_since
        assert got.started == (self.today >= self.p.start_date)
        if not self.periods:
            assert (got.period_start, got.period_end, got.at_risk, got.stalled) == (None, None, False, False)
            return
        current = self.periods[-1]
        assert current.current
        assert (got.period_start, got.period_end) == (current.start, current.end)
        assert got.period_kept == current.kept
        assert got.period_paused == (current.status == "paused")
        days_left = (current.end - self.today).days if current.end else None
        assert got.days_left_in_period == days_left
        cadence = in_force(self.p, current.start) or self.p.cadences[0]
        assert got.period_frequency == cadence.frequency
        at_risk = current.status == "pending" and days_left is not None and days_left <= 2
        assert got.at_risk == at_risk
        quiet = days_since if last else (self.today - self.p.start_date).days
        stalled = (self.today - self.p.start_date).days > 21 and quiet > 21 and current.status != "paused"
        assert got.stalled == stalled

    def _check_recent(self, got: StreakReport) -> None:
        first_day = self.today - timedelta(days=363)
        expected = [(p.start, p.end, self.cell(p)) for p in self.periods if p.end is None or p.end > first_day]
        assert [(c.start, c.end, c.state) for c in got.recent] == expected


# --- random histories ------------------------------------------------------------------

CLOCKS = [time(0, 0), time(2, 30), time(9, 0), time(16, 0), time(23, 59)]

# Strategies are built once: one built inside a composite is made and checked again on
# every draw, which was most of this file's time.
AT = st.sampled_from(CLOCKS)
DAY_OFFSET = st.integers(-15, 430)
STATES = st.sampled_from(
    [SessionState.HELD] * 4 + [SessionState.SKIPPED] * 2 + [SessionState.PLANNED, SessionState.CANCELLED]
)
MINUTES_LATE = st.sampled_from([None, 0, 10, 90, 60 * 20])
HOURS_READY = st.sampled_from([None, -72, -1, 0, 1, 30])
HOURS_TO_WRITE = st.sampled_from([None, 1, 47, 48, 49, 100])
DAYS_MOVED = st.sampled_from([0, 0, 0, 1, 6])
MOSTLY_NOT_ZERO = st.integers(0, 4)


@st.composite
def cadences(draw, start: date) -> list[Cadence]:
    count = draw(st.integers(1, 3))
    since = start + timedelta(days=draw(st.integers(-10, 20)))
    found = []
    for _ in range(count):
        frequency = draw(st.sampled_from(list(Frequency)))
        week = draw(st.sampled_from([None, 1, 2, 3, 4, -1])) if frequency is Frequency.MONTHLY else None
        found.append(
            Cadence(
                frequency=frequency,
                weekday=draw(st.integers(0, 6)),
                at=draw(st.sampled_from(CLOCKS)),
                since=since,
                week_of_month=week,
            )
        )
        since += timedelta(days=draw(st.integers(1, 150)))
    return found


@st.composite
def sessions(draw, start: date) -> Session:
    day = start + timedelta(days=draw(DAY_OFFSET))
    scheduled = datetime.combine(day, draw(AT))
    state = draw(STATES)
    session = Session(partnership_id=1, scheduled_at=scheduled, slot=scheduled, state=state)
    if state is SessionState.SKIPPED:
        session.pauses_streak = draw(st.booleans())
    if state is not SessionState.HELD:
        return session
    late = draw(MINUTES_LATE)
    session.held_at = None if late is None else scheduled + timedelta(minutes=late)
    ready = draw(HOURS_READY)
    session.agenda = Agenda(ready_at=None if ready is None else scheduled + timedelta(hours=ready))
    written = draw(HOURS_TO_WRITE)
    if written is not None:
        session.reflection = Reflection(
            is_draft=draw(st.booleans()) and draw(st.booleans()),
            written_at=moment_of(session) + timedelta(hours=written),
        )
    return session


@st.composite
def regular_sessions(draw, partnership: Partnership) -> list[Session]:
    """Mostly one session per meeting day, so that long streaks, pauses and lapses occur."""
    found = []
    for day in oracle_starts(partnership, partnership.start_date + timedelta(days=430))[:70]:
        session = draw(sessions(day))
        session.scheduled_at = session.slot = datetime.combine(
            day + timedelta(days=draw(DAYS_MOVED)), session.scheduled_at.time()
        )
        if session.state is SessionState.HELD:
            session.held_at = session.scheduled_at
            if draw(MOSTLY_NOT_ZERO):  # mostly prepared and reflected on, for long runs
                session.agenda = Agenda(ready_at=session.scheduled_at - timedelta(hours=2))
                session.reflection = Reflection(is_draft=False, written_at=session.scheduled_at + timedelta(hours=3))
        found.append(session)
    return found


@st.composite
def histories(draw):
    start = draw(st.dates(date(2024, 1, 1), date(2029, 12, 31)))
    partnership = partnership_with(*draw(cadences(start)), start=start)
    history = draw(st.lists(sessions(start), max_size=40))
    if draw(st.booleans()):
        history = draw(regular_sessions(partnership)) + history[:5]
    now = datetime.combine(
        start + timedelta(days=draw(st.integers(-20, 440))), draw(st.sampled_from(CLOCKS + [time(12, 34, 56)]))
    )
    return partnership, history, now


@settings(max_examples=examples(500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_every_figure_matches_the_oracle(case):
    partnership, history, now = case
    got = report(partnership, history, now)
    Oracle(partnership, history, now).check(got)


@settings(max_examples=examples(150), deadline=None)
@given(histories())
def test_periods_match_the_walked_calendar_and_rrule(case):
    partnership, _, now = case
    until = now.date()
    got = period_starts(partnership, until)
    if until < partnership.start_date:
        assert got == []
        return
    walked = oracle_starts(partnership, until + timedelta(days=400))
    later = [day for day in walked if day > until][:1]
    assert got == [day for day in walked if day <= until] + later
    # The same dates from dateutil's rrule, iterated in full (the engine steps weeks).
    found = rrule_days(partnership, until)
    assert [day for day in got if day <= until] == [partnership.start_date] + found[1:]


def rrule_days(partnership: Partnership, until: date) -> list[date]:
    """Meeting days up to `until` from each cadence's rrule, within its window."""
    days = []
    cadences = partnership.cadences
    for index, cadence in enumerate(cadences):
        end = min(cadences[index + 1].since, until + DAY) if index + 1 < len(cadences) else until + DAY
        rule = schedule.cadence_rule(cadence)
        moments = rule.between(datetime.combine(cadence.since, time()), datetime.combine(end, time()), inc=True)
        days += [moment.date() for moment in moments if moment.date() < end]
    return [day for day in days if day >= partnership.start_date]
