"""How the progress screen draws: the rating bars and heatmap on their own, and snapshots
of the whole screen at 80×24 and 120×40, dark and light (the clock is pinned by the
conftest)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from companion.demo import write_dataset
from companion.partnerships import add_partnership
from companion.store import Store
from companion.streaks import PeriodState
from screens.app import make_app
from screens.progress import ProgressScreen
from screens.progress_drawings import Heatmap, Palette, RatingBars
from screens.progress_panels import heatmap_summary
from tests.conftest import make_partnership
from tests.progress_screen_helpers import NOW, WEEK, add_history, render, second_partnership

# --- the drawings on their own ----------------------------------------------------------------


def dark_palette() -> Palette:
    from textual.app import App

    app = App()
    return Palette.from_theme(app.get_theme("textual-dark").to_color_system().generate(), True)


def test_rating_bars_use_a_fixed_scale_and_keep_the_newest():
    bars = RatingBars((1, 2, 3, 4, 5), dark_palette())
    assert render(bars, 40) == ["▂▃▅▆█"]
    assert render(bars, 3) == ["▅▆█"]
    tall = render(RatingBars((1, 5), dark_palette(), height=2), 10)
    assert tall == [" █", "▃█"]


def test_monthly_cells_are_wider_and_fortnights_fit_80_columns():
    from companion.streaks import PeriodCell

    months = tuple(PeriodCell(date(2026, m, 1), date(2026, m + 1, 1), PeriodState.COMPLETE) for m in range(1, 12))
    lines = render(Heatmap(months, dark_palette(), "month"), 74)
    assert lines[0].startswith("█████ █████ ")
    assert lines[2].startswith("Jan   Feb   Mar")
    assert heatmap_summary(months, "month") == "Met 11 of 11 months"


def test_a_narrow_heatmap_keeps_the_newest_periods_on_one_line():
    from companion.streaks import PeriodCell

    start = date(2025, 11, 25)
    weeks = tuple(
        PeriodCell(start + i * WEEK, start + (i + 1) * WEEK, PeriodState.MISSED if i < 40 else PeriodState.HELD)
        for i in range(53)
    )
    lines = render(Heatmap(weeks, dark_palette(), "week"), 20)
    assert lines[0] == "×" * 7 + "█" * 13 and lines[0] == lines[1]  # missed and held differ without colour
    assert heatmap_summary(weeks, "week") == "Met 13 of 53 weeks"


def test_a_young_partnership_fills_the_year_from_the_right():
    from companion.streaks import PeriodCell

    start = date(2026, 11, 3)
    weeks = tuple(
        PeriodCell(start + i * WEEK, start + (i + 1) * WEEK, state)
        for i, state in enumerate([PeriodState.HELD, PeriodState.PAUSED, PeriodState.UPCOMING])
    )
    lines = render(Heatmap(weeks, dark_palette(), "week", young=True), 74)
    assert lines[0] == "·" * 50 + "█▒░"
    assert lines[2].split() == ["Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]


# --- snapshots (80×24 and 120×40, dark and light; the clock is pinned by the conftest) ----------


async def push_progress(pilot) -> None:
    await pilot.pause()
    pilot.app.push_screen(ProgressScreen())
    await pilot.pause()


def light(then=push_progress):
    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.theme = "textual-light"
        await then(pilot)

    return run_before


def demo_app(data_dir: Path):
    """The demo year (`companion demo`): 52 sessions, seed 7, ending at the pinned clock."""
    write_dataset(data_dir, sessions=52, seed=7, now=NOW)
    return make_app(data_dir)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_demo_year_dark(snap_compare, data_dir: Path, size):
    assert snap_compare(demo_app(data_dir), terminal_size=size, run_before=push_progress)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_demo_year_light(snap_compare, data_dir: Path, size):
    assert snap_compare(demo_app(data_dir), terminal_size=size, run_before=light())


def test_snapshot_no_sessions_yet(snap_compare, onboarded: Store, data_dir: Path):
    assert snap_compare(make_app(data_dir), terminal_size=(80, 24), run_before=push_progress)


def test_snapshot_second_partnership_monthly(snap_compare, data_dir: Path):
    """Tabs for three partnerships; the monthly one on view has stalled, and its November
    session is not recorded (which the banner says first)."""
    app = demo_app(data_dir)
    store = app.store
    other = second_partnership(store)
    add_history(store, other.id, datetime(2026, 6, 2, 9), "")
    with store.transaction():
        for month, mark in zip(range(6, 11), "CPZCR"):
            when = datetime(2026, month, 1, 9) + timedelta(days=(1 - date(2026, month, 1).weekday()) % 7)
            add_history(store, other.id, when, mark, [(4, 3)])
    add_partnership(store, make_partnership(partner_name="Aiko", start_date=date(2026, 9, 1)), NOW)

    async def run_before(pilot) -> None:
        await push_progress(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
