"""How a goal reads on screen and in `companion status`: its days left, its self-assessment,
and its progress as a bar and a per cent, or "achieved" for a goal achieved before its final
progress was asked for, so that it never shows as an empty 0% bar."""

from __future__ import annotations

from datetime import date

from companion.goals import days_left
from companion.models import Goal, GoalStatus, Partnership, Stance


def left_text(goal: Goal, today: date) -> str:
    left = days_left(goal, today)
    if left is None:
        return "no date"
    if goal.status is not GoalStatus.ACTIVE:
        return ""
    if left < 0:
        return f"{-left} d overdue"
    if left == 0:
        return "due today"
    return f"{left} d left"


def self_assessment_text(goal: Goal) -> str:
    """The 1–5 ratings at the start and the close, in words where one is missing."""
    start, end = goal.self_assessment_start, goal.self_assessment_end
    if start and end:
        return f"{start} → {end}"
    if start:
        return f"{start} at the start; the closing rating comes when the goal is achieved"
    return f"{end} at the close (no starting rating)" if end else "no starting rating"


def rates_own_goals(partnership: Partnership | None) -> bool:
    """Whether the person rates the goals themselves: a mentee records their own goals; a
    mentor records their mentee's, whose self-assessment is the mentee's rating."""
    return partnership is None or partnership.stance is Stance.MENTEE


def whose_rating(partnership: Partnership | None) -> str:
    """ "Your" for a mentee's own goals, "Dana's" for the goals of Dana, whom the person mentors."""
    if partnership is None or rates_own_goals(partnership):
        return "Your"
    return f"{partnership.partner_name}'s"


def self_assessment_words(partnership: Partnership | None, moment: str) -> str:
    """ "Dana's self-assessment at the start (1–5)"; `moment` is "start" or "close"."""
    return f"{whose_rating(partnership)} self-assessment at the {moment} (1–5)"


def progress_bar(progress: int, width: int = 10) -> str:
    filled = round(progress / 100 * width)
    return "█" * filled + "░" * (width - filled)


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
