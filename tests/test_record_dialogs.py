"""Export and import from the app (screens/export_dialog.py, screens/import_dialog.py):
reached from the palette and from settings, written and read through the same core
functions as the command line (companion/record_files.py)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Button, DataTable, Input, Static

from companion import clock
from companion.export import export_json
from companion.goals import save_goal
from companion.models import ActionItem, Goal, Partnership, Profile
from companion.store import Store
from screens.app import make_app
from screens.dialogs import ConfirmDialog
from screens.export_dialog import ExportDialog
from screens.goals import GoalsScreen
from screens.import_dialog import ImportDialog
from screens.settings import SettingsScreen
from tests.conftest import complete_onboarding, make_partnership, settle, shown_text
from tests.test_palette import listed
from tests.textual_speed import type_keys

SIZE = (80, 24)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def open_from_palette(app, pilot, name: str) -> None:
    entries = await listed(app, pilot, name)
    assert entries[0] == name, entries
    await pilot.press("enter")
    await settle(app, pilot)


async def type_path(pilot, path: Path) -> None:
    """Type a path as a person would: one in the home folder from `~`, which is also far
    fewer keys than a temporary folder's whole path."""
    home = Path.home()
    typed = f"~/{path.relative_to(home)}" if path.is_relative_to(home) else str(path)
    await pilot.press("end", "ctrl+u")
    await type_keys(pilot, typed)


async def test_export_from_the_palette_writes_each_format_privately_and_asks_before_replacing(
    onboarded: Store, data_dir: Path, tmp_path: Path
):
    onboarded.add(ActionItem(partnership_id=1, text="SECRET action", private=True))
    onboarded.add(ActionItem(partnership_id=1, text="Shared action"))
    backup = Path.home() / "out" / "backup.json"
    backup.parent.mkdir()
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_from_palette(app, pilot, "Export…")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path_field = dialog.query_one("#export-path", Input)
        today = clock.today().isoformat()
        assert Path(path_field.value) == Path.home() / f"companion-journal-{today}.md"
        await pilot.press("shift+tab", "shift+tab", "j")  # the format, picked by its first letter
        assert Path(path_field.value) == Path.home() / f"companion-backup-{today}.json", "the default follows"
        await pilot.press("tab", "tab")
        await type_path(pilot, backup)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
        assert backup.stat().st_mode & 0o777 == 0o600
        text = backup.read_text()
        assert "Shared action" in text and "SECRET" not in text
        assert messages(app)[-1] == f"Exported to {backup}. 1 private thing was left out. " + (
            "Tick “Include private things” to include them."
        )

        # The same file again, private things ticked: asked first; "no" keeps the file.
        await open_from_palette(app, pilot, "Export…")
        await pilot.press("shift+tab", "shift+tab", "j", "tab", "space", "tab")
        await type_path(pilot, backup)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog) and backup.read_text() == text
        await pilot.press("ctrl+s", "y")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportDialog | ConfirmDialog)
        assert "SECRET action" in backup.read_text()
        assert messages(app)[-1] == f"Exported to {backup}."

        # The journal and the calendar at their default paths.
        written = {}
        for letter, suffix in (("m", "md"), ("c", "ics")):
            await open_from_palette(app, pilot, "Export…")
            await pilot.press("shift+tab", "shift+tab", letter, "ctrl+s")
            await settle(app, pilot)
            path = Path(messages(app)[-1].removeprefix("Exported to ").split(". ")[0].removesuffix("."))
            assert path.parent == Path.home() and path.suffix == f".{suffix}"
            assert path.stat().st_mode & 0o777 == 0o600
            written[suffix] = path.read_text()
        assert written["md"].startswith("# Companion journal")
        assert "BEGIN:VCALENDAR" in written["ics"]

        # A folder that cannot be written: one line in the dialog, the dialog stays.
        await open_from_palette(app, pilot, "Export…")
        await type_path(pilot, Path.home() / "missing" / "journal.md")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportDialog)
        problem = shown_text(app.screen.query_one("#dialog-error", Static))
        assert problem.startswith("Could not write") and "\n" not in problem.strip()


def backup_with_a_goal(folder: Path) -> dict:
    other = Store(folder).open()
    complete_onboarding(other, Profile(name="Alex", role="Staff engineer"), make_partnership(), clock.now())
    save_goal(other, Goal(partnership_id=1, title="Learn Rust together"), clock.now())
    return export_json(other, include_private=True, since=None, now=clock.now())


async def test_import_previews_then_applies_and_refuses_a_damaged_file(
    onboarded: Store, data_dir: Path, tmp_path: Path
):
    good = Path.home() / "backup.json"
    good.write_text(json.dumps(backup_with_a_goal(tmp_path / "other")))
    damaged = Path.home() / "damaged.json"
    damaged.write_text('{"format": "companion-export", "vers')
    before = onboarded.path.read_bytes()
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("go('settings')")
        await settle(app, pilot)
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#import-data", Button).press()
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)

        await type_path(pilot, damaged)
        await pilot.press("enter")
        await settle(app, pilot)
        problem = shown_text(dialog.query_one("#dialog-error", Static)).strip()
        assert problem == f"{damaged} is not a JSON file (it may be damaged). Nothing was imported."
        assert dialog.query_one("#import", Button).disabled

        await type_path(pilot, good)
        await pilot.press("enter")
        await settle(app, pilot)
        plan = shown_text(dialog.query_one("#import-plan", Static))
        assert "goals: 1 added, 0 changed" in plan and "Nothing changes until you import." in plan
        assert shown_text(dialog.query_one("#dialog-error", Static)).strip() == ""
        assert onboarded.path.read_bytes() == before and not Store(data_dir).open().all(Goal)

        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportDialog)
        assert [g.title for g in Store(data_dir).open().all(Goal)] == ["Learn Rust together"]
        note = messages(app)[-1]
        assert note.startswith("goals: 1 added, 0 changed") and "The data as it was is in " in note
        backup = Path(note.split("The data as it was is in ")[1].removesuffix("."))
        assert backup.read_bytes() == before
        assert Store(data_dir).open().get(Partnership, 1) is not None
        backups = shown_text(app.screen.query_one("#backups", Static))
        assert backup.name in backups, "the screen beneath was told the data changed"

        await pilot.press("escape", "6")  # settings keeps the cursor in a field: back first
        await settle(app, pilot)
        assert isinstance(app.screen, GoalsScreen)
        table = app.screen.query_one(DataTable)
        rows = [" ".join(map(str, table.get_row_at(i))) for i in range(table.row_count)]
        assert any("Learn Rust together" in row for row in rows), rows
