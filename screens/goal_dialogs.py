"""The goal dialogs: the editor, a check-in, achieving a goal, and a goal's story."""

from __future__ import annotations

from dataclasses import fields, replace

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Sparkline, Static

from companion import clock, goal_display
from companion import goals as core
from companion.dates import format_date
from companion.errors import ValidationError
from companion.goal_display import progress_text
from companion.models import Goal, Partnership, TrackRating
from companion.terminal_text import printable
from screens.base import CompanionDialog
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.goal_rating import partnership_or_none, rating_row
from screens.text import literal, markup, rich_literal
from screens.widgets import FormRow, TickBox, describe_date

RATING_STYLE = {TrackRating.ON_TRACK: "green", TrackRating.AT_RISK: "yellow", TrackRating.OFF_TRACK: "bold red"}


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
    GoalEditor #goal-private { margin: 0 0 1 20; }
    GoalEditor.-narrow #goal-private { margin: 0 0 1 0; }
    """
    )
    DISCARD_QUESTION = "Discard the changes to this goal?"
    ENTER_MOVES_ON = True

    def __init__(self, partnership_id: int, goal: Goal | None = None, typed: core.GoalForm | None = None):
        super().__init__()
        self.partnership_id = partnership_id
        self.goal = goal
        self.initial = editable(core.GoalForm.from_goal(goal)) if goal else core.GoalForm()
        self.typed = typed  # what was typed before a save that failed

    @property
    def partnership(self) -> Partnership | None:
        return partnership_or_none(self.store, self.partnership_id)

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
                    preview=describe_date(clock.today()),
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
                    preview=describe_date(clock.today()),
                    hint="Learning takes time: a first visible result, not the finish line.",
                )
                yield FormRow(
                    "Tags",
                    Input(
                        form.tags, id="tags", placeholder="e.g. ai, tooling (steer the agenda's prompts)", compact=True
                    ),
                    field="tags",
                )
                yield rating_row(self.partnership, "start", form.self_assessment_start)
                yield TickBox("Private: kept out of anything shared", form.private, id="goal-private", compact=True)
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
        return core.GoalForm(**values, private=self.query_one("#goal-private", TickBox).value)

    def problems(self) -> dict[str, str]:
        try:
            core.build_goal(self.read_form(), clock.today(), self.partnership_id, self.goal)
        except ValidationError as error:
            return error.problems
        return {}

    def has_changes(self) -> bool:
        # Against the goal as stored: what a failed save gave back counts as typed.
        return self.read_form() != self.initial

    def action_save(self) -> None:
        if self.refuse(self.problems()):
            return
        goal = core.build_goal(self.read_form(), clock.today(), self.partnership_id, self.goal)
        self.dismiss(goal)


class CheckInDialog(FormDialog[tuple[str, str, str, str] | None]):
    """Progress 0–100, on track or not, a note, and the date (today by default)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="CheckInDialog")
        + """
    CheckInDialog FormRow .form-label { width: 12; }
    CheckInDialog FormRow .form-hint, CheckInDialog FormRow .field-error { padding-left: 12; }
    """
    )

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
            yield FormRow(
                "Date", Input("today", id="on", compact=True), field="on", preview=describe_date(clock.today())
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Check in", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#progress", Input).focus()

    def problems(self) -> dict[str, str]:
        try:
            core.check_check_in(
                self.query_one("#progress", Input).value, self.query_one("#on", Input).value, clock.today()
            )
        except ValidationError as error:
            return error.problems
        return {}

    def action_save(self) -> None:
        if self.refuse(self.problems()):
            return
        progress = self.query_one("#progress", Input).value
        rating = str(self.query_one("#rating", Select).value)
        on_text = self.query_one("#on", Input).value
        self.dismiss((progress.strip().removesuffix("%"), rating, self.query_one("#note", Input).value, on_text))


class AchieveDialog(FormDialog[tuple[str, str] | None]):
    """Achieving a goal asks for its final progress (the last check-in's, or 100 without
    one, so an achieved goal never shows an empty bar) and where you ended up, to set
    beside where you started. Returns (progress, closing self-assessment)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="AchieveDialog")
        + """
    AchieveDialog FormRow .form-label { width: 16; }
    AchieveDialog FormRow .form-hint, AchieveDialog FormRow .field-error { padding-left: 16; }
    """
    )

    def __init__(self, goal: Goal):
        super().__init__()
        self.goal = goal

    @property
    def partnership(self) -> Partnership | None:
        return partnership_or_none(self.store, self.goal.partnership_id)

    def compose(self) -> ComposeResult:
        start = self.goal.self_assessment_start
        progress = core.final_progress_default(self.goal)
        with Vertical() as box:
            box.border_title = markup("Achieved: $title", title=printable(self.goal.title, one_line=True))
            yield FormRow(
                "Final progress",
                Input(str(progress), id="progress", placeholder="0 to 100", compact=True),
                field="progress",
                hint=f"Last check-in: {self.goal.progress}%" if self.goal.check_ins else "No check-in yet.",
            )
            yield rating_row(self.partnership, "close", started=start)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Achieved", id="save", variant="success")

    def on_mount(self) -> None:
        self.query_one("#closing_assessment", Select).focus()

    def read_form(self) -> tuple[str, str]:
        value = self.query_one("#closing_assessment", Select).value
        closing = "" if value is Select.NULL else str(value)
        return self.query_one("#progress", Input).value.strip().removesuffix("%"), closing

    def problems(self) -> dict[str, str]:
        return core.achieve_problems(*self.read_form())

    def action_save(self) -> None:
        if self.refuse(self.problems()):
            return
        self.dismiss(self.read_form())


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
            ("Progress", progress_text(goal)),
            ("Why", goal.why),
            ("Done looks like", goal.done_looks_like),
            ("My expectation", goal.my_expectation or "not written yet"),
            ("Partner expects", goal.partner_expectation or "not written yet"),
            ("First result by", format_date(goal.first_result_date) if goal.first_result_date else "–"),
            ("Target", format_date(goal.target_date) if goal.target_date else "–"),
            ("Self-assessment", self.self_assessment()),
            ("Tags", ", ".join(goal.tags) or "–"),
        ):
            grid.add_row(label, rich_literal(value))
        return grid

    def self_assessment(self) -> str:
        """ "2 → 4", and whose ratings they are when the person mentors the goal's owner."""
        text = goal_display.self_assessment_text(self.goal)
        partnership = partnership_or_none(self.store, self.goal.partnership_id)
        if goal_display.rates_own_goals(partnership):
            return text
        return f"{text} ({goal_display.whose_rating(partnership)} own rating)"

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
