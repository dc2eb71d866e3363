"""The first session of a cadence as the first-run form and settings show it, at 80×24 with
real keys: a monthly cadence asks the week of the month, the first-run form follows the
first meeting day from the start until a week is picked, and the preview says when the
first session is and what a chosen week skips."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, Static

from companion.models import Partnership
from companion.store import Store
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.settings import SettingsScreen
from tests.conftest import settle, shown_text
from tests.settings_screen_helpers import choose
from tests.test_app import type_into

SIZE = (80, 24)


def preview(app) -> str:
    return shown_text(app.screen.query_one("#preview", Static))


def skipped(app) -> str:
    note = app.screen.query_one("#skipped", Static)
    return shown_text(note) if note.display else ""


async def test_first_run_on_mon_30_nov_monthly_on_tuesdays_meets_on_tue_1_dec(data_dir: Path, monkeypatch):
    monkeypatch.setenv("COMPANION_NOW", "2026-11-30T09:00:00")  # a Monday
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#name", "Alex")
        await type_into(pilot, "#partner_name", "Dana")
        await choose(pilot, "stance", 2)  # mentor
        await choose(pilot, "focus_role", 1)  # engineer
        assert not app.screen.query_one("#row-week_of_month").display, "weekly: no week of the month"
        await choose(pilot, "frequency", 2)  # weekly -> monthly
        await choose(pilot, "weekday", 2)  # Tuesday
        week = app.screen.query_one("#week_of_month", Select)
        assert app.screen.query_one("#row-week_of_month").display
        assert week.value == "1", "the first Tuesday from Mon 30 Nov is the first of December"
        assert "First session: Tue 1 Dec 2026 at 16:00, the first Tuesday of December" in preview(app)
        assert skipped(app) == ""

        await choose(pilot, "week_of_month", 4)  # First -> Last
        assert "Tue 29 Dec 2026 at 16:00, the last Tuesday of December" in preview(app)
        assert skipped(app) == (
            "The last Tuesday of November (Tue 24 Nov) has passed, so the first session is in "
            "December. To meet sooner, choose the first week (Tue 1 Dec)."
        )
        # A week picked by hand stays when the start date moves.
        await type_into(pilot, "#start_date", "2026-12-02")
        assert week.value == "-1"
        assert skipped(app) == ""

        await choose(pilot, "week_of_month", -4)  # Last -> First, as the note says
        await type_into(pilot, "#start_date", "today")
        assert "Tue 1 Dec 2026" in preview(app) and skipped(app) == ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape")  # the agreement, skipped
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)

    (partnership,) = Store(data_dir).open().all(Partnership)
    assert partnership.cadence.describe() == "monthly, first Tuesday at 16:00"


async def test_settings_turning_weekly_into_monthly_offers_the_week_of_the_next_meeting_day(
    onboarded: Store, data_dir: Path, monkeypatch
):
    monkeypatch.setenv("COMPANION_NOW", "2026-11-30T09:00:00")  # Sam meets on Tuesdays at 16:00
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("go('settings')")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        await choose(pilot, "frequency", 2)  # weekly -> monthly
        assert screen.query_one("#week_of_month", Select).value == "1", "Tue 1 Dec, not the last Tuesday"
        cadence_preview = screen.query_one("#cadence-preview", Static)
        note = screen.query_one("#cadence-skipped", Static)
        assert "First session on it: Tue 1 Dec 2026 at 16:00, the first Tuesday of December." in shown_text(
            cadence_preview
        )
        assert not note.display
        await choose(pilot, "week_of_month", 4)  # First -> Last
        assert "Tue 29 Dec 2026 at 16:00, the last Tuesday of December" in shown_text(cadence_preview)
        assert note.display and "To meet sooner, choose the first week (Tue 1 Dec)." in shown_text(note)
