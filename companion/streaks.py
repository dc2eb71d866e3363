"""Streaks, momentum and the at-risk and stalled warnings (docs/streaks.md).

Everything here is a pure function of stored data and `now`; the one entry point for
the dashboard, the progress screen and `companion status` is

    report = streak_report(partnership, session_facts(store, partnership), now)

or `report_for(store, partnership, now)`, which does the same. What each session
contributes is in `companion.streak_facts`, the periods in `companion.periods`; this
module turns them into streaks, rates, momentum, the heatmap and the warnings. All dates
and times are naive local time, as everywhere in Companion.

The report works on one code per period and per session (`bytes`), so streaks, counts
and rates are `bytes` operations, and only the recent periods are visited one by one
(docs/streaks.md, "Performance").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from itertools import compress, repeat
from operator import itemgetter, not_
from typing import Any

from companion.models import Frequency, Partnership
from companion.periods import cadence_at, period_start_days
from companion.streak_facts import REFLECTION_WINDOW, Row, SessionFact, SessionFacts, session_facts

MOMENTUM_MULTIPLIER = 0.9  # per period: why 0.9, see docs/streaks.md, "Momentum"
AT_RISK_DAYS = 2
STALLED_DAYS = 21
HEATMAP_DAYS = 7 * 52  # the heatmap shows the periods overlapping the last 52 weeks
HISTORY_PERIODS = 52  # momentum history: the last 52 periods


class PeriodState(StrEnum):
    """A period's cell in the heatmap. Held periods rise in `level` with what went well."""

    UPCOMING = "upcoming"  # the period in progress: nothing held yet, not paused
    MISSED = "missed"  # ended with no held session and no pause
    PAUSED = "paused"  # a skip that pauses the streak, nothing held
    HELD = "held"  # met; agenda not ready in time, no reflection within 48 h (yet)
    PREPARED = "prepared"  # met, with the agenda ready in time
    REFLECTED = "reflected"  # met, reflected on within 48 hours
    COMPLETE = "complete"  # met, prepared and reflected on

    @property
    def level(self) -> int | None:
        """Heatmap intensity: 0 missed … 3 complete; None for paused and upcoming."""
        return _LEVELS.get(self)


_LEVELS = {
    PeriodState.MISSED: 0,
    PeriodState.HELD: 1,
    PeriodState.PREPARED: 2,
    PeriodState.REFLECTED: 2,
    PeriodState.COMPLETE: 3,
}
_HELD_STATES = (PeriodState.HELD, PeriodState.PREPARED, PeriodState.REFLECTED, PeriodState.COMPLETE)


@dataclass(frozen=True)
class PeriodCell:
    """One period for the heatmap: `[start, end)` in local dates."""

    start: date
    end: date | None  # None only if no later occurrence was found
    state: PeriodState


@dataclass(frozen=True)
class Streak:
    """A streak's current run (ending with the newest decided period or session) and its
    longest run ever."""

    current: int = 0
    longest: int = 0


@dataclass(frozen=True)
class StreakReport:
    """Every streak figure for one partnership at one moment (see the module docstring)."""

    today: date
    meeting: Streak = Streak()  # in periods
    prep: Streak = Streak()  # in held sessions
    reflection: Streak = Streak()  # in held sessions
    momentum: float = 0.0  # 0–100
    # Momentum after each of the last HISTORY_PERIODS periods, oldest first; the last
    # value is `momentum`.
    momentum_history: tuple[float, ...] = ()
    meeting_rate: float | None = None  # 0–1
    prep_rate: float | None = None
    reflection_rate: float | None = None
    periods_kept: int = 0
    periods_missed: int = 0  # ended periods only
    periods_paused: int = 0
    sessions_held: int = 0  # up to now
    last_held: datetime | None = None
    days_since_last_held: int | None = None
    started: bool = False  # today is on or after the start date
    days_since_start: int = 0  # negative before the start
    period_start: date | None = None  # the current period, [start, end)
    period_end: date | None = None
    days_left_in_period: int | None = None  # counting today
    period_frequency: Frequency | None = None  # the cadence of the current period
    period_kept: bool = False  # something was held in the current period
    period_paused: bool = False
    at_risk: bool = False
    stalled: bool = False
    # The periods overlapping the last 52 weeks, oldest first, ending with the current one.
    recent: tuple[PeriodCell, ...] = ()


# One byte per period: kept, paused, missed, or pending (the period in progress, not kept).
_KEPT, _PAUSED, _MISSED, _PENDING = b"kpmu"
_NEUTRAL = b"pu"  # codes that neither break nor extend a streak, nor move momentum
# Momentum forgets periods further back than this: they weigh less than 0.9^1000 ≈ 2e-46.
_MOMENTUM_MEMORY = 1000
_MOMENT = itemgetter(0)
_HELD = itemgetter(2)
_PREPARED = itemgetter(3)
_REFLECTED = itemgetter(4)


def report_for(store: Any, partnership: Partnership, now: datetime) -> StreakReport:
    """`streak_report` on the partnership's stored sessions (facts cached in the store)."""
    return streak_report(partnership, session_facts(store, partnership), now)


def streak_report(partnership: Partnership, facts: Sequence[SessionFact], now: datetime) -> StreakReport:
    """Every streak figure at `now` from the partnership's facts (in time order)."""
    today = now.date()
    facts = facts.rows if isinstance(facts, SessionFacts) else list(facts)
    until_now = facts[: bisect_right(facts, (now, float("inf")))]
    held = list(compress(until_now, map(_HELD, until_now)))
    last = held[-1][0] if held else None
    figures: dict[str, Any] = dict(
        today=today,
        sessions_held=len(held),
        last_held=last,
        days_since_last_held=(today - last.date()).days if last else None,
        started=today >= partnership.start_date,
        days_since_start=(today - partnership.start_date).days,
        # Before the first period (and before any session) the unit still follows the cadence.
        period_frequency=cadence_at(partnership, today).frequency,
    )
    figures.update(_session_figures(held, now))
    starts = period_start_days(partnership, today.toordinal())
    if starts:
        pauses = [fact[0].toordinal() for fact in compress(facts, map(not_, map(_HELD, facts)))]
        figures.update(_period_figures(partnership, starts, held, pauses, today))
        figures["stalled"] = _stalled(partnership, today, last, figures["period_paused"])
    return StreakReport(**figures)


def _session_figures(held: list[Row], now: datetime) -> dict[str, Any]:
    """Prep and reflection streaks and rates over the held sessions (up to now)."""
    prepared = bytes(map(_PREPARED, held))
    open_from = bisect_left(held, (now - REFLECTION_WINDOW,))  # their 48 hours are not over
    reflected = bytes(map(_REFLECTED, held[:open_from]))
    reflected += b"\x01" * sum(map(_REFLECTED, held[open_from:]))  # the others are pending
    return dict(
        prep=_streak(prepared, 0),
        reflection=_streak(reflected, 0),
        prep_rate=_rate(prepared.count(1), len(prepared)),
        reflection_rate=_rate(reflected.count(1), len(reflected)),
    )


def _stalled(partnership: Partnership, today: date, last_held: datetime | None, paused: bool) -> bool:
    """More than 21 days without a held session, started more than 21 days ago, not paused."""
    if paused or (today - partnership.start_date).days <= STALLED_DAYS:
        return False
    since = last_held.date() if last_held else partnership.start_date
    return (today - since).days > STALLED_DAYS


def _period_figures(
    partnership: Partnership, starts: list[int], held: list[Row], pauses: list[int], today: date
) -> dict[str, Any]:
    """Everything that depends on periods: meeting streak, momentum, the current period."""
    codes = _period_codes(starts, held, pauses, today.toordinal())
    decided = bytes(codes).translate(None, _NEUTRAL)
    momentum, history = _momentum(codes)
    return dict(
        meeting=_streak(decided, _MISSED),
        momentum=momentum,
        momentum_history=history,
        meeting_rate=_rate(decided.count(_KEPT), len(decided)),
        periods_kept=decided.count(_KEPT),
        periods_missed=decided.count(_MISSED),
        periods_paused=codes.count(_PAUSED),
        recent=_recent(starts, codes, held, today),
        **_current_period(partnership, starts, codes, today),
    )


def _period_codes(starts: list[int], held: list[Row], pauses: list[int], today: int) -> bytearray:
    """One code per period from the first to the current one."""
    count = len(starts) - 1 if starts[-1] > today else len(starts)
    inner = starts[1:count]  # a day's period is the number of these on or before it
    end = starts[count] if count < len(starts) else float("inf")
    codes = bytearray([_MISSED]) * count
    _mark(codes, inner, pauses[: bisect_left(pauses, end)], _PAUSED)
    _mark(codes, inner, map(datetime.toordinal, map(_MOMENT, held)), _KEPT)
    if codes[-1] == _MISSED:
        codes[-1] = _PENDING
    return codes


def _mark(codes: bytearray, inner_starts: list[int], days: Iterable[int], code: int) -> None:
    """Set the code of every period holding one of `days`. (In C: a Python loop over ten
    thousand sessions would cost more than everything else here.)"""
    periods = map(bisect_right, repeat(inner_starts), days)
    deque(map(codes.__setitem__, periods, repeat(code)), maxlen=0)


def _current_period(partnership: Partnership, starts: list[int], codes: bytearray, today: date) -> dict[str, Any]:
    """The period in progress: its dates, the days left, and whether it is at risk."""
    start = date.fromordinal(starts[len(codes) - 1])
    end = date.fromordinal(starts[len(codes)]) if len(starts) > len(codes) else None
    days_left = (end - today).days if end else None
    kept, paused = codes[-1] == _KEPT, codes[-1] == _PAUSED
    return dict(
        period_start=start,
        period_end=end,
        days_left_in_period=days_left,
        period_frequency=cadence_at(partnership, start).frequency,
        period_kept=kept,
        period_paused=paused,
        at_risk=days_left is not None and days_left <= AT_RISK_DAYS and not kept and not paused,
    )


def _streak(codes: bytes, breaker: int) -> Streak:
    """Current and longest runs in `codes`: every code but `breaker` extends a run."""
    if not codes:
        return Streak()
    return Streak(
        current=len(codes) - 1 - codes.rfind(breaker),
        longest=max(map(len, codes.split(bytes([breaker])))),
    )


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _momentum(codes: bytearray) -> tuple[float, tuple[float, ...]]:
    """Momentum (0–100) now, and after each of the last HISTORY_PERIODS periods."""
    head, tail = codes[:-HISTORY_PERIODS], codes[-HISTORY_PERIODS:]
    score = 0.0
    for code in head.translate(None, _NEUTRAL)[-_MOMENTUM_MEMORY:]:
        score = _momentum_step(score, code)
    history = []
    for code in tail:
        score = _momentum_step(score, code)
        history.append(100 * score)
    return 100 * score, tuple(history)


def _momentum_step(score: float, code: int) -> float:
    """`score·m + kept·(1−m)`; paused and pending periods leave the score as it is."""
    if code == _KEPT:
        return score * MOMENTUM_MULTIPLIER + (1 - MOMENTUM_MULTIPLIER)
    if code == _MISSED:
        return score * MOMENTUM_MULTIPLIER
    return score


def _recent(starts: list[int], codes: bytearray, held: list[Row], today: date) -> tuple[PeriodCell, ...]:
    """Heatmap cells for the periods overlapping the last 52 weeks, oldest first."""
    first = max(0, bisect_right(starts, today.toordinal() - HEATMAP_DAYS + 1) - 1)
    cells = []
    for index in range(first, len(codes)):
        start = date.fromordinal(starts[index])
        end = date.fromordinal(starts[index + 1]) if index + 1 < len(starts) else None
        # The first period also takes in anything dated before it.
        low = 0 if index == 0 else bisect_left(held, (datetime.combine(start, time.min),))
        high = len(held) if end is None else bisect_left(held, (datetime.combine(end, time.min),))
        cells.append(PeriodCell(start, end, _cell_state(codes[index], held[low:high])))
    return tuple(cells)


def _cell_state(code: int, sessions: list[Row]) -> PeriodState:
    if code == _KEPT:
        prepared = any(map(_PREPARED, sessions))
        reflected = any(map(_REFLECTED, sessions))
        return _HELD_STATES[prepared + 2 * reflected]
    return {_PAUSED: PeriodState.PAUSED, _MISSED: PeriodState.MISSED}.get(code, PeriodState.UPCOMING)


# --- messages --------------------------------------------------------------------------

_PERIOD_WORDS: dict[Frequency | None, tuple[str, str]] = {
    Frequency.WEEKLY: ("this week's", "week"),
    Frequency.FORTNIGHTLY: ("this fortnight's", "fortnight"),
    Frequency.MONTHLY: ("this month's", "month"),
}
_PERIOD_UNITS: dict[Frequency | None, str] = {Frequency.FORTNIGHTLY: "fortnight", Frequency.MONTHLY: "month"}


def period_unit(report: StreakReport) -> str:
    """What one period is called: "week", "fortnight" or "month"."""
    return _PERIOD_UNITS.get(report.period_frequency, "week")


def status_unit(report: StreakReport) -> str:
    """The meeting streak's unit after its count in `companion status`: "5w" keeps the
    familiar short form for weeks; fortnights and months are spelled out ("2 fortnights",
    "1 month"), having no abbreviation that reads at a glance ("m" reads as minutes). See
    docs/streaks.md."""
    unit = period_unit(report)
    if unit == "week":
        return "w"
    return f" {unit}{'s' if report.meeting.current != 1 else ''}"


def at_risk_message(report: StreakReport, partner_name: str) -> str | None:
    """What to do when the current period is at risk, or None when it is not.

    "Book this week's session with Sam — 2 days left to keep your 5-week streak."
    """
    if not report.at_risk or report.days_left_in_period is None:
        return None
    this, unit = _PERIOD_WORDS.get(report.period_frequency, ("this period's", "period"))
    days = report.days_left_in_period
    left = "last day" if days == 1 else f"{days} days left"
    message = f"Book {this} session with {partner_name} — {left}"
    if report.meeting.current:
        message += f" to keep your {report.meeting.current}-{unit} streak"
    return message + "."


def stalled_message(report: StreakReport, partner_name: str) -> str | None:
    """What to do when the partnership has stalled, or None when it has not."""
    if not report.stalled:
        return None
    if report.days_since_last_held is None:
        return (
            f"No session with {partner_name} yet, {report.days_since_start} days after you "
            "started — book the first one now."
        )
    return (
        f"{report.days_since_last_held} days since you last met {partner_name} — pick a date "
        "this week and get the rhythm back."
    )
