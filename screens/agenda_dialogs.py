"""The agenda item dialog: an item's words on as many lines as it needs and, when adding,
its section, time box and privacy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Select, TextArea

from companion import agenda_edits
from companion.validation import FieldError
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.widgets import FormRow, TickBox


@dataclass(frozen=True)
class ItemForm:
    """The item dialog as typed: the words, and (when adding) section, minutes, privacy."""

    text: str
    section: str = ""
    minutes: str = ""
    private: bool = False


class AgendaItemDialog(FormDialog["ItemForm | None"]):
    """Add an item (with its section, time box and privacy) or edit an item's words.

    The words go in a text area, so an item keeps every line typed or pasted; Enter starts a
    new line and Ctrl+S saves. Returns the form, checked, or None when cancelled."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="AgendaItemDialog")
        + """
    AgendaItemDialog > Vertical { overflow-y: auto; padding: 0 1; }
    AgendaItemDialog .dialog-buttons { margin-top: 0; }
    AgendaItemDialog FormRow { margin: 0; }
    AgendaItemDialog FormRow .form-label { width: 9; }
    AgendaItemDialog FormRow .form-hint, AgendaItemDialog FormRow .field-error { padding-left: 9; }
    AgendaItemDialog FormRow .form-control { max-width: 64; }
    AgendaItemDialog #item-text { height: auto; min-height: 3; max-height: 8; background: $boost; }
    AgendaItemDialog #item-minutes { width: 8; }
    AgendaItemDialog #item-private { margin-left: 9; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="agenda_item_cancel"),
        Binding("ctrl+s", "save", "Save", id="agenda_item_save"),
    ]
    DISCARD_QUESTION = "Discard this item?"

    def __init__(
        self,
        initial: ItemForm,
        *,
        sections: Sequence[tuple[str, str]] = (),
        minutes_limit: int = 0,
    ):
        """`sections` (label, value) and `minutes_limit` only when adding an item."""
        super().__init__()
        self.initial = initial
        self.sections = list(sections)
        self.minutes_limit = minutes_limit

    @property
    def adding(self) -> bool:
        return bool(self.sections)

    def compose(self) -> ComposeResult:
        form = self.initial
        with Vertical() as box:
            box.border_title = "Add an item" if self.adding else "Edit item"
            if self.adding:
                yield FormRow(
                    "Section",
                    Select(self.sections, value=form.section, allow_blank=False, id="item-section", compact=True),
                    field="item-section",
                )
            yield FormRow(
                "Item",
                TextArea(form.text, id="item-text", soft_wrap=True, compact=True, placeholder=_PLACEHOLDER),
                field="item-text",
                hint="Several lines are fine. Ctrl+S saves.",
            )
            if self.adding:
                yield FormRow(
                    "Minutes",
                    Input(form.minutes, id="item-minutes", compact=True),
                    field="item-minutes",
                    hint=f"1 to {self.minutes_limit}; the other items make room.",
                )
                yield TickBox("Private: left out of what you share", form.private, id="item-private", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Add" if self.adding else "Save", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        area = self.query_one("#item-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def read_form(self) -> ItemForm:
        text = self.query_one("#item-text", TextArea).text
        if not self.adding:
            return ItemForm(text)
        return ItemForm(
            text,
            str(self.query_one("#item-section", Select).value),
            self.query_one("#item-minutes", Input).value,
            self.query_one("#item-private", Checkbox).value,
        )

    def problems(self) -> dict[str, str]:
        form = self.read_form()
        problems: dict[str, str] = {}
        try:
            agenda_edits.item_text(form.text)
        except FieldError as error:
            problems["item-text"] = str(error)
        if self.adding:
            try:
                agenda_edits.check_item_minutes(form.minutes, self.minutes_limit)
            except FieldError as error:
                problems["item-minutes"] = str(error)
        return problems


_PLACEHOLDER = "What do you want to talk about?"
