"""Switching partner from the command palette, from the progress screen's tab of another
partner, and from the settings form with unsaved changes (docs/keys.md, "Switching
partner"). Three partnerships in one store, one app run each."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Markdown, Tabs

from companion.store import Store
from screens.actions import ActionsScreen
from screens.app import make_app
from screens.dialogs import ConfirmDialog
from screens.goals import GoalsScreen
from screens.progress import ProgressScreen
from screens.settings import SettingsScreen
from tests.conftest import settle
from tests.test_palette import listed
from tests.test_partner_switching import SIZE, add_two_partners, current_name, messages


async def test_the_palette_and_the_progress_tabs_switch_partner(onboarded: Store, data_dir: Path):
    dana, kim = add_two_partners(onboarded)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await settle(app, pilot)
        help_text = app.screen.query_one(Markdown).source
        assert "| `9` | Switch to the next partner: every screen shows them | `switch_partner` |" in help_text
        assert "act on the current partner, the one the app shows" in help_text
        await pilot.press("escape")
        entries = await listed(app, pilot, "partner")
        assert "Next partner  9" in entries
        await pilot.press("escape")
        entries = await listed(app, pilot, "Switch to")
        assert {"Switch to Dana Ruiz", "Switch to Kim Lee"} <= set(entries)
        assert "Switch to Sam" not in entries, "the current partner is not offered"
        await pilot.press("backspace", *"Kim")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert current_name(app) == "Kim Lee" and app.sub_title == "with Kim Lee"
        assert messages(app)[-1] == "Now with Kim Lee (3 of 3)"

        # The progress screen: a tab of another partner names them, and the current one.
        await app.run_action("go('progress')")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen) and screen.sub_title is None
        await pilot.press("right_square_bracket")  # Sam's tab, after the last
        await settle(app, pilot)
        assert screen.viewed_id == 1
        assert screen.sub_title == "with Sam · current: Kim Lee"
        assert current_name(app) == "Kim Lee", "looking at a tab does not switch"
        await pilot.press("6")  # Sam's goals, not Kim's
        await settle(app, pilot)
        assert isinstance(app.screen, GoalsScreen)
        assert current_name(app) == "Sam" and app.sub_title == "with Sam"
        assert messages(app)[-1] == "Now with Sam (1 of 3)"

        await app.run_action("go('progress')")
        await settle(app, pilot)
        screen = app.screen
        assert screen.viewed_id == 1 and screen.sub_title is None
        await pilot.click(f"#partnership-{dana.id}")
        await settle(app, pilot)
        assert screen.query_one(Tabs).active == f"partnership-{dana.id}"
        assert screen.sub_title == "with Dana Ruiz · current: Sam"
        await pilot.press("5")
        await settle(app, pilot)
        assert isinstance(app.screen, ActionsScreen) and app.screen.partnership.id == dana.id
        assert app.sub_title == "with Dana Ruiz"

        await app.run_action("go('progress')")
        await settle(app, pilot)
        await pilot.press("left_square_bracket")  # Sam's tab again
        await settle(app, pilot)
        await pilot.press("escape")  # back to the dashboard: still Dana, the current one
        await settle(app, pilot)
        assert current_name(app) == "Dana Ruiz"


async def test_unsaved_settings_ask_before_a_switch(onboarded: Store, data_dir: Path):
    add_two_partners(onboarded)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("go('settings')")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        minutes = screen.query_one("#session_minutes", Input)
        minutes.focus()
        await pilot.press("end", "backspace", "backspace", "6", "0")
        screen.query_one("#partnership-list").focus()
        await pilot.press("9")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog), "the change to Sam's length is not dropped unasked"
        await pilot.press("escape")  # stay
        await settle(app, pilot)
        assert app.screen is screen and current_name(app) == "Sam"
        assert minutes.value == "60"
        screen.query_one("#partnership-list").focus()  # the form's first field had it back
        await pilot.press("9")
        await settle(app, pilot)
        await pilot.press("enter")  # switch
        await settle(app, pilot)
        assert current_name(app) == "Dana Ruiz" and app.sub_title == "with Dana Ruiz"
        assert minutes.value == "45", "Dana's own length"
