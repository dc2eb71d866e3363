"""What Textual does in a test that nobody looks at, done less often (docs/testing.md,
"Where the suite's time goes").

- Frames. A headless app draws every frame and throws it away. Tests that read the drawing
  itself (pictures, frame timings, walks that render every screen with odd text) are marked
  `paints` and draw every frame as the app does. Every other app run draws only its last
  screen, once, as it closes, so that a widget that cannot be drawn still fails its test;
  walks of every screen draw each one (`draw`, or a full render as the literal-text
  checks do).
- Stylesheets. Every app parses the same stylesheets again (and again on a theme change);
  here each is parsed once per process and theme.
- Animations. A scroll to the focused field is animated over a fifth of a second, which a
  test does not wait for; apps in tests move at once, as with TEXTUAL_ANIMATIONS=none.
- Idle waits. The pilot waits after every key until the process has used almost no CPU for
  one interval (1/50 s); half the interval keeps the same idle ratio (5%). Tests that need
  background saves to finish wait for the workers themselves (`settle`).

These reach into Textual's private parts; `tests/test_textual_speed.py` fails if an upgrade
moves them, rather than letting the suite quietly go back to its old speed.
"""

from __future__ import annotations

import io
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

import textual._wait
import textual.constants
from rich.console import Console
from textual import events
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.keys import _character_to_key
from textual.screen import Screen

textual.constants.TEXTUAL_ANIMATIONS = "none"
textual._wait.SLEEP_GRANULARITY = 1 / 100
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20


class Painting:
    """Whether headless apps draw every frame (set per test by tests/conftest.py)."""

    every_frame = True


def _skips_frame(screen: Screen) -> bool:
    app = screen.app
    return not Painting.every_frame and app.is_headless and not app.is_inline and screen is app.screen


_draw_frame = Screen._compositor_refresh


def _compositor_refresh(self: Screen) -> None:
    if not _skips_frame(self):
        _draw_frame(self)
        return
    # What drawing would have done besides drawing: the screen is up to date.
    self._compositor._dirty_regions.clear()
    self._dirty_widgets.clear()
    self.app._update_mouse_over(self)


def draw(app: App) -> None:
    """Draw what is on view now, as a terminal would (raises if a widget cannot be drawn):
    every line of every widget, written out as a terminal receives it, without the picture
    a screenshot would also make of it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))


_run_test = App.run_test


@asynccontextmanager
async def _run_test_drawing_the_last_screen(self: App, *args: Any, **kwargs: Any) -> AsyncGenerator[Any, None]:
    async with _run_test(self, *args, **kwargs) as pilot:
        yield pilot
        if not Painting.every_frame and self.is_running:
            draw(self)  # a widget that cannot be drawn raises here


_parse_rules = Stylesheet._parse_rules
_PARSED: dict[tuple, Any] = {}


def _parse_rules_once(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> Any:
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(self._variables.items()))
    rules = _PARSED.get(key)
    if rules is None:
        rules = _PARSED[key] = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    return rules


Screen._compositor_refresh = _compositor_refresh  # type: ignore[method-assign]
App.run_test = _run_test_drawing_the_last_screen  # type: ignore[method-assign, assignment]
Stylesheet._parse_rules = _parse_rules_once  # type: ignore[method-assign]


async def type_keys(pilot: Any, text: str) -> None:
    """Type `text` into the focused field as a fast typist would: each character is a real
    key event, handled in order by the same bindings and widgets as `pilot.press`, but the
    pilot waits for the app once, after the last one, instead of twice after every key (the
    waits and the layout after each key were most of a form test's time)."""
    app = pilot.app
    driver = app._driver
    assert driver is not None
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        event = events.Key(key, character)
        event.set_sender(app)
        driver.send_message(event)
    await textual._wait.wait_for_idle(0)
    await pilot.pause()
