"""The cadence fields, the same in the first-run form and in settings: how often, on which
day, in which week of the month (monthly only) and at what time; and the note under a
preview when a monthly start is past this month's day (see companion/cadences.py)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.widgets import Input, Select, Static

from companion.cadences import FirstMeeting, skipped_words
from companion.models import WEEKDAYS, Frequency
from companion.validation import default_week_of_month
from screens.widgets import FormRow

FREQUENCY_OPTIONS = [
    ("Weekly", "weekly"),
    ("Fortnightly", "fortnightly"),
    ("Monthly", "monthly"),
]
WEEKDAY_OPTIONS = [(day, str(index)) for index, day in enumerate(WEEKDAYS)]
WEEK_OF_MONTH_OPTIONS = [("First", "1"), ("Second", "2"), ("Third", "3"), ("Fourth", "4"), ("Last", "-1")]


def cadence_rows(*, frequency: str | None = None, week: str = "1", at: str = "") -> ComposeResult:
    """Meet / On / Week of the month / At. The week's row shows only for a monthly cadence
    (`show_week_row`)."""
    value = Select.NULL if frequency is None else frequency  # NULL: the first option
    how_often = Select(FREQUENCY_OPTIONS, id="frequency", value=value, allow_blank=False, compact=True)
    yield FormRow("Meet", how_often, field="frequency")
    yield FormRow("On", Select(WEEKDAY_OPTIONS, id="weekday", prompt="Choose a day", compact=True), field="weekday")
    yield FormRow(
        "Week of the month",
        Select(WEEK_OF_MONTH_OPTIONS, id="week_of_month", value=week, allow_blank=False, compact=True),
        field="week_of_month",
    )
    yield FormRow("At", Input(at, id="at", placeholder="18:00, 9:30, 6pm", compact=True), field="at")


def is_monthly(form: DOMNode) -> bool:
    return form.query_one("#frequency", Select).value == Frequency.MONTHLY.value


def show_week_row(form: DOMNode) -> None:
    form.query_one("#row-week_of_month").display = is_monthly(form)


class WeekFollower:
    """Keeps the week of the month on the week of the first meeting day from the start (so a
    Tuesday cadence from Mon 30 Nov shows "First": Tue 1 Dec) until the person picks a week."""

    def __init__(self, week: str = "1") -> None:
        self.offered = week  # the week last put in the field; another one was picked

    def follow(self, form: DOMNode, weekday: int | None, start: date | None) -> None:
        select = form.query_one("#week_of_month", Select)
        if weekday is None or start is None or select.value != self.offered:
            return
        self.offered = str(default_week_of_month(weekday, start))
        select.value = self.offered


class SkippedNote(Static):
    """Why a monthly cadence first meets next month, and what to change; hidden otherwise."""

    DEFAULT_CSS = "SkippedNote { color: $text-warning; height: auto; }"

    def show(self, meeting: FirstMeeting | None) -> None:
        words = skipped_words(meeting) if meeting is not None else None
        self.display = words is not None
        self.update(words or "")
