"""Goals: a table to filter and sort, an editor, check-ins and status changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static, Tab, Tabs

from companion import clock, goal_display
from companion import goals as core
from companion.dates import format_date
from companion.goal_display import goal_progress
from companion.models import Goal, GoalStatus, TrackRating
from companion.partnerships import current_partnership
from companion.terminal_text import printable
from screens.base import CompanionScreen
from screens.dialogs import TextDialog
from screens.footer import CompanionFooter
from screens.goal_dialogs import RATING_STYLE, AchieveDialog, CheckInDialog, GoalDetails, GoalEditor, editable
from screens.records import RecordTable
from screens.text import markup, notify_literal, rich_literal
from screens.widgets import FilterTabs

# "When" shows the days left for an active goal, else its status.
COLUMNS = [("title", "Goal"), ("progress", "Progress"), ("target", "Target"), ("left", "When"), ("rating", "Check-in")]
FILTERS = [("all", "All"), *[(s.value, s.value.capitalize()) for s in GoalStatus]]
# Fixed widths keep every column on screen at 80 columns; the title takes what is left.
WIDTHS = {"progress": 13, "target": 11, "left": 12, "rating": 9}
TITLE_MIN = 16
KEYS_TEXT = (
    "n new · e edit · c check in · Enter history · A achieve · p pause · x drop · "
    "r reactivate · s sort (or click a heading) · f filter"
)


class GoalsScreen(CompanionScreen):
    CSS_PATH = "goals.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="goals_back"),
        Binding("n", "new", "New goal", id="goals_new"),
        Binding("e", "edit", "Edit", id="goals_edit"),
        Binding("c", "check_in", "Check in", id="goals_check_in"),
        Binding("enter", "details", "History", id="goals_details", show=False),
        Binding("A", "status('achieve')", "Achieve", id="goals_achieve", show=False),
        Binding("p", "status('pause')", "Pause", id="goals_pause", show=False),
        Binding("x", "status('drop')", "Drop", id="goals_drop", show=False),
        Binding("r", "status('reactivate')", "Reactivate", id="goals_reactivate", show=False),
        Binding("s", "sort", "Sort", id="goals_sort"),
        Binding("f", "filter", "Filter", id="goals_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.goals: list[Goal] = []
        self.sort_key = "target"
        self.reverse = False
        self.status_filter: GoalStatus | None = GoalStatus.ACTIVE

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="goals-body"):
            yield FilterTabs(
                *[Tab(label, id=f"filter-{key}") for key, label in FILTERS], active="filter-active", id="goal-filter"
            )
            yield RecordTable(COLUMNS, WIDTHS, "title", TITLE_MIN, id="goal-table")
            yield Static(KEYS_TEXT, id="goal-keys")
        yield CompanionFooter()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#goal-table", RecordTable)

    def on_resize(self) -> None:
        self.table.fit(self.size.width)

    def on_mount(self) -> None:
        self.table.fit(self.size.width)
        self.refresh_data()
        self.table.focus()

    # data -----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        partnership = current_partnership(self.app.store)
        self.goals = core.goals_of(self.app.store, partnership.id) if partnership else []
        self.render_table()

    def render_table(self, keep: int | None = None) -> None:
        today = clock.today()
        shown = core.sorted_goals(self.goals, self.sort_key, today, reverse=self.reverse, status=self.status_filter)
        self.table.show(((g.id, self.cells(g, today)) for g in shown), keep)
        for key, label in COLUMNS:
            arrow = (" ▼" if self.reverse else " ▲") if key == self.sort_key else ""
            self.table.columns[key].label = Text(label + arrow)
        self.query_one("#goal-keys", Static).update(KEYS_TEXT if shown else self.empty_text())

    def empty_text(self) -> str:
        if not self.goals:
            return "No goals yet. Press n to set the first one: what you want to learn, and what each of you expects."
        return "No goals with this status. Press f to change the filter."

    @staticmethod
    def cells(goal: Goal, today: date) -> list[Any]:
        attention = core.needs_attention(goal, today)
        title = rich_literal(goal.title, "bold red" if attention else "", one_line=True)
        if goal.private:  # said in words, as on the action items screen
            title = Text.assemble(("private ", Style(italic=True, dim=True)), title)
        title.overflow, title.no_wrap = "ellipsis", True
        bar = Text(goal_progress(goal, 8))
        target = format_date(goal.target_date, weekday=False) if goal.target_date else "–"
        if goal.status is GoalStatus.ACTIVE:
            left = Text(goal_display.left_text(goal, today), style="bold red" if core.is_overdue(goal, today) else "")
        else:
            left = Text(goal.status.value, style="dim")
        rating = core.last_rating(goal)
        rated = Text(rating.value if rating else "none", style=RATING_STYLE.get(rating, "dim"))
        return [title, bar, target, left, rated]

    def selected(self) -> Goal | None:
        goal_id = self.table.selected_id
        return next((g for g in self.goals if g.id == goal_id), None)

    # sorting and filtering -------------------------------------------------------------

    def action_sort(self) -> None:
        keys = [key for key, _ in COLUMNS]
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.reverse = False
        self.render_table()

    @on(DataTable.HeaderSelected)
    def header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        self.reverse = not self.reverse if key == self.sort_key else False
        self.sort_key = key
        self.render_table()

    def action_filter(self) -> None:
        self.query_one(Tabs).action_next_tab()

    @on(Tabs.TabActivated)
    def filter_changed(self, event: Tabs.TabActivated) -> None:
        key = event.tab.id.removeprefix("filter-")
        self.status_filter = None if key == "all" else GoalStatus(key)
        self.render_table()

    # changes --------------------------------------------------------------------------

    def saved(self, goal: Goal | None = None) -> None:
        self.refresh_data()
        if goal is not None and goal.id is not None:
            self.render_table(keep=goal.id)

    def run_change(self, work, success: str, what: str, on_failed=None) -> None:
        """Validate on screen, save in the background, refresh when done."""

        def done(goal: Goal) -> None:
            notify_literal(self, success)  # names the goal
            self.saved(goal)

        self.app.save_in_background(work, done, on_failed=on_failed, what=what)

    def action_new(self) -> None:
        partnership = current_partnership(self.app.store)
        if partnership is None:
            return
        self.open_editor(partnership.id)

    def action_edit(self) -> None:
        goal = self.selected()
        if goal:
            self.open_editor(goal.partnership_id, goal)

    def open_editor(self, partnership_id: int, goal: Goal | None = None, typed: core.GoalForm | None = None) -> None:
        """The editor for a new or an existing goal; after a failed save it opens again with
        what was typed, so nothing typed is lost."""

        def closed(edited: Goal | None) -> None:
            if edited is None:
                return
            store, now = self.app.store, clock.now()
            self.run_change(
                lambda: core.save_goal(store, edited, now),
                f"Goal {'added' if edited.id is None else 'saved'}: {edited.title}",
                "the goal",
                lambda: self.open_editor(partnership_id, goal, editable(core.GoalForm.from_goal(edited))),
            )

        self.app.push_screen(GoalEditor(partnership_id, goal, typed=typed), closed)

    def action_check_in(self) -> None:
        goal = self.selected()
        if goal is None:
            return
        if goal.status is not GoalStatus.ACTIVE:
            self.notify(f"This goal is {goal.status.value}; reactivate it (r) to check in.", severity="warning")
            return

        def closed(values: tuple[str, str, str, str] | None) -> None:
            if values is None:
                return
            progress, rating, note, on_text = values
            store, today = self.app.store, clock.today()
            self.run_change(
                lambda: core.add_check_in(store, goal.id, progress, TrackRating(rating), note, on_text, today),
                f"Checked in on {goal.title}: {progress}%",
                "the check-in",
            )

        self.app.push_screen(CheckInDialog(goal), closed)

    def action_status(self, action: str) -> None:
        goal = self.selected()
        if goal is None:
            return
        refused = core.status_change_refused(goal, action)
        if refused:
            self.notify(refused, severity="warning")
            return
        store, today = self.app.store, clock.today()

        def apply(**extra) -> None:
            self.run_change(
                lambda: core.change_status(store, goal.id, action, today, **extra),
                f"{goal.title}: {core.past_tense(action)}",
                "the goal's status",
            )

        if action == "achieve":
            self.app.push_screen(
                AchieveDialog(goal),
                lambda given: apply(final_progress=given[0], closing_assessment=int(given[1])) if given else None,
            )
        elif action == "drop":
            self.app.push_screen(
                TextDialog(
                    markup("Why drop “$title”?", title=printable(goal.title, one_line=True)),
                    placeholder="e.g. priorities changed",
                    check=lambda t: None if t.strip() else "A few words, so you remember later.",
                ),
                lambda reason: apply(reason=reason) if reason else None,
            )
        else:
            apply()

    def action_details(self) -> None:
        goal = self.selected()
        if goal:
            self.app.push_screen(GoalDetails(goal))

    @on(DataTable.RowSelected)
    def row_chosen(self) -> None:
        self.action_details()

    def action_back(self) -> None:
        self.app.show_dashboard()
