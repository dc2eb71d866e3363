"""Action items: what someone will try before a later session, born in a session's reflection.

Open items carry over into the next agenda (`prepare.open_actions` reads them from here).
Every change runs in one `store.transaction()`; validation problems come back as a
`ValidationError` whose `problems` map a field to a message that says what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from companion import clock, schedule
from companion.dates import format_date
from companion.errors import CompanionError, ValidationError
from companion.models import ActionItem, Owner, Partnership, Session
from companion.sessions import sessions_near
from companion.store import Store
from companion.validation import FieldError, check_choice, check_date, check_text, collect

ACTION_TEXT_MAX = 500
DEFAULT_DUE_DAYS = 7  # offered for new actions when no next session can be computed
View = Literal["open", "done", "all"]
_KEEP: Any = object()  # "leave this field as it is" in edit_action

# A list marker at the start of a line: "- ", "* ", "+ ", "• ", "1. ", "2) ", then an
# optional checkbox "[ ]", "[x]".
_BULLET = re.compile(r"^(?:(?:[-*+•‣◦–]|\d{1,3}[.)])(?:\s+|$))?(?:\[[ xX]?\](?:\s+|$))?")


def actions_from_will_try(text: str) -> list[str]:
    """One action text per non-empty line of "what I will try", without list markers or
    checkboxes; a line repeated (ignoring case) gives one action."""
    found: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        cleaned = " ".join(_BULLET.sub("", line.strip(), count=1).split())
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            found.append(cleaned)
    return found


def add_action(
    store: Store,
    partnership_id: int,
    text: str,
    owner: Owner | str = Owner.ME,
    due: date | str | None = None,
    session_id: int | None = None,
    now: datetime | None = None,
    private: bool = False,
) -> ActionItem:
    """A new open action item; `due` may be typed ("friday", "12 Dec"). A private one is
    kept out of anything shared with the partner (its agenda items are private)."""
    now = now or clock.now()
    with store.transaction():
        if store.get(Partnership, partnership_id) is None:
            raise CompanionError("That partnership no longer exists.")
        values = _checked(store, partnership_id, session_id, now.date(), text=text, owner=owner, due=due)
        action = ActionItem(
            partnership_id=partnership_id, session_id=session_id, created_at=now, private=bool(private), **values
        )
        return store.add(action)


def edit_action(
    store: Store,
    action_id: int,
    *,
    text: str = _KEEP,
    owner: Owner | str = _KEEP,
    due: date | str | None = _KEEP,
    private: bool = _KEEP,
    today: date | None = None,
) -> ActionItem:
    """Change an action's text, owner, due date or privacy (the fields given), checked as when added."""
    with store.transaction():
        action = _get(store, action_id)
        given = {name: value for name, value in (("text", text), ("owner", owner), ("due", due)) if value is not _KEEP}
        values = _checked(store, action.partnership_id, action.session_id, today or clock.today(), **given)
        if private is not _KEEP:
            values["private"] = bool(private)
        store.update(ActionItem, action_id, **values)
        return _get(store, action_id)


def complete_action(store: Store, action_id: int, on: date | None = None) -> ActionItem:
    """Mark an action done (today unless `on` says otherwise)."""
    with store.transaction():
        _get(store, action_id)
        store.update(ActionItem, action_id, done_on=on or clock.today())
        return _get(store, action_id)


def reopen_action(store: Store, action_id: int) -> ActionItem:
    """An action marked done by mistake is open again."""
    with store.transaction():
        _get(store, action_id)
        store.update(ActionItem, action_id, done_on=None)
        return _get(store, action_id)


def delete_action(store: Store, action_id: int) -> None:
    with store.transaction():
        _get(store, action_id)
        store.delete(ActionItem, action_id)


def open_actions(store: Store, partnership_id: int) -> list[ActionItem]:
    """Action items not done yet: by due date, undated ones last (oldest first)."""

    def open_ids(store: Store) -> list[tuple[int | None, int]]:
        return [
            (doc.get("partnership_id"), int(k)) for k, doc in store.docs("actions").items() if not doc.get("done_on")
        ]

    ids = [doc_id for pid, doc_id in store.derived("actions.open", open_ids) if pid == partnership_id]
    actions = [a for a in (store.get(ActionItem, doc_id) for doc_id in ids) if a is not None]
    return sorted(actions, key=lambda a: (a.due is None, a.due or date.max, a.created_at or datetime.min, a.id))


def open_actions_overdue_first(store: Store, partnership: Partnership, today: date) -> list[ActionItem]:
    """Open actions as a to-do list: overdue ones first (most overdue first), then the rest by
    due date, undated ones last."""
    assert partnership.id is not None  # a stored partnership
    actions = open_actions(store, partnership.id)
    overdue = [a for a in actions if is_overdue(a, today)]
    return overdue + [a for a in actions if not is_overdue(a, today)]


def is_overdue(action: ActionItem, today: date) -> bool:
    return action.done_on is None and action.due is not None and action.due < today


# --- for screens: listing, checking and reading action items ----------------------------


def check_action(
    store: Store,
    partnership_id: int,
    *,
    session_id: int | None = None,
    today: date | None = None,
    **given: Any,
) -> dict[str, Any]:
    """The given fields (any of text, owner, due) cleaned as `add_action` would store them,
    or ValidationError; nothing is written (a form checks itself with this as you type)."""
    return _checked(store, partnership_id, session_id, today or clock.today(), **given)


def done_actions(store: Store, partnership_id: int) -> list[ActionItem]:
    """Action items that are done, the most recently done first."""
    done = store.find(ActionItem, lambda d: d.get("partnership_id") == partnership_id and bool(d.get("done_on")))
    return sorted(done, key=lambda a: (a.done_on, a.id), reverse=True)


def listed_actions(store: Store, partnership: Partnership, today: date, show: View = "open") -> list[ActionItem]:
    """What the actions screen lists: open items overdue first, done items latest first,
    or both (open ones above)."""
    shown: list[ActionItem] = []
    if show in ("open", "all"):
        shown += open_actions_overdue_first(store, partnership, today)
    if show in ("done", "all"):
        assert partnership.id is not None  # a stored partnership
        shown += done_actions(store, partnership.id)
    return shown


def has_actions(store: Store, partnership_id: int) -> bool:
    """Whether the partnership has any action item at all, open or done."""
    return any(doc.get("partnership_id") == partnership_id for doc in store.docs("actions").values())


def session_day(session: Session) -> date:
    """The day of a session as its action items name it: the day it was held, else the
    day it was planned for."""
    return (session.held_at or session.scheduled_at).date()


def origin_day(store: Store, action: ActionItem) -> date | None:
    """The day of the session an action came from; None for one added by hand, or when
    that session is gone."""
    session = store.get(Session, action.session_id) if action.session_id is not None else None
    return session_day(session) if session else None


def origin_days(store: Store, actions: Iterable[ActionItem]) -> dict[int, date | None]:
    """`origin_day` of each action that came from a session, by session id (each session
    read once)."""
    days: dict[int, date | None] = {}
    for action in actions:
        if action.session_id is not None and action.session_id not in days:
            days[action.session_id] = origin_day(store, action)
    return days


def due_text(action: ActionItem, today: date) -> str:
    """When an open item is due, in words ("3 d overdue", "due today", "tomorrow",
    "in 5 d", "no date"); for a done item, the date it was due."""
    if action.due is None:
        return "no date"
    if action.done_on is not None:
        return format_date(action.due, weekday=False)
    days = (action.due - today).days
    if days < 0:
        return f"{-days} d overdue"
    if days == 0:
        return "due today"
    return "tomorrow" if days == 1 else f"in {days} d"


def owner_label(owner: Owner, partner_name: str) -> str:
    """Who owns an action, as a person reads it: "me", the partner's name, or "both"."""
    return partner_name if owner is Owner.PARTNER else owner.value


def suggested_due(store: Store, partnership: Partnership, now: datetime) -> date:
    """The due date to offer for actions born in a session: the next session's day, so
    they are done by the time you meet again; a week from today if none is scheduled."""
    upcoming = schedule.next_session(partnership, sessions_near(store, partnership, now), now)
    if upcoming is None or upcoming.scheduled_at.date() < now.date():
        return now.date() + timedelta(days=DEFAULT_DUE_DAYS)
    return upcoming.scheduled_at.date()


def session_action_texts(store: Store, session_id: int) -> set[str]:
    """The texts (case-folded) of the action items that came from a session."""
    return {a.text.casefold() for a in store.find(ActionItem, lambda d: d.get("session_id") == session_id)}


@dataclass(frozen=True)
class PlannedAction:
    """A line of "what I will try" as it is to become an action item: its own owner and due
    date (`due` may be typed, "friday")."""

    text: str
    owner: Owner | str = Owner.ME
    due: date | str | None = None


def add_planned_actions(
    store: Store, session_id: int, planned: Iterable[PlannedAction], *, now: datetime | None = None
) -> list[ActionItem]:
    """Action items for the chosen lines of a session's "what I will try", each with its own
    owner and due date, in one save: all of them or, on a problem, none. A line the session
    already has an action for is not added twice. They are private when the reflection is."""
    now = now or clock.now()
    with store.transaction():
        session = store.get(Session, session_id)
        if session is None:
            raise CompanionError(f"Session {session_id} no longer exists.")
        existing = session_action_texts(store, session_id)
        created: list[ActionItem] = []
        for plan in planned:
            if plan.text.strip().casefold() in existing:
                continue
            created.append(
                add_action(
                    store, session.partnership_id, plan.text, plan.owner, plan.due, session_id, now, _private(session)
                )
            )
            existing.add(created[-1].text.casefold())
        return created


def add_session_actions(
    store: Store,
    session_id: int,
    texts: Iterable[str],
    *,
    owner: Owner | str = Owner.ME,
    due: date | str | None = None,
    now: datetime | None = None,
) -> list[ActionItem]:
    """`add_planned_actions` with one owner and due date for every line."""
    return add_planned_actions(store, session_id, [PlannedAction(text, owner, due) for text in texts], now=now)


def follow_reflection_privacy(store: Store, session_id: int, private: bool) -> int:
    """Give the actions born from a session's reflection the reflection's privacy (after it
    was marked private or shared again). Returns how many changed."""
    changed = 0
    with store.transaction():
        for action in store.find(ActionItem, lambda d: d.get("session_id") == session_id):
            assert action.id is not None  # read from the store
            if action.private != private:
                store.update(ActionItem, action.id, private=private)
                changed += 1
    return changed


def _private(session: Session) -> bool:
    """Whether actions born from this session's reflection are private."""
    return bool(session.reflection and session.reflection.private)


def _checked(store: Store, partnership_id: int, session_id: int | None, today: date, **given: Any) -> dict[str, Any]:
    """The given fields, cleaned, or ValidationError naming each problem."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    if "text" in given:
        try:
            values["text"] = check_text(given["text"], "The action", required=True, limit=ACTION_TEXT_MAX)
        except FieldError as error:
            problems["text"] = f"{error} Say what someone will do, in a line."
    if "owner" in given:
        values["owner"] = collect(problems, "owner", lambda: check_choice(given["owner"], Owner, "who owns it"))
    session = None
    if session_id is not None:
        session = store.get(Session, session_id)
        if session is None or session.partnership_id != partnership_id:
            problems["session_id"] = f"Session {session_id} no longer exists; add the action without it."
    if "due" in given:
        due = given["due"]
        if isinstance(due, str):
            text = due
            due = collect(problems, "due", lambda: check_date(text, today, "Due date")) if text.strip() else None
        values["due"] = due
        if due is not None and session is not None:
            day = session_day(session)
            if due < day:
                problems["due"] = (
                    f"The due date is before the session it came from ({format_date(day)}): pick that day or later."
                )
    if problems:
        raise ValidationError(problems)
    return values


def _get(store: Store, action_id: int) -> ActionItem:
    action = store.get(ActionItem, action_id)
    if action is None:
        raise CompanionError(f"Action item {action_id} no longer exists (deleted in another window?).")
    return action
