"""The goals and action items tables answer Home and End as the sessions list does: the
first and the last row (screens/records.py, `RecordTable`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from companion.actions import add_action
from companion.goals import save_goal
from companion.models import Goal
from companion.store import Store
from screens.app import make_app
from screens.records import RecordTable
from tests.conftest import settle

NOW = datetime(2026, 11, 24, 9, 0)


async def test_home_and_end_go_to_the_first_and_last_rows_of_goals_and_actions(onboarded: Store, data_dir: Path):
    for n in range(12):
        add_action(onboarded, 1, f"Action {n}", now=NOW)
        save_goal(onboarded, Goal(partnership_id=1, title=f"Goal {n}"), NOW)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        for place in ("actions", "goals"):
            await app.run_action(f"go('{place}')")
            await settle(app, pilot)
            table = app.screen.query_one(RecordTable)
            assert table.row_count == 12 and table.cursor_row == 0
            await pilot.press("end")
            assert table.cursor_row == 11, place
            await pilot.press("home")
            assert table.cursor_row == 0, place
