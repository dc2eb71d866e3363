"""Sessions: what is coming and what happened; hold, reflect, move, skip, cancel, add."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from companion import clock
from companion.dates import DateInputError, format_for_input, format_when, parse_date_time, session_named
from companion.holding import hold
from companion.models import Partnership, Session, SessionState
from companion.partnerships import current_partnership
from companion.reflections import can_reflect
from companion.session_attention import session_to_start_on
from companion.sessions import (
    HOLD_AHEAD_LIMIT,
    add_session,
    cancel_session,
    listed_sessions,
    reschedule_session,
    restore_session,
    skip_session,
)
from companion.terminal_text import printable
from screens.base import CompanionScreen
from screens.dialogs import ConfirmDialog, TextDialog
from screens.footer import CompanionFooter
from screens.plan_review import offer_plan_reviews
from screens.session_dialogs import Held, HoldDialog, SessionDetails, SkipDialog
from screens.text import markup
from screens.widgets import RowTable, describe_date_time, fit_flexible_column, selected_row_key

UPCOMING = 6
PAST = 60
# "passed: mark held?", "skipped, paused", "ready", "Reflection"; When takes the rest.
WIDTHS = {"state": 18, "agenda": 6, "reflection": 10}
WHEN_MIN = 22
WHEN_MAX = 34  # "Tue 15 Dec 2027 16:00 (added)" fits; wider only spreads the columns apart
KEYS = "h held · r reflect · m move · k skip · x cancel · u undo skip/cancel · n add a session · Enter details"


class SessionsScreen(CompanionScreen):
    CSS_PATH = "sessions.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="sessions_back"),
        Binding("h", "hold", "Held", id="sessions_hold"),
        Binding("r", "reflect", "Reflect", id="sessions_reflect"),
        Binding("m", "move", "Move", id="sessions_move"),
        Binding("k", "skip", "Skip", id="sessions_skip"),
        Binding("x", "cancel", "Cancel", id="sessions_cancel", show=False),
        Binding("u", "restore", "Undo skip", id="sessions_restore", show=False),
        Binding("n", "add", "Add", id="sessions_add"),
        Binding("enter", "details", "Details", id="sessions_details", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.partnership: Partnership | None = None
        self.rows: dict[str, Session] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="sessions-body"):
            yield Static("", id="sessions-head")
            yield RowTable(id="session-table", cursor_type="row", zebra_stripes=True)
            yield Static(KEYS, id="session-keys")
        yield CompanionFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("When", key="when", width=WHEN_MIN)
        for key, label in (("state", "State"), ("agenda", "Agenda"), ("reflection", "Reflection")):
            table.add_column(label, key=key, width=WIDTHS[key])
        self.fit_when_column()
        self.refresh_data()
        table.focus()

    def on_resize(self) -> None:
        self.fit_when_column()

    def fit_when_column(self) -> None:
        fit_flexible_column(self.query_one(DataTable), "when", WIDTHS, WHEN_MIN, self.size.width, WHEN_MAX)

    # data -----------------------------------------------------------------------------

    def refresh_data(self, keep: str | None = None) -> None:
        store, now = self.app.store, clock.now()
        self.partnership = current_partnership(store)
        if self.partnership is None:
            return
        upcoming, past = listed_sessions(store, self.partnership, now, upcoming=UPCOMING, recent=PAST)
        table = self.query_one(DataTable)
        keep = keep or self.selected_key()
        table.clear()
        self.rows = {}
        for session in upcoming + past:
            key = row_key(session)
            if key in self.rows:
                continue
            self.rows[key] = session
            table.add_row(*self.cells(session, now), key=key)
        keys = list(self.rows)
        if keep not in keys:
            keep = row_key(session_to_start_on(upcoming, past, now))
        if keep in keys:
            table.move_cursor(row=keys.index(keep))
        self.query_one("#sessions-head", Static).update(
            markup(
                "Sessions with [b]$partner[/b], $cadence. Upcoming first, then the most recent.",
                partner=printable(self.partnership.partner_name, one_line=True),
                cadence=self.partnership.cadence.describe(),
            )
        )

    def cells(self, session: Session, now: datetime) -> list:
        when = Text(format_when(session.scheduled_at, now))
        if session.slot and session.slot != session.scheduled_at:
            when.append(" (moved)", style="dim")
        elif session.slot is None:
            when.append(" (added)", style="dim")
        return [when, state_text(session, now), agenda_text(session), reflection_text(session)]

    def selected_key(self) -> str | None:
        return selected_row_key(self.query_one(DataTable))

    def selected(self) -> Session | None:
        key = self.selected_key()
        return self.rows.get(key) if key else None

    # actions --------------------------------------------------------------------------

    def run(self, work, success: str, what: str, keep: str | None = None, after=None) -> None:
        def done(session: Session | None) -> None:
            self.notify(success)
            self.refresh_data(keep=row_key(session) if isinstance(session, Session) else keep)
            self.app.refresh_screens()
            if after is not None:
                after(session)

        self.app.save_in_background(work, done, what=what)

    def action_hold(self) -> None:
        session = self.selected()
        if session is None:
            return
        if session.state not in (SessionState.PLANNED, SessionState.HELD):
            self.notify(f"This session was {session.state.value}; press u to undo that first.", severity="warning")
            return
        if session.scheduled_at - clock.now() > HOLD_AHEAD_LIMIT:
            self.notify("That session is still ahead; mark it held once it has happened.", severity="warning")
            return
        minutes = session.duration_minutes or self.partnership.session_minutes
        store, now = self.app.store, clock.now()

        def closed(result: Held | None) -> None:
            if result is None:
                return
            held_at, duration, covered, answers = result
            self.run(
                lambda: hold(store, session, held_at, duration, covered, now=now, plan_answers=answers),
                "Session marked held. Press r to reflect while it is fresh.",
                "the session",
                after=lambda held: offer_plan_reviews(self.app, held),
            )

        self.app.push_screen(HoldDialog(session, minutes), closed)

    def action_reflect(self) -> None:
        session = self.selected()
        if session is None:
            return
        if not can_reflect(session, clock.now()):
            self.notify("Reflect on a session once it has happened.", severity="warning")
            return
        from screens.reflect_choice import open_candidate

        open_candidate(self.app, session, self.partnership)  # asks first if it was not marked held

    def action_move(self) -> None:
        session = self.selected()
        if session is None:
            return
        if session.state is not SessionState.PLANNED:
            self.notify("Only a planned session can be moved.", severity="warning")
            return
        store, now = self.app.store, clock.now()
        check = date_time_check(now, session.scheduled_at.time())

        def closed(text: str | None) -> None:
            if text is None:
                return
            when = parse_date_time(text, now.date(), session.scheduled_at.time())
            self.run(
                lambda: reschedule_session(store, session, when, now=now),
                f"Moved to {format_when(when, now, in_sentence=True)}.",
                "the session",
            )

        self.app.push_screen(
            TextDialog(
                "Move this session to",
                format_for_input(session.scheduled_at),
                check=check,
                hint="A date and time: thu 18:00, tomorrow 9am, 2026-12-03 17:30. The cadence goes on as before.",
                preview=describe_date_time(now.date(), session.scheduled_at.time()),
            ),
            closed,
        )

    def action_skip(self) -> None:
        session = self.selected()
        if session is None:
            return
        if session.state is not SessionState.PLANNED:
            self.notify("Only a planned session can be skipped.", severity="warning")
            return
        store, now = self.app.store, clock.now()

        def closed(result: tuple[str, bool] | None) -> None:
            if result is None:
                return
            reason, pauses = result
            message = "Skipped; the streak is paused for it." if pauses else "Skipped."
            self.run(
                lambda: skip_session(store, session, reason, pauses_streak=pauses, now=now), message, "the session"
            )

        self.app.push_screen(SkipDialog(), closed)

    def action_cancel(self) -> None:
        session = self.selected()
        if session is None:
            return
        if session.state is not SessionState.PLANNED:
            self.notify("Only a planned session can be cancelled.", severity="warning")
            return
        store, now = self.app.store, clock.now()

        def closed(yes: bool | None) -> None:
            if yes:
                self.run(lambda: cancel_session(store, session, now=now), "Session cancelled.", "the session")

        self.app.push_screen(
            ConfirmDialog(
                f"Cancel {session_named(session.scheduled_at, now)}? "
                "It will count as missed, not paused (press k to skip it with a pause instead).",
                yes="Cancel it",
                no="Keep it",
            ),
            closed,
        )

    def action_restore(self) -> None:
        session = self.selected()
        if session is None or session.id is None or session.state not in (SessionState.SKIPPED, SessionState.CANCELLED):
            self.notify("Only a skipped or cancelled session can be restored.", severity="warning")
            return
        store = self.app.store
        self.run(lambda: restore_session(store, session.id), "Session planned again.", "the session")

    def action_add(self) -> None:
        store, now = self.app.store, clock.now()
        partnership = self.partnership
        default_time = partnership.cadence.at
        check = date_time_check(now, default_time)

        def closed(text: str | None) -> None:
            if text is None:
                return
            when = parse_date_time(text, now.date(), default_time)
            self.run(
                lambda: add_session(store, partnership, when, now=now),
                f"Session added for {format_when(when, now, in_sentence=True)}.",
                "the session",
            )

        self.app.push_screen(
            TextDialog(
                "Add a session (outside the cadence)",
                placeholder="e.g. fri 15:00",
                check=check,
                hint="A date and time; past dates record a session after the fact.",
                preview=describe_date_time(now.date(), default_time),
            ),
            closed,
        )

    def action_details(self) -> None:
        session = self.selected()
        if session:
            self.app.push_screen(SessionDetails(session, self.partnership))

    @on(DataTable.RowSelected)
    def row_chosen(self) -> None:
        self.action_details()

    def action_back(self) -> None:
        self.app.show_dashboard()


def date_time_check(now: datetime, default_time) -> Callable[[str], str | None]:
    """A TextDialog check: None for a date and time we understand, else what to fix."""

    def check(text: str) -> str | None:
        try:
            parse_date_time(text, now.date(), default_time)
        except DateInputError as error:
            return str(error)
        return None

    return check


def row_key(session: Session | None) -> str | None:
    if session is None:
        return None
    return f"s{session.id}" if session.id is not None else f"v{session.scheduled_at.isoformat()}"


def state_text(session: Session, now: datetime) -> Text:
    if session.state is SessionState.HELD:
        return Text("held", style="green")
    if session.state is SessionState.SKIPPED:
        pause = ", paused" if session.pauses_streak else ""
        return Text(f"skipped{pause}", style="dim")
    if session.state is SessionState.CANCELLED:
        return Text("cancelled", style="dim")
    if session.scheduled_at < now - timedelta(hours=1):
        return Text("passed: mark held?", style="bold yellow")
    return Text("planned")


def agenda_text(session: Session) -> Text:
    if session.agenda is None:
        return Text("–", style="dim")
    if session.agenda.ready_at:
        return Text("ready", style="green")
    return Text("draft", style="yellow")


def reflection_text(session: Session) -> Text:
    reflection = session.reflection
    if reflection is None:
        return Text("–", style="dim")
    if reflection.is_draft:
        return Text("draft", style="yellow")
    return Text("written", style="green")
