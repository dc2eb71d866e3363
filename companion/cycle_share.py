"""My side of a cycle for the share file (docs/share-format.md, "The cycle"), and keeping
the partner's side when their share brings it.

Which cycle a share carries: the current one, so far, in every share, so the partner's
summary is as fresh as their last import wherever they open it; but while no session of
the current cycle has been held and an earlier cycle exists, the one that just ended, so
that its last word reaches the partner even when the next cycle was started before
sharing. Built from shareable facts only (`cycle_facts(..., include_private=False)`):
nothing private goes in, in any form (docs/trust.md).
"""

from __future__ import annotations

from datetime import date

from companion.cycle_summary import CycleFacts, cycle_facts, lessons_still_true, plans_that_happened
from companion.models import Partnership
from companion.partner_cycle import AchievedGoal, PartnerCycle, RatingAverage
from companion.share_read import LIST_MAX, NAME_MAX, TEXT_MAX
from companion.store import Store
from companion.trends import Trend

_BULLETS = ("- ", "* ", "+ ", "• ")


def my_side(store: Store, partnership: Partnership, today: date) -> PartnerCycle | None:
    """The cycle part of my next share, or None when it has nothing to say."""
    facts = cycle_facts(store, partnership, today, include_private=False)
    if facts.held == 0 and partnership.past_cycles:
        facts = cycle_facts(store, partnership, today, include_private=False, cycle=partnership.past_cycles[-1])
    return side_of(store, facts)


def side_of(store: Store, facts: CycleFacts) -> PartnerCycle | None:
    """What the summary says I gained, bounded as a share reader requires (share_read)."""
    assert not facts.include_private  # a side leaves my file: shareable facts only
    goals = facts.achieved if facts.i_am_mentee else []  # the mentee's goals are what the mentee gained
    side = PartnerCycle(
        number=facts.cycle.number,
        start=facts.start,
        end=facts.end,
        review_on=facts.cycle.review_on,
        so_far=facts.current and facts.end < facts.cycle.review_on,
        held=facts.held,
        goals_achieved=[
            AchievedGoal(title=_clip(g.title, NAME_MAX), start=g.self_assessment_start, end=g.self_assessment_end)
            for g in goals[:LIST_MAX]
        ],
        candour=_average(facts.candour),
        value=_average(facts.value),
        plans_happened=_lines(plans_that_happened(store, facts)),
        lessons_still_true=_lines(lessons_still_true(store, facts)),
    )
    said = side.goals_achieved or side.candour or side.value or side.plans_happened or side.lessons_still_true
    return side if side.held or said else None


def _average(trend: Trend) -> RatingAverage | None:
    if not trend.total or trend.average is None:
        return None
    return RatingAverage(count=trend.total, average=round(trend.average, 1))


def _lines(lines: list[str]) -> list[str]:
    """The summary's lines as plain text: list markers dropped (the reader adds its own),
    empty lines left out, each bounded; at most LIST_MAX."""
    plain = []
    for line in lines:
        text = line.strip()
        for bullet in _BULLETS:
            text = text.removeprefix(bullet)
        if text.strip():
            plain.append(_clip(text.strip(), TEXT_MAX))
    return plain[:LIST_MAX]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
