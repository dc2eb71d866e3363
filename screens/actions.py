"""Action items: what someone will try before the next session, made by hand or from
"what I will try" after a reflection; open ones overdue first, done with one key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.color import ColorParseError
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, DataTable, Footer, Header, Input, Select, SelectionList, Static, Tab, Tabs
from textual.widgets.selection_list import Selection

from companion import actions as core
from companion import clock
from companion.dates import DATE_EXAMPLES, format_date
from companion.errors import ValidationError
from companion.models import ActionItem, Owner, Partnership, Session
from companion.partnerships import current_partnership
from companion.terminal_text import printable
from screens.base import CompanionDialog, CompanionScreen
from screens.dialogs import DIALOG_CSS, ConfirmDialog, FormDialog
from screens.text import literal, markup, notify_literal, rich_literal
from screens.widgets import FormRow, fit_flexible_column, selected_record_id

COLUMNS = [("text", "Action"), ("owner", "Owner"), ("due", "Due"), ("from", "From"), ("done", "Done")]
FILTERS: list[tuple[core.View, str]] = [("open", "Open"), ("done", "Done"), ("all", "All")]
# Fixed widths keep every column on screen at 80 columns; the action text takes what is left.
WIDTHS = {"owner": 9, "due": 12, "from": 6, "done": 8}
TEXT_MIN = 16
KEYS_TEXT = "n new · e or Enter edit · space done/open · x delete · f filter · Esc back"


def owner_options(partner_name: str) -> list[tuple[str | Content, str]]:
    """The owner choices, with the partner's name where a person expects it."""
    partner = literal(partner_name, one_line=True)
    return [("Me", Owner.ME.value), (partner, Owner.PARTNER.value), ("Both of us", Owner.BOTH.value)]


def typed_date(day: date | None) -> str:
    """A date as the due-date field shows it, in a form it reads back ("1 Dec 2026")."""
    return format_date(day, weekday=False) if day else ""


class ActionCommands(Provider):
    """The actions screen's keys in the command palette (Ctrl+P)."""

    COMMANDS = [
        ("New action", "action_new", "Add an action item by hand"),
        ("Edit action", "action_edit", "Change the selected item's text, owner or due date"),
        ("Toggle done", "action_toggle_done", "Mark the selected item done, or open again"),
        ("Delete action", "action_delete", "Delete the selected item (asks first)"),
        ("Filter actions", "action_filter", "Show open, done or all items"),
    ]

    async def discover(self) -> Hits:
        for name, method, help_text in self.COMMANDS:
            yield Hit(1.0, name, getattr(self.screen, method), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, method, help_text in self.COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), getattr(self.screen, method), help=help_text)


class ActionsScreen(CompanionScreen):
    """The current partnership's action items in a table, filtered by open / done / all."""

    CSS_PATH = "actions.tcss"
    AUTO_FOCUS = "#action-table"
    COMMANDS = {ActionCommands}
    BINDINGS = [
        Binding("escape", "back", "Back", id="actions_back", tooltip="Back to the dashboard"),
        Binding("n", "new", "New", id="actions_new", tooltip="Add an action item by hand"),
        Binding("e", "edit", "Edit", id="actions_edit", tooltip="Change text, owner or due date"),
        Binding("enter", "edit", "Edit", id="actions_edit_enter", show=False),
        Binding("space", "toggle_done", "Done", id="actions_toggle_done", tooltip="Mark done, or open again"),
        Binding("x", "delete", "Delete", id="actions_delete", tooltip="Delete the selected item (asks first)"),
        Binding("f", "filter", "Filter", id="actions_filter", tooltip="Show open, done or all items"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.partnership: Partnership | None = None
        self.actions: list[ActionItem] = []
        self.show: core.View = "open"
        self.session_days: dict[int, date | None] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="actions-body"):
            yield Tabs(
                *[Tab(label, id=f"show-{key}") for key, label in FILTERS], active="show-open", id="action-filter"
            )
            yield DataTable(id="action-table", cursor_type="row", zebra_stripes=True)
            yield Static(KEYS_TEXT, id="action-keys")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key, width=WIDTHS.get(key))
        self.fit_text_column()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.render_table())
        self.refresh_data()
        table.focus()

    def on_resize(self) -> None:
        self.fit_text_column()

    def fit_text_column(self) -> None:
        fit_flexible_column(self.query_one(DataTable), "text", WIDTHS, TEXT_MIN, self.size.width)

    # data -----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        store = self.app.store
        self.partnership = current_partnership(store)
        today = clock.today()
        self.actions = core.listed_actions(store, self.partnership, today, self.show) if self.partnership else []
        self.session_days = core.origin_days(store, self.actions)
        self.render_table()

    def render_table(self, keep: int | None = None) -> None:
        table = self.query_one(DataTable)
        keep = keep if keep is not None else self.selected_id()
        row_before = table.cursor_row
        today = clock.today()
        table.clear()
        for action in self.actions:
            table.add_row(*self.cells(action, today), key=str(action.id))
        self.query_one("#action-keys", Static).update(self.empty_text() if not self.actions else KEYS_TEXT)
        ids = [a.id for a in self.actions]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        elif ids:
            table.move_cursor(row=min(row_before, len(ids) - 1))

    def empty_text(self) -> str:
        if self.partnership is None:
            return "Set up a partnership first: action items belong to one."
        if not core.has_actions(self.app.store, self.partnership.id):
            return (
                "No action items yet. Press n to add one by hand, or finish a reflection: "
                "its “what I will try” lines become actions."
            )
        if self.show == "done":
            return "Nothing done yet. Select an open item and press space when it is done."
        return "Nothing open: all done. Press n to add an action, or f to see the done ones."

    def colour(self, name: str) -> Style:
        """A colour of the current theme (cells are Rich text, which cannot read CSS variables)."""
        try:
            return Style(color=self.app.theme_variables[name])
        except (KeyError, ColorParseError):
            return Style()

    def cells(self, action: ActionItem, today: date) -> list[Any]:
        done = action.done_on is not None
        overdue = core.is_overdue(action, today)
        muted = Style(dim=True)
        text = rich_literal(action.text, muted if done else "", one_line=True)
        if action.private:  # said in words, not by colour alone
            text = Text.assemble(("private ", Style(italic=True, dim=True)), text)
        partner = self.partnership.partner_name if self.partnership else "partner"
        owner = rich_literal(core.owner_label(action.owner, partner), one_line=True)
        for cell in (text, owner):
            cell.overflow, cell.no_wrap = "ellipsis", True
        if overdue:
            due_style = self.colour("text-error") + Style(bold=True)
        elif action.due == today and not done:
            due_style = self.colour("text-warning") + Style(bold=True)
        elif done or action.due is None:
            due_style = muted
        else:
            due_style = Style()
        due = Text(core.due_text(action, today), style=due_style, no_wrap=True)
        day = self.session_days.get(action.session_id) if action.session_id is not None else None
        came_from = Text(format_date(day, year=False, weekday=False) if day else "–", style="" if day else muted)
        if done:
            done_on = format_date(action.done_on, year=False, weekday=False)
            ticked = Text(f"✓ {done_on}", style=self.colour("text-success"))
        else:
            ticked = Text("open", style=muted)
        return [text, owner, due, came_from, ticked]

    def selected_id(self) -> int | None:
        return selected_record_id(self.query_one(DataTable))

    def selected(self) -> ActionItem | None:
        action_id = self.selected_id()
        return next((a for a in self.actions if a.id == action_id), None)

    # filtering ------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one(Tabs).action_next_tab()

    @on(Tabs.TabActivated)
    def filter_changed(self, event: Tabs.TabActivated) -> None:
        self.show = event.tab.id.removeprefix("show-")  # type: ignore[assignment]
        self.refresh_data()

    # changes --------------------------------------------------------------------------

    def run_change(
        self,
        work: Callable[[], Any],
        success: Callable[[Any], str],
        what: str,
        on_failed: Callable[[], None] | None = None,
    ) -> None:
        """Save in the background; when done, say what happened and refresh every screen."""

        def done(result: Any) -> None:
            notify_literal(self, success(result))  # names the action
            keep = result.id if isinstance(result, ActionItem) and result.id is not None else None
            self.app.refresh_screens()
            if keep is not None:
                self.render_table(keep=keep)

        self.app.save_in_background(work, done, on_failed=on_failed, what=what)

    def action_new(self) -> None:
        if self.partnership is None:
            self.notify("Set up a partnership first.", severity="warning")
            return
        self.open_editor()

    def action_edit(self) -> None:
        action = self.selected()
        if action is not None and self.partnership is not None:
            self.open_editor(action)

    @on(DataTable.RowSelected)
    def row_chosen(self) -> None:
        self.action_edit()

    def open_editor(self, action: ActionItem | None = None, typed: ActionForm | None = None) -> None:
        """The editor for a new or an existing action; after a failed save it opens again
        with what was typed, so nothing typed is lost."""
        partnership = self.partnership

        def closed(form: ActionForm | None) -> None:
            if form is None or partnership is None:
                return
            store, now = self.app.store, clock.now()
            retry = lambda: self.open_editor(action, form)  # noqa: E731
            if form.action_id is None:
                self.run_change(
                    lambda: core.add_action(
                        store, partnership.id, form.text, form.owner, form.due, now=now, private=form.private
                    ),
                    lambda a: f"Action added: {a.text}",
                    "the action",
                    retry,
                )
            else:
                self.run_change(
                    lambda: core.edit_action(
                        store,
                        form.action_id,
                        text=form.text,
                        owner=form.owner,
                        due=form.due,
                        private=form.private,
                        today=now.date(),
                    ),
                    lambda a: f"Action saved: {a.text}",
                    "the action",
                    retry,
                )

        self.app.push_screen(ActionEditor(partnership, action, typed=typed), closed)

    def action_toggle_done(self) -> None:
        action = self.selected()
        if action is None:
            return
        store, today, action_id = self.app.store, clock.today(), action.id
        if action.done_on is None:
            self.run_change(
                lambda: core.complete_action(store, action_id, today), lambda a: f"Done: {a.text}", "the action"
            )
        else:
            self.run_change(
                lambda: core.reopen_action(store, action_id), lambda a: f"Open again: {a.text}", "the action"
            )

    def action_delete(self) -> None:
        action = self.selected()
        if action is None:
            return
        store, action_id = self.app.store, action.id

        def answered(delete: bool | None) -> None:
            if delete:
                self.run_change(
                    lambda: core.delete_action(store, action_id), lambda _: f"Deleted: {action.text}", "the deletion"
                )

        question = markup("Delete “$text”?", text=printable(action.text, one_line=True))
        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep it"), answered)

    def action_back(self) -> None:
        self.app.show_dashboard()


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
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="action_editor_cancel"),
        Binding("ctrl+s", "save", "Save", id="action_editor_save"),
    ]
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
            )
            yield Checkbox("Private: kept out of anything shared", form.private, id="action-private", compact=True)
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

    @on(Input.Changed)
    @on(Select.Changed)
    def changed(self) -> None:
        self.recheck_shown_problems()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        problems = self.problems()
        self.show_problems(problems)
        if problems:
            self.focus_first_problem(problems)
            return
        self.dismiss(self.read_form())


class WillTryDialog(CompanionDialog["int | None"]):
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
    BINDINGS = [
        Binding("escape", "skip", "Skip", id="will_try_skip"),
        Binding("ctrl+s", "create", "Create", id="will_try_create"),
    ]

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
            yield SelectionList[int](
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

    @on(Input.Submitted)
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
