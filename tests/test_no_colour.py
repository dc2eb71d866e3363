"""With NO_COLOR set, every tick and choice still reads right: ticked and unticked boxes
differ in their glyph, not only in colour (screens/widgets.py, `TickBox`, `TickList`,
`ChoiceButton`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import RadioSet, Tab

from companion.models import Agenda, AgendaItem, Partnership, Section, Session
from companion.store import Store
from screens.action_dialogs import ActionEditor
from screens.app import make_app
from screens.session_dialogs import HoldDialog, SkipDialog
from screens.widgets import FilterTabs, TickBox, TickList
from tests.conftest import settle

LAST_WEEK = datetime(2026, 11, 17, 16, 0)


def line_text(widget, y: int) -> str:
    return widget.render_line(y).text


async def test_ticks_and_choices_differ_without_colour(
    onboarded: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NO_COLOR", "1")
    items = [
        AgendaItem(id=f"i{n}", section=Section.EXPLORE, text=text, minutes=10)
        for n, text in enumerate(("Covered one", "Not reached"))
    ]
    agenda = Agenda(items=items)
    session = Session(partnership_id=1, scheduled_at=LAST_WEEK, slot=LAST_WEEK, agenda=agenda)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await pilot.pause()
        app.push_screen(HoldDialog(session, 45))
        await pilot.pause()
        ticks = app.screen.query_one(TickList)
        ticks.deselect(agenda.items[1].id)
        await pilot.pause()
        covered, missed = line_text(ticks, 0), line_text(ticks, 1)
        assert "X" in covered[:4] and "X" not in missed[:4], (covered, missed)
        app.pop_screen()

        app.push_screen(ActionEditor(onboarded.get(Partnership, 1)))
        await pilot.pause()
        private = app.screen.query_one(TickBox)
        unticked = private.render().plain
        private.value = True
        await pilot.pause()
        assert private.render().plain != unticked and "X" in private.render().plain
        app.pop_screen()

        app.push_screen(SkipDialog())
        await pilot.pause()
        answers = list(app.screen.query_one(RadioSet).query("ChoiceButton"))
        before = [button.render().plain for button in answers]
        answers[0].value = True
        await pilot.pause()
        after = [button.render().plain for button in answers]
        assert before[0] != after[0] and "●" in after[0] and "●" not in after[1]


async def test_the_filter_in_force_is_marked_by_a_glyph(onboarded: Store, data_dir: Path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for place, first_active in (("goals", "Active"), ("actions", "Open")):
            await app.run_action(f"go('{place}')")
            await settle(app, pilot)
            tabs = app.screen.query_one(FilterTabs)
            labels = [tab.label.plain for tab in tabs.query(Tab)]
            assert f"● {first_active}" in labels and sum(label.startswith("●") for label in labels) == 1, labels
            await pilot.press("f")
            await pilot.pause()
            after = [tab.label.plain for tab in tabs.query(Tab)]
            assert f"○ {first_active}" in after and sum(label.startswith("●") for label in after) == 1, after
