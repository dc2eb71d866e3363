"""Reflecting with several partners: `4` lists the sessions waiting for a reflection, and
one not marked held asks whether it took place before anything opens."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.widgets import Label, OptionList, Static

from companion.models import Session, SessionState
from companion.sessions import hold_session, materialize
from companion.store import Store
from screens.app import make_app
from screens.reflect_choice import CandidatesDialog, TookPlaceDialog
from screens.reflection import ReflectionScreen
from screens.session_dialogs import SkipDialog
from tests.conftest import settle, shown_text
from tests.partners_helpers import with_partners

NOW = datetime(2026, 11, 24, 10, 0)


def listed(app) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [" ".join(str(options.get_option_at_index(i).prompt).split()) for i in range(options.option_count)]


async def test_the_list_across_partners_and_the_question_before_a_session_not_marked_held(
    onboarded: Store, data_dir: Path
):
    _, dana, zoe = with_partners(onboarded)
    hold_session(onboarded, materialize(onboarded, zoe, datetime(2026, 11, 19, 9, 0), NOW), now=NOW)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("go('dashboard')")
        await settle(app, pilot)
        banner = shown_text(app.screen.query_one("#reflect-banner", Static))
        assert "Thu 19 Nov at 09:00 with Zoë Adler while it is fresh" in banner  # not the current partner's

        await pilot.press("4")
        await settle(app, pilot)
        assert isinstance(app.screen, CandidatesDialog)
        assert listed(app) == [
            "Zoë Adler Thu 19 Nov 09:00 held",
            "Dana Ruiz Yesterday 12:00 not marked held",
            "Sam Tue 17 Nov 16:00 not marked held",
        ]
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TookPlaceDialog)
        question = shown_text(app.screen.query_one(Label))
        assert question == "Did your session with Dana Ruiz on Mon 23 Nov at 12:00 take place?"
        await pilot.press("k")  # no: skip it
        await settle(app, pilot)
        assert isinstance(app.screen, SkipDialog)
        await pilot.press(*"Sick", "enter", "down", "enter", "ctrl+s")
        await settle(app, pilot)
        (skipped,) = [s for s in Store(data_dir).open().all(Session) if s.partnership_id == dana.id]
        assert skipped.state is SessionState.SKIPPED and skipped.reflection is None

        await pilot.press("4")
        await settle(app, pilot)
        assert listed(app) == ["Zoë Adler Thu 19 Nov 09:00 held", "Sam Tue 17 Nov 16:00 not marked held"]
        await pilot.press("enter")  # held: opens at once
        await settle(app, pilot)
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.session.partnership_id == zoe.id
        assert "with Zoë Adler" in shown_text(app.screen.query_one("#reflection-head", Static))
