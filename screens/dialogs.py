"""Small modal dialogs that return a typed result with `dismiss()`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from screens.base import CompanionDialog
from screens.text import literal, rich_literal
from screens.widgets import FormRow

ResultT = TypeVar("ResultT")

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


class TextDialog(CompanionDialog[str | None]):
    """Ask for one line of text; `check` returns an error message or None (shown as
    written: it may quote what was typed). A title naming a person's text is Content
    (`screens.text.markup`)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TextDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]

    def __init__(
        self,
        title: str | Content,
        value: str = "",
        *,
        placeholder: str = "",
        check: Callable[[str], str | None] | None = None,
        hint: str = "",
    ):
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.check = check
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Input(self.value, placeholder=self.placeholder, id="dialog-input")
            if self.hint:
                yield Static(self.hint, classes="muted")
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("OK", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def accept(self) -> None:
        text = self.query_one("#dialog-input", Input).value
        problem = self.check(text) if self.check else None
        if problem:
            self.query_one("#dialog-error", Static).update(literal(problem))
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


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


class ChoiceTextDialog(CompanionDialog[tuple[str, str] | None]):
    """A choice (Select) and a line of text, e.g. a new agenda item and its section."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceTextDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog_cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], value: str, placeholder: str = ""):
        super().__init__()
        self.title_text, self.choices, self.value, self.placeholder = title, choices, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Select(self.choices, value=self.value, allow_blank=False, id="dialog-choice")
            yield Input(placeholder=self.placeholder, id="dialog-input")
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Add", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#dialog-input", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def accept(self) -> None:
        text = self.query_one("#dialog-input", Input).value.strip()
        if not text:
            self.query_one("#dialog-error", Static).update("Type what the item is about.")
            return
        self.dismiss((str(self.query_one("#dialog-choice", Select).value), text))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class PickDialog(CompanionDialog[str | None]):
    """Pick one of many options, narrowed by typing. Returns the option id. The options'
    labels and texts are shown as written."""

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
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog_cancel"),
        Binding("down", "focus_list", "List", show=False),
    ]

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

    @on(Input.Submitted, "#dialog-search")
    def take_first(self) -> None:
        options = self.query_one("#dialog-options", OptionList)
        if options.option_count:
            index = options.highlighted or 0
            self.dismiss(options.get_option_at_index(index).id)

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one("#dialog-options", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


def _labelled(label: str, text: str) -> Table:
    """A dim label column beside wrapping text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=9, no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    grid.add_row(rich_literal(label, one_line=True), rich_literal(text))
    return grid


class FormDialog(CompanionDialog[ResultT]):
    """A dialog of FormRows read into a form (`read_form`) and compared with the one it
    opened with (`self.initial`): problems show beside their fields, the cursor goes to the
    first, a field showing a problem is checked again as you type, and Escape or Cancel
    asks before throwing typed changes away."""

    DISCARD_QUESTION = "Discard your changes?"
    initial: Any = None

    def read_form(self) -> Any:
        raise NotImplementedError

    def problems(self) -> dict[str, str]:
        """What is wrong with the form as typed, by field."""
        return {}

    def show_problems(self, problems: dict[str, str]) -> None:
        for row in self.query(FormRow):
            row.show_error(problems.get(row.field))

    def focus_first_problem(self, problems: dict[str, str]) -> None:
        first = next(row.field for row in self.query(FormRow) if row.field in problems)
        self.query_one(f"#{first}").focus()

    def recheck_shown_problems(self) -> None:
        """Check again the fields that show a problem (and only those: a field not yet
        visited is not told off while you type elsewhere)."""
        shown = {row.field for row in self.query(FormRow) if row.has_class("-invalid")}
        if shown:
            problems = self.problems()
            for row in self.query(FormRow):
                if row.field in shown:
                    row.show_error(problems.get(row.field))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.read_form() == self.initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            # Not a lambda: a callback that returned dismiss()'s awaitable would be awaited
            # from this screen's own message loop when Cancel was clicked, which Textual refuses.
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(self.DISCARD_QUESTION, yes="Discard", no="Keep editing"), answered)
