"""Streaks, momentum and the at-risk and stalled warnings (DESIGN.md, Streaks).

Everything here is a pure function of stored data and `now`; the one entry point for
the dashboard, the progress screen and `companion status` is

    report = streak_report(partnership, session_facts(store, partnership), now)

All dates and times are naive local time, as everywhere in Companion.

Periods
-------
Periods follow the partnership's cadences. Each cadence applies from its `since` date
until the next cadence's `since` (its occurrences on or after that day belong to the
next cadence). Every occurrence starts a period on its date, and a period runs until
the next occurrence's date: `[start, end)` in local dates, so a session at 23:59 on the
day before an occurrence belongs to the earlier period and one at 00:00 to the later.
The first period starts on the partnership's start date and runs to the *second*
occurrence: the first occurrence is part of it (a partnership that starts on a Monday
and meets on Tuesdays does not open with a one-day period nobody could keep). Sessions
dated before the start date count in the first period. When the cadence changes, the
last period of the old cadence runs until the first occurrence of the new one. Ad hoc
and rescheduled sessions count in the period whose dates contain them.

Occurrences come from `companion.schedule.cadence_rule` (dateutil's rrule), so periods
line up with the sessions the app offers. A weekly or fortnightly rule then repeats every
7 or 14 days, and those dates are stepped arithmetically from the rule's first occurrence
(the same dates rrule gives; the tests check it). Stepping saves time: rrule took about
7 µs per occurrence where this was measured, so 80 ms for the two centuries of weeks in
the 10 000-session demo file. Monthly dates come from rrule itself.

What a session contributes
--------------------------
- A session counts at its *moment*: when it was held (`held_at`, else `scheduled_at`);
  a skip counts at `scheduled_at`. Planned and cancelled sessions contribute nothing.
- A held session whose moment is after `now` (the system clock was moved backwards)
  has not happened yet as far as `now` knows: it counts for nothing, so it cannot keep
  a future period or extend a streak. Pausing skips dated after the current period are
  ignored the same way (a pause planned for this period already counts).
- A period is *kept* when it holds a held session, *paused* when it holds a skip with
  `pauses_streak` and no held session, else *missed* once it has ended. The period in
  progress is *pending* until it is kept: it never breaks a streak before it ends.

Streaks
-------
- Meeting streak: consecutive kept periods; paused and pending periods neither break nor
  extend it.
- Prep streak: consecutive held sessions whose agenda was marked ready no later than the
  session's `scheduled_at`. Scheduled time rather than `held_at`: it is the time both
  people agreed on, and `held_at` may be recorded when someone marks the session held, so
  an agenda readied during or after the meeting would otherwise count as preparation.
- Reflection streak: consecutive held sessions with a final (non-draft) reflection whose
  `written_at` is at most 48 hours after the session's moment. A session whose 48-hour
  window is still open and that has no final reflection yet is pending: it neither breaks
  nor extends the streak. Only the newest sessions can be pending.
- Prep and reflection streaks are sequences of held sessions, so skipped sessions and
  paused periods simply do not appear in them: a holiday neither breaks nor extends them.
- Current is the run ending with the newest decided item; longest is the longest run.

Momentum
--------
Habit strength in the manner of the Loop habit tracker: over the periods in order,
`score = score·m + kept·(1−m)`, starting from 0; paused and pending periods leave the
score unchanged. The report gives it 0–100.

`m = 0.9` per period (`MOMENTUM_MULTIPLIER`), which gives the score a half-life of about
6.6 periods. From nothing, 13 kept weeks in a row reach 75 and half a year about 94.
After a long run, one missed period costs about a tenth: 52 kept weeks and then one miss
leave 89.6, still clearly "strong". Three misses in a row drop it to about 73 and seven
to under half, so a real lapse shows within a couple of months.

Smoothing per period rather than per day makes the figure mean the same for weekly,
fortnightly and monthly cadences, because it counts meetings, not calendar days. Loop
multiplies by 0.5^(√f/13) every day (f = repetitions per day), which for a weekly habit
comes to 0.87 a week. 0.9 is a little more forgiving, which suits a habit that depends on
two people's diaries.

Warnings
--------
- At risk: the current period ends within `AT_RISK_DAYS` (2) days, counting today (on the
  last two days of the period), nothing was held in it yet, and it is not paused.
- Stalled: more than `STALLED_DAYS` (21) days since the last held session (or, with none
  yet, since the start), the partnership started more than 21 days ago, and the current
  period is not paused (someone on a paused holiday is not nagged; the warning appears
  once the pause is over).

Rates
-----
Meeting rate: kept periods / decided periods (ended and not paused, plus the current one
once kept). Prep rate: prepared / held sessions. Reflection rate: reflected / held
sessions that are not pending. `None` when there is nothing to divide by.

Performance
-----------
`session_facts` reads the raw documents (`Store.docs`), never decodes a Session, and is
cached with `Store.derived` until the data changes. The facts are kept as plain tuples
(`SessionFacts`), and the cyclic garbage collector is paused while they are built (see
`gc_paused` in `companion.datafile`). `streak_report` works on one code per
period and per session (`bytes`), so streaks, counts and rates are `bytes` operations, and
only the recent periods are visited one by one. Momentum looks back at most 1000
decided periods, because anything older weighs less than 0.9^1000 ≈ 2e-46.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import compress, repeat
from operator import itemgetter, not_
from typing import Any, NamedTuple

from companion.datafile import gc_paused
from companion.models import Cadence, Frequency, Partnership
from companion.schedule import cadence_rule

MOMENTUM_MULTIPLIER = 0.9
REFLECTION_WINDOW = timedelta(hours=48)
AT_RISK_DAYS = 2
STALLED_DAYS = 21
HEATMAP_DAYS = 7 * 52  # the heatmap shows the periods overlapping the last 52 weeks
HISTORY_PERIODS = 52  # momentum history: the last 52 periods
# How far past today periods are generated to find the end of the current one.
_HORIZON_DAYS = 400
_STEP_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14}


# --- facts -----------------------------------------------------------------------------


class SessionFact(NamedTuple):
    """What a stored session contributes to streaks (held sessions and pausing skips)."""

    moment: datetime  # when it was held (held_at, else scheduled_at); a skip: scheduled_at
    session_id: int
    held: bool  # False: a skip that pauses the streak
    prepared: bool = False  # agenda ready_at <= scheduled_at
    reflected: bool = False  # a final reflection written within 48 hours of `moment`


# A fact as a plain tuple, in SessionFact's field order.
Row = tuple[datetime, int, bool, bool, bool]


class TupleRows(Sequence[Any]):
    """Records kept as plain tuples (`rows`, in the field order of the NamedTuple `record`)
    and made `record`s only when read: building ten thousand NamedTuples at start-up would
    cost a sixth of the streak budget, and the computations read the plain tuples directly."""

    __slots__ = ("rows",)
    record: Any  # the NamedTuple type, set by each subclass
    noun = "rows"

    def __init__(self, rows: list) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.record._make(row) for row in self.rows[index]]
        return self.record._make(self.rows[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self.record._make, self.rows)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.rows)} {self.noun})"


class SessionFacts(TupleRows):
    """A partnership's facts (SessionFact rows) in time order: by moment, then session id."""

    __slots__ = ()
    record = SessionFact
    noun = "facts"


def session_facts(store: Any, partnership: Partnership) -> SessionFacts:
    """The partnership's streak facts in time order, cached until the data changes.

    `store` is a `companion.store.Store` (only `docs` and `derived` are used).
    """
    pid = partnership.id
    return store.derived(f"streaks.facts.{pid}", lambda s: facts_from_docs(s.docs("sessions"), pid))


def facts_from_docs(docs: Mapping[str, Mapping[str, Any]], partnership_id: int | None) -> SessionFacts:
    """Facts from raw session documents (keyed by id), in time order. Documents too
    damaged to read are left out (`companion check` reports them)."""
    rows: list[Row] = []
    append = rows.append
    with gc_paused():
        for doc_id, doc in docs.items():
            get = doc.get
            if get("partnership_id") != partnership_id:
                continue
            state = get("state")
            try:
                if state == "held":
                    append(_held_row(doc_id, get))
                elif state == "skipped" and get("pauses_streak"):
                    append((_parse(get("scheduled_at")), int(doc_id), False, False, False))
            except (TypeError, ValueError, AttributeError, KeyError):
                continue
        rows.sort()
    return SessionFacts(rows)


_parse = datetime.fromisoformat
_NO_DOC: dict[str, Any] = {}


def _held_row(doc_id: str, get: Callable[[str], Any]) -> Row:
    """A held session's fact (as a plain tuple), from its document's `get`."""
    scheduled = get("scheduled_at")
    moment = _parse(get("held_at") or scheduled)
    ready = (get("agenda") or _NO_DOC).get("ready_at")
    reflection = get("reflection") or _NO_DOC
    written = None if reflection.get("is_draft", True) else reflection.get("written_at")
    return (
        moment,
        int(doc_id),
        True,
        ready is not None and _not_later(ready, scheduled),
        written is not None and _parse(written) - moment <= REFLECTION_WINDOW,
    )


def _not_later(first: str, second: str) -> bool:
    """`first <= second` for two stored datetimes: ISO strings of one length compare as
    text (the codec writes them all to the second), others are parsed."""
    if len(first) == len(second):
        return first <= second
    return _parse(first) <= _parse(second)


# --- periods ---------------------------------------------------------------------------


def period_starts(partnership: Partnership, until: date) -> list[date]:
    """The start of every period from the partnership's start to the one holding `until`,
    then the start of the next one (the end of that period). Empty before the start."""
    return [date.fromordinal(day) for day in _start_days(partnership, until.toordinal())]


def _start_days(partnership: Partnership, until: int) -> list[int]:
    """`period_starts` as date ordinals (the last one may be missing if no occurrence
    follows within the horizon: then the current period has no known end)."""
    first = partnership.start_date.toordinal()
    if until < first or not partnership.cadences:
        return []
    days = _occurrence_days(partnership.cadences, until + _HORIZON_DAYS)
    days = days[bisect_left(days, first) :]
    starts = [first, *days[1:]]
    return starts[: bisect_right(starts, until) + 1]


def _occurrence_days(cadences: list[Cadence], horizon: int) -> list[int]:
    """Ordinals of every occurrence before `horizon`, in order, each cadence within its
    window (from its `since`, or where the previous window ended, to the next `since`)."""
    found: list[int] = []
    window_start = cadences[0].since.toordinal()
    for index, cadence in enumerate(cadences):
        start = max(window_start, cadence.since.toordinal())
        end = horizon
        if index + 1 < len(cadences):
            end = min(end, cadences[index + 1].since.toordinal())
        if start < end:
            found.extend(_cadence_days(cadence, start, end))
            window_start = end
    return found


def _cadence_days(cadence: Cadence, start: int, end: int) -> list[int]:
    """Ordinals of one cadence's occurrences in [start, end), in order."""
    rule = cadence_rule(cadence)
    step = _STEP_DAYS.get(cadence.frequency)
    if step is not None:
        first = rule[0].toordinal()
        if first < start:  # whole steps on, to the first one on or after `start`
            first += -((first - start) // step) * step
        return list(range(first, end, step))
    since = datetime.combine(date.fromordinal(start), time.min)
    stop = datetime.combine(date.fromordinal(end), time.min)
    return [moment.toordinal() for moment in rule.between(since, stop, inc=True) if moment < stop]


def _cadence_at(partnership: Partnership, day: date) -> Cadence:
    """The cadence in force on `day` (the first one before any took effect)."""
    current = partnership.cadences[0]
    for cadence in partnership.cadences:
        if cadence.since <= day:
            current = cadence
    return current


# --- the report ------------------------------------------------------------------------


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
    )
    figures.update(_session_figures(held, now))
    starts = _start_days(partnership, today.toordinal())
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
        period_frequency=_cadence_at(partnership, start).frequency,
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

_PERIOD_WORDS = {
    Frequency.WEEKLY: ("this week's", "week"),
    Frequency.FORTNIGHTLY: ("this fortnight's", "fortnight"),
    Frequency.MONTHLY: ("this month's", "month"),
}


def period_unit(report: StreakReport) -> str:
    """What one period is called: "week", "fortnight" or "month"."""
    return {Frequency.FORTNIGHTLY: "fortnight", Frequency.MONTHLY: "month"}.get(report.period_frequency, "week")


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
