"""The agenda screen, driven with key presses; every change must be on disk at once."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, TextArea

from companion import agenda_text
from companion.banks import load_banks
from companion.models import Section, Session
from companion.store import Store
from screens.agenda import AgendaScreen
from screens.agenda_dialogs import AgendaItemDialog
from screens.app import make_app
from screens.dialogs import ConfirmDialog, PickDialog, TextDialog
from tests.conftest import settle
from tests.textual_speed import type_keys

SIZE = (100, 40)
BANKS = load_banks()


async def open_agenda(app, pilot) -> AgendaScreen:
    await pilot.pause()
    await pilot.press("2")  # the agenda's own digit: real key presses still go places
    await settle(app, pilot)
    assert isinstance(app.screen, AgendaScreen)
    assert app.screen.prepared is not None
    return app.screen


def stored_agenda(data_dir: Path):
    (session,) = Store(data_dir).open().all(Session)
    return session.agenda


async def highlight(screen: AgendaScreen, pilot, item_id: str) -> None:
    options = screen.query_one("#agenda-items", OptionList)
    options.highlighted = options.get_option_index(item_id)
    await pilot.pause()


async def test_dashboard_key_opens_a_full_agenda_that_is_saved(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        agenda = screen.agenda
        assert [s for s, _ in agenda_text.sections(agenda)][0] is Section.CHECK_IN
        assert sum(i.minutes for i in agenda.items) == 45
        assert "Not ready" in str(screen.query_one("#agenda-head").content)
    assert stored_agenda(data_dir) == agenda


async def test_reopening_shows_the_same_agenda(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        first = (await open_agenda(app, pilot)).agenda
        await pilot.press("escape")
        await settle(app, pilot)
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        assert (await open_agenda(again, pilot)).agenda == first


async def test_reroll_replaces_the_highlighted_prompt_and_saves(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        target = next(i for i in screen.agenda.items if i.section is Section.EXPLORE)
        await highlight(screen, pilot, target.id)
        await pilot.press("r")
        await settle(app, pilot)
        new = next(i for i in screen.agenda.items if i.id == target.id)
        assert new.ref != target.ref and BANKS.prompts[new.ref].section == "explore"
    assert next(i for i in stored_agenda(data_dir).items if i.id == target.id).ref == new.ref


async def test_find_picks_a_replacement_from_a_searchable_list(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        on_agenda = {item.ref for item in screen.agenda.items}
        wanted = next(  # the list offers only prompts not already on the agenda
            p
            for p in BANKS.prompts.values()
            if p.bank == "engineer" and p.fits("mentee") and p.section == "explore" and p.id not in on_agenda
        )
        words = " ".join(wanted.text.split()[:6])
        target = next(i for i in screen.agenda.items if i.section is Section.EXPLORE and i.ref != wanted.id)
        await highlight(screen, pilot, target.id)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await type_keys(pilot, words)
        await pilot.pause()
        assert app.screen.query_one("#dialog-options", OptionList).option_count >= 1
        await pilot.press("enter")
        await settle(app, pilot)
        assert next(i for i in screen.agenda.items if i.id == target.id).ref == wanted.id
    assert next(i for i in stored_agenda(data_dir).items if i.id == target.id).text == wanted.text


async def test_add_edit_and_delete_an_item(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        count = len(screen.agenda.items)
        await pilot.press("n")
        await pilot.pause()
        await type_keys(pilot, "Show the new CI dashboard")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        added = next(i for i in screen.agenda.items if i.text == "Show the new CI dashboard")
        assert len(screen.agenda.items) == count + 1 and sum(i.minutes for i in screen.agenda.items) == 45
        assert stored_agenda(data_dir).items == screen.agenda.items

        await highlight(screen, pilot, added.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaItemDialog)
        app.screen.query_one(TextArea).text = ""
        await type_keys(pilot, "Show the CI dashboard and the flaky tests")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert any(i.text == "Show the CI dashboard and the flaky tests" for i in stored_agenda(data_dir).items)

        await highlight(screen, pilot, added.id)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert all(i.id != added.id for i in screen.agenda.items)
    stored = stored_agenda(data_dir)
    assert len(stored.items) == count and sum(i.minutes for i in stored.items) == 45


async def test_escape_in_the_delete_question_keeps_the_item(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        count = len(screen.agenda.items)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(screen.agenda.items) == count


async def test_move_reorders_and_time_box_changes_rebalance(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        first = screen.agenda.items[0]
        await highlight(screen, pilot, first.id)
        await pilot.press("plus", "plus")
        await settle(app, pilot)
        assert screen.agenda.items[0].minutes == first.minutes + 2
        await pilot.press("minus")
        await settle(app, pilot)
        assert screen.agenda.items[0].minutes == first.minutes + 1
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press(*"12", "enter")
        await settle(app, pilot)
        assert screen.agenda.items[0].minutes == 12
        assert sum(i.minutes for i in screen.agenda.items) == 45

        await pilot.press("shift+down")  # past the end of check-in: joins the goals section
        await settle(app, pilot)
        moved = next(i for i in screen.agenda.items if i.id == first.id)
        assert moved.section is Section.GOALS
    stored = stored_agenda(data_dir)
    assert next(i for i in stored.items if i.id == first.id).section is Section.GOALS
    assert next(i for i in stored.items if i.id == first.id).minutes == 12


async def test_time_box_out_of_range_is_refused_in_the_dialog(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        before = screen.agenda
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press(*"400", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert "from 1 to" in str(app.screen.query_one("#dialog-error").content)
        await pilot.press("escape")
        await settle(app, pilot)
        assert screen.agenda == before


async def test_private_and_ready_are_saved_and_shown(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        first = screen.agenda.items[0]
        await highlight(screen, pilot, first.id)
        await pilot.press("v", "m")
        await settle(app, pilot)
        assert "Ready" in str(screen.query_one("#agenda-head").content)
    stored = stored_agenda(data_dir)
    assert stored.items[0].private and stored.ready_at is not None
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Agenda ready" in str(again.screen.query_one("#next-session").content)
        screen = await open_agenda(again, pilot)
        await pilot.press("m")
        await settle(again, pilot)
    assert stored_agenda(data_dir).ready_at is None


async def test_copy_puts_the_shared_markdown_on_the_clipboard(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        secret = screen.agenda.items[0]
        await highlight(screen, pilot, secret.id)
        await pilot.press("v", "c")
        await settle(app, pilot)
        assert app.clipboard.startswith("# Session with Sam")
        assert secret.text not in app.clipboard
        assert screen.agenda.items[1].text in app.clipboard


async def test_save_as_markdown_writes_the_file_and_asks_before_replacing(
    onboarded: Store, data_dir: Path, tmp_path: Path
):
    target = tmp_path / "shared" / "agenda.md"
    target.parent.mkdir()
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_agenda(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value.endswith("agenda-sam-2026-11-24.md")
        field.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert target.read_text().startswith("# Session with Sam")
        target.write_text("keep me")
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(app, pilot)
        assert target.read_text() == "keep me"
        assert isinstance(app.screen, AgendaScreen)


async def test_a_broken_user_bank_is_reported_and_the_agenda_still_works(onboarded: Store, data_dir: Path):
    from companion.paths import user_prompts_dir

    folder = user_prompts_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[bank]\nname = "engineer"\n\n[[prompt]]\nid = "oops"\nstance = "boss"\nsection = "explore"\ntext = "x"\n'
    )
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("mine.toml, line 4" in m and "stance" in m for m in messages)
        assert sum(i.minutes for i in screen.agenda.items) == 45
        assert "oops" not in {i.ref for i in screen.agenda.items}


async def test_footer_shows_the_agenda_keys_once_it_is_loaded(onboarded: Store, data_dir: Path):
    from textual.widgets._footer import FooterKey

    def footer_keys() -> set[str]:
        return {key.description for key in app.screen.query(FooterKey)}

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agenda(app, pilot)
        # As on a first build in a real terminal: the list already has focus when the
        # agenda arrives, so focusing it again does not refresh the footer by itself.
        screen.prepared = None
        screen.refresh_bindings()
        await pilot.pause()
        assert "Reroll" not in footer_keys()
        screen.load(app.banks)
        await settle(app, pilot)
        assert {"Add", "Reroll", "Find", "Ready"} <= footer_keys()
