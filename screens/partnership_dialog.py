"""Adding another partnership from settings: the partner part of the first-run questions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Select, Static

from companion import clock
from companion.errors import ValidationError
from companion.models import Partnership
from companion.partnerships import build_partnership
from companion.validation import OnboardingForm
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.onboarding import FREQUENCY_OPTIONS, first_session_preview, partner_rows
from screens.settings_form import WEEKDAY_OPTIONS, read_value
from screens.widgets import FormRow, TickBox, describe_date


class PartnershipDialog(FormDialog[tuple[Partnership, bool] | None]):
    """Another partnership: the partner part of the first-run questions."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="PartnershipDialog")
        + """
    PartnershipDialog > Vertical { max-width: 84; height: 90%; }
    PartnershipDialog VerticalScroll { height: 1fr; }
    PartnershipDialog FormRow .form-label { width: 18; }
    PartnershipDialog FormRow .form-hint, PartnershipDialog FormRow .field-error { padding-left: 18; }
    PartnershipDialog #new-preview { color: $text-success; height: auto; margin: 0 0 1 0; }
    PartnershipDialog Checkbox { margin-left: 17; }
    PartnershipDialog FormRow { margin: 0; }
    PartnershipDialog FormRow.-invalid { margin: 0 0 1 0; }
    """
    )
    DISCARD_QUESTION = "Discard this new partnership?"
    ENTER_MOVES_ON = True
    TEXT_FIELDS = ("partner_name", "at", "session_minutes", "start_date")
    CHOICE_FIELDS = ("stance", "focus_role", "frequency", "weekday")

    def compose(self) -> ComposeResult:
        form = OnboardingForm()
        with Vertical() as box:
            box.border_title = "Add a partnership"
            with VerticalScroll():
                yield from partner_rows("Jo")
                yield FormRow(
                    "Meet",
                    Select(FREQUENCY_OPTIONS, id="frequency", value=form.frequency, allow_blank=False, compact=True),
                    field="frequency",
                )
                yield FormRow(
                    "On", Select(WEEKDAY_OPTIONS, id="weekday", prompt="Choose a day", compact=True), field="weekday"
                )
                yield FormRow("At", Input(form.at, id="at", placeholder="18:00, 9:30, 6pm", compact=True), field="at")
                yield FormRow(
                    "Session length",
                    Input(form.session_minutes, id="session_minutes", placeholder="minutes", compact=True),
                    field="session_minutes",
                    hint="Minutes, 15 to 240.",
                )
                yield FormRow(
                    "Starting",
                    Input(form.start_date, id="start_date", placeholder="today, next tue, 12 Dec", compact=True),
                    field="start_date",
                    hint="2026-12-01, 12 Dec, tomorrow, friday, in 2 weeks.",
                    preview=describe_date(clock.today()),
                )
                yield Static("", id="new-preview")
                yield TickBox("Switch to it now", value=True, id="make-current", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Add", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#partner_name", Input).focus()

    def read_form(self) -> OnboardingForm:
        return OnboardingForm(**{f: read_value(self, f) for f in self.TEXT_FIELDS + self.CHOICE_FIELDS})

    def build(self) -> Partnership:
        return build_partnership(self.app.store, self.read_form(), clock.today())

    checking = False  # after a refused "Add", every field is checked as you type

    def fields_changed(self) -> None:
        """The preview follows what is typed; after a refused "Add", so do the problems."""
        preview = self.query_one("#new-preview", Static)
        try:
            partnership = self.build()
            problems: dict[str, str] = {}
        except ValidationError as error:
            partnership, problems = None, error.problems
        if self.checking:
            self.show_problems(problems)
        if partnership is None:
            preview.update("")
            return
        preview.update(first_session_preview(partnership))

    def action_save(self) -> None:
        try:
            partnership = self.build()
        except ValidationError as error:
            self.checking = True
            self.show_problems(error.problems)
            self.focus_first_problem(error.problems)
            return
        self.dismiss((partnership, self.query_one("#make-current", Checkbox).value))
