"""Working the settings screen as a person would: open it, type into a field, pick from a
Select, read a field's message, and read back what was saved."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from companion.store import Store
from screens.settings import SettingsScreen
from tests.conftest import shown_text
from tests.textual_speed import type_keys

SIZE = (100, 40)


async def open_settings(app, pilot) -> SettingsScreen:
    await pilot.pause()
    app.push_screen(SettingsScreen())
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def fill(pilot, field: str, text: str) -> None:
    """Clear a field and type into it, key by key."""
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    await pilot.pause()
    await pilot.press("ctrl+u", "ctrl+k")  # clear it, as a person would
    if text:
        await type_keys(pilot, text)


async def choose(pilot, field: str, steps: int) -> None:
    """Open a Select with Enter, move `steps` options down (up if negative), Enter."""
    pilot.app.screen.query_one(f"#{field}", Select).focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*(["down"] * steps if steps >= 0 else ["up"] * -steps), "enter")
    await pilot.pause()


def error_of(screen, field: str) -> str:
    return shown_text(screen.query_one(f"#{field}-error", Static))


def reopened(data_dir: Path) -> Store:
    return Store(data_dir).open()
