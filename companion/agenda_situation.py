"""What kind of session the agenda is for, each rule a plain function: its phase in the
partnership (first, early, middle, closing a cycle: the last session on or before the
cycle's review date), whether it follows up open action items, whether it should recover
from a missed or flat session, and which prompts suit it (docs/prompts.md, "How the
builder chooses")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from companion.banks import Prompt
from companion.models import ActionItem, Partnership, Session, SessionState

CYCLE_MONTHS = 3
EARLY_SESSIONS = range(2, 5)  # sessions 2 to 4 are the `early` phase
FOLLOW_UP_TAG = "follow-up"
RECOVERY_TAG = "recovery"
LOW_VALUE = 2  # a reflection rating the session's value this low or lower asks for recovery


@dataclass(frozen=True)
class Situation:
    """What the builder knows about the session: its phase (None when unknown: no phase is
    preferred), whether the previous session left open action items, and whether the
    previous one was skipped, cancelled or rated flat."""

    phase: str | None = None
    follow_up: bool = False
    recovery: bool = False


def cycle_months(partnership: Partnership | None = None) -> int:
    """How long a cycle is, in months: as the partnership's cycle says (the agreement may
    have changed it), three otherwise."""
    return partnership.current_cycle.months if partnership is not None else CYCLE_MONTHS


def is_last_of_cycle(day: date, next_day: date | None, review_on: date) -> bool:
    """Whether a session on `day` is the last planned session of the cycle whose review is
    on `review_on`: it falls on or before the review, and the cadence's next one (`next_day`)
    after it, or there is none (docs/learning-loop.md, "The end of a cycle")."""
    return day <= review_on and (next_day is None or next_day > review_on)


def goal_review_text(title: str, start_assessment: int | None) -> str:
    """A closing session's item for one active goal: done, carry on or drop, and the end
    self-assessment asked (docs/learning-loop.md, "The end of a cycle")."""
    started = f" (it was {start_assessment} at the start)" if start_assessment is not None else ""
    return f"Review: {title} — done, carry on, or drop? Your self-assessment now, 1–5{started}"


def session_phase(number: int, last_of_cycle: bool) -> str:
    """The phase of the partnership's `number`-th session (1 = the first): the first
    session is `first` even when it also ends a cycle; the last of a cycle is `closing`,
    even among sessions 2 to 4; then `early` for 2 to 4 and `middle` after."""
    if number <= 1:
        return "first"
    if last_of_cycle:
        return "closing"
    if number in EARLY_SESSIONS:
        return "early"
    return "middle"


def wants_follow_up(open_actions: Iterable[ActionItem], previous_held: Session | None) -> bool:
    """Whether the last held session left action items that are still open."""
    if previous_held is None or previous_held.id is None:
        return False
    return any(a.session_id == previous_held.id and a.done_on is None for a in open_actions)


def wants_recovery(previous: Session | None) -> bool:
    """Whether the session before this one was skipped or cancelled, or held and rated
    1 or 2 for its value in the reflection."""
    if previous is None:
        return False
    if previous.state in (SessionState.SKIPPED, SessionState.CANCELLED):
        return True
    value = previous.reflection.value if previous.reflection else None
    return previous.state is SessionState.HELD and value is not None and value <= LOW_VALUE


def fits_situation(prompt: Prompt, situation: Situation) -> bool:
    """Whether a prompt suits the session: its phase is the session's or none (any phase
    fits when the session's is unknown); a `recovery` prompt only after a missed or flat
    session; a `follow-up` prompt never in the first session (there is no last time)."""
    if prompt.phase is not None and situation.phase is not None and prompt.phase != situation.phase:
        return False
    if RECOVERY_TAG in prompt.tags and not situation.recovery:
        return False
    return not (FOLLOW_UP_TAG in prompt.tags and situation.phase == "first")


def narrowed(pool: list[Prompt], keep: Callable[[Prompt], bool]) -> list[Prompt]:
    """The prompts of `pool` that `keep`, or the whole pool when none does (a preference)."""
    return [p for p in pool if keep(p)] or pool
