"""Action items: what someone will try before the next session, made by hand or from
"what I will try" after a reflection; open ones overdue first, done with one key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.color import ColorParseError
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static, Tab, Tabs

from companion import actions as core
from companion import clock
from companion.dates import format_date
from companion.models import ActionItem, Partnership
from companion.partnerships import current_partnership
from companion.terminal_text import printable
from screens.action_dialogs import ActionEditor, ActionForm
from screens.base import CompanionScreen
from screens.dialogs import ConfirmDialog
from screens.footer import CompanionFooter
from screens.records import RecordTable
from screens.text import markup, notify_literal, rich_literal
from screens.widgets import FilterTabs

COLUMNS = [("text", "Action"), ("owner", "Owner"), ("due", "Due"), ("from", "From"), ("done", "Done")]
FILTERS: list[tuple[core.View, str]] = [("open", "Open"), ("done", "Done"), ("all", "All")]
# Fixed widths keep every column on screen at 80 columns; the action text takes what is left.
WIDTHS = {"owner": 9, "due": 12, "from": 6, "done": 8}
TEXT_MIN = 16
KEYS_TEXT = "n new · e or Enter edit · space done/open · x delete · f filter · Esc back"


class ActionsScreen(CompanionScreen):
    """The current partnership's action items in a table, filtered by open / done / all."""

    CSS_PATH = "actions.tcss"
    AUTO_FOCUS = "#action-table"
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
            yield FilterTabs(
                *[Tab(label, id=f"show-{key}") for key, label in FILTERS], active="show-open", id="action-filter"
            )
            yield RecordTable(COLUMNS, WIDTHS, "text", TEXT_MIN, id="action-table", stay_near=True)
            yield Static(KEYS_TEXT, id="action-keys")
        yield CompanionFooter()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#action-table", RecordTable)

    def on_mount(self) -> None:
        self.table.fit(self.size.width)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.render_table())
        self.refresh_data()
        self.table.focus()

    def on_resize(self) -> None:
        self.table.fit(self.size.width)

    # data -----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        store = self.app.store
        self.partnership = current_partnership(store)
        today = clock.today()
        self.actions = core.listed_actions(store, self.partnership, today, self.show) if self.partnership else []
        self.session_days = core.origin_days(store, self.actions)
        self.render_table()

    def render_table(self, keep: int | None = None) -> None:
        today = clock.today()
        self.table.show(((a.id, self.cells(a, today)) for a in self.actions), keep)
        self.query_one("#action-keys", Static).update(self.empty_text() if not self.actions else KEYS_TEXT)

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

    def selected(self) -> ActionItem | None:
        action_id = self.table.selected_id
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
