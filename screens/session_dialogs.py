"""The dialogs of the sessions screen: mark a session held, skip it, and its details."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Markdown, RadioSet, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from companion import clock
from companion.dates import DateInputError, format_for_input, format_when, parse_date_time
from companion.models import Partnership, PlanOutcome, Session, SessionState
from companion.plans import answer_for, plans_asked
from companion.reflections import session_markdown
from companion.sessions import HOLD_AHEAD_LIMIT, HOLD_MINUTES
from companion.terminal_text import printable
from screens.base import CompanionDialog
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.text import literal
from screens.widgets import ChoiceButton, DatePreview, TickList, describe_date_time

# What the hold dialog returns: when, how many minutes, the covered item ids, and the
# answers to "Did it happen?" by plan (action id); a plan left unanswered is not listed.
Held = tuple[datetime, int, set[str], dict[int, PlanOutcome]]
PLAN_OPTIONS = [(outcome.label, outcome) for outcome in PlanOutcome]


class HoldDialog(FormDialog[Held | None]):
    """When it was held, for how long, which agenda items were covered, and whether each
    plan that came back happened (docs/learning-loop.md)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="HoldDialog")
        + """
    HoldDialog > Vertical { overflow-y: auto; }
    HoldDialog SelectionList { height: auto; max-height: 14; margin-top: 1; }
    HoldDialog .plans-head { margin-top: 1; }
    HoldDialog Input { margin-bottom: 0; }
    HoldDialog .plan-row { height: auto; }
    HoldDialog .plan-row Select { width: 14; margin-right: 1; }
    HoldDialog .plan-row Static { width: 1fr; }
    """
    )

    def __init__(self, session: Session, minutes: int):
        super().__init__()
        self.session = session
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        session = self.session
        held = session.held_at or session.scheduled_at
        with Vertical() as box:
            box.border_title = "Mark the session held"
            yield Static("Held at (date and time)")
            yield Input(format_for_input(held), id="held-at", compact=True)
            yield DatePreview("#held-at", describe_date_time(clock.today(), session.scheduled_at.time()))
            yield Static("Minutes")
            yield Input(str(session.duration_minutes or self.minutes), id="duration", compact=True)
            yield from self.plan_questions()
            if session.agenda and session.agenda.items:
                yield Static("Covered (untick what you did not get to: it carries over to next time)")
                yield TickList(
                    *[
                        Selection(
                            literal(item.text[:90], one_line=True),
                            item.id,
                            item.covered or session.state is SessionState.PLANNED,
                        )
                        for item in session.agenda.items
                    ],
                    id="covered",
                )
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Held", id="ok", variant="success")

    def plan_questions(self) -> ComposeResult:
        """One "Did it happen?" per plan the agenda brought back, unanswered unless it was
        answered when the session was marked held before."""
        asked = plans_asked(self.store, self.session)
        if not asked:
            return
        yield Static("Did it happen? (leave blank to answer later)", classes="plans-head")
        for action in asked:
            with Horizontal(classes="plan-row"):
                answered = answer_for(action, self.session.id)
                yield Select(
                    PLAN_OPTIONS,
                    id=f"plan-{action.id}",
                    value=answered if answered is not None else Select.NULL,
                    prompt="answer",
                    compact=True,
                )
                yield Static(literal(action.text, one_line=True))

    def plan_answers(self) -> dict[int, PlanOutcome]:
        answers: dict[int, PlanOutcome] = {}
        for select in self.query(".plan-row Select").results(Select):
            if select.value is not Select.NULL and select.id:
                answers[int(select.id.removeprefix("plan-"))] = PlanOutcome(select.value)
        return answers

    def action_save(self) -> None:
        now = clock.now()
        try:
            held_at = parse_date_time(
                self.query_one("#held-at", Input).value, now.date(), self.session.scheduled_at.time()
            )
        except DateInputError as error:
            self.query_one("#dialog-error", Static).update(literal(str(error)))  # quotes what was typed
            return
        text = self.query_one("#duration", Input).value.strip()
        low, high = HOLD_MINUTES
        if not text.isdigit() or not low <= int(text) <= high:
            self.query_one("#dialog-error", Static).update(f"Minutes: a number from {low} to {high}.")
            return
        if held_at > now + HOLD_AHEAD_LIMIT:
            self.query_one("#dialog-error", Static).update(
                "That is in the future; a session is marked held once it happened."
            )
            return
        covered = (
            set(self.query_one("#covered", SelectionList).selected)
            if self.session.agenda and self.session.agenda.items
            else set()
        )
        self.dismiss((held_at, int(text), covered, self.plan_answers()))


class SkipDialog(FormDialog[tuple[str, bool] | None]):
    """Skipping asks why, and plainly whether the skip pauses the streak (holiday, leave):
    nothing is chosen until you choose, and each answer says what it does."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="SkipDialog")
        + """
    SkipDialog > Vertical { overflow-y: auto; }
    SkipDialog RadioSet { width: 1fr; height: auto; margin-top: 1; }
    SkipDialog #pause-question { margin-top: 1; }
    """
    )
    PAUSE, NO_PAUSE = "pause", "no-pause"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Skip this session"
            yield Input(id="reason", placeholder="Why? e.g. holiday, release week")
            yield Static("Pause the streak for this one? (holiday, leave)", id="pause-question")
            with RadioSet(id="pauses"):
                yield ChoiceButton("Yes, pause it: the streak neither breaks nor grows", id=self.PAUSE)
                yield ChoiceButton("No: it counts as missed and breaks the streak", id=self.NO_PAUSE)
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Skip", id="ok", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def action_save(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        chosen = self.query_one(RadioSet).pressed_button
        error = self.query_one("#dialog-error", Static)
        if not reason:
            error.update("Say why in a few words; it helps when you look back.")
            self.query_one("#reason", Input).focus()
            return
        if chosen is None:
            error.update("Choose whether to pause the streak: yes for a holiday or leave, no otherwise.")
            self.query_one(RadioSet).focus()
            return
        self.dismiss((reason, chosen.id == self.PAUSE))


class SessionDetails(CompanionDialog[None]):
    """A session's agenda and reflection, in Markdown (private items marked)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="SessionDetails")
        + """
    SessionDetails > Vertical { max-width: 100; height: auto; max-height: 90%; }
    SessionDetails VerticalScroll { height: auto; max-height: 80vh; }
    """
    )
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="session_details_close")]

    def __init__(self, session: Session, partnership: Partnership):
        super().__init__()
        self.session = session
        self.partnership = partnership

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = format_when(self.session.scheduled_at, clock.now())
            with VerticalScroll():
                # The person's text is Markdown by design; control characters are made visible.
                yield Markdown(printable(session_markdown(self.session, self.partnership)))

    def action_close(self) -> None:
        self.dismiss()
