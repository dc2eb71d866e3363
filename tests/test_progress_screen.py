"""The progress screen with a real app: heatmap, streak tiles, momentum, candour and value,
goals, warnings, several partnerships, themes — and snapshots at 80×24 and 120×40."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from textual.widgets import Sparkline, Static, Tabs

from companion import goals as goal_core
from companion.demo import write_dataset
from companion.models import (
    Agenda,
    Frequency,
    Goal,
    Partnership,
    Reflection,
    Session,
    SessionState,
    TrackRating,
)
from companion.partnerships import add_partnership, load_settings
from companion.store import Store
from companion.streaks import PeriodState, report_for
from companion.validation import make_cadence
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.progress import ProgressScreen
from screens.progress_drawings import Heatmap, Palette, RatingBars
from screens.progress_panels import heatmap_summary
from tests.conftest import make_partnership, shown_text

NOW = datetime(2026, 11, 24, 10, 0)  # the conftest's frozen clock, a Tuesday
WEEK = timedelta(days=7)
SIZE = (80, 24)


# --- building histories -------------------------------------------------------------------


def add_history(store: Store, partnership_id: int, first: datetime, pattern: str, ratings=None) -> None:
    """One character a week from `first`: C held, prepared and reflected; P held and
    prepared; R held and reflected; H held; Z skipped, pausing the streak; - nothing.
    `ratings` gives (value, candour) for the reflected sessions, in order."""
    ratings = list(ratings or [])
    with store.transaction():
        for week, mark in enumerate(pattern):
            when = first + week * WEEK
            if mark == "-":
                continue
            if mark == "Z":
                store.add(
                    Session(
                        partnership_id=partnership_id,
                        scheduled_at=when,
                        state=SessionState.SKIPPED,
                        skip_reason="Holiday",
                        pauses_streak=True,
                    )
                )
                continue
            agenda = Agenda(ready_at=when - timedelta(days=1)) if mark in "CP" else None
            reflection = None
            if mark in "CR":
                value, candour = ratings.pop(0) if ratings else (4, 4)
                reflection = Reflection(
                    value=value, candour=candour, is_draft=False, written_at=when + timedelta(hours=2)
                )
            store.add(
                Session(
                    partnership_id=partnership_id,
                    scheduled_at=when,
                    state=SessionState.HELD,
                    held_at=when,
                    agenda=agenda,
                    reflection=reflection,
                )
            )


def year_partnership(store: Store) -> Partnership:
    """The onboarded partnership moved back a year, so the heatmap fills."""
    start = date(2025, 11, 4)
    store.update(Partnership, 1, start_date=start, cadences=[make_cadence(Frequency.WEEKLY, 1, time(16, 0), start)])
    return store.get(Partnership, 1)


YEAR = "CCCCPPRRHH-CCCZZCCCCCCCCCCCCCRRCC-CCCCCCPPCCCCCCCCRRC"  # 51 weeks, 4 Nov → 20 Oct…


async def open_progress(app, pilot) -> ProgressScreen:
    await pilot.pause()
    app.push_screen(ProgressScreen())
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, ProgressScreen)
    return app.screen


def text_of(screen: ProgressScreen, selector: str) -> str:
    """What a Static shows, drawn at the width it has on screen (the drawings fit it)."""
    return rendered(screen.query_one(selector, Static))


def rendered(widget: Static) -> str:
    import io

    from rich.console import Console
    from textual.content import Content

    content = widget.content
    if isinstance(content, (str, Content)):
        return shown_text(widget)
    console = Console(width=widget.content_size.width, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def shows_figure(screen: ProgressScreen, tile: str, figure: int | str) -> bool:
    """Whether a tile shows `figure` in big digits."""
    from rich.style import Style
    from textual.renderables.digits import Digits as BigDigits

    selector = "#momentum-figure" if tile == "tile-momentum" else f"#{tile}"
    shown = text_of(screen, selector).splitlines()
    for bold in (True, False):  # zero is drawn thin
        big = render(BigDigits(str(figure), Style(bold=bold)), 20)
        if all(line.startswith(digits.rstrip()) for line, digits in zip(shown, big)):
            return True
    return False


# --- what it shows --------------------------------------------------------------------------


async def test_a_year_of_sessions_fills_the_heatmap_tiles_and_trends(onboarded: Store, data_dir: Path):
    partnership = year_partnership(onboarded)
    pattern = YEAR[:-1] + "C"
    reflected = sum(pattern.count(mark) for mark in "CR")
    ratings = [(4, 3)] * (reflected - 3) + [(5, 5)] * 3
    add_history(onboarded, 1, datetime(2025, 11, 4, 16), pattern, ratings)
    report = report_for(onboarded, partnership, NOW)
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_progress(app, pilot)
        heatmap = text_of(screen, "#heatmap")
        kept = sum(1 for c in report.recent if c.state.level)
        missed = sum(1 for c in report.recent if c.state is PeriodState.MISSED)
        assert f"Met {kept} of {kept + missed} weeks · 2 paused" in heatmap
        assert "missed" in heatmap and "paused" in heatmap and "this week" in heatmap
        assert "Nov" in heatmap and "Jan" in heatmap
        assert shows_figure(screen, "tile-meeting", report.meeting.current)
        assert shows_figure(screen, "tile-prep", report.prep.current)
        assert shows_figure(screen, "tile-reflection", report.reflection.current)
        assert shows_figure(screen, "tile-momentum", round(report.momentum))
        assert f"best {report.meeting.longest}" in text_of(screen, "#tile-meeting")
        assert screen.query_one(Sparkline).data == list(report.momentum_history)
        trends_text = text_of(screen, "#trends")
        assert "Candour" in trends_text and "Value" in trends_text
        assert "5 ↑" in trends_text  # the latest candour, rising
        assert not screen.query_one("#progress-banner").display
        assert not screen.query(Tabs)


async def test_the_heatmap_has_one_cell_a_week_and_a_legend(onboarded: Store, data_dir: Path):
    year_partnership(onboarded)
    add_history(onboarded, 1, datetime(2025, 11, 4, 16), YEAR)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        lines = text_of(screen, "#heatmap").splitlines()
        report = report_for(onboarded, onboarded.get(Partnership, 1), NOW)
        cells = len(report.recent)
        assert lines[0].rstrip() == lines[1].rstrip()  # two lines tall
        assert len(lines[0].rstrip()) == cells  # one column a week at 80 columns
        assert lines[0].rstrip().endswith("░")  # this week, still to come
        assert "▒▒" in lines[0]  # the paused holiday
        assert "now" in lines[3] and "+ both" in lines[3]


async def test_no_sessions_yet_reads_as_a_start_not_a_failure(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert "No sessions held yet" in text_of(screen, "#heatmap")
        assert "No ratings yet" in text_of(screen, "#trends")
        assert "press r" in text_of(screen, "#trends")
        assert "No active goals" in text_of(screen, "#progress-goals")
        assert shows_figure(screen, "tile-meeting", 0)
        assert not shows_figure(screen, "tile-meeting", 1)
        assert not screen.query_one("#progress-banner").display


async def test_a_partnership_that_has_not_started_says_when_it_will(onboarded: Store, data_dir: Path):
    start = date(2026, 12, 1)
    onboarded.update(Partnership, 1, start_date=start, cadences=[make_cadence(Frequency.WEEKLY, 1, time(16, 0), start)])
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert "starts on Tuesday 1 December 2026" in text_of(screen, "#heatmap")


async def test_at_risk_shows_the_banner(onboarded: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    add_history(onboarded, 1, datetime(2026, 11, 3, 16), "CCC")
    monkeypatch.setenv("COMPANION_NOW", "2026-11-30T09:00:00")  # Monday; the week ends tomorrow
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        banner = screen.query_one("#progress-banner")
        assert banner.display
        assert "Book this week's session with Sam — last day to keep your 3-week streak." in text_of(
            screen, "#progress-banner"
        )


async def test_stalled_shows_the_banner(onboarded: Store, data_dir: Path):
    year_partnership(onboarded)
    add_history(onboarded, 1, datetime(2025, 11, 4, 16), "CCCCCCCCCC")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert "since you last met Sam" in text_of(screen, "#progress-banner")


async def test_goals_show_progress_bars_those_needing_attention_first(onboarded: Store, data_dir: Path):
    fine = goal_core.save_goal(
        onboarded, Goal(partnership_id=1, title="Pair with an AI assistant", target_date=date(2027, 3, 1)), NOW
    )
    goal_core.add_check_in(onboarded, fine.id, 60, TrackRating.ON_TRACK, "", "today", NOW.date())
    late = goal_core.save_goal(
        onboarded, Goal(partnership_id=1, title="Post in the Discord", target_date=date(2027, 1, 1)), NOW
    )
    goal_core.add_check_in(onboarded, late.id, 10, TrackRating.OFF_TRACK, "", "today", NOW.date())
    done = goal_core.save_goal(onboarded, Goal(partnership_id=1, title="Already achieved"), NOW)
    goal_core.change_status(onboarded, done.id, "achieve", NOW.date(), closing_assessment=4)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        lines = text_of(screen, "#progress-goals").splitlines()
        assert screen.query_one("#progress-goals").border_title == "Active goals (2)"
        assert "10%" in lines[0] and "Post in the Discord" in lines[0]
        assert "60%" in lines[1] and "Pair with an AI" in lines[1]
        assert "━" in lines[0]
        assert not any("Already achieved" in line for line in lines)


async def test_many_goals_end_with_a_pointer_to_the_goals_screen(onboarded: Store, data_dir: Path):
    for number in range(6):
        goal_core.save_goal(onboarded, Goal(partnership_id=1, title=f"Goal {number}"), NOW)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert "… and 2 more (press g)" in text_of(screen, "#progress-goals")


async def test_a_falling_candour_gets_a_word_of_advice(onboarded: Store, data_dir: Path):
    year_partnership(onboarded)
    ratings = [(4, 5)] * 5 + [(4, 2)] * 5
    add_history(onboarded, 1, datetime(2026, 9, 15, 16), "CCCCCCCCCC", ratings)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        text = text_of(screen, "#trends")
        assert "2 ↓" in text
        assert "safety check-in" in text


# --- several partnerships -------------------------------------------------------------------


def second_partnership(store: Store) -> Partnership:
    start = date(2026, 6, 2)
    other = make_partnership(
        partner_name="Priya", start_date=start, cadences=[make_cadence(Frequency.MONTHLY, 1, time(9, 0), start)]
    )
    return add_partnership(store, other, NOW)


async def test_several_partnerships_get_tabs_and_switching_keeps_the_current_one(onboarded: Store, data_dir: Path):
    other = second_partnership(onboarded)
    add_history(onboarded, other.id, datetime(2026, 6, 2, 9), "C")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        tabs = screen.query_one(Tabs)
        assert tabs.active == "partnership-1"
        assert screen.viewed_id == 1
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.viewed_id == other.id
        assert tabs.active == f"partnership-{other.id}"
        assert "months" in text_of(screen, "#heatmap")  # Priya meets monthly
        await pilot.click("#partnership-1")
        await pilot.pause()
        assert screen.viewed_id == 1
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.viewed_id == other.id
    assert load_settings(Store(data_dir).open()).current_partnership_id == 1


async def test_the_command_palette_switches_the_view(onboarded: Store, data_dir: Path):
    other = second_partnership(onboarded)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Progress with Priya")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.viewed_id == other.id


async def test_a_partnership_added_elsewhere_brings_the_tabs(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert not screen.query(Tabs)
        second_partnership(app.store)
        app.refresh_screens()
        await pilot.pause()
        assert [str(tab.label) for tab in screen.query_one(Tabs).query("Tab")] == ["Sam", "Priya"]
        assert screen.check_action("cycle", (1,)) is True
        assert screen.viewed_id == 1


async def test_one_partnership_has_no_tabs_and_no_switching_keys(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert not screen.query(Tabs)
        assert screen.check_action("cycle", (1,)) is False
        await pilot.press("right_square_bracket")
        assert screen.viewed_id == 1


# --- keys, refreshing and themes ------------------------------------------------------------


async def test_escape_goes_back_to_the_dashboard(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_progress(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


def test_bindings_have_ids():
    assert all(binding.id and binding.id.startswith("progress_") for binding in ProgressScreen.BINDINGS)


async def test_refresh_data_picks_up_changes_made_elsewhere(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert shows_figure(screen, "tile-meeting", 0)
        add_history(app.store, 1, datetime(2026, 11, 3, 16), "CCC")
        app.refresh_screens()
        await pilot.pause()
        assert shows_figure(screen, "tile-meeting", 3)
        assert "Met 3 of 3 weeks" in text_of(screen, "#heatmap")


async def test_a_theme_change_redraws_in_the_new_colours(onboarded: Store, data_dir: Path):
    add_history(onboarded, 1, datetime(2026, 11, 3, 16), "CCC")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        dark = screen.palette
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert screen.palette != dark
        assert screen.palette == Palette.from_theme(app.theme_variables, False)


async def test_a_tall_terminal_gets_taller_drawings(onboarded: Store, data_dir: Path):
    add_history(onboarded, 1, datetime(2026, 11, 3, 16), "CCC")
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_progress(app, pilot)
        assert screen.roomy and screen.has_class("-roomy")
        assert text_of(screen, "#heatmap").splitlines()[2].strip()  # three lines of cells
        assert "100% of weeks met" in text_of(screen, "#tile-meeting")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.roomy


# --- the drawings on their own ----------------------------------------------------------------


def dark_palette() -> Palette:
    from textual.app import App

    app = App()
    return Palette.from_theme(app.get_theme("textual-dark").to_color_system().generate(), True)


def render(renderable, width: int) -> list[str]:
    import io

    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text().splitlines()


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
    assert lines[0] == "█" * 20 and lines[0] == lines[1]
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
    """Tabs for three partnerships; the monthly one on view has stalled."""
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
