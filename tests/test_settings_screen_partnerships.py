"""The settings screen with real key presses: changing a partnership's cadence (history
kept, planned sessions that no longer fit cancelled only if asked), and adding a second
partnership and switching to it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, OptionList, Select, Static

from companion.models import FocusRole, Partnership, Session, SessionState, Stance
from companion.partnerships import current_partnership, load_settings
from companion.schedule import next_session
from companion.sessions import materialize, sessions_near
from companion.store import Store
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.dialogs import ConfirmDialog
from screens.partnership_dialog import PartnershipDialog
from screens.settings import SettingsScreen
from tests.conftest import settle, shown_text
from tests.settings_screen_helpers import SIZE, choose, error_of, fill, open_settings, reopened

NOW = datetime(2026, 11, 24, 10, 0)


# --- cadence -----------------------------------------------------------------------------------


async def test_a_cadence_change_keeps_history_and_moves_the_next_session(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        preview = screen.query_one("#cadence-preview", Static)
        assert "cadence in force" in shown_text(preview)
        await choose(pilot, "weekday", 2)  # Tuesday → Thursday
        await fill(pilot, "at", "18:30")
        text = shown_text(preview)
        assert "every Thursday at 18:30" in text
        assert "applies from Tue 24 Nov 2026; earlier sessions keep their times" in text
        assert "First session on it: Thu 26 Nov 2026 at 18:30" in text
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog), "no planned session was left behind"
        assert "since Tue 24 Nov 2026" in shown_text(screen.query_one("#cadence-now", Static))
        assert "cadence in force" in shown_text(preview)
    stored = reopened(data_dir).get(Partnership, 1)
    assert stored.cadences[0].describe() == "every Tuesday at 16:00"
    assert stored.cadences[0].since == date(2026, 11, 3), "the earlier cadence is kept as it was"
    assert stored.cadences[1].describe() == "every Thursday at 18:30"
    assert stored.cadences[1].since == date(2026, 11, 24)
    store = reopened(data_dir)
    nxt = next_session(stored, sessions_near(store, stored, NOW), NOW)
    assert nxt.scheduled_at == datetime(2026, 11, 26, 18, 30)


async def test_a_monthly_cadence_asks_for_the_week_of_the_month(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        assert not screen.query_one("#row-week_of_month").display
        await choose(pilot, "frequency", 2)  # weekly → monthly
        assert screen.query_one("#row-week_of_month").display
        screen.query_one("#week_of_month", Select).value = "1"
        await pilot.pause()
        assert "monthly, first Tuesday at 16:00" in shown_text(screen.query_one("#cadence-preview", Static))
        await pilot.click("#change-cadence")
        await settle(app, pilot)
    cadence = reopened(data_dir).get(Partnership, 1).cadence
    assert cadence.describe() == "monthly, first Tuesday at 16:00" and cadence.week_of_month == 1


async def test_a_bad_cadence_is_not_saved(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await fill(pilot, "at", "25:00")
        await pilot.press("enter")  # Enter in "At" changes the cadence
        await settle(app, pilot)
        assert "not a time of day" in error_of(screen, "at")
        assert shown_text(screen.query_one("#cadence-preview", Static)) == ""
        await fill(pilot, "at", "17:00")
        await pilot.pause()
        assert error_of(screen, "at") == ""
    assert len(reopened(data_dir).get(Partnership, 1).cadences) == 1


async def test_the_same_cadence_again_changes_nothing(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
    assert len(reopened(data_dir).get(Partnership, 1).cadences) == 1


@pytest.mark.parametrize(("answer", "state"), [("y", SessionState.CANCELLED), ("n", SessionState.PLANNED)])
async def test_planned_sessions_that_no_longer_fit_are_cancelled_only_if_you_say_so(
    onboarded: Store, data_dir: Path, answer, state
):
    prepared = materialize(onboarded, current_partnership(onboarded), datetime(2026, 12, 1, 16, 0), NOW)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        await choose(pilot, "weekday", 2)  # Thursday
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Tue 1 Dec 2026 at 16:00" in dialog.question
        await pilot.press(answer)
        await settle(app, pilot)
        assert isinstance(app.screen, SettingsScreen)
    stored = reopened(data_dir)
    assert stored.get(Session, prepared.id).state is state
    assert len(stored.get(Partnership, 1).cadences) == 2


# --- a second partnership ----------------------------------------------------------------------


async def add_jo(app, pilot, *, switch: bool) -> None:
    await pilot.press("ctrl+t")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, PartnershipDialog)
    await pilot.press(*"Jo", "tab")
    await choose(pilot, "stance", 2)  # mentor
    await choose(pilot, "focus_role", 2)  # designer
    await choose(pilot, "weekday", 4)  # Thursday
    await fill(pilot, "at", "12:30")
    await fill(pilot, "session_minutes", "30")
    assert "First session: Thu 26 Nov 2026 at 12:30" in shown_text(dialog.query_one("#new-preview", Static))
    if not switch:
        dialog.query_one("#make-current", Checkbox).focus()
        await pilot.press("space")
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def test_add_a_second_partnership_then_switch_to_it(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await add_jo(app, pilot, switch=False)
        assert app.screen is screen
        assert load_settings(reopened(data_dir)).current_partnership_id == 1, "not switched yet"
        options = screen.query_one("#partnership-list", OptionList)
        assert options.option_count == 2
        assert options.highlighted == 1, "the new partnership is highlighted"
        options.focus()
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert load_settings(reopened(data_dir)).current_partnership_id == 2
        assert app.sub_title == "with Jo"
        assert screen.query_one("#partner_name", Input).value == "Jo"
        assert screen.query_one("#stance", Select).value == "mentor"
        assert "every Thursday at 12:30" in shown_text(screen.query_one("#cadence-now", Static))
        assert "current" in str(options.get_option_at_index(1).prompt)
        assert "current" not in str(options.get_option_at_index(0).prompt)
        app.show_dashboard()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "Jo" in shown_text(app.screen.query_one("#next-session", Static))
        assert "Thu 26 Nov" in shown_text(app.screen.query_one("#next-session", Static)) or "Thursday" in shown_text(
            app.screen.query_one("#next-session", Static)
        )
    stored = reopened(data_dir).get(Partnership, 2)
    assert (stored.partner_name, stored.stance, stored.focus_role, stored.session_minutes) == (
        "Jo",
        Stance.MENTOR,
        FocusRole.DESIGNER,
        30,
    )
    assert stored.cadence.describe() == "every Thursday at 12:30"


async def test_a_new_partnership_can_become_current_at_once_and_enter_switches_back(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await add_jo(app, pilot, switch=True)
        assert load_settings(reopened(data_dir)).current_partnership_id == 2
        assert app.sub_title == "with Jo"
        options = screen.query_one("#partnership-list", OptionList)
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await settle(app, pilot)
        assert load_settings(reopened(data_dir)).current_partnership_id == 1
        assert screen.query_one("#partner_name", Input).value == "Sam"


async def test_switching_with_unsaved_partnership_changes_asks_first(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await add_jo(app, pilot, switch=False)
        await fill(pilot, "partner_name", "Samuel")
        screen.query_one("#partnership-list", OptionList).focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # stay
        await settle(app, pilot)
        assert load_settings(reopened(data_dir)).current_partnership_id == 1
        assert screen.query_one("#partner_name", Input).value == "Samuel"
        await pilot.press("ctrl+o", "y")
        await settle(app, pilot)
        assert load_settings(reopened(data_dir)).current_partnership_id == 2
        assert screen.query_one("#partner_name", Input).value == "Jo"
    assert reopened(data_dir).get(Partnership, 1).partner_name == "Sam"


async def test_the_new_partnership_dialog_checks_every_field(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        dialog = app.screen
        await fill(pilot, "session_minutes", "5")
        await fill(pilot, "start_date", "someday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PartnershipDialog)
        assert "Partner's name cannot be empty" in error_of(dialog, "partner_name")
        assert "Choose your stance" in error_of(dialog, "stance")
        assert "the mentee's role" in error_of(dialog, "focus_role")
        assert "Choose a weekday" in error_of(dialog, "weekday")
        assert "between 15 and 240" in error_of(dialog, "session_minutes")
        assert "Start date" in error_of(dialog, "start_date")
        assert app.focused is dialog.query_one("#partner_name")
        await pilot.press(*"sam")
        await pilot.pause()
        assert "already have a partnership with Sam" in error_of(dialog, "partner_name")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), "typed answers are not dropped silently"
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
    assert len(reopened(data_dir).all(Partnership)) == 1
