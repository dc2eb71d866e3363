"""Small widgets shared by screens."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Label, Static

from screens.text import literal


class FormRow(Vertical):
    """A labelled control with a hint and an inline error line beneath it."""

    DEFAULT_CSS = """
    FormRow {
        height: auto;
        margin: 0 0 1 0;
    }
    FormRow > Horizontal {
        height: auto;
    }
    FormRow .form-label {
        width: 24;
        padding: 0 1 0 0;
        text-align: right;
        color: $text-secondary;
    }
    FormRow .form-control {
        width: 1fr;
        max-width: 48;
    }
    FormRow .form-hint {
        padding-left: 24;
        color: $text-muted;
        height: auto;
    }
    FormRow .field-error {
        padding-left: 24;
    }
    """

    def __init__(self, label: str, control: Widget, *, field: str, hint: str = ""):
        super().__init__(id=f"row-{field}")
        self.label_text = label
        self.control = control
        self.field = field
        self.hint = hint
        control.add_class("form-control")

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label_text, classes="form-label")
            yield self.control
        if self.hint:
            yield Static(self.hint, classes="form-hint")
        yield Static("", id=f"{self.field}-error", classes="field-error")

    def show_error(self, message: str | None) -> None:
        error = self.query_one(f"#{self.field}-error", Static)
        error.update(literal(message or ""))  # a problem may quote what was typed
        error.set_class(bool(message), "-shown")
        self.set_class(bool(message), "-invalid")


def selected_row_key(table: DataTable) -> str | None:
    """The key of the row under the cursor, or None for an empty table."""
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def selected_record_id(table: DataTable) -> int | None:
    """The id of the record shown in the cursor's row (rows are keyed by record id)."""
    key = selected_row_key(table)
    return int(key) if key else None


def fit_flexible_column(
    table: DataTable, key: str, fixed: dict[str, int], minimum: int, width: int, maximum: int | None = None
) -> None:
    """Give column `key` whatever `width` leaves after the fixed-width columns (up to
    `maximum`), so every column stays on screen at 80 columns (cell padding, border and
    scrollbar counted)."""
    if key not in table.columns:
        return
    others = sum(fixed.values()) + 2 * len(table.columns) + 6
    room = width - others if maximum is None else min(maximum, width - others)
    table.columns[key].width = max(minimum, room)
    table.columns[key].auto_width = False
    table.refresh()
