"""Lessons come back (docs/learning-loop.md, "Lessons"): the return schedule as properties,
a simulated year through the real store, marking, search and History."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import agenda_edits, codec, lessons, record_checks
from companion.banks import load_banks
from companion.history import session_markdown
from companion.lessons import Lesson, LessonVerdict
from companion.models import LessonReturn, Profile, Reflection, Session
from companion.partnerships import complete_onboarding
from companion.prepare import prepare_next, save_agenda
from companion.reflections import finish_reflection
from companion.search import search
from companion.sessions import hold_session
from companion.store import Store
from tests.conftest import make_partnership
from tests.depth import examples

BANKS = load_banks()
START = date(2026, 1, 1)

# ---- the schedule, pure -------------------------------------------------------------


def simulate(lessons_written: list[Lesson], session_days: list[date], let_go_at: dict[str, int], seed: int):
    """Run the schedule over a sequence of sessions: per session, the lesson it brings back.
    A lesson is let go on the `let_go_at[ref]`-th time it comes back (1-based)."""
    returned: dict[str, list[date]] = {}
    let_go: set[str] = set()
    shown: list[tuple[date, str | None]] = []
    for number, day in enumerate(session_days):
        written = [lesson for lesson in lessons_written if lesson.written < day]
        chosen = lessons.choose_lesson(lessons.due_lessons(written, returned, let_go, day), day, seed + number)
        shown.append((day, chosen.ref if chosen else None))
        if chosen:
            returned.setdefault(chosen.ref, []).append(day)
            if let_go_at.get(chosen.ref) == len(returned[chosen.ref]):
                let_go.add(chosen.ref)
    return shown


lesson_sets = st.lists(
    st.builds(
        lambda session, offset, text: Lesson(session, lessons.lesson_key(text), text, START + timedelta(offset), False),
        st.integers(1, 6),
        st.integers(0, 200),
        st.sampled_from(["Ask first", "Pair on it", "Write it down", "Say no sooner"]),
    ),
    max_size=8,
    unique_by=lambda lesson: lesson.ref,
)
session_days = st.lists(st.integers(0, 400), max_size=60, unique=True).map(
    lambda offsets: [START + timedelta(o) for o in sorted(offsets)]
)


@settings(max_examples=examples(150), deadline=None)
@given(lesson_sets, session_days, st.dictionaries(st.integers(0, 7), st.integers(1, 3)), st.integers(0, 2**32))
def test_schedule_properties(written, days, let_go_by_index, seed):
    let_go_at = {written[i].ref: n for i, n in let_go_by_index.items() if i < len(written)}
    shown = simulate(written, days, let_go_at, seed)
    assert shown == simulate(written, days, let_go_at, seed)  # the same seed and data, the same choices
    per_lesson: dict[str, list[date]] = {}
    for day, ref in shown:
        if ref is not None:
            per_lesson.setdefault(ref, []).append(day)
    by_ref = {lesson.ref: lesson for lesson in written}
    for ref, shown_days in per_lesson.items():
        assert len(shown_days) <= lessons.MAX_RETURNS
        assert len(shown_days) <= let_go_at.get(ref, lessons.MAX_RETURNS)  # none after let go
        windows = [lessons.window(by_ref[ref].written, d) for d in shown_days]
        assert None not in windows and len(set(windows)) == len(windows)  # once per window


@given(lesson_sets, st.integers(0, 400), st.integers(0, 2**32))
def test_one_due_lesson_is_chosen_or_none(written, offset, seed):
    day = START + timedelta(offset)
    due = lessons.due_lessons(written, {}, set(), day)
    chosen = lessons.choose_lesson(due, day, seed)
    assert (chosen is None) == (not due)
    assert chosen is None or chosen in due


def test_windows_a_week_a_month_three_months():
    written = date(2026, 3, 3)
    assert [lessons.window(written, written + timedelta(d)) for d in (6, 7, 21, 22, 30, 60, 61, 90, 150, 151)] == [
        None, 0, 0, None, 1, 1, None, 2, 2, None,
    ]  # fmt: skip


def test_lesson_lines_are_lines_without_bullets_each_once():
    assert lessons.lesson_lines("- Ask first\n\n* ask  FIRST\n• Pair on it\n   \n") == ["Ask first", "Pair on it"]


# ---- stored: a simulated year -----------------------------------------------------


@pytest.fixture
def year(store: Store) -> Store:
    """Alex meets Sam on Tuesdays at 16:00 from 24 Feb 2026."""
    complete_onboarding(
        store, Profile(name="Alex"), make_partnership(start_date=date(2026, 2, 24)), datetime(2026, 2, 20, 9, 0)
    )
    return store


def reflect(store: Store, session: Session, learned: str, now: datetime | None = None, **fields) -> None:
    assert session.id is not None
    now = now or session.scheduled_at
    finish_reflection(store, session.id, now=now, learned=learned, value=4, candour=4, **fields)


def hold_week(store: Store, now: datetime) -> Session:
    prepared = prepare_next(store, BANKS, now)
    assert prepared.session.id is not None
    return hold_session(store, prepared.session.id, now=prepared.session.scheduled_at + timedelta(hours=1))


def lesson_item(session: Session):
    return next((i for i in session.agenda.items if i.source == lessons.SOURCE), None) if session.agenda else None


def test_a_march_lesson_returns_in_march_april_and_june_until_let_go(year: Store):
    now = datetime(2026, 3, 2, 9, 0)
    came_back: list[date] = []
    lesson_session: int | None = None
    while now < datetime(2027, 3, 1):
        session = hold_week(year, now)
        assert session.id is not None
        after = session.scheduled_at + timedelta(hours=2)
        if lesson_session is None and session.scheduled_at >= datetime(2026, 3, 3):
            reflect(year, session, "Try the AI before pushing back")
            lesson_session = session.id
        item = lesson_item(session)
        if item is not None:
            assert item.section.value == "close" and item.text.startswith("A lesson from 3 Mar: “Try the AI")
            came_back.append(session.scheduled_at.date())
            lessons.mark_lesson(year, item.ref or "", LessonVerdict.STILL_TRUE, after.date(), session.id)
        now = session.scheduled_at + timedelta(days=1)
    assert [(d.month, d.day) for d in came_back] == [(3, 10), (4, 7), (6, 2)]
    source = year.get(Session, lesson_session or 0)
    assert source and source.reflection
    assert [r.on for r in source.reflection.lesson_returns] == came_back
    assert all(r.verdict is LessonVerdict.STILL_TRUE for r in source.reflection.lesson_returns)


def test_let_go_ends_the_returns_and_a_private_lesson_returns_private(year: Store):
    now = datetime(2026, 3, 2, 9, 0)
    first = hold_week(year, now)
    assert first.id is not None
    reflect(year, first, "Keep it short\nAsk for examples", private=True)
    shown: list[str] = []
    for _ in range(20):
        session = hold_week(year, (year.get(Session, first.id) or first).scheduled_at + timedelta(days=1))
        item = lesson_item(session)
        if item is not None:
            assert item.private
            shown.append(item.ref or "")
            lessons.mark_lesson(year, item.ref or "", LessonVerdict.LET_GO, session.scheduled_at.date(), session.id)
        first = session
    assert len(shown) == 2 and len(set(shown)) == 2  # each let go on its first return


def test_a_rebuild_does_not_add_a_second_lesson(year: Store):
    first = hold_week(year, datetime(2026, 3, 2, 9, 0))
    assert first.id is not None
    reflect(year, first, "One\nTwo\nThree")
    once = prepare_next(year, BANKS, datetime(2026, 3, 5, 9, 0))
    again = prepare_next(year, BANKS, datetime(2026, 3, 6, 9, 0))
    assert once.agenda == again.agenda
    assert sum(1 for i in again.agenda.items if i.source == lessons.SOURCE) == 1
    assert sum(i.minutes for i in again.agenda.items) == 45


# ---- stored with the reflection, searchable, shown --------------------------------


def test_returns_round_trip_packed_reflection_and_are_checked():
    reflection = Reflection(
        learned="Ask first",
        is_draft=False,
        lesson_returns=[
            LessonReturn(
                lesson="abc", text="Ask first", session_id=4, on=date(2026, 4, 7), verdict=LessonVerdict.APPLIED
            )
        ],
    )
    doc = codec.encode(reflection)
    assert doc["lesson_returns"][0]["verdict"] == "applied"  # beside the packed texts, not in them
    assert codec.from_doc(Reflection, doc) == reflection
    check = record_checks._checker(Reflection)
    assert check(doc) is None
    doc["lesson_returns"][0]["verdict"] = "forgotten"
    assert check(doc)


def test_a_marked_return_is_found_by_search_and_shown_in_history(year: Store):
    first = hold_week(year, datetime(2026, 3, 2, 9, 0))
    assert first.id is not None
    reflect(year, first, "Pair on the gnarly migration")
    second = hold_week(year, datetime(2026, 3, 4, 9, 0))
    item = lesson_item(second)
    assert item is not None and item.ref
    lessons.mark_lesson(year, item.ref, LessonVerdict.APPLIED, date(2026, 3, 10), second.id)
    matches = search(year, "applied gnarly")
    found = [(m.entry.record_id, m.entry.part) for m in matches]
    assert (first.id, "lesson") in found  # (the agenda item asking also says "applied")
    assert [m.entry.part for m in search(year, "gnarly") if m.entry.record_id == first.id] == ["learned", "lesson"]
    assert "applied — Pair on the gnarly migration" in session_markdown(year, first.id)


def test_an_agenda_built_before_the_reflection_gets_its_lesson_but_not_a_deleted_one_again(year: Store):
    first = hold_week(year, datetime(2026, 3, 2, 9, 0))
    built = prepare_next(year, BANKS, datetime(2026, 3, 3, 17, 0))  # the 10 March agenda, before reflecting
    assert lesson_item(built.session) is None
    reflect(year, first, "Name the trade-off out loud", now=datetime(2026, 3, 4, 8, 0))
    again = prepare_next(year, BANKS, datetime(2026, 3, 4, 9, 0))
    item = lesson_item(again.session)
    assert item is not None and item.text.startswith("A lesson from 3 Mar")
    without = agenda_edits.delete_item(again.agenda, item.id, 45)
    save_agenda(year, again.session.id or 0, without)
    assert prepare_next(year, BANKS, datetime(2026, 3, 5, 9, 0)).agenda == without


def test_a_lesson_on_the_agenda_turns_private_with_its_reflection(year: Store):
    first = hold_week(year, datetime(2026, 3, 2, 9, 0))
    reflect(year, first, "Name the trade-off out loud")
    item = lesson_item(prepare_next(year, BANKS, datetime(2026, 3, 4, 9, 0)).session)
    assert item is not None and not item.private
    assert first.id is not None
    finish_reflection(year, first.id, now=datetime(2026, 3, 4, 10, 0), private=True)
    item = lesson_item(prepare_next(year, BANKS, datetime(2026, 3, 4, 11, 0)).session)
    assert item is not None and item.private
