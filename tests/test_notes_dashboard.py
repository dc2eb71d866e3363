"""On the dashboard, `o` opens a waiting note (a list first when there are several): its
partner can be changed, and it can be deleted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.widgets import Select, Static

from companion.models import Note
from companion.notes import add_note
from companion.store import Store
from screens.app import make_app
from screens.dialogs import ConfirmDialog, PickDialog
from screens.note_editor import NoteEditor
from tests.conftest import settle, shown_text
from tests.partners_helpers import with_partners

NOW = datetime(2026, 11, 24, 10, 0)


async def test_a_note_moves_to_another_partner_and_another_is_deleted(onboarded: Store, data_dir: Path):
    sam, dana, _ = with_partners(onboarded)
    moving, _, _ = add_note(onboarded, "Show the new dashboard", NOW)
    staying, _, _ = add_note(onboarded, "Never mind this one", NOW)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("go('dashboard')")
        await settle(app, pilot)
        panel = app.screen.query_one("#notes", Static)
        assert panel.border_subtitle == "o: move or delete"
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")  # the first, oldest note
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.note.id == moving.id
        assert editor.query_one("#partner", Select).value == sam.id
        await pilot.press("enter", "down", "enter")  # Sam, then Dana Ruiz
        assert editor.query_one("#partner", Select).value == dana.id
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert Store(data_dir).open().get(Note, moving.id).partnership_id == dana.id
        assert any("next session with Dana Ruiz" in n.message for n in app._notifications)
        assert "Show the new dashboard" not in shown_text(panel)

        await pilot.press("o")  # one note left: straight to it
        await settle(app, pilot)
        assert isinstance(app.screen, NoteEditor) and app.screen.note.id == staying.id
        await pilot.press("delete")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert Store(data_dir).open().get(Note, staying.id) is None
        assert panel.border_subtitle == "" and "Nothing captured yet" in shown_text(panel)
