"""Moving around the progress screen, with a real app: tabs for several partnerships and
the keys and command palette that switch them, refreshing after changes made elsewhere,
themes and terminal sizes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.widgets import Tabs

from companion.partnerships import load_settings
from companion.store import Store
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.progress import ProgressScreen
from screens.progress_drawings import Palette
from tests.progress_screen_helpers import SIZE, add_history, open_progress, second_partnership, shows_figure, text_of
from tests.textual_speed import type_keys

# --- several partnerships -------------------------------------------------------------------


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
        await type_keys(pilot, "Progress with Priya")
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
