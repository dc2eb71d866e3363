"""What the progress screen's panels show, drawn from the figures: the streak and momentum
tiles, the candour and value bars, the active goals, and the words and colours they pick.
Plain functions of their inputs, tested on their own."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from companion import goals as goal_core
from companion import trends
from companion.loop_stats import LearningCounts
from companion.models import Frequency, Goal, TrackRating
from companion.streaks import PeriodCell, PeriodState, Streak, StreakReport
from screens.progress_drawings import Figure, Palette, RatingBars
from screens.text import rich_literal

MOMENTUM_LOOKBACK = 4  # the momentum arrow compares with this many periods ago


def streak_figure(streak: Streak, word: str, rate: float | None, of: str, palette: Palette, *, roomy: bool) -> Figure:
    """A streak tile: the current run in big digits, "weeks in a row" beside it, the best
    run beneath (and on a roomy screen the share of `of` kept)."""
    current, longest = streak.current, streak.longest
    foot = Text(f"best {longest}", style=palette.muted)
    if current and current == longest and longest > 1:
        foot = Text("★ best run", style=palette.good)
    if roomy and rate is not None:
        foot.append(f"\n{rate:.0%} of {of}", palette.muted)
    side = Text(f"{word}{'s' if current != 1 else ''}\nin a row", style=palette.muted)
    style = palette.text + Style(bold=True) if current else palette.muted
    return Figure(str(current), style, (side,), foot)


def momentum_figure(report: StreakReport, palette: Palette) -> Figure:
    """Momentum out of 100, coloured by how healthy it is, and how it moved lately."""
    p = palette
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
    return Figure(str(momentum), style + Style(bold=True), (long, side))


def trends_grid(candour: trends.Trend, value: trends.Trend, palette: Palette, *, roomy: bool) -> RenderableType:
    """Candour and value as rating bars with the latest figure and the average, and a word
    when candour is slipping."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, vertical="bottom")
    grid.add_column()
    grid.add_column(no_wrap=True, vertical="bottom")
    grid.add_column(no_wrap=True, vertical="bottom")
    height = 3 if roomy else 1
    for label, trend in (("Candour", candour), ("Value", value)):
        average = Text(f"avg {trend.average:.1f}" if trend.values else "", style=palette.muted)
        if roomy and label == "Value":
            grid.add_row()  # a line between the two charts
        grid.add_row(
            Text(label, style="bold"), RatingBars(trend.values, palette, height), trend_figure(trend, palette), average
        )
    hint = trends_hint(candour, value)
    return Group(grid, Text(hint, style=palette.fair)) if hint else grid


def goals_grid(goals: Sequence[Goal], today: date, palette: Palette, shown: int) -> RenderableType:
    """The first `shown` goals as coloured bars with their progress and title, and how many
    more there are."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    # The per cent keeps its own width: squeezed, it ran into the title ("40%Ship").
    widest = max((len(f"{goal.progress}%") for goal in goals[:shown]), default=3)
    grid.add_column(no_wrap=True, justify="right", min_width=widest)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for goal in goals[:shown]:
        style = goal_style(goal, today, palette)
        grid.add_row(
            goal_bar(goal.progress, style, palette),
            Text(f"{goal.progress}%", style=style),
            rich_literal(goal.title, one_line=True),
        )
    more = len(goals) - shown
    return Group(grid, Text(f"… and {more} more (press 6)", style=palette.muted)) if more > 0 else grid


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


def learning_title(cycle_number: int) -> str:
    return f"Plans and lessons · cycle {cycle_number}"


def learning_subtitle(this_cycle: LearningCounts, all_time: LearningCounts) -> str:
    """All time, in the border, when it differs from this cycle."""
    if all_time == this_cycle:
        return ""
    plans, lessons = all_time.plans, all_time.lessons
    return f"all time: {plans.done} of {plans.due} plans, {lessons.kept} of {lessons.returned} lessons"


def learning_figures(counts: LearningCounts, palette: Palette, width: int, *, roomy: bool) -> Text:
    """ "Plans carried out: 3 of 5 due · Lessons kept: 4 (of 6 that came back)" on one line
    when `width` allows, else two; on a roomy screen the rest of the answers beneath."""
    if not counts.anything:
        return Text("No plan or lesson has come back this cycle yet.", style=palette.muted)
    plans, lessons = counts.plans, counts.lessons
    plan_text = Text.assemble("Plans carried out: ", (f"{plans.done} of {plans.due}", "bold"), " due")
    lesson_text = Text.assemble(
        "Lessons kept: ", (str(lessons.kept), "bold"), f" (of {lessons.returned} that came back)"
    )
    joint = " · " if len(plan_text) + 3 + len(lesson_text) <= width else "\n"
    text = Text.assemble(plan_text, (joint, palette.muted), lesson_text)
    if roomy:
        rest = [
            f"{plans.partly} partly, {plans.not_yet} not yet",
            f"{lessons.let_go} let go, {lessons.unmarked} not marked",
        ]
        text.append("\n" + " · ".join(rest), palette.muted)
    return text
