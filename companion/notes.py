"""Notes: thoughts captured between sessions that land in the next agenda."""

from __future__ import annotations

from datetime import datetime

from companion import carry_over, schedule
from companion.errors import CompanionError
from companion.models import Note, Partnership, Session
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


def add_note(store: Store, text: str, now: datetime) -> tuple[Note, Partnership, Session | None]:
    """Store a note for the current partnership's next session, which is returned too."""
    cleaned = check_note_text(text)
    with store.transaction():
        partnership = require_partnership(store)
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
