"""The agenda screen with real keys: items of several lines, time box and privacy when
adding, one minute per +/− press, whole prompts in the find dialog, and a small terminal."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Checkbox, Input, OptionList, TextArea

from companion import agenda_edits
from companion.banks import load_banks
from companion.models import Session
from companion.store import Store
from screens.agenda import AgendaScreen
from screens.agenda_dialogs import AgendaItemDialog
from screens.app import make_app
from screens.dialogs import ConfirmDialog, PickDialog
from tests.conftest import settle

THREE_LINES = "Show the CI dashboard\n- flaky tests\n- build times"
BANKS = load_banks()


async def open_agenda(app, pilot) -> AgendaScreen:
    await pilot.pause()
    await app.run_action("go('agenda')")
    await settle(app, pilot)
    assert isinstance(app.screen, AgendaScreen) and app.screen.prepared is not None
    return app.screen


def stored_items(data_dir: Path):
    (session,) = Store(data_dir).open().all(Session)
    return session.agenda.items


def option_lines(options: OptionList) -> dict[str, list[str]]:
    """The lines each option shows at the list's present width, as the list draws them."""
    style = options.get_visual_style("option-list--option")
    shown: dict[str, list[str]] = {}
    options._update_lines()
    for y, (index, _) in enumerate(options._lines):
        option_id = options.get_option_at_index(index).id or f"#{index}"
        shown.setdefault(option_id, []).append(options._get_line(style, y).text)
    return shown


async def test_a_pasted_item_of_three_lines_keeps_them_with_its_minutes_and_privacy(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AgendaItemDialog)
        assert dialog.query_one("#item-minutes", Input).value == "5", "today's default time box"
        app.post_message(events.Paste(THREE_LINES))  # as a terminal delivers a paste
        await pilot.pause()
        assert dialog.query_one("#item-text", TextArea).text == THREE_LINES
        await pilot.press("escape")  # something was typed: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        dialog.query_one("#item-minutes", Input).focus()
        await pilot.press("backspace", "4", "1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog, "41 minutes leave one of the other items no minute"
        assert "from 1 to" in str(dialog.query_one("#item-minutes-error").content)
        await pilot.press("backspace", "backspace", "1", "0", "tab", "space", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        added = next(i for i in screen.agenda.items if i.text == THREE_LINES)
        assert (added.minutes, added.private) == (10, True)
        assert sum(i.minutes for i in screen.agenda.items) == 45
        shown = option_lines(screen.query_one("#agenda-items", OptionList))[added.id]
        assert [line.strip() for line in shown[:3]] == [
            "10 min Show the CI dashboard",
            "- flaky tests",
            "- build times  private",
        ]

        await pilot.press("enter")  # edit: every line comes back, and a fourth is added
        await pilot.pause()
        area = app.screen.query_one("#item-text", TextArea)
        assert area.text == THREE_LINES
        await pilot.press("enter", *"- deploys", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("v", "c")  # shared again, and copied
        await settle(app, pilot)
        assert "(10 min)  \n  - flaky tests  \n  - build times  \n  - deploys\n" in app.clipboard
    assert next(i for i in stored_items(data_dir) if i.id == added.id).text == THREE_LINES + "\n- deploys"


async def test_plus_plus_minus_moves_the_item_one_minute_like_a_single_plus(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(app, pilot)
        before = screen.agenda
        first = before.items[0]
        await pilot.press("plus", "plus", "minus")
        await settle(app, pilot)
        expected = agenda_edits.nudge(before, first.id, 1).result
        assert [i.minutes for i in screen.agenda.items] == [i.minutes for i in expected.items]
        assert screen.agenda.items[0].minutes == first.minutes + 1
        for _ in range(first.minutes + 1):
            await pilot.press("minus")
        await settle(app, pilot)
        assert screen.agenda.items[0].minutes == 1, "refused below one minute"
        assert any("shorter than one minute" in n.message for n in app._notifications)
    assert [i.minutes for i in stored_items(data_dir)] == [i.minutes for i in screen.agenda.items]


async def test_find_shows_every_word_of_each_prompt_at_80_and_40_columns(onboarded: Store, data_dir: Path):
    texts = {prompt.id: prompt.text for prompt in BANKS.prompts.values()}
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(app, pilot)
        for width, height in ((80, 24), (40, 20)):
            await pilot.resize_terminal(width, height)
            await pilot.press("f")
            await pilot.pause()
            assert isinstance(app.screen, PickDialog)
            # Narrowing the search and widening it again brings back the scrollbar.
            await pilot.press(*"energy", *["backspace"] * 6)
            await pilot.pause()
            options = app.screen.query_one("#dialog-options", OptionList)
            shown = option_lines(options)
            assert len(shown) == options.option_count > 20
            for prompt_id, lines in shown.items():
                assert texts[prompt_id].split()[-1] in lines[-1].split(), (width, prompt_id, lines)
            await pilot.press("escape")
            await pilot.pause()


async def test_the_list_stays_in_sight_at_40_by_12(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_agenda(app, pilot)
        items, keys = screen.query_one("#agenda-items"), screen.query_one("#agenda-keys")
        assert items.content_region.height >= 10 and keys.display
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert items.content_region.height >= 3, "a few rows of the list at least"
        assert not keys.display, "the footer has the keys"
        assert screen.query_one("#agenda-head").region.bottom <= items.region.y
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.query_one("#dialog-options").content_region.height >= 3
        await pilot.press("escape", "n")
        await pilot.pause()
        area = app.screen.query_one("#item-text", TextArea)
        assert area.region.height >= 3 and app.focused is area
        assert app.screen.query_one("#item-private", Checkbox)
