"""Sharing in the app: a partner's share previewed and imported from the Import dialog, its
items marked as theirs on the agenda, the share written from the agenda and the palette
(screens/share_dialog.py), and the dashboard's line about both (docs/share-format.md)."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Button, Input, Static

from companion import agenda_text
from companion.banks import load_banks
from companion.models import ActionItem, Goal, Owner, Partnership
from companion.notes import add_note
from companion.record_files import share_to_file
from companion.share_read import read_share
from companion.store import Store
from screens.agenda import AgendaScreen
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.dialogs import ConfirmDialog
from screens.import_dialog import ImportDialog
from screens.share_dialog import ShareDialog
from tests.conftest import settle, shown_text
from tests.share_helpers import NOW, two_folders
from tests.test_record_dialogs import messages, open_from_palette, type_path

SIZE = (80, 24)


def alex_shares(folder: Path, out: Path) -> Path:
    """Alex (the mentee) proposes an item, shares a goal and sets Sam an action item."""
    store = Store(folder).open()
    with store.transaction():
        store.add(Goal(partnership_id=1, title="Learn SQL", my_expectation="A query a week"))
        store.add(ActionItem(partnership_id=1, text="Send the article", owner=Owner.PARTNER))
    add_note(store, "Talk about the reorg", NOW)
    share_to_file(store, load_banks(None), store.all(Partnership)[0], out, NOW, replace=False)
    return out


def agenda_rows(screen: AgendaScreen) -> list[str]:
    rows = []
    for _, items in agenda_text.sections(screen.agenda):
        for item in items:
            partner = screen.prepared.partnership.partner_name
            rows.append(shown_text_of(screen.item_text(item, partner)))
    return rows


def shown_text_of(renderable) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


async def press_and_settle(app, pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(app, pilot)


async def test_import_a_share_see_it_on_the_agenda_and_share_back(tmp_path: Path):
    mentee, mentor = two_folders(tmp_path)
    share = alex_shares(mentee, Path.home() / "from-alex.md")
    sam = Store(mentor).open()
    with sam.transaction():
        sam.add(Goal(partnership_id=1, title="Leave my team", my_expectation="SECRET plan", private=True))
    app = make_app(mentor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert not app.screen.query_one("#share-line", Static).display  # neither has shared yet

        # Import: recognised as a share, previewed, then applied.
        await open_from_palette(app, pilot, "Import…")
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        robins = Path.home() / "for-robin.md"
        robins.write_text(share.read_text().replace('"name": "Sam"', '"name": "Robin"'))
        await type_path(pilot, robins)
        await press_and_settle(app, pilot, "enter")
        problem = shown_text(dialog.query_one("#dialog-error", Static)).strip()
        assert problem == "This share was meant for Robin, not for you. Nothing was imported."
        assert dialog.query_one("#import", Button).disabled
        await type_path(pilot, share)
        await press_and_settle(app, pilot, "enter")
        plan = shown_text(dialog.query_one("#import-plan", Static))
        assert "Agenda: adds Alex's item: Talk about the reorg" in plan, plan
        assert 'Goal "Learn SQL" is Alex\'s, not yours yet: tick “Add their goals” to add it.' in plan
        assert "Action item: adds Send the article" in plan
        assert "Nothing changes until you import." in plan
        assert dialog.query_one("#import-add-goals").display
        await pilot.click("#import-add-goals")
        await settle(app, pilot)
        assert 'Goal "Learn SQL": added from Alex\'s share.' in shown_text(dialog.query_one("#import-plan", Static))
        before = (mentor / "companion.json").read_bytes()
        assert Store(mentor).open().get(Partnership, 1).partner_share_at is None
        await press_and_settle(app, pilot, "ctrl+s")
        assert not isinstance(app.screen, ImportDialog)
        assert (mentor / "companion.json").read_bytes() != before
        assert "Learn SQL" in [g.title for g in Store(mentor).open().all(Goal)]
        assert [a.text for a in Store(mentor).open().all(ActionItem)] == ["Send the article"]
        assert messages(app)[-1].startswith("Share from Alex, made Tue 24 Nov 2026 10:00;")
        assert shown_text(app.screen.query_one("#share-line", Static)) == (
            "Not shared yet · Alex's share from today imported"
        )

        # The agenda marks Alex's item and says when their share arrived.
        await press_and_settle(app, pilot, "2")
        agenda = app.screen
        assert isinstance(agenda, AgendaScreen)
        assert "Alex's share from today imported" in shown_text(agenda.query_one("#agenda-head", Static))
        rows = agenda_rows(agenda)
        assert any("Talk about the reorg  from Alex" in row for row in rows), rows
        assert sum("from Alex" in row for row in rows) == 1

        # Share back from the agenda: written privately, readable, nothing private in it.
        await press_and_settle(app, pilot, "s")
        assert isinstance(app.screen, ShareDialog)
        default = Path(app.screen.query_one("#share-path", Input).value)
        assert default == Path.home() / "companion-share-alex-2026-11-24.md"
        out = Path.home() / "to-alex.md"
        await type_path(pilot, out)
        await press_and_settle(app, pilot, "enter")
        assert isinstance(app.screen, AgendaScreen)
        assert out.stat().st_mode & 0o777 == 0o600
        assert messages(app)[-1] == f"Shared with Alex in {out}."
        written = read_share(out)
        assert written.from_name == "Sam Ortiz" and written.to_name == "Alex"
        assert "SECRET" not in out.read_text() and "Leave my team" not in out.read_text()
        assert Store(mentor).open().get(Partnership, 1).last_shared_at == NOW

        # The same file from the palette: replaced only once confirmed.
        await open_from_palette(app, pilot, "Share with partner…")
        await type_path(pilot, out)
        await press_and_settle(app, pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await press_and_settle(app, pilot, "n")
        assert isinstance(app.screen, ShareDialog)
        await press_and_settle(app, pilot, "escape", "y")  # what was typed is dropped once asked
        assert isinstance(app.screen, AgendaScreen)

        await press_and_settle(app, pilot, "1")
        assert shown_text(app.screen.query_one("#share-line", Static)) == (
            "You shared today · Alex's share from today imported"
        )

        # The same share again changes nothing and cannot be imported.
        settled = (mentor / "companion.json").read_bytes()
        await open_from_palette(app, pilot, "Import…")
        await type_path(pilot, share)
        await press_and_settle(app, pilot, "enter")
        plan = shown_text(app.screen.query_one("#import-plan", Static))
        assert "Nothing new: everything in it is already here." in plan
        assert app.screen.query_one("#import", Button).disabled
        await press_and_settle(app, pilot, "ctrl+s")
        assert (mentor / "companion.json").read_bytes() == settled
