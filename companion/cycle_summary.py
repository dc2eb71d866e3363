"""What a cycle gave each side, as Markdown (docs/learning-loop.md, "The end of a cycle").

    facts = cycle_facts(store, partnership, today, include_private=False)
    text = summary_markdown(facts)

The facts are read through `export.select`, so the summary meant for the partner (without
`include_private`) leaves out private goals, private reflections (their ratings too) and
private action items in the same way an export does (docs/trust.md). The current cycle
runs from its start to today; a past cycle to the day before the next one started.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from companion import loop_stats
from companion.dates import format_date
from companion.export import select
from companion.models import (
    ActionItem,
    Cycle,
    Goal,
    GoalStatus,
    Owner,
    Partnership,
    Profile,
    Session,
    SessionState,
    Stance,
)
from companion.partner_cycle import side_for
from companion.share import cycle_side_lines
from companion.store import Store
from companion.streaks import StreakReport, period_unit, report_for
from companion.trends import Field, RatingPoint, Trend, recent_trend

ALL_RATINGS = 10_000  # a trend over every rating of the cycle, not only the last ones


@dataclass(frozen=True)
class CycleFacts:
    """Everything the summary says, counted for one cycle of one partnership."""

    partnership: Partnership
    my_name: str
    cycle: Cycle
    start: date
    end: date  # the last day counted
    current: bool  # the cycle running now (its end is today)
    include_private: bool
    held: int = 0
    skipped: int = 0
    cancelled: int = 0
    achieved: list[Goal] = field(default_factory=list)
    dropped: list[Goal] = field(default_factory=list)
    carried_goals: list[Goal] = field(default_factory=list)
    open_actions: list[ActionItem] = field(default_factory=list)
    partner_done: list[ActionItem] = field(default_factory=list)
    candour: Trend = Trend()
    value: Trend = Trend()
    streaks: StreakReport | None = None

    @property
    def i_am_mentee(self) -> bool:
        return self.partnership.stance is Stance.MENTEE


def cycle_window(partnership: Partnership, cycle: Cycle, today: date) -> tuple[date, date, bool]:
    """The first and last day a cycle counts, and whether it is the current one."""
    if cycle == partnership.current_cycle:
        return cycle.start, max(today, cycle.start), True
    following = [c for c in [*partnership.past_cycles, partnership.current_cycle] if c.number > cycle.number]
    last = min(c.start for c in following) - timedelta(days=1) if following else cycle.review_on
    return cycle.start, max(last, cycle.start), False


def find_cycle(partnership: Partnership, number: int | None) -> Cycle | None:
    """The cycle with that number (the current one for None)."""
    if number is None:
        return partnership.current_cycle
    return next((c for c in [*partnership.past_cycles, partnership.current_cycle] if c.number == number), None)


def cycle_facts(
    store: Store, partnership: Partnership, today: date, *, include_private: bool, cycle: Cycle | None = None
) -> CycleFacts:
    cycle = cycle or partnership.current_cycle
    start, end, current = cycle_window(partnership, cycle, today)
    pid = partnership.id
    chosen = select(store, include_private=include_private, since=None).records
    sessions = [s for s in chosen["sessions"] if s.partnership_id == pid and start <= s.scheduled_at.date() <= end]
    goals = [g for g in chosen["goals"] if g.partnership_id == pid]
    actions = [a for a in chosen["actions"] if a.partnership_id == pid]
    profile = store.singleton(Profile)
    moment = datetime.combine(end, time(23, 59))
    return CycleFacts(
        partnership=partnership,
        my_name=profile.name if profile else "",
        cycle=cycle,
        start=start,
        end=end,
        current=current,
        include_private=include_private,
        held=_count(sessions, SessionState.HELD),
        skipped=_count(sessions, SessionState.SKIPPED),
        cancelled=_count(sessions, SessionState.CANCELLED),
        achieved=[g for g in goals if _changed_to(g, GoalStatus.ACHIEVED, start, end)],
        dropped=[g for g in goals if _changed_to(g, GoalStatus.DROPPED, start, end)],
        carried_goals=[g for g in goals if _active_at(g, start, end)],
        open_actions=[a for a in actions if _open_at(a, end)],
        partner_done=[a for a in actions if a.owner is Owner.PARTNER and a.done_on and start <= a.done_on <= end],
        candour=_trend(sessions, "candour", moment),
        value=_trend(sessions, "value", moment),
        streaks=report_for(store, partnership, moment),
    )


def _count(sessions: list[Session], state: SessionState) -> int:
    return sum(1 for s in sessions if s.state is state)


def _status_on(goal: Goal, day: date) -> GoalStatus | None:
    """The goal's status at the end of `day` (None: it did not exist yet). A goal starts
    active; one without any recorded change has its stored status."""
    created = goal.created_at.date() if goal.created_at else None
    if created is not None and created > day:
        return None
    changes = [c for c in goal.status_changes if c.on <= day]
    if changes:
        return changes[-1].status
    return GoalStatus.ACTIVE if goal.status_changes else goal.status


def _changed_to(goal: Goal, status: GoalStatus, start: date, end: date) -> bool:
    """Whether the goal reached `status` within the window and was still so at its end."""
    return _status_on(goal, end) is status and any(
        c.status is status and start <= c.on <= end for c in goal.status_changes
    )


def _active_at(goal: Goal, start: date, end: date) -> bool:
    return _status_on(goal, end) is GoalStatus.ACTIVE


def _open_at(action: ActionItem, end: date) -> bool:
    created = action.created_at.date() if action.created_at else None
    return (created is None or created <= end) and (action.done_on is None or action.done_on > end)


def _trend(sessions: list[Session], kind: Field, moment: datetime) -> Trend:
    """The ratings of the cycle's held sessions with a final reflection, in time order."""
    points = []
    for s in sorted(sessions, key=lambda s: s.held_at or s.scheduled_at):
        reflection = s.reflection
        if s.state is not SessionState.HELD or reflection is None or reflection.is_draft or s.id is None:
            continue
        if reflection.value is not None or reflection.candour is not None:
            points.append(RatingPoint(s.held_at or s.scheduled_at, s.id, reflection.value, reflection.candour))
    return recent_trend(points, kind, moment, count=ALL_RATINGS)


# --- plans and lessons ------------------------------------------------------------------------
# Each returns the lines of one part of "What I gained", empty when nothing came back in the
# cycle, so the part is left out (docs/learning-loop.md, "What the progress screen and status
# count"). Both read the records through `export.select`, so the summary for the partner
# leaves out private plans and the lessons of private reflections.


def _loop_records(store: Store, facts: CycleFacts) -> tuple[list[Session], list[ActionItem]]:
    """The partnership's sessions (all of them: a lesson's returns are kept with the
    reflection it came from, maybe in an earlier cycle) and action items, as selected."""
    chosen = select(store, include_private=facts.include_private, since=None).records
    pid = facts.partnership.id
    sessions = [s for s in chosen["sessions"] if s.partnership_id == pid]
    return sessions, [a for a in chosen["actions"] if a.partnership_id == pid]


def plans_that_happened(store: Store, facts: CycleFacts) -> list[str]:
    """ "When X, I will Y" plans due in the cycle, and those answered done."""
    sessions, actions = _loop_records(store, facts)
    counts = loop_stats.plan_counts(loop_stats.plan_outcomes(actions, sessions, facts.start, facts.end))
    if not counts.due:
        return []
    partly = f", {counts.partly} partly" if counts.partly else ""
    due = "plan" if counts.due == 1 else "plans"
    head = f"{counts.done} of {counts.due} {due} that came back happened{partly}."
    done = loop_stats.plans_done(actions, sessions, facts.start, facts.end)
    return [head, "", *[f"- {a.text}" for a in done]] if done else [head]


def lessons_still_true(store: Store, facts: CycleFacts) -> list[str]:
    """Lessons that came back in the cycle and were last marked still true or applied."""
    sessions, _ = _loop_records(store, facts)
    back = loop_stats.lessons_back(sessions, facts.start, facts.end)
    if not back:
        return []
    counts = loop_stats.lesson_counts(lesson.verdict for lesson in back)
    came = "lesson" if counts.returned == 1 else "lessons"
    head = f"{counts.kept} of {counts.returned} {came} that came back kept (still true or applied)."
    kept = [f"- {b.text} ({b.verdict.label})" for b in back if b.verdict is not None and b.verdict in loop_stats.KEPT]
    return [head, "", *kept] if kept else [head]


# --- Markdown ---------------------------------------------------------------------------------


def summary_markdown(facts: CycleFacts, store: Store | None = None) -> str:
    cycle, name = facts.cycle, facts.partnership.partner_name
    span = f"{format_date(facts.start)} to {format_date(facts.end)}"
    review = f"review on {format_date(cycle.review_on)}"
    so_far = ", so far" if facts.current and facts.end < cycle.review_on else ""
    lines = [f"# Cycle {cycle.number} with {name}", "", f"{span}{so_far} ({review})."]
    if not facts.include_private:
        lines.append("Private goals, reflections and action items are left out.")
    lines += ["", f"## What I gained{_name_part(facts.my_name)}", ""]
    mine = _goal_lines(facts) if facts.i_am_mentee else []
    mine += _rating_lines(facts)
    if store is not None:
        mine += _part("Plans that happened", plans_that_happened(store, facts))
        mine += _part("Lessons still true", lessons_still_true(store, facts))
    lines += mine or ["Nothing recorded in this cycle yet."]
    lines += ["", f"## What {name} gained", "", *_partner_lines(facts)]
    lines += ["", "## Together", "", *_together_lines(facts)]
    return _without_double_blanks(lines)


def _partner_lines(facts: CycleFacts) -> list[str]:
    """Their side: in their own words when their share brought their side of this cycle
    (docs/share-format.md, "The cycle"), else what my records say and a word to ask them.
    When they are the mentee, my records still list the goals carried on and dropped; the
    goals achieved come from their side when it lists any."""
    name = facts.partnership.partner_name
    side = side_for(facts.partnership.partner_cycles, facts.cycle.number)
    achieved_from_me = side is None or not side.goals_achieved
    theirs = [] if facts.i_am_mentee else _goal_lines(facts, achieved=achieved_from_me)
    if side is not None:
        theirs = [f"From {name}'s share, their side of cycle {side.number}:", "", *cycle_side_lines(side), *theirs]
    theirs += _part(f"What {name} did", [f"- {a.text}" for a in facts.partner_done])
    if side is None:
        theirs.append(
            f"{name}'s own side comes from their share: none imported yet covers this cycle, so ask them for theirs."
        )
    return theirs


def _without_double_blanks(lines: list[str]) -> str:
    kept = [line for n, line in enumerate(lines) if line or n == 0 or lines[n - 1]]
    return "\n".join(kept).rstrip() + "\n"


def _name_part(name: str) -> str:
    return f" ({name})" if name else ""


def _part(title: str, lines: list[str]) -> list[str]:
    return [f"### {title}", "", *lines, ""] if lines else []


def _goal_lines(facts: CycleFacts, *, achieved: bool = True) -> list[str]:
    achieved_lines = [f"- {g.title}: self-assessment {_assessment(g)}" for g in facts.achieved] if achieved else []
    carried = [
        f"- {g.title} (self-assessment {_rating(g.self_assessment_start)} at the start)" for g in facts.carried_goals
    ]
    dropped = [f"- {g.title}" for g in facts.dropped]
    return (
        _part("Goals achieved", achieved_lines) + _part("Goals carried on", carried) + _part("Goals dropped", dropped)
    )


def _assessment(goal: Goal) -> str:
    return f"{_rating(goal.self_assessment_start)} at the start, {_rating(goal.self_assessment_end)} at the end"


def _rating(rating: int | None) -> str:
    return f"{rating}/5" if rating is not None else "not rated"


def _rating_lines(facts: CycleFacts) -> list[str]:
    lines = [_trend_line("Candour", facts.candour), _trend_line("Value of the sessions", facts.value)]
    return _part("Candour and value", [line for line in lines if line])


def _trend_line(label: str, trend: Trend) -> str:
    if not trend.total or trend.average is None:
        return ""
    ratings = "rating" if trend.total == 1 else "ratings"
    heading = f", heading {trend.direction.value} {trend.direction.arrow}" if trend.direction else ""
    return f"- {label}: {average_text(trend.average)} on average over {trend.total} {ratings}{heading}"


def average_text(average: float) -> str:
    return f"{average:.1f}/5"


def _together_lines(facts: CycleFacts) -> list[str]:
    lines = [f"- Sessions: {facts.held} held, {facts.skipped} skipped, {facts.cancelled} cancelled."]
    report = facts.streaks
    if report is not None and report.started:
        unit = period_unit(report)
        lines.append(
            f"- Meeting streak: {report.meeting.current} {unit}{'s' if report.meeting.current != 1 else ''}"
            f" at the end; the longest {report.meeting.longest}."
        )
        if facts.include_private:
            lines.append(f"- Reflection streak: {report.reflection.current}; the longest {report.reflection.longest}.")
    open_lines = [f"- {a.text}{_due(a)}" for a in facts.open_actions]
    lines += ["", *_part("Open action items carried into the next cycle", open_lines)] if open_lines else []
    return lines


def _due(action: ActionItem) -> str:
    return f" (due {format_date(action.due)})" if action.due else ""


def cycle_summary(
    store: Store, partnership: Partnership, today: date, *, include_private: bool, number: int | None = None
) -> str:
    """The cycle's summary as Markdown (the current cycle unless `number` names another)."""
    cycle = find_cycle(partnership, number)
    facts = cycle_facts(store, partnership, today, include_private=include_private, cycle=cycle)
    return summary_markdown(facts, store)
