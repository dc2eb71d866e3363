"""Generated sample data: a believable reverse-mentoring history, for trying the app and for
benchmarks. The same seed and `now` always give the same dataset.

The history has held, skipped (some pausing the streak), cancelled and missed weeks, so
streaks break, pause and rebuild; agendas, reflections, action items, goals in every
status with check-ins, and a few notes waiting for the next session. The learning loop
runs through it (`companion.demo_loop`): three-month cycles, an agreement, plans asked
about and lessons coming back (docs/learning-loop.md).
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from companion.agenda import AgendaInputs, build_agenda, prompt_ids
from companion.banks import load_banks
from companion.codec import to_doc
from companion.demo_loop import LoopYear, learned_lines, will_try_line, with_loop
from companion.errors import CompanionError
from companion.models import (
    ActionItem,
    Agenda,
    CheckIn,
    FocusRole,
    Frequency,
    Goal,
    GoalStatus,
    Note,
    Owner,
    Partnership,
    Profile,
    Reflection,
    Session,
    SessionState,
    Settings,
    Stance,
    StatusChange,
    TrackRating,
)
from companion.paths import DATA_FILE_NAME
from companion.store import Store
from companion.validation import make_cadence

SESSION_MINUTES = 45
FOCUS_ROLE = FocusRole.ENGINEER  # the sample history is a staff engineer's; TOPICS and GOAL_TITLES match it
# What a senior engineer learns from a junior one (the demo's focus role is engineer); each
# tag is one the engineering and shared prompt banks use, so agendas pick related prompts.
TOPICS = [
    ("AI-assisted coding", "ai"),
    ("our team's Discord server", "community"),
    ("a web framework released this year", "frameworks"),
    ("the terminal setup our newest engineers use", "tooling"),
    ("screen-reader testing", "accessibility"),
    ("async stand-ups", "collaboration"),
    ("dependency security alerts", "security"),
    ("shipping behind feature flags", "quality"),
    ("open-source contribution etiquette", "open-source"),
    ("automating release notes", "automation"),
    ("code reviews that newer engineers find useful", "feedback"),
    ("how frontline teams use chat", "workflow"),
]
LEARNED = [
    "{topic} is less about the tool and more about the habit of trying things in public.",
    "My mental model of {topic} was five years out of date; the basics changed completely.",
    "{partner} uses {topic} in ways I had never thought of, mostly to skip meetings.",
    "The fastest way to learn {topic} is to break something small on purpose.",
    "There is a whole etiquette around {topic} that nobody writes down.",
]
WILL_TRY = [
    "Use {topic} on one real task this week and note where it slows me down.",
    "Ask {partner} to review my first attempt at {topic} before Friday.",
    "Spend 20 minutes a day with {topic} instead of reading about it.",
    "Share one thing about {topic} with my team and see who already knew it.",
]
SURPRISED = [
    "How candid {partner} was once I admitted I didn't know.",
    "That I felt defensive when {partner} questioned an old decision.",
    "How much of {topic} is about community rather than features.",
    "",
]
GOAL_TITLES = [  # engineering goals, tagged like TOPICS
    ("Ship a feature using AI pair programming end to end", ["ai", "tooling"]),
    ("Answer questions in our team's Discord instead of booking meetings", ["community", "communication"]),
    ("Set up my editor and terminal the way my mentor works", ["tooling", "workflow"]),
    ("Test our sign-up flow with a screen reader and fix what breaks", ["accessibility", "quality"]),
    ("Replace one weekly meeting with an async update", ["collaboration", "habits"]),
    ("Make my first open-source pull request", ["open-source"]),
    ("Try a new framework on a side task before judging it", ["frameworks", "learning"]),
    ("Prototype a feature idea in a single afternoon", ["prototyping"]),
    ("Automate our release notes from the commit messages", ["automation"]),
    ("Give candid feedback upward at least once a month", ["candour", "feedback"]),
]


def write_dataset(folder: Path, *, sessions: int, seed: int, now: datetime) -> str:
    """Write a generated history into `folder` (which must hold no data yet)."""
    if (folder / DATA_FILE_NAME).exists():
        raise CompanionError(f"{folder} already holds a Companion data file; choose an empty folder for the demo.")
    tables = generate(sessions=sessions, seed=seed, now=now)
    store = Store(folder).open()
    with store.transaction():
        for name, docs in tables.items():
            store.table(name).insert_multiple(docs)
    return ", ".join(f"{len(docs)} {name}" for name, docs in tables.items() if name not in ("profile", "settings"))


@contextmanager
def throwaway_copy(*, seed: int, now: datetime, sessions: int = 52) -> Iterator[Path]:
    """A sample year in a temporary folder that is deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="companion-demo-") as folder:
        path = Path(folder) / "data"
        write_dataset(path, sessions=sessions, seed=seed, now=now)
        yield path


def generate(*, sessions: int, seed: int, now: datetime) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    partner = rng.choice(["Sam", "Priya", "Jonas", "Aiko", "Tomás", "Zoe"])
    weeks = sessions + sessions // 8 + 1  # room for missed weeks
    start = (now - timedelta(weeks=weeks)).date()
    start -= timedelta(days=start.weekday() - 1 if start.weekday() >= 1 else -1)  # a Tuesday
    cadence = make_cadence(Frequency.WEEKLY, 1, time(16, 0), start)
    partnership = Partnership(
        id=1,
        partner_name=partner,
        stance=Stance.MENTEE,
        focus_role=FOCUS_ROLE,
        cadences=[cadence],
        session_minutes=SESSION_MINUTES,
        start_date=start,
        created_at=datetime.combine(start, time(9, 0)),
    )
    with_loop(partnership, now.date())
    prompts = load_banks().for_partnership(FOCUS_ROLE.value, Stance.MENTEE.value)
    goals = _goals(rng, now, start, max(4, min(40, sessions // 6)))
    for number, goal in enumerate(goals, start=1):
        goal.id = number
    history, actions = _sessions(rng, partnership, prompts, goals, sessions, now)
    notes = [
        Note(partnership_id=1, text=text, created_at=now - timedelta(days=days))
        for text, days in [
            ("Ask how they keep up with new frameworks without burning out", 3),
            ("Bring the flaky test that the AI assistant 'fixed' by deleting it", 1),
        ]
    ]
    return {
        "profile": [to_doc(Profile(name="Alex Morgan", role="Staff engineer"))],
        "settings": [to_doc(Settings(current_partnership_id=1))],
        "partnerships": [to_doc(partnership)],
        "goals": [to_doc(g) for g in goals],
        "sessions": [to_doc(s) for s in history],
        "actions": [to_doc(a) for a in actions],
        "notes": [to_doc(n) for n in notes],
    }


def _sessions(
    rng: random.Random, partnership: Partnership, prompts: list, goals: list[Goal], count: int, now: datetime
) -> tuple[list[Session], list[ActionItem]]:
    """`count` recorded sessions ending this week (with missed weeks between them)."""
    plan = _plan(rng, partnership, count, now)
    history: list[Session] = []
    actions: list[ActionItem] = []
    agendas_so_far: list[Agenda] = []
    loop = LoopYear(rng, partnership, now.date())
    spans = [(goal, *_active_span(goal)) for goal in goals]
    for slot, (state, reason, pauses) in plan:
        session = Session(
            partnership_id=1,
            scheduled_at=slot,
            slot=slot,
            state=state,
            skip_reason=reason,
            pauses_streak=pauses,
            created_at=slot - timedelta(days=7),
        )
        if state is SessionState.HELD:
            session_id = len(history) + 1
            agenda = loop.on_agenda(_agenda(rng, partnership, prompts, spans, agendas_so_far, slot), slot.date())
            session.agenda = agenda
            agendas_so_far.append(agenda)
            _hold(rng, session, agenda, partnership, actions, session_id, now)
            loop.after_hold(agenda, session_id, slot.date(), actions)
            if session.reflection is not None:
                loop.take_lessons(session.reflection, session_id, slot.date())
        history.append(session)
    return history, actions


def _plan(rng: random.Random, partnership: Partnership, count: int, now: datetime) -> list[tuple[datetime, tuple]]:
    """What happened at each cadence occurrence, decided from the newest backwards so the
    history reaches the present: held mostly, some skipped (a few pausing the streak for a
    holiday), some cancelled, some weeks with nothing recorded."""
    from companion.schedule import occurrences

    start = datetime.combine(partnership.start_date, time())
    slots = [s for s in occurrences(partnership, start, now) if s < now - timedelta(hours=2)]
    plan: list[tuple[datetime, tuple]] = []
    paused_left = 0
    for index, slot in enumerate(reversed(slots)):
        if len(plan) >= count:
            break
        roll = rng.random()
        if paused_left:
            paused_left -= 1
            outcome = (SessionState.SKIPPED, "Holiday", True)
        elif roll < 0.02:
            paused_left = rng.randint(0, 2)
            outcome = (SessionState.SKIPPED, "Parental leave" if roll < 0.005 else "Holiday", True)
        elif roll < 0.06:
            outcome = (SessionState.SKIPPED, rng.choice(["Offsite", "Release week", "Sick"]), False)
        elif roll < 0.08:
            outcome = (SessionState.CANCELLED, "", False)
        elif roll < 0.13 and index > 2:
            continue  # a missed week: nothing was recorded at all
        else:
            outcome = (SessionState.HELD, "", False)
        plan.append((slot, outcome))
    plan.reverse()
    return plan


def _hold(
    rng: random.Random,
    session: Session,
    agenda: Agenda,
    partnership: Partnership,
    actions: list[ActionItem],
    session_id: int,
    now: datetime,
) -> None:
    slot = session.scheduled_at
    held_at = slot + timedelta(minutes=rng.choice([0, 0, 5, 10]))
    session.held_at = held_at
    session.duration_minutes = rng.choice([40, 45, 45, 50])
    for item in agenda.items:
        item.covered = rng.random() < 0.85
    topic, _tag = rng.choice(TOPICS)
    words = {"topic": topic, "partner": partnership.partner_name}
    if rng.random() < 0.85:
        written = held_at + timedelta(hours=rng.choice([1, 3, 20, 30, 70]))
        will_try = will_try_line(rng, words, rng.choice(WILL_TRY).format(**words))
        session.reflection = Reflection(
            learned=learned_lines(rng, words, rng.choice(LEARNED).format(**words)),
            will_try=will_try,
            surprised=rng.choice(SURPRISED).format(**words),
            notes=f"## {topic.capitalize()}\n\n- what we looked at\n- what to try next\n",
            value=rng.choice([3, 4, 4, 5, 5]),
            candour=rng.choice([2, 3, 4, 4, 5]),
            tags=[_tag],
            private=rng.random() < 0.1,
            is_draft=False,
            written_at=written,
            updated_at=written,
        )
        due = (slot + timedelta(days=7)).date()
        actions.append(
            ActionItem(
                partnership_id=1,
                text=will_try,
                owner=rng.choice([Owner.ME, Owner.ME, Owner.BOTH, Owner.PARTNER]),
                due=due,
                # Older items were all dealt with; the last few weeks still have open ones.
                done_on=None
                if slot > now - timedelta(weeks=5) and rng.random() < 0.5
                else due - timedelta(days=rng.randint(0, 5)),
                session_id=session_id,
                created_at=written,
                private=session.reflection.private,
            )
        )


def _agenda(
    rng: random.Random,
    partnership: Partnership,
    prompts: list,
    goals: list[tuple[Goal, date, date]],
    earlier: list[Agenda],
    slot: datetime,
) -> Agenda:
    """Built as the app builds one: goals active then, recent prompts avoided, and what
    the last session left open carried over."""
    day = slot.date()
    active = [goal for goal, begun, ended in goals if begun <= day < ended][:3]
    previous = earlier[-1] if earlier else None
    inputs = AgendaInputs(
        partnership=partnership,
        goals=active,
        unfinished=[i for i in previous.items if not i.covered][:2] if previous else [],
        recent_prompt_ids=[prompt_ids(a) for a in reversed(earlier[-4:])],
        session_minutes=partnership.session_minutes,
        seed=rng.randrange(1 << 30),
    )
    agenda = build_agenda(inputs, prompts, built_at=slot - timedelta(days=rng.choice([2, 3, 6])))
    agenda.ready_at = slot - timedelta(hours=rng.choice([1, 20, 48])) if rng.random() < 0.8 else None
    return agenda


def _active_span(goal: Goal) -> tuple[date, date]:
    """The days the goal was active: from the day it was set to the day it ended (not
    included), worked out once rather than for every session."""
    ended = [c.on for c in goal.status_changes if c.status is not GoalStatus.ACTIVE]
    begun = goal.created_at.date() if goal.created_at is not None else date.max
    return begun, ended[0] if ended else date.max


def _goals(rng: random.Random, now: datetime, start: date, count: int) -> list[Goal]:
    goals = []
    statuses = [GoalStatus.ACTIVE, GoalStatus.ACHIEVED, GoalStatus.PAUSED, GoalStatus.DROPPED]
    span = max(30, (now.date() - start).days)
    for number in range(count):
        title, tags = GOAL_TITLES[number % len(GOAL_TITLES)]
        if number >= len(GOAL_TITLES):
            title = f"{title} (round {number // len(GOAL_TITLES) + 1})"
        status = GoalStatus.ACTIVE if number < 3 else statuses[1 + number % 3]
        created = (
            now.date() - timedelta(days=rng.randint(20, span))
            if number >= 3
            else now.date() - timedelta(days=40 + 20 * number)
        )
        check_ins = []
        progress = 0
        for week in range(rng.randint(1, 8)):
            progress = min(100, progress + rng.randint(5, 25))
            check_ins.append(
                CheckIn(
                    on=created + timedelta(days=7 * (week + 1)),
                    progress=progress,
                    rating=rng.choice(list(TrackRating)),
                    note=rng.choice(["", "Slow week.", "Paired on it twice.", "Blocked on access."]),
                )
            )
        changes = [StatusChange(on=created, status=GoalStatus.ACTIVE)]
        if status is not GoalStatus.ACTIVE:
            ended = check_ins[-1].on + timedelta(days=3)
            reason = "Priorities changed." if status is GoalStatus.DROPPED else ""
            changes.append(StatusChange(on=ended, status=status, reason=reason))
        goals.append(
            Goal(
                partnership_id=1,
                title=title,
                why="It keeps me close to how the team actually works.",
                done_looks_like="I can do it on real work without asking for help.",
                target_date=created + timedelta(days=rng.choice([42, 60, 90])),
                status=status,
                my_expectation="A first small win within a month.",
                partner_expectation="" if number % 5 == 0 else "That I try it on real work, not a toy.",
                first_result_date=created + timedelta(days=21),
                tags=list(tags),
                self_assessment_start=rng.randint(1, 3),
                self_assessment_end=rng.randint(3, 5) if status is GoalStatus.ACHIEVED else None,
                check_ins=check_ins,
                status_changes=changes,
                created_at=datetime.combine(created, time(12, 0)),
            )
        )
    return goals
