"""The records Companion keeps, as plain dataclasses (how they are stored: docs/data-format.md).

Conversion to and from the stored JSON lives in `companion.codec`; the rules for what a
person may type live in `companion.validation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from companion.dates import add_months, format_clock
from companion.partner_cycle import PartnerCycle

CYCLE_MONTHS = 3  # a cycle's length unless the agreement sets another (docs/learning-loop.md)


class Stance(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


class FocusRole(StrEnum):
    ENGINEER = "engineer"
    DESIGNER = "designer"
    PRODUCT_MANAGER = "product_manager"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


class SessionState(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"
    DROPPED = "dropped"


class Owner(StrEnum):
    ME = "me"
    PARTNER = "partner"
    BOTH = "both"


class TrackRating(StrEnum):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"


class PlanOutcome(StrEnum):
    """Whether a plan ("When X, I will Y") happened, as asked when a session is held."""

    DONE = "done"
    PARTLY = "partly"
    NOT_YET = "not-yet"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class Section(StrEnum):
    CHECK_IN = "check-in"
    GOALS = "goals"
    CARRY_OVER = "carry-over"
    EXPLORE = "explore"
    CLOSE = "close"


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(kw_only=True)
class Profile:
    """The user: their name and own role."""

    name: str
    role: str = ""


@dataclass(kw_only=True)
class Cadence:
    """How often sessions happen, from `since` on. A partnership keeps every cadence it had."""

    frequency: Frequency
    weekday: int  # 0 = Monday
    at: time
    since: date
    # Monthly cadences meet on the n-th weekday of the month (1-4, or -1 for the last).
    week_of_month: int | None = None

    def describe(self) -> str:
        day = WEEKDAYS[self.weekday]
        clock = format_clock(self.at)
        if self.frequency is Frequency.MONTHLY:
            nth = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
            return f"monthly, {nth.get(self.week_of_month or 1, 'first')} {day} at {clock}"
        every = "every" if self.frequency is Frequency.WEEKLY else "every other"
        return f"{every} {day} at {clock}"


@dataclass(kw_only=True)
class Agreement:
    """What each side wants from the relationship, and the phrase either can say to flag
    discomfort (docs/learning-loop.md, "Agreement and cycles"). All of it optional."""

    i_want: str = ""
    partner_wants: str = ""
    reset_phrase: str = ""
    agreed_on: date | None = None


@dataclass(kw_only=True)
class Cycle:
    """A stretch of the partnership that ends in a review: the first starts on the
    partnership's start date and runs `CYCLE_MONTHS` months unless the agreement says otherwise."""

    number: int = 1
    start: date
    months: int = CYCLE_MONTHS
    review_on: date

    @classmethod
    def first(cls, start: date, months: int = CYCLE_MONTHS) -> Cycle:
        return cls(number=1, start=start, months=months, review_on=add_months(start, months))


@dataclass(kw_only=True)
class Partnership:
    """The user and one partner: stance, focus role, cadence history and length."""

    id: int | None = None
    partner_name: str
    stance: Stance
    focus_role: FocusRole
    cadences: list[Cadence]
    session_minutes: int = 45
    start_date: date
    created_at: datetime | None = None
    # Sharing with the partner (docs/share-format.md): my random link id, minted with the
    # first share; the partner's, learnt from the first share imported; when I last shared;
    # and the time of the newest share of theirs imported, so an older one never overwrites it.
    share_link: str = ""
    partner_link: str = ""
    last_shared_at: datetime | None = None
    partner_share_at: datetime | None = None
    agreement: Agreement | None = None
    # The cycle running now (the first one, from `start_date`, when none is given), and
    # the ones before it, oldest first, for a summary of what each gave.
    cycle: Cycle | None = None
    past_cycles: list[Cycle] = field(default_factory=list)
    # The partner's side of their cycles, from their shares (`companion.partner_cycle`).
    partner_cycles: list[PartnerCycle] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.cycle is None:
            self.cycle = Cycle.first(self.start_date)

    @property
    def current_cycle(self) -> Cycle:
        """The cycle running now (typed without None: `__post_init__` always sets one)."""
        return self.cycle or Cycle.first(self.start_date)

    @property
    def cadence(self) -> Cadence:
        """The cadence in force now (the newest one)."""
        return self.cadences[-1]


@dataclass(kw_only=True)
class Settings:
    """App-wide choices: the theme and which partnership is shown."""

    theme: str = "textual-dark"
    current_partnership_id: int | None = None


@dataclass(kw_only=True)
class CheckIn:
    """A dated progress reading on a goal."""

    on: date
    progress: int
    rating: TrackRating
    note: str = ""


@dataclass(kw_only=True)
class StatusChange:
    """When a goal became active, achieved, paused or dropped, and why."""

    on: date
    status: GoalStatus
    reason: str = ""


@dataclass(kw_only=True)
class Goal:
    """What the mentee wants to learn, with both sides' expectations and check-ins."""

    id: int | None = None
    partnership_id: int
    title: str
    why: str = ""
    done_looks_like: str = ""
    target_date: date | None = None
    status: GoalStatus = GoalStatus.ACTIVE
    my_expectation: str = ""
    partner_expectation: str = ""
    first_result_date: date | None = None
    tags: list[str] = field(default_factory=list)
    self_assessment_start: int | None = None
    self_assessment_end: int | None = None
    check_ins: list[CheckIn] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    created_at: datetime | None = None
    # Kept out of anything shared with the partner, with everything that comes from it:
    # its agenda items, check-ins and status changes (docs/trust.md).
    private: bool = False
    # The id both partners know the goal by, minted the first time it is shared
    # (docs/share-format.md).
    shared_id: str = ""
    # Both expectations as they were when their difference last reached an agenda
    # (`expectation_gap`), so the question comes back only when one of them changes.
    expectations_compared: str = ""

    @property
    def progress(self) -> int:
        """Progress is the latest check-in's figure (0 before any check-in)."""
        return self.check_ins[-1].progress if self.check_ins else 0


@dataclass(kw_only=True)
class AgendaItem:
    """One thing to talk about, in a section, with its time box."""

    id: str
    section: Section
    text: str
    minutes: int
    # Where the item came from: "prompt", "goal", "expectations", "action", "note",
    # "carried" (left unfinished last time), "folded" (several combined), "custom",
    # "partner" (proposed in the partner's share; `ref` is the id their share gave it),
    # "plan" (an open plan asking "Did it happen?"; `ref` is its action item's id),
    # "lesson" (a past lesson come back; `ref` is "<session id>:<lesson key>") or
    # "agreement" (the reminder of the reset phrase).
    source: str = "custom"
    ref: str | None = None  # the prompt id, goal id, action id or note id behind it
    private: bool = False
    covered: bool = False
    # For a "folded" item, what it combines, as keys: "note:12", "action:4", "goal:3",
    # "expectations:3", "carried:<text>" (see docs/carry-over.md).
    folded: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class Agenda:
    """The ordered items for one session; ready once the user says so."""

    items: list[AgendaItem] = field(default_factory=list)
    seed: int = 0
    built_at: datetime | None = None
    ready_at: datetime | None = None
    # When a returning lesson was last added (docs/learning-loop.md): only a lesson written
    # since may be added again, so one deleted by hand does not come back.
    lesson_added_at: datetime | None = None


class LessonVerdict(StrEnum):
    STILL_TRUE = "still-true"
    APPLIED = "applied"
    LET_GO = "let-go"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


@dataclass(kw_only=True)
class LessonReturn:
    """A lesson from a reflection that came back on a later agenda, and what the person said
    of it then (docs/learning-loop.md, "Lessons")."""

    lesson: str  # the lesson's key within its reflection (`companion.lessons.lesson_key`)
    text: str  # the lesson as it came back
    session_id: int | None = None  # the session whose agenda it came back on
    on: date
    verdict: LessonVerdict


@dataclass(kw_only=True)
class Reflection:
    """Written after a held session (a draft until saved as final)."""

    learned: str = ""
    will_try: str = ""
    surprised: str = ""
    notes: str = ""
    value: int | None = None
    candour: int | None = None
    tags: list[str] = field(default_factory=list)
    private: bool = False
    is_draft: bool = True
    written_at: datetime | None = None
    updated_at: datetime | None = None
    # Each time one of its lessons came back and was marked (docs/learning-loop.md).
    lesson_returns: list[LessonReturn] = field(default_factory=list)


@dataclass(kw_only=True)
class Session:
    """One meeting, planned from the cadence or added ad hoc."""

    id: int | None = None
    partnership_id: int
    scheduled_at: datetime
    # The cadence occurrence this session fills (None for an ad-hoc session). A rescheduled
    # session keeps its slot, so the cadence does not offer that occurrence a second time.
    slot: datetime | None = None
    # How many times it was moved to another time, back to its slot included, so that a
    # calendar takes every move as a newer version (docs/calendar.md).
    times_moved: int = 0
    state: SessionState = SessionState.PLANNED
    held_at: datetime | None = None
    duration_minutes: int | None = None
    skip_reason: str = ""
    pauses_streak: bool = False
    agenda: Agenda | None = None
    reflection: Reflection | None = None
    created_at: datetime | None = None


@dataclass(kw_only=True)
class PlanAnswer:
    """The answer to "Did it happen?" for a plan, given when a session was held."""

    session_id: int
    on: date
    outcome: PlanOutcome


@dataclass(kw_only=True)
class ActionItem:
    """Something someone will try before a later session."""

    id: int | None = None
    partnership_id: int
    text: str
    owner: Owner = Owner.ME
    due: date | None = None
    done_on: date | None = None
    session_id: int | None = None
    created_at: datetime | None = None
    # Kept out of anything shared with the partner (an action born from a private reflection).
    private: bool = False
    # For an action the partner set in a share, the id their share gave it (docs/share-format.md).
    shared_id: str = ""
    # For a plan ("When X, I will Y"), each held session's answer to "Did it happen?",
    # oldest first (docs/learning-loop.md).
    plan_answers: list[PlanAnswer] = field(default_factory=list)


@dataclass(kw_only=True)
class Note:
    """A thought captured between sessions for the next agenda."""

    id: int | None = None
    partnership_id: int
    text: str
    created_at: datetime
    # Set once the note was brought up in a held session.
    done_at: datetime | None = None
    session_id: int | None = None
