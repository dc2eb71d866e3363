"""The settings screen with real key presses: the profile and partnership form, the
theme, the data folder with its backups, and the screen's keys and layout."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from companion.models import FocusRole, Partnership, Profile, Settings, Stance
from companion.partnerships import profile
from companion.store import Store
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.dialogs import ConfirmDialog
from screens.partnership_dialog import PartnershipDialog
from screens.settings import SettingsScreen
from tests.conftest import settle, shown_text
from tests.settings_screen_helpers import SIZE, choose, error_of, fill, open_settings, reopened

# --- profile and partnership ------------------------------------------------------------------


async def test_the_form_shows_what_is_stored(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        values = {
            f: screen.query_one(f"#{f}").value
            for f in (
                "name",
                "role",
                "partner_name",
                "stance",
                "focus_role",
                "session_minutes",
                "frequency",
                "weekday",
                "at",
            )
        }
        assert values == dict(
            name="Alex",
            role="Staff engineer",
            partner_name="Sam",
            stance="mentee",
            focus_role="engineer",
            session_minutes="45",
            frequency="weekly",
            weekday="1",
            at="16:00",
        )
        assert "Sam" in shown_text(screen.query_one("#partnership-title", Static))
        assert "every Tuesday at 16:00" in shown_text(screen.query_one("#cadence-now", Static))
        assert app.focused is screen.query_one("#name")


async def test_a_profile_change_is_saved_and_survives_a_restart(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await fill(pilot, "name", "Alex Morgan")
        await fill(pilot, "role", "Principal engineer")
        assert "Unsaved" in shown_text(screen.query_one("#save-state", Static))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert shown_text(screen.query_one("#save-state", Static)) == ""
    assert profile(reopened(data_dir)) == Profile(name="Alex Morgan", role="Principal engineer")
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_settings(again, pilot)
        assert screen.query_one("#name", Input).value == "Alex Morgan"
        assert screen.query_one("#role", Input).value == "Principal engineer"


async def test_each_field_is_checked_inline_and_nothing_is_saved(onboarded: Store, data_dir: Path):
    before = reopened(data_dir).docs("partnerships"), reopened(data_dir).docs("profile")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await fill(pilot, "name", "")
        screen.query_one("#role", Input).value = "R" * 61
        await fill(pilot, "partner_name", "")
        screen.query_one("#stance", Select).clear()
        screen.query_one("#focus_role", Select).clear()
        await fill(pilot, "session_minutes", "10")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Your name cannot be empty" in error_of(screen, "name")
        assert "Your role is 61 characters; keep it under 60" in error_of(screen, "role")
        assert "Partner's name cannot be empty" in error_of(screen, "partner_name")
        assert "Choose your stance: mentor or mentee" in error_of(screen, "stance")
        assert "Choose the mentee's role" in error_of(screen, "focus_role")
        assert "between 15 and 240 minutes, not 10" in error_of(screen, "session_minutes")
        assert app.focused is screen.query_one("#name"), "the first field to fix has the focus"
        await pilot.press(*"Alex")
        await pilot.pause()
        assert error_of(screen, "name") == "", "a fixed field loses its message as you type"
        await fill(pilot, "session_minutes", "an hour")
        await pilot.pause()
        assert "a number of minutes, 15 to 240" in error_of(screen, "session_minutes")
    assert (reopened(data_dir).docs("partnerships"), reopened(data_dir).docs("profile")) == before


async def test_a_partner_cannot_take_your_name(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await fill(pilot, "partner_name", "alex")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "should differ from yours" in error_of(screen, "partner_name")
    assert reopened(data_dir).get(Partnership, 1).partner_name == "Sam"


async def test_a_partnership_edit_is_saved_with_the_button(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await fill(pilot, "partner_name", "Samira")
        await choose(pilot, "stance", 1)  # mentee → mentor
        await choose(pilot, "focus_role", 2)  # engineer → product manager
        await fill(pilot, "session_minutes", "60")
        save = screen.query_one("#save")
        screen.query_one("#settings").scroll_to_widget(save, animate=False)
        await pilot.pause()
        await pilot.click("#save")
        await settle(app, pilot)
        assert "Samira" in shown_text(screen.query_one("#partnership-title", Static))
        assert app.sub_title == "with Samira"
    stored = reopened(data_dir).get(Partnership, 1)
    assert (stored.partner_name, stored.stance, stored.focus_role, stored.session_minutes) == (
        "Samira",
        Stance.MENTOR,
        FocusRole.PRODUCT_MANAGER,
        60,
    )
    assert len(stored.cadences) == 1


async def test_enter_in_the_session_length_saves(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        await fill(pilot, "session_minutes", "30")
        await pilot.press("enter")
        await settle(app, pilot)
    assert reopened(data_dir).get(Partnership, 1).session_minutes == 30


async def test_escape_goes_back_and_asks_first_when_something_is_unsaved(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        screen = await open_settings(app, pilot)
        await fill(pilot, "role", "Director")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#role", Input).value == "Director"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert profile(reopened(data_dir)).role == "Staff engineer"


async def test_an_outside_change_refreshes_the_form_but_keeps_what_you_typed(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await fill(pilot, "role", "Director")
        other = reopened(data_dir)  # say, another window
        other.update(Partnership, 1, partner_name="Samuel")
        other.put_singleton(Profile(name="Alexandra", role="VP"))
        app.refresh_screens()
        await pilot.pause()
        assert screen.query_one("#partner_name", Input).value == "Samuel"
        assert screen.query_one("#name", Input).value == "Alexandra"
        assert screen.query_one("#role", Input).value == "Director", "typed text is not lost"


# --- theme ---------------------------------------------------------------------------------------


async def test_the_theme_chosen_in_the_select_is_applied_and_remembered(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        themes = sorted(app.available_themes)
        select = screen.query_one("#theme", Select)
        assert select.value == "textual-dark"
        steps = themes.index("textual-light") - themes.index("textual-dark")
        await choose(pilot, "theme", steps)
        await settle(app, pilot)
        assert app.theme == "textual-light"
    assert reopened(data_dir).singleton(Settings).theme == "textual-light"
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_settings(again, pilot)
        assert again.theme == "textual-light"
        assert screen.query_one("#theme", Select).value == "textual-light"
        again.theme = "nord"  # from the command palette, say
        await pilot.pause()
        assert screen.query_one("#theme", Select).value == "nord"


# --- data folder and backups -------------------------------------------------------------------


async def test_the_data_folder_and_backups_are_shown_newest_first(
    onboarded: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    backups = data_dir / "backups"
    backups.mkdir(exist_ok=True)
    older = backups / "companion-2026-11-20.json"
    shutil.copy(data_dir / "companion.json", older)
    os.utime(older, (datetime(2026, 11, 20, 9).timestamp(),) * 2)
    # A write on a new day takes that day's backup first.
    monkeypatch.setenv("COMPANION_NOW", "2026-11-25T09:00:00")
    Store(data_dir).open().put_singleton(Profile(name="Alex", role="Lead"))
    newest = backups / "companion-2026-11-25.json"
    assert newest.exists()
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(app, pilot)
        paths = shown_text(screen.query_one("#data-paths", Static))
        assert str(data_dir) in paths and str(data_dir / "companion.json") in paths
        listed = shown_text(screen.query_one("#backups", Static))
        assert listed.index("companion-2026-11-25.json") < listed.index("companion-2026-11-20.json")
        assert "20 Nov 2026 09:00" in listed
        assert f"{newest.stat().st_size} bytes" in listed
        hint = shown_text(screen.query_one("#restore-hint", Static))
        assert f"'{newest}'" in hint and f"'{data_dir / 'companion.json'}'" in hint
        assert hint.index("cp") < hint.index(str(newest)) < hint.index(f"'{data_dir / 'companion.json'}'")


async def test_without_backups_the_screen_says_when_the_first_is_taken(onboarded: Store, data_dir: Path):
    shutil.rmtree(data_dir / "backups", ignore_errors=True)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        assert "No backups yet" in shown_text(screen.query_one("#backups", Static))


async def test_a_data_folder_others_can_read_is_reported_and_left_as_it_is(onboarded: Store, data_dir: Path):
    os.chmod(data_dir, 0o755)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        warning = screen.query_one("#permissions", Static)
        assert warning.display
        shown = " ".join(shown_text(warning).split())  # as wrapped on screen
        assert "can be read by others (mode 755)" in shown and f"chmod 700 {data_dir}" in shown
    assert os.stat(data_dir).st_mode & 0o777 == 0o755


async def test_a_private_data_folder_gets_no_warning(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        assert not screen.query_one("#permissions", Static).display


# --- keys and layout ---------------------------------------------------------------------------


def test_every_action_has_a_binding_with_an_id():
    for screen_type in (SettingsScreen, PartnershipDialog):
        actions = {name.removeprefix("action_") for name in vars(screen_type) if name.startswith("action_")}
        bound = {b.action.split("(")[0] for b in screen_type.BINDINGS}
        assert actions and actions <= bound, f"{screen_type.__name__}: {actions - bound} have no key"
        assert all(b.id for b in screen_type.BINDINGS)
    assert {b.id for b in SettingsScreen.BINDINGS} == {  # remappable in config.toml by these ids
        "settings_back",
        "settings_save",
        "settings_change_cadence",
        "settings_switch_partnership",
        "settings_add_partnership",
    }


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_at_80_by_24_nothing_is_cut_off_sideways(onboarded: Store, data_dir: Path, theme):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        screen = await open_settings(app, pilot)
        body = screen.query_one("#settings")
        assert body.max_scroll_x == 0, "no sideways scrolling"
        for widget in body.query("FormRow, Button, OptionList, Static"):
            if widget.display and widget.region.width:
                assert widget.region.right <= 80, widget
        # Every section can be reached by scrolling.
        body.scroll_end(animate=False)
        await pilot.pause()
        assert screen.query_one("#restore-hint").region.bottom <= 23
