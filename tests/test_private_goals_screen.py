"""A private goal set with real key presses: ticked in the editor, saved, and marked on
the goals screen after a restart (docs/trust.md, "Private stays private")."""

from __future__ import annotations

from pathlib import Path

from companion.models import Goal
from companion.store import Store
from screens.app import make_app
from screens.goals import GoalEditor, GoalsScreen
from screens.widgets import TickBox
from tests.conftest import settle
from tests.test_goals_screen import fill, open_goals, rows

SIZE = (80, 24)


async def test_a_goal_ticked_private_is_saved_and_marked_after_a_restart(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, GoalEditor)
        await fill(pilot, "title", "Ask for a raise")
        tick = app.screen.query_one("#goal-private", TickBox)
        assert tick.value is False
        tick.focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, GoalsScreen)
    (goal,) = Store(data_dir).open().all(Goal)
    assert goal.private is True
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_goals(again, pilot)
        assert rows(screen) == ["private Ask for a raise"]
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(again.screen, GoalEditor)
        assert again.screen.query_one("#goal-private", TickBox).value is True
