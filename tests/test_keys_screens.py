"""Keys driven with real key presses: a remapped key, a broken config.toml, typing in a
field that never goes places, and a footer that fits (docs/keys.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Markdown, Select, TextArea
from textual.widgets._footer import FooterKey

from companion.keymap import config_path
from companion.store import Store
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.footer import key_width
from screens.goals import GoalsScreen
from screens.help import HelpScreen
from screens.note import NoteDialog
from screens.reflection import ReflectionScreen
from screens.settings import SettingsScreen
from tests.conftest import mark_held_when_asked, settle

SIZE = (80, 24)
AFTER_SESSION = "2026-11-24T17:30:00"  # today's 16:00 session has ended: one to reflect on


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def footer_labels(app) -> list[str]:
    return [f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey)]


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def go(app, pilot, place: str) -> None:
    await app.run_action(f"go('{place}')")
    await settle(app, pilot)


async def test_a_remapped_key_works_and_the_footer_and_help_say_so(onboarded: Store, data_dir: Path):
    write_config('[keys]\ngo_goals = "ctrl+g"\ngoals_sort = "o"\n')
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert messages(app) == [], "a good file says nothing"
        await pilot.press("6")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen), "the old key is free again"
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, GoalsScreen)
        assert "o Sort" in footer_labels(app)
        before = screen.sort_key
        await pilot.press("s")
        assert screen.sort_key == before
        await pilot.press("o")
        assert screen.sort_key != before
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Markdown).source
        assert "| `o` | Sort | `goals_sort` |" in text, "the help shows the keys as remapped"
        assert "| `^g` |" in text and "`go_goals`" in text
        assert str(config_path()) in text


@pytest.mark.parametrize(
    "config, expected",
    [
        ('[keys]\ngo_goals = "ctrl+g"\ngoals_sort = "o\n', "line 3"),  # TOML syntax: nothing applies
        ('[keys]\ngoals_sortt = "o"\n', "line 2: there is no key binding called `goals_sortt`"),
    ],
)
async def test_a_broken_config_is_one_line_and_the_app_starts_with_its_keys(
    onboarded: Store, data_dir: Path, config: str, expected: str
):
    path = write_config(config)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        (message,) = messages(app)
        assert message.startswith(str(path)) and expected in message and "\n" not in message
        await pilot.press("6")
        await settle(app, pilot)
        assert isinstance(app.screen, GoalsScreen), "the default keys work"


async def test_typing_in_a_field_never_goes_places(onboarded: Store, data_dir: Path, monkeypatch):
    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, "settings")
        name = app.screen.query_one("#name", Input)
        name.focus()
        await pilot.press("end", "2")
        assert isinstance(app.screen, SettingsScreen) and name.value.endswith("2")
        app.screen.query_one("#frequency", Select).focus()
        await pilot.press("3", "question_mark")
        assert isinstance(app.screen, SettingsScreen), "a digit on a Select goes nowhere"

        name.focus()
        await pilot.press("ctrl+n")  # a note from anywhere, a field too
        await settle(app, pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("5")
        assert isinstance(app.screen, NoteDialog) and app.screen.query_one("#note-text", Input).value == "5"
        await pilot.press("escape", "escape")
        await settle(app, pilot)

        await go(app, pilot, "reflect")
        await mark_held_when_asked(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReflectionScreen), (screen, messages(app))
        value = screen.query_one("#value", Select)
        value.focus()
        await pilot.press("4")
        await settle(app, pilot)
        assert app.screen is screen and value.value == 4, "a digit picks that rating"
        await pilot.press("7")
        assert app.screen is screen and value.value == 4
        private = screen.query_one("#private", Checkbox)
        private.focus()
        await pilot.press("1", "space")
        assert app.screen is screen and private.value, "the field's own keys still work"
        screen.query_one("#learned", TextArea).focus()
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("4")  # outside a field, the digit goes places again
        await settle(app, pilot)
        assert isinstance(app.screen, ReflectionScreen)


async def test_the_footer_ends_on_a_whole_label_on_every_main_screen(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        for place in ("dashboard", "agenda", "sessions", "actions", "goals", "progress", "settings"):
            await go(app, pilot, place)
            await pilot.pause()
            for width in (80, 40):
                keys = list(app.screen.query(FooterKey))
                palette = [key for key in keys if key.has_class("-command-palette")]
                right = palette[0].region.x if palette else width
                for key in keys:
                    if key in palette:
                        continue
                    assert key.region.right <= right, f"{place} at {width}: {key.description} is cut"
                    assert key.region.width == key_width(key.key_display, key.description)
                assert any(key.description in ("Back", "Help") for key in keys), place
                if width == 80:
                    await pilot.resize_terminal(40, 12)
                    await pilot.pause()
                    await pilot.pause()
            await pilot.resize_terminal(*SIZE)
            await pilot.pause()
        await go(app, pilot, "dashboard")
        labels = footer_labels(app)
        assert labels[:3] == ["2 Agenda", "3 Sessions", "4 Reflect"] and "8 Settings" in labels


async def test_the_footer_is_rebuilt_only_when_what_it_shows_changes(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await go(app, pilot, "goals")
        before = list(app.screen.query(FooterKey))
        await pilot.press("tab", "shift+tab")  # the focus moves: bindings change, the keys shown do not
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == before
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        narrow = footer_labels(app)
        assert len(narrow) < len(before) and "esc Back" in narrow
        await go(app, pilot, "actions")
        assert "n New" in footer_labels(app) and "s Sort" not in footer_labels(app)
