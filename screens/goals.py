"""Goals: a table to filter and sort, an editor, check-ins and status changes."""

from __future__ import annotations

from dataclasses import fields, replace

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Input, Select, Sparkline, Static, Tab, Tabs

from companion import clock
from companion import goals as core
from companion.dates import format_date
from companion.errors import ValidationError
from companion.models import Goal, GoalStatus, TrackRating
from companion.partnerships import current_partnership
from companion.terminal_text import printable
from screens.base import CompanionDialog, CompanionScreen
from screens.dialogs import DIALOG_CSS, FormDialog, TextDialog
from screens.text import literal, markup, notify_literal, rich_literal
from screens.widgets import FormRow, fit_flexible_column, selected_record_id

# "When" shows the days left for an active goal, else its status.
COLUMNS = [("title", "Goal"), ("progress", "Progress"), ("target", "Target"), ("left", "When"), ("rating", "Check-in")]
FILTERS = [("all", "All"), *[(s.value, s.value.capitalize()) for s in GoalStatus]]
# Fixed widths keep every column on screen at 80 columns; the title takes what is left.
WIDTHS = {"progress": 13, "target": 11, "left": 12, "rating": 9}
TITLE_MIN = 16
RATING_STYLE = {TrackRating.ON_TRACK: "green", TrackRating.AT_RISK: "yellow", TrackRating.OFF_TRACK: "bold red"}
ASSESSMENT_OPTIONS = [
    ("1: just starting", "1"),
    ("2: a little", "2"),
    ("3: getting there", "3"),
    ("4: confident", "4"),
    ("5: could teach it", "5"),
]


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
            yield Tabs(
                *[Tab(label, id=f"filter-{key}") for key, label in FILTERS], active="filter-active", id="goal-filter"
            )
            yield DataTable(id="goal-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                "n new · e edit · c check in · Enter history · A achieve · p pause · x drop · "
                "r reactivate · s sort (or click a heading) · f filter",
                id="goal-keys",
            )
        yield Footer()

    def on_resize(self) -> None:
        self.fit_title_column()

    def fit_title_column(self) -> None:
        fit_flexible_column(self.query_one(DataTable), "title", WIDTHS, TITLE_MIN, self.size.width)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key, width=WIDTHS.get(key))
        self.fit_title_column()
        self.refresh_data()
        table.focus()

    # data -----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        partnership = current_partnership(self.app.store)
        self.goals = core.goals_of(self.app.store, partnership.id) if partnership else []
        self.render_table()

    def render_table(self, keep: int | None = None) -> None:
        table = self.query_one(DataTable)
        keep = keep if keep is not None else self.selected_id()
        today = clock.today()
        shown = core.sorted_goals(self.goals, self.sort_key, today, reverse=self.reverse, status=self.status_filter)
        table.clear()
        for goal in shown:
            table.add_row(*self.cells(goal, today), key=str(goal.id))
        for key, label in COLUMNS:
            arrow = (" ▼" if self.reverse else " ▲") if key == self.sort_key else ""
            table.columns[key].label = Text(label + arrow)
        if not shown:
            self.query_one("#goal-keys", Static).update(self.empty_text())
        else:
            self.query_one("#goal-keys", Static).update(
                "n new · e edit · c check in · Enter history · A achieve · p pause · x drop · "
                "r reactivate · s sort (or click a heading) · f filter"
            )
        ids = [g.id for g in shown]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))

    def empty_text(self) -> str:
        if not self.goals:
            return "No goals yet. Press n to set the first one: what you want to learn, and what each of you expects."
        return "No goals with this status. Press f to change the filter."

    @staticmethod
    def cells(goal: Goal, today) -> list:
        attention = core.needs_attention(goal, today)
        title = rich_literal(goal.title, "bold red" if attention else "", one_line=True)
        title.overflow, title.no_wrap = "ellipsis", True
        bar = Text(f"{core.progress_bar(goal.progress, 8)} {goal.progress:>3}%")
        target = format_date(goal.target_date, weekday=False) if goal.target_date else "–"
        if goal.status is GoalStatus.ACTIVE:
            left = Text(core.left_text(goal, today), style="bold red" if core.is_overdue(goal, today) else "")
        else:
            left = Text(goal.status.value, style="dim")
        rating = core.last_rating(goal)
        rated = Text(rating.value if rating else "none", style=RATING_STYLE.get(rating, "dim"))
        return [title, bar, target, left, rated]

    def selected_id(self) -> int | None:
        return selected_record_id(self.query_one(DataTable))

    def selected(self) -> Goal | None:
        goal_id = self.selected_id()
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
        if goal.status not in core.ALLOWED[action]:
            self.notify(f"A goal that is {goal.status.value} cannot be {core._past(action)}.", severity="warning")
            return
        store, today = self.app.store, clock.today()

        def apply(**extra) -> None:
            self.run_change(
                lambda: core.change_status(store, goal.id, action, today, **extra),
                f"{goal.title}: {core._past(action)}",
                "the goal's status",
            )

        if action == "achieve":
            self.app.push_screen(
                AchieveDialog(goal),
                lambda score: apply(closing_assessment=int(score)) if score else None,
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


def editable(form: core.GoalForm) -> core.GoalForm:
    """The form with its text as the editor's inputs show it (control characters visible)."""
    return replace(
        form,
        **{f.name: printable(getattr(form, f.name)) for f in fields(form) if isinstance(getattr(form, f.name), str)},
    )


class GoalEditor(FormDialog[Goal | None]):
    """Add or edit a goal; every field is checked inline; Escape asks before discarding."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="GoalEditor")
        + """
    GoalEditor > Vertical { max-width: 96; height: 90%; }
    GoalEditor VerticalScroll { height: 1fr; }
    GoalEditor FormRow .form-label { width: 20; }
    GoalEditor FormRow .form-hint, GoalEditor FormRow .field-error { padding-left: 20; }
    GoalEditor FormRow .form-control { max-width: 70; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="goal_editor_cancel"),
        Binding("ctrl+s", "save", "Save", id="goal_editor_save"),
    ]
    DISCARD_QUESTION = "Discard the changes to this goal?"

    def __init__(self, partnership_id: int, goal: Goal | None = None, typed: core.GoalForm | None = None):
        super().__init__()
        self.partnership_id = partnership_id
        self.goal = goal
        self.initial = editable(core.GoalForm.from_goal(goal)) if goal else core.GoalForm()
        self.typed = typed  # what was typed before a save that failed

    def compose(self) -> ComposeResult:
        form = self.typed or self.initial
        with Vertical() as box:
            box.border_title = "Edit goal" if self.goal else "New goal"
            with VerticalScroll():
                yield FormRow(
                    "Goal",
                    Input(
                        form.title,
                        id="title",
                        placeholder="e.g. Ship a feature with an AI pair programmer",
                        compact=True,
                    ),
                    field="title",
                )
                yield FormRow("Why it matters", Input(form.why, id="why", compact=True), field="why")
                yield FormRow(
                    "Done looks like",
                    Input(form.done_looks_like, id="done_looks_like", placeholder="How will you know?", compact=True),
                    field="done_looks_like",
                )
                yield FormRow(
                    "Target date",
                    Input(form.target_date, id="target_date", placeholder="e.g. in 6 weeks, 31 Jan", compact=True),
                    field="target_date",
                )
                yield FormRow(
                    "My expectation",
                    Input(
                        form.my_expectation, id="my_expectation", placeholder="What I expect from this", compact=True
                    ),
                    field="my_expectation",
                )
                yield FormRow(
                    "Partner expects",
                    Input(
                        form.partner_expectation,
                        id="partner_expectation",
                        placeholder="Ask them, in their words",
                        compact=True,
                    ),
                    field="partner_expectation",
                )
                yield FormRow(
                    "First result by",
                    Input(
                        form.first_result_date,
                        id="first_result_date",
                        placeholder="When is a first visible result fair?",
                        compact=True,
                    ),
                    field="first_result_date",
                    hint="Learning takes time: a first visible result, not the finish line.",
                )
                yield FormRow(
                    "Tags",
                    Input(
                        form.tags, id="tags", placeholder="e.g. ai, tooling (steer the agenda's prompts)", compact=True
                    ),
                    field="tags",
                )
                yield FormRow(
                    "Where I start",
                    Select(
                        ASSESSMENT_OPTIONS,
                        id="self_assessment_start",
                        value=form.self_assessment_start or Select.NULL,
                        prompt="Rate yourself 1 to 5",
                        compact=True,
                    ),
                    field="self_assessment_start",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def read_form(self) -> core.GoalForm:
        values = {
            name: self.query_one(f"#{name}", Input).value
            for name in (
                "title",
                "why",
                "done_looks_like",
                "target_date",
                "my_expectation",
                "partner_expectation",
                "first_result_date",
                "tags",
            )
        }
        start = self.query_one("#self_assessment_start", Select).value
        values["self_assessment_start"] = "" if start is Select.NULL else str(start)
        return core.GoalForm(**values)

    def problems(self) -> dict[str, str]:
        try:
            core.build_goal(self.read_form(), clock.today(), self.partnership_id, self.goal)
        except ValidationError as error:
            return error.problems
        return {}

    @on(Input.Changed)
    @on(Select.Changed)
    def changed(self) -> None:
        self.recheck_shown_problems()

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        problems = self.problems()
        if problems:
            self.show_problems(problems)
            self.focus_first_problem(problems)
            return
        goal = core.build_goal(self.read_form(), clock.today(), self.partnership_id, self.goal)
        self.dismiss(goal)


class CheckInDialog(CompanionDialog[tuple[str, str, str, str] | None]):
    """Progress 0–100, on track or not, a note, and the date (today by default)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="CheckInDialog")
        + """
    CheckInDialog FormRow .form-label { width: 12; }
    CheckInDialog FormRow .form-hint, CheckInDialog FormRow .field-error { padding-left: 12; }
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="check_in_cancel")]

    def __init__(self, goal: Goal):
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = markup("Check in: $title", title=printable(self.goal.title, one_line=True))
            yield FormRow(
                "Progress",
                Input(str(self.goal.progress), id="progress", placeholder="0 to 100", compact=True),
                field="progress",
                hint=f"Last time: {self.goal.progress}%",
            )
            last = self.goal.check_ins[-1].rating if self.goal.check_ins else TrackRating.ON_TRACK
            yield FormRow(
                "Feels",
                Select(
                    [(r.value, r.value) for r in TrackRating],
                    id="rating",
                    value=last.value,
                    allow_blank=False,
                    compact=True,
                ),
                field="rating",
                hint="Last time: " + last.value if self.goal.check_ins else "",
            )
            yield FormRow("Note", Input(id="note", placeholder="What moved, what is stuck", compact=True), field="note")
            yield FormRow("Date", Input("today", id="on", compact=True), field="on")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Check in", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#progress", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        progress = self.query_one("#progress", Input).value
        on_text = self.query_one("#on", Input).value
        try:
            core.check_check_in(progress, on_text, clock.today())
        except ValidationError as error:
            for row in self.query(FormRow):
                row.show_error(error.problems.get(row.field))
            return
        rating = str(self.query_one("#rating", Select).value)
        self.dismiss((progress.strip().removesuffix("%"), rating, self.query_one("#note", Input).value, on_text))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class AchieveDialog(CompanionDialog[str | None]):
    """Achieving a goal asks where you ended up, to set beside where you started."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AchieveDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="achieve_cancel")]

    def __init__(self, goal: Goal):
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        start = self.goal.self_assessment_start
        with Vertical() as box:
            box.border_title = markup("Achieved: $title", title=printable(self.goal.title, one_line=True))
            yield Static(
                f"You started at {start} of 5. Where are you now?" if start else "Where are you now, from 1 to 5?"
            )
            yield Select(ASSESSMENT_OPTIONS, id="closing", prompt="Rate yourself 1 to 5")
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Achieved", id="save", variant="success")

    def on_mount(self) -> None:
        self.query_one(Select).focus()

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        value = self.query_one(Select).value
        if value is Select.NULL:
            self.query_one("#dialog-error", Static).update("Choose where you ended up, 1 to 5.")
            return
        self.dismiss(str(value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class GoalDetails(CompanionDialog[None]):
    """A goal's story: expectations, the trend of its check-ins, and its status changes."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="GoalDetails")
        + """
    GoalDetails > Vertical { max-width: 96; height: auto; max-height: 90%; }
    GoalDetails VerticalScroll { height: auto; max-height: 80vh; }
    GoalDetails Sparkline { height: 3; margin: 1 0; }
    """
    )
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="goal_details_close")]

    def __init__(self, goal: Goal):
        super().__init__()
        self.goal = goal

    def compose(self) -> ComposeResult:
        goal = self.goal
        with Vertical() as box:
            box.border_title = literal(goal.title, one_line=True)
            with VerticalScroll():
                yield Static(self.summary(), id="goal-summary")
                if len(goal.check_ins) >= 2:
                    yield Sparkline([c.progress for c in goal.check_ins], id="goal-trend")
                yield Static(self.history(), id="goal-history")

    def summary(self) -> Table:
        goal = self.goal
        grid = Table.grid(padding=(0, 2))
        grid.add_column(justify="right", style="dim", no_wrap=True)
        grid.add_column(ratio=1)
        for label, value in (
            ("Status", goal.status.value),
            ("Progress", f"{goal.progress}%"),
            ("Why", goal.why),
            ("Done looks like", goal.done_looks_like),
            ("My expectation", goal.my_expectation or "not written yet"),
            ("Partner expects", goal.partner_expectation or "not written yet"),
            ("First result by", format_date(goal.first_result_date) if goal.first_result_date else "–"),
            ("Target", format_date(goal.target_date) if goal.target_date else "–"),
            ("Self-assessment", f"{goal.self_assessment_start or '–'} → {goal.self_assessment_end or '…'}"),
            ("Tags", ", ".join(goal.tags) or "–"),
        ):
            grid.add_row(label, rich_literal(value))
        return grid

    def history(self) -> Group:
        check_ins = Table.grid(padding=(0, 2))
        for column in ({"no_wrap": True}, {"justify": "right", "no_wrap": True}, {"no_wrap": True}, {"ratio": 1}):
            check_ins.add_column(**column)
        for entry in reversed(self.goal.check_ins):
            check_ins.add_row(
                format_date(entry.on),
                f"{entry.progress}%",
                Text(entry.rating.value, style=RATING_STYLE[entry.rating]),
                rich_literal(entry.note),
            )
        changes = Table.grid(padding=(0, 2))
        changes.add_column(no_wrap=True)
        changes.add_column(ratio=1)
        for change in reversed(self.goal.status_changes):
            reason = f" ({change.reason})" if change.reason else ""
            changes.add_row(format_date(change.on), rich_literal(f"{change.status.value}{reason}"))
        parts: list = [Text("\nCheck-ins", style="bold")]
        if self.goal.check_ins:
            parts.append(check_ins)
        else:
            parts.append(Text("None yet: press c on the goals screen.", style="dim"))
        return Group(*parts, Text("\nStatus", style="bold"), changes)

    def action_close(self) -> None:
        self.dismiss()
