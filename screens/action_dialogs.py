"""The action item dialogs: the editor, and after a reflection the one that turns "what I
will try" into action items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from companion import actions as core
from companion import clock
from companion.dates import DATE_EXAMPLES, format_date
from companion.errors import ValidationError
from companion.models import ActionItem, Owner, Partnership, Session
from companion.terminal_text import printable
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.text import literal, markup
from screens.widgets import DatePreview, FormRow, TickBox, describe_date


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


@dataclass(frozen=True)
class WillTryRow:
    """One line of the "what I will try" dialog as it stands: ticked or not, owner, due."""

    take: bool
    owner: str
    due: str


class WillTryDialog(FormDialog["int | None"]):
    """After a reflection: each line of "what I will try" becomes its own action item, with
    its own owner and due date. Ctrl+S creates the ticked lines together; an unticked line is
    simply not created (the reflection keeps its words). Escape skips, asking first when an
    owner, a date or a tick was changed.

    Returns how many were created, or None when skipped.
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="WillTryDialog")
        + """
    WillTryDialog > Vertical { padding: 0 1; overflow-y: auto; }
    WillTryDialog #dialog-error { display: none; }
    WillTryDialog #dialog-error.-shown { display: block; }
    WillTryDialog #will-try-intro { margin: 1 0 0 0; }
    WillTryDialog .will-try-row { height: auto; margin-top: 1; }
    WillTryDialog .will-try-row Checkbox { width: 1fr; }
    WillTryDialog .will-try-fields { height: auto; padding-left: 2; }
    WillTryDialog .will-try-fields Select { width: 13; }
    WillTryDialog .will-try-fields Label { padding: 0 1; }
    WillTryDialog .will-try-fields Input { width: 1fr; max-width: 24; }
    WillTryDialog .field-error, WillTryDialog .will-try-preview { padding-left: 2; }
    WillTryDialog #will-try-due-hint { margin-top: 1; }
    """
    )

    DISCARD_QUESTION = "Skip without creating any action? The reflection keeps what you wrote."

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
            hint = f"Due dates start at the day of the next session, {format_date(due, year=False)}."
            due_text = typed_date(due)
        else:
            hint, due_text = "Due dates start a week from today.", "in 1 week"
        with Vertical() as box:
            box.border_title = "Turn what you will try into actions"
            if self.lines:
                intro = markup(
                    "Each line becomes an action: choose who does it (you, $partner or both) and "
                    "by when. Untick what is not an action. [b]Ctrl+S[/b] creates them.",
                    partner=printable(partner, one_line=True),
                )
            else:
                intro = markup("“What I will try” is empty: there is nothing to turn into actions.")
            yield Static(intro, id="will-try-intro", classes="muted")
            for index, line in enumerate(self.lines):
                yield from self.row(index, line, line.casefold() in existing, partner, due_text)
            yield Static(hint, id="will-try-due-hint", classes="muted")
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Skip", id="skip")
                yield Button("Create", id="create", variant="primary")

    def row(self, index: int, line: str, already: bool, partner: str, due: str) -> ComposeResult:
        """A line: its tick and words, then its owner and due date, then its problem."""
        with Vertical(classes="will-try-row"):
            label = literal(line, one_line=True)
            if already:
                label += Content.styled("  (already an action)", "dim")
            yield TickBox(label, not already, id=f"take-{index}", disabled=already, compact=True)
            with Horizontal(classes="will-try-fields"):
                owners = owner_options(partner)
                yield Select(
                    owners, value=Owner.ME.value, allow_blank=False, id=f"owner-{index}", compact=True, disabled=already
                )
                yield Label("due", classes="muted")
                yield Input(due, id=f"due-{index}", placeholder="e.g. friday", compact=True, disabled=already)
            if not already:
                yield DatePreview(f"#due-{index}", describe_date(clock.today()), classes="will-try-preview")
            yield Static("", id=f"due-{index}-error", classes="field-error")

    def on_mount(self) -> None:
        self.update_button()
        first = next((box for box in self.query(Checkbox) if not box.disabled), None)
        if first is not None:
            first.focus()

    def rows(self) -> list[WillTryRow]:
        return [
            WillTryRow(
                self.query_one(f"#take-{index}", Checkbox).value,
                str(self.query_one(f"#owner-{index}", Select).value),
                self.query_one(f"#due-{index}", Input).value,
            )
            for index in range(len(self.lines))
        ]

    def ticked(self) -> list[int]:
        return [
            index
            for index, row in enumerate(self.rows())
            if row.take and not self.query_one(f"#take-{index}", Checkbox).disabled
        ]

    @on(Checkbox.Changed)
    def update_button(self) -> None:
        count = len(self.ticked())
        button = self.query_one("#create", Button)
        button.label = f"Create {count} action{'s' if count != 1 else ''}"
        button.disabled = count == 0 or self.saving

    def problems(self) -> dict[str, str]:
        """What is wrong with the ticked lines' owners and dates, by widget id (checked as
        add_action would); "session_id" when the session is gone."""
        store = self.app.store
        session = store.get(Session, self.session_id)
        if session is None:
            return {"session_id": "That session no longer exists (deleted in another window?)."}
        rows, problems = self.rows(), {}
        for index in self.ticked():
            try:
                core.check_action(
                    store,
                    session.partnership_id,
                    session_id=self.session_id,
                    today=clock.today(),
                    owner=rows[index].owner,
                    due=rows[index].due,
                )
            except ValidationError as error:
                problems[f"due-{index}"] = " ".join(error.problems.values())
        return problems

    def show_problems(self, problems: dict[str, str]) -> None:
        for index in range(len(self.lines)):
            error = self.query_one(f"#due-{index}-error", Static)
            error.update(literal(problems.get(f"due-{index}", "")))
            error.set_class(f"due-{index}" in problems, "-shown")
        error = self.query_one("#dialog-error", Static)
        error.update(literal(problems.get("session_id", "")))
        error.set_class("session_id" in problems, "-shown")

    def fields_changed(self) -> None:
        if self.query(".field-error.-shown"):
            self.show_problems(self.problems())

    def action_save(self) -> None:
        self.action_create()

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        chosen = self.ticked()
        if not chosen or self.saving:
            return
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            first = next((key for key in problems if key.startswith("due-")), None)
            if first is not None:
                self.query_one(f"#{first}", Input).focus()
            return
        rows, store, now = self.rows(), self.app.store, clock.now()
        planned = [core.PlannedAction(self.lines[i], rows[i].owner, rows[i].due) for i in chosen]
        self.saving = True
        self.update_button()

        def failed() -> None:
            self.saving = False
            self.update_button()

        self.app.save_in_background(
            lambda: core.add_planned_actions(store, self.session_id, planned, now=now),
            lambda created: self.dismiss(len(created)),
            on_failed=failed,
            what="the action items",
        )

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        if not self.saving:
            self.action_cancel()
