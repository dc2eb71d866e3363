"""Each screen's style file stays on its own screen.

Textual keeps a screen's CSS loaded once the screen has been shown, for the whole app, so
an unscoped `#notes { height: 10 }` written for the reflection screen also squeezed the
dashboard's notes panel after a reflection had been opened. Rules that name an id or class
another screen uses must start from their own screen (`ReflectionScreen #notes`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Static

from screens.app import make_app
from tests.conftest import settle
from tests.test_sessions_screen import AFTER_SESSION, SIZE, open_reflection

SCREENS = Path(__file__).resolve().parent.parent / "screens"
SHARED_STYLES = {"app"}  # app.tcss is the shared look, on purpose

RULE = re.compile(r"([^{}]+)\{[^{}]*\}")
NAMES = re.compile(r"[#.]([A-Za-z_][\w-]*)")
USES = (
    re.compile(r"""\bid=f?["']([\w-]+)["']"""),
    re.compile(r"""\bclasses=f?["']([^"']+)["']"""),
    re.compile(r"""_class\(\s*(?:[^,()]+,\s*)?["']([\w -]+)["']"""),
)


def names_used(module: Path) -> set[str]:
    text = module.read_text()
    return {name for pattern in USES for found in pattern.findall(text) for name in found.split()}


def selectors(style: Path) -> list[str]:
    text = re.sub(r"/\*.*?\*/", "", style.read_text(), flags=re.S)
    return [part.strip() for header in RULE.findall(text) for part in header.split(",") if part.strip()]


def leaks(style: Path) -> list[str]:
    own = names_used(style.with_suffix(".py"))
    elsewhere: set[str] = set()
    for module in SCREENS.glob("*.py"):
        if module.stem != style.stem:
            elsewhere |= names_used(module)
    found = []
    for selector in selectors(style):
        first = selector.split()[0]
        scoped = re.match(r"[A-Z]\w*Screen\b", first) or any(
            first.startswith("#") and name in own and name not in elsewhere for name in NAMES.findall(first)[:1]
        )
        if not scoped and set(NAMES.findall(selector)) & elsewhere:
            found.append(f"{style.name}: {selector}")
    return found


STYLES = sorted(path for path in SCREENS.glob("*.tcss") if path.stem not in SHARED_STYLES)


def test_the_check_sees_every_screen_style_and_a_leak():
    assert {"dashboard", "reflection", "onboarding", "settings"} <= {path.stem for path in STYLES}
    assert "notes" in names_used(SCREENS / "dashboard.py")
    # The rule that squeezed the dashboard, unscoped again, is caught.
    leaky = SCREENS / "reflection.tcss"
    assert "#notes" in leaky.read_text()
    assert any(sel.endswith("#notes") for sel in selectors(leaky))


@pytest.mark.parametrize("style", STYLES, ids=lambda path: path.name)
def test_screen_style_does_not_reach_other_screens(style: Path):
    assert leaks(style) == []


def test_leak_detection_flags_an_unscoped_rule(tmp_path, monkeypatch):
    fake = tmp_path / "screens"
    fake.mkdir()
    (fake / "reflection.py").write_text('TextArea(id="notes")')
    (fake / "dashboard.py").write_text('Static(id="notes")')
    (fake / "reflection.tcss").write_text("#notes {\n    height: 10;\n}\n")
    monkeypatch.setitem(globals(), "SCREENS", fake)
    assert leaks(fake / "reflection.tcss") == ["reflection.tcss: #notes"]
    (fake / "reflection.tcss").write_text("ReflectionScreen #notes {\n    height: 10;\n}\n")
    assert leaks(fake / "reflection.tcss") == []


async def test_dashboard_panels_keep_their_shape_after_other_screens(onboarded, data_dir, monkeypatch):
    from companion import clock
    from companion.notes import add_note

    monkeypatch.setenv("COMPANION_NOW", AFTER_SESSION)
    add_note(onboarded, "Ask about the design review", clock.now())
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        notes = app.screen.query_one("#notes", Static)
        actions = app.screen.query_one("#actions", Static)
        before = (notes.size, actions.size)
        await open_reflection(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        notes = app.screen.query_one("#notes", Static)
        actions = app.screen.query_one("#actions", Static)
        assert (notes.size, actions.size) == before
        assert notes.styles.height is None or notes.styles.height.is_auto
