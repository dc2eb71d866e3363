"""Date fields say what the text typed so far resolves to, as it is typed."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Input

from companion.models import Partnership, Session
from companion.store import Store
from screens.action_dialogs import ActionEditor
from screens.app import make_app
from screens.dialogs import TextDialog
from screens.session_dialogs import HoldDialog
from screens.widgets import DatePreview, describe_date_time
from tests.conftest import settle, shown_text
from tests.textual_speed import type_keys


async def retype(pilot, field: Input, text: str) -> None:
    field.focus()
    field.value = ""
    await type_keys(pilot, text)
    await pilot.pause()


async def test_date_fields_show_the_resolved_date_while_typing(onboarded: Store, data_dir, monkeypatch):
    monkeypatch.setenv("COMPANION_NOW", "2026-11-26T10:00:00")  # a Thursday
    app = make_app(store=onboarded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        partnership = onboarded.get(Partnership, 1)

        # A form row (an action item's due date).
        app.push_screen(ActionEditor(partnership))
        await settle(app, pilot)
        due, preview = app.screen.query_one("#due", Input), app.screen.query_one("#due-preview", DatePreview)
        await retype(pilot, due, "next friday")
        assert shown_text(preview) == "→ Fri 4 Dec 2026 · Friday of next week, in 8 days"
        await retype(pilot, due, "friday")
        assert shown_text(preview) == "→ Fri 27 Nov 2026 · tomorrow"
        await retype(pilot, due, "29 feb 2027")
        assert shown_text(preview) == "2027 is not a leap year, so February has 28 days"
        app.pop_screen()
        await settle(app, pilot)

        # A one-line dialog asking for a date and time (adding or moving a session).
        today, four_pm = datetime(2026, 11, 26).date(), datetime(2026, 11, 26, 16).time()
        app.push_screen(TextDialog("Add a session", preview=describe_date_time(today, four_pm)))
        await settle(app, pilot)
        field = app.screen.query_one("#dialog-input", Input)
        (preview,) = app.screen.query(DatePreview)
        await retype(pilot, field, "next fri 9am")
        assert shown_text(preview) == "→ Fri 4 Dec 2026 at 09:00 · Friday of next week, in 8 days"
        app.pop_screen()
        await settle(app, pilot)

        # Marking a session held: the preview starts from the time already in the field.
        held = Session(partnership_id=1, scheduled_at=datetime(2026, 11, 24, 16, 0))
        app.push_screen(HoldDialog(held, 45))
        await settle(app, pilot)
        (preview,) = app.screen.query(DatePreview)
        assert shown_text(preview) == "→ Tue 24 Nov 2026 at 16:00 · 2 days ago"
