"""First run: who you are, who you meet, and how often."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Select, Static

from companion import clock, schedule
from companion.cadences import FirstMeeting, first_meeting, first_meeting_words
from companion.errors import ValidationError
from companion.models import Partnership
from companion.partnerships import complete_onboarding
from companion.validation import FieldError, OnboardingForm, build_onboarding, check_start_date, check_weekday
from screens.agreement_dialog import open_agreement
from screens.base import CompanionScreen
from screens.cadence_rows import FREQUENCY_OPTIONS as FREQUENCY_OPTIONS  # read from here too
from screens.cadence_rows import (
    SkippedNote,
    WeekFollower,
    cadence_rows,
    is_monthly,
    show_week_row,
)
from screens.footer import CompanionFooter
from screens.text import notify_literal
from screens.widgets import FormRow, describe_date

STANCE_OPTIONS = [
    ("Mentee: the senior colleague who learns", "mentee"),
    ("Mentor: the junior colleague who teaches", "mentor"),
]
FOCUS_OPTIONS = [
    ("Engineer", "engineer"),
    ("Designer", "designer"),
    ("Product manager", "product_manager"),
]
TEXT_FIELDS = ("name", "role", "partner_name", "at", "session_minutes", "start_date")
CHOICE_FIELDS = ("stance", "focus_role", "frequency", "weekday", "week_of_month")


def partner_rows(example_name: str = "") -> ComposeResult:
    """The partner's name, your stance and the focus role: the same three rows wherever a
    partnership is entered (first run, settings, a new partnership)."""
    placeholder = f"e.g. {example_name}" if example_name else ""
    yield FormRow(
        "Partner's name", Input(id="partner_name", placeholder=placeholder, compact=True), field="partner_name"
    )
    yield FormRow(
        "You are the",
        Select(STANCE_OPTIONS, id="stance", prompt="Choose mentor or mentee", compact=True),
        field="stance",
    )
    yield FormRow(
        "Focus role",
        Select(FOCUS_OPTIONS, id="focus_role", prompt="The mentee's role", compact=True),
        field="focus_role",
        hint="The mentee's role picks the agenda prompts.",
    )


def first_meeting_of(partnership: Partnership) -> FirstMeeting | None:
    """The first session of a partnership being set up, as the dashboard will show it."""
    now = clock.now()
    first = schedule.next_session(replace(partnership, id=0), [], now)
    return first_meeting(partnership.cadence, first.scheduled_at, now) if first else None


def first_session_preview(partnership: Partnership, meeting: FirstMeeting | None = None) -> str:
    """ "First session: Tue 1 Dec 2026 at 16:00, the first Tuesday of December; then …" for
    a partnership being set up."""
    meeting = meeting or first_meeting_of(partnership)
    when = first_meeting_words(meeting) if meeting else "not scheduled"
    return (
        f"First session: [b]{when}[/b]; then {partnership.cadence.describe()}, {partnership.session_minutes} minutes."
    )


class OnboardingScreen(CompanionScreen):
    """A single form; every field is checked inline and all problems show at once."""

    CSS_PATH = "onboarding.tcss"
    BINDINGS = [Binding("ctrl+s", "submit", "Start", id="onboarding_submit")]
    AUTO_FOCUS = "#name"

    def __init__(self) -> None:
        super().__init__()
        self._shown_errors: set[str] = set()
        self._week = WeekFollower()

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="onboarding"):
            yield Static(
                "[b]Welcome to Companion.[/b] A few questions and you are set: "
                "your agenda, notes and streaks all hang off these answers. "
                "You can change any of them later in Settings.",
                id="welcome",
            )
            yield Static("You", classes="form-section")
            yield FormRow("Your name", Input(id="name", placeholder="e.g. Alex Morgan", compact=True), field="name")
            yield FormRow(
                "Your role", Input(id="role", placeholder="e.g. Staff engineer (optional)", compact=True), field="role"
            )
            yield Static("Your partnership", classes="form-section")
            yield from partner_rows("Sam")
            yield Static("Your rhythm", classes="form-section")
            yield from cadence_rows(frequency="weekly", at="16:00")
            yield FormRow(
                "Session length",
                Input("45", id="session_minutes", placeholder="minutes", compact=True),
                field="session_minutes",
                hint="Minutes, 15 to 240.",
            )
            yield FormRow(
                "Starting",
                Input("today", id="start_date", placeholder="today, next tue, 12 Dec", compact=True),
                field="start_date",
                hint="A date: 2026-12-01, 12 Dec, tomorrow, friday, in 2 weeks.",
                preview=describe_date(clock.today()),
            )
            yield Static("", id="preview")
            yield SkippedNote(id="skipped")
            with Horizontal(id="actions"):
                yield Button("Start", id="start", variant="primary")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.update_preview()

    # reading the form ----------------------------------------------------------------

    def read_form(self) -> OnboardingForm:
        values: dict[str, str] = {}
        for field in TEXT_FIELDS:
            values[field] = self.query_one(f"#{field}", Input).value
        for field in CHOICE_FIELDS:
            value = self.query_one(f"#{field}", Select).value
            values[field] = "" if value is Select.NULL else str(value)
        if not is_monthly(self):
            values["week_of_month"] = ""
        return OnboardingForm(**values)

    def validate_form(self) -> tuple | None:
        """(profile, partnership), or None after showing every problem inline."""
        try:
            result = build_onboarding(self.read_form(), clock.today())
        except ValidationError as error:
            self.show_problems(error.problems)
            return None
        self.show_problems({})
        return result

    def show_problems(self, problems: dict[str, str], only_shown: bool = False) -> None:
        for row in self.query(FormRow):
            if only_shown and row.field not in self._shown_errors:
                continue
            row.show_error(problems.get(row.field))
            if row.field in problems:
                self._shown_errors.add(row.field)
            else:
                self._shown_errors.discard(row.field)

    def update_preview(self) -> None:
        show_week_row(self)
        self.follow_week()
        preview, skipped = self.query_one("#preview", Static), self.query_one(SkippedNote)
        try:
            _, partnership = build_onboarding(self.read_form(), clock.today())
        except ValidationError:
            preview.update("")
            skipped.show(None)
            return
        meeting = first_meeting_of(partnership)
        preview.update(first_session_preview(partnership, meeting))
        skipped.show(meeting)

    def follow_week(self) -> None:
        """Until a week is picked, a monthly cadence meets in the week of the first meeting day."""
        if not is_monthly(self):
            return
        form = self.read_form()
        try:
            weekday, start = check_weekday(form.weekday), check_start_date(form.start_date, clock.today())
        except FieldError:
            return
        self._week.follow(self, weekday, start)

    # events --------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    def field_changed(self) -> None:
        if self._shown_errors:
            try:
                build_onboarding(self.read_form(), clock.today())
                problems: dict[str, str] = {}
            except ValidationError as error:
                problems = error.problems
            self.show_problems(problems, only_shown=True)
        self.update_preview()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "start_date":
            self.action_submit()
        else:
            self.focus_next()

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        result = self.validate_form()
        if result is None:
            first_bad = next(iter(self._shown_errors_in_order()), None)
            if first_bad:
                self.query_one(f"#{first_bad}").focus()
            self.notify("Some answers need a fix; see the messages in red.", severity="warning")
            return
        profile, partnership = result
        self.query_one("#start", Button).disabled = True
        store = self.app.store
        now = clock.now()

        def saved(stored: Partnership) -> None:
            notify_literal(self.app, f"Welcome, {profile.name}. Your first session is on the dashboard.")
            self.app.show_dashboard()
            # A short, skippable agreement over the dashboard (docs/learning-loop.md).
            open_agreement(self.app, stored, first_run=True)

        def failed() -> None:
            self.query_one("#start", Button).disabled = False

        self.app.save_in_background(
            lambda: complete_onboarding(store, profile, partnership, now),
            saved,
            on_failed=failed,
            what="your answers",
        )

    def _shown_errors_in_order(self) -> list[str]:
        order = [row.field for row in self.query(FormRow)]
        return [field for field in order if field in self._shown_errors]
