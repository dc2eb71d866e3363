"""Sessions: what is coming and what happened; hold, reflect, move, skip, cancel, add."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Footer, Header, Input, Markdown, SelectionList, Static
from textual.widgets.selection_list import Selection

from companion import agenda as agendas
from companion import clock, schedule
from companion.dates import DateInputError, format_date, format_when, parse_date_time
from companion.holding import hold
from companion.models import Partnership, Session, SessionState
from companion.partnerships import current_partnership
from companion.sessions import (
    add_session,
    cancel_session,
    reschedule_session,
    restore_session,
    sessions_before,
    sessions_near,
    skip_session,
)
from companion.terminal_text import printable
from screens.base import CompanionDialog, CompanionScreen
from screens.dialogs import DIALOG_CSS, ConfirmDialog, TextDialog
from screens.text import literal, markup
from screens.widgets import fit_flexible_column, selected_row_key

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
            yield DataTable(id="session-table", cursor_type="row", zebra_stripes=True)
            yield Static(KEYS, id="session-keys")
        yield Footer()

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
        near = sessions_near(store, self.partnership, now)
        upcoming = schedule.upcoming(self.partnership, near, now, UPCOMING)
        # Skipped or cancelled sessions still ahead stay listed, so they can be undone.
        set_aside = [s for s in near if s.state is not SessionState.PLANNED and s.scheduled_at >= now]
        upcoming = sorted(upcoming + set_aside, key=lambda s: s.scheduled_at)
        past = [s for s in sessions_before(store, self.partnership, now, limit=PAST) if s not in upcoming]
        past = sorted(past + unrecorded(self.partnership, near + past, now), key=lambda s: s.scheduled_at, reverse=True)
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
            keep = self.needs_attention(upcoming, past, now)
        if keep in keys:
            table.move_cursor(row=keys.index(keep))
        self.query_one("#sessions-head", Static).update(
            markup(
                "Sessions with [b]$partner[/b], $cadence. Upcoming first, then the most recent.",
                partner=printable(self.partnership.partner_name, one_line=True),
                cadence=self.partnership.cadence.describe(),
            )
        )

    @staticmethod
    def needs_attention(upcoming: list[Session], past: list[Session], now: datetime) -> str | None:
        """The row to start on: a session that passed without being marked held, else the next."""
        passed = next(
            (s for s in past if s.state is SessionState.PLANNED and s.scheduled_at > now - timedelta(days=14)), None
        )
        return row_key(passed) if passed else row_key(upcoming[0]) if upcoming else None

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

    def run(self, work, success: str, what: str, keep: str | None = None) -> None:
        def done(session: Session | None) -> None:
            self.notify(success)
            self.refresh_data(keep=row_key(session) if isinstance(session, Session) else keep)
            self.app.refresh_screens()

        self.app.save_in_background(work, done, what=what)

    def action_hold(self) -> None:
        session = self.selected()
        if session is None:
            return
        if session.state not in (SessionState.PLANNED, SessionState.HELD):
            self.notify(f"This session was {session.state.value}; press u to undo that first.", severity="warning")
            return
        if session.scheduled_at - clock.now() > timedelta(days=1):
            self.notify("That session is still ahead; mark it held once it has happened.", severity="warning")
            return
        minutes = session.duration_minutes or self.partnership.session_minutes
        store, now = self.app.store, clock.now()

        def closed(result: tuple[datetime, int, set[str]] | None) -> None:
            if result is None:
                return
            held_at, duration, covered = result
            self.run(
                lambda: hold(store, session, held_at, duration, covered, now=now),
                "Session marked held. Press r to reflect while it is fresh.",
                "the session",
            )

        self.app.push_screen(HoldDialog(session, minutes), closed)

    def action_reflect(self) -> None:
        session = self.selected()
        if session is None:
            return
        if session.state in (
            SessionState.SKIPPED,
            SessionState.CANCELLED,
        ) or session.scheduled_at > clock.now() + timedelta(days=1):
            self.notify("Reflect on a session once it has happened.", severity="warning")
            return
        from screens.reflection import ReflectionLoader

        self.app.push_screen(ReflectionLoader(session))

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
                f"{session.scheduled_at:%Y-%m-%d %H:%M}",
                check=check,
                hint="A date and time: thu 18:00, tomorrow 9am, 2026-12-03 17:30. The cadence goes on as before.",
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
                f"Cancel the session of {format_when(session.scheduled_at, now, in_sentence=True)}? "
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


def unrecorded(partnership: Partnership, stored: list[Session], now: datetime) -> list[Session]:
    """Cadence occurrences of the last four weeks with nothing recorded: held, or missed?"""
    taken = {s.slot for s in stored if s.slot}
    start = max(now - timedelta(weeks=4), datetime.combine(partnership.start_date, datetime.min.time()))
    minutes = partnership.session_minutes
    return [
        Session(partnership_id=partnership.id, scheduled_at=moment, slot=moment)
        for moment in schedule.occurrences(partnership, start, now - timedelta(minutes=minutes))
        if moment not in taken
    ]


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


class HoldDialog(CompanionDialog[tuple[datetime, int, set[str]] | None]):
    """When it was held, for how long, and which agenda items were covered."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="HoldDialog")
        + """
    HoldDialog SelectionList { height: auto; max-height: 14; margin-top: 1; }
    HoldDialog Input { margin-bottom: 0; }
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="hold_cancel")]

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
            yield Input(f"{held:%Y-%m-%d %H:%M}", id="held-at", compact=True)
            yield Static("Minutes")
            yield Input(str(session.duration_minutes or self.minutes), id="duration", compact=True)
            if session.agenda and session.agenda.items:
                yield Static("Covered (untick what you did not get to: it carries over to next time)")
                yield SelectionList[str](
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

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def accept(self) -> None:
        now = clock.now()
        try:
            held_at = parse_date_time(
                self.query_one("#held-at", Input).value, now.date(), self.session.scheduled_at.time()
            )
        except DateInputError as error:
            self.query_one("#dialog-error", Static).update(literal(str(error)))  # quotes what was typed
            return
        text = self.query_one("#duration", Input).value.strip()
        if not text.isdigit() or not 1 <= int(text) <= 480:
            self.query_one("#dialog-error", Static).update("Minutes: a number from 1 to 480.")
            return
        if held_at > now + timedelta(days=1):
            self.query_one("#dialog-error", Static).update(
                "That is in the future; a session is marked held once it happened."
            )
            return
        covered = (
            set(self.query_one("#covered", SelectionList).selected)
            if self.session.agenda and self.session.agenda.items
            else set()
        )
        self.dismiss((held_at, int(text), covered))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class SkipDialog(CompanionDialog[tuple[str, bool] | None]):
    """Skipping asks why, and whether the skip pauses the streak (holiday, leave)."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="SkipDialog")
        + """
    SkipDialog .pause-hint { color: $text-muted; padding-left: 1; }
    """
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="skip_cancel")]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Skip this session"
            yield Input(id="reason", placeholder="Why? e.g. holiday, release week")
            yield Checkbox("Pause the streak (holiday, leave)", id="pauses")
            yield Static("Paused, this skip neither breaks the streak nor extends it.", classes="pause-hint")
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Skip", id="ok", variant="warning")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def accept(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#dialog-error", Static).update("Say why in a few words; it helps when you look back.")
            return
        self.dismiss((reason, self.query_one("#pauses", Checkbox).value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


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


def session_markdown(session: Session, partnership: Partnership) -> str:
    minutes = session.duration_minutes or partnership.session_minutes
    parts = [f"**State:** {session.state.value}"]
    if session.skip_reason:
        parts.append(f"**Reason:** {session.skip_reason}")
    if session.held_at:
        parts.append(f"**Held:** {format_date(session.held_at)} {session.held_at:%H:%M}, {minutes} min")
    if session.agenda:
        parts.append(
            agendas.to_markdown(
                session.agenda, partnership.partner_name, session.scheduled_at, minutes, include_private=True
            ).replace("# Session", "## Agenda: session", 1)
        )
    elif session.state is SessionState.PLANNED:
        parts.append("*No agenda yet.*")
    elif session.state is SessionState.HELD:
        parts.append("*No agenda was built for this session.*")
    reflection = session.reflection
    if reflection is None and session.state is SessionState.HELD:
        parts.append("*Not reflected on yet: press r on this session to write the reflection.*")
    if reflection:
        parts.append(
            "## Reflection"
            + (" (draft)" if reflection.is_draft else "")
            + (" *(private)*" if reflection.private else "")
        )
        for label, text in (
            ("What I learned", reflection.learned),
            ("What I will try", reflection.will_try),
            ("What surprised or challenged me", reflection.surprised),
        ):
            if text.strip():
                parts.append(f"**{label}**\n\n{text}")
        if reflection.notes.strip():
            parts.append(reflection.notes)
        ratings = []
        if reflection.value:
            ratings.append(f"value {reflection.value}/5")
        if reflection.candour:
            ratings.append(f"candour {reflection.candour}/5")
        if ratings:
            parts.append("*" + ", ".join(ratings) + "*")
    return "\n\n".join(parts)
