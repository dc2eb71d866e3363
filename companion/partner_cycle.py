"""The partner's side of a cycle, as their share file brought it (docs/share-format.md,
"The cycle"): what their own summary says they gained, built on their side from shareable
facts only. Kept on the partnership, one per cycle number of theirs, for my cycle summary
to show both sides (docs/learning-loop.md, "The end of a cycle").

Records only, like `companion.models`, which stores them on `Partnership.partner_cycles`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KEPT_CYCLES = 50  # the partner's sides kept: the newest cycle numbers (twelve years of three months)


@dataclass(kw_only=True)
class RatingAverage:
    """How many ratings (candour or value) a side gave in the cycle and their average."""

    count: int
    average: float


@dataclass(kw_only=True)
class AchievedGoal:
    """A goal achieved in the cycle, with the start and end self-assessment (1–5)."""

    title: str
    start: int | None = None
    end: int | None = None


@dataclass(kw_only=True)
class PartnerCycle:
    """One side of a cycle's summary: the cycle's number, the days it counted (`so_far`
    while it was still running when the share was made), and what that side gained."""

    number: int
    start: date
    end: date
    review_on: date
    so_far: bool = False
    held: int = 0
    goals_achieved: list[AchievedGoal] = field(default_factory=list)
    candour: RatingAverage | None = None
    value: RatingAverage | None = None
    plans_happened: list[str] = field(default_factory=list)
    lessons_still_true: list[str] = field(default_factory=list)


def with_side(kept: list[PartnerCycle], side: PartnerCycle) -> list[PartnerCycle]:
    """The partner's sides with `side` in place of the one of the same cycle number,
    ordered by number, the newest KEPT_CYCLES."""
    others = [c for c in kept if c.number != side.number]
    return sorted([*others, side], key=lambda c: c.number)[-KEPT_CYCLES:]


def side_for(kept: list[PartnerCycle], number: int) -> PartnerCycle | None:
    """The partner's side of their cycle `number`, as their newest share brought it."""
    return next((c for c in kept if c.number == number), None)
