"""The "Agreement" part of settings: what the current partnership agreed, and a button to
write or change it (screens/agreement_dialog.py; docs/learning-loop.md)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from companion import clock
from companion.agreement import review_words
from companion.models import Partnership
from screens.agreement_dialog import open_agreement
from screens.base import CompanionScreen
from screens.cycle_dialog import ask_new_cycle
from screens.text import literal


class AgreementSection(Vertical):
    DEFAULT_CSS = "AgreementSection { height: auto; } AgreementSection #agreement-summary { height: auto; }"

    def __init__(self) -> None:
        super().__init__()
        self.partnership: Partnership | None = None

    def compose(self) -> ComposeResult:
        yield Static("Agreement", classes="form-section")
        yield Static("", id="agreement-summary")
        with Horizontal(classes="section-actions"):
            yield Button("Write the agreement…", id="edit-agreement", compact=True)
            yield Button("Start a new cycle…", id="new-cycle", compact=True)

    def show(self, partnership: Partnership | None) -> None:
        self.partnership = partnership
        summary = self.query_one("#agreement-summary", Static)
        button = self.query_one("#edit-agreement", Button)
        button.disabled = partnership is None
        self.query_one("#new-cycle", Button).disabled = partnership is None
        if partnership is None:
            summary.update("")
            return
        cycle = partnership.current_cycle
        lines = [f"Cycle {cycle.number}, {cycle.months} months. {review_words(cycle, clock.today())}."]
        agreement = partnership.agreement
        if agreement is None:
            lines.append("No agreement yet: what you each want, and a phrase to pause and reset.")
        else:
            if agreement.reset_phrase:
                lines.append(f'Reset phrase: "{agreement.reset_phrase}"')
            lines.append("What you each want is written down.")
        summary.update(literal("\n".join(lines)))
        button.label = "Change the agreement…" if agreement else "Write the agreement…"

    @on(Button.Pressed, "#edit-agreement")
    def edit_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        screen = self.screen
        if self.partnership is not None and isinstance(screen, CompanionScreen):
            open_agreement(screen.app, self.partnership)

    @on(Button.Pressed, "#new-cycle")
    def new_cycle_pressed(self, event: Button.Pressed) -> None:
        """Any time, after the confirmation (docs/learning-loop.md, "The end of a cycle")."""
        event.stop()
        screen = self.screen
        if self.partnership is not None and isinstance(screen, CompanionScreen):
            ask_new_cycle(screen.app, self.partnership)
