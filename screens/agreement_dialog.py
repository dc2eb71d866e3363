"""The agreement: what each side wants, the reset phrase, the cycle's length and review
date (docs/learning-loop.md, "Agreement and cycles"). Asked once after the first-run
questions, where it can be skipped, and opened from settings at any time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from companion import clock
from companion.agreement import AgreementForm, clean_agreement, form_of, save_agreement
from companion.errors import ValidationError
from companion.models import Partnership
from companion.terminal_text import printable
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.widgets import FormRow, describe_date

if TYPE_CHECKING:
    from screens.app import CompanionApp

FIELDS = ("i_want", "partner_wants", "reset_phrase", "months", "review_on")


class AgreementDialog(FormDialog[AgreementForm | None]):
    """Every field optional; Escape or Skip (Cancel, from settings) leaves it as it was."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="AgreementDialog")
        + """
    AgreementDialog > Vertical { max-width: 84; max-height: 95%; padding: 0 1; }
    AgreementDialog VerticalScroll { height: auto; max-height: 1fr; }
    AgreementDialog FormRow .form-label { width: 20; }
    AgreementDialog FormRow .form-hint, AgreementDialog FormRow .field-error { padding-left: 20; }
    AgreementDialog FormRow { margin: 0; }
    AgreementDialog #agreement-intro { color: $text-muted; height: auto; }
    AgreementDialog.-short #agreement-intro { display: none; }
    """
    )
    DISCARD_QUESTION = "Leave the agreement without saving what you typed?"
    ENTER_MOVES_ON = True

    def __init__(self, partnership: Partnership, *, first_run: bool = False) -> None:
        super().__init__()
        self.partnership = partnership
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        form = form_of(self.partnership)
        with Vertical() as box:
            box.border_title = "Your agreement (optional)"
            yield Static(
                "What you each want, and a phrase either of you can say when something feels off. "
                "Leave any of it empty; Settings keeps it for later.",
                id="agreement-intro",
            )
            with VerticalScroll():
                yield self._row("I want", "i_want", form.i_want, "e.g. straight answers about new tools")
                yield self._row(
                    "My partner wants", "partner_wants", form.partner_wants, "e.g. a view of how decisions get made"
                )
                yield self._row(
                    "Reset phrase",
                    "reset_phrase",
                    form.reset_phrase,
                    'e.g. "can we pause?"',
                    hint="The agenda reminds you of it.",
                )
                yield self._row("Cycle (months)", "months", form.months, "3", hint="1 to 12; then you review it.")
                yield FormRow(
                    "Review on",
                    Input(form.review_on, id="review_on", placeholder="end of the cycle", compact=True),
                    field="review_on",
                    preview=describe_date(clock.today()),
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Skip" if self.first_run else "Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    @staticmethod
    def _row(label: str, field: str, value: str, placeholder: str, *, hint: str = "") -> FormRow:
        control = Input(printable(value, one_line=True), id=field, placeholder=placeholder, compact=True)
        return FormRow(label, control, field=field, hint=hint)

    def on_mount(self) -> None:
        self.query_one("#i_want", Input).focus()

    def read_form(self) -> AgreementForm:
        return AgreementForm(**{field: self.query_one(f"#{field}", Input).value for field in FIELDS})

    def problems(self) -> dict[str, str]:
        try:
            clean_agreement(self.read_form(), self.partnership.current_cycle, clock.today())
        except ValidationError as error:
            return error.problems
        return {}


def open_agreement(
    app: CompanionApp, partnership: Partnership, *, first_run: bool = False, then: Callable[[bool], None] | None = None
) -> None:
    """Ask for the agreement and save it; `then(saved)` runs once it is saved or left."""
    assert partnership.id is not None  # a stored partnership
    partnership_id, store = partnership.id, app.store

    def answered(form: AgreementForm | None) -> None:
        if form is None:
            if then is not None:
                then(False)
            return

        def saved(_: object) -> None:
            app.notify("Agreement saved." if not first_run else "Agreement saved; Settings can change it.")
            app.refresh_screens()
            if then is not None:
                then(True)

        app.save_in_background(
            lambda: save_agreement(store, partnership_id, form, clock.today()), saved, what="the agreement"
        )

    app.push_screen(AgreementDialog(partnership, first_run=first_run), answered)
