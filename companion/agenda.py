"""Agendas: building one from the prompt banks, and its time boxes.

Editing an agenda is in `agenda_edits`, writing one out in `agenda_text`.

Everything here is a pure function of its arguments: no store, no clock, no Textual.
The invariant every function keeps: the items' time boxes add up exactly to the
session length (each item gets at least one minute).
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from companion.agenda_situation import (
    FOLLOW_UP_TAG,
    RECOVERY_TAG,
    Situation,
    fits_situation,
    goal_review_text,
    narrowed,
)
from companion.banks import Prompt
from companion.carry_over import CARRY_OVER_LEAD, GOALS_LEAD, carry_over_items, fold
from companion.models import (
    ActionItem,
    Agenda,
    AgendaItem,
    Goal,
    Note,
    Partnership,
    Section,
)

SECTION_ORDER = [Section.CHECK_IN, Section.GOALS, Section.CARRY_OVER, Section.EXPLORE, Section.CLOSE]
SECTION_TITLES = {
    Section.CHECK_IN: "Check-in",
    Section.GOALS: "Goals",
    Section.CARRY_OVER: "Carry-over",
    Section.EXPLORE: "Explore",
    Section.CLOSE: "Close",
}
RECENT_SESSIONS = 4
MINUTES_PER_GOAL = 3
MINUTES_OPEN_CLOSE = 4
MINUTES_PER_CARRIED = 3
MINUTES_PER_EXPLORE = 12
DEFAULT_NEW_ITEM_MINUTES = 5


@dataclass
class AgendaInputs:
    """What an agenda is built from."""

    partnership: Partnership
    goals: Sequence[Goal] = ()
    open_actions: Sequence[ActionItem] = ()
    notes: Sequence[Note] = ()
    # Unfinished items of the last held session, carried forward.
    unfinished: Sequence[AgendaItem] = ()
    # Prompt ids used in each of the most recent sessions, newest first.
    recent_prompt_ids: Sequence[Iterable[str]] = ()
    session_minutes: int = 45
    seed: int = 0
    # Goals that need their expectations talked through (no expectation after two sessions).
    goals_needing_expectations: Sequence[Goal] = ()
    # Keys (see `item_keys`) of notes and actions that an earlier agenda kept private.
    private_keys: Collection[str] = ()
    situation: Situation = field(default_factory=Situation)


@dataclass
class PromptPicker:
    """Chooses prompts. Each step narrows the choice only while something is left:
    prompts that suit the situation (`fits_situation`); then ones not used in the last
    sessions; then, preferred, a prompt of the session's own phase, a `recovery` prompt
    after a missed or flat session and a `follow-up` one after a session that left open
    action items (one of each per agenda), and prompts matching the goals' tags."""

    rng: random.Random
    prompts: list[Prompt]
    recent: set[str]
    goal_tags: set[str]
    chosen: set[str] = field(default_factory=set)
    situation: Situation = field(default_factory=Situation)

    def pick(
        self, sections: Iterable[str], banks: Iterable[str] | None = None, prefer_tags: bool = True
    ) -> Prompt | None:
        sections, banks = set(sections), set(banks) if banks is not None else None
        pool = [
            p
            for p in self.prompts
            if p.section in sections and p.id not in self.chosen and (banks is None or p.bank in banks)
        ]
        situation = self.situation
        pool = narrowed(pool, lambda p: fits_situation(p, situation))
        pool = narrowed(pool, lambda p: p.id not in self.recent)
        if situation.phase is not None:
            pool = narrowed(pool, lambda p: p.phase == situation.phase)
        if situation.recovery and not self._has_chosen(RECOVERY_TAG):
            pool = narrowed(pool, lambda p: RECOVERY_TAG in p.tags)
        if situation.follow_up and not self._has_chosen(FOLLOW_UP_TAG):
            pool = narrowed(pool, lambda p: FOLLOW_UP_TAG in p.tags)
        if prefer_tags and self.goal_tags:
            pool = narrowed(pool, lambda p: bool(self.goal_tags.intersection(p.tags)))
        if not pool:
            return None
        prompt = self.rng.choice(sorted(pool, key=lambda p: p.id))
        self.chosen.add(prompt.id)
        return prompt

    def _has_chosen(self, tag: str) -> bool:
        return any(tag in p.tags for p in self.prompts if p.id in self.chosen)

    def pick_tagged(self, section: str, tag: str, bank: str) -> Prompt | None:
        """A prompt of one section carrying `tag`, from one bank (fresh ones first)."""
        pool = [
            p
            for p in self.prompts
            if p.section == section and p.bank == bank and tag in p.tags and p.id not in self.chosen
        ]
        pool = narrowed(pool, lambda p: fits_situation(p, self.situation))
        fresh = [p for p in pool if p.id not in self.recent] or pool
        if not fresh:
            return None
        prompt = self.rng.choice(sorted(fresh, key=lambda p: p.id))
        self.chosen.add(prompt.id)
        return prompt


def build_agenda(inputs: AgendaInputs, prompts: Sequence[Prompt], built_at: datetime | None = None) -> Agenda:
    """A fresh agenda for the next session; the same inputs and seed give the same agenda."""
    rng = random.Random(inputs.seed)
    partnership = inputs.partnership
    usable = [
        p for p in prompts if p.fits(partnership.stance.value) and p.bank in ("common", partnership.focus_role.value)
    ]
    recent = set().union(*[set(ids) for ids in inputs.recent_prompt_ids[:RECENT_SESSIONS]])
    goal_tags = {tag for goal in inputs.goals for tag in goal.tags}
    picker = PromptPicker(rng, usable, recent, goal_tags, situation=inputs.situation)
    items: list[AgendaItem] = []

    opening = picker.pick(["check-in"], prefer_tags=False)
    if opening:
        items.append(_prompt_item(opening, Section.CHECK_IN))
    minutes = inputs.session_minutes
    goal_items = _goal_items(inputs, picker)
    if wants_goals_prompt(goal_items, inputs.situation):
        prompt = picker.pick(["goals"], prefer_tags=False)
        if prompt:  # a question of its own, never folded in with the goals
            items.append(_prompt_item(prompt, Section.GOALS))
    items.extend(fold(goal_items, _room(minutes, 0.3, MINUTES_PER_GOAL), GOALS_LEAD))
    carried = carry_over_items(partnership, inputs.open_actions, inputs.notes, inputs.unfinished, inputs.private_keys)
    items.extend(fold(carried, _room(minutes, 0.25, MINUTES_PER_CARRIED), CARRY_OVER_LEAD))
    for index in range(_explore_count(minutes, items)):
        # The first explore prompt follows the goals' tags; the rest keep some variety.
        prompt = picker.pick(["explore"], prefer_tags=index == 0)
        if prompt:
            items.append(_prompt_item(prompt, Section.EXPLORE))
    closing = picker.pick(["close"], prefer_tags=False)
    if closing:
        items.append(_prompt_item(closing, Section.CLOSE))
    items = _numbered(items[:minutes])  # only a very short session with many goals is cut
    return Agenda(
        items=allocate(items, inputs.session_minutes),
        seed=inputs.seed,
        built_at=built_at,
    )


def wants_goals_prompt(goal_items: list[AgendaItem], situation: Situation) -> bool:
    """Whether the goals section also gets a prompt from the banks: when there are no goals
    to talk about yet, and in a first or closing session, where how you work together and
    what each gained are the goals' business (docs/prompts.md)."""
    return not goal_items or situation.phase in ("first", "closing")


def _prompt_item(prompt: Prompt, section: Section) -> AgendaItem:
    return AgendaItem(id="", section=section, text=prompt.text, minutes=1, source="prompt", ref=prompt.id)


def _goal_items(inputs: AgendaInputs, picker: PromptPicker | None = None) -> list[AgendaItem]:
    items = [
        AgendaItem(
            id="",
            section=Section.GOALS,
            minutes=1,
            source="goal",
            ref=str(goal.id),
            text=_goal_text(goal, inputs.situation),
            private=goal.private,
        )
        for goal in inputs.goals
    ]
    for goal in inputs.goals_needing_expectations:
        # An expectations prompt from the shared bank, tied to the goal that needs it.
        prompt = picker.pick_tagged("goals", "expectations", bank="common") if picker else None
        question = (
            prompt.text
            if prompt
            else "say what each of you expects from it, and by when a first result would feel fair."
        )
        items.append(
            AgendaItem(
                id="",
                section=Section.GOALS,
                minutes=1,
                source="expectations",
                ref=str(goal.id),
                text=f"{goal.title}: {question}",
                private=goal.private,
            )
        )
    return items


def _goal_text(goal: Goal, situation: Situation) -> str:
    """A goal's item: where it stands, or in a closing session its review (docs/learning-loop.md)."""
    if situation.phase == "closing":
        return goal_review_text(goal.title, goal.self_assessment_start)
    return f"{goal.title}: where it stands ({goal.progress}%), and the next small step"


def _room(minutes: int, share: float, per_item: int) -> int:
    """How many items of a section fit in its share of the session."""
    return max(1, int(minutes * share / per_item))


def _explore_count(minutes: int, fixed: list[AgendaItem]) -> int:
    spare = minutes - sum(_weight(item) for item in fixed) - MINUTES_OPEN_CLOSE  # room for the close
    return max(1, min(3, spare // 10))


def _numbered(items: Sequence[AgendaItem]) -> list[AgendaItem]:
    return [replace(item, id=f"i{index}") for index, item in enumerate(items, start=1)]


def in_section_order(items: list[AgendaItem]) -> list[AgendaItem]:
    rank = {section: index for index, section in enumerate(SECTION_ORDER)}
    return sorted(items, key=lambda item: rank[item.section])


# --- time boxes ----------------------------------------------------------------------


def _weight(item: AgendaItem) -> int:
    if item.section is Section.EXPLORE:
        return MINUTES_PER_EXPLORE
    if item.section is Section.GOALS:
        return MINUTES_PER_GOAL
    if item.section is Section.CARRY_OVER:
        return MINUTES_PER_CARRIED
    return MINUTES_OPEN_CLOSE


def allocate(items: Sequence[AgendaItem], total: int) -> list[AgendaItem]:
    """Copies of `items`, each with a time box by weight, adding up exactly to `total`."""
    minutes = split_minutes([_weight(item) for item in items], total)
    return [_timed(item, share) for item, share in zip(items, minutes)]


def _timed(item: AgendaItem, minutes: int) -> AgendaItem:
    """A copy of `item` with another time box, sharing no list with it."""
    return replace(item, minutes=minutes, folded=list(item.folded))


def split_minutes(weights: Sequence[float], total: int) -> list[int]:
    """Whole minutes proportional to `weights`, each at least 1, adding up to `total`
    (largest remainder). Needs len(weights) <= total."""
    count = len(weights)
    if count == 0:
        return []
    if count > total:
        raise ValueError(f"{count} items cannot fit in {total} minutes")
    spare = total - count  # everyone gets 1 first
    weights = [max(w, 0.001) for w in weights]
    raw = [spare * w / sum(weights) for w in weights]
    shares = [int(r) for r in raw]
    leftover = spare - sum(shares)
    by_remainder = sorted(range(count), key=lambda i: (-(raw[i] - shares[i]), i))
    for index in by_remainder[:leftover]:
        shares[index] += 1
    return [share + 1 for share in shares]


def rebalance(items: Sequence[AgendaItem], total: int, fixed_id: str | None = None) -> list[AgendaItem]:
    """Copies of `items` whose time boxes add up to `total` again: every item but
    `fixed_id` is scaled, and that one keeps its minutes as far as the others leave room.

    What is scaled is each item's minutes above its first one, so when the total grows no
    item shrinks, and when it shrinks no item grows."""
    fixed = next((i for i in items if i.id == fixed_id), None)
    others = [i for i in items if i is not fixed]
    kept = 0
    if fixed:
        kept = max(1, min(fixed.minutes, total - len(others))) if others else total
    shares = iter(split_minutes([i.minutes - 1 for i in others], total - kept))
    return [_timed(item, kept if item is fixed else next(shares)) for item in items]


def shift_minutes(items: Sequence[AgendaItem], item_id: str, delta: int) -> list[AgendaItem]:
    """Copies of `items` with `delta` minutes more (or fewer, when negative) on `item_id`;
    the other items make up the difference, so the total stays the same.

    The rule, one minute at a time: a minute the item gains comes from the other item with
    the most minutes (of those tied, the lowest on the agenda); a minute it gives up goes to
    the other item with the fewest (of those tied, the highest on the agenda). Each minute
    moves exactly one other time box by exactly one minute: long items give first, short
    ones get first. ValueError, saying why, when the item would drop below one minute, every
    other item is down to one, or there is no other item."""
    result = [_timed(item, item.minutes) for item in items]
    chosen = next((i for i in result if i.id == item_id), None)
    if chosen is None:
        raise KeyError(f"no agenda item {item_id}")
    others = [i for i in result if i is not chosen]
    if delta and not others:
        raise ValueError("The only item takes the whole session.")
    if chosen.minutes + delta < 1:
        raise ValueError("A time box cannot be shorter than one minute.")
    if delta > sum(i.minutes - 1 for i in others):
        raise ValueError("Every other item is down to one minute; there is no minute left to give.")
    for _ in range(abs(delta)):
        if delta > 0:
            giver = max(reversed(others), key=lambda i: i.minutes)
            giver.minutes -= 1
        else:
            taker = min(others, key=lambda i: i.minutes)
            taker.minutes += 1
    chosen.minutes += delta
    return result


# --- editing (each returns a new Agenda; the caller saves it) ---------------------------


def prompt_ids(agenda: Agenda | None) -> set[str]:
    if agenda is None:
        return set()
    return {item.ref for item in agenda.items if item.source == "prompt" and item.ref}
