"""What the History screen lists and opens: every stored session of a partnership (or of
all), newest first, with a one-line summary; and any record in Markdown, private parts
included and marked, since it is the person's own data shown to them (docs/trust.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from companion.dates import format_date
from companion.export import action_line, goal_lines, session_lines
from companion.models import ActionItem, Goal, Note, Partnership, Session
from companion.reflections import RATINGS
from companion.search import NO_FILTERS, Entry, Filters
from companion.search_text import fold

if TYPE_CHECKING:
    from companion.store import Store

SUMMARY_WIDTH = 120


@dataclass(frozen=True)
class SessionRow:
    """One session as the History list shows it."""

    session: Session
    partner: str
    private: bool
    ratings: str  # "value 4/5, candour 3/5", or ""
    tags: str
    summary: str


def has_private(session: Session) -> bool:
    """Whether any part of the session is private: an agenda item or the reflection."""
    items = session.agenda.items if session.agenda else []
    return any(item.private for item in items) or bool(session.reflection and session.reflection.private)


def summary(session: Session) -> str:
    """A short line about the session: what was learned, else the agenda's first items."""
    if session.reflection and session.reflection.learned.strip():
        return session.reflection.learned.strip().splitlines()[0][:SUMMARY_WIDTH]
    items = [item.text.strip().splitlines()[0] for item in (session.agenda.items if session.agenda else [])]
    return "; ".join(text for text in items if text)[:SUMMARY_WIDTH]


def ratings(session: Session) -> str:
    reflection = session.reflection
    if reflection is None:
        return ""
    return ", ".join(f"{name} {rating}/5" for name in RATINGS if (rating := getattr(reflection, name)))


def session_rows(store: Store, partnership_id: int | None, filters: Filters | None = None) -> list[SessionRow]:
    """The stored sessions of `partnership_id` (None: of every partnership), newest first,
    narrowed by `filters` (a reflection's tag, the day it was held or planned for, private)."""
    filters = filters or NO_FILTERS
    private_only = filters.private_only
    names = {p.id: p.partner_name for p in store.all(Partnership)}
    sessions = [
        s
        for s in store.all(Session)
        if (partnership_id is None or s.partnership_id == partnership_id) and _kept(s, filters)
    ]
    sessions.sort(key=lambda s: (s.held_at or s.scheduled_at, s.id or 0), reverse=True)
    return [
        SessionRow(
            session,
            names.get(session.partnership_id, "?"),
            has_private(session),
            ratings(session),
            ", ".join(session.reflection.tags) if session.reflection else "",
            summary(session),
        )
        for session in sessions
        if not private_only or has_private(session)
    ]


def _kept(session: Session, filters: Filters) -> bool:
    day = (session.held_at or session.scheduled_at).date()
    tags = {fold(tag) for tag in session.reflection.tags} if session.reflection else set()
    return (
        (filters.since is None or day >= filters.since)
        and (filters.until is None or day <= filters.until)
        and (filters.tag is None or filters.folded_tag in tags)
    )


def partner_name(store: Store, partnership_id: int) -> str:
    partnership = store.get(Partnership, partnership_id)
    return partnership.partner_name if partnership else "a partner no longer listed"


def session_markdown(store: Store, session_id: int) -> str:
    """The whole session (agenda, reflection, action items), private parts marked."""
    session = store.get(Session, session_id)
    if session is None:
        return "This session is no longer stored."
    partner = store.get(Partnership, session.partnership_id)
    actions = [a for a in store.all(ActionItem) if a.session_id == session_id]
    return "\n".join(session_lines(session, partner, actions)).rstrip() + "\n"


def entry_markdown(store: Store, entry: Entry) -> str:
    """The record a search result belongs to, in Markdown."""
    if entry.kind == "session":
        return session_markdown(store, entry.record_id)
    private = " *(private)*" if entry.private else ""
    if entry.kind == "goal":
        goal = store.get(Goal, entry.record_id)
        if goal is not None:
            return "\n".join(goal_lines(goal, store.get(Partnership, goal.partnership_id))).rstrip() + "\n"
    if entry.kind == "action":
        action = store.get(ActionItem, entry.record_id)
        if action is not None:
            heading = f"### Action item, with {partner_name(store, action.partnership_id)}"
            return f"{heading}{private}\n\n{action_line(action)}\n"
    if entry.kind == "note":
        note = store.get(Note, entry.record_id)
        if note is not None:
            heading = f"### Note of {format_date(entry.on)}, for {partner_name(store, note.partnership_id)}"
            return f"{heading}{private}\n\n{note.text}\n"
    return "This record is no longer stored."
