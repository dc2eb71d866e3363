"""The cadence part of settings: the cadence in force, a form for a new one with a preview of
what it changes, and the change itself, which keeps history (see companion/cadences.py)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

from companion import clock
from companion.cadences import (
    CadenceChange,
    FirstMeeting,
    cancel_orphans,
    change_cadence,
    first_meeting,
    first_meeting_words,
    first_session_on,
    is_cadence_in_force,
    preview_cadence,
)
from companion.dates import format_date, format_date_time
from companion.errors import ValidationError
from companion.models import Cadence, Frequency, Partnership, Session
from screens.cadence_rows import SkippedNote, cadence_rows, show_week_row
from screens.dialogs import ConfirmDialog
from screens.settings_form import CADENCE_FIELDS, focus_first_problem, read_value, show_problems
from screens.text import notify_literal

ORPHANS_LISTED = 5  # the question's lines do not wrap: a few short ones


class CadenceSection(Vertical):
    """Changing the cadence appends a new one from a day on; earlier sessions keep their times."""

    DEFAULT_CSS = "CadenceSection { height: auto; }"

    class Changed(Message):
        """A new cadence was saved: the form shows it from now on."""

        def __init__(self, change: CadenceChange) -> None:
            super().__init__()
            self.change = change

    def __init__(self) -> None:
        super().__init__()
        self.partnership: Partnership | None = None
        self.checking = False  # after a refused change, the fields are checked as you type

    def compose(self) -> ComposeResult:
        yield Static("Cadence", classes="form-subsection")
        yield Static("", id="cadence-now")
        yield from cadence_rows()
        yield Static("", id="cadence-preview")
        yield SkippedNote(id="cadence-skipped")
        with Horizontal(classes="section-actions"):
            yield Button("Change cadence", id="change-cadence", variant="primary", compact=True, tooltip="Ctrl+R")

    def show(self, partnership: Partnership | None) -> None:
        self.partnership = partnership
        self.query_one("#cadence-now", Static).update(in_force(partnership) if partnership else "")
        self.update_preview()

    def values(self) -> dict[str, Any]:
        """The cadence as the form holds it, as `preview_cadence` and `change_cadence` take it."""
        frequency = read_value(self, "frequency")
        week = read_value(self, "week_of_month")
        return dict(
            frequency=frequency,
            weekday=read_value(self, "weekday"),
            at=read_value(self, "at"),
            week_of_month=int(week) if frequency == Frequency.MONTHLY.value and week else None,
        )

    @on(Input.Changed)
    @on(Select.Changed)
    def update_preview(self) -> None:
        show_week_row(self)
        preview, skipped = self.query_one("#cadence-preview", Static), self.query_one(SkippedNote)
        skipped.show(None)
        if self.partnership is None:
            preview.update("")
            return
        now = clock.now()
        try:
            cadence = preview_cadence(self.partnership, now=now, **self.values())
            problems: dict[str, str] = {}
        except ValidationError as error:
            cadence, problems = None, error.problems
        if self.checking:
            show_problems(self, problems, CADENCE_FIELDS)
        if cadence is None:
            preview.update("")
        elif is_cadence_in_force(self.partnership, cadence):
            preview.update(Text("This is the cadence in force.", style="italic"))
        else:
            first = first_session_on(self.partnership, cadence, now)
            meeting = first_meeting(cadence, first, now) if first else None
            preview.update(new_cadence(cadence, meeting))
            skipped.show(meeting)

    @on(Button.Pressed, "#change-cadence")
    def change(self) -> None:
        if self.partnership is None:
            return
        values = self.values()
        try:
            cadence = preview_cadence(self.partnership, now=clock.now(), **values)
        except ValidationError as error:
            self.checking = True
            show_problems(self, error.problems, CADENCE_FIELDS)
            focus_first_problem(self, error.problems)
            return
        if is_cadence_in_force(self.partnership, cadence):
            self.notify(f"You already meet {cadence.describe()}.")
            return
        store, partnership_id, now = self.app.store, self.partnership.id, clock.now()
        button = self.query_one("#change-cadence", Button)
        button.disabled = True

        def work() -> CadenceChange | dict[str, str]:
            try:
                return change_cadence(store, partnership_id, now=now, **values)
            except ValidationError as error:
                return error.problems

        def done(result: CadenceChange | dict[str, str]) -> None:
            button.disabled = False
            if isinstance(result, dict):
                self.checking = True
                show_problems(self, result, CADENCE_FIELDS)
                notify_literal(self, "; ".join(result.values()), title="Cadence not changed", severity="warning")
                return
            self.checking = False
            show_problems(self, {}, CADENCE_FIELDS)
            self.post_message(self.Changed(result))
            if result.orphans:
                self.ask_about_orphans(result)

        self.app.save_in_background(
            work, done, on_failed=lambda: setattr(button, "disabled", False), what="the cadence"
        )

    def ask_about_orphans(self, change: CadenceChange) -> None:
        """Cancel the planned sessions the new cadence does not have, or keep them as extras?"""
        several = len(change.orphans) > 1

        def answered(cancel: bool | None) -> None:
            if not cancel:
                return
            store, now = self.app.store, clock.now()

            def cancelled(sessions: list[Session]) -> None:
                self.app.refresh_screens()
                self.notify(f"Cancelled {len(sessions)} planned session{'s' if len(sessions) != 1 else ''}.")

            self.app.save_in_background(lambda: cancel_orphans(store, change, now), cancelled, what="the cancellations")

        self.app.push_screen(
            ConfirmDialog(
                orphans_question(change),
                yes="Cancel them" if several else "Cancel it",
                no="Keep them" if several else "Keep it",
            ),
            answered,
        )


def in_force(partnership: Partnership) -> str:
    cadence = partnership.cadence
    since = "since the start" if len(partnership.cadences) == 1 else f"since {format_date(cadence.since)}"
    return f"Now: {cadence.describe()}, {since}."


def new_cadence(cadence: Cadence, first: FirstMeeting | None) -> Text:
    text = Text.assemble(
        "New: ",
        (cadence.describe(), "bold"),
        ", applies from ",
        (format_date(cadence.since), "bold"),
        "; earlier sessions keep their times.",
    )
    if first is not None:
        text.append(f"\nFirst session on it: {first_meeting_words(first)}.")
    return text


def orphans_question(change: CadenceChange) -> str:
    count = len(change.orphans)
    one = count == 1
    lines = [f"  {format_date_time(s.scheduled_at)}" for s in change.orphans[:ORPHANS_LISTED]]
    if count > ORPHANS_LISTED:
        lines.append(f"  and {count - ORPHANS_LISTED} more")
    return "\n".join(
        [
            f"{'This planned session' if one else f'These {count} planned sessions'} of the old cadence",
            f"{'does' if one else 'do'} not fit the new one:",
            *lines,
            f"Cancel {'it' if one else 'them'}? If kept, {'it stays' if one else 'they stay'} planned "
            f"as {'an extra session' if one else 'extra sessions'}.",
        ]
    )
