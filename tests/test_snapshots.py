"""What every screen and main dialog looks like, at 80×24 and 120×40, dark and light.

One app per group of views takes each view at 80×24 dark and 120×40 light
(tests/snapshot_helpers.py).
A mismatch fails the test after every view was taken, naming each picture that differs;
snapshot_report.html shows them side by side. To accept a change on purpose:
`pytest tests/test_snapshots.py --snapshot-update` (docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from companion.store import Store
from screens.action_dialogs import ActionEditor
from screens.actions import ActionsScreen
from screens.agenda import AgendaScreen
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.dialogs import PickDialog
from screens.goal_dialogs import CheckInDialog, GoalEditor
from screens.goals import GoalsScreen
from screens.help import HelpScreen
from screens.note import NoteDialog
from screens.onboarding import OnboardingScreen
from screens.progress import ProgressScreen
from screens.reflection import ReflectionScreen
from screens.session_dialogs import HoldDialog, SkipDialog
from screens.sessions import SessionsScreen
from screens.settings import SettingsScreen
from tests.conftest import settle
from tests.snapshot_helpers import SIZES, Snapshots, build_snapshot_data, settle_loading

# These read what is drawn: every frame is drawn, as in a terminal (tests/textual_speed.py).
pytestmark = pytest.mark.paints


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A data folder named the same in every run (`data`, relative to the test's folder):
    the help and settings screens show its path, which must not change the picture. And
    colour even where NO_COLOR is set: the pictures are the same on every machine."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)
    return Store(Path("data")).open()


@pytest.fixture
def filled(empty: Store) -> Store:
    build_snapshot_data(empty)
    return empty


async def open_view(app, pilot, expected: type, *, go: str = "", action: str = "") -> None:
    """Go to a place (`go('…')`) or run the current screen's action, then wait until it is
    on screen (the reflection opens through a loading screen that is then replaced)."""
    if go:
        await app.run_action(f"go('{go}')")
    else:
        await app.screen.run_action(action)
    for _ in range(200):
        await settle_loading(app, pilot)
        if isinstance(app.screen, expected):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"expected {expected.__name__}, got {type(app.screen).__name__}")


async def close_dialog(app, pilot) -> None:
    app.pop_screen()
    await settle(app, pilot)


async def test_first_run(snapshot, request, empty: Store):
    app = make_app(store=empty)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, OnboardingScreen)
        snaps = Snapshots(snapshot, request, app, pilot)
        await snaps.check("onboarding")
    snaps.assert_all_matched()


async def test_dashboard_help_note_and_palette(snapshot, request, filled: Store):
    app = make_app(store=filled)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        snaps = Snapshots(snapshot, request, app, pilot)
        await snaps.check("dashboard")
        await open_view(app, pilot, HelpScreen, action="app.help")
        await snaps.check("help")
        await close_dialog(app, pilot)
        await open_view(app, pilot, NoteDialog, go="new_note")
        await snaps.check("note")
        await close_dialog(app, pilot)
        await open_view(app, pilot, CommandPalette, action="app.command_palette")
        await snaps.check("palette")
    snaps.assert_all_matched()


async def test_agenda_and_find(snapshot, request, filled: Store):
    app = make_app(store=filled)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        snaps = Snapshots(snapshot, request, app, pilot)
        await open_view(app, pilot, AgendaScreen, go="agenda")
        await snaps.check("agenda")
        await open_view(app, pilot, PickDialog, action="find")
        await snaps.check("find")
    snaps.assert_all_matched()


async def test_sessions_hold_skip_and_reflection(snapshot, request, filled: Store):
    app = make_app(store=filled)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        snaps = Snapshots(snapshot, request, app, pilot)
        await open_view(app, pilot, SessionsScreen, go="sessions")
        await snaps.check("sessions")
        await open_view(app, pilot, HoldDialog, action="hold")
        await snaps.check("hold")
        await close_dialog(app, pilot)
        await pilot.press("home")  # today's planned session: the list opens on the one to reflect on
        await open_view(app, pilot, SkipDialog, action="skip")
        await snaps.check("skip")
        await close_dialog(app, pilot)
        await open_view(app, pilot, ReflectionScreen, go="reflect")
        await snaps.check("reflection")
    snaps.assert_all_matched()


async def test_goals_editor_and_check_in(snapshot, request, filled: Store):
    app = make_app(store=filled)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        snaps = Snapshots(snapshot, request, app, pilot)
        await open_view(app, pilot, GoalsScreen, go="goals")
        await snaps.check("goals")
        await open_view(app, pilot, GoalEditor, action="edit")
        await snaps.check("goal-editor")
        await close_dialog(app, pilot)
        await open_view(app, pilot, CheckInDialog, action="check_in")
        await snaps.check("check-in")
    snaps.assert_all_matched()


async def test_actions_and_editor(snapshot, request, filled: Store):
    app = make_app(store=filled)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        snaps = Snapshots(snapshot, request, app, pilot)
        await open_view(app, pilot, ActionsScreen, go="actions")
        await snaps.check("actions")
        await open_view(app, pilot, ActionEditor, action="edit")
        await snaps.check("action-editor")
    snaps.assert_all_matched()


async def test_progress_and_settings(snapshot, request, filled: Store):
    app = make_app(store=filled)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        snaps = Snapshots(snapshot, request, app, pilot)
        await open_view(app, pilot, ProgressScreen, go="progress")
        await snaps.check("progress")
        await open_view(app, pilot, SettingsScreen, go="settings")
        await snaps.check("settings")
    snaps.assert_all_matched()
