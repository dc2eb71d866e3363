"""The action item dialogs: the editor, and after a reflection the one that turns "what I
will try" into action items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from companion import actions as core
from companion import clock
from companion.dates import DATE_EXAMPLES, format_date
from companion.errors import ValidationError
from companion.models import ActionItem, Owner, Partnership, Session
from companion.terminal_text import printable
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.text import literal, rich_literal
from screens.widgets import FormRow, TickBox, TickList, describe_date


def owner_options(partner_name: str) -> list[tuple[str | Content, str]]:
    """The owner choices, with the partner's name where a person expects it."""
    partner = literal(partner_name, one_line=True)
    return [("Me", Owner.ME.value), (partner, Owner.PARTNER.value), ("Both of us", Owner.BOTH.value)]


def typed_date(day: date | None) -> str:
    """A date as the due-date field shows it, in a form it reads back ("1 Dec 2026")."""
    return format_date(day, weekday=False) if day else ""


@dataclass(frozen=True)
class ActionForm:
    """What the editor hands back: the fields as typed (checked already), and which item."""

    text: str
    owner: str
    due: str
    action_id: int | None = None
    private: bool = False


class ActionEditor(FormDialog["ActionForm | None"]):
    """Add or edit an action item; problems show beside each field; Escape asks before
    discarding changes."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ActionEditor")
        + """
    ActionEditor FormRow .form-label { width: 10; }
    ActionEditor FormRow .form-hint, ActionEditor FormRow .field-error { padding-left: 10; }
    ActionEditor FormRow .form-control { max-width: 60; }
    ActionEditor #action-origin { padding-left: 10; margin-bottom: 1; }
    ActionEditor #action-private { margin: 0 0 1 10; }
    """
    )
    DISCARD_QUESTION = "Discard the changes to this action?"

    def __init__(self, partnership: Partnership, action: ActionItem | None = None, typed: ActionForm | None = None):
        super().__init__()
        self.partnership = partnership
        self.action = action
        self.typed = typed  # what was typed before a save that failed
        if action is None:
            self.initial = ActionForm("", Owner.ME.value, "")
        else:
            # The text as the input shows it (control characters visible), so an untouched
            # form is recognised as unchanged.
            self.initial = ActionForm(
                printable(action.text), action.owner.value, typed_date(action.due), action.id, action.private
            )

    def compose(self) -> ComposeResult:
        form = self.typed or self.initial
        with Vertical() as box:
            box.border_title = "Edit action" if self.action else "New action"
            yield FormRow(
                "Action",
                Input(form.text, id="text", placeholder="e.g. Pair on a flaky test", compact=True),
                field="text",
            )
            yield FormRow(
                "Owner",
                Select(
                    owner_options(self.partnership.partner_name),
                    id="owner",
                    value=form.owner,
                    allow_blank=False,
                    compact=True,
                ),
                field="owner",
            )
            yield FormRow(
                "Due",
                Input(form.due, id="due", placeholder="e.g. friday, in 2 weeks", compact=True),
                field="due",
                hint=f"Empty for no date. Try {DATE_EXAMPLES}.",
                preview=describe_date(clock.today()),
            )
            yield TickBox("Private: kept out of anything shared", form.private, id="action-private", compact=True)
            day = core.origin_day(self.app.store, self.action) if self.action is not None else None
            if day is not None:
                yield Static(f"From the session on {format_date(day)}", id="action-origin", classes="muted")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save" if self.action else "Add", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def read_form(self) -> ActionForm:
        owner = self.query_one("#owner", Select).value
        return ActionForm(
            self.query_one("#text", Input).value,
            str(owner),
            self.query_one("#due", Input).value,
            self.initial.action_id,
            self.query_one("#action-private", Checkbox).value,
        )

    def problems(self) -> dict[str, str]:
        form = self.read_form()
        session_id = self.action.session_id if self.action else None
        try:
            core.check_action(
                self.app.store,
                self.partnership.id,
                session_id=session_id,
                today=clock.today(),
                text=form.text,
                owner=form.owner,
                due=form.due,
            )
        except ValidationError as error:
            return error.problems
        return {}

    def has_changes(self) -> bool:
        # Against the item as stored: what a failed save gave back counts as typed.
        return self.read_form() != self.initial

    def action_save(self) -> None:
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            self.focus_first_problem(problems)
            return
        self.dismiss(self.read_form())


class WillTryDialog(FormDialog["int | None"]):
    """After a reflection: turn the ticked "what I will try" lines into action items.

    Returns how many were created, or None when skipped.
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="WillTryDialog")
        + """
    WillTryDialog > Vertical { padding: 0 2; overflow-y: auto; }
    WillTryDialog SelectionList { height: auto; max-height: 25vh; margin-bottom: 1; }
    WillTryDialog #dialog-error { display: none; }
    WillTryDialog #dialog-error.-shown { display: block; }
    WillTryDialog FormRow .form-label { width: 8; }
    WillTryDialog FormRow .form-hint, WillTryDialog FormRow .field-error { padding-left: 8; }
    WillTryDialog FormRow .form-control { max-width: 60; }
    WillTryDialog #will-try-intro { margin: 1 0; }
    """
    )

    def __init__(self, session_id: int, will_try_text: str):
        super().__init__()
        self.session_id = session_id
        self.lines = core.actions_from_will_try(will_try_text)
        self.saving = False

    def compose(self) -> ComposeResult:
        store, now = self.app.store, clock.now()
        session = store.get(Session, self.session_id)
        partnership = store.get(Partnership, session.partnership_id) if session else None
        partner = partnership.partner_name if partnership else "Partner"
        existing = core.session_action_texts(store, self.session_id)
        due = core.suggested_due(store, partnership, now) if partnership else None
        if partnership is not None and due is not None:
            hint = f"Default: the day of the next session, {format_date(due, year=False)}."
            due_text = typed_date(due)
        else:
            hint, due_text = "Default: a week from today.", "in 1 week"
        with Vertical() as box:
            box.border_title = "Turn what you will try into actions"
            intro = (
                "Untick what is not an action; the rest carry over until done."
                if self.lines
                else "“What I will try” is empty: there is nothing to turn into actions."
            )
            yield Static(intro, id="will-try-intro", classes="muted")
            yield TickList(
                *[
                    Selection(
                        self.label(line, line.casefold() in existing),
                        index,
                        line.casefold() not in existing,
                        disabled=line.casefold() in existing,
                    )
                    for index, line in enumerate(self.lines)
                ],
                id="will-try-lines",
            )
            yield FormRow(
                "Owner",
                Select(owner_options(partner), id="owner", value=Owner.ME.value, allow_blank=False, compact=True),
                field="owner",
            )
            yield FormRow(
                "Due",
                Input(due_text, id="due", placeholder="e.g. friday, in 2 weeks", compact=True),
                field="due",
                hint=hint,
                preview=describe_date(clock.today()),
            )
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Skip", id="skip")
                yield Button("Create", id="create", variant="primary")

    @staticmethod
    def label(line: str, already: bool) -> Text:
        text = rich_literal(line, one_line=True)
        if already:
            text.append("  (already an action)", style="dim")
        return text

    def on_mount(self) -> None:
        self.update_button()
        self.query_one(SelectionList).focus()

    def ticked(self) -> list[str]:
        return [self.lines[index] for index in sorted(self.query_one(SelectionList).selected)]

    @on(SelectionList.SelectedChanged)
    def update_button(self) -> None:
        count = len(self.ticked())
        button = self.query_one("#create", Button)
        button.label = f"Create {count} action{'s' if count != 1 else ''}"
        button.disabled = count == 0 or self.saving

    def problems(self) -> dict[str, str]:
        """What is wrong with the owner and due date, if anything (checked as add_action would)."""
        store = self.app.store
        session = store.get(Session, self.session_id)
        if session is None:
            return {"session_id": "That session no longer exists (deleted in another window?)."}
        owner, due = str(self.query_one("#owner", Select).value), self.query_one("#due", Input).value
        try:
            core.check_action(
                store, session.partnership_id, session_id=self.session_id, today=clock.today(), owner=owner, due=due
            )
        except ValidationError as error:
            return error.problems
        return {}

    def show_problems(self, problems: dict[str, str]) -> None:
        for row in self.query(FormRow):
            row.show_error(problems.get(row.field))
        error = self.query_one("#dialog-error", Static)
        error.update(literal(problems.get("session_id", "")))
        error.set_class("session_id" in problems, "-shown")

    @on(Input.Changed)
    def recheck(self) -> None:
        if self.query_one("#row-due", FormRow).has_class("-invalid"):
            self.show_problems(self.problems())

    def action_save(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        texts = self.ticked()
        if not texts or self.saving:
            return
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            return
        store, now = self.app.store, clock.now()
        owner, due = str(self.query_one("#owner", Select).value), self.query_one("#due", Input).value
        self.saving = True
        self.update_button()

        def failed() -> None:
            self.saving = False
            self.update_button()

        self.app.save_in_background(
            lambda: core.add_session_actions(store, self.session_id, texts, owner=owner, due=due, now=now),
            lambda created: self.dismiss(len(created)),
            on_failed=failed,
            what="the action items",
        )

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        if not self.saving:
            self.dismiss(None)
