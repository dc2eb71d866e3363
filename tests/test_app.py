"""The app driven with real key presses: onboarding, dashboard, notes, help, theme."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from companion.models import Note, Partnership, Profile, SessionState, Settings
from companion.notes import add_note
from companion.store import Store
from screens.app import make_app
from screens.commands import global_commands
from screens.dashboard import DashboardScreen
from screens.dialogs import ConfirmDialog
from screens.help import HelpScreen
from screens.note import NoteDialog
from screens.onboarding import OnboardingScreen
from tests.conftest import settle, shown_text
from tests.textual_speed import type_keys

SIZE = (100, 40)


async def type_into(pilot, selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    widget.value = ""
    await type_keys(pilot, text)


async def choose(pilot, selector: str, downs: int) -> None:
    """Open a Select with Enter and pick the option `downs` rows below the current one."""
    pilot.app.screen.query_one(selector, Select).focus()
    await pilot.press("enter")
    for _ in range(downs):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def fill_onboarding(pilot, *, name="Alex", partner="Sam") -> None:
    await type_into(pilot, "#name", name)
    await type_into(pilot, "#role", "Staff engineer")
    await type_into(pilot, "#partner_name", partner)
    await choose(pilot, "#stance", 1)  # first option: mentee
    await choose(pilot, "#focus_role", 2)  # second option: designer
    await choose(pilot, "#weekday", 2)  # Tuesday
    await type_into(pilot, "#at", "6pm")


def error_text(app, field: str) -> str:
    return str(app.screen.query_one(f"#{field}-error", Static).content)


async def test_first_run_shows_onboarding(data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OnboardingScreen)
        assert app.focused is app.screen.query_one("#name")


async def test_onboarding_with_valid_answers_saves_and_opens_dashboard(data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await fill_onboarding(pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape")  # the agreement, skipped (tests/test_agreement_screens.py)
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        panel = str(app.screen.query_one("#next-session", Static).content)
        assert "Sam" in panel and "Today 18:00" in panel and "designer" in panel

    stored = Store(data_dir).open()
    assert stored.singleton(Profile).name == "Alex"
    (partnership,) = stored.all(Partnership)
    assert partnership.partner_name == "Sam"
    assert partnership.stance.value == "mentee"
    assert partnership.focus_role.value == "designer"
    assert partnership.cadence.weekday == 1 and partnership.cadence.at.hour == 18
    assert stored.singleton(Settings).current_partnership_id == partnership.id


async def test_onboarding_shows_every_problem_inline_and_saves_nothing(data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#at", "25:00")
        await type_into(pilot, "#session_minutes", "500")
        await type_into(pilot, "#start_date", "tomato")
        await pilot.press("enter")  # Enter on the last field submits
        await settle(app, pilot)
        assert isinstance(app.screen, OnboardingScreen)
        assert "cannot be empty" in error_text(app, "name")
        assert "cannot be empty" in error_text(app, "partner_name")
        assert "stance" in error_text(app, "stance")
        assert "25:00" in error_text(app, "at")
        assert "between 15 and 240" in error_text(app, "session_minutes")
        assert "tomato" in error_text(app, "start_date")
        assert app.focused is app.screen.query_one("#name")
        # Fixing a field clears its message as you type.
        await type_into(pilot, "#name", "Alex")
        assert error_text(app, "name") == ""
        assert "cannot be empty" in error_text(app, "partner_name")
    assert not (data_dir / "companion.json").exists()


async def test_onboarding_rejects_partner_with_own_name(data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await fill_onboarding(pilot, name="Sam", partner="sam")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, OnboardingScreen)
        assert "differ" in error_text(app, "partner_name")


async def test_dashboard_after_restart_shows_saved_partnership_and_notes(onboarded: Store, data_dir: Path):
    from companion import clock

    add_note(onboarded, "Ask how they review pull requests", clock.now())
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        panel = str(app.screen.query_one("#next-session", Static).content)
        assert "Today 16:00" in panel and "in 6 h" in panel and "Sam" in panel
        notes = app.screen.query_one("#notes", Static)
        assert "Ask how they review pull requests" in shown_text(notes)
        assert "(1)" in str(notes.border_title)


async def test_note_written_by_another_process_appears_without_restart(onboarded: Store, data_dir: Path):
    from companion import clock

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = app.screen.query_one("#notes", Static)
        assert "Nothing captured yet" in shown_text(notes)
        other_process = Store(data_dir).open()  # a separate store, as `companion note` would use
        add_note(other_process, "Written from the shell", clock.now())
        app.poll_for_outside_changes()
        await settle(app, pilot)
        assert "Written from the shell" in shown_text(notes)


async def test_note_dialog_saves_a_note(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await type_keys(pilot, "Bring the flaky test")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Bring the flaky test" in shown_text(app.screen.query_one("#notes", Static))
    assert [n.text for n in Store(data_dir).open().all(Note)] == ["Bring the flaky test"]


async def test_note_dialog_asks_before_discarding_typed_text(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await type_keys(pilot, "half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), "Escape asks before dropping typed text"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and app.screen.query_one(Input).value == "half a thought"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert Store(data_dir).open().all(Note) == []


async def test_empty_note_is_refused_with_a_message(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert "cannot be empty" in str(app.screen.query_one("#note-error", Static).content)


async def test_help_opens_with_f1_and_question_mark(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen)


async def test_chosen_theme_is_remembered(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "textual-light"
        await settle(app, pilot)
    assert Store(data_dir).open().singleton(Settings).theme == "textual-light"
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_command_palette_lists_the_app_actions(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.name for command in global_commands(app, app.screen)]
        for expected in ("Dashboard", "New note", "Help", "Theme", "Keys", "Quit"):
            assert expected in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_keys(pilot, "New note")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, NoteDialog)


async def test_dashboard_shows_streaks_and_an_at_risk_banner_that_says_what_to_do(
    onboarded: Store, data_dir: Path, monkeypatch
):
    from datetime import datetime

    from companion.models import Session, SessionState

    for day in (3, 10, 17):  # three weeks kept in a row
        moment = datetime(2026, 11, day, 16, 0)
        onboarded.add(
            Session(partnership_id=1, scheduled_at=moment, slot=moment, state=SessionState.HELD, held_at=moment)
        )
    monkeypatch.setenv("COMPANION_NOW", "2026-11-30T10:00:00")  # the last day of the period
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rhythm = shown_text(app.screen.query_one("#streaks", Static))
        assert "3 weeks" in rhythm and "best 3" in rhythm
        banner = app.screen.query_one("#streak-banner", Static)
        assert banner.display
        # Tuesday's session was never marked held or skipped: that comes before "book one".
        assert shown_text(banner) == "Last week's session on Tue 24 Nov is not recorded: mark it held or skipped."


async def test_dashboard_asks_for_the_reflection_of_a_session_that_just_passed(
    onboarded: Store, data_dir: Path, monkeypatch
):
    monkeypatch.setenv("COMPANION_NOW", "2026-11-24T17:30:00")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#reflect-banner", Static)
        assert banner.display and "press 4 to reflect" in shown_text(banner)
        await pilot.press("4")
        await settle(app, pilot)
        from screens.reflect_choice import TookPlaceDialog
        from screens.reflection import ReflectionScreen
        from screens.session_dialogs import HoldDialog

        # Not marked held: asked first, and "yes" goes through the hold dialog.
        assert isinstance(app.screen, TookPlaceDialog)
        question = shown_text(app.screen.query_one("Label"))
        assert question == "Did your session with Sam on Tue 24 Nov at 16:00 take place?"
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, HoldDialog)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await settle(app, pilot)
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.session.state is SessionState.HELD


def test_the_garbage_collector_is_back_on_when_the_data_cannot_be_opened(data_dir: Path):
    import gc

    from companion.cli import build_app
    from companion.errors import CompanionError

    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "companion.json").write_text("{ not json")
    try:
        with pytest.raises(CompanionError):
            build_app(data_dir)
        assert gc.isenabled(), "no first frame will come to turn it back on"
    finally:
        gc.enable()


async def test_the_garbage_collector_is_back_on_once_the_app_is_up(onboarded: Store, data_dir: Path):
    import gc

    from companion.cli import build_app

    app = build_app(data_dir)
    assert not gc.isenabled(), "held off while starting"
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause(0.1)
            assert gc.isenabled()
    finally:
        gc.enable()
