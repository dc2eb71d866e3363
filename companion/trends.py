"""Candour and value over time: the ratings of each reflection, and where they are heading.

A reflection rates the session's value and its candour (1–5). Candour that turns
performative is one of the ways these relationships fail, so the progress screen shows
where both are heading: the last ratings as a strip of bars, the latest figure and an arrow.

Pure functions over stored data (no Textual), like the streaks (docs/streaks.md):

    points = rating_points(store, partnership)        # cached until the data changes
    trend = recent_trend(points, "candour", now)      # the last 26 reflections

A rating point is a held session with a final (non-draft) reflection that rated value,
candour or both. It counts at the session's moment, as in the streaks: when it was held
(`held_at`, else `scheduled_at`). Points after `now` (a clock moved backwards) are left out.

Performance: the points are read from the raw documents (`Store.docs`), never decoding a
Session (a reflection's ratings are stored unpacked, next to its packed texts). The held
sessions and their moments come from the streak facts (`companion.streak_facts.session_facts`,
cached), and the points are cached with `Store.derived` too, so a 10 000-session file is
read once per change.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from statistics import fmean
from typing import Any, Literal, NamedTuple

from companion.datafile import gc_paused
from companion.models import Partnership
from companion.streak_facts import SessionFacts, TupleRows, session_facts

RATING_MIN, RATING_MAX = 1, 5
RECENT_POINTS = 26  # the strip shows at most the last 26 reflections (half a year, weekly)
TREND_WINDOW = 5  # the arrow compares the mean of the last 5 ratings with the 5 before
TREND_MIN_POINTS = 4  # fewer ratings than this give no arrow
TREND_THRESHOLD = 0.3  # a change of the mean smaller than this is "steady"

Field = Literal["value", "candour"]


class RatingPoint(NamedTuple):
    """One reflection's ratings, at its session's moment (None: not rated)."""

    moment: datetime
    session_id: int
    value: int | None
    candour: int | None


# A point as a plain tuple, in RatingPoint's field order.
PointRow = tuple[datetime, int, int | None, int | None]


class RatingPoints(TupleRows):
    """A partnership's rating points (RatingPoint rows) in time order."""

    __slots__ = ()
    record = RatingPoint
    noun = "points"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RatingPoints) and self.rows == other.rows


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    STEADY = "steady"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "steady": "→"}[self.value]


@dataclass(frozen=True)
class Trend:
    """The last ratings of one kind (value or candour), oldest first, and their direction."""

    values: tuple[int, ...] = ()
    total: int = 0  # ratings of this kind up to now (`values` holds the last ones)
    direction: Direction | None = None  # None: too few ratings to tell
    change: float | None = None  # mean of the last window minus the mean of the one before

    @property
    def latest(self) -> int | None:
        return self.values[-1] if self.values else None

    @property
    def average(self) -> float | None:
        return fmean(self.values) if self.values else None


# --- reading the points ----------------------------------------------------------------


def rating_points(store: Any, partnership: Partnership) -> RatingPoints:
    """The partnership's rated reflections in time order, cached until the data changes.

    `store` is a `companion.store.Store` (only `docs` and `derived` are used). The held
    sessions come from the streak facts, which the progress screen needs anyway: their
    moments are parsed and sorted already, so only the ratings are looked up here.
    """
    pid = partnership.id

    def compute(s: Any) -> RatingPoints:
        return points_from_facts(session_facts(s, partnership), s.docs("sessions"))

    return store.derived(f"trends.points.{pid}", compute)


def points_from_facts(facts: SessionFacts, docs: Mapping[str, Mapping[str, Any]]) -> RatingPoints:
    """Rating points for the held sessions among `facts` (in time order), their ratings
    read from the session documents. (Plain tuples, built with the garbage collector
    paused, as the streak facts are: see `companion.streak_facts`.)"""
    points: list[PointRow] = []
    append = points.append
    no_doc: dict[str, Any] = {}
    with gc_paused():
        for moment, session_id, held, _prepared, _reflected in facts.rows:
            if not held:
                continue
            reflection = docs.get(str(session_id), no_doc).get("reflection")
            if type(reflection) is not dict or reflection.get("is_draft", True):
                continue
            value, candour = reflection.get("value"), reflection.get("candour")
            value = value if value in _RATINGS else None
            candour = candour if candour in _RATINGS else None
            if value is not None or candour is not None:
                append((moment, session_id, value, candour))
    return RatingPoints(points)


_RATINGS = frozenset(range(RATING_MIN, RATING_MAX + 1))


# --- trends ------------------------------------------------------------------------------


def recent_trend(points: Sequence[RatingPoint], field: Field, now: datetime, count: int = RECENT_POINTS) -> Trend:
    """The last `count` ratings of `field` up to `now`, and which way they are heading."""
    rows = points.rows if isinstance(points, RatingPoints) else list(points)
    upto = rows[: bisect_right(rows, (now, float("inf")))]
    index: Literal[2, 3] = 2 if field == "value" else 3
    rated = [rating for point in upto if (rating := point[index]) is not None]
    direction, change = _direction(rated)
    return Trend(values=tuple(rated[-count:]), total=len(rated), direction=direction, change=change)


def _direction(rated: Sequence[int]) -> tuple[Direction | None, float | None]:
    """Compare the mean of the newest ratings with the mean of those just before.

    The window is TREND_WINDOW ratings, or half of them when there are fewer, so a young
    partnership gets an arrow after TREND_MIN_POINTS reflections.
    """
    if len(rated) < TREND_MIN_POINTS:
        return None, None
    window = min(TREND_WINDOW, len(rated) // 2)
    change = fmean(rated[-window:]) - fmean(rated[-2 * window : -window])
    if change >= TREND_THRESHOLD:
        return Direction.UP, change
    if change <= -TREND_THRESHOLD:
        return Direction.DOWN, change
    return Direction.STEADY, change


def momentum_change(history: Sequence[float], periods: int = 4) -> float | None:
    """How much momentum moved over the last `periods` periods (None with too short a
    history). `history` is `StreakReport.momentum_history`, oldest first."""
    if len(history) <= periods:
        return None
    return history[-1] - history[-1 - periods]


def momentum_direction(change: float | None, threshold: float = 1.0) -> Direction | None:
    """Up, down or steady for a momentum change (in points of 0–100)."""
    if change is None:
        return None
    if change >= threshold:
        return Direction.UP
    if change <= -threshold:
        return Direction.DOWN
    return Direction.STEADY
