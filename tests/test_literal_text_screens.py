"""Text is literal on every screen (docs/trust.md): whatever a person typed, or a file
brought in, shows exactly as typed, never as markup, and no control character reaches
the terminal.

One real data file is filled with hostile text (tests/literal_text_helpers.py). Then
every screen and dialog is opened with real key presses, and what the terminal would
show is checked: nothing crashed, the planted text is shown verbatim (so no tag was
taken as markup: nothing turned bold), no ESC from the data reaches the output, and
nothing planted became a link or a click action.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from companion.store import Store
from companion.terminal_text import printable
from screens.action_dialogs import ActionEditor, WillTryDialog
from screens.actions import ActionsScreen
from screens.agenda import AgendaScreen
from screens.agenda_dialogs import AgendaItemDialog
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.dialogs import ConfirmDialog, PickDialog, TextDialog
from screens.goal_dialogs import AchieveDialog, CheckInDialog, GoalDetails, GoalEditor
from screens.goals import GoalsScreen
from screens.help import HelpScreen
from screens.note import NoteDialog
from screens.onboarding import OnboardingScreen
from screens.partnership_dialog import PartnershipDialog
from screens.progress import ProgressScreen
from screens.reflection import ReflectionScreen
from screens.session_dialogs import HoldDialog, SessionDetails, SkipDialog
from screens.sessions import SessionsScreen
from screens.settings import SettingsScreen
from tests.conftest import settle
from tests.literal_text_helpers import (
    ACTION,
    BANK_PROMPT,
    GOAL,
    HELD_AT,
    NEXT_ITEM,
    NOTE,
    ODD_BANK_FILE,
    OTHER_PARTNER,
    PROFILE_NAME,
    PROFILE_ROLE,
    REFLECTION,
    SIZE,
    SKIPPED_AT,
    TYPED,
    build_hostile_data,
    check_screen,
    check_scrolled,
    check_toast,
    go,
    press,
    shown,
    type_text,
)
from tests.textual_speed import type_keys


@pytest.fixture
def hostile_store(store: Store) -> Store:
    build_hostile_data(store)
    return store


# --- the screens ----------------------------------------------------------------------


async def test_dashboard_help_note_dialog_and_command_palette(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        text = check_screen(app, DashboardScreen, "PARTNER", "NOTE", "GOALTITLE", "ACTION")
        assert "with " + shown("PARTNER") in text  # the header's subtitle

        await press(app, pilot, "question_mark")
        check_screen(app, HelpScreen)
        await press(app, pilot, "escape")

        await press(app, pilot, "n")
        check_screen(app, NoteDialog)
        await type_text(app, pilot, "#note-text", TYPED)
        check_screen(app, NoteDialog)
        await press(app, pilot, "enter")
        check_screen(app, DashboardScreen, "PARTNER", "NOTE", "TYPED")

        await press(app, pilot, "ctrl+p")
        check_screen(app, CommandPalette)
        await pilot.press(*"agenda")
        await settle(app, pilot)
        check_screen(app, CommandPalette)
        await press(app, pilot, "escape")
        check_screen(app, DashboardScreen, "PARTNER")


async def test_agenda_and_its_dialogs(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await go(app, pilot, "agenda")
        check_screen(app, AgendaScreen, "PARTNER")
        # Loading the banks warned about the broken file, naming it as it is named.
        check_toast(app, ODD_BANK_FILE)
        for text, marker in ((NOTE, "NOTE"), (BANK_PROMPT, "BANKPROMPT"), (NEXT_ITEM, "NEXTITEM")):
            await highlight_item(app, pilot, text)
            check_screen(app, AgendaScreen, marker)

        await press(app, pilot, "enter")  # edit: the text is in a text area, as typed
        check_screen(app, AgendaItemDialog)
        assert app.screen.query_one(TextArea).text == printable(NEXT_ITEM)
        await press(app, pilot, "escape")

        await press(app, pilot, "x")  # the question quotes the item
        check_screen(app, ConfirmDialog, "NEXTITEM")
        await press(app, pilot, "n")

        await press(app, pilot, "n")
        check_screen(app, AgendaItemDialog)
        await type_keys(pilot, TYPED)
        await press(app, pilot, "ctrl+s")
        await highlight_item(app, pilot, TYPED)
        check_screen(app, AgendaScreen, "TYPED")

        await press(app, pilot, "f")  # the bank's prompts, the person's own among them
        check_screen(app, PickDialog)
        await pilot.press(*"bankprompt")
        await settle(app, pilot)
        check_screen(app, PickDialog, "BANKPROMPT")
        await press(app, pilot, "escape")

        await press(app, pilot, "w")  # the suggested file name holds the partner's name
        check_screen(app, TextDialog)
        await press(app, pilot, "enter")
        text = check_screen(app, TextDialog)  # the partner's "/" made folders that do not exist
        assert "[b]partner[" in text
        target = Path.home() / "agenda [b]SAVED [$accent] [@click=app.quit]Q.md"  # a file name has no "/"
        app.screen.query_one(Input).value = str(target)
        await press(app, pilot, "enter")
        check_screen(app, AgendaScreen)
        assert target.exists()
        check_toast(app, f"Saved to {target}")

        await press(app, pilot, "w")  # the file exists now: replace it?
        app.screen.query_one(Input).value = str(target)
        await press(app, pilot, "enter")
        question = check_screen(app, ConfirmDialog).replace("│", "").split()
        assert "[b]SAVED [$accent] [@click=app.quit]Q.md exists." in " ".join(question)
        await press(app, pilot, "escape")


async def highlight_item(app, pilot, text: str) -> None:
    """Put the cursor on the agenda item with this text (scrolling it into view)."""
    screen = app.screen
    item_id = next(item.id for item in screen.agenda.items if item.text == text)
    items = screen.query_one(OptionList)
    items.highlighted = next(i for i in range(items.option_count) if items.get_option_at_index(i).id == item_id)
    await settle(app, pilot)


async def test_goals_and_their_dialogs(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await go(app, pilot, "goals")
        check_screen(app, GoalsScreen, "GOALTITLE")

        await press(app, pilot, "enter")
        await check_scrolled(
            app, pilot, GoalDetails, "GOALWHY", "GOALDONE", "GOALMINE", "GOALTHEIRS", "CHECKNOTE", "PAUSEREASON"
        )
        await press(app, pilot, "escape")

        await press(app, pilot, "e")
        check_screen(app, GoalEditor)
        assert app.screen.query_one("#title", Input).value == printable(GOAL["title"])
        await type_text(app, pilot, "#tags", "ok, [/tmp]")
        await press(app, pilot, "ctrl+s")  # the problem quotes the typed tag
        text = check_screen(app, GoalEditor)
        assert "“[/tmp]” is not a tag" in text
        await press(app, pilot, "escape")
        check_screen(app, ConfirmDialog)
        await press(app, pilot, "y")

        await press(app, pilot, "A")
        check_screen(app, AchieveDialog, "GOALTITLE")
        await press(app, pilot, "escape")

        await press(app, pilot, "x")
        check_screen(app, TextDialog, "GOALTITLE")
        await press(app, pilot, "escape")

        await press(app, pilot, "c")
        check_screen(app, CheckInDialog, "GOALTITLE")
        await type_text(app, pilot, "#note", TYPED)
        await press(app, pilot, "enter")
        check_screen(app, GoalsScreen, "GOALTITLE")
        check_toast(app, printable(f"Checked in on {GOAL['title']}"))

        await press(app, pilot, "enter")
        await check_scrolled(app, pilot, GoalDetails, "CHECKNOTE", "TYPED")
        await press(app, pilot, "escape")


async def test_sessions_their_dialogs_and_the_reflection(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await go(app, pilot, "sessions")
        screen = app.screen
        check_screen(app, SessionsScreen, "PARTNER")

        async def select(when: datetime) -> None:
            keys = list(screen.rows)
            row = next(i for i, key in enumerate(keys) if screen.rows[key].scheduled_at == when)
            screen.query_one(DataTable).move_cursor(row=row)
            await settle(app, pilot)

        await select(HELD_AT)
        await press(app, pilot, "enter")
        await check_scrolled(
            app,
            pilot,
            SessionDetails,
            "PARTNER",
            "PASTITEM",
            "LEARNED",
            "WILLTRY",
            "SURPRISED",
            "MDNOTES",
            "MDITEM",
            markdown=True,
        )
        await press(app, pilot, "escape")

        await press(app, pilot, "h")  # the agenda's items to tick
        check_screen(app, HoldDialog, "PASTITEM")
        await press(app, pilot, "escape")

        await select(SKIPPED_AT)
        await press(app, pilot, "enter")
        check_screen(app, SessionDetails, "SKIPREASON", markdown=True)
        await press(app, pilot, "escape")

        await select(datetime(2026, 11, 24, 16, 0))  # today's, planned
        await press(app, pilot, "enter")
        await check_scrolled(app, pilot, SessionDetails, "NOTE", "NEXTITEM", "BANKPROMPT", markdown=True)
        await press(app, pilot, "escape")
        await press(app, pilot, "k")
        check_screen(app, SkipDialog)
        await type_text(app, pilot, "#reason", TYPED)
        check_screen(app, SkipDialog)
        await press(app, pilot, "escape")  # something was typed: asks first
        check_screen(app, ConfirmDialog)
        await press(app, pilot, "y")
        await press(app, pilot, "x")
        check_screen(app, ConfirmDialog)
        await press(app, pilot, "escape")
        await press(app, pilot, "m")
        check_screen(app, TextDialog)
        await press(app, pilot, "escape")
        await press(app, pilot, "n")
        check_screen(app, TextDialog)
        await press(app, pilot, "escape")

        await select(HELD_AT)
        await press(app, pilot, "r")
        check_screen(app, ReflectionScreen, "PARTNER")
        assert app.screen.query_one("#learned", TextArea).text == printable(REFLECTION["learned"])
        await press(app, pilot, "f2")  # the notes as Markdown
        await check_scrolled(app, pilot, ReflectionScreen, "MDNOTES", "MDITEM", markdown=True)
        await press(app, pilot, "ctrl+s")  # finish: offers "what I will try" as actions
        check_screen(app, WillTryDialog, "WILLTRY", "PARTNER")
        await press(app, pilot, "escape")
        check_screen(app, DashboardScreen)


async def test_actions_and_their_dialogs(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await go(app, pilot, "actions")
        check_screen(app, ActionsScreen, "ACTION", "PARTNER")

        await press(app, pilot, "e")
        check_screen(app, ActionEditor, "PARTNER")  # the owner is the partner, by name
        assert app.screen.query_one("#text", Input).value == printable(ACTION)
        app.screen.query_one(Select).focus()
        await press(app, pilot, "enter")  # the owner choices, the partner's name among them
        check_screen(app, ActionEditor, "PARTNER")
        await press(app, pilot, "escape")
        await press(app, pilot, "escape")

        await press(app, pilot, "space")
        check_screen(app, ActionsScreen)
        check_toast(app, "Done: " + shown("ACTION"))

        await press(app, pilot, "f", "f")  # all
        await press(app, pilot, "x")
        check_screen(app, ConfirmDialog, "ACTION")
        await press(app, pilot, "y")
        check_screen(app, ActionsScreen)
        check_toast(app, "Deleted: " + shown("ACTION"))

        await press(app, pilot, "ctrl+p")
        check_screen(app, CommandPalette)
        await press(app, pilot, "escape")


async def test_progress_and_its_command_palette(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await go(app, pilot, "progress")
        check_screen(app, ProgressScreen, "PARTNER", "OTHER", "GOALTITLE")

        await press(app, pilot, "ctrl+p")
        check_screen(app, CommandPalette, "PARTNER", "OTHER")
        await pilot.press(*"progress")
        await settle(app, pilot)
        check_screen(app, CommandPalette, "PARTNER", "OTHER")
        await press(app, pilot, "escape")

        await press(app, pilot, "right_square_bracket")  # the other partnership
        check_screen(app, ProgressScreen, "PARTNER", "OTHER")


async def test_settings_and_their_dialogs(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await go(app, pilot, "settings")
        screen = app.screen
        check_screen(app, SettingsScreen, "PARTNER")
        assert screen.query_one("#name", Input).value == printable(PROFILE_NAME)
        assert screen.query_one("#role", Input).value == printable(PROFILE_ROLE)
        options = screen.query_one("#partnership-list", OptionList)
        options.scroll_visible()
        await settle(app, pilot)
        check_screen(app, SettingsScreen, "PARTNER", "OTHER")

        screen.query_one("#partner_name", Input).value = OTHER_PARTNER
        await settle(app, pilot)
        await press(app, pilot, "ctrl+s")  # the problem names the other partner
        text = check_screen(app, SettingsScreen)
        assert "You already have a partnership with " + shown("OTHER") in text

        options.highlighted = 1
        await press(app, pilot, "ctrl+o")  # unsaved changes: asks, naming both partners
        check_screen(app, ConfirmDialog, "PARTNER", "OTHER")
        await press(app, pilot, "y")
        check_screen(app, SettingsScreen, "OTHER")
        check_toast(app, "Now with " + shown("OTHER"))

        await press(app, pilot, "ctrl+t")
        check_screen(app, PartnershipDialog)
        await type_text(app, pilot, "#partner_name", TYPED)
        check_screen(app, PartnershipDialog)
        await press(app, pilot, "escape")
        check_screen(app, ConfirmDialog)
        await press(app, pilot, "y")
        check_screen(app, SettingsScreen, "OTHER")


async def test_onboarding_with_hostile_answers(data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        check_screen(app, OnboardingScreen)
        name = "[b]ME[/b] [/t]"
        await type_text(app, pilot, "#name", name)
        await type_text(app, pilot, "#role", "[@click=app.quit]Q")
        await type_text(app, pilot, "#partner_name", "[b]YOU[/b] [/t]")
        for selector, downs in (("#stance", 1), ("#focus_role", 1), ("#weekday", 2)):
            app.screen.query_one(selector, Select).focus()
            await press(app, pilot, "enter", *["down"] * downs, "enter")
        check_screen(app, OnboardingScreen)
        await press(app, pilot, "ctrl+s")
        await press(app, pilot, "escape")  # the agreement, skipped
        check_screen(app, DashboardScreen, "YOU")
        check_toast(app, f"Welcome, {name}.")


async def test_app_notifications_name_files_and_errors_as_they_are(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        app.report_save_failure("the file /x/[b]FILE[/b] [/tmp]\x1b[2J", "PermissionError: [/tmp] \x1b]0;T\x07")
        await settle(app, pilot)
        check_screen(app, DashboardScreen)
        check_toast(app, "Could not save the file /x/[b]FILE[/b] [/tmp]␛[2J", "PermissionError: [/tmp] ␛]0;T␇")
