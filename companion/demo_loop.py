"""The learning loop in the demo's sample year (docs/learning-loop.md): three-month cycles
from the start date, an agreement with a reset phrase, will-try lines written as plans that
are asked about on the sessions that follow, and lessons that come back on later agendas as
the app's own builder places them (`companion.lessons`), each with what was said of them.

`LoopYear` is fed the held sessions in order: `on_agenda` adds what the builder would have
added to a session's agenda, and `after_hold` records the answers given when it was held and
takes in the plans and lessons of its reflection.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta

from companion import agreement, lessons, plan_agenda, plans
from companion.agenda import in_section_order, split_minutes
from companion.dates import add_months
from companion.models import (
    CYCLE_MONTHS,
    ActionItem,
    Agenda,
    AgendaItem,
    Agreement,
    Cycle,
    LessonReturn,
    LessonVerdict,
    Partnership,
    PlanAnswer,
    PlanOutcome,
    Reflection,
    Section,
)

AGREEMENT_WORDS = {
    "i_want": "To see how newer engineers really work, and to try it on my own tasks.",
    "partner_wants": "Honest feedback on my code reviews, and a say in how the team adopts tools.",
    "reset_phrase": "pause button",
}
# Moments and actions for the will-try lines written as plans ("When X, I will Y").
PLANS = [
    ("I start a new test file", "ask the assistant for edge cases first"),
    ("a review comment suggests {topic}", "try it before pushing back"),
    ("a question would need a meeting", "post it in our team's Discord first"),
    ("I feel defensive about an old decision", "ask {partner} what they would do instead"),
    ("I pick up a new task", "spend ten minutes with {topic} before anything else"),
]
PLAN_SHARE = 0.5  # of the will-try lines written as plans
PLAN_ANSWERS = [*[PlanOutcome.DONE] * 4, PlanOutcome.PARTLY, PlanOutcome.NOT_YET, PlanOutcome.NOT_YET, None]
# In the last few weeks plans are still under way, as the other action items are.
RECENT_ANSWERS = [PlanOutcome.DONE, PlanOutcome.PARTLY, PlanOutcome.NOT_YET, PlanOutcome.NOT_YET]
RECENT_WEEKS = 5
CYCLES_KEPT = 8  # two years of three-month cycles
MOST_ASKINGS = 4  # a plan asked this often was done at last (the demo drops none)
VERDICTS = [*[LessonVerdict.STILL_TRUE] * 3, *[LessonVerdict.APPLIED] * 2, LessonVerdict.LET_GO, None]
SECOND_LESSONS = [
    "Asking for help early costs less than I thought.",
    "Small experiments beat long debates about {topic}.",
    "{partner} explains things best by showing, not telling.",
]


def cycles(start: date, today: date) -> tuple[Cycle, list[Cycle]]:
    """The current three-month cycle (started on the last boundary on or before `today`,
    its review ahead) and the ones before it, oldest first. Only the last `CYCLES_KEPT`
    are three-month cycles: a longer history before them is one first cycle, as a file
    from before cycles were kept is moved forward (docs/data-format.md)."""
    count = 1
    while add_months(start, CYCLE_MONTHS * count) <= today:
        count += 1
    first = max(0, count - CYCLES_KEPT)
    every = [
        Cycle(
            number=number,
            start=start if number == 1 else add_months(start, CYCLE_MONTHS * n),
            months=CYCLE_MONTHS,
            review_on=add_months(start, CYCLE_MONTHS * (n + 1)),
        )
        for number, n in enumerate([0, *range(first + 1, count)] if first else range(count), start=1)
    ]
    return every[-1], every[:-1]


def with_loop(partnership: Partnership, today: date) -> Partnership:
    """The partnership with its cycles and an agreement, made at the review that started
    the current cycle (so only the agendas since then remind of its reset phrase)."""
    partnership.cycle, partnership.past_cycles = cycles(partnership.start_date, today)
    partnership.agreement = Agreement(**AGREEMENT_WORDS, agreed_on=partnership.cycle.start)
    return partnership


def will_try_line(rng: random.Random, words: dict[str, str], plain: str) -> str:
    """A will-try line: a plan some of the time, else the plain line given."""
    if rng.random() >= PLAN_SHARE:
        return plain
    trigger, action = rng.choice(PLANS)
    return plans.format_plan(trigger.format(**words), action.format(**words))


def learned_lines(rng: random.Random, words: dict[str, str], first: str) -> str:
    """What I learned: one lesson, sometimes two (each line is a lesson)."""
    if rng.random() < 0.3:
        return f"{first}\n{rng.choice(SECOND_LESSONS).format(**words)}"
    return first


@dataclass
class _Waiting:
    """A lesson that may come back, the reflection it is from, and the windows (first and
    last day) it may still come back in."""

    lesson: lessons.Lesson
    source: Reflection
    spans: list[tuple[date, date]]

    def open_on(self, day: date) -> bool:
        while self.spans and self.spans[0][1] < day:
            del self.spans[0]  # missed, never made up later
        return bool(self.spans) and self.spans[0][0] <= day


def _spans(written: date) -> list[tuple[date, date]]:
    return [
        (written + timedelta(days=due), written + timedelta(days=due + late))
        for due, late in zip(lessons.DUE_DAYS, lessons.LATE_DAYS, strict=True)
    ]


class LoopYear:
    """What the loop adds to each held session, in order, and what it keeps between them."""

    def __init__(self, rng: random.Random, partnership: Partnership, today: date) -> None:
        self.rng = rng
        self.recent_from = today - timedelta(weeks=RECENT_WEEKS)
        self.total = partnership.session_minutes
        self.phrase = agreement.reset_phrase(partnership)
        self.agreed_on = partnership.agreement.agreed_on if partnership.agreement else None
        self.open_plans: dict[int, ActionItem] = {}
        self.lessons: deque[_Waiting] = deque()  # oldest first
        self.returned: dict[str, list[date]] = {}
        self.let_go: set[str] = set()

    def on_agenda(self, agenda: Agenda, day: date) -> Agenda:
        """The freshly built `agenda` as `prepare_next` leaves it: the reset reminder and the
        open plans in the check-in, and a lesson due on `day` last in the close."""
        added = [plan_agenda.plan_item(plan) for plan in self.open_plans.values()]
        if self.phrase and self.agreed_on is not None and day >= self.agreed_on:
            reminder = agreement.reset_reminder(self.phrase)
            added.insert(
                0, AgendaItem(id="", section=Section.CHECK_IN, text=reminder, minutes=1, source=agreement.SOURCE)
            )
        lesson = self._lesson_due(day, agenda.seed)
        if lesson is not None:
            added.append(lessons.lesson_item(lesson))
        agenda = _with_items(agenda, added, self.total)
        if lessons.has_lesson(agenda):
            agenda.lesson_added_at = agenda.built_at
        return agenda

    def _lesson_due(self, day: date, seed: int) -> lessons.Lesson | None:
        """The lesson `lessons.lesson_for_agenda` would choose on `day`. Each waiting lesson
        knows its next window, so only those whose window closes soonest are handed to the
        schedule's own functions (the same choice, without reading every lesson each week)."""
        while self.lessons and not self.lessons[0].spans:
            self.lessons.popleft()
        ready = [waiting for waiting in self.lessons if waiting.open_on(day)]
        if not ready:
            return None
        first = min(waiting.spans[0][1] for waiting in ready)
        soonest = [waiting.lesson for waiting in ready if waiting.spans[0][1] == first]
        due = lessons.due_lessons(soonest, self.returned, self.let_go, day)
        return due[0] if len(due) == 1 else lessons.choose_lesson(due, day, seed)

    def after_hold(self, agenda: Agenda, session_id: int, day: date, actions: list[ActionItem]) -> None:
        """Answer the plans and mark the lesson the held agenda brought back, then take in
        the new plan (the last action item, when it is one) and the reflection's lessons."""
        for item in agenda.items:
            if item.source == plans.SOURCE and item.ref:
                self._answer(self.open_plans[int(item.ref)], session_id, day)
            elif item.source == lessons.SOURCE and item.ref:
                self._mark(item.ref, session_id, day)
        if actions and actions[-1].session_id == session_id and plans.is_plan(actions[-1]):
            plan = actions[-1]
            plan.id, plan.done_on = len(actions), None
            self.open_plans[plan.id] = plan

    def take_lessons(self, reflection: Reflection, session_id: int, day: date) -> None:
        for text in lessons.lesson_lines(reflection.learned):
            lesson = lessons.Lesson(session_id, lessons.lesson_key(text), text, day, reflection.private)
            self.lessons.append(_Waiting(lesson, reflection, _spans(day)))

    def _answer(self, plan: ActionItem, session_id: int, day: date) -> None:
        outcome = self.rng.choice(PLAN_ANSWERS if day < self.recent_from else RECENT_ANSWERS)
        if len(plan.plan_answers) + 1 >= MOST_ASKINGS:
            outcome = PlanOutcome.DONE
        if outcome is None:
            return  # left blank: nothing is recorded
        plan.plan_answers.append(PlanAnswer(session_id=session_id, on=day, outcome=outcome))
        if outcome is PlanOutcome.DONE:
            plan.done_on = day
            assert plan.id is not None  # given when the plan was taken in
            del self.open_plans[plan.id]

    def _mark(self, ref: str, session_id: int, day: date) -> None:
        self.returned.setdefault(ref, []).append(day)
        waiting = next(waiting for waiting in self.lessons if waiting.lesson.ref == ref)
        lesson = waiting.lesson
        verdict = self.rng.choice(VERDICTS)
        if verdict is not None:  # None: it came back and was not marked
            marked = LessonReturn(lesson=lesson.key, text=lesson.text, session_id=session_id, on=day, verdict=verdict)
            waiting.source.lesson_returns.append(marked)
        if verdict is LessonVerdict.LET_GO:
            self.let_go.add(ref)
        waiting.spans = [] if ref in self.let_go else waiting.spans[1:]  # one return per window


def _with_items(agenda: Agenda, added: list[AgendaItem], total: int) -> Agenda:
    """`agenda` with the `added` items keeping their minutes and the others scaled to leave
    room, as adding each with `agenda_edits.add_item` would (one pass, for the benchmarks'
    large dataset). What finds no minute left is not added, as in the app."""
    while added and len(agenda.items) > total - sum(item.minutes for item in added):
        added.pop()
    if not added:
        return agenda
    first = max((int(item.id[1:]) for item in agenda.items if item.id[1:].isdigit()), default=0) + 1
    shares = split_minutes([item.minutes - 1 for item in agenda.items], total - sum(item.minutes for item in added))
    # The agenda and the added items were all just made for this session: changed in place.
    for item, minutes in zip(agenda.items, shares, strict=True):
        item.minutes = minutes
    for offset, item in enumerate(added):
        item.id = f"i{first + offset}"
    agenda.items = in_section_order(agenda.items + added)
    return agenda
