"""Lessons come back: a line of a reflection's "What I learned" returns on a later agenda
about a week, a month and three months after it was written, to be marked still true,
applied or let go (docs/learning-loop.md, "Lessons").

The schedule is pure (`due_lessons`, `choose_lesson`); `lesson_for_agenda` gathers its
inputs from the store, and `mark_lesson` keeps the answer with the reflection the lesson
came from.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from companion.dates import format_date
from companion.errors import CompanionError
from companion.models import (
    Agenda,
    AgendaItem,
    LessonReturn,
    LessonVerdict,
    Partnership,
    Reflection,
    Section,
    Session,
    SessionState,
)
from companion.sessions import timeline_between
from companion.store import Store

SOURCE = "lesson"
SECTION = Section.CLOSE
MINUTES = 2
# A lesson is due from these days after it was written, and may still come back up to the
# matching number of days late; a window it missed (no session, another lesson chosen) is
# skipped, never made up later.
DUE_DAYS = (7, 30, 90)
LATE_DAYS = (14, 30, 60)
MAX_RETURNS = len(DUE_DAYS)
OLDEST_DAYS = DUE_DAYS[-1] + LATE_DAYS[-1]  # a lesson older than this never comes back
QUOTE_MAX = 200
BULLETS = ("- ", "* ", "• ", "+ ")


@dataclass(frozen=True)
class Lesson:
    """One line of a final reflection's "What I learned"."""

    session_id: int
    key: str
    text: str
    written: date
    private: bool

    @property
    def ref(self) -> str:
        return f"{self.session_id}:{self.key}"


def lesson_key(text: str) -> str:
    """A lesson's key within its reflection: its words, spacing and case aside. Editing a
    lesson's words makes it a new lesson; its earlier returns stay with the reflection."""
    return f"{zlib.crc32(' '.join(text.split()).casefold().encode()):08x}"


def lesson_lines(learned: str) -> list[str]:
    """Each non-empty line of "What I learned", without a list bullet; the same words twice
    are one lesson."""
    seen: set[str] = set()
    found = []
    for line in learned.splitlines():
        text = line.strip()
        for bullet in BULLETS:
            text = text.removeprefix(bullet).strip() if text.startswith(bullet) else text
        if text and lesson_key(text) not in seen:
            seen.add(lesson_key(text))
            found.append(text)
    return found


def lessons_of(session: Session) -> list[Lesson]:
    """The lessons of a held session's final reflection, dated by the session they were
    learned in (a reflection finished a day late still lines up with a weekly cadence)."""
    reflection = session.reflection
    if session.id is None or session.state is not SessionState.HELD or reflection is None or reflection.is_draft:
        return []
    written = (session.held_at or session.scheduled_at).date()
    return [
        Lesson(session.id, lesson_key(text), text, written, reflection.private)
        for text in lesson_lines(reflection.learned)
    ]


def window(written: date, day: date) -> int | None:
    """Which return (0, 1 or 2) a lesson written on `written` is due for on `day`, if any."""
    age = (day - written).days
    for index, (due, late) in enumerate(zip(DUE_DAYS, LATE_DAYS, strict=True)):
        if due <= age <= due + late:
            return index
    return None


def due_lessons(
    lessons: Iterable[Lesson], returned: Mapping[str, Sequence[date]], let_go: set[str], day: date
) -> list[Lesson]:
    """The lessons due on `day`: in a window they have not come back in yet, with fewer than
    three returns, and not let go. `returned` holds, per lesson ref, the days it came back."""
    due = []
    for lesson in lessons:
        days = returned.get(lesson.ref, ())
        if lesson.ref in let_go or len(days) >= MAX_RETURNS or any(d >= day for d in days):
            continue
        current = window(lesson.written, day)
        if current is not None and all(window(lesson.written, d) != current for d in days):
            due.append(lesson)
    return due


def choose_lesson(due: Sequence[Lesson], day: date, seed: int) -> Lesson | None:
    """The one lesson for an agenda: among those whose window closes soonest, one chosen by
    the agenda's seed, so building the agenda again chooses the same one."""
    if not due:
        return None

    def days_left(lesson: Lesson) -> int:
        index = window(lesson.written, day)
        assert index is not None  # only due lessons are given
        return DUE_DAYS[index] + LATE_DAYS[index] - (day - lesson.written).days

    soonest = min(map(days_left, due))
    pool = sorted((lesson for lesson in due if days_left(lesson) == soonest), key=lambda lesson: lesson.ref)
    return random.Random(seed).choice(pool)


def lesson_item_text(lesson: Lesson) -> str:
    quote = lesson.text if len(lesson.text) <= QUOTE_MAX else lesson.text[: QUOTE_MAX - 1].rstrip() + "…"
    when = format_date(lesson.written, weekday=False, year=False)
    return f"A lesson from {when}: “{quote}” — still true, applied, or let go?"


def lesson_item(lesson: Lesson) -> AgendaItem:
    """The agenda item for a returning lesson (private when its reflection is)."""
    return AgendaItem(
        id="",
        section=SECTION,
        text=lesson_item_text(lesson),
        minutes=MINUTES,
        source=SOURCE,
        ref=lesson.ref,
        private=lesson.private,
    )


def has_lesson(agenda: Agenda) -> bool:
    return any(item.source == SOURCE for item in agenda.items)


def returns_so_far(sessions: Iterable[Session]) -> tuple[dict[str, list[date]], set[str]]:
    """Per lesson ref, the days it came back (on a held session's agenda, or marked), and
    the refs let go."""
    days: dict[str, dict[int | None, date]] = {}
    let_go: set[str] = set()
    for session in sessions:
        if session.state is SessionState.HELD and session.agenda is not None:
            for item in session.agenda.items:
                if item.source == SOURCE and item.ref:
                    days.setdefault(item.ref, {})[session.id] = session.scheduled_at.date()
        for marked in session.reflection.lesson_returns if session.reflection else ():
            ref = f"{session.id}:{marked.lesson}"
            days.setdefault(ref, {}).setdefault(marked.session_id, marked.on)
            if marked.verdict is LessonVerdict.LET_GO:
                let_go.add(ref)
    return {ref: sorted(found.values()) for ref, found in days.items()}, let_go


def lesson_for_agenda(
    store: Store, partnership: Partnership, session: Session, agenda: Agenda, built_before: datetime | None = None
) -> Lesson | None:
    """The lesson to come back on `session`'s agenda, if one is due and the agenda has none.
    With `built_before` (an agenda built earlier), only lessons written since are offered,
    so a lesson item the person deleted does not come back on the same agenda."""
    if has_lesson(agenda):
        return None
    day = session.scheduled_at.date()
    recent = sessions_within(store, partnership, session)
    returned, let_go = returns_so_far(recent)
    lessons = [lesson for s in recent for lesson in lessons_of(s)]
    if built_before is not None:
        lessons = [lesson for lesson in lessons if _written_at(recent, lesson) > built_before]
    return choose_lesson(due_lessons(lessons, returned, let_go, day), day, agenda.seed)


def sessions_within(store: Store, partnership: Partnership, session: Session) -> list[Session]:
    """The partnership's sessions before `session` that may hold a lesson still to come back,
    or one of its returns: those of the last `OLDEST_DAYS` days, oldest first."""
    earliest = (session.scheduled_at - timedelta(days=OLDEST_DAYS + 1)).isoformat(timespec="seconds")
    latest = (session.scheduled_at - timedelta(seconds=1)).isoformat(timespec="seconds")
    found = []
    for _, doc_id, partnership_id, _state, _slot in timeline_between(store, earliest, latest):
        if partnership_id == partnership.id and doc_id != session.id:
            stored = store.get(Session, doc_id)
            if stored is not None:
                found.append(stored)
    return found


def _written_at(sessions: Sequence[Session], lesson: Lesson) -> datetime:
    source = next(s for s in sessions if s.id == lesson.session_id)
    assert source.reflection is not None  # lessons come from reflections
    return source.reflection.written_at or source.held_at or source.scheduled_at


def parse_ref(ref: str) -> tuple[int, str]:
    session_id, _, key = ref.partition(":")
    if not session_id.isdigit() or not key:
        raise CompanionError("This item does not point to a lesson any more.")
    return int(session_id), key


def mark_lesson(store: Store, ref: str, verdict: LessonVerdict, on: date, session_id: int | None) -> LessonReturn:
    """Keep what the person said of a returning lesson with the reflection it came from.
    Marking it again on the same agenda replaces the earlier answer."""
    source_id, key = parse_ref(ref)
    with store.transaction():
        source = store.get(Session, source_id)
        reflection = source.reflection if source else None
        text = next((t for t in lesson_lines(reflection.learned) if lesson_key(t) == key), None) if reflection else None
        if reflection is None or text is None:
            raise CompanionError("That lesson is no longer in its reflection; it was edited or removed.")
        marked = LessonReturn(lesson=key, text=text, session_id=session_id, on=on, verdict=verdict)
        kept = [r for r in reflection.lesson_returns if not (r.lesson == key and r.session_id == session_id)]
        store.update(Session, source_id, reflection=replace(reflection, lesson_returns=[*kept, marked]))
    return marked


def returns_markdown(reflection: Reflection) -> str:
    """The reflection's lessons that came back and were marked, one line each, for History."""
    if not reflection.lesson_returns:
        return ""
    lines = ["**Lessons that came back**", ""]
    for marked in sorted(reflection.lesson_returns, key=lambda r: r.on):
        lines.append(f"- {format_date(marked.on)}: {marked.verdict.label} — {marked.text}")
    return "\n".join(lines)


def follow_privacy(store: Store, agenda: Agenda) -> Agenda:
    """The agenda with its lesson item made private if the reflection it came from has been
    made private since (never the other way: a person may keep any item private)."""
    for index, item in enumerate(agenda.items):
        if item.source != SOURCE or item.private or not item.ref:
            continue
        source_id = item.ref.partition(":")[0]
        source = store.get(Session, int(source_id)) if source_id.isdigit() else None
        if source is not None and source.reflection is not None and source.reflection.private:
            items = list(agenda.items)
            items[index] = replace(item, private=True)
            return replace(agenda, items=items)
    return agenda
