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

from companion.codec import PACKED_KEY, TABLES, from_doc, unpack_bundle
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


@dataclass(frozen=True)
class SessionMarks:
    """What one session holds for these counts: the plans and lessons its agenda brought
    back (a held session's only), and the lesson verdicts kept on its reflection."""

    id: int | None
    day: date  # the scheduled day: every asking and coming back is dated by it
    asked: tuple[int, ...] = ()  # action ids of the plans on its agenda
    came: tuple[str, ...] = ()  # refs of the lessons on its agenda
    returns: tuple[LessonReturn, ...] = ()


def marks_of(session: Session) -> SessionMarks:
    held = session.state is SessionState.HELD and session.agenda is not None
    items = session.agenda.items if held and session.agenda else []
    return SessionMarks(
        session.id,
        session.scheduled_at.date(),
        tuple(int(i.ref) for i in items if i.source == PLAN_SOURCE and i.ref and i.ref.isdigit()),
        tuple(i.ref for i in items if i.source == LESSON_SOURCE and i.ref),
        tuple(session.reflection.lesson_returns) if session.reflection else (),
    )


# A packed agenda row: [id, section, text, minutes, source, ref, ...] (companion/codec.py).
_SOURCE_AT, _REF_AT = 4, 5
# Either quote: the packed string has its quotes swapped, or not in an older file.
_WANTED = tuple(f"{quote}{source}{quote}" for source in (PLAN_SOURCE, LESSON_SOURCE) for quote in "\"'")


def marks_from_doc(doc_id: int, doc: dict[str, Any]) -> SessionMarks:
    """`marks_of` a stored session, reading only what the counts need: on a long history,
    decoding every session into a record would take seconds. The agenda's packed items are
    parsed only when they hold a plan or a lesson; anything in another form is decoded."""
    agenda = doc.get("agenda")
    reflection = doc.get("reflection") or {}
    packed = agenda.get(PACKED_KEY) if isinstance(agenda, dict) else None
    if agenda is not None and not isinstance(packed, str):
        return marks_of(from_doc(Session, doc, doc_id))
    asked: list[int] = []
    came: list[str] = []
    if packed and doc.get("state") == SessionState.HELD.value and any(word in packed for word in _WANTED):
        rows = unpack_bundle(packed).get("items")
        if not isinstance(rows, list) or not all(isinstance(row, list) and len(row) > _REF_AT for row in rows):
            return marks_of(from_doc(Session, doc, doc_id))
        for row in rows:
            source, ref = row[_SOURCE_AT], row[_REF_AT]
            if source == PLAN_SOURCE and isinstance(ref, str) and ref.isdigit():
                asked.append(int(ref))
            elif source == LESSON_SOURCE and ref:
                came.append(ref)
    returns = tuple(from_doc(LessonReturn, raw) for raw in reflection.get("lesson_returns") or ())
    day = date.fromisoformat(str(doc["scheduled_at"])[:10])
    return SessionMarks(doc_id, day, tuple(asked), tuple(came), returns)


# --- plans ----------------------------------------------------------------------------------


def plan_outcomes(
    actions: Iterable[ActionItem], sessions: Iterable[Session | SessionMarks], start: date, end: date
) -> dict[int, PlanOutcome | None]:
    """Each plan due in the period (by action id), with its best answer in the period (done
    before partly before not yet; None when it was asked and left blank)."""
    marks = _marks(sessions)
    asked: dict[int, dict[int, date]] = {}  # action id -> session id -> the asking's day
    days = {m.id: m.day for m in marks if m.id is not None}
    for m in marks:
        if m.id is not None:
            for action_id in m.asked:
                asked.setdefault(action_id, {})[m.id] = m.day
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


def _marks(sessions: Iterable[Session | SessionMarks]) -> list[SessionMarks]:
    return [s if isinstance(s, SessionMarks) else marks_of(s) for s in sessions]


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
    found = []
    for ref, latest in lesson_verdicts(sessions, start, end).items():
        text = latest.text if latest else _text_of(sessions, ref)
        found.append(KeptLesson(ref, text, latest.verdict if latest else None))
    return sorted(found, key=_ref_order(sessions))


def lesson_verdicts(
    sessions: Iterable[Session | SessionMarks], start: date, end: date
) -> dict[str, LessonReturn | None]:
    """Each lesson that came back in the period (by ref), with its latest mark up to the
    period's end (None: not marked)."""
    marks = _marks(sessions)
    came: dict[str, dict[int | None, date]] = {}
    days: dict[int | None, date] = {m.id: m.day for m in marks if m.id is not None}
    for m in marks:
        for ref in m.came:
            came.setdefault(ref, {})[m.id] = m.day
    marked: dict[str, list[LessonReturn]] = {}
    for m in marks:
        for kept in m.returns:
            ref = f"{m.id}:{kept.lesson}"
            marked.setdefault(ref, []).append(kept)
            came.setdefault(ref, {}).setdefault(kept.session_id, days.get(kept.session_id, kept.on))
    verdicts: dict[str, LessonReturn | None] = {}
    for ref, when in came.items():
        if any(start <= day <= end for day in when.values()):
            upto = sorted((k for k in marked.get(ref, []) if k.on <= end), key=lambda k: k.on)
            verdicts[ref] = upto[-1] if upto else None
    return verdicts


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


def lesson_counts(verdicts: Iterable[LessonVerdict | None]) -> LessonCounts:
    """Counts of the lessons that came back, from their latest verdicts (None: not marked)."""
    verdicts = list(verdicts)
    return LessonCounts(
        returned=len(verdicts),
        kept=sum(1 for verdict in verdicts if verdict in KEPT),
        let_go=verdicts.count(LessonVerdict.LET_GO),
    )


# --- from the store -------------------------------------------------------------------------


def learning_counts(
    sessions: Iterable[Session | SessionMarks], actions: Iterable[ActionItem], start: date, end: date
) -> LearningCounts:
    marks = _marks(sessions)
    return LearningCounts(
        plans=plan_counts(plan_outcomes(actions, marks, start, end)),
        lessons=lesson_counts(kept.verdict if kept else None for kept in lesson_verdicts(marks, start, end).values()),
    )


def partnership_marks(store: Store, partnership_id: int | None) -> tuple[list[SessionMarks], list[ActionItem]]:
    """Every session's marks and every action of one partnership, read from the stored
    documents once and cached until the data changes."""

    def compute(store: Store) -> tuple[list[SessionMarks], list[ActionItem]]:
        docs = store.docs(TABLES[Session])
        marks = [marks_from_doc(int(i), d) for i, d in docs.items() if d.get("partnership_id") == partnership_id]
        actions = store.find(ActionItem, lambda doc: doc.get("partnership_id") == partnership_id)
        return marks, actions

    return store.derived(f"learning-marks:{partnership_id}", compute)


def partnership_counts(store: Store, partnership: Partnership, start: date, end: date) -> LearningCounts:
    """Everything of one partnership counted over the period, private things included (the
    person's own view)."""
    marks, actions = partnership_marks(store, partnership.id)
    return learning_counts(marks, actions, start, end)


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
