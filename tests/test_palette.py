"""The command palette (Ctrl+P): the screen's actions named as in the footer with their
keys, then every global action; choosing one runs it (docs/keys.md)."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette

from companion.store import Store
from screens.app import make_app
from screens.goals import GoalsScreen
from screens.settings import SettingsScreen
from tests.conftest import settle
from tests.textual_speed import type_keys

SIZE = (80, 24)


async def listed(app, pilot, query: str = "") -> list[str]:
    """The palette's entries once it has caught up with `query`."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    if query:
        await type_keys(pilot, query)
    commands = app.screen.query_one(CommandList)
    shown: list[str] = []
    for _ in range(60):  # the palette searches in the background
        await pilot.pause(0.05)
        now = [str(commands.get_option_at_index(i).prompt).split("\n")[0] for i in range(commands.option_count)]
        if now and now == shown:
            break
        shown = now
    return shown


async def test_the_dashboard_palette_lists_every_global_action_and_goes_places(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        entries = await listed(app, pilot)
        names = [entry.split("  ")[0] for entry in entries]
        for expected in ("Note", "Agenda", "Sessions", "Reflect", "Action items", "Goals", "Progress", "Settings"):
            assert expected in names, entries
        for expected in ("New note", "Help", "Theme", "Keys", "Quit"):
            assert expected in names, entries
        assert "Agenda  2" in entries and "New note  ^n" in entries and "Quit  ^q" in entries
        assert names.index("Note") < names.index("Agenda"), "the screen's own actions come first"
        await pilot.press("escape")
        entries = await listed(app, pilot, "Settings")
        assert entries[0] == "Settings  8"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SettingsScreen)
        entries = await listed(app, pilot, "Add partner")
        assert entries[0] == "Add partner  ^t", "a Ctrl key shows as the footer shows it"
        await pilot.press("escape")


async def test_the_goals_palette_offers_its_keys_and_runs_them(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("go('goals')")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, GoalsScreen)
        entries = await listed(app, pilot)
        for expected in ("New goal  n", "Achieve  A", "Reactivate  r", "Sort  s", "History  ⏎", "Back  esc"):
            assert expected in entries, "|".join(entries)
        await pilot.press("escape")
        before = screen.sort_key
        entries = await listed(app, pilot, "Sort")
        assert entries[0] == "Sort  s"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and screen.sort_key != before
