"""The sessions and reflection screens with real key presses."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from textual.widgets import DataTable, Input, RadioButton, Select, SelectionList, Static, TextArea

from companion import clock
from companion.banks import load_banks
from companion.models import Note, Partnership, Section, Session, SessionState
from companion.notes import add_note
from companion.prepare import prepare_next
from companion.store import Store
from screens.app import make_app
from screens.reflection import ReflectionScreen
from screens.session_dialogs import HoldDialog, SessionDetails, SkipDialog
from screens.sessions import SessionsScreen
from tests.conftest import mark_held_when_asked, run_cli, settle, shown_text
from tests.textual_speed import type_keys

SIZE = (110, 40)
AFTER_SESSION = "2026-11-24T17:30:00"  # today's 16:00 session has ended


async def open_sessions(app, pilot) -> SessionsScreen:
    await pilot.pause()
    await app.run_action("go('sessions')")
    await pilot.pause()
    assert isinstance(app.screen, SessionsScreen)
    return app.screen


def selected(screen: SessionsScreen) -> Session:
    return screen.selected()


async def select_when(screen: SessionsScreen, pilot, when: datetime) -> None:
    keys = list(screen.rows)
    row = next(i for i, key in enumerate(keys) if screen.rows[key].scheduled_at == when)
    screen.query_one(DataTable).move_cursor(row=row)
    await pilot.pause()


TODAY_16 = datetime(2026, 11, 24, 16, 0)


def stored_sessions(data_dir: Path) -> list[Session]:
    return sorted(Store(data_dir).open().all(Session), key=lambda s: s.scheduled_at)


async def test_a_passed_session_is_offered_first_and_can_be_marked_held(onboarded: Store, data_dir: Path, monkeypatch):
    note, _, _ = add_note(onboarded, "Ask about review habits", clock.now())
    prepared = prepare_next(onboarded, load_banks(), clock.now())  # the 16:00 agenda, built in the morning
    skipped_item = next(i for i in prepared.agenda.items if i.section is Section.EXPLORE)
    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sessions(app, pilot)
        assert selected(screen).scheduled_at == datetime(2026, 11, 24, 16, 0)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HoldDialog)
        covered = app.screen.query_one(SelectionList)
        assert set(covered.selected) == {i.id for i in prepared.agenda.items}
        covered.deselect(skipped_item.id)
        app.screen.query_one("#duration", Input).value = "50"
        await pilot.click("#ok")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
    (held,) = stored_sessions(data_dir)
    assert held.state is SessionState.HELD and held.duration_minutes == 50
    assert held.held_at == datetime(2026, 11, 24, 16, 0)
    assert {i.id for i in held.agenda.items if not i.covered} == {skipped_item.id}
    assert Store(data_dir).open().get(Note, note.id).done_at == held.held_at
    upcoming = prepare_next(Store(data_dir).open(), load_banks(), clock.now())
    assert any(i.text == skipped_item.text and i.section is Section.CARRY_OVER for i in upcoming.agenda.items)


async def test_hold_dialog_refuses_bad_minutes(onboarded: Store, data_dir: Path, monkeypatch):
    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_sessions(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        app.screen.query_one("#duration", Input).value = "900"
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, HoldDialog)
        assert "1 to 480" in shown_text(app.screen.query_one("#dialog-error", Static))
    assert stored_sessions(data_dir) == []


async def test_skip_with_a_pause_then_undo(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sessions(app, pilot)
        assert selected(screen).scheduled_at == datetime(2026, 11, 17, 16, 0), "last week's, unrecorded, comes first"
        await select_when(screen, pilot, TODAY_16)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, SkipDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert "Say why" in shown_text(app.screen.query_one("#dialog-error", Static))
        await pilot.press(*"Holiday", "enter")
        await pilot.pause()
        assert "Choose whether to pause" in shown_text(app.screen.query_one("#dialog-error", Static))
        assert not any(button.value for button in app.screen.query(RadioButton)), "nothing is chosen for you"
        await pilot.press("enter")  # the cursor is on the first answer: yes, pause it
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (skipped,) = stored_sessions(data_dir)
        assert skipped.state is SessionState.SKIPPED and skipped.pauses_streak and skipped.skip_reason == "Holiday"
        table = screen.query_one(DataTable)
        table.move_cursor(row=list(screen.rows).index(f"s{skipped.id}"))
        await pilot.press("u")
        await settle(app, pilot)
    (restored,) = stored_sessions(data_dir)
    assert restored.state is SessionState.PLANNED


async def test_cancel_asks_first(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sessions(app, pilot)
        await select_when(screen, pilot, TODAY_16)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert stored_sessions(data_dir) == []
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
    (cancelled,) = stored_sessions(data_dir)
    assert cancelled.state is SessionState.CANCELLED


async def test_move_keeps_the_slot_and_add_creates_an_ad_hoc_session(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sessions(app, pilot)
        await select_when(screen, pilot, TODAY_16)
        await pilot.press("m")
        await pilot.pause()
        field = app.screen.query_one(Input)
        field.value = "thu 18:00"
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).value = "tomato"
        await pilot.press("enter")
        await pilot.pause()
        assert "not a date" in shown_text(app.screen.query_one("#dialog-error", Static))
        app.screen.query_one(Input).value = "fri 9am"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
    moved, added = stored_sessions(data_dir)
    assert moved.scheduled_at == datetime(2026, 11, 26, 18, 0) and moved.slot == datetime(2026, 11, 24, 16, 0)
    assert added.scheduled_at == datetime(2026, 11, 27, 9, 0) and added.slot is None


async def test_details_show_the_agenda(onboarded: Store, data_dir: Path):
    prepare_next(onboarded, load_banks(), clock.now())
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sessions(app, pilot)
        await select_when(screen, pilot, TODAY_16)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetails)
        assert "## Agenda" in app.screen.query_one("Markdown")._markdown


def test_details_say_what_is_missing(onboarded: Store):
    from companion.reflections import session_markdown

    partnership = onboarded.all(Partnership)[0]
    planned = Session(partnership_id=partnership.id, scheduled_at=datetime(2026, 12, 1, 16, 0))
    assert "No agenda yet" in session_markdown(planned, partnership)
    assert "reflect" not in session_markdown(planned, partnership)
    held = replace(planned, state=SessionState.HELD, held_at=datetime(2026, 12, 1, 16, 5))
    text = session_markdown(held, partnership)
    assert "No agenda was built" in text and "Not reflected on yet" in text
    skipped = replace(planned, state=SessionState.SKIPPED, skip_reason="Holiday")
    assert session_markdown(skipped, partnership) == "**State:** skipped\n\n**Reason:** Holiday"


# --- reflection ----------------------------------------------------------------------


async def open_reflection(app, pilot) -> ReflectionScreen:
    await pilot.pause()
    await pilot.press("4")  # a real key: the loader's worker ends before `settle` waits
    await settle(app, pilot)
    await mark_held_when_asked(app, pilot)
    assert isinstance(app.screen, ReflectionScreen), app.screen
    return app.screen


async def type_in(pilot, field: str, text: str) -> None:
    area = pilot.app.screen.query_one(f"#{field}", TextArea)
    area.focus()
    await type_keys(pilot, text)


async def test_reflection_draft_is_saved_while_typing_and_kept_after_a_restart(
    onboarded: Store, data_dir: Path, monkeypatch
):
    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflection(app, pilot)
        await type_in(pilot, "learned", "Async standups")
        screen.autosave()  # what the 3-second timer does
        await settle(app, pilot)
        (session,) = stored_sessions(data_dir)
        assert session.reflection.learned == "Async standups" and session.reflection.is_draft
        await type_in(pilot, "will_try", "Skip one meeting")
        await pilot.press("escape")  # leaving saves at once
        await settle(app, pilot)
    (session,) = stored_sessions(data_dir)
    assert session.reflection.will_try == "Skip one meeting"
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_reflection(again, pilot)
        assert screen.query_one("#learned", TextArea).text == "Async standups"
        assert screen.query_one("#will_try", TextArea).text == "Skip one meeting"


async def test_finishing_needs_ratings_and_some_text(onboarded: Store, data_dir: Path, monkeypatch):
    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflection(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen)
        # All four texts are empty: said under the first one, where the cursor is put.
        assert "Write at least one line" in shown_text(screen.query_one("#learned-error", Static))
        assert app.focused is screen.query_one("#learned", TextArea)
        assert "1 (not much) to 5" in shown_text(screen.query_one("#value-error", Static))
        await type_in(pilot, "learned", "How the team uses threads")
        screen.query_one("#value", Select).value = 4
        screen.query_one("#candour", Select).value = 3
        screen.query_one("#tags", Input).value = "async, #Chat"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ReflectionScreen)
    (session,) = stored_sessions(data_dir)
    reflection = session.reflection
    assert not reflection.is_draft and reflection.value == 4 and reflection.candour == 3
    assert reflection.tags == ["async", "chat"] and reflection.written_at == datetime(2026, 11, 24, 17, 30)
    assert session.state is SessionState.HELD


async def test_notes_open_in_the_editor_and_what_it_saved_comes_back(
    onboarded: Store, data_dir: Path, monkeypatch, tmp_path: Path
):
    editor = tmp_path / "fake-editor.sh"
    editor.write_text('#!/bin/sh\nprintf "\\n- written in the editor\\n" >> "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflection(app, pilot)
        await type_in(pilot, "notes", "# Notes")
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert screen.query_one("#notes", TextArea).text == "# Notes\n- written in the editor\n"
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#notes-preview").display
    (session,) = stored_sessions(data_dir)
    assert session.reflection.notes == "# Notes\n- written in the editor\n"


async def test_a_missing_editor_is_reported_and_the_notes_stay(onboarded: Store, data_dir: Path, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflection(app, pilot)
        await type_in(pilot, "notes", "keep me")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.query_one("#notes", TextArea).text == "keep me"
        assert any("Could not start the editor" in n.message for n in app._notifications)


def test_companion_reflect_without_a_passed_session_says_so(onboarded: Store, monkeypatch):
    monkeypatch.setenv("COMPANION_NOW", "2026-11-03T10:00:00")  # the first session is at 16:00
    result = run_cli("reflect", timeout=20)
    assert result.returncode == 1
    assert "No session with Sam to reflect on yet" in result.stderr


async def test_companion_reflect_opens_at_the_reflection(onboarded: Store, data_dir: Path, monkeypatch):
    from companion.cli_commands import reflection_to_open

    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir, reflect_on=reflection_to_open(onboarded, None))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await mark_held_when_asked(app, pilot)  # today's session was not marked held
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.session.scheduled_at == datetime(2026, 11, 24, 16, 0)


async def test_finishing_offers_to_turn_what_i_will_try_into_action_items(
    onboarded: Store, data_dir: Path, monkeypatch
):
    from companion.models import ActionItem
    from screens.action_dialogs import WillTryDialog

    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflection(app, pilot)
        await type_in(pilot, "learned", "Threads beat meetings")
        area = screen.query_one("#will_try", TextArea)
        area.text = "- Try a chat thread for the weekly update\n- Ask Sam to review my first thread\n"
        screen.query_one("#value", Select).value = 5
        screen.query_one("#candour", Select).value = 4
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, WillTryDialog)
        await pilot.click("#create")
        await settle(app, pilot)
        assert not isinstance(app.screen, WillTryDialog)
    actions = Store(data_dir).open().all(ActionItem)
    assert sorted(a.text for a in actions) == [
        "Ask Sam to review my first thread",
        "Try a chat thread for the weekly update",
    ]


async def test_home_and_end_go_to_the_first_and_last_rows(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sessions(app, pilot)
        table = screen.query_one(DataTable)
        assert table.cursor_row not in (0, table.row_count - 1), "opens on the session that wants something"
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
