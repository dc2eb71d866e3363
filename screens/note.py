"""A small dialog to capture a note for the next session from inside the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from companion import clock
from companion.errors import CompanionError
from companion.notes import add_note, check_note_text
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.text import literal


class NoteDialog(FormDialog[None]):
    """One line for the next session: Enter or Ctrl+S saves; Escape asks before dropping
    what was typed."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="NoteDialog")
        + """
    NoteDialog > Vertical { max-width: 72; }
    NoteDialog #note-error { color: $text-error; height: auto; }
    """
    )
    DISCARD_QUESTION = "Discard this note?"

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._initial_text = text

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Note for the next session"
            yield Input(self._initial_text, id="note-text", placeholder="A thought, a question, something to show…")
            yield Static("", id="note-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def has_changes(self) -> bool:
        # A note given back after a failed save counts as typed.
        return bool(self.query_one("#note-text", Input).value.strip())

    def action_save(self) -> None:
        text = self.query_one("#note-text", Input).value
        try:
            check_note_text(text)
        except CompanionError as error:
            self.query_one("#note-error", Static).update(literal(str(error)))
            return
        store = self.app.store
        now = clock.now()

        def saved(_: object) -> None:
            self.app.notify("Noted for the next session.")
            self.app.refresh_screens()

        app = self.app
        app.save_in_background(
            lambda: add_note(store, text, now),
            saved,
            on_failed=lambda: app.push_screen(NoteDialog(text)),  # give the text back
            what="the note",
        )
        self.dismiss()

    def fields_changed(self) -> None:
        self.query_one("#note-error", Static).update("")
