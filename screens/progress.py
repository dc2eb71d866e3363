"""Progress: the year at a glance — a heatmap of the last 52 weeks, streak tiles, momentum,
candour and value over time, and the active goals.

Pictures first, figures second. Everything is computed by `companion.streaks.report_for`
and `companion.trends` (both cached in the store), so the first frame is quick even on a
long history. Rich styles cannot read the theme's CSS variables, so the colours of the
heatmap, the tiles, the rating bars and the goal bars are looked up in the variables the
app generates from its current theme (`App.theme_variables`), and everything is drawn
again when the theme changes.

Per partnership: with several partnerships, tabs (and `[` `]`, and the command palette)
switch which one is on view; the current partnership of the app stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TypeVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widget import Widget
from textual.widgets import Footer, Header, Sparkline, Static, Tab, Tabs

from companion import clock, trends
from companion import goals as goal_core
from companion.models import Frequency, Goal, Partnership, TrackRating
from companion.partnerships import current_partnership, list_partnerships
from companion.streaks import (
    PeriodCell,
    PeriodState,
    Streak,
    StreakReport,
    at_risk_message,
    period_unit,
    report_for,
    stalled_message,
)
from companion.terminal_text import printable
from screens.base import CompanionScreen
from screens.text import highlighted, literal, rich_literal

W = TypeVar("W", bound=Widget)
GOALS_SHOWN = 4  # 8 on a roomy screen
ROOMY_HEIGHT = 34  # from this many lines the drawings grow taller
MOMENTUM_LOOKBACK = 4  # the momentum arrow compares with this many periods ago


# --- colours -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Palette:
    """The colours of the drawings, taken from the current theme (light or dark)."""

    levels: tuple[Style, Style, Style]  # held, + prepared or reflected, + both
    missed: Style
    paused: Style
    upcoming: Style
    muted: Style
    good: Style
    fair: Style
    poor: Style
    accent: Style
    text: Style
    track: Style  # the empty part of a bar

    @classmethod
    def from_theme(cls, variables: dict[str, str], dark: bool) -> Palette:
        def colour(name: str, fallback: str) -> Color:
            try:
                return Color.parse(variables.get(name, fallback))
            except Exception:  # noqa: BLE001 - an odd theme value must not break the screen
                return Color.parse(fallback)

        background = colour("background", "#121212" if dark else "#e0e0e0")
        foreground = colour("foreground", "#e0e0e0" if dark else "#1f1f1f")
        # Dark themes: brighter is more; light themes: darker is more (as on GitHub).
        strong = colour("success-lighten-1" if dark else "success-darken-2", "#4ebf71")
        error = colour("error", "#b93c5b")

        def fg(c: Color) -> Style:
            return Style(color=c.rich_color)

        def mix(c: Color, amount: float) -> Style:
            return fg(background.blend(c, amount))

        return cls(
            levels=(mix(strong, 0.35), mix(strong, 0.65), fg(strong)),
            missed=mix(error, 0.7 if dark else 0.6),
            paused=mix(foreground, 0.45),
            upcoming=fg(colour("text-primary", "#57a5e2")),
            muted=mix(foreground, 0.6),
            good=fg(colour("text-success", "#8ad4a1")),
            fair=fg(colour("text-warning", "#ffc473")),
            poor=fg(colour("text-error", "#d17e92")),
            accent=fg(colour("text-primary", "#57a5e2")),
            text=fg(foreground),
            track=mix(foreground, 0.25),
        )

    def cell(self, state: PeriodState) -> tuple[str, Style]:
        """The glyph and style of one heatmap cell."""
        if state is PeriodState.UPCOMING:
            return "░", self.upcoming
        if state is PeriodState.PAUSED:
            return "▒", self.paused
        if state is PeriodState.MISSED:
            return "█", self.missed
        return "█", self.levels[(state.level or 1) - 1]

    def rating(self, value: float) -> Style:
        return self.good if value >= 4 else self.fair if value >= 3 else self.poor


# --- drawings (Rich renderables that fit whatever width they are given) ---------------


class Heatmap:
    """The periods of the last 52 weeks as a strip of cells, month names beneath, a legend.

    A cell is as wide as the room allows (one column a week at 80 columns, wider for
    fortnights and months); the strip is two or three lines tall, so that it reads as a
    picture. A partnership younger than a year gets faint dots for the periods before
    its start, so the strip always spans a year and fills from the right.
    """

    SLOTS = {"week": 53, "fortnight": 27, "month": 13}  # a full year of periods
    STEP = {"week": 7, "fortnight": 14}

    def __init__(
        self, cells: tuple[PeriodCell, ...], palette: Palette, unit: str, *, height: int = 2, young: bool = False
    ) -> None:
        self.cells: list[tuple[date, PeriodState | None]] = [(c.start, c.state) for c in cells]
        if young and cells:
            self.cells[:0] = self._before(cells[0].start, self.SLOTS.get(unit, 0) - len(cells), unit)
        self.palette = palette
        self.unit = unit
        self.height = height

    def _before(self, first: date, count: int, unit: str) -> list[tuple[date, PeriodState | None]]:
        """`count` empty slots before `first`, one period apart, oldest first."""
        slots = []
        for back in range(count, 0, -1):
            if unit == "month":
                month = first.month - back
                slots.append((date(first.year + (month - 1) // 12, (month - 1) % 12 + 1, 1), None))
            else:
                slots.append((date.fromordinal(first.toordinal() - back * self.STEP.get(unit, 7)), None))
        return slots

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        cells = self.cells[-width:]  # too narrow for a year: the newest periods
        if not cells:
            return
        cell_width = max(1, min(6, width // len(cells)))
        gap = 1 if cell_width >= 3 else 0
        strip = Text(no_wrap=True, overflow="crop")
        for _start, state in cells:
            if state is None:
                glyph, style = "·", self.palette.track
            else:
                glyph, style = self.palette.cell(state)
            strip.append(glyph * (cell_width - gap), style)
            strip.append(" " * gap)
        for _ in range(self.height):
            yield strip
        yield self.months(cells, cell_width)
        yield self.legend(width)

    def months(self, cells: list[tuple[date, PeriodState | None]], cell_width: int) -> Text:
        """Month names under the cells where a month begins, where they do not collide."""
        line = ""
        previous = None
        for index, (start, _state) in enumerate(cells):
            month = (start.year, start.month)
            column = index * cell_width
            if month != previous and column >= len(line) + (1 if line else 0):
                label = start.strftime("%b")
                # The first cell may be the tail of a month: label it only if there is room.
                if index or self._room_after_first(cells, cell_width) > len(label):
                    line = line.ljust(column) + label
            previous = month
        return Text(line, style=self.palette.muted, no_wrap=True, overflow="crop")

    @staticmethod
    def _room_after_first(cells: list[tuple[date, PeriodState | None]], cell_width: int) -> int:
        """Columns from the first cell to the next month's first cell."""
        first = cells[0][0]
        for index, (start, _state) in enumerate(cells[1:], start=1):
            if (start.year, start.month) != (first.year, first.month):
                return index * cell_width
        return 10**6

    def legend(self, width: int) -> Text:
        """What the colours mean (in words that fit the width)."""
        p = self.palette
        if width >= 100:
            held = ["held", "held, prepared or reflected", "held, prepared and reflected"]
            now = f"this {self.unit}"
        else:
            held, now = ["held", "+ prepared or reflected", "+ both"], "now"
        entries = [
            ("█", p.missed, "missed"),
            ("▒", p.paused, "paused"),
            *[("█", style, label) for style, label in zip(p.levels, held)],
            ("░", p.upcoming, now),
        ]
        text = Text(no_wrap=True, overflow="crop")
        for position, (glyph, style, label) in enumerate(entries):
            text.append("  " if position else "")
            text.append(glyph, style)
            text.append(" " + label, p.muted)
        return text


class RatingBars:
    """Ratings from 1 to 5 as bars of a fixed scale (a 3 always looks like a 3), one column
    each, newest on the right, as many as fit; `height` lines tall."""

    EIGHTHS = " ▁▂▃▄▅▆▇█"

    def __init__(self, values: tuple[int, ...], palette: Palette, height: int = 1) -> None:
        self.values = values
        self.palette = palette
        self.height = height

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(len(self.values), 8), max(1, len(self.values)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        shown = self.values[-options.max_width :] if options.max_width else ()
        tall = [round(value / trends.RATING_MAX * 8 * self.height) for value in shown]
        for row in reversed(range(self.height)):
            line = Text(no_wrap=True)
            for value, eighths in zip(shown, tall):
                level = max(0, min(8, eighths - row * 8))
                line.append(self.EIGHTHS[level], self.palette.rating(value))
            yield line


class Figure:
    """A number in big digits with a few short lines beside it, and a line beneath.

    `sides` are alternatives, longest first: the first whose lines all fit beside the
    digits is shown. (Drawn by hand rather than with a table: there are four on screen.)
    """

    def __init__(self, figure: str, style: Style, sides: tuple[Text, ...], foot: Text | None = None) -> None:
        self.figure = figure
        self.style = style
        self.sides = sides
        self.foot = foot

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        digits = DigitsRenderable(self.figure, self.style)
        width = DigitsRenderable.get_width(self.figure)
        room = max(0, options.max_width - width - 1)
        lines = console.render_lines(digits, options.update(width=width, height=3), pad=True)
        side = next((s for s in self.sides if _widest(s) <= room), self.sides[-1])
        beside = options.update(width=room, height=1, no_wrap=True, overflow="ellipsis")
        side_lines = side.split("\n", allow_blank=True)
        for index, line in enumerate(lines):
            yield from line
            if index < len(side_lines) and room:
                yield Segment(" ")
                yield from console.render_lines(side_lines[index], beside, pad=False)[0]
            yield Segment.line()
        if self.foot is not None:
            yield self.foot


def _widest(text: Text) -> int:
    return max(map(cell_len, text.plain.split("\n")))


TILES = (
    ("tile-meeting", "Meetings"),
    ("tile-prep", "Prepared"),
    ("tile-reflection", "Reflected"),
    ("tile-momentum", "Momentum"),
)


def titled(widget: W, title: str) -> W:
    widget.border_title = title
    return widget


class PartnershipCommands(Provider):
    """The command palette on the progress screen: back, and each partnership's view."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        """(name, callback, help): names and help are shown as written (they name partners)."""
        screen = self.screen
        if not isinstance(screen, ProgressScreen):
            return []
        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Back to the dashboard", screen.action_back, "Leave the progress screen"),
        ]
        if screen.several:
            for partnership in screen.partnerships:
                name = printable(partnership.partner_name, one_line=True)
                commands.append(
                    (
                        f"Progress with {name}",
                        partial(screen.show_partnership, partnership.id),
                        f"Show the streaks, trends and goals of your partnership with {name}",
                    )
                )
        return commands

    async def discover(self) -> Hits:
        # The help goes in as Content, too: the palette reads a `str` help as markup.
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(literal(name), callback, text=name, help=literal(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=literal(help_text))


# --- the screen ----------------------------------------------------------------------------


class ProgressScreen(CompanionScreen):
    """Streaks, momentum, candour and value, goals — one partnership at a time.

    A light widget tree (the drawings are Rich renderables in a few Statics), so the first
    frame is quick; the partnership tabs exist only when there are several partnerships.
    """

    CSS_PATH = "progress.tcss"
    COMMANDS = {PartnershipCommands}
    BINDINGS = [
        Binding("escape", "back", "Back", id="progress_back", tooltip="Back to the dashboard"),
        Binding(
            "left_square_bracket",
            "cycle(-1)",
            "Previous partner",
            id="progress_previous",
            show=False,
            tooltip="Show the progress of the previous partnership",
        ),
        Binding(
            "right_square_bracket",
            "cycle(1)",
            "Next partner",
            id="progress_next",
            tooltip="Show the progress of the next partnership",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.partnerships: list[Partnership] = []
        self.viewed_id: int | None = None  # the partnership shown (not necessarily current)
        self.report: StreakReport | None = None
        self.candour = trends.Trend()
        self.value = trends.Trend()
        self.goals: list[Goal] = []
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
        yield Footer()

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
            return
        self.report = report_for(store, partnership, now)
        points = trends.rating_points(store, partnership)
        self.candour = trends.recent_trend(points, "candour", now)
        self.value = trends.recent_trend(points, "value", now)
        self.goals = goal_core.active_goals_attention_first(store, partnership.id, now.date())

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

    def render_all(self) -> None:
        self.palette = Palette.from_theme(self.app.theme_variables, self.app.current_theme.dark)
        self.roomy = self.size.height >= ROOMY_HEIGHT
        self.set_class(self.roomy, "-roomy")
        self.render_banner()
        self.render_heatmap()
        self.render_tiles()
        self.render_trends()
        self.render_goals()

    @property
    def partner_name(self) -> str:
        partnership = self.viewed
        return partnership.partner_name if partnership else "your partner"

    @property
    def unit(self) -> str:
        report = self.report
        return period_unit(report) if report else "week"

    def render_banner(self) -> None:
        banner = self.query_one("#progress-banner", Static)
        report = self.report
        message = None
        if report is not None:
            message = at_risk_message(report, self.partner_name) or stalled_message(report, self.partner_name)
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
                    f"{partnership.start_date:%A %-d %B %Y}. Each {self.unit} you meet fills a cell here.",
                    self.palette.muted,
                )
            )
            return
        cells = report.recent
        young = bool(cells) and cells[0].start <= partnership.start_date
        if young:
            panel.border_subtitle = f"since {partnership.start_date:%-d %b %Y}"
        elif cells:
            panel.border_subtitle = f"{cells[0].start:%b %Y} – {report.today:%b %Y}"
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
        p = self.palette
        unit = self.unit

        def streak(tile_id: str, figure: Streak, word: str, rate: float | None, of: str) -> None:
            current, longest = figure.current, figure.longest
            foot = Text(f"best {longest}", style=p.muted)
            if current and current == longest and longest > 1:
                foot = Text("★ best run", style=p.good)
            if self.roomy and rate is not None:
                foot.append(f"\n{rate:.0%} of {of}", p.muted)
            side = Text(f"{word}{'s' if current != 1 else ''}\nin a row", style=p.muted)
            style = p.text + Style(bold=True) if current else p.muted
            self.query_one(tile_id, Static).update(Figure(str(current), style, (side,), foot))

        streak("#tile-meeting", report.meeting, unit, report.meeting_rate, f"{unit}s met")
        streak("#tile-prep", report.prep, "session", report.prep_rate, "sessions")
        streak("#tile-reflection", report.reflection, "session", report.reflection_rate, "sessions")
        self.render_momentum(report)

    def render_momentum(self, report: StreakReport) -> None:
        p = self.palette
        momentum = round(report.momentum)
        change = trends.momentum_change(report.momentum_history, MOMENTUM_LOOKBACK)
        direction = trends.momentum_direction(change)
        side = Text("of 100", style=p.muted)
        if direction is trends.Direction.STEADY:
            side.append("\n→ steady", p.muted)
        elif direction is not None and change is not None:
            style = p.good if direction is trends.Direction.UP else p.poor
            side.append(f"\n{direction.arrow} {abs(change):.0f}", style)
        long = side.copy()
        if direction is not None and direction is not trends.Direction.STEADY:
            long.append(f" in\n{lookback_words(report.period_frequency, MOMENTUM_LOOKBACK)}", p.muted)
        style = p.good if momentum >= 70 else p.fair if momentum >= 40 else p.poor
        if not report.sessions_held:
            style = p.muted
        self.query_one("#momentum-figure", Static).update(Figure(str(momentum), style + Style(bold=True), (long, side)))
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
                    "No ratings yet. After each session press r to reflect, and rate how "
                    "candid and how valuable it was (1–5).",
                    style=p.muted,
                )
            )
            return
        panel.border_subtitle = "1–5, one bar per reflection"
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, vertical="bottom")
        grid.add_column()
        grid.add_column(no_wrap=True, vertical="bottom")
        grid.add_column(no_wrap=True, vertical="bottom")
        height = 3 if self.roomy else 1
        for label, trend in (("Candour", self.candour), ("Value", self.value)):
            average = Text(f"avg {trend.average:.1f}" if trend.values else "", style=p.muted)
            if self.roomy and label == "Value":
                grid.add_row()  # a line between the two charts
            grid.add_row(
                Text(label, style="bold"), RatingBars(trend.values, p, height), trend_figure(trend, p), average
            )
        hint = trends_hint(self.candour, self.value)
        panel.update(Group(grid, Text(hint, style=p.fair)) if hint else grid)

    def render_goals(self) -> None:
        panel = self.query_one("#progress-goals", Static)
        p = self.palette
        panel.border_title = f"Active goals ({len(self.goals)})"
        if not self.goals:
            panel.update(
                Text("No active goals. Press g, then n, to set one with both of your expectations.", style=p.muted)
            )
            return
        today = clock.today()
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        shown = GOALS_SHOWN * 2 if self.roomy else GOALS_SHOWN
        for goal in self.goals[:shown]:
            style = goal_style(goal, today, p)
            grid.add_row(
                goal_bar(goal.progress, style, p),
                Text(f"{goal.progress}%", style=style),
                rich_literal(goal.title, one_line=True),
            )
        more = len(self.goals) - shown
        if more > 0:
            panel.update(Group(grid, Text(f"… and {more} more (press g)", style=p.muted)))
        else:
            panel.update(grid)


# --- helpers (plain functions, tested on their own) -------------------------------------


def heatmap_summary(cells: tuple[PeriodCell, ...], unit: str) -> str:
    """ "Met 44 of 50 weeks · 3 paused" over the decided cells of the heatmap."""
    held = sum(1 for c in cells if c.state.level is not None and c.state.level > 0)
    missed = sum(1 for c in cells if c.state is PeriodState.MISSED)
    paused = sum(1 for c in cells if c.state is PeriodState.PAUSED)
    decided = held + missed
    text = f"Met {held} of {decided} {unit}s" if decided != 1 else f"Met {held} of 1 {unit}"
    if paused:
        text += f" · {paused} paused"
    return text


def lookback_words(frequency: Frequency | None, periods: int) -> str:
    """ "4 weeks", "8 weeks", "4 months": how far back `periods` periods reach."""
    if frequency is Frequency.MONTHLY:
        return f"{periods} months"
    weeks = periods * (2 if frequency is Frequency.FORTNIGHTLY else 1)
    return f"{weeks} weeks"


def trend_figure(trend: trends.Trend, palette: Palette) -> Text:
    """The latest rating and the arrow: "4 ↑"."""
    if trend.latest is None:
        return Text("–", style=palette.muted)
    text = Text(str(trend.latest), style=palette.rating(trend.latest) + Style(bold=True))
    if trend.direction is not None:
        style = {trends.Direction.UP: palette.good, trends.Direction.DOWN: palette.poor}.get(
            trend.direction, palette.muted
        )
        text.append(f" {trend.direction.arrow}", style)
    return text


def trends_hint(candour: trends.Trend, value: trends.Trend) -> str | None:
    """A word when candour is falling (the pulse the article asks to watch)."""
    if candour.direction is trends.Direction.DOWN:
        return "Candour is slipping: open the next session with a safety check-in."
    return None


def goal_style(goal: Goal, today: date, palette: Palette) -> Style:
    if goal_core.needs_attention(goal, today):
        return palette.poor
    rating = goal_core.last_rating(goal)
    if rating is TrackRating.AT_RISK:
        return palette.fair
    if rating is TrackRating.ON_TRACK:
        return palette.good
    return palette.accent


def goal_bar(progress: int, style: Style, palette: Palette, width: int = 10) -> Text:
    filled = round(max(0, min(100, progress)) / 100 * width)
    text = Text("━" * filled, style=style)
    text.append("━" * (width - filled), palette.track)
    return text
