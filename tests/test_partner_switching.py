"""Switching partner (docs/keys.md, "Switching partner"): the next partnership in order,
from the core, and `9` from every screen of a real app, with three partnerships in one
store. The palette, the progress screen's tabs and the settings form are in
tests/test_partner_switching_places.py."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from textual import events
from textual.widgets import Input, OptionList, Static, TextArea

from companion import clock
from companion.goals import save_goal
from companion.models import Goal, Partnership, Session
from companion.partnerships import (
    add_partnership,
    current_partnership,
    next_partnership,
    partnership_position,
    switch_partnership,
)
from companion.sessions import hold_session
from companion.store import Store
from screens.agenda import AgendaScreen
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.goals import GoalsScreen
from screens.partner_switch import ONLY_ONE
from screens.progress import ProgressScreen
from screens.reflect_choice import CandidatesDialog
from screens.reflection import ReflectionScreen
from screens.sessions import SessionsScreen
from screens.settings import SettingsScreen
from tests.conftest import make_partnership, settle, shown_text
from tests.textual_speed import type_keys

SIZE = (60, 16)
NAMES = ["Sam", "Dana Ruiz", "Kim Lee"]  # the onboarded fixture's partner first


def add_two_partners(store: Store) -> list[Partnership]:
    """Dana and Kim after Sam: all three meet on Tuesdays, so each has a session that has
    just passed to reflect on."""
    now = clock.now()
    return [
        add_partnership(store, make_partnership(partner_name=name, start_date=date(2026, 6, 2)), now)
        for name in NAMES[1:]
    ]


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


def current_name(app) -> str:
    partnership = current_partnership(app.store)
    assert partnership is not None
    return partnership.partner_name


# --- the core ----------------------------------------------------------------------------


def test_the_next_partnership_follows_the_list_and_wraps_around(onboarded: Store):
    assert next_partnership(onboarded) is None, "one partnership has no next"
    dana, kim = add_two_partners(onboarded)
    assert next_partnership(onboarded).id == dana.id
    assert next_partnership(onboarded, dana.id).id == kim.id
    assert next_partnership(onboarded, kim.id).id == 1
    switch_partnership(onboarded, kim.id)
    assert next_partnership(onboarded).id == 1
    assert partnership_position(onboarded, dana.id) == (2, 3)
    assert partnership_position(onboarded, 99) == (0, 3)


# --- the app --------------------------------------------------------------------------------


async def press_9_and_check(app, pilot, screen_type: type, expected: str) -> None:
    await pilot.press("9")
    await settle(app, pilot)
    assert current_name(app) == expected
    assert app.sub_title == f"with {expected}", "the header names the new partner"
    assert isinstance(app.screen, screen_type)
    assert app.screen.sub_title is None or expected in app.screen.sub_title


async def test_9_switches_from_every_screen_and_each_shows_the_new_partner(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("9")
        await settle(app, pilot)
        assert messages(app)[-1] == ONLY_ONE
        assert current_name(app) == "Sam"

        dana, kim = add_two_partners(app.store)
        save_goal(app.store, Goal(partnership_id=kim.id, title="Learn how Kim reviews"), clock.now())
        app.refresh_screens()
        await press_9_and_check(app, pilot, DashboardScreen, "Dana Ruiz")
        assert messages(app)[-1] == "Now with Dana Ruiz (2 of 3)"
        assert "Dana Ruiz" in shown_text(app.screen.query_one("#next-session", Static))

        await app.run_action("go('agenda')")
        await settle(app, pilot)
        await press_9_and_check(app, pilot, AgendaScreen, "Kim Lee")
        assert app.screen.prepared.partnership.id == kim.id
        assert "Kim Lee" in shown_text(app.screen.query_one("#agenda-head", Static))

        await app.run_action("go('sessions')")
        await settle(app, pilot)
        await press_9_and_check(app, pilot, SessionsScreen, "Sam")
        assert messages(app)[-1] == "Now with Sam (1 of 3)", "after the last comes the first"
        assert "Sessions with Sam," in shown_text(app.screen.query_one("#sessions-head", Static))

        await app.run_action("go('actions')")
        await settle(app, pilot)
        await press_9_and_check(app, pilot, type(app.screen), "Dana Ruiz")
        assert app.screen.partnership.id == dana.id

        await app.run_action("go('goals')")
        await settle(app, pilot)
        assert app.screen.goals == []
        await press_9_and_check(app, pilot, GoalsScreen, "Kim Lee")
        assert [goal.title for goal in app.screen.goals] == ["Learn how Kim reviews"]

        await app.run_action("go('progress')")
        await settle(app, pilot)
        await press_9_and_check(app, pilot, ProgressScreen, "Sam")
        assert app.screen.viewed_id == 1

        await app.run_action("go('settings')")
        await settle(app, pilot)
        app.screen.query_one("#partnership-list").focus()  # from the form's first field, 9 is typed
        await press_9_and_check(app, pilot, SettingsScreen, "Dana Ruiz")
        assert "Dana Ruiz" in shown_text(app.screen.query_one("#partnership-title", Static))
        assert app.screen.query_one("#partner_name", Input).value == "Dana Ruiz"
        for _ in range(2):  # two presses at once: the second, while the first saves, waits its turn
            app._driver.send_message(events.Key("9", "9"))
        await settle(app, pilot)
        assert current_name(app) == "Sam" and app.sub_title == "with Sam"
        assert messages(app)[-2:] == ["Now with Kim Lee (3 of 3)", "Now with Sam (1 of 3)"]


def hold_last_sessions(store: Store) -> None:
    """Each partner's session of Tue 17 Nov 16:00 held, so that each waits for a reflection."""
    moment = datetime(2026, 11, 17, 16, 0)
    for partnership_id in (1, 2, 3):
        hold_session(store, Session(partnership_id=partnership_id, scheduled_at=moment, slot=moment), now=clock.now())


async def test_9_is_typed_in_a_field_and_a_reflection_draft_survives_a_switch(onboarded: Store, data_dir: Path):
    add_two_partners(onboarded)
    hold_last_sessions(onboarded)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("go('reflect')")
        await settle(app, pilot)
        assert isinstance(app.screen, CandidatesDialog), "three partners wait for a reflection"
        options = app.screen.query_one(OptionList)
        options.highlighted = next(
            i for i in range(options.option_count) if "Sam" in str(options.get_option_at_index(i).prompt)
        )
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReflectionScreen) and screen.session.partnership_id == 1
        assert screen.sub_title == "with Sam"
        await type_keys(pilot, "Pairing with 9 people")  # the reflection's first field has the focus
        screen.query_one("#tags", Input).focus()
        await pilot.press("9")
        await settle(app, pilot)
        assert screen.query_one("#tags", Input).value == "9", "a 9 typed in a field stays in it"
        assert current_name(app) == "Sam" and app.screen is screen

        screen.set_focus(None)
        await press_9_and_check(app, pilot, ReflectionScreen, "Dana Ruiz")
        dana_screen = app.screen
        assert dana_screen is not screen, "Dana's reflection opens in place of Sam's"
        assert dana_screen.session.partnership_id == 2
        assert dana_screen.query_one("#learned", TextArea).text == ""
        dana_screen.set_focus(None)
        await press_9_and_check(app, pilot, ReflectionScreen, "Kim Lee")
        app.screen.set_focus(None)
        await press_9_and_check(app, pilot, ReflectionScreen, "Sam")
        assert app.screen.query_one("#learned", TextArea).text == "Pairing with 9 people"
        assert app.screen.query_one("#tags", Input).value == "9"
