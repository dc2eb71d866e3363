"""The action items screen and the "what I will try" dialog, with real key presses."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from textual.command import CommandList
from textual.widgets import Button, Checkbox, DataTable, Input, Select, Static

from companion import agenda_text
from companion.actions import (
    add_action,
    complete_action,
    due_text,
    listed_actions,
    suggested_due,
)
from companion.models import ActionItem, Owner, Partnership
from companion.sessions import hold_session, materialize
from companion.store import Store
from screens.action_dialogs import ActionEditor, WillTryDialog
from screens.actions import ActionsScreen
from screens.app import make_app
from screens.dialogs import ConfirmDialog
from tests.conftest import settle, shown_text
from tests.textual_speed import type_keys

SIZE = (80, 24)
NOW = datetime(2026, 11, 24, 10, 0)  # a Tuesday; Alex meets Sam on Tuesdays at 16:00
TODAY = NOW.date()
LAST_WEEK = datetime(2026, 11, 17, 16, 0)
WILL_TRY = "- Pair on a flaky test\n- Read the deploy runbook\n- Write a note in the team channel"


async def open_actions(app, pilot) -> ActionsScreen:
    await pilot.pause()
    app.push_screen(ActionsScreen())
    await pilot.pause()
    assert isinstance(app.screen, ActionsScreen)
    return app.screen


def rows(screen: ActionsScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def stored(data_dir: Path) -> list[ActionItem]:
    return sorted(Store(data_dir).open().all(ActionItem), key=lambda a: a.id)


def held_session(store: Store):
    return hold_session(store, materialize(store, store.get(Partnership, 1), LAST_WEEK, NOW), now=NOW)


async def fill(pilot, field: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = ""
    await type_keys(pilot, text)


def error_of(screen, field: str) -> str:
    return shown_text(screen.query_one(f"#{field}-error", Static))


# --- the table ----------------------------------------------------------------------------


async def test_empty_screen_says_how_to_add_actions(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(app, pilot)
        text = shown_text(screen.query_one("#action-keys", Static))
        assert "No action items yet. Press n to add one" in text and "what I will try" in text


async def test_add_by_hand_shows_problems_inline_then_saves_and_survives_a_restart(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ActionEditor)
        owner = editor.query_one("#owner", Select)
        assert owner.value == "me" and [label for label, _ in owner._options] == ["Me", "Sam", "Both of us"]
        await fill(pilot, "due", "someday")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is editor, "problems keep the editor open"
        assert "cannot be empty" in error_of(editor, "text")
        assert "“someday” is not a date I understand" in error_of(editor, "due")
        assert app.focused is editor.query_one("#text")
        await fill(pilot, "due", "friday")
        assert error_of(editor, "due") == "", "a fixed field clears its message as you type"
        await fill(pilot, "text", "Pair with Sam on a flaky test")
        editor.query_one("#owner", Select).value = "partner"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert rows(screen) == ["Pair with Sam on a flaky test"]
    (action,) = stored(data_dir)
    assert (action.text, action.owner, action.due, action.done_on) == (
        "Pair with Sam on a flaky test",
        Owner.PARTNER,
        date(2026, 11, 27),
        None,
    )
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_actions(again, pilot)
        assert rows(screen) == ["Pair with Sam on a flaky test"]
        table = screen.query_one(DataTable)
        assert [str(cell) for cell in table.get_row_at(0)][1:3] == ["Sam", "in 3 d"]


async def test_edit_an_action_and_escape_asks_before_discarding(onboarded: Store, data_dir: Path):
    action = add_action(onboarded, 1, "Read the runbook", Owner.ME, date(2026, 12, 1), now=NOW)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ActionEditor)
        assert editor.query_one("#due", Input).value == "1 Dec 2026"
        await pilot.press("escape")  # nothing changed: closes at once
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("enter")  # Enter edits too
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ActionEditor)
        await fill(pilot, "text", "Read the deploy runbook")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is editor and editor.query_one("#text", Input).value == "Read the deploy runbook"
        editor.query_one("#owner", Select).value = "both"
        await fill(pilot, "due", "in 2 weeks")
        await pilot.press("enter")
        await settle(app, pilot)
        assert rows(screen) == ["Read the deploy runbook"]
    (saved,) = stored(data_dir)
    assert (saved.id, saved.text, saved.owner, saved.due) == (
        action.id,
        "Read the deploy runbook",
        Owner.BOTH,
        date(2026, 12, 8),
    )


async def test_an_action_that_could_not_be_saved_comes_back_as_typed(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_actions(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, "text", "Try the review bot on one pull request")
        await fill(pilot, "due", "friday")
        (data_dir / "companion.json").write_text("{broken")  # the file is damaged meanwhile
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, ActionEditor), "the editor opens again, nothing typed is lost"
        assert editor.query_one("#text", Input).value == "Try the review bot on one pull request"
        assert editor.query_one("#due", Input).value == "friday"


async def test_an_action_marked_private_stays_out_of_the_shared_agenda(onboarded: Store, data_dir: Path):
    from companion.banks import load_banks
    from companion.prepare import prepare_next

    add_action(onboarded, 1, "Ask about the reorg rumours", Owner.ME, None, now=NOW)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ActionEditor) and not editor.query_one("#action-private", Checkbox).value
        editor.query_one("#action-private", Checkbox).focus()
        await pilot.press("space")  # tick it, as a person would
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        table = screen.query_one(DataTable)
        assert str(table.get_row_at(0)[0]).startswith("private ")
    (saved,) = stored(data_dir)
    assert saved.private
    prepared = prepare_next(Store(data_dir).open(), load_banks(), NOW)
    shared = agenda_text.to_markdown(prepared.agenda, "Sam", prepared.session.scheduled_at, 45)
    assert "reorg rumours" not in shared
    assert "reorg rumours" in agenda_text.to_markdown(
        prepared.agenda, "Sam", prepared.session.scheduled_at, 45, include_private=True
    )


async def test_space_marks_done_and_opens_again(onboarded: Store, data_dir: Path):
    action = add_action(onboarded, 1, "Read the runbook", now=NOW)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        assert stored(data_dir)[0].done_on == TODAY
        assert rows(screen) == [], "a done item leaves the open list"
        assert "Nothing open" in shown_text(screen.query_one("#action-keys", Static))
        await pilot.press("f")  # done
        await pilot.pause()
        assert rows(screen) == ["Read the runbook"]
        assert str(screen.query_one(DataTable).get_row_at(0)[4]) == "✓ 24 Nov"
        await pilot.press("space")
        await settle(app, pilot)
        assert stored(data_dir)[0].done_on is None
        assert rows(screen) == []
    assert stored(data_dir)[0].id == action.id


async def test_delete_asks_first_and_escape_keeps_the_item(onboarded: Store, data_dir: Path):
    add_action(onboarded, 1, "Read the runbook", now=NOW)
    add_action(onboarded, 1, "Try the new CLI", now=NOW)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(stored(data_dir)) == 2 and app.screen is screen
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert rows(screen) == ["Try the new CLI"]
    assert [a.text for a in stored(data_dir)] == ["Try the new CLI"]


async def test_filter_tabs_by_key_and_by_click(onboarded: Store, data_dir: Path):
    add_action(onboarded, 1, "Open one", now=NOW)
    done = add_action(onboarded, 1, "Done one", now=NOW)
    complete_action(onboarded, done.id, TODAY)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(app, pilot)
        assert rows(screen) == ["Open one"]
        await pilot.press("f")
        await pilot.pause()
        assert screen.show == "done" and rows(screen) == ["Done one"]
        await pilot.press("f")
        await pilot.pause()
        assert rows(screen) == ["Open one", "Done one"]
        await pilot.click("#show-open")
        await pilot.pause()
        assert rows(screen) == ["Open one"]


async def test_overdue_items_come_first_and_stand_out(onboarded: Store, data_dir: Path):
    add_action(onboarded, 1, "Due later", due=date(2026, 11, 29), now=NOW)
    add_action(onboarded, 1, "No date", now=NOW)
    add_action(onboarded, 1, "Due today", due=TODAY, now=NOW)
    held = held_session(onboarded)
    add_action(onboarded, 1, "Late", due=date(2026, 11, 21), session_id=held.id, now=NOW)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_actions(app, pilot)
        assert rows(screen) == ["Late", "Due today", "Due later", "No date"]
        table = screen.query_one(DataTable)
        assert [str(table.get_row_at(i)[2]) for i in range(4)] == ["3 d overdue", "due today", "in 5 d", "no date"]
        assert str(table.get_row_at(0)[3]) == "17 Nov", "the session it came from"
        late = table.get_row_at(0)[2]
        assert late.style.bold and late.style.color.triplet.hex.upper() == app.theme_variables["text-error"].upper()
        assert not table.get_row_at(2)[2].style


async def test_escape_goes_back_to_the_dashboard(onboarded: Store, data_dir: Path):
    from screens.dashboard import DashboardScreen

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_actions(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_the_command_palette_offers_the_screens_actions(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_actions(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"New")
        commands = app.screen.query_one(CommandList)
        for _ in range(50):  # the palette searches in the background
            await pilot.pause(0.05)
            if commands.option_count and str(commands.get_option_at_index(0).prompt).startswith("New  n"):
                break
        assert str(commands.get_option_at_index(0).prompt).startswith("New  n"), "named as in the footer, with its key"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionEditor)


# --- after a reflection: "what I will try" ---------------------------------------------------


async def test_will_try_lines_become_actions_each_with_its_own_owner_and_due(onboarded: Store, data_dir: Path):
    held = held_session(onboarded)
    results: list[int | None] = []
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(WillTryDialog(held.id, WILL_TRY), results.append)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WillTryDialog)
        assert [dialog.query_one(f"#due-{i}", Input).value for i in range(3)] == ["24 Nov 2026"] * 3
        assert str(dialog.query_one("#create", Button).label) == "Create 3 actions"
        assert "(you, Sam or both)" in shown_text(dialog.query_one("#will-try-intro", Static))
        assert app.focused is dialog.query_one("#take-0")
        await pilot.press("tab", "enter", "down", "enter")  # first line: Sam's
        await pilot.press("tab", *"friday")
        await pilot.press("tab", "tab", "enter", "down", "down", "enter")  # second: both of us
        await pilot.press("tab", *"16 Nov")  # before the session it came from
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "before the session it came from" in error_of(dialog, "due-1")
        assert error_of(dialog, "due-0") == "" and app.focused is dialog.query_one("#due-1")
        await pilot.press("ctrl+a", "ctrl+k", *"2 Dec")
        assert error_of(dialog, "due-1") == "", "a fixed date clears its message as you type"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not dialog
    assert results == [3]
    assert [(a.text, a.owner, a.due, a.session_id) for a in stored(data_dir)] == [
        ("Pair on a flaky test", Owner.PARTNER, date(2026, 11, 27), held.id),
        ("Read the deploy runbook", Owner.BOTH, date(2026, 12, 2), held.id),
        ("Write a note in the team channel", Owner.ME, date(2026, 11, 24), held.id),
    ]


async def test_will_try_unticked_lines_are_not_created_and_escape_asks_after_a_change(onboarded: Store, data_dir: Path):
    held = held_session(onboarded)
    results: list[int | None] = []
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(WillTryDialog(held.id, WILL_TRY), results.append)
        await pilot.pause()
        dialog = app.screen
        await pilot.press("tab", "tab", "tab", "space")  # untick the runbook
        await pilot.pause()
        assert str(dialog.query_one("#create", Button).label) == "Create 2 actions"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), "a change: Escape asks first"
        await pilot.press("escape")  # keep choosing
        await pilot.pause()
        await pilot.click("#create")
        await settle(app, pilot)
        assert results == [2]

        app.push_screen(WillTryDialog(held.id, WILL_TRY), results.append)  # again: two are actions now
        await pilot.pause()
        assert [box.disabled for box in app.screen.query(Checkbox)] == [True, False, True]
        assert "already an action" in str(app.screen.query_one("#take-0", Checkbox).label)
        assert str(app.screen.query_one("#create", Button).label) == "Create 1 action"
        await pilot.press("escape")  # nothing changed: skips at once
        await pilot.pause()
        app.push_screen(WillTryDialog(held.id, ""), results.append)
        await pilot.pause()
        assert app.screen.query_one("#create", Button).disabled
        await pilot.press("escape")
        await pilot.pause()
    assert results == [2, None, None]
    assert [a.text for a in stored(data_dir)] == ["Pair on a flaky test", "Write a note in the team channel"]


# --- core helpers the screens and the dashboard use ---------------------------------------


def test_listed_actions_and_due_text(onboarded: Store):
    sam = onboarded.get(Partnership, 1)
    later = add_action(onboarded, 1, "Later", due=date(2026, 12, 10), now=NOW)
    late = add_action(onboarded, 1, "Late", due=date(2026, 11, 20), now=NOW)
    first_done = add_action(onboarded, 1, "Done first", now=NOW)
    then_done = add_action(onboarded, 1, "Done then", due=date(2026, 11, 23), now=NOW)
    complete_action(onboarded, first_done.id, date(2026, 11, 20))
    complete_action(onboarded, then_done.id, date(2026, 11, 22))
    texts = lambda items: [a.text for a in items]  # noqa: E731
    assert texts(listed_actions(onboarded, sam, TODAY)) == ["Late", "Later"]
    assert texts(listed_actions(onboarded, sam, TODAY, "done")) == ["Done then", "Done first"]
    assert texts(listed_actions(onboarded, sam, TODAY, "all")) == ["Late", "Later", "Done then", "Done first"]
    assert due_text(late, TODAY) == "4 d overdue" and due_text(later, TODAY) == "in 16 d"
    assert due_text(later, date(2026, 12, 9)) == "tomorrow"
    assert due_text(onboarded.get(ActionItem, then_done.id), TODAY) == "23 Nov 2026"
    assert due_text(first_done, TODAY) == "no date"


def test_suggested_due_is_the_next_sessions_day(onboarded: Store):
    sam = onboarded.get(Partnership, 1)
    assert suggested_due(onboarded, sam, NOW) == date(2026, 11, 24)  # today at 16:00
    assert suggested_due(onboarded, sam, datetime(2026, 11, 24, 17, 0)) == date(2026, 12, 1)
