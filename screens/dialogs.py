"""Small modal dialogs that return a typed result with `dismiss()`, and `FormDialog`, the
base that makes every dialog with fields behave alike (docs/architecture.md, "Dialogs"):
Ctrl+S saves, Enter in a single-line field submits, Escape cancels at once when nothing
was typed and asks first when something was."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    RadioButton,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from screens.base import CompanionDialog
from screens.text import literal, rich_literal
from screens.widgets import DatePreview, FormRow

ResultT = TypeVar("ResultT")

# A tall pop-up that reads Markdown (help, a record from history): most of the screen.
READER_CSS = """
{name} {{
    align: center middle;
}}
{name} > VerticalScroll {{
    width: 90%;
    max-width: 88;
    height: 90%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}}
"""

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 90%;
    max-width: 80;
    height: auto;
    max-height: 90%;
    border: round $accent;
    background: $surface;
    padding: 1 2;
}}
{name} .dialog-error {{
    color: $text-error;
    height: auto;
}}
{name} .dialog-buttons {{
    height: auto;
    align-horizontal: right;
    margin-top: 1;
}}
{name} .dialog-buttons Button {{
    margin-left: 1;
}}
"""


class ConfirmDialog(CompanionDialog[bool]):
    """A yes/no question; Enter confirms, Escape declines. A question naming a person's
    text is Content (`screens.text.markup`)."""

    # The question wraps: it may quote a long item or name a file.
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ConfirmDialog")
        + """
    ConfirmDialog Label { width: 1fr; }
    """
    )
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm_no"),
        Binding("y", "answer(True)", "Yes", id="confirm_yes"),
    ]

    def __init__(self, question: str | Content, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.no, id="no")
                yield Button(self.yes, id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class FormDialog(CompanionDialog[ResultT]):
    """A dialog with fields. Subclasses write `read_form` and, where the form has problems
    by field, `problems`; `action_save` checks and closes with the form (or is overridden).

    - Ctrl+S and the `#save` or `#ok` button save; Enter in an Input saves too, or, with
      `ENTER_MOVES_ON` (long forms), moves to the next field and saves from the last.
    - Escape and the `#cancel` button close at once when nothing changed since the dialog
      opened (`has_changes`), and otherwise ask before throwing the changes away.
    - Problems show beside their FormRows, the cursor goes to the first, and a field
      showing a problem is checked again as you type (`fields_changed`)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog_cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog_save"),
    ]
    DISCARD_QUESTION = "Discard what you typed?"
    ENTER_MOVES_ON = False
    initial: Any = None
    _opened_with: list[Any] | None = None

    def on_mount(self) -> None:
        # Runs after a subclass's own on_mount (Textual calls each class's handler, the
        # subclass first), so values that one fills in count as the starting point.
        self._opened_with = self.field_values()

    def action_save(self) -> None:
        """Check the form; with no problem, close with what it holds (`read_form`)."""
        if not self.refuse(self.problems()):
            self.dismiss(self.read_form())

    # --- leaving --------------------------------------------------------------------

    def field_values(self) -> list[Any]:
        """What every field holds now, in order (text, choices, ticks)."""
        values: list[Any] = []
        for widget in self.query(Widget):
            if isinstance(widget, Input | Select | Checkbox | RadioButton):
                values.append(widget.value)
            elif isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, SelectionList):
                values.append(sorted(map(str, widget.selected)))
        return values

    def has_changes(self) -> bool:
        """Whether anything was typed or changed since the dialog opened."""
        return self._opened_with is not None and self.field_values() != self._opened_with

    def action_cancel(self) -> None:
        if not self.has_changes():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            # Not a lambda: a callback that returned dismiss()'s awaitable would be awaited
            # from this screen's own message loop when Cancel was clicked, which Textual refuses.
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(self.DISCARD_QUESTION, yes="Discard", no="Keep editing"), answered)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#save, #ok")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    def _enter_pressed(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if self.ENTER_MOVES_ON and inputs and event.input is not inputs[-1]:
            self.focus_next()
        else:
            self.action_save()

    # --- problems -------------------------------------------------------------------

    def read_form(self) -> Any:
        raise NotImplementedError

    def problems(self) -> dict[str, str]:
        """What is wrong with the form as typed, by field."""
        return {}

    def show_problems(self, problems: dict[str, str]) -> None:
        for row in self.query(FormRow):
            row.show_error(problems.get(row.field))

    def focus_first_problem(self, problems: dict[str, str]) -> None:
        first = next((row.field for row in self.query(FormRow) if row.field in problems), None)
        if first is not None:
            self.query_one(f"#{first}").focus()

    def refuse(self, problems: dict[str, str]) -> bool:
        """Show `problems` (clearing old ones) and put the cursor on the first; True when
        there were any, so the save stops."""
        self.show_problems(problems)
        self.focus_first_problem(problems)
        return bool(problems)

    def recheck_shown_problems(self) -> None:
        """Check again the fields that show a problem (and only those: a field not yet
        visited is not told off while you type elsewhere)."""
        shown = {row.field for row in self.query(FormRow) if row.has_class("-invalid")}
        if shown:
            problems = self.problems()
            for row in self.query(FormRow):
                if row.field in shown:
                    row.show_error(problems.get(row.field))

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _field_changed(self) -> None:
        self.fields_changed()

    def fields_changed(self) -> None:
        """A field changed: by default, problems shown are checked again."""
        self.recheck_shown_problems()


class TextDialog(FormDialog[str | None]):
    """Ask for one line of text; `check` returns an error message or None (shown as
    written: it may quote what was typed). A title naming a person's text is Content
    (`screens.text.markup`)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TextDialog")

    def __init__(
        self,
        title: str | Content,
        value: str = "",
        *,
        placeholder: str = "",
        check: Callable[[str], str | None] | None = None,
        hint: str = "",
        preview: Callable[[str], str] | None = None,
    ):
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.check = check
        self.hint = hint
        self.preview = preview  # e.g. screens.widgets.describe_date: a DatePreview under the input

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Input(self.value, placeholder=self.placeholder, id="dialog-input")
            if self.preview is not None:
                yield DatePreview("#dialog-input", self.preview)
            if self.hint:
                yield Static(self.hint, classes="muted")
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("OK", id="ok", variant="primary")

    def action_save(self) -> None:
        text = self.query_one("#dialog-input", Input).value
        problem = self.check(text) if self.check else None
        if problem:
            self.query_one("#dialog-error", Static).update(literal(problem))
            return
        self.dismiss(text)


class PickDialog(FormDialog[str | None]):
    """Pick one of many options, narrowed by typing. Returns the option id. The options'
    labels and texts are shown as written. What is typed is only a search, so Escape
    closes at once."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="PickDialog")
        + """
    /* Compact, so a short terminal still shows some of the list. */
    PickDialog > Vertical { padding: 0 1; }
    PickDialog #dialog-search { border: none; height: 1; padding: 0 1; background: $boost; margin-top: 1; }
    PickDialog OptionList {
        height: auto;
        max-height: 20;
        min-height: 3;
        /* Room for the scrollbar always, so a list that grows a scrollbar as the search
           widens wraps its options at the width their heights were measured at. */
        scrollbar-gutter: stable;
    }
    """
    )
    BINDINGS = [Binding("down", "focus_list", "List", id="pick_focus_list", show=False)]

    def __init__(self, title: str, options: Sequence[tuple[str, str, str]], placeholder: str = "Type to search"):
        super().__init__()
        self.title_text = title
        self.all_options = list(options)  # (id, label, text)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Input(placeholder=self.placeholder, id="dialog-search")
            yield Static("", id="dialog-count", classes="muted")
            yield OptionList(id="dialog-options")

    def on_mount(self) -> None:
        self.show_matches("")

    def has_changes(self) -> bool:
        return False

    def show_matches(self, query: str) -> None:
        words = query.lower().split()
        matches = [
            option for option in self.all_options if all(any(word in part.lower() for part in option) for word in words)
        ]
        options = self.query_one("#dialog-options", OptionList)
        options.clear_options()
        options.add_options([Option(_labelled(label, text), id=option_id) for option_id, label, text in matches])
        if matches:
            options.highlighted = 0
        self.query_one("#dialog-count", Static).update(
            f"{len(matches)} of {len(self.all_options)}" if matches else "Nothing matches; try fewer words."
        )

    @on(Input.Changed, "#dialog-search")
    def search(self, event: Input.Changed) -> None:
        self.show_matches(event.value)

    def action_save(self) -> None:
        """Take the highlighted option (the first, while you type)."""
        options = self.query_one("#dialog-options", OptionList)
        if options.option_count:
            index = options.highlighted or 0
            self.dismiss(options.get_option_at_index(index).id)

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one("#dialog-options", OptionList).focus()


def _labelled(label: str, text: str) -> Table:
    """A dim label column beside wrapping text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=9, no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    grid.add_row(rich_literal(label, one_line=True), rich_literal(text))
    return grid
