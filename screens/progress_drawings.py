"""The progress screen's drawings: Rich renderables that fit whatever width they are given
(the heatmap of the year, rating bars, big figures) and the theme's colours they are drawn in.

Rich styles cannot read the theme's CSS variables, so the colours are looked up in the
variables the app generates from its current theme (`App.theme_variables`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.renderables.digits import Digits as DigitsRenderable

from companion import trends
from companion.dates import format_month
from companion.streaks import PeriodCell, PeriodState

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
            return "×", self.missed  # a glyph of its own: held and missed must differ without colour
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
                label = format_month(start, year=False)
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
            ("×", p.missed, "missed"),
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
