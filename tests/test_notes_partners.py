"""Notes and partnerships: a note filed for a chosen partner, moved to another partner's
next session (leaving the first partner's agenda), or deleted."""

from __future__ import annotations

from datetime import datetime

import pytest

from companion.banks import load_banks
from companion.errors import CompanionError
from companion.holding import hold
from companion.models import Note, Session
from companion.notes import add_note, delete_note, move_note, open_notes
from companion.partnerships import switch_partnership
from companion.prepare import prepare_next
from companion.store import Store
from tests.partners_helpers import with_partners

NOW = datetime(2026, 11, 24, 10, 0)
BANKS = load_banks()


def note_keys(session: Session) -> list[str]:
    return [f"{i.source}:{i.ref}" for i in session.agenda.items if i.source == "note"] + [
        key for i in session.agenda.items for key in i.folded if key.startswith("note:")
    ]


def test_a_note_goes_to_the_chosen_partners_next_session(onboarded: Store):
    sam, dana, _ = with_partners(onboarded)
    note, partnership, upcoming = add_note(onboarded, "Ask about the on-call rota", NOW, dana)
    assert partnership.id == dana.id and note.partnership_id == dana.id
    assert upcoming.scheduled_at == datetime(2026, 11, 30, 12, 0)  # Dana's Monday
    assert open_notes(onboarded, sam.id) == [] and open_notes(onboarded, dana.id) == [note]
    # Without a partnership: the current one, as before.
    assert add_note(onboarded, "For Sam", NOW)[1].id == sam.id


def test_a_moved_note_leaves_the_first_agenda_and_joins_the_other_partners_next(onboarded: Store, data_dir):
    sam, dana, _ = with_partners(onboarded)
    note, _, _ = add_note(onboarded, "Show the new dashboard", NOW)
    kept, _, _ = add_note(onboarded, "Ask about the rota", NOW)
    on_sams = prepare_next(onboarded, BANKS, NOW).session
    assert note_keys(on_sams) == [f"note:{note.id}", f"note:{kept.id}"]

    moved = move_note(onboarded, note.id, dana.id)
    assert moved.partnership_id == dana.id
    reread = Store(data_dir).open()
    sams_agenda = reread.get(Session, on_sams.id)
    assert note_keys(sams_agenda) == [f"note:{kept.id}"]
    assert sum(i.minutes for i in sams_agenda.agenda.items) == 45  # the time boxes still add up
    assert [n.id for n in open_notes(reread, dana.id)] == [note.id]
    switch_partnership(reread, dana.id)
    assert note_keys(prepare_next(reread, BANKS, NOW).session) == [f"note:{note.id}"]
    # Holding Sam's session no longer settles the moved note.
    hold(reread, on_sams.id, covered_item_ids={i.id for i in sams_agenda.agenda.items}, now=NOW.replace(hour=17))
    assert reread.get(Note, note.id).done_at is None and reread.get(Note, kept.id).done_at is not None


def test_a_deleted_note_is_gone_from_the_notes_and_the_agenda(onboarded: Store, data_dir):
    note, _, _ = add_note(onboarded, "Never mind", NOW)
    session = prepare_next(onboarded, BANKS, NOW).session
    gone = delete_note(onboarded, note.id)
    assert gone.text == "Never mind"
    reread = Store(data_dir).open()
    assert reread.all(Note) == [] and note_keys(reread.get(Session, session.id)) == []


def test_only_an_open_note_can_be_moved_or_deleted(onboarded: Store):
    _, dana, _ = with_partners(onboarded)
    note, _, _ = add_note(onboarded, "Talked about it", NOW)
    onboarded.update(Note, note.id, done_at=NOW)
    with pytest.raises(CompanionError, match="already brought up"):
        move_note(onboarded, note.id, dana.id)
    with pytest.raises(CompanionError, match="already brought up"):
        delete_note(onboarded, note.id)
    with pytest.raises(CompanionError, match="no longer exists"):
        delete_note(onboarded, 99)
    open_one, _, _ = add_note(onboarded, "Still open", NOW)
    with pytest.raises(CompanionError, match="partnership no longer exists"):
        move_note(onboarded, open_one.id, 99)
    assert onboarded.get(Note, open_one.id).partnership_id == 1
