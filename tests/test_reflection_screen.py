"""The reflection screen with real keys: the notes preview keeps the cursor and the scroll,
and "what I will try" becomes one action item per line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Markdown, TextArea

from companion.models import ActionItem, Owner, Session
from companion.store import Store
from screens.action_dialogs import WillTryDialog
from screens.app import make_app
from screens.reflection import ReflectionScreen
from tests.conftest import mark_held_when_asked, settle
from tests.textual_speed import type_keys

AFTER_SESSION = "2026-11-24T17:30:00"  # today's 16:00 session has ended


async def open_reflection(app, pilot) -> ReflectionScreen:
    await pilot.pause()
    await app.run_action("go('reflect')")
    await settle(app, pilot)
    await mark_held_when_asked(app, pilot)
    assert isinstance(app.screen, ReflectionScreen), app.screen
    return app.screen


async def preview_twice(app, pilot, body: VerticalScroll, *, focused) -> None:
    """F2 shows the preview and F2 hides it; the cursor and the scroll stay put."""
    scroll = body.scroll_y
    await pilot.press("f2")
    await settle(app, pilot)
    assert app.screen.query_one("#notes-preview", Markdown).display
    assert body.scroll_y == scroll
    await pilot.press("f2")
    await settle(app, pilot)
    assert not app.screen.query_one("#notes-preview", Markdown).display
    assert app.focused is focused and body.scroll_y == scroll


async def test_the_preview_keeps_the_cursor_and_the_scroll(onboarded: Store, data_dir: Path, monkeypatch):
    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reflection(app, pilot)
        body = screen.query_one("#reflection-body", VerticalScroll)
        notes = screen.query_one("#notes", TextArea)
        await pilot.press("tab", "tab", "tab")  # learned → will try → surprised → notes
        await pilot.wait_for_scheduled_animations()
        assert app.focused is notes and body.scroll_y > 0
        await pilot.press(*"# Plan")
        await pilot.press("f2")
        await settle(app, pilot)
        preview = screen.query_one("#notes-preview", Markdown)
        assert app.focused is preview, "the preview holds the hidden notes' cursor"
        await pilot.press("f2")
        await settle(app, pilot)
        assert app.focused is notes
        await pilot.press(*" ahead")
        assert notes.text == "# Plan ahead"
        await preview_twice(app, pilot, body, focused=notes)

        surprised = screen.query_one("#surprised", TextArea)
        await pilot.press("shift+tab")
        await pilot.wait_for_scheduled_animations()
        assert app.focused is surprised
        await preview_twice(app, pilot, body, focused=surprised)
        await pilot.press(*"Quiet")
        assert surprised.text == "Quiet" and notes.text == "# Plan ahead"


async def test_three_lines_to_try_become_three_actions_with_their_own_owners_and_dues(
    onboarded: Store, data_dir: Path, monkeypatch
):
    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reflection(app, pilot)
        await type_keys(pilot, "Threads beat meetings")
        await pilot.press("tab")
        await type_keys(pilot, "- Try a thread")
        for line in ("- Ask Sam to review it", "- Mute one channel", "- Not an action"):
            await pilot.press("enter")
            await type_keys(pilot, line)
        screen.query_one("#value").value = 5
        screen.query_one("#candour").value = 4
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, WillTryDialog)
        await pilot.press("tab", "tab")  # first: me, by Friday
        await type_keys(pilot, "friday")
        await pilot.press("tab", "tab", "enter", "down", "enter", "tab")  # second: Sam's
        await type_keys(pilot, "next tuesday")
        await pilot.press("tab", "tab", "enter", "down", "down", "enter", "tab")  # third: both
        await type_keys(pilot, "in 2 weeks")
        await pilot.press("tab")
        await pilot.press("space")  # the fourth line is not an action
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, WillTryDialog)
    store = Store(data_dir).open()
    actions = sorted(store.all(ActionItem), key=lambda a: a.id)
    assert [(a.text, a.owner, a.due) for a in actions] == [
        ("Try a thread", Owner.ME, date(2026, 11, 27)),
        ("Ask Sam to review it", Owner.PARTNER, date(2026, 12, 1)),
        ("Mute one channel", Owner.BOTH, date(2026, 12, 8)),
    ]
    (session,) = store.all(Session)
    assert session.reflection.will_try.endswith("- Not an action"), "the reflection keeps every line"
