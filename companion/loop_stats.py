"""What the learning loop counts: plans carried out of those due, and lessons kept of those
that came back, over a period of one partnership (docs/learning-loop.md, "What the progress
screen and status count").

- A plan is **due** in a period when a held session of the period asked about it: it was on
  that session's agenda as a plan item, or an answer was given for it then. Each asking is
  dated by its session's scheduled day (as the cycle summary counts sessions), or by the
  answer's day when its session is gone. Of the due plans, one answered done at least once
  in the period is **done**; otherwise one answered partly is **partly**; the rest (not yet,
  or asked and left blank) are **not yet**. A plan deleted since is not counted.
- A lesson **came back** in a period when it was on a held session's agenda of the period or
  was marked then. Its latest verdict up to the period's end says whether it is **kept**
  (still true or applied), **let go**, or **not marked**.

The functions read records as given: pass them through `export.select` first to leave out
what is private (the cycle summary does), or straight from the store for the person's own
screens and status, which count everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from companion.lessons import SOURCE as LESSON_SOURCE
from companion.lessons import lesson_key, lesson_lines
from companion.models import ActionItem, LessonReturn, LessonVerdict, Partnership, PlanOutcome, Session, SessionState
from companion.plans import SOURCE as PLAN_SOURCE
from companion.store import Store

KEPT = (LessonVerdict.STILL_TRUE, LessonVerdict.APPLIED)
_RANK = {PlanOutcome.DONE: 3, PlanOutcome.PARTLY: 2, PlanOutcome.NOT_YET: 1}


@dataclass(frozen=True)
class PlanCounts:
    due: int = 0
    done: int = 0
    partly: int = 0

    @property
    def not_yet(self) -> int:
        """Due, and neither done nor partly (answered not yet, or left blank)."""
        return self.due - self.done - self.partly


@dataclass(frozen=True)
class LessonCounts:
    returned: int = 0
    kept: int = 0  # still true or applied
    let_go: int = 0

    @property
    def unmarked(self) -> int:
        return self.returned - self.kept - self.let_go


@dataclass(frozen=True)
class LearningCounts:
    plans: PlanCounts = PlanCounts()
    lessons: LessonCounts = LessonCounts()

    @property
    def anything(self) -> bool:
        return bool(self.plans.due or self.lessons.returned)


@dataclass(frozen=True)
class KeptLesson:
    """A lesson that came back in the period, with its latest verdict up to the period's end."""

    ref: str  # "<session id>:<lesson key>"
    text: str
    verdict: LessonVerdict | None


# --- plans ----------------------------------------------------------------------------------


def _session_day(session: Session) -> date:
    return session.scheduled_at.date()


def plan_outcomes(
    actions: Iterable[ActionItem], sessions: Iterable[Session], start: date, end: date
) -> dict[int, PlanOutcome | None]:
    """Each plan due in the period (by action id), with its best answer in the period (done
    before partly before not yet; None when it was asked and left blank)."""
    sessions = list(sessions)
    asked: dict[int, dict[int, date]] = {}  # action id -> session id -> the asking's day
    days = {s.id: _session_day(s) for s in sessions if s.id is not None}
    for session in sessions:
        if session.state is not SessionState.HELD or session.agenda is None or session.id is None:
            continue
        for item in session.agenda.items:
            if item.source == PLAN_SOURCE and item.ref and item.ref.isdigit():
                asked.setdefault(int(item.ref), {})[session.id] = _session_day(session)
    outcomes: dict[int, PlanOutcome | None] = {}
    for action in actions:
        if action.id is None:
            continue
        when = dict(asked.get(action.id, {}))
        for answer in action.plan_answers:
            when.setdefault(answer.session_id, days.get(answer.session_id, answer.on))
        in_period = {sid for sid, day in when.items() if start <= day <= end}
        if not in_period:
            continue
        answers = [a.outcome for a in action.plan_answers if a.session_id in in_period]
        outcomes[action.id] = max(answers, key=_RANK.__getitem__, default=None)
    return outcomes


def plan_counts(outcomes: dict[int, PlanOutcome | None]) -> PlanCounts:
    found = list(outcomes.values())
    return PlanCounts(due=len(found), done=found.count(PlanOutcome.DONE), partly=found.count(PlanOutcome.PARTLY))


def plans_done(actions: Iterable[ActionItem], sessions: Iterable[Session], start: date, end: date) -> list[ActionItem]:
    """The plans answered done in the period, in the order they were written."""
    actions = list(actions)
    outcomes = plan_outcomes(actions, sessions, start, end)
    done = [a for a in actions if a.id is not None and outcomes.get(a.id) is PlanOutcome.DONE]
    return sorted(done, key=lambda a: (a.created_at is None, a.created_at, a.id or 0))


# --- lessons --------------------------------------------------------------------------------


def lessons_back(sessions: Iterable[Session], start: date, end: date) -> list[KeptLesson]:
    """The lessons that came back in the period, oldest lesson first, each with its latest
    verdict up to the period's end."""
    sessions = list(sessions)
    came: dict[str, dict[int | None, date]] = {}
    days: dict[int | None, date] = {s.id: _session_day(s) for s in sessions if s.id is not None}
    for session in sessions:
        if session.state is SessionState.HELD and session.agenda is not None:
            for item in session.agenda.items:
                if item.source == LESSON_SOURCE and item.ref:
                    came.setdefault(item.ref, {})[session.id] = _session_day(session)
    marks: dict[str, list[LessonReturn]] = {}
    for session in sessions:
        for marked in session.reflection.lesson_returns if session.reflection else ():
            ref = f"{session.id}:{marked.lesson}"
            marks.setdefault(ref, []).append(marked)
            came.setdefault(ref, {}).setdefault(marked.session_id, days.get(marked.session_id, marked.on))
    found = []
    for ref, when in came.items():
        if not any(start <= day <= end for day in when.values()):
            continue
        upto = sorted((m for m in marks.get(ref, []) if m.on <= end), key=lambda m: m.on)
        latest = upto[-1] if upto else None
        text = latest.text if latest else _text_of(sessions, ref)
        found.append(KeptLesson(ref, text, latest.verdict if latest else None))
    return sorted(found, key=_ref_order(sessions))


def _ref_order(sessions: list[Session]) -> Callable[[KeptLesson], tuple[int, int, str]]:
    """Lessons in the order they were written: by session, then line."""
    lines: dict[str, int] = {}
    for session in sessions:
        for index, text in enumerate(lesson_lines(session.reflection.learned) if session.reflection else ()):
            lines[f"{session.id}:{lesson_key(text)}"] = index

    def order(lesson: KeptLesson) -> tuple[int, int, str]:
        session_id = lesson.ref.partition(":")[0]
        return (int(session_id) if session_id.isdigit() else 0, lines.get(lesson.ref, len(lines)), lesson.text)

    return order


def _text_of(sessions: list[Session], ref: str) -> str:
    """A lesson's words, from the agenda item it came back on (not marked yet)."""
    for session in sessions:
        for item in session.agenda.items if session.agenda else ():
            if item.source == LESSON_SOURCE and item.ref == ref:
                return item.text
    return ""


def lesson_counts(back: Iterable[KeptLesson]) -> LessonCounts:
    back = list(back)
    return LessonCounts(
        returned=len(back),
        kept=sum(1 for lesson in back if lesson.verdict in KEPT),
        let_go=sum(1 for lesson in back if lesson.verdict is LessonVerdict.LET_GO),
    )


# --- from the store -------------------------------------------------------------------------


def learning_counts(
    sessions: Iterable[Session], actions: Iterable[ActionItem], start: date, end: date
) -> LearningCounts:
    sessions = list(sessions)
    return LearningCounts(
        plans=plan_counts(plan_outcomes(actions, sessions, start, end)),
        lessons=lesson_counts(lessons_back(sessions, start, end)),
    )


def partnership_counts(store: Store, partnership: Partnership, start: date, end: date) -> LearningCounts:
    """Everything of one partnership counted over the period, private things included (the
    person's own view); cached until the data changes."""
    pid = partnership.id

    def compute(store: Store) -> LearningCounts:
        sessions = [s for s in store.all(Session) if s.partnership_id == pid]
        actions = [a for a in store.all(ActionItem) if a.partnership_id == pid]
        return learning_counts(sessions, actions, start, end)

    return store.derived(f"learning:{pid}:{start.isoformat()}:{end.isoformat()}", compute)


def this_cycle_and_all_time(
    store: Store, partnership: Partnership, today: date
) -> tuple[LearningCounts, LearningCounts]:
    """The counts of the current cycle (its start to today) and of all time."""
    cycle = partnership.current_cycle
    this_cycle = partnership_counts(store, partnership, cycle.start, max(today, cycle.start))
    return this_cycle, partnership_counts(store, partnership, date.min, date.max)


def counts_json(counts: LearningCounts) -> dict[str, Any]:
    plans, lessons = counts.plans, counts.lessons
    return {
        "plans": {"due": plans.due, "done": plans.done, "partly": plans.partly, "not_yet": plans.not_yet},
        "lessons": {
            "returned": lessons.returned,
            "kept": lessons.kept,
            "let_go": lessons.let_go,
            "unmarked": lessons.unmarked,
        },
    }


def learning_json(store: Store, partnership: Partnership, today: date) -> dict[str, Any]:
    """The `learning` object of `companion status --json`: counts only, never text."""
    this_cycle, all_time = this_cycle_and_all_time(store, partnership, today)
    cycle = partnership.current_cycle
    return {
        "this_cycle": {"number": cycle.number, "since": cycle.start.isoformat(), **counts_json(this_cycle)},
        "all_time": counts_json(all_time),
    }
