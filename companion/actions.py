"""Action items: what someone will try before a later session, born in a session's reflection.

Open items carry over into the next agenda (`prepare.open_actions` reads them from here).
Every change runs in one `store.transaction()`; validation problems come back as a
`ValidationError` whose `problems` map a field to a message that says what to fix.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from companion import clock
from companion.errors import CompanionError, ValidationError
from companion.models import ActionItem, Owner, Partnership, Session
from companion.store import Store
from companion.validation import FieldError, check_choice, check_date, check_text

ACTION_TEXT_MAX = 500
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
) -> ActionItem:
    """A new open action item; `due` may be typed ("friday", "12 Dec")."""
    now = now or clock.now()
    with store.transaction():
        if store.get(Partnership, partnership_id) is None:
            raise CompanionError("That partnership no longer exists.")
        values = _checked(store, partnership_id, session_id, now.date(), text=text, owner=owner, due=due)
        action = ActionItem(partnership_id=partnership_id, session_id=session_id, created_at=now, **values)
        return store.add(action)


def add_will_try_actions(
    store: Store, session_id: int, *, owner: Owner | str = Owner.ME, due: date | str | None = None,
    now: datetime | None = None,
) -> list[ActionItem]:
    """Action items for each line of the session's "what I will try" that has none yet
    (calling it again after editing the reflection adds only the new lines)."""
    now = now or clock.now()
    with store.transaction():
        session = store.get(Session, session_id)
        if session is None:
            raise CompanionError(f"Session {session_id} no longer exists.")
        will_try = session.reflection.will_try if session.reflection else ""
        existing = {a.text.casefold() for a in store.find(ActionItem, lambda d: d.get("session_id") == session_id)}
        return [
            add_action(store, session.partnership_id, line, owner, due, session_id, now)
            for line in actions_from_will_try(will_try)
            if line.casefold() not in existing
        ]


def edit_action(
    store: Store, action_id: int, *, text: str = _KEEP, owner: Owner | str = _KEEP,
    due: date | str | None = _KEEP, today: date | None = None,
) -> ActionItem:
    """Change an action's text, owner or due date (the fields given), checked as when added."""
    with store.transaction():
        action = _get(store, action_id)
        given = {name: value for name, value in (("text", text), ("owner", owner), ("due", due)) if value is not _KEEP}
        values = _checked(store, action.partnership_id, action.session_id, today or clock.today(), **given)
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

    def open_ids(store: Store) -> list[tuple[int, int]]:
        return [(doc.get("partnership_id"), int(k)) for k, doc in store.docs("actions").items() if not doc.get("done_on")]

    ids = [doc_id for pid, doc_id in store.derived("actions.open", open_ids) if pid == partnership_id]
    actions = [a for a in (store.get(ActionItem, doc_id) for doc_id in ids) if a is not None]
    return sorted(actions, key=lambda a: (a.due is None, a.due or date.max, a.created_at or datetime.min, a.id))


def open_actions_overdue_first(store: Store, partnership: Partnership, today: date) -> list[ActionItem]:
    """Open actions as a to-do list: overdue ones first (most overdue first), then the rest by
    due date, undated ones last."""
    actions = open_actions(store, partnership.id)
    overdue = [a for a in actions if is_overdue(a, today)]
    return overdue + [a for a in actions if not is_overdue(a, today)]


def is_overdue(action: ActionItem, today: date) -> bool:
    return action.done_on is None and action.due is not None and action.due < today


def _checked(
    store: Store, partnership_id: int, session_id: int | None, today: date, **given: Any
) -> dict[str, Any]:
    """The given fields, cleaned, or ValidationError naming each problem."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    if "text" in given:
        try:
            values["text"] = check_text(given["text"], "The action", required=True, limit=ACTION_TEXT_MAX)
        except FieldError as error:
            problems["text"] = f"{error} Say what someone will do, in a line."
    if "owner" in given:
        try:
            values["owner"] = check_choice(given["owner"], Owner, "who owns it")
        except FieldError as error:
            problems["owner"] = str(error)
    session = None
    if session_id is not None:
        session = store.get(Session, session_id)
        if session is None or session.partnership_id != partnership_id:
            problems["session_id"] = f"Session {session_id} no longer exists; add the action without it."
    if "due" in given:
        due = given["due"]
        if isinstance(due, str):
            try:
                due = check_date(due, today, "Due date") if due.strip() else None
            except FieldError as error:
                problems["due"] = str(error)
                due = None
        values["due"] = due
        if due is not None and session is not None:
            day = (session.held_at or session.scheduled_at).date()
            if due < day:
                problems["due"] = (
                    f"The due date is before the session it came from ({day:%a} {day.day} {day:%b %Y}): "
                    "pick that day or later."
                )
    if problems:
        raise ValidationError(problems)
    return values


def _get(store: Store, action_id: int) -> ActionItem:
    action = store.get(ActionItem, action_id)
    if action is None:
        raise CompanionError(f"Action item {action_id} no longer exists (deleted in another window?).")
    return action
