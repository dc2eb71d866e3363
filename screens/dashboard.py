"""Home: the next session and what is waiting for it."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from companion import clock
from companion.actions import due_text, owner_label
from companion.actions import is_overdue as is_action_overdue
from companion.agreement import review_words
from companion.cycles import end_words, review_reached
from companion.dates import format_day, format_when, session_named
from companion.goal_display import left_text, progress_bar
from companion.goals import is_overdue, last_rating, needs_attention
from companion.models import Cycle, SessionState, TrackRating
from companion.overview import PartnerOutlook, Urgency, attention, urgency
from companion.streaks import period_unit
from companion.summary import Snapshot, share_status, snapshot
from companion.terminal_text import printable
from screens.base import CompanionScreen
from screens.footer import CompanionFooter
from screens.keys import current_keys, declared_bindings, keys_display
from screens.text import literal, markup, rich_literal

# How many of each list the dashboard shows, so that every panel fits 80×24 unscrolled; a
# last line says how many more there are.
GOALS_SHOWN, ACTIONS_SHOWN, NOTES_SHOWN = 3, 4, 4
PARTNERS_SHOWN, PARTNER_NAME_WIDTH = 3, 16


class DashboardScreen(CompanionScreen):
    """Everything at a glance; refreshed when data changes, here or in another process."""

    CSS_PATH = "dashboard.tcss"
    FOOTER_PLACES = True
    BINDINGS = [
        Binding(
            "n",
            "app.go('new_note')",
            "Note",
            id="dashboard_new_note",
            show=False,
            tooltip="Capture a note (also Ctrl+N)",
        ),
        Binding(
            "c",
            "cycle_summary",
            "Cycle",
            id="dashboard_cycle_summary",
            show=False,
            tooltip="The cycle's summary, and a new cycle",
        ),
        Binding(
            "o",
            "edit_notes",
            "Notes",
            id="dashboard_edit_notes",
            show=False,
            tooltip="Move a waiting note to another partner, or delete it",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard"):
            yield Static(id="partner-banner", classes="banner")
            yield Static(id="streak-banner", classes="banner")
            yield Static(id="reflect-banner", classes="banner")
            # Sits in the row that used to part the banners from the panels: 80×24 still fits.
            yield Static(id="share-line")
            # Pairs side by side from 80 columns, so that every panel fits 80×24 unscrolled.
            with Horizontal(classes="dashboard-pair"):
                yield Static(id="next-session", classes="panel")
                yield Static(id="streaks", classes="panel")
            # The other partners come next: someone with several partners looks for them first.
            yield Static(id="partners", classes="panel")
            yield Static(id="goals", classes="panel")
            with Horizontal(classes="dashboard-pair"):
                yield Static(id="actions", classes="panel")
                yield Static(id="notes", classes="panel")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.query_one("#next-session").border_title = "Next session"
        self.refresh_data()

    def refresh_data(self) -> None:
        snap = snapshot(self.app.store, clock.now())
        self.render_next_session(snap)
        self.render_banner(snap)
        self.render_streaks(snap)
        self.render_goals(snap)
        self.render_actions(snap)
        self.render_notes(snap)
        self.render_partners(snap)
        self.render_share_line(snap)
        if snap.partnership:
            self.app.show_partner(snap.partnership.partner_name)

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
            headline = "[b]$when[/b]  ·  [b $text-accent]$countdown[/]"
        cycle, today = partnership.current_cycle, snap.now.date()
        # The review date sits in the panel's bottom border, so it costs no row at 80×24.
        review_style = "$text-warning" if cycle.review_on <= today else "$text-muted"
        panel.border_subtitle = markup(f"[{review_style}]$review[/]", review=self.review_text(cycle, today))
        panel.update(
            markup(
                f"{headline}\n$you [b]$partner[/b]  ·  focus: $focus\n[$text-muted]$rhythm[/]\n"
                f"{self.readiness_text(snap)}",
                when=snap.next_when,
                countdown=snap.next_countdown,
                you=you,
                partner=printable(partnership.partner_name, one_line=True),
                focus=partnership.focus_role.label,
                rhythm=rhythm,
            )
        )

    def review_text(self, cycle: Cycle, today: date) -> str:
        """The review date, or once it is reached, that the cycle ends and the key for what next."""
        if not review_reached(cycle, today):
            return review_words(cycle, today)
        binding = next(b for b in declared_bindings(type(self)) if b.id == "dashboard_cycle_summary")
        key = keys_display(self.app, current_keys(self.app, binding))  # as remapped (docs/keys.md)
        return f"{end_words(cycle, today)} · {key}: summary"

    def action_cycle_summary(self) -> None:
        from screens.cycle_dialog import open_cycle_summary

        open_cycle_summary(self.app)

    @staticmethod
    def readiness_text(snap: Snapshot) -> str:
        if snap.next_session is None:
            return ""
        if snap.agenda_ready:
            ready_at = snap.next_session.agenda.ready_at
            return f"[b $text-success]✔ Agenda ready[/] [$text-muted]since {format_when(ready_at, snap.now, in_sentence=True)}[/]"
        action = "press [b]2[/b] to review it" if snap.next_session.agenda else "press [b]2[/b] to build it"
        days = snap.days_to_prepare
        if days <= 0:
            state = "Agenda not ready yet, and the session is today"
        else:
            state = f"{days} day{'s' if days != 1 else ''} left to prepare the agenda"
        return f"[b $text-warning]{state}[/]  [$text-muted]{action}[/]"

    def render_share_line(self, snap: Snapshot) -> None:
        """When I last shared with the partner, and whether their newest share is in."""
        line = self.query_one("#share-line", Static)
        status = share_status(snap.partnership, snap.now.date()) if snap.partnership is not None else ""
        line.display = bool(status)
        if status:
            line.update(literal(status, one_line=True))

    def render_goals(self, snap: Snapshot) -> None:
        panel = self.query_one("#goals", Static)
        panel.border_title = f"Active goals ({len(snap.goals)})"
        if not snap.goals:
            panel.update(
                "[$text-muted]No active goals. Press [b]6[/b], then [b]n[/b], to set one with both of your expectations.[/]"
            )
            return
        today = snap.now.date()
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(min_width=13, no_wrap=True)
        grid.add_column(min_width=12, no_wrap=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for goal in snap.goals[:GOALS_SHOWN]:
            attention = needs_attention(goal, today)
            style = "bold red" if attention else ""
            off_track = last_rating(goal) is TrackRating.OFF_TRACK and not is_overdue(goal, today)
            grid.add_row(
                f"{progress_bar(goal.progress, 8)} {goal.progress:>3}%",
                Text("off-track" if off_track else left_text(goal, today), style=style or "dim"),
                rich_literal(goal.title, style, one_line=True),
            )
        more = len(snap.goals) - GOALS_SHOWN
        if more > 0:
            grid.add_row("", "", Text(f"… and {more} more on the Goals screen", style="dim"))
        panel.update(grid)

    def render_streaks(self, snap: Snapshot) -> None:
        warning = self.query_one("#streak-banner", Static)
        warning.display = bool(snap.warning)
        if snap.warning:
            warning.update(literal(snap.warning, "bold"))
        panel = self.query_one("#streaks", Static)
        report = snap.streaks
        panel.display = report is not None and report.started
        if not panel.display:
            return
        panel.border_title = "Rhythm"
        unit = period_unit(report)
        grid = Table.grid(padding=(0, 2), expand=True)
        for _ in range(2):  # two by two: the panel shares its row with the next session
            grid.add_column(ratio=1)

        def tile(label: str, current: int, longest: int, word: str) -> Text:
            text = Text(f"{current} {word}{'s' if current != 1 else ''}\n", style="bold")
            text.append(f"{label}\nbest {longest}", style="dim")
            return text

        momentum = Text(f"{round(report.momentum)}", style="bold")
        momentum.append(" / 100\nmomentum", style="dim")
        grid.add_row(
            tile("met in a row", report.meeting.current, report.meeting.longest, unit),
            tile("prepared", report.prep.current, report.prep.longest, "session"),
        )
        grid.add_row(
            tile("reflected on", report.reflection.current, report.reflection.longest, "session"),
            momentum,
        )
        panel.update(grid)

    def render_banner(self, snap: Snapshot) -> None:
        banner = self.query_one("#reflect-banner", Static)
        session = snap.to_reflect
        banner.display = session is not None
        if session is None:
            return
        # Another partner's session is named with the partner (docs/architecture.md, "Text").
        with_partner = printable(f" with {snap.to_reflect_with}", one_line=True) if snap.to_reflect_with else ""
        if session.state is SessionState.HELD:
            named = session_named(session.scheduled_at, snap.now)
            banner.update(
                markup(f"Reflect on {named}$partner while it is fresh: press [b]4[/b].", partner=with_partner)
            )
        else:
            named = session_named(session.scheduled_at, snap.now, start=True)
            # The sessions screen (3) shows the current partner's: another partner's session is
            # held, skipped or cancelled through the question 4 asks.
            rest = (
                "press [b]4[/b] to say whether it took place and reflect on it."
                if with_partner
                else "press [b]4[/b] to reflect on it, or [b]3[/b] to mark it held, skipped or cancelled."
            )
            banner.update(markup(f"{named}$partner has passed: {rest}", partner=with_partner))

    def render_actions(self, snap: Snapshot) -> None:
        panel = self.query_one("#actions", Static)
        panel.border_title = f"Open action items ({snap.open_actions})"
        if not snap.actions:
            panel.update(
                "[$text-muted]Nothing open. Finish a reflection and “what I will try” becomes action items.[/]"
            )
            return
        today = snap.now.date()
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(min_width=12, no_wrap=True)
        grid.add_column(min_width=4, max_width=12, no_wrap=True, overflow="ellipsis")  # the owner
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        shown = snap.actions[:ACTIONS_SHOWN]
        for action in shown:
            overdue = is_action_overdue(action, today)
            grid.add_row(
                Text(due_text(action, today), style="bold red" if overdue else "dim"),
                rich_literal(owner_label(action.owner, snap.partnership.partner_name), "dim", one_line=True),
                rich_literal(action.text, "bold red" if overdue else "", one_line=True),
            )
        more = snap.open_actions - len(shown)
        if more:
            grid.add_row("", "", Text(f"… and {more} more (press 5)", style="dim"))
        panel.update(grid)

    def action_edit_notes(self) -> None:
        from screens.note_editor import edit_notes

        edit_notes(self.app)

    def render_notes(self, snap: Snapshot) -> None:
        panel = self.query_one("#notes", Static)
        panel.border_title = f"Notes to bring up ({len(snap.notes)})"
        panel.border_subtitle = "o: move or delete" if snap.notes else ""
        if not snap.notes:
            went_to = snap.notes_went_to
            done = (
                f"All notes so far were brought up in {session_named(went_to.scheduled_at, snap.now)}."
                if went_to
                else "Nothing captured yet."
            )
            panel.update(
                f"[$text-muted]{done} Press [b]n[/b] here for a new one, or run "
                '[b]companion note "…"[/b] from any shell.[/]'
            )
            return
        today = snap.now.date()
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=10, no_wrap=True, style="dim")
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        for note in snap.notes[:NOTES_SHOWN]:  # one line each: the agenda shows them whole
            grid.add_row(format_day(note.created_at.date(), today), rich_literal(note.text, one_line=True))
        more = len(snap.notes) - NOTES_SHOWN
        if more > 0:
            grid.add_row("", Text(f"… and {more} more in the next agenda", style="dim"))
        panel.update(grid)

    def render_partners(self, snap: Snapshot) -> None:
        """One row per other partnership, and a banner for one whose need comes first.
        Both stay hidden with a single partnership, so the screen is as it always was."""
        banner = self.query_one("#partner-banner", Static)
        other = snap.outranking
        banner.display = other is not None
        if other is not None:
            banner.update(
                markup(
                    "[b]$name[/b] also needs you: [b $text-warning]$need[/]  [$text-muted]press [b]9[/b] to switch[/]",
                    name=printable(other.partner_name, one_line=True),
                    need=attention(other),
                )
            )
        panel = self.query_one("#partners", Static)
        others = snap.others
        panel.display = bool(others)
        if not others:
            return
        panel.border_title = f"Other partners ({len(others)})"
        shown = others[:PARTNERS_SHOWN]
        names = [clipped(printable(o.partner_name, one_line=True), PARTNER_NAME_WIDTH) for o in shown]
        name_width = max(len(name) for name in names)
        when_width = max(len(o.next_when) for o in shown) or len(NO_SESSION)
        ready_width = max(len(o.readiness) for o in shown)
        rows = [
            partner_row(outlook, name.ljust(name_width), when_width, ready_width)
            for outlook, name in zip(shown, names, strict=True)
        ]
        more = len(others) - len(shown)
        if more > 0:
            rows.append(Content.from_markup(f"[$text-muted]… and {more} more (settings, press 8)[/]"))
        panel.update(Content("\n").join(rows))


NO_SESSION = "no session scheduled"


def clipped(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def partner_row(outlook: PartnerOutlook, name: str, when_width: int, ready_width: int) -> Content:
    """ "Dana Ruiz  Tue 1 Dec 10:00  7 days left to prepare  3 Nov unrecorded": an agenda to
    prepare is said by the readiness itself, in the warning colour; any other need follows."""
    agenda_need = urgency(outlook) in (Urgency.AGENDA_TODAY, Urgency.AGENDA_DUE)
    ready_style = "b $text-warning" if agenda_need else "$text-muted"
    return markup(
        f"[b]$name[/b]  $when  [{ready_style}]$ready[/]  [b $text-error]$need[/]",
        name=name,
        when=(outlook.next_when or NO_SESSION).ljust(when_width),
        ready=outlook.readiness.ljust(ready_width),
        need="" if agenda_need else attention(outlook) or "",
    )
