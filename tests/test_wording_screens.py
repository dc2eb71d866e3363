"""Wording as the app shows it: a passed session named naturally, where the notes went once
none are left, and the demo's notice in the header."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Static

from companion.models import Note, Reflection, Session, SessionState
from companion.store import Store
from screens.app import DEMO_NOTICE, make_app
from screens.dashboard import DashboardScreen
from tests.conftest import settle, shown_text


async def test_dashboard_names_the_passed_session_and_where_notes_went_and_keeps_the_demo_notice(
    onboarded: Store, data_dir, monkeypatch
):
    monkeypatch.setenv("COMPANION_NOW", "2026-11-24T18:00:00")  # today's 16:00 session is over
    last_week = datetime(2026, 11, 17, 16, 0)
    held = onboarded.add(
        Session(
            partnership_id=1,
            scheduled_at=last_week,
            slot=last_week,
            state=SessionState.HELD,
            held_at=last_week,
            duration_minutes=45,
            # Reflected on: a held session still waiting would be offered first.
            reflection=Reflection(learned="Trains", value=4, candour=4, is_draft=False, written_at=last_week),
        )
    )
    onboarded.add(
        Note(
            partnership_id=1,
            text="Ask about the release train",
            created_at=datetime(2026, 11, 12, 9, 0),
            done_at=last_week,
            session_id=held.id,
        )
    )
    app = make_app(store=onboarded, demo_mode=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        banner = shown_text(app.screen.query_one("#reflect-banner", Static))
        assert banner.startswith("Today's session at 16:00 has passed: press 4 to reflect on it")
        assert " of " not in banner
        notes = shown_text(app.screen.query_one("#notes", Static))
        assert "All notes so far were brought up in the session on Tue 17 Nov at 16:00." in notes
        assert "Nothing captured yet" not in notes
        # The partner's name joins the demo's notice instead of replacing it.
        assert app.sub_title == f"{DEMO_NOTICE} · with Sam"
