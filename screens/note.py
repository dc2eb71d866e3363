"""A small dialog to capture a note for the next session from inside the app."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from companion import clock
from companion.errors import CompanionError
from companion.notes import add_note, check_note_text
from screens.base import CompanionDialog
from screens.text import literal


class NoteDialog(CompanionDialog[None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note_cancel")]
    DEFAULT_CSS = """
    NoteDialog {
        align: center middle;
    }
    NoteDialog > Vertical {
        width: 90%;
        max-width: 72;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 1 2;
    }
    NoteDialog #note-error {
        color: $text-error;
        height: auto;
    }
    NoteDialog Horizontal {
        height: auto;
        align-horizontal: right;
    }
    """

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._initial_text = text
        self._escape_armed = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Note for the next session"
            yield Input(self._initial_text, id="note-text", placeholder="A thought, a question, something to show…")
            yield Static("", id="note-error")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
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

    @on(Input.Changed)
    def typing(self) -> None:
        self._escape_armed = False
        self.query_one("#note-error", Static).update("")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.query_one("#note-text", Input).value.strip() and not self._escape_armed:
            self._escape_armed = True
            self.query_one("#note-error", Static).update("Press Escape again to discard this note.")
            return
        self.dismiss()
