"""A share file for the partner (docs/share-format.md): what I bring to our next session,
as Markdown a person without Companion can read, with the same content for their
Companion in one fenced `companion-share` block of JSON.

Nothing private goes in, in any form (docs/trust.md, "Private stays private"): private
agenda items and those a private goal brought (`goal_privacy`), private goals, private
actions and those an agenda kept private (`carry_over.private_keys`), private or draft
reflections.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from companion import schedule
from companion.actions import open_actions
from companion.agenda import SECTION_ORDER, SECTION_TITLES
from companion.agreement import SOURCE as AGREEMENT_SOURCE
from companion.carry_over import private_keys
from companion.dates import format_date, format_date_time, format_timestamp
from companion.goal_privacy import from_private_goal, private_goal_keys
from companion.goals import active_goals
from companion.models import Goal, Owner, Partnership, Profile, Section, Session
from companion.partner_cycle import PartnerCycle
from companion.sessions import sessions_near
from companion.store import Store

FORMAT = "companion-share"
VERSION = 2  # 2: the optional "cycle" object, my side of a cycle's summary
FENCE = "```" + FORMAT
# Agenda items a person wrote: the ones a share proposes for the partner's agenda.
PROPOSED_SOURCES = ("custom", "note")
# "What I will try" on the first share: the lines of the reflections of these last days.
FIRST_SHARE_DAYS = 30
WILL_TRY_MAX = 50
TEXT_MAX = 2000  # characters of one text; a reader refuses a longer one (share_read)


@dataclass
class ShareItem:
    id: str
    section: Section
    text: str
    minutes: int
    proposed: bool


@dataclass
class ShareGoal:
    id: str
    title: str
    expectation: str
    first_result: date | None


@dataclass
class ShareAction:
    id: str
    text: str
    owner: Owner  # from the writer's side: PARTNER (the reader) or BOTH
    due: date | None


@dataclass
class Share:
    made_at: datetime
    from_name: str
    from_link: str
    to_name: str
    to_link: str  # empty until the writer imported a share of the reader's
    session_at: datetime | None = None
    session_minutes: int = 0
    agenda: list[ShareItem] = field(default_factory=list)
    goals: list[ShareGoal] = field(default_factory=list)
    actions: list[ShareAction] = field(default_factory=list)
    will_try: list[str] = field(default_factory=list)
    # My side of the cycle's summary, from shareable facts only; added by the caller that
    # writes the file (`record_files.share_payload`, through `companion.cycle_share`).
    cycle: PartnerCycle | None = None


def new_id() -> str:
    return secrets.token_hex(8)


def ensure_share_ids(store: Store, partnership: Partnership) -> Partnership:
    """Mint the partnership's link id and its shared goals' ids, the first time they are shared."""
    assert partnership.id is not None  # a stored partnership
    with store.transaction():
        fresh = store.get(Partnership, partnership.id) or partnership
        if not fresh.share_link:
            fresh.share_link = new_id()
            store.update(Partnership, partnership.id, share_link=fresh.share_link)
        for goal in active_goals(store, partnership.id):
            if not goal.private and not goal.shared_id:
                assert goal.id is not None  # read from the store
                store.update(Goal, goal.id, shared_id=new_id())
    return fresh


def build_share(store: Store, partnership: Partnership, now: datetime) -> Share:
    """What I share with the partner now; mints the ids it needs (`ensure_share_ids`)."""
    partnership = ensure_share_ids(store, partnership)
    assert partnership.id is not None  # a stored partnership
    profile = store.singleton(Profile)
    goals = store.find(Goal, lambda doc: doc.get("partnership_id") == partnership.id)
    hidden_goal_keys = private_goal_keys(goals)
    candidates = [
        a for a in open_actions(store, partnership.id) if a.owner is not Owner.ME and not a.private and not a.shared_id
    ]
    since = partnership.last_shared_at or now - timedelta(days=FIRST_SHARE_DAYS)
    earliest = min([since] + [a.created_at or datetime.min for a in candidates])
    start = (
        earliest - timedelta(days=FIRST_SHARE_DAYS) if earliest > datetime.min + timedelta(days=365) else datetime.min
    )
    recent = _sessions_from(store, partnership.id, start)
    kept_private = private_keys(s.agenda for s in recent)
    share = Share(
        made_at=now,
        from_name=profile.name if profile else "",
        from_link=partnership.share_link,
        to_name=partnership.partner_name,
        to_link=partnership.partner_link,
        actions=[
            ShareAction(f"{partnership.share_link}-a{a.id}", clip(a.text), a.owner, a.due)
            for a in candidates
            if f"action:{a.id}" not in kept_private
        ],
        will_try=_will_try(recent, since),
        goals=[
            ShareGoal(g.shared_id, clip(g.title), clip(g.my_expectation), g.first_result_date)
            for g in active_goals(store, partnership.id)
            if not g.private and g.shared_id
        ],
    )
    upcoming = schedule.next_session(partnership, sessions_near(store, partnership, now), now)
    if upcoming is not None:
        share.session_at = upcoming.scheduled_at
        share.session_minutes = upcoming.duration_minutes or partnership.session_minutes
        key = upcoming.scheduled_at.date().isoformat()
        for item in upcoming.agenda.items if upcoming.agenda else ():
            # The agreement stays between the two of you and your own file (docs/learning-loop.md).
            if item.private or from_private_goal(item, hidden_goal_keys) or item.source == AGREEMENT_SOURCE:
                continue
            proposed = item.source in PROPOSED_SOURCES
            share.agenda.append(ShareItem(f"{key}-{item.id}", item.section, clip(item.text), item.minutes, proposed))
    return share


def clip(text: str) -> str:
    """`text` cut to what a reader accepts (a will-try line may be longer than any field),
    so one long line never makes the partner's Companion refuse the whole share."""
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1].rstrip() + "…"


def _sessions_from(store: Store, partnership_id: int, start: datetime) -> list[Session]:
    """The partnership's sessions scheduled from `start` on, newest first."""
    cutoff = start.isoformat(timespec="seconds") if start > datetime.min else ""
    found = store.find(
        Session, lambda doc: doc.get("partnership_id") == partnership_id and str(doc.get("scheduled_at")) >= cutoff
    )
    return sorted(found, key=lambda s: s.scheduled_at, reverse=True)


def _will_try(sessions: list[Session], since: datetime) -> list[str]:
    """My shared "what I will try" lines written since `since`, oldest first."""
    lines: list[str] = []
    for session in reversed(sessions):
        reflection = session.reflection
        if reflection is None or reflection.private or reflection.is_draft:
            continue
        written = reflection.updated_at or reflection.written_at
        if written is None or written <= since:
            continue
        lines += [clip(line.strip()) for line in reflection.will_try.splitlines() if line.strip()]
    return lines[-WILL_TRY_MAX:]


# --- the file ---------------------------------------------------------------------------------


def share_json(share: Share) -> dict[str, Any]:
    """The machine-readable part (docs/share-format.md)."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "format": FORMAT,
        "version": VERSION,
        "made_at": share.made_at.isoformat(timespec="seconds"),
        "from": {"name": share.from_name, "link": share.from_link},
        "to": {"name": share.to_name, "link": share.to_link or None},
        "session": {"at": share.session_at.isoformat(timespec="seconds"), "minutes": share.session_minutes}
        if share.session_at
        else None,
        "agenda": [
            {"id": i.id, "section": i.section.value, "text": i.text, "minutes": i.minutes, "proposed": i.proposed}
            for i in share.agenda
        ],
        "goals": [
            {"id": g.id, "title": g.title, "expectation": g.expectation, "first_result": day(g.first_result)}
            for g in share.goals
        ],
        "actions": [{"id": a.id, "text": a.text, "owner": a.owner.value, "due": day(a.due)} for a in share.actions],
        "will_try": list(share.will_try),
        "cycle": cycle_json(share.cycle) if share.cycle else None,
    }


def cycle_json(side: PartnerCycle) -> dict[str, Any]:
    """The `cycle` object (docs/share-format.md, "The cycle")."""
    return {
        "number": side.number,
        "start": side.start.isoformat(),
        "end": side.end.isoformat(),
        "review_on": side.review_on.isoformat(),
        "so_far": side.so_far,
        "held": side.held,
        "goals_achieved": [{"title": g.title, "start": g.start, "end": g.end} for g in side.goals_achieved],
        "candour": {"count": side.candour.count, "average": side.candour.average} if side.candour else None,
        "value": {"count": side.value.count, "average": side.value.average} if side.value else None,
        "plans_happened": list(side.plans_happened),
        "lessons_still_true": list(side.lessons_still_true),
    }


def cycle_side_lines(side: PartnerCycle) -> list[str]:
    """One side of a cycle as Markdown, under a heading the caller writes: the share's
    "My side of cycle 1" and the partner's part of my cycle summary. Every line of a
    person's words is indented (see `_indented`)."""
    so_far = ", so far" if side.so_far else ""
    span = f"{format_date(side.start)} to {format_date(side.end)}{so_far} (review on {format_date(side.review_on)})."
    lines = [span, "", f"- Sessions held: {side.held}"]
    for label, rating in (("Candour", side.candour), ("Value of the sessions", side.value)):
        if rating is not None:
            ratings = "rating" if rating.count == 1 else "ratings"
            lines.append(f"- {label}: {rating.average:.1f}/5 on average over {rating.count} {ratings}")
    lines.append("")
    achieved = [
        f"- {_indented(g.title)}: self-assessment {_achieved_words(g.start, g.end)}" for g in side.goals_achieved
    ]
    for title, found in (
        ("Goals achieved", achieved),
        ("Plans that happened", [f"- {_indented(line)}" for line in side.plans_happened]),
        ("Lessons still true", [f"- {_indented(line)}" for line in side.lessons_still_true]),
    ):
        lines += [f"### {title}", "", *found, ""] if found else []
    return lines


def _achieved_words(start: int | None, end: int | None) -> str:
    def rated(value: int | None) -> str:
        return f"{value}/5" if value is not None else "not rated"

    return f"{rated(start)} at the start, {rated(end)} at the end"


def _indented(text: str, prefix: str = "  ") -> str:
    """Text for a list item: every line after the first indented, so that no line of a
    person's words can start a fence of its own (the reader looks for the block's fence)."""
    return text.replace("\r", "").replace("\n", "\n" + prefix)


def share_text(share: Share) -> str:
    """The share file: Markdown for a person, then the fenced block for Companion."""
    sender = share.from_name or "your partner"
    lines = [f"# From {sender} to {share.to_name}", "", f"Shared {format_timestamp(share.made_at)} from Companion.", ""]
    if share.session_at:
        lines += [f"## Our next session: {format_date_time(share.session_at)} ({share.session_minutes} min)", ""]
        for section in SECTION_ORDER:
            items = [i for i in share.agenda if i.section is section]
            if items:
                lines += [f"### {SECTION_TITLES[section]}", ""]
                lines += [f"- {_indented(i.text)} ({i.minutes} min)" for i in items]
                lines.append("")
    proposed = [i for i in share.agenda if i.proposed]
    if proposed:
        lines += ["## Items I propose", ""] + [f"- {_indented(i.text)}" for i in proposed] + [""]
    if share.goals:
        lines += ["## Our goals", ""]
        for goal in share.goals:
            lines.append(f"- **{_indented(goal.title)}**")
            if goal.expectation.strip():
                lines.append(f"  - I expect: {_indented(goal.expectation, '    ')}")
            if goal.first_result:
                lines.append(f"  - First result by {format_date(goal.first_result)}")
        lines.append("")
    if share.actions:
        lines += ["## Action items for you", ""]
        for action in share.actions:
            who = "you" if action.owner is Owner.PARTNER else "both of us"
            due = f", due {format_date(action.due)}" if action.due else ""
            lines.append(f"- {_indented(action.text)} ({who}{due})")
        lines.append("")
    if share.will_try:
        lines += ["## What I will try", ""] + [f"- {_indented(line)}" for line in share.will_try] + [""]
    if share.cycle:
        lines += [f"## My side of cycle {share.cycle.number}", "", *cycle_side_lines(share.cycle)]
    block = json.dumps(share_json(share), indent=1, ensure_ascii=False)
    lines += ["For Companion (`companion import` reads this part):", "", FENCE, block, "```", ""]
    return "\n".join(lines)
