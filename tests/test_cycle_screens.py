"""The end of a cycle on screen, with real keys at 80×24: the dashboard says the cycle
ends and names the key; the key opens the summary (nothing private until `p`), and `n`,
after a confirmation, starts the next cycle, which the data file shows; the settings
button asks again but does not start a second cycle the same day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from textual.widgets import Button, Markdown, Static

from companion.models import Cycle, Goal, Partnership
from companion.store import Store
from screens.app import make_app
from screens.commands import global_commands
from screens.cycle_dialog import CycleSummaryDialog
from screens.dashboard import DashboardScreen
from screens.dialogs import ConfirmDialog
from tests.conftest import settle, shown_text

SIZE = (80, 24)
TODAY = date(2026, 11, 24)  # the frozen clock


def summary_shown(app) -> str:
    return app.screen.query_one("#cycle-summary", Markdown).source


async def test_the_review_day_key_shows_the_summary_and_starts_a_new_cycle(onboarded: Store, data_dir: Path):
    partnership = onboarded.get(Partnership, 1)
    assert partnership is not None
    onboarded.update(Partnership, 1, cycle=replace(partnership.current_cycle, review_on=TODAY))
    onboarded.add(Goal(partnership_id=1, title="Learn SQL", self_assessment_start=2))
    onboarded.add(Goal(partnership_id=1, title="Quietly hoping", private=True))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        review = str(app.screen.query_one("#next-session", Static).border_subtitle)
        assert "]Cycle 1 ends today · c: summary[" in review
        names = [command.name for command in global_commands(app, app.screen)]
        assert "Cycle summary…" in names and "Start a new cycle" in names

        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CycleSummaryDialog)
        shared = summary_shown(app)
        assert shared.startswith("# Cycle 1 with Sam") and "Learn SQL" in shared and "Quietly" not in shared
        await pilot.press("p")
        await settle(app, pilot)
        assert "Quietly hoping" in summary_shown(app)

        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.question)
        assert "Start cycle 2 today" in question and "2 active goals stay active" in question
        await pilot.press("y")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        review = str(app.screen.query_one("#next-session", Static).border_subtitle)
        assert "]Review of this cycle: Wed 24 Feb 2027[" in review

        await app.run_action("go('settings')")  # settings starts one any time; not twice a day
        await settle(app, pilot)
        assert "Cycle 2, 3 months" in shown_text(app.screen.query_one("#agreement-summary", Static))
        app.screen.query_one("#new-cycle", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        assert "Cycle 2, 3 months" in shown_text(app.screen.query_one("#agreement-summary", Static))

    stored = Store(data_dir).open().get(Partnership, 1)
    assert stored is not None
    assert stored.past_cycles == [replace(Cycle.first(date(2026, 11, 3)), review_on=TODAY)]
    assert stored.current_cycle == Cycle(number=2, start=TODAY, months=3, review_on=date(2027, 2, 24))
