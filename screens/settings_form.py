"""The settings form: its fields and their choices, reading and filling them, showing
their problems, the rows of each section, and what a stored partnership puts in them."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Button, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from companion.dates import format_clock
from companion.models import Partnership
from companion.validation import default_week_of_month
from screens.cadence_rows import WEEK_OF_MONTH_OPTIONS as WEEK_OF_MONTH_OPTIONS  # read from here too
from screens.cadence_rows import WEEKDAY_OPTIONS as WEEKDAY_OPTIONS
from screens.onboarding import partner_rows
from screens.text import rich_literal
from screens.widgets import FormRow

PROFILE_FIELDS = ("name", "role")
PARTNERSHIP_FIELDS = ("partner_name", "stance", "focus_role", "session_minutes")
CADENCE_FIELDS = ("frequency", "weekday", "week_of_month", "at")


def read_value(form: DOMNode, field: str) -> str:
    """What a form control holds, as text ("" for a Select with nothing chosen)."""
    widget = form.query_one(f"#{field}")
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else str(widget.value)
    return widget.value


def set_value(form: DOMNode, field: str, value: str) -> None:
    widget = form.query_one(f"#{field}")
    if widget.value != value:
        widget.value = value


def show_problems(form: DOMNode, problems: dict[str, str], fields: tuple[str, ...]) -> None:
    """Each of `fields` shows its problem, or none."""
    for row in form.query(FormRow):
        if row.field in fields:
            row.show_error(problems.get(row.field))


def focus_first_problem(form: DOMNode, problems: dict[str, str]) -> None:
    """The cursor goes to the first field with a problem, scrolled into view."""
    row = next((row for row in form.query(FormRow) if row.field in problems), None)
    if row is not None:
        row.control.focus()
        row.screen.query_one("#settings", VerticalScroll).scroll_to_widget(row, animate=False)


# --- the rows of each section ----------------------------------------------------------


def profile_rows() -> ComposeResult:
    yield Static("Profile", classes="form-section -first")
    yield FormRow("Your name", Input(id="name", placeholder="e.g. Alex Morgan", compact=True), field="name")
    yield FormRow(
        "Your role", Input(id="role", placeholder="e.g. Staff engineer (optional)", compact=True), field="role"
    )


def partnership_rows() -> ComposeResult:
    yield Static("Current partnership", id="partnership-title", classes="form-section")
    yield from partner_rows()
    yield FormRow(
        "Session length",
        Input(id="session_minutes", placeholder="minutes", compact=True),
        field="session_minutes",
        hint="15 to 240 minutes; built agendas are rescaled.",
    )
    with Horizontal(classes="section-actions"):
        yield Button(
            "Save", id="save", variant="primary", compact=True, tooltip="Save the profile and the partnership (Ctrl+S)"
        )
        yield Static("", id="save-state")


def partnership_list_rows() -> ComposeResult:
    yield Static("Partnerships", classes="form-section")
    yield OptionList(id="partnership-list")
    with Horizontal(classes="list-actions"):
        yield Button(
            "Switch to it",
            id="switch",
            compact=True,
            tooltip="Make the highlighted partnership current (Ctrl+O, or Enter)",
        )
        yield Button("Add partnership…", id="add-partnership", compact=True, tooltip="Ctrl+T")


def theme_rows(themes: list[str], current: str) -> ComposeResult:
    yield Static("Theme", classes="form-section")
    yield FormRow(
        "Theme",
        Select([(name, name) for name in themes], id="theme", value=current, allow_blank=False, compact=True),
        field="theme",
        hint="Applies at once. Also in the palette: Ctrl+P.",
    )


# --- what a partnership puts in the form -----------------------------------------------


def partnership_form(partnership: Partnership) -> dict[str, str]:
    return dict(
        partner_name=partnership.partner_name,
        stance=partnership.stance.value,
        focus_role=partnership.focus_role.value,
        session_minutes=str(partnership.session_minutes),
    )


def cadence_form(partnership: Partnership, today: date) -> dict[str, str]:
    """The cadence in force; a weekly one offers the week of its next meeting day from today,
    should it become monthly (so the first monthly session is not a month away)."""
    cadence = partnership.cadence
    return dict(
        frequency=cadence.frequency.value,
        weekday=str(cadence.weekday),
        week_of_month=str(cadence.week_of_month or default_week_of_month(cadence.weekday, today)),
        at=format_clock(cadence.at),
    )


def partnership_option(partnership: Partnership, is_current: bool) -> Option:
    label = Text()
    label.append("● " if is_current else "  ", style="bold")
    label.append_text(rich_literal(partnership.partner_name, "bold" if is_current else "", one_line=True))
    if is_current:
        label.append("  current", style="italic")
    label.append(
        f"\n  you are the {partnership.stance.value} · {partnership.focus_role.label} · "
        f"{partnership.cadence.describe()} · {partnership.session_minutes} min"
    )
    return Option(label, id=str(partnership.id))
