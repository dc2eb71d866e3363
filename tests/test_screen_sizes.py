"""Small and standard terminals: at 40×12 every main screen (the agenda has its own tests)
still shows its main list or content, and at 80×24 every dashboard panel is on screen
without scrolling. One app run per size, on the demo history."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import DataTable, Markdown

from companion import clock
from companion.demo import write_dataset
from screens.app import make_app
from screens.onboarding import OnboardingScreen
from tests.conftest import settle

# The main list or content of each screen (as `app.action_go` names the screen), and how
# many of its rows must be on screen: a table's header and two records, a form's field.
MAIN_WIDGET = {
    "dashboard": ("#next-session", 2),
    "sessions": ("#session-table", 3),
    "goals": ("#goal-table", 3),
    "actions": ("#action-table", 3),
    "progress": ("#heatmap", 2),
    "settings": ("#name", 1),
    "reflect": ("#learned", 2),
}
DASHBOARD_PANELS = ("#next-session", "#streaks", "#goals", "#actions", "#notes")


def demo_app(data_dir: Path):
    write_dataset(data_dir, sessions=20, seed=7, now=clock.now())
    return make_app(data_dir)


def visible_rows(app, widget) -> int:
    """How many rows of the widget's content are on screen (header and footer excluded)."""
    screen = app.screen.region
    between_bars = Region(0, 1, screen.width, screen.height - 2)
    return widget.content_region.intersection(between_bars).height


async def test_every_main_screen_shows_its_main_content_at_40x12(data_dir: Path):
    app = demo_app(data_dir)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(app, pilot)
        for name, (selector, rows) in MAIN_WIDGET.items():
            await app.run_action(f"go('{name}')")
            await settle(app, pilot)
            widget = app.screen.query_one(selector)
            assert visible_rows(app, widget) >= rows, (name, widget.content_region)
            if isinstance(widget, DataTable):
                assert widget.row_count >= 2, name
            assert widget.content_region.width >= 15, (name, widget.content_region)
        await app.run_action("help")
        await settle(app, pilot)
        assert visible_rows(app, app.screen.query_one(Markdown)) >= 2
        app.pop_screen()
        app.push_screen(OnboardingScreen())  # the first run, as a new person sees it
        await settle(app, pilot)
        name_field = app.screen.query_one("#name")
        assert visible_rows(app, name_field) == 1
        assert name_field.content_region.width >= 15  # room to type, beside a narrower label


async def test_every_dashboard_panel_fits_80x24_without_scrolling(data_dir: Path):
    app = demo_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        body = app.screen.query_one("#dashboard")
        assert body.scroll_y == 0
        assert body.max_scroll_y == 0, "nothing below the fold"
        for selector in DASHBOARD_PANELS:
            panel = app.screen.query_one(selector)
            assert panel.display, selector
            assert body.region.contains_region(panel.region), (selector, panel.region)
        next_session = app.screen.query_one("#next-session")
        assert "Agenda" in str(next_session.render())  # the readiness line, inside the panel
