"""Candour and value over time (`companion.trends`): the rating points read from stored
sessions, the last ratings and the direction they are heading."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from companion import trends
from companion.codec import to_doc
from companion.models import Partnership, Reflection, Session, SessionState
from companion.store import Store
from companion.streak_facts import facts_from_docs
from companion.trends import Direction, RatingPoint, Trend

NOW = datetime(2026, 11, 24, 10, 0)
WEEK = timedelta(days=7)


def session(
    when: datetime,
    *,
    state: SessionState = SessionState.HELD,
    value: int | None = None,
    candour: int | None = None,
    draft: bool = False,
    reflected: bool = True,
    partnership_id: int = 1,
    held_at: datetime | None = None,
) -> Session:
    reflection = None
    if reflected:
        reflection = Reflection(value=value, candour=candour, is_draft=draft, written_at=when + timedelta(hours=1))
    return Session(
        partnership_id=partnership_id,
        scheduled_at=when,
        state=state,
        held_at=held_at or (when if state is SessionState.HELD else None),
        reflection=reflection,
    )


def docs_of(*sessions: Session) -> dict[str, dict]:
    return {str(number): to_doc(s) for number, s in enumerate(sessions, start=1)}


def weekly(ratings: list[tuple[int | None, int | None]], last: datetime = NOW - WEEK) -> list[Session]:
    """One held, reflected session a week, the last one at `last`; (value, candour) each."""
    start = last - WEEK * (len(ratings) - 1)
    return [session(start + WEEK * i, value=v, candour=c) for i, (v, c) in enumerate(ratings)]


def points_from_docs(docs: dict[str, dict], partnership_id: int | None) -> trends.RatingPoints:
    return trends.points_from_facts(facts_from_docs(docs, partnership_id), docs)


def points(*sessions: Session) -> trends.RatingPoints:
    return points_from_docs(docs_of(*sessions), 1)


# --- reading points ---------------------------------------------------------------------


def test_points_are_the_rated_final_reflections_of_held_sessions_in_time_order():
    a = datetime(2026, 10, 6, 16)
    found = points(
        session(a + 2 * WEEK, value=4, candour=3),
        session(a, value=5, candour=None),
        session(a + WEEK, value=2, candour=2, draft=True),  # a draft is not a rating yet
        session(a + 3 * WEEK, state=SessionState.SKIPPED, value=5, candour=5),
        session(a + 4 * WEEK, reflected=False),
        session(a + 5 * WEEK, value=None, candour=None),  # reflected but not rated
        session(a + 6 * WEEK, value=3, candour=4, partnership_id=2),  # someone else's
    )
    assert list(found) == [
        RatingPoint(a, 2, 5, None),
        RatingPoint(a + 2 * WEEK, 1, 4, 3),
    ]


def test_a_point_counts_when_the_session_was_held():
    scheduled = datetime(2026, 11, 3, 16)
    held = datetime(2026, 11, 5, 9)
    (point,) = points(session(scheduled, value=4, candour=4, held_at=held))
    assert point.moment == held


def test_ratings_out_of_range_or_of_the_wrong_type_are_left_out():
    docs = docs_of(*weekly([(4, 4), (4, 4), (4, 4)]))
    docs["1"]["reflection"]["value"] = 9
    docs["2"]["reflection"]["candour"] = "5"
    docs["3"]["reflection"] = "broken"
    found = points_from_docs(docs, 1)
    assert [(p.value, p.candour) for p in found] == [(None, 4), (4, None)]


def test_points_from_the_store_are_cached_until_the_data_changes(onboarded: Store):
    partnership = onboarded.all(Partnership)[0]
    onboarded.add(session(datetime(2026, 11, 10, 16), value=3, candour=4))
    first = trends.rating_points(onboarded, partnership)
    assert trends.rating_points(onboarded, partnership) is first
    onboarded.add(session(datetime(2026, 11, 17, 16), value=5, candour=5))
    again = trends.rating_points(onboarded, partnership)
    assert again is not first
    assert [(p.value, p.candour) for p in again] == [(3, 4), (5, 5)]
    assert again == points_from_docs(onboarded.docs("sessions"), partnership.id)


# --- trends -------------------------------------------------------------------------------


def test_the_recent_trend_keeps_the_last_ratings_oldest_first():
    found = points(*weekly([(v % 5 + 1, 3) for v in range(40)]))
    trend = trends.recent_trend(found, "value", NOW)
    assert len(trend.values) == trends.RECENT_POINTS
    assert trend.total == 40
    assert trend.values == tuple(v % 5 + 1 for v in range(40))[-trends.RECENT_POINTS :]
    assert trend.latest == 39 % 5 + 1


def test_each_kind_skips_the_reflections_that_did_not_rate_it():
    found = points(*weekly([(4, None), (None, 2), (5, 3)]))
    assert trends.recent_trend(found, "value", NOW).values == (4, 5)
    assert trends.recent_trend(found, "candour", NOW).values == (2, 3)


def test_ratings_after_now_are_not_counted():
    found = points(*weekly([(2, 2), (5, 5)], last=NOW + WEEK))
    trend = trends.recent_trend(found, "candour", NOW)
    assert trend.values == (2,)


@pytest.mark.parametrize(
    ("ratings", "direction"),
    [
        ([3, 3, 3, 3, 3, 4, 4, 5, 5, 5], Direction.UP),
        ([5, 5, 5, 4, 5, 3, 3, 2, 3, 2], Direction.DOWN),
        ([4, 3, 4, 3, 4, 3, 4, 3, 4, 3], Direction.STEADY),
        ([2, 4, 2, 4], Direction.STEADY),  # 3 then 3
        ([2, 2, 4, 4], Direction.UP),  # four ratings are enough: 2 against 2
        ([5, 5, 5], None),  # too few to tell
        ([], None),
    ],
)
def test_the_direction_compares_the_newest_ratings_with_those_before(ratings, direction):
    found = points(*weekly([(None, c) for c in ratings])) if ratings else points()
    trend = trends.recent_trend(found, "candour", NOW)
    assert trend.direction is direction
    assert (trend.change is None) == (direction is None)


def test_the_direction_looks_at_the_last_window_only():
    # Long ago it was low; the last ten ratings are level.
    ratings = [1] * 20 + [4] * 10
    trend = trends.recent_trend(points(*weekly([(r, None) for r in ratings])), "value", NOW)
    assert trend.direction is Direction.STEADY
    assert trend.change == 0


def test_an_empty_trend_has_no_latest_figure_or_average():
    assert Trend().latest is None and Trend().average is None
    assert Trend(values=(3, 4, 5)).average == 4
    assert Direction.UP.arrow == "↑" and Direction.DOWN.arrow == "↓" and Direction.STEADY.arrow == "→"


def test_momentum_change_and_direction():
    history = (50.0, 55.0, 60.0, 62.0, 70.0, 69.5)
    assert trends.momentum_change(history, 4) == pytest.approx(14.5)
    assert trends.momentum_change(history[:4], 4) is None
    assert trends.momentum_direction(14.5) is Direction.UP
    assert trends.momentum_direction(-3) is Direction.DOWN
    assert trends.momentum_direction(0.4) is Direction.STEADY
    assert trends.momentum_direction(None) is None
