"""A small dialog to capture a note for the next session from inside the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from companion import clock
from companion.errors import CompanionError
from companion.notes import add_note, check_note_text
from companion.partnerships import current_partnership
from companion.terminal_text import printable
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.text import literal, markup, notify_literal


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
        self.partnership = current_partnership(self.app.store)
        self.partner_name = self.partnership.partner_name if self.partnership else ""
        with Vertical() as box:
            # Named, for someone with several partners: the note goes to the current one.
            box.border_title = (
                markup("Note for your next session with $partner", partner=printable(self.partner_name, one_line=True))
                if self.partner_name
                else "Note for the next session"
            )
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
        app, store, now = self.app, self.app.store, clock.now()
        partnership, partner_name = self.partnership, self.partner_name

        def saved(_: object) -> None:
            if partner_name:
                notify_literal(app, f"Noted for your next session with {partner_name}.")
            else:
                app.notify("Noted for the next session.")
            app.refresh_screens()

        app.save_in_background(
            lambda: add_note(store, text, now, partnership),
            saved,
            on_failed=lambda: app.push_screen(NoteDialog(text)),  # give the text back
            what="the note",
        )
        self.dismiss()

    def fields_changed(self) -> None:
        self.query_one("#note-error", Static).update("")
