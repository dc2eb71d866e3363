"""Progress: the year at a glance — a heatmap of the last 52 weeks, streak tiles, momentum,
candour and value over time, the active goals, and the plans and lessons of the cycle.

Pictures first, figures second. Everything is computed by `companion.streaks.report_for`
and `companion.trends` (both cached in the store), so the first frame is quick even on a
long history. Rich styles cannot read the theme's CSS variables, so the colours of the
heatmap, the tiles, the rating bars and the goal bars are looked up in the variables the
app generates from its current theme (`App.theme_variables`), and everything is drawn
again when the theme changes.

Per partnership: with several partnerships, tabs (and `[` `]`, and the command palette)
switch which one is on view; the current partnership of the app stays as it is, and the
header names both. A place showing one partnership's records (goals, actions, ...) opened
from another partner's tab switches to that partner first (docs/keys.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import TypeVar

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Header, Sparkline, Static, Tab, Tabs

from companion import clock, loop_stats, trends
from companion import goals as goal_core
from companion.dates import format_date, format_date_in_full, format_month
from companion.models import Goal, Partnership
from companion.partnerships import current_partnership, list_partnerships
from companion.session_attention import warning_for
from companion.streaks import StreakReport, period_unit, report_for
from companion.terminal_text import printable
from screens.base import CompanionScreen
from screens.commands import Command
from screens.footer import CompanionFooter
from screens.places import PARTNER_PLACES
from screens.progress_drawings import Heatmap, Palette
from screens.progress_panels import (
    goals_grid,
    heatmap_summary,
    learning_figures,
    learning_subtitle,
    learning_title,
    momentum_figure,
    streak_figure,
    trends_grid,
)
from screens.text import literal, markup, rich_literal

W = TypeVar("W", bound=Widget)
GOALS_SHOWN = 4  # 8 on a roomy screen
ROOMY_HEIGHT = 34  # from this many lines the drawings grow taller

TILES = (
    ("tile-meeting", "Meetings"),
    ("tile-prep", "Prepared"),
    ("tile-reflection", "Reflected"),
    ("tile-momentum", "Momentum"),
)


def titled(widget: W, title: str) -> W:
    widget.border_title = title
    return widget


# --- the screen ----------------------------------------------------------------------------


class ProgressScreen(CompanionScreen):
    """Streaks, momentum, candour and value, goals — one partnership at a time.

    A light widget tree (the drawings are Rich renderables in a few Statics), so the first
    frame is quick; the partnership tabs exist only when there are several partnerships.
    """

    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="progress_back", tooltip="Back to the dashboard"),
        Binding(
            "left_square_bracket",
            "cycle(-1)",
            "Previous tab",
            id="progress_previous",
            show=False,
            tooltip="Show the progress of the previous partnership",
        ),
        Binding(
            "right_square_bracket",
            "cycle(1)",
            "Next tab",
            id="progress_next",
            tooltip="Show the progress of the next partnership",
        ),
    ]

    def palette_commands(self) -> Iterable[Command]:
        """Each partnership's view in the command palette (screens/commands.py)."""
        if not self.several:
            return
        for partnership in self.partnerships:
            name = printable(partnership.partner_name, one_line=True)
            yield Command(
                f"Progress with {name}",
                partial(self.show_partnership, partnership.id),
                f"Show the streaks, trends and goals of your partnership with {name}",
            )

    def __init__(self) -> None:
        super().__init__()
        self.partnerships: list[Partnership] = []
        self.viewed_id: int | None = None  # the partnership shown (not necessarily current)
        self.report: StreakReport | None = None
        self.candour = trends.Trend()
        self.value = trends.Trend()
        self.goals: list[Goal] = []
        # Plans and lessons of the current cycle, and of all time (docs/learning-loop.md).
        self.learning: tuple[loop_stats.LearningCounts, loop_stats.LearningCounts] | None = (
            loop_stats.LearningCounts(),
            loop_stats.LearningCounts(),
        )
        self.palette: Palette | None = None
        self.roomy = False  # a tall terminal: taller drawings, more goals

    def compose(self) -> ComposeResult:
        self.load()  # before the footer asks which keys apply
        yield Header()
        if self.several:
            yield self.make_tabs()
        with VerticalScroll(id="progress"):
            yield Static(id="progress-banner", classes="banner")
            yield Static(id="heatmap", classes="panel")
            with Horizontal(id="tiles"):
                for tile_id, title in TILES[:3]:
                    yield titled(Static(id=tile_id, classes="tile"), title)
                with titled(Vertical(id="tile-momentum", classes="tile"), TILES[3][1]):
                    yield Static(id="momentum-figure")
                    yield Sparkline([], id="momentum-trend")
            with Horizontal(id="lower"):
                yield Static(id="trends", classes="panel")
                yield Static(id="progress-goals", classes="panel")
            yield Static(id="learning", classes="panel")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self.theme_changed)
        self.render_all()

    # data -------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Read everything again (the app calls this when the data changed elsewhere)."""
        several = self.several
        self.load()
        self.sync_tabs()
        if several != self.several:
            self.refresh_bindings()
        self.render_all()

    def load(self) -> None:
        """The partnerships, and the figures of the one on view."""
        store = self.app.store
        self.partnerships = list_partnerships(store)
        if self.viewed_id not in [p.id for p in self.partnerships]:
            current = current_partnership(store)
            self.viewed_id = current.id if current else None
        partnership = self.viewed
        now = clock.now()
        if partnership is None:
            self.report, self.goals = None, []
            self.candour = self.value = trends.Trend()
            self.learning = (loop_stats.LearningCounts(), loop_stats.LearningCounts())
            return
        self.report = report_for(store, partnership, now)
        points = trends.rating_points(store, partnership)
        self.candour = trends.recent_trend(points, "candour", now)
        self.value = trends.recent_trend(points, "value", now)
        self.goals = goal_core.active_goals_attention_first(store, partnership.id, now.date())
        # Counted off the interface thread once the screen is drawn: a long history takes a
        # while, and a worker started sooner would hold up the first frame.
        self.learning = None
        self.call_after_refresh(self.count_learning, partnership, now.date())

    @work(thread=True, exclusive=True, group="learning", exit_on_error=False)
    def count_learning(self, partnership: Partnership, today: date) -> None:
        counts = loop_stats.this_cycle_and_all_time(self.app.store, partnership, today)
        self.app.call_from_thread(self.show_learning, partnership.id, counts)

    def show_learning(self, partnership_id: int | None, counts: tuple) -> None:
        if partnership_id == self.viewed_id and self.is_attached:
            self.learning = counts
            self.render_learning()

    @property
    def viewed(self) -> Partnership | None:
        return next((p for p in self.partnerships if p.id == self.viewed_id), None)

    @property
    def several(self) -> bool:
        return len(self.partnerships) > 1

    def make_tabs(self) -> Tabs:
        tabs = [Tab(literal(p.partner_name, one_line=True), id=f"partnership-{p.id}") for p in self.partnerships]
        return Tabs(*tabs, active=f"partnership-{self.viewed_id}", id="partnership-tabs")

    def sync_tabs(self) -> None:
        """One tab per partnership when there are several, none otherwise."""
        found = self.query("#partnership-tabs")
        tabs = found.first(Tabs) if found else None
        wanted = [(f"partnership-{p.id}", printable(p.partner_name, one_line=True)) for p in self.partnerships]
        if tabs is not None and [(t.id, str(t.label)) for t in tabs.query(Tab)] != wanted:
            tabs.remove()
            tabs = None
        if tabs is None and self.several:
            self.mount(self.make_tabs(), before="#progress")
        elif tabs is not None:
            tabs.active = f"partnership-{self.viewed_id}"

    @on(Tabs.TabActivated, "#partnership-tabs")
    def tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab is None or event.tab.id is None:
            return
        chosen = int(event.tab.id.removeprefix("partnership-"))
        if chosen != self.viewed_id:
            self.show_partnership(chosen)

    def action_cycle(self, step: int) -> None:
        """Show the next (or previous) partnership's progress; the current one stays."""
        ids = [p.id for p in self.partnerships]
        if len(ids) < 2:
            return
        index = ids.index(self.viewed_id) if self.viewed_id in ids else 0
        self.show_partnership(ids[(index + step) % len(ids)])

    def show_partnership(self, partnership_id: int | None) -> None:
        self.viewed_id = partnership_id
        self.refresh_data()

    def partner_switched(self) -> None:
        self.viewed_id = None  # the new current partnership's tab
        self.refresh_data()

    def partnership_for_place(self, place: str) -> int | None:
        """From another partner's tab, their goals, actions, agenda, sessions or reflection:
        the app switches to them first, so that what opens is what was on view."""
        current = current_partnership(self.store)
        if place in PARTNER_PLACES and self.viewed is not None and current is not None:
            return self.viewed_id if self.viewed_id != current.id else None
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle":
            return self.several
        return True

    def action_back(self) -> None:
        self.app.show_dashboard()

    # drawing ------------------------------------------------------------------------------

    def theme_changed(self, _theme: object) -> None:
        self.render_all()

    def on_resize(self) -> None:
        roomy = self.size.height >= ROOMY_HEIGHT
        if roomy != self.roomy and self.palette is not None:
            self.render_all()
        elif self.palette is not None:
            self.render_learning()  # one line or two, by the width

    def render_all(self) -> None:
        self.palette = Palette.from_theme(self.app.theme_variables, self.app.current_theme.dark)
        self.roomy = self.size.height >= ROOMY_HEIGHT
        self.set_class(self.roomy, "-roomy")
        self.render_subtitle()
        self.render_banner()
        self.render_heatmap()
        self.render_tiles()
        self.render_trends()
        self.render_goals()
        self.render_learning()

    @property
    def partner_name(self) -> str:
        partnership = self.viewed
        return partnership.partner_name if partnership else "your partner"

    @property
    def unit(self) -> str:
        report = self.report
        return period_unit(report) if report else "week"

    def render_subtitle(self) -> None:
        """The header names the partner on view, and the current one when they differ."""
        viewed, current = self.viewed, current_partnership(self.store)
        if viewed is None or current is None or viewed.id == current.id:
            self.sub_title = None  # the app's: "with" the current partner
            return
        self.sub_title = self.app.partner_subtitle(viewed.partner_name, f"current: {current.partner_name}")

    def render_banner(self) -> None:
        banner = self.query_one("#progress-banner", Static)
        report = self.report
        message = None
        if report is not None:
            message = warning_for(self.store, self.viewed, report, clock.now()) if self.viewed else None
        banner.display = message is not None
        if message:
            banner.update(literal(message, "bold"))

    def render_heatmap(self) -> None:
        panel = self.query_one("#heatmap", Static)
        report, partnership = self.report, self.viewed
        panel.border_title = "The last 12 months" if self.unit == "month" else "The last 52 weeks"
        panel.border_subtitle = ""
        if partnership is None or report is None:
            panel.update(Text("No partnership yet.", style=self.palette.muted))
            return
        if not report.started:
            panel.update(
                rich_literal(
                    f"Your partnership with {partnership.partner_name} starts on "
                    f"{format_date_in_full(partnership.start_date)}. Each {self.unit} you meet fills a cell here.",
                    self.palette.muted,
                )
            )
            return
        cells = report.recent
        young = bool(cells) and cells[0].start <= partnership.start_date
        if young:
            panel.border_subtitle = f"since {format_date(partnership.start_date, weekday=False)}"
        elif cells:
            panel.border_subtitle = f"{format_month(cells[0].start)} – {format_month(report.today)}"
        heatmap = Heatmap(cells, self.palette, self.unit, height=3 if self.roomy else 2, young=young)
        parts: list = [heatmap]
        summary = heatmap_summary(cells, self.unit)
        if report.sessions_held == 0:
            summary = (
                f"No sessions held yet. Each {self.unit} you meet {partnership.partner_name} "
                f"fills a cell in green; prepare and reflect to make it brighter."
            )
        parts.append(rich_literal(summary, self.palette.muted))
        panel.update(Group(*parts))

    def render_tiles(self) -> None:
        report = self.report or StreakReport(today=clock.today())
        p, unit, roomy = self.palette, self.unit, self.roomy
        for tile_id, streak, word, rate, of in (
            ("#tile-meeting", report.meeting, unit, report.meeting_rate, f"{unit}s met"),
            ("#tile-prep", report.prep, "session", report.prep_rate, "sessions"),
            ("#tile-reflection", report.reflection, "session", report.reflection_rate, "sessions"),
        ):
            self.query_one(tile_id, Static).update(streak_figure(streak, word, rate, of, p, roomy=roomy))
        self.render_momentum(report)

    def render_momentum(self, report: StreakReport) -> None:
        self.query_one("#momentum-figure", Static).update(momentum_figure(report, self.palette))
        trend = self.query_one("#momentum-trend", Sparkline)
        # A flat or missing history would draw as a full bar: show a trend only once it has one.
        history = list(report.momentum_history)
        trend.display = len(history) >= 2 and max(history) > min(history)
        trend.data = history

    def render_trends(self) -> None:
        panel = self.query_one("#trends", Static)
        panel.border_title = "Candour and value"
        p = self.palette
        if not self.candour.values and not self.value.values:
            panel.border_subtitle = ""
            panel.update(
                Text(
                    "No ratings yet. After each session press 4 to reflect, and rate how "
                    "candid and how valuable it was (1–5).",
                    style=p.muted,
                )
            )
            return
        panel.border_subtitle = "1–5, one bar per reflection"
        panel.update(trends_grid(self.candour, self.value, p, roomy=self.roomy))

    def render_goals(self) -> None:
        panel = self.query_one("#progress-goals", Static)
        p = self.palette
        panel.border_title = f"Active goals ({len(self.goals)})"
        if not self.goals:
            panel.update(
                Text("No active goals. Press 6, then n, to set one with both of your expectations.", style=p.muted)
            )
            return
        shown = GOALS_SHOWN * 2 if self.roomy else GOALS_SHOWN
        panel.update(goals_grid(self.goals, clock.today(), p, shown))

    def render_learning(self) -> None:
        """Plans carried out and lessons kept in the current cycle; all time in the border."""
        panel = self.query_one("#learning", Static)
        partnership = self.viewed
        panel.display = partnership is not None
        if partnership is None or self.palette is None:
            return
        panel.border_title = learning_title(partnership.current_cycle.number)
        if self.learning is None:
            panel.border_subtitle = ""
            panel.update(markup("[$text-muted]Counting plans and lessons…[/]"))
            return
        this_cycle, all_time = self.learning
        panel.border_subtitle = learning_subtitle(this_cycle, all_time)
        width = max(self.size.width - 6, 20)  # the screen's padding, the border and the panel's padding
        panel.update(learning_figures(this_cycle, self.palette, width, roomy=self.roomy))
