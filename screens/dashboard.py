"""Home: the next session and what is waiting for it."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from companion import clock
from companion.dates import format_day, format_when
from companion.goals import is_overdue, last_rating, left_text, needs_attention, progress_bar
from companion.models import TrackRating
from companion.summary import Snapshot, snapshot


class DashboardScreen(Screen):
    """Everything at a glance; refreshed when data changes, here or in another process."""

    CSS_PATH = "dashboard.tcss"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard"):
            yield Static(id="next-session", classes="panel")
            yield Static(id="goals", classes="panel")
            yield Static(id="notes", classes="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#next-session").border_title = "Next session"
        self.refresh_data()

    def refresh_data(self) -> None:
        snap = snapshot(self.app.store, clock.now())
        self.render_next_session(snap)
        self.render_goals(snap)
        self.render_notes(snap)
        if snap.partnership:
            self.app.sub_title = f"with {snap.partnership.partner_name}"

    def render_next_session(self, snap: Snapshot) -> None:
        panel = self.query_one("#next-session", Static)
        partnership = snap.partnership
        if partnership is None:
            panel.update("No partnership yet.")
            return
        you = "you mentor" if partnership.stance.value == "mentor" else "you are mentored by"
        rhythm = f"{partnership.cadence.describe()}, {partnership.session_minutes} min"
        if snap.next_session is None:
            headline = "[b]No session scheduled[/b]"
        else:
            headline = f"[b]{snap.next_when}[/b]  ·  [b $text-accent]{snap.next_countdown}[/]"
        panel.update(
            f"{headline}\n"
            f"{you} [b]{escape(partnership.partner_name)}[/b]  ·  focus: {partnership.focus_role.label}\n"
            f"[$text-muted]{rhythm}[/]\n"
            f"{self.readiness_text(snap)}"
        )

    @staticmethod
    def readiness_text(snap: Snapshot) -> str:
        if snap.next_session is None:
            return ""
        if snap.agenda_ready:
            ready_at = snap.next_session.agenda.ready_at
            return f"[b $text-success]✔ Agenda ready[/] [$text-muted]since {format_when(ready_at, snap.now)}[/]"
        action = "press [b]a[/b] to review it" if snap.next_session.agenda else "press [b]a[/b] to build it"
        days = snap.days_to_prepare
        if days <= 0:
            state = "Agenda not ready yet, and the session is today"
        else:
            state = f"{days} day{'s' if days != 1 else ''} left to prepare the agenda"
        return f"[b $text-warning]{state}[/]  [$text-muted]{action}[/]"

    def render_goals(self, snap: Snapshot) -> None:
        panel = self.query_one("#goals", Static)
        panel.border_title = f"Active goals ({len(snap.goals)})"
        if not snap.goals:
            panel.update("[$text-muted]No active goals. Press [b]g[/b], then [b]n[/b], to set one with both of your expectations.[/]")
            return
        today = snap.now.date()
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(min_width=13, no_wrap=True)
        grid.add_column(min_width=12, no_wrap=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for goal in snap.goals:
            attention = needs_attention(goal, today)
            style = "bold red" if attention else ""
            off_track = last_rating(goal) is TrackRating.OFF_TRACK and not is_overdue(goal, today)
            grid.add_row(
                f"{progress_bar(goal.progress, 8)} {goal.progress:>3}%",
                Text("off-track" if off_track else left_text(goal, today), style=style or "dim"),
                Text(goal.title, style=style),
            )
        panel.update(grid)

    def render_notes(self, snap: Snapshot) -> None:
        panel = self.query_one("#notes", Static)
        panel.border_title = f"Notes to bring up ({len(snap.notes)})"
        if not snap.notes:
            panel.update(
                "[$text-muted]Nothing captured yet. Press [b]n[/b] here, or run "
                "[b]companion note \"…\"[/b] from any shell.[/]"
            )
            return
        today = snap.now.date()
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=10, no_wrap=True, style="dim")
        grid.add_column(ratio=1)
        for note in snap.notes:
            grid.add_row(format_day(note.created_at.date(), today), note.text)
        panel.update(grid)
