"""How a goal's progress reads on screen and in `companion status`: a bar and a per cent,
or "achieved" for a goal achieved before its final progress was asked for, so that it
never shows as an empty 0% bar."""

from __future__ import annotations

from companion.goals import progress_bar
from companion.models import Goal, GoalStatus


def shows_as_achieved(goal: Goal) -> bool:
    """An achieved goal without a check-in: its stored progress (0) means nothing."""
    return goal.status is GoalStatus.ACHIEVED and not goal.check_ins


def progress_text(goal: Goal) -> str:
    """ "45%", or "achieved" for a goal achieved without a check-in."""
    return "achieved" if shows_as_achieved(goal) else f"{goal.progress}%"


def goal_progress(goal: Goal, width: int) -> str:
    """A bar of `width` and the per cent (`width` + 5 characters), or "✓ achieved"."""
    if shows_as_achieved(goal):
        return "✓ achieved".ljust(width + 5)
    return f"{progress_bar(goal.progress, width)} {goal.progress:>3}%"
