"""The end of a cycle and the start of the next (docs/learning-loop.md, "The end of a
cycle"): whether the review date is reached, and one call that moves the current cycle
into `past_cycles` and starts the next one today, carrying everything still open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from companion.actions import open_actions
from companion.dates import add_months, format_date
from companion.errors import CompanionError
from companion.goals import active_goals
from companion.models import Cycle, Partnership
from companion.store import Store


@dataclass(frozen=True)
class NewCycle:
    """What `start_new_cycle` did: the partnership as stored afterwards, and whether a
    cycle was started (False when the current one started today already)."""

    partnership: Partnership
    started: bool


def review_reached(cycle: Cycle, today: date) -> bool:
    return today >= cycle.review_on


def following_cycle(cycle: Cycle, today: date) -> Cycle:
    """The cycle after `cycle`: the next number, from today, as many months long."""
    return Cycle(number=cycle.number + 1, start=today, months=cycle.months, review_on=add_months(today, cycle.months))


def started_today(partnership: Partnership, today: date) -> bool:
    """Whether the current cycle began today, so another new one would be a second press."""
    return partnership.current_cycle.start >= today


def start_new_cycle(store: Store, partnership: Partnership, today: date) -> NewCycle:
    """Move the current cycle into `past_cycles` and start the next one today. Goals and
    action items are not touched: active goals stay active and open actions stay open,
    so they carry over as they are. Pressing twice on one day starts one cycle."""
    assert partnership.id is not None  # a stored partnership
    with store.transaction():
        fresh = store.get(Partnership, partnership.id)
        if fresh is None:
            raise CompanionError("That partnership no longer exists.")
        if started_today(fresh, today):
            return NewCycle(fresh, started=False)
        current = fresh.current_cycle
        fresh.past_cycles = [*fresh.past_cycles, current]
        fresh.cycle = following_cycle(current, today)
        store.update(Partnership, partnership.id, cycle=fresh.cycle, past_cycles=fresh.past_cycles)
    return NewCycle(fresh, started=True)


def end_words(cycle: Cycle, today: date) -> str:
    """The dashboard's review line once the review date is reached: `Cycle 1 ends today`,
    or `Cycle 1 ended 3 Feb` while no new cycle has started (short: the key follows it)."""
    if today == cycle.review_on:
        return f"Cycle {cycle.number} ends today"
    day = format_date(cycle.review_on, year=cycle.review_on.year != today.year, weekday=False)
    return f"Cycle {cycle.number} ended {day}"


def carried_words(store: Store, partnership: Partnership) -> str:
    """What a new cycle carries, said before it starts: nothing moves, and what stays open."""
    assert partnership.id is not None  # a stored partnership
    goals = len(active_goals(store, partnership.id))
    actions = len(open_actions(store, partnership.id))
    return (
        f"{_count(goals, 'active goal')} {_stay(goals)} active and "
        f"{_count(actions, 'open action item')} {_stay(actions)} open: "
        "nothing is moved or closed."
    )


def confirmation(store: Store, partnership: Partnership, today: date) -> str:
    """The question asked before a new cycle starts."""
    cycle = partnership.current_cycle
    nxt = following_cycle(cycle, today)
    return (
        f"Start cycle {nxt.number} today, reviewed on {format_date(nxt.review_on)} ({nxt.months} months)? "
        f"Cycle {cycle.number} is kept for its summary. {carried_words(store, partnership)}"
    )


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _stay(count: int) -> str:
    return "stays" if count == 1 else "stay"
