"""The whole record as JSON (docs/export-format.md) or as a readable Markdown journal.

Both start from one `Selection`: the records to export, with everything private taken
out unless asked for (docs/trust.md, "Private stays private"), and how many private
things were left out. Private are: agenda items, reflections, goals and action items
marked so, the agenda items a private goal brought (`goal_privacy`), and notes or action
items that an agenda kept private (`carry_over.private_keys`), since their words were
private there. Folded items are private when any part of them
is (docs/carry-over.md), so no private words hide in a shared item.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from companion import agenda_text, reflections
from companion.agenda import SECTION_TITLES
from companion.carry_over import note_ids, private_keys
from companion.codec import TABLES, encode_unpacked, unpacked_from_doc
from companion.datafile import gc_paused
from companion.dates import format_date, format_date_time, format_timestamp
from companion.goal_privacy import from_private_goal, private_goal_keys
from companion.models import ActionItem, Goal, Note, Partnership, Profile, Session, Settings
from companion.store import Store

FORMAT = "companion-export"
VERSION = 1
# The kinds of record an export lists, in this order, by the table that keeps them.
KINDS: dict[str, type] = {TABLES[cls]: cls for cls in (Partnership, Goal, Session, ActionItem, Note)}
SINGLETONS: dict[str, type] = {TABLES[cls]: cls for cls in (Profile, Settings)}


@dataclass
class Selection:
    """What an export holds, and how many private things it left out."""

    include_private: bool
    profile: Profile | None
    settings: Settings | None
    records: dict[str, list[Any]]
    left_out: int
    # Sessions whose reflection was left out as private (their id): the JSON leaves the
    # field out rather than writing null, so an import keeps the reflection it has.
    hidden_reflections: set[int]


def select(store: Store, *, include_private: bool, since: date | None) -> Selection:
    sessions = sorted(store.all(Session), key=lambda s: (s.scheduled_at, s.id or 0))
    records: dict[str, list[Any]] = {
        "partnerships": sorted(store.all(Partnership), key=_by_id),
        "goals": sorted(store.all(Goal), key=_by_id),
        "sessions": sessions,
        "actions": sorted(store.all(ActionItem), key=_by_id),
        "notes": sorted(store.all(Note), key=_by_id),
    }
    if since is not None:
        records = {kind: [r for r in rows if _since(r, since)] for kind, rows in records.items()}
        records["partnerships"] = sorted(store.all(Partnership), key=_by_id)
    left_out = 0
    hidden: set[int] = set()
    if not include_private:
        kept_private = private_keys(s.agenda for s in reversed(sessions))
        private_notes = note_ids(kept_private)
        private_goals = private_goal_keys(store.all(Goal))
        before = len(records["actions"]) + len(records["notes"]) + len(records["goals"])
        records["goals"] = [g for g in records["goals"] if not g.private]
        records["actions"] = [a for a in records["actions"] if not (a.private or f"action:{a.id}" in kept_private)]
        records["notes"] = [n for n in records["notes"] if n.id not in private_notes]
        left_out = before - len(records["actions"]) - len(records["notes"]) - len(records["goals"])
        shared_sessions = []
        for session in records["sessions"]:
            shared, hidden_here = _shared_session(session, private_goals)
            left_out += hidden_here
            if session.reflection is not None and shared.reflection is None:
                hidden.add(session.id or 0)
            shared_sessions.append(shared)
        records["sessions"] = shared_sessions
    return Selection(include_private, store.singleton(Profile), store.singleton(Settings), records, left_out, hidden)


def _by_id(record: Any) -> int:
    return record.id or 0


def _since(record: Any, since: date) -> bool:
    """Whether a record belongs to the days from `since` on (one without a date does)."""
    if isinstance(record, Session):
        return record.scheduled_at.date() >= since
    if isinstance(record, Goal):
        days = [c.on for c in record.check_ins] + [c.on for c in record.status_changes]
        if record.created_at:
            days.append(record.created_at.date())
        return not days or max(days) >= since
    if isinstance(record, ActionItem):
        days = [d for d in (record.created_at and record.created_at.date(), record.due, record.done_on) if d]
        return not days or max(days) >= since
    if isinstance(record, Note):
        return record.created_at.date() >= since or bool(record.done_at and record.done_at.date() >= since)
    return True


def _shared_session(session: Session, private_goals: set[str]) -> tuple[Session, int]:
    """The session without its private agenda items (those from a private goal included)
    and private reflection, and how many things that took out."""
    hidden = 0
    agenda = session.agenda
    if agenda is not None:
        shared = [i for i in agenda_text.shared_items(agenda, False) if not from_private_goal(i, private_goals)]
        hidden += len(agenda.items) - len(shared)
        agenda = replace(agenda, items=shared)
    reflection = session.reflection
    if reflection is not None and reflection.private:
        reflection, hidden = None, hidden + 1
    return replace(session, agenda=agenda, reflection=reflection), hidden


# --- JSON --------------------------------------------------------------------------------------


def export_json(store: Store, *, include_private: bool, since: date | None, now: datetime | None = None) -> dict:
    """Every record as JSON, in the versioned format of docs/export-format.md."""
    from companion import clock

    if include_private and since is None:
        try:
            return whole_json(store, now or clock.now())
        except (TypeError, ValueError, KeyError):
            pass  # a damaged record: the route through records names it (Store._decode)
    return selection_json(select(store, include_private=include_private, since=since), now or clock.now(), since)


def whole_json(store: Store, now: datetime, tables: dict[str, dict[str, Any]] | None = None) -> dict:
    """The same as `selection_json` of everything, built from the stored documents
    without decoding them into records first (a backup of a long history); `tables`
    stands in for some of the stored ones."""
    exported: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": encode_unpacked(now),
        "include_private": True,
        "since": None,
        "private_left_out": 0,
    }
    with gc_paused():
        for name, cls in SINGLETONS.items():
            doc = store.docs(name).get("1")
            exported[name] = None if doc is None else unpacked_from_doc(cls, doc, 1)
        for name, cls in KINDS.items():
            stored = (tables or {}).get(name) or store.docs(name)
            docs = [unpacked_from_doc(cls, doc, int(doc_id)) for doc_id, doc in stored.items()]
            exported[name] = sorted(docs, key=_session_order if cls is Session else _by_doc_id)
    return exported


def _by_doc_id(doc: dict[str, Any]) -> int:
    return doc["id"]


def _session_order(doc: dict[str, Any]) -> tuple[str, int]:
    # Unpacked datetimes are all local ISO to the second, which sort as their text.
    return doc["scheduled_at"], doc["id"]


def selection_json(selection: Selection, now: datetime, since: date | None) -> dict:
    exported: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": encode_unpacked(now),
        "include_private": selection.include_private,
        "since": encode_unpacked(since),
        "private_left_out": selection.left_out,
        "profile": encode_unpacked(selection.profile),
        "settings": encode_unpacked(selection.settings),
    }
    for kind, rows in selection.records.items():
        docs = [encode_unpacked(record) for record in rows]
        if kind == "sessions":
            for doc in docs:
                if doc["id"] in selection.hidden_reflections:
                    del doc["reflection"]
        exported[kind] = docs
    return exported


# --- Markdown ----------------------------------------------------------------------------------


def export_markdown(store: Store, *, include_private: bool, since: date | None, now: datetime | None = None) -> str:
    """A journal a person can read: every session, then the goals and their check-ins."""
    from companion import clock

    return markdown_text(store, include_private=include_private, since=since, now=now or clock.now())[0]


def markdown_text(store: Store, *, include_private: bool, since: date | None, now: datetime) -> tuple[str, int]:
    """The Markdown journal, and how many private things it left out."""
    with gc_paused():  # many records and lines built at once: see gc_paused
        selection = select(store, include_private=include_private, since=since)
        text, left_out = selection_markdown(selection, now), selection.left_out
        del selection  # dropped while paused, so no collection walks the records after
    return text, left_out


def selection_markdown(selection: Selection, now: datetime) -> str:
    partners = {p.id: p for p in selection.records["partnerships"]}
    lines = ["# Companion journal", "", f"Exported {format_timestamp(now)}."]
    if selection.left_out:
        lines.append(f"{_things(selection.left_out)} marked private left out.")
    actions: dict[int | None, list[ActionItem]] = {}
    for action in selection.records["actions"]:
        actions.setdefault(action.session_id, []).append(action)
    lines += ["", "## Sessions", ""]
    if not selection.records["sessions"]:
        lines += ["No sessions.", ""]
    for session in selection.records["sessions"]:
        lines += session_lines(session, partners.get(session.partnership_id), actions.get(session.id, []))
    lines += ["## Goals", ""]
    if not selection.records["goals"]:
        lines += ["No goals.", ""]
    for goal in selection.records["goals"]:
        lines += goal_lines(goal, partners.get(goal.partnership_id))
    return "\n".join(lines).rstrip() + "\n"


def _things(count: int) -> str:
    return "1 thing" if count == 1 else f"{count} things"


def session_lines(session: Session, partner: Partnership | None, actions: list[ActionItem]) -> list[str]:
    name = partner.partner_name if partner else "a partner no longer listed"
    when = format_date_time(session.scheduled_at)
    lines = [f"### {when}, with {name}", "", f"**State:** {session.state.value}"]
    if session.held_at:
        held = when if session.held_at == session.scheduled_at else format_date_time(session.held_at)
        lines.append(f"**Held:** {held}")
    if session.skip_reason:
        lines.append(f"**Reason:** {session.skip_reason}")
    lines.append("")
    if session.agenda and session.agenda.items:
        lines += ["#### Agenda", ""]
        for section, items in agenda_text.sections(session.agenda):
            lines += [f"*{SECTION_TITLES[section]}*", ""]
            lines += map(agenda_text.list_item, items)
            lines.append("")
    if session.reflection:
        text = reflections.to_markdown(session.reflection)
        lines += [text.replace("## Reflection", "#### Reflection", 1), ""]
    if actions:
        lines += ["#### Action items", ""]
        lines += [action_line(action) for action in actions]
        lines.append("")
    return lines


def action_line(action: ActionItem) -> str:
    done = "x" if action.done_on else " "
    details = [f"owner: {action.owner.value}"]
    if action.due:
        details.append(f"due {format_date(action.due)}")
    if action.done_on:
        details.append(f"done {format_date(action.done_on)}")
    private = " *(private)*" if action.private else ""
    return f"- [{done}] {action.text} ({', '.join(details)}){private}"


def goal_lines(goal: Goal, partner: Partnership | None) -> list[str]:
    private = " *(private)*" if goal.private else ""
    lines = [f"### {goal.title} ({goal.status.value}){private}", ""]
    if partner:
        lines.append(f"**With:** {partner.partner_name}")
    for label, text in (("Why", goal.why), ("Done looks like", goal.done_looks_like)):
        if text.strip():
            lines.append(f"**{label}:** {text}")
    if goal.target_date:
        lines.append(f"**Target:** {format_date(goal.target_date)}")
    if goal.tags:
        lines.append(f"**Tags:** {', '.join(goal.tags)}")
    lines.append("")
    history = [(c.on, f"{c.progress}%, {c.rating.value}" + (f": {c.note}" if c.note else "")) for c in goal.check_ins]
    history += [(c.on, f"became {c.status.value}" + (f": {c.reason}" if c.reason else "")) for c in goal.status_changes]
    if history:
        lines += ["#### History", ""]
        lines += [f"- {format_date(on)}: {what}" for on, what in sorted(history, key=lambda pair: pair[0])]
        lines.append("")
    return lines
