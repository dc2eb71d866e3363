"""Streaks, momentum and warnings (`companion.streaks`, the rules in docs/streaks.md).

Every figure of the report is checked against a brute-force oracle written here from the
definitions, independently of the engine: it walks the calendar day by day, finds meeting
days by weekday arithmetic and by counting weeks of the month by hand (no rrule), puts each
session in its period by scanning, and recomputes streaks, rates and momentum with plain
loops. Hypothesis feeds both random histories, cadences (with changes) and clocks.
"""

from __future__ import annotations

import gc
import time as wall_clock
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion import schedule
from companion.codec import to_doc
from companion.models import (
    Agenda,
    Cadence,
    Frequency,
    Partnership,
    Reflection,
    Session,
    SessionState,
)
from companion.periods import period_start_days
from companion.streak_facts import SessionFact, facts_from_docs, session_facts
from companion.streaks import (
    MOMENTUM_MULTIPLIER,
    PeriodState,
    Streak,
    StreakReport,
    at_risk_message,
    report_for,
    stalled_message,
    streak_report,
)
from companion.validation import make_cadence
from tests.conftest import make_partnership

DAY = timedelta(days=1)
WINDOW = timedelta(hours=48)


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
    day = start + timedelta(days=draw(st.integers(-15, 430)))
    scheduled = datetime.combine(day, draw(st.sampled_from(CLOCKS)))
    state = draw(
        st.sampled_from(
            [SessionState.HELD] * 4 + [SessionState.SKIPPED] * 2 + [SessionState.PLANNED, SessionState.CANCELLED]
        )
    )
    session = Session(partnership_id=1, scheduled_at=scheduled, slot=scheduled, state=state)
    if state is SessionState.SKIPPED:
        session.pauses_streak = draw(st.booleans())
    if state is not SessionState.HELD:
        return session
    late = draw(st.sampled_from([None, 0, 10, 90, 60 * 20]))
    session.held_at = None if late is None else scheduled + timedelta(minutes=late)
    ready = draw(st.sampled_from([None, -72, -1, 0, 1, 30]))
    session.agenda = Agenda(ready_at=None if ready is None else scheduled + timedelta(hours=ready))
    written = draw(st.sampled_from([None, 1, 47, 48, 49, 100]))
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
            day + timedelta(days=draw(st.sampled_from([0, 0, 0, 1, 6]))), session.scheduled_at.time()
        )
        if session.state is SessionState.HELD:
            session.held_at = session.scheduled_at
            if draw(st.integers(0, 4)):  # mostly prepared and reflected on, for long runs
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


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_every_figure_matches_the_oracle(case):
    partnership, history, now = case
    got = report(partnership, history, now)
    Oracle(partnership, history, now).check(got)


@settings(max_examples=150, deadline=None)
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


# --- momentum --------------------------------------------------------------------------


def test_one_missed_week_after_a_year_leaves_momentum_high():
    start = date(2025, 1, 7)  # a Tuesday
    year = tuesdays(start, 52)
    got = report(weekly_tuesdays(start), year, datetime.combine(start + timedelta(weeks=53, days=1), time(9)))
    assert (got.meeting.current, got.meeting.longest) == (0, 52)
    assert got.momentum == pytest.approx(100 * MOMENTUM_MULTIPLIER * (1 - MOMENTUM_MULTIPLIER**52))
    assert got.momentum > 80
    assert got.momentum_history[-2] < got.momentum_history[-3]  # the miss cost something


def test_momentum_rises_with_kept_periods_and_pauses_leave_it_alone():
    start = date(2026, 1, 6)
    history = tuesdays(start, 3) + [skipped("2026-01-27T16:00")] + tuesdays(date(2026, 2, 3), 1)
    got = report(weekly_tuesdays(start), history, "2026-02-04T09:00")
    first, second, third, paused, fifth = got.momentum_history
    assert first < second < third == paused < fifth
    assert got.meeting.current == 4
    assert [c.state for c in got.recent][3] is PeriodState.PAUSED


# --- periods, edges and clocks -----------------------------------------------------------


def test_sessions_at_2359_and_0000_fall_either_side_of_a_period_start():
    got = report(
        weekly_tuesdays(),
        [held("2026-11-09T23:59"), held("2026-11-17T00:00")],
        "2026-11-18T12:00",
    )
    states = [(c.start, c.state) for c in got.recent]
    assert states == [
        (date(2026, 11, 3), PeriodState.HELD),  # Monday 23:59 still belongs to the first week
        (date(2026, 11, 10), PeriodState.MISSED),
        (date(2026, 11, 17), PeriodState.HELD),  # Tuesday 00:00 opens the next one
    ]
    assert got.meeting == Streak(current=1, longest=1)


@pytest.mark.parametrize("sunday", ["2026-03-29", "2026-10-25"])
def test_daylight_saving_sundays_in_berlin_are_ordinary_days(sunday):
    # Europe/Berlin skips 02:00–03:00 on 29 March 2026 and repeats it on 25 October:
    # everything is naive local time, so a session "at 02:30" behaves like any other.
    change = date.fromisoformat(sunday)
    first = change - timedelta(weeks=3)
    partnership = partnership_with(make_cadence(Frequency.WEEKLY, 6, time(2, 30), first))
    history = [
        held(
            f"{first + timedelta(weeks=n)}T02:30",
            ready=f"{first + timedelta(weeks=n)}T02:30",
            written=f"{first + timedelta(weeks=n, days=2)}T02:30",
        )  # exactly 48 naive hours
        for n in range(5)
    ]
    got = report(partnership, history, datetime.combine(change + timedelta(weeks=1, days=3), time(2, 30)))
    assert period_starts(partnership, change) == [first + timedelta(weeks=n) for n in range(5)]
    assert (got.meeting.current, got.prep.current, got.reflection.current) == (5, 5, 5)
    assert all(c.state is PeriodState.COMPLETE for c in got.recent)


def test_reflection_window_is_48_naive_hours_across_a_clock_change():
    history = [held("2026-03-28T02:30", written="2026-03-30T02:31")]  # 48 h 1 min later
    partnership = partnership_with(make_cadence(Frequency.WEEKLY, 5, time(2, 30), date(2026, 3, 28)))
    got = report(partnership, history, "2026-04-01T00:00")
    assert got.reflection.current == 0 and got.reflection_rate == 0


def test_monthly_on_the_last_friday_follows_month_ends():
    partnership = partnership_with(make_cadence(Frequency.MONTHLY, 4, time(16), date(2026, 1, 30)))
    assert partnership.cadence.week_of_month == -1
    assert period_starts(partnership, date(2026, 7, 1)) == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
        date(2026, 4, 24),
        date(2026, 5, 29),
        date(2026, 6, 26),
        date(2026, 7, 31),
    ]
    history = [held("2026-01-30T16:00"), held("2026-02-28T10:00"), held("2026-03-26T10:00")]
    got = report(partnership, history, "2026-04-22T09:00")
    assert [c.state for c in got.recent] == [PeriodState.HELD, PeriodState.HELD, PeriodState.UPCOMING]
    assert got.meeting.current == 2
    assert got.days_left_in_period == 2 and got.at_risk
    assert (
        at_risk_message(got, "Sam") == "Book this month's session with Sam — 2 days left to keep your 2-month streak."
    )


def test_leap_day_2028():
    weekly = weekly_tuesdays(date(2028, 2, 15))
    assert period_starts(weekly, date(2028, 3, 1)) == [
        date(2028, 2, 15),
        date(2028, 2, 22),
        date(2028, 2, 29),
        date(2028, 3, 7),
    ]
    got = report(weekly, [held("2028-02-29T23:59"), held("2028-03-01T00:00")], "2028-03-02T08:00")
    assert got.period_start == date(2028, 2, 29) and got.period_end == date(2028, 3, 7)
    assert got.period_kept and got.meeting.current == 1 and got.sessions_held == 2
    last_tuesday = Cadence(
        frequency=Frequency.MONTHLY, weekday=1, at=time(16), since=date(2028, 1, 25), week_of_month=-1
    )
    monthly = partnership_with(last_tuesday)
    assert period_starts(monthly, date(2028, 3, 1)) == [date(2028, 1, 25), date(2028, 2, 29), date(2028, 3, 28)]


def test_a_cadence_change_mid_history_keeps_the_streak():
    partnership = partnership_with(
        make_cadence(Frequency.WEEKLY, 1, time(16), date(2026, 1, 6)),
        make_cadence(Frequency.FORTNIGHTLY, 3, time(9), date(2026, 3, 1)),
    )
    # The last Tuesday's period runs until the first fortnightly Thursday.
    assert period_starts(partnership, date(2026, 4, 1))[-5:] == [
        date(2026, 2, 17),
        date(2026, 2, 24),
        date(2026, 3, 5),
        date(2026, 3, 19),
        date(2026, 4, 2),
    ]
    history = tuesdays(date(2026, 1, 6), 8) + [held("2026-03-05T09:00"), held("2026-03-20T09:00")]
    got = report(partnership, history, "2026-03-25T12:00")
    assert got.meeting.current == 10 and got.period_frequency is Frequency.FORTNIGHTLY
    assert got.period_start == date(2026, 3, 19) and got.period_end == date(2026, 4, 2)


def test_the_first_period_takes_in_the_first_meeting_and_anything_earlier():
    # Starts on a Monday, meets on Tuesdays: no one-day period to miss.
    partnership = partnership_with(make_cadence(Frequency.WEEKLY, 1, time(16), date(2026, 11, 2)))
    assert period_starts(partnership, date(2026, 11, 10)) == [date(2026, 11, 2), date(2026, 11, 10), date(2026, 11, 17)]
    got = report(partnership, [held("2026-10-30T10:00")], "2026-11-09T10:00")
    assert got.period_kept and got.meeting.current == 1


def test_the_clock_moved_backwards():
    history = tuesdays(date(2026, 11, 3), 6)  # up to 8 December
    got = report(weekly_tuesdays(), history, "2026-11-20T09:00")
    # Sessions "held" after now have not happened yet: they keep no period, future or not.
    assert got.sessions_held == 3 and got.last_held == at("2026-11-17T16:00")
    assert got.meeting.current == 3 and got.period_start == date(2026, 11, 17)
    assert [c.start for c in got.recent][-1] == date(2026, 11, 17)
    # Before the start: no periods, and no crash.
    early = report(weekly_tuesdays(), history, "2026-10-01T09:00")
    assert not early.started and early.recent == () and early.sessions_held == 0


def test_a_held_session_later_today_does_not_count_yet():
    got = report(weekly_tuesdays(), [held("2026-11-03T16:00"), held("2026-11-10T16:00")], "2026-11-10T12:00")
    assert not got.period_kept and got.meeting.current == 1


def test_no_sessions_at_all():
    got = report(weekly_tuesdays(), [], "2026-11-30T09:00")  # a Monday: the last day of the week
    assert (got.meeting.current, got.prep.current, got.reflection.current) == (0, 0, 0)
    assert got.momentum == 0 and got.meeting_rate == 0 and got.prep_rate is None
    assert got.days_left_in_period == 1 and got.at_risk
    assert got.stalled and got.days_since_last_held is None
    assert at_risk_message(got, "Sam") == "Book this week's session with Sam — last day."
    assert stalled_message(got, "Sam") == "No session with Sam yet, 27 days after you started — book the first one now."


def test_partnership_starting_in_the_future():
    got = report(weekly_tuesdays(date(2027, 1, 5)), [], "2026-11-24T10:00")
    assert not got.started and got.days_since_start == -42
    assert got.period_start is None and got.days_left_in_period is None
    assert not got.at_risk and not got.stalled and got.momentum == 0 and got.recent == ()
    assert at_risk_message(got, "Sam") is None and stalled_message(got, "Sam") is None


# --- pauses, skips, prep and reflection -------------------------------------------------


def test_a_paused_period_neither_breaks_nor_extends_and_a_plain_skip_breaks():
    start = date(2026, 9, 1)
    pausing = tuesdays(start, 2) + [skipped("2026-09-15T16:00")] + tuesdays(date(2026, 9, 22), 2)
    got = report(weekly_tuesdays(start), pausing, "2026-10-01T09:00")
    assert (got.meeting.current, got.meeting.longest, got.periods_paused) == (4, 4, 1)
    plain = tuesdays(start, 2) + [skipped("2026-09-15T16:00", pauses=False)] + tuesdays(date(2026, 9, 22), 2)
    got = report(weekly_tuesdays(start), plain, "2026-10-01T09:00")
    assert (got.meeting.current, got.meeting.longest, got.periods_missed) == (2, 2, 1)


def test_a_held_session_outweighs_a_pause_in_the_same_period():
    history = [skipped("2026-11-03T16:00"), held("2026-11-05T16:00")]
    got = report(weekly_tuesdays(), history, "2026-11-06T09:00")
    assert got.period_kept and not got.period_paused and got.meeting.current == 1


def test_a_paused_current_period_is_not_at_risk_nor_stalled():
    history = [held("2026-10-06T16:00"), skipped("2026-11-24T16:00")]
    partnership = weekly_tuesdays(date(2026, 10, 6))
    got = report(partnership, history, "2026-11-30T09:00")
    assert got.period_paused and not got.at_risk and not got.stalled
    assert got.days_since_last_held == 55
    after = report(partnership, history, "2026-12-01T09:00")
    assert after.stalled
    assert (
        stalled_message(after, "Sam")
        == "56 days since you last met Sam — pick a date this week and get the rhythm back."
    )


def test_the_period_in_progress_does_not_break_the_streak():
    history = tuesdays(date(2026, 11, 3), 3)
    for now in ("2026-11-24T09:00", "2026-11-30T23:59"):  # this week's session is not held yet
        got = report(weekly_tuesdays(), history, now)
        assert (got.meeting.current, got.period_kept) == (3, False)
    # Once a period has ended without a session, the streak is broken.
    got = report(weekly_tuesdays(), tuesdays(date(2026, 11, 3), 2), "2026-12-01T00:00")
    assert got.meeting.current == 0 and got.meeting.longest == 2


def test_prep_counts_an_agenda_ready_by_the_scheduled_time():
    history = [
        held("2026-11-03T16:00", ready="2026-11-03T16:00"),  # ready exactly at the start
        held("2026-11-10T16:00", held_at="2026-11-10T16:20", ready="2026-11-10T16:05"),  # late
        held("2026-11-17T16:00", ready="2026-11-16T09:00"),
    ]
    got = report(weekly_tuesdays(), history, "2026-11-18T09:00")
    assert (got.prep.current, got.prep.longest) == (1, 1)
    assert got.prep_rate == pytest.approx(2 / 3)
    assert [c.state for c in got.recent] == [PeriodState.PREPARED, PeriodState.HELD, PeriodState.PREPARED]


def test_reflection_streak_waits_for_an_open_window():
    history = [
        held("2026-11-03T16:00", written="2026-11-04T09:00"),
        held("2026-11-10T16:00", written="2026-11-12T16:00"),  # exactly 48 hours
        held("2026-11-17T16:00", written="2026-11-18T10:00", draft=True),  # still a draft
    ]
    within = report(weekly_tuesdays(), history, "2026-11-19T15:59")
    assert (within.reflection.current, within.reflection_rate) == (2, 1.0)
    closed = report(weekly_tuesdays(), history, "2026-11-19T16:01")
    assert (closed.reflection.current, closed.reflection.longest) == (0, 2)
    assert closed.reflection_rate == pytest.approx(2 / 3)


def test_heatmap_covers_the_last_52_weeks_and_momentum_the_last_52_periods():
    start = date(2024, 1, 2)
    got = report(weekly_tuesdays(start), tuesdays(start, 150), "2026-11-24T10:00")
    assert len(got.recent) == 53 and got.recent[-1].state is PeriodState.UPCOMING
    assert got.recent[0].start <= date(2025, 11, 26) < got.recent[0].end
    assert len(got.momentum_history) == 52 and got.momentum_history[-1] == got.momentum
    assert PeriodState.COMPLETE.level == 3 and PeriodState.PAUSED.level is None


# --- facts from the store ----------------------------------------------------------------


def test_session_facts_read_the_store_and_are_cached_until_it_changes(onboarded):
    from companion.partnerships import current_partnership

    partnership = current_partnership(onboarded)
    onboarded.add(held("2026-11-03T16:00", ready="2026-11-02T10:00", written="2026-11-03T18:00"))
    onboarded.add(skipped("2026-11-10T16:00"))
    other = onboarded.add(make_partnership(partner_name="Robin"))
    onboarded.add(replace(held("2026-11-10T16:00"), partnership_id=other.id))  # another partnership
    onboarded.add(replace(skipped("2026-11-17T16:00"), state=SessionState.CANCELLED))
    facts = session_facts(onboarded, partnership)
    assert list(facts) == [
        SessionFact(at("2026-11-03T16:00"), 1, True, True, True),
        SessionFact(at("2026-11-10T16:00"), 2, False, False, False),
    ]
    assert session_facts(onboarded, partnership) is facts
    assert len(facts) == 2 and facts[0].prepared and facts[-1].session_id == 2 and not facts[1].held
    assert facts[:1] == [facts[0]]
    onboarded.add(held("2026-11-17T16:00"))
    assert len(session_facts(onboarded, partnership)) == 3
    got = report_for(onboarded, partnership, at("2026-11-24T10:00"))
    assert (got.meeting.current, got.periods_paused) == (2, 1)
    # Any sequence of facts will do, e.g. a plain list of them.
    assert streak_report(partnership, list(session_facts(onboarded, partnership)), at("2026-11-24T10:00")) == got


def test_damaged_documents_are_left_out():
    docs = docs_of([held("2026-11-03T16:00"), held("2026-11-10T16:00"), held("2026-11-17T16:00")])
    docs["2"]["held_at"] = "not a date"
    docs["3"]["agenda"] = 7
    docs["4"] = {"partnership_id": 1, "state": "held"}  # no time at all
    docs["5"] = {"partnership_id": 1, "state": "skipped", "pauses_streak": True, "scheduled_at": None}
    del docs["1"]["scheduled_at"]  # still held at a known time, so it still counts
    assert list(facts_from_docs(docs, 1)) == [SessionFact(at("2026-11-03T16:00"), 1, True, False, False)]


def test_building_facts_leaves_the_garbage_collector_as_it_was():
    # The collector's switch is process-wide: a worker thread an earlier test's app left
    # behind may be pausing it right now, so let it finish first.
    deadline = wall_clock.monotonic() + 10
    while not gc.isenabled() and wall_clock.monotonic() < deadline:
        wall_clock.sleep(0.01)
    docs = docs_of(tuesdays(date(2026, 11, 3), 3))
    assert gc.isenabled()
    facts_from_docs(docs, 1)
    assert gc.isenabled()
    gc.disable()
    try:
        facts_from_docs(docs, 1)
        assert not gc.isenabled()
    finally:
        gc.enable()
