"""The goal, action item and new-partnership editors share one way of leaving: the
Cancel button (like Escape) closes an untouched form at once and asks before throwing
typed changes away."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from companion.models import Partnership
from screens.action_dialogs import ActionEditor
from screens.app import make_app
from screens.dialogs import ConfirmDialog
from screens.goal_dialogs import GoalEditor
from screens.partnership_dialog import PartnershipDialog
from tests.conftest import settle


def editors(store):
    partnership = store.all(Partnership)[0]
    return {
        "goal": (lambda: GoalEditor(partnership.id), "title"),
        "action": (lambda: ActionEditor(partnership), "text"),
        "partnership": (lambda: PartnershipDialog(), "partner_name"),
    }


@pytest.mark.parametrize("which", ["goal", "action", "partnership"])
async def test_cancel_button_closes_untouched_and_asks_when_typed(onboarded, data_dir, which):
    make, field = editors(onboarded)[which]
    app = make_app(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        results = []
        app.push_screen(make(), results.append)
        await pilot.pause()
        await pilot.click("#cancel")
        await pilot.pause()
        assert results == [None]

        dialog = make()
        app.push_screen(dialog, results.append)
        await pilot.pause()
        dialog.query_one(f"#{field}", Input).focus()
        await pilot.press(*"Jo")
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Discard" in app.screen.question
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one(f"#{field}", Input).value == "Jo"
        # A button ignores a click while it still shows the last one (a fifth of a second).
        await pilot.pause(dialog.query_one("#cancel", Button).active_effect_duration)
        await pilot.click("#cancel")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert results == [None, None]
