"""Notes: thoughts captured between sessions that land in the next agenda."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from companion import carry_over, schedule
from companion.errors import CompanionError
from companion.models import Agenda, Note, Partnership, Session, SessionState
from companion.partnerships import require_partnership
from companion.sessions import sessions_near, stored_id
from companion.store import Store
from companion.validation import FieldError, check_text

NOTE_MAX = 2000


def check_note_text(text: str) -> str:
    try:
        return check_text(text, "A note", required=True, limit=NOTE_MAX)
    except FieldError as error:
        raise CompanionError(str(error)) from None


def add_note(
    store: Store, text: str, now: datetime, partnership: Partnership | None = None
) -> tuple[Note, Partnership, Session | None]:
    """Store a note for the next session of `partnership` (the current one when not given),
    which is returned too."""
    cleaned = check_note_text(text)
    with store.transaction():
        if partnership is None:
            partnership = require_partnership(store)
        elif store.get(Partnership, stored_id(partnership)) is None:
            raise CompanionError(f"The partnership with {partnership.partner_name} no longer exists.")
        note = store.add(Note(partnership_id=stored_id(partnership), text=cleaned, created_at=now))
    upcoming = schedule.next_session(partnership, sessions_near(store, partnership, now), now)
    return note, partnership, upcoming


def open_notes(store: Store, partnership_id: int) -> list[Note]:
    """Notes not yet brought up in a held session, oldest first."""
    notes = [n for n in store.all(Note) if n.partnership_id == partnership_id and n.done_at is None]
    return sorted(notes, key=lambda n: n.created_at)


def session_notes_last_went_to(store: Store, partnership_id: int) -> Session | None:
    """The held session the most recently brought-up note was covered in (None before any),
    so that an empty list of notes can say where they went."""
    done = [n for n in store.all(Note) if n.partnership_id == partnership_id and n.done_at is not None]
    latest = max(done, key=lambda n: n.done_at or n.created_at, default=None)
    if latest is None or latest.session_id is None:
        return None
    return store.get(Session, latest.session_id)


def mark_brought_up(store: Store, session: Session, when: datetime) -> int:
    """After a session is held: notes whose items were covered are done, whether listed on
    their own or folded into a combined item. Returns how many."""
    if session.agenda is None:
        return 0
    covered = carry_over.note_ids(
        key for item in session.agenda.items if item.covered for key in carry_over.item_keys(item)
    )
    count = 0
    with store.transaction():
        for note_id in sorted(covered):
            note = store.get(Note, note_id)
            if note is not None and note.done_at is None:
                store.update(Note, note_id, done_at=when, session_id=session.id)
                count += 1
    return count


def move_note(store: Store, note_id: int, partnership_id: int) -> Note:
    """Give an open note to another partnership: it goes to that partner's next session as
    if it had been filed there, and leaves the agendas already built for the first
    partner's planned sessions (where holding a session would otherwise settle it)."""
    with store.transaction():
        note = _open_note(store, note_id)
        if store.get(Partnership, partnership_id) is None:
            raise CompanionError("That partnership no longer exists (removed in another window?).")
        if note.partnership_id != partnership_id:
            _drop_from_planned_agendas(store, note)
            store.update(Note, note_id, partnership_id=partnership_id)
        return replace(note, partnership_id=partnership_id)


def delete_note(store: Store, note_id: int) -> Note:
    """Delete an open note, and its items on the agendas of planned sessions; the deleted
    note is returned (to offer it back)."""
    with store.transaction():
        note = _open_note(store, note_id)
        _drop_from_planned_agendas(store, note)
        store.delete(Note, note_id)
        return note


def _open_note(store: Store, note_id: int) -> Note:
    note = store.get(Note, note_id)
    if note is None:
        raise CompanionError("That note no longer exists (deleted in another window?).")
    if note.done_at is not None:
        raise CompanionError("That note was already brought up in a held session.")
    return note


def _drop_from_planned_agendas(store: Store, note: Note) -> None:
    """Remove a note from the agendas of its partnership's planned sessions: an item of its
    own goes, and a combined item stops standing for it."""
    key = f"note:{note.id}"
    partnership = store.get(Partnership, note.partnership_id)
    if partnership is None:
        return
    planned = store.find(
        Session,
        lambda d: (
            d.get("partnership_id") == note.partnership_id
            and d.get("state", "planned") == SessionState.PLANNED.value
            and d.get("agenda") is not None
        ),
    )
    for session in planned:
        assert session.agenda is not None  # found by its agenda
        total = session.duration_minutes or partnership.session_minutes
        agenda = _without_key(session.agenda, key, total)
        if agenda != session.agenda:
            store.update(Session, stored_id(session), agenda=agenda)


def _without_key(agenda: Agenda, key: str, total: int) -> Agenda:
    # Imported here: the dashboard lists notes at start-up, and the agenda modules (with the
    # prompt banks) are not needed until a note is moved or deleted.
    from companion.agenda_edits import delete_item

    for item in agenda.items:
        if not item.folded and carry_over.item_keys(item) == [key]:
            agenda = delete_item(agenda, item.id, total)
    items = [
        replace(item, folded=[k for k in item.folded if k != key]) if key in item.folded else item
        for item in agenda.items
    ]
    return replace(agenda, items=items)
