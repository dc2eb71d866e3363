"""Marking a lesson that came back, from the agenda screen with real keys: the answer is
in the data file, with the reflection the lesson came from (docs/learning-loop.md)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from textual.widgets import OptionList

from companion import lessons
from companion.models import Partnership, Session
from companion.reflections import finish_reflection
from companion.sessions import stored_session
from companion.store import Store
from screens.app import make_app
from screens.dialogs import PickDialog
from tests.conftest import settle


async def test_marking_a_returning_lesson_applied_is_stored_with_its_reflection(onboarded: Store, data_dir: Path):
    # Held last Tuesday (frozen clock: Tue 24 Nov 2026), reflected on the same day: due today.
    (partnership,) = onboarded.all(Partnership)
    slot = datetime(2026, 11, 17, 16, 0)
    planned = Session(partnership_id=partnership.id or 0, scheduled_at=slot, slot=slot)
    held = stored_session(onboarded, planned, datetime(2026, 11, 17, 18, 0))
    assert held.id is not None
    finish_reflection(
        onboarded, held.id, now=datetime(2026, 11, 17, 18, 0), learned="Ask for the why first", value=4, candour=4
    )
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await settle(app, pilot)
        screen = app.screen
        item = next(i for i in screen.agenda.items if i.source == lessons.SOURCE)
        assert item.text == "A lesson from 17 Nov: “Ask for the why first” — still true, applied, or let go?"
        options = screen.query_one("#agenda-items", OptionList)
        await pilot.press("end")
        await pilot.pause()
        assert options.highlighted_option is not None and options.highlighted_option.id == item.id
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press(*"appl", "enter")
        await settle(app, pilot)
        assert app.screen is screen
    sessions = json.loads((data_dir / "companion.json").read_text())["sessions"]
    (marked,) = sessions[str(held.id)]["reflection"]["lesson_returns"]
    assert marked["verdict"] == "applied" and marked["text"] == "Ask for the why first"
    assert marked["on"] == "2026-11-24" and marked["session_id"] != held.id
