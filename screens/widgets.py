"""Small widgets shared by screens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Label, RadioButton, SelectionList, Static, Tab, Tabs
from textual.widgets.option_list import OptionDoesNotExist

from companion.dates import date_preview, date_time_preview
from screens.text import literal


class DatePreview(Static):
    """A line under a date field that says what the text typed so far resolves to
    (`→ Fri 4 Dec 2026 · Friday of next week, in 8 days`), so a rule such as what `next
    friday` means is never a surprise. Give it the Input, or its selector on the screen."""

    DEFAULT_CSS = """
    DatePreview {
        color: $text-muted;
        height: auto;
    }
    """

    def __init__(self, field: Input | str, describe: Callable[[str], str], **kwargs):
        super().__init__("", **kwargs)
        self.field = field
        self.describe = describe

    def on_mount(self) -> None:
        field = self.field if isinstance(self.field, Input) else self.screen.query_one(self.field, Input)
        self.watch(field, "value", self.show, init=True)

    def show(self, value: str) -> None:
        self.update(literal(self.describe(value)))  # a reason may one day quote the text


def describe_date(today: date) -> Callable[[str], str]:
    """What `DatePreview` shows for a date field."""
    return lambda text: date_preview(text, today)


def describe_date_time(today: date, default_time: time) -> Callable[[str], str]:
    """What `DatePreview` shows for a date-and-time field (`fri 18:00`)."""
    return lambda text: date_time_preview(text, today, default_time)


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

    def __init__(
        self,
        label: str,
        control: Widget,
        *,
        field: str,
        hint: str = "",
        preview: Callable[[str], str] | None = None,
    ):
        """`preview` (for an Input: `describe_date(today)`) adds a `DatePreview` line."""
        super().__init__(id=f"row-{field}")
        self.label_text = label
        self.control = control
        self.field = field
        self.hint = hint
        self.preview = preview
        control.add_class("form-control", update=control.is_attached)  # styled when mounted

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label_text, classes="form-label")
            yield self.control
        if self.preview is not None and isinstance(self.control, Input):
            # Indented as the hint is, wherever a form narrows its labels.
            yield DatePreview(self.control, self.preview, id=f"{self.field}-preview", classes="form-hint")
        if self.hint:
            yield Static(self.hint, classes="form-hint")
        yield Static("", id=f"{self.field}-error", classes="field-error")

    def show_error(self, message: str | None) -> None:
        error = self.query_one(f"#{self.field}-error", Static)
        error.update(literal(message or ""))  # a problem may quote what was typed
        error.set_class(bool(message), "-shown")
        self.set_class(bool(message), "-invalid")


# Ticks that read without colour (NO_COLOR, a monochrome terminal, a screen reader's
# text): Textual draws a ticked and an unticked box with the same glyph in two colours.
TICKED, UNTICKED = "X", " "


class TickBox(Checkbox):
    """A checkbox showing "X" when ticked and a blank when not, in any colours."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the glyph
        return TICKED if self.value else UNTICKED


class ChoiceButton(RadioButton):
    """A radio button showing "●" when chosen and a blank when not, in any colours."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the glyph
        return "●" if self.value else UNTICKED


class TickList(SelectionList):
    """A selection list whose boxes show "X" when ticked and a blank when not."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        if len(segments) < 3 or segments[1].text != Checkbox.BUTTON_INNER:
            return line
        glyph = TICKED if selection.value in self.selected else UNTICKED
        segments[1] = Segment(glyph, segments[1].style, segments[1].control)
        return Strip(segments, line.cell_length)


class FilterTabs(Tabs):
    """Filter tabs whose chosen one is marked by a glyph ("●"; the others "○") as well as by
    colour, so the filter in force reads right with NO_COLOR."""

    def on_mount(self) -> None:
        self._labels = {tab.id: tab.label for tab in self.query(Tab)}
        self._mark()

    def _on_tabs_tab_activated(self, _event: Tabs.TabActivated) -> None:
        self._mark()

    def _mark(self) -> None:
        labels = getattr(self, "_labels", {})
        for tab in self.query(Tab):
            if tab.id in labels:
                tab.label = Content("● " if tab.id == self.active else "○ ") + labels[tab.id]


class RowTable(DataTable):
    """A table of rows where Home and End go to the first and the last row (a plain
    DataTable scrolls sideways with them)."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False, id="table_first_row"),
        Binding("end", "scroll_bottom", "Last row", show=False, id="table_last_row"),
    ]


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
