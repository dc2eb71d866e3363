"""Goals: what the mentee wants to learn, both sides' expectations, check-ins and status.

The article's warning is that these relationships fail on misaligned expectations and on
wanting immediate results; a goal therefore carries my expectation, my partner's, the date
a first visible result is fair to expect, and a dated trail of check-ins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from companion.dates import format_date
from companion.errors import CompanionError, ValidationError
from companion.goal_privacy import follow_goal_privacy
from companion.models import CheckIn, Goal, GoalStatus, StatusChange, TrackRating
from companion.store import Store
from companion.validation import TAG_PATTERN, FieldError, check_date, check_text, collect

TITLE_MAX = 120
LONG_TEXT_MAX = 2000
FAR_FUTURE_YEARS = 10

# Which status changes make sense from which status.
ALLOWED = {
    "achieve": {GoalStatus.ACTIVE, GoalStatus.PAUSED},
    "pause": {GoalStatus.ACTIVE},
    "drop": {GoalStatus.ACTIVE, GoalStatus.PAUSED},
    "reactivate": {GoalStatus.PAUSED, GoalStatus.DROPPED, GoalStatus.ACHIEVED},
}


@dataclass
class GoalForm:
    """The goal editor's fields, as typed."""

    title: str = ""
    why: str = ""
    done_looks_like: str = ""
    target_date: str = ""
    my_expectation: str = ""
    partner_expectation: str = ""
    first_result_date: str = ""
    tags: str = ""
    self_assessment_start: str = ""
    private: bool = False

    @classmethod
    def from_goal(cls, goal: Goal) -> GoalForm:
        return cls(
            title=goal.title,
            why=goal.why,
            done_looks_like=goal.done_looks_like,
            target_date=goal.target_date.isoformat() if goal.target_date else "",
            my_expectation=goal.my_expectation,
            partner_expectation=goal.partner_expectation,
            first_result_date=goal.first_result_date.isoformat() if goal.first_result_date else "",
            tags=", ".join(goal.tags),
            self_assessment_start=str(goal.self_assessment_start or ""),
            private=goal.private,
        )


# --- checking what was typed -----------------------------------------------------------


def check_tags(text: str) -> list[str]:
    """Tags from `ai, Open source; tooling` → ["ai", "open-source", "tooling"]."""
    tags: list[str] = []
    for raw in re.split(r"[,;]", text):
        tag = "-".join(raw.strip().lower().split())
        if not tag:
            continue
        if not TAG_PATTERN.match(tag):
            raise FieldError(f"“{raw.strip()}” is not a tag: use letters, digits and hyphens, up to 32.")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > 8:
        raise FieldError("Keep to 8 tags or fewer.")
    return tags


def check_rating(text: str | int | None, what: str, *, required: bool) -> int | None:
    if text is None or str(text).strip() == "":
        if required:
            raise FieldError(f"{what}: choose 1 (not at all) to 5 (fully).")
        return None
    try:
        value = int(str(text).strip())
    except ValueError:
        raise FieldError(f"{what} is a number from 1 to 5.") from None
    if not 1 <= value <= 5:
        raise FieldError(f"{what} runs from 1 to 5, not {value}.")
    return value


def check_future_date(text: str, today: date, what: str, *, allow_past: bool = False) -> date | None:
    if not text.strip():
        return None
    when = check_date(text, today, what)
    if not allow_past and when < today:
        raise FieldError(f"{what} ({format_date(when)}) is in the past; pick today or a later date.")
    if when.year > today.year + FAR_FUTURE_YEARS:
        raise FieldError(f"{what} is more than {FAR_FUTURE_YEARS} years away; check the year.")
    return when


def build_goal(form: GoalForm, today: date, partnership_id: int, existing: Goal | None = None) -> Goal:
    """A goal from the editor's fields, or ValidationError naming every bad field.

    Editing gives a new Goal and leaves `existing` as it was: the edited one keeps its id,
    status, check-ins and history; its dates may already be in the past, which is only
    refused for a date that was changed.
    """
    problems: dict[str, str] = {}

    def dated(name: str, text: str, what: str, old: date | None) -> date | None:
        unchanged = old is not None and text.strip() == old.isoformat()
        return old if unchanged else collect(problems, name, lambda: check_future_date(text, today, what))

    title = collect(problems, "title", lambda: check_text(form.title, "The title", required=True, limit=TITLE_MAX))
    why = collect(problems, "why", lambda: check_text(form.why, "Why it matters", limit=LONG_TEXT_MAX))
    done = collect(
        problems,
        "done_looks_like",
        lambda: check_text(form.done_looks_like, "What done looks like", limit=LONG_TEXT_MAX),
    )
    target = dated("target_date", form.target_date, "The target date", existing.target_date if existing else None)
    mine = collect(
        problems, "my_expectation", lambda: check_text(form.my_expectation, "My expectation", limit=LONG_TEXT_MAX)
    )
    theirs = collect(
        problems,
        "partner_expectation",
        lambda: check_text(form.partner_expectation, "My partner's expectation", limit=LONG_TEXT_MAX),
    )
    first = dated(
        "first_result_date",
        form.first_result_date,
        "The first result date",
        existing.first_result_date if existing else None,
    )
    tags = collect(problems, "tags", lambda: check_tags(form.tags))
    start = collect(
        problems,
        "self_assessment_start",
        lambda: check_rating(form.self_assessment_start, "The self-assessment at the start", required=False),
    )
    if target and first and first > target and "first_result_date" not in problems:
        problems["first_result_date"] = (
            f"The first visible result ({format_date(first)}) comes after the target date "
            f"({format_date(target)}); move one of them."
        )
    if problems:
        raise ValidationError(problems)
    base = existing or Goal(partnership_id=partnership_id, title="")
    # The checks return None only with a problem filed, so `or` changes nothing here.
    return replace(
        base,
        title=title or "",
        why=why or "",
        done_looks_like=done or "",
        target_date=target,
        first_result_date=first,
        my_expectation=mine or "",
        partner_expectation=theirs or "",
        tags=tags or [],
        self_assessment_start=start,
        private=form.private,
    )


# --- saving ---------------------------------------------------------------------------


def save_goal(store: Store, goal: Goal, now: datetime) -> Goal:
    """Add a new goal (active from today) or save an edited one."""
    if goal.id is None:
        goal.created_at = now
        goal.status_changes = [StatusChange(on=now.date(), status=GoalStatus.ACTIVE)]
        return store.add(goal)
    with store.transaction():  # the goal and its agenda items' privacy in one write
        store.update(
            Goal,
            goal.id,
            title=goal.title,
            why=goal.why,
            done_looks_like=goal.done_looks_like,
            target_date=goal.target_date,
            first_result_date=goal.first_result_date,
            my_expectation=goal.my_expectation,
            partner_expectation=goal.partner_expectation,
            tags=goal.tags,
            self_assessment_start=goal.self_assessment_start,
            private=goal.private,
        )
        follow_goal_privacy(store, goal)
    return goal


def goals_of(store: Store, partnership_id: int) -> list[Goal]:
    return store.find(Goal, lambda doc: doc.get("partnership_id") == partnership_id)


def active_goals(store: Store, partnership_id: int) -> list[Goal]:
    """The partnership's active goals in the order they were set (only those are decoded)."""
    return store.find(
        Goal,
        lambda doc: doc.get("partnership_id") == partnership_id and doc.get("status") == GoalStatus.ACTIVE.value,
    )


def active_goals_attention_first(store: Store, partnership_id: int, today: date) -> list[Goal]:
    """The partnership's active goals as the dashboard and the progress screen list them
    (see `attention_first`)."""
    return attention_first(active_goals(store, partnership_id), today)


def _fresh(store: Store, goal_id: int) -> Goal:
    goal = store.get(Goal, goal_id)
    if goal is None:
        raise CompanionError("That goal no longer exists; it may have been removed elsewhere.")
    return goal


def check_check_in(progress: str | int, on: str, today: date) -> tuple[int, date]:
    """The progress (0 to 100 per cent) and the day of a check-in, or ValidationError."""
    problems: dict[str, str] = {}
    value = collect(problems, "progress", lambda: _check_progress(progress))
    when = collect(problems, "on", lambda: _check_check_in_day(on, today))
    if problems or value is None or when is None:
        raise ValidationError(problems)
    return value, when


def _check_progress(progress: str | int) -> int:
    try:
        value = int(str(progress).strip().removesuffix("%"))
    except ValueError:
        raise FieldError("Progress is a number from 0 to 100.") from None
    if not 0 <= value <= 100:
        raise FieldError(f"Progress runs from 0 to 100 (per cent), not {value}.")
    return value


def _check_check_in_day(on: str, today: date) -> date:
    when = check_date(on or "today", today, "The check-in date")
    if when > today:
        raise FieldError("A check-in records what happened: pick today or an earlier date.")
    return when


def add_check_in(
    store: Store, goal_id: int, progress: str | int, rating: TrackRating, note: str, on: str, today: date
) -> Goal:
    value, when = check_check_in(progress, on, today)
    with store.transaction():
        goal = _fresh(store, goal_id)
        entry = CheckIn(on=when, progress=value, rating=TrackRating(rating), note=note.strip())
        goal.check_ins = sorted([*goal.check_ins, entry], key=lambda c: c.on)
        store.update(Goal, goal_id, check_ins=goal.check_ins)
    return goal


def final_progress_default(goal: Goal) -> int:
    """What achieving a goal offers as its final progress: the last check-in's, else 100."""
    return goal.progress if goal.check_ins else 100


def achieve_problems(progress: str | int, closing_assessment: str | int | None) -> dict[str, str]:
    """What is wrong with the final progress and the closing self-assessment, by field."""
    problems: dict[str, str] = {}
    collect(problems, "progress", lambda: _check_progress(progress))
    collect(
        problems,
        "closing_assessment",
        lambda: check_rating(closing_assessment or None, "The final self-assessment", required=True),
    )
    return problems


def change_status(
    store: Store,
    goal_id: int,
    action: str,
    on: date,
    *,
    reason: str = "",
    closing_assessment: int | None = None,
    final_progress: int | str | None = None,
) -> Goal:
    """achieve (with the closing self-assessment and, if given, the final progress, kept
    as a check-in when it differs from the last), pause, drop (with a reason) or
    reactivate."""
    target = {
        "achieve": GoalStatus.ACHIEVED,
        "pause": GoalStatus.PAUSED,
        "drop": GoalStatus.DROPPED,
        "reactivate": GoalStatus.ACTIVE,
    }[action]
    if action == "drop" and not reason.strip():
        raise ValidationError({"reason": "Say in a few words why the goal is dropped; future you will want to know."})
    if action == "achieve":
        problems = achieve_problems(100 if final_progress is None else final_progress, closing_assessment)
        if problems:
            raise ValidationError(problems)
        closing_assessment = check_rating(closing_assessment, "The final self-assessment", required=True)
    with store.transaction():
        goal = _fresh(store, goal_id)
        refused = status_change_refused(goal, action)
        if refused:
            raise CompanionError(refused)
        goal.status = target
        goal.status_changes = [*goal.status_changes, StatusChange(on=on, status=target, reason=reason.strip())]
        if action == "achieve":
            goal.self_assessment_end = closing_assessment
            if final_progress is not None:
                goal.check_ins = _with_final_progress(goal, _check_progress(final_progress), on)
        elif action == "reactivate":
            goal.self_assessment_end = None
        store.update(
            Goal,
            goal_id,
            status=goal.status,
            status_changes=goal.status_changes,
            self_assessment_end=goal.self_assessment_end,
            check_ins=goal.check_ins,
        )
    return goal


def _with_final_progress(goal: Goal, progress: int, on: date) -> list[CheckIn]:
    if goal.check_ins and goal.check_ins[-1].progress == progress:
        return goal.check_ins
    rating = last_rating(goal) or TrackRating.ON_TRACK
    entry = CheckIn(on=on, progress=progress, rating=rating, note="Achieved")
    return sorted([*goal.check_ins, entry], key=lambda c: c.on)


def status_change_refused(goal: Goal, action: str) -> str | None:
    """Why a goal as it stands cannot be achieved, paused, dropped or reactivated (`action`);
    None when it can."""
    if goal.status in ALLOWED[action]:
        return None
    return f"A goal that is {goal.status.value} cannot be {past_tense(action)}."


def past_tense(action: str) -> str:
    """ "achieved" for "achieve": what a status change did, in words."""
    return {"achieve": "achieved", "pause": "paused", "drop": "dropped", "reactivate": "reactivated"}[action]


# --- reading --------------------------------------------------------------------------


def days_left(goal: Goal, today: date) -> int | None:
    return (goal.target_date - today).days if goal.target_date else None


def is_overdue(goal: Goal, today: date) -> bool:
    left = days_left(goal, today)
    return goal.status is GoalStatus.ACTIVE and left is not None and left < 0


def last_rating(goal: Goal) -> TrackRating | None:
    return goal.check_ins[-1].rating if goal.check_ins else None


def needs_attention(goal: Goal, today: date) -> bool:
    """Overdue, or its latest check-in says it is off track."""
    return goal.status is GoalStatus.ACTIVE and (is_overdue(goal, today) or last_rating(goal) is TrackRating.OFF_TRACK)


def attention_first(goals: Iterable[Goal], today: date) -> list[Goal]:
    """The active ones of `goals`: those needing attention first, then by target date
    (undated last), then the oldest first."""
    active = [g for g in goals if g.status is GoalStatus.ACTIVE]
    return sorted(active, key=lambda g: (not needs_attention(g, today), g.target_date or date.max, g.id or 0))


def _rating_order(goal: Goal) -> int:
    """On track first, off track last, goals without a check-in after them all."""
    rating = last_rating(goal)
    return list(TrackRating).index(rating) if rating else 9


SORT_KEYS: dict[str, Callable[[Goal, date], object]] = {
    "title": lambda g, today: g.title.casefold(),
    "status": lambda g, today: list(GoalStatus).index(g.status),
    "progress": lambda g, today: g.progress,
    "target": lambda g, today: g.target_date or date.max,
    "left": lambda g, today: (
        g.status is not GoalStatus.ACTIVE,
        days_left(g, today) if days_left(g, today) is not None else 10**6,
    ),
    "rating": lambda g, today: _rating_order(g),
}


def sorted_goals(
    goals: list[Goal], key: str, today: date, *, reverse: bool = False, status: GoalStatus | None = None
) -> list[Goal]:
    shown = [g for g in goals if status is None or g.status is status]
    return sorted(shown, key=lambda g: (SORT_KEYS[key](g, today), g.id or 0), reverse=reverse)
