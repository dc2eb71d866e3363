"""The suite's shortcuts through Textual (tests/textual_speed.py) are in place, and skipping
frames never hides a widget that cannot be drawn."""

from __future__ import annotations

import gc
import inspect

import pytest
import textual._wait
from textual.app import App, ComposeResult
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from tests import textual_speed
from tests.textual_speed import Painting, type_keys


class Broken(Widget):
    """Fails only when drawn: its size needs no drawing."""

    def render_line(self, y: int):
        raise RuntimeError("cannot be drawn")


class Counting(App):
    frames = 0

    def compose(self) -> ComposeResult:
        yield Static("one")

    def _display(self, screen, renderable) -> None:
        if renderable is not None:
            type(self).frames += 1


def test_textual_still_has_what_the_shortcuts_replace():
    assert Screen._compositor_refresh is textual_speed._compositor_refresh
    assert App.run_test is textual_speed._run_test_drawing_the_last_screen
    assert Stylesheet._parse_rules is textual_speed._parse_rules_once
    assert "SLEEP_GRANULARITY" in inspect.getsource(textual._wait.wait_for_idle)
    assert textual._wait.SLEEP_GRANULARITY == 1 / 100
    assert Counting().animation_level == "none"
    for name in ("_dirty_regions",):
        assert name in inspect.getsource(textual_speed._draw_frame)


def test_the_collector_walks_young_objects_seldom_and_leaves_the_imports_alone():
    assert gc.isenabled()
    assert gc.get_threshold()[0] >= 50_000
    assert gc.get_freeze_count() > 10_000, "what was imported before the first test is frozen"


async def test_frames_are_skipped_unless_a_test_paints():
    assert not Painting.every_frame
    Counting.frames = 0
    async with Counting().run_test(size=(20, 4)) as pilot:
        for text in ("two", "three"):
            pilot.app.query_one(Static).update(text)
            await pilot.pause()
    assert Counting.frames == 0


@pytest.mark.paints
async def test_a_test_that_paints_draws_every_frame():
    assert Painting.every_frame
    Counting.frames = 0
    async with Counting().run_test(size=(20, 4)) as pilot:
        pilot.app.query_one(Static).update("two")
        await pilot.pause()
    assert Counting.frames >= 2


async def test_a_widget_that_cannot_be_drawn_still_fails_its_test():
    class WithBroken(App):
        def compose(self) -> ComposeResult:
            yield Broken()

    with pytest.raises(Exception, match="cannot be drawn"):
        async with WithBroken().run_test(size=(20, 4)) as pilot:
            await pilot.pause()


class Typing(App):
    BINDINGS = [("9", "nine", "Nine"), ("question_mark", "ask", "Ask")]
    pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input(id="field")

    def action_nine(self) -> None:
        self.pressed.append("9")

    def action_ask(self) -> None:
        self.pressed.append("?")


async def test_typed_keys_are_the_keys_press_sends():
    typed = "Tom [b]9? é,!"
    for focused in (True, False):
        app = Typing()
        app.pressed = []
        async with app.run_test(size=(30, 4)) as pilot:
            field = app.query_one(Input)
            if not focused:
                field.blur()
                await pilot.pause()
            await pilot.press(*typed)
            pressed, value = app.pressed, field.value
            field.value, app.pressed = "", []
            await type_keys(pilot, typed)
            assert (app.pressed, field.value) == (pressed, value), f"focused={focused}"
            assert value == (typed if focused else "")
            assert pressed == ([] if focused else ["9", "?"])
