"""Changing a note waiting for the next session, from the dashboard: give it to another
partner (it joins that partner's next session) or delete it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Select, Static

from companion.dates import format_date
from companion.models import Note, Partnership
from companion.notes import delete_note, move_note, open_notes
from companion.partnerships import current_partnership, list_partnerships
from screens.dialogs import DIALOG_CSS, ConfirmDialog, FormDialog, PickDialog
from screens.text import literal, markup, notify_literal
from screens.widgets import FormRow

MOVE, DELETE = "move", "delete"


class NoteEditor(FormDialog[tuple[str, int] | None]):
    """One note: whose next session it is for (Ctrl+S moves it there), or Delete (asks
    first). Returns ("move", partnership id) or ("delete", note id)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="NoteEditor")
        + """
    NoteEditor #note-shown { height: auto; max-height: 6; margin-bottom: 1; }
    NoteEditor FormRow .form-label { width: 10; }
    NoteEditor FormRow .form-hint { padding-left: 10; }
    NoteEditor > Vertical { overflow-y: auto; }
    /* A small terminal keeps the choice and the buttons: the hint goes, the note shortens. */
    NoteEditor.-narrow > Vertical { padding: 0 1; }
    NoteEditor.-narrow FormRow .form-label { width: 5; }
    NoteEditor.-narrow FormRow .form-hint { display: none; }
    NoteEditor.-narrow .dialog-buttons Button { min-width: 8; width: auto; padding: 0 1; }
    NoteEditor.-short #note-shown { max-height: 2; margin-bottom: 0; }
    NoteEditor.-short FormRow { margin: 0; }
    """
    )
    BINDINGS = [Binding("delete", "delete", "Delete", id="note_editor_delete")]

    def __init__(self, note: Note, partnerships: list[Partnership]):
        super().__init__()
        self.note = note
        self.partnerships = partnerships

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Note for the next session"
            yield Static(literal(self.note.text), id="note-shown")
            options = [(literal(p.partner_name, one_line=True), p.id) for p in self.partnerships]
            yield FormRow(
                "With",
                Select(options, id="partner", value=self.note.partnership_id, allow_blank=False, compact=True),
                field="partner",
                hint="Choose another partner to bring it up with them instead.",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete", id="delete", variant="error", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#partner", Select).focus()

    def read_form(self) -> tuple[str, int] | None:
        chosen = self.query_one("#partner", Select).value
        return None if chosen == self.note.partnership_id else (MOVE, int(chosen))  # type: ignore[arg-type]

    @on(Button.Pressed, "#delete")
    def action_delete(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss((DELETE, self.note.id or 0))

        question = markup("Delete the note “$text”?", text=self.note.text[:80])
        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep it"), answered)


def edit_notes(app) -> None:
    """Choose one of the current partnership's open notes (straight to it when there is
    one), then move or delete it."""
    store = app.store
    partnership = current_partnership(store)
    notes = open_notes(store, partnership.id) if partnership and partnership.id else []
    if not notes:
        app.notify("No notes waiting: press n for a new one.", severity="warning")
        return
    if len(notes) == 1:
        edit_note(app, notes[0])
        return
    by_id = {str(note.id): note for note in notes}
    options = [(str(n.id), format_date(n.created_at.date(), weekday=False, year=False), n.text) for n in notes]

    def picked(note_id: str | None) -> None:
        if note_id in by_id:
            edit_note(app, by_id[note_id])

    app.push_screen(PickDialog("Which note?", options), picked)


def edit_note(app, note: Note) -> None:
    store = app.store
    partnerships = list_partnerships(store)
    names = {p.id: p.partner_name for p in partnerships}

    def closed(result: tuple[str, int] | None) -> None:
        if result is None:
            return
        kind, target = result
        note_id = note.id or 0
        if kind == MOVE:
            message = f"The note goes to your next session with {names.get(target, 'them')}."
            app.save_in_background(lambda: move_note(store, note_id, target), lambda _: done(message), what="the note")
        else:
            app.save_in_background(
                lambda: delete_note(store, note_id), lambda _: done("Note deleted."), what="the note"
            )

    def done(message: str) -> None:
        notify_literal(app, message)  # names a partner
        app.refresh_screens()

    app.push_screen(NoteEditor(note, partnerships), closed)
