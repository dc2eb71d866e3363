"""Where you can go from any screen: one table for the keys, the footer, the command
palette and the app's `go` action (docs/architecture.md, "Screens").

Going places takes the digits 1 to 8 and 0, and switching partner the digit 9: keys no screen
uses for anything else, which never fire while you type in a field (docs/keys.md)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from textual.screen import Screen


@dataclass(frozen=True)
class Place:
    """Somewhere you can go from any screen: its key, footer label and tooltip, its palette
    entry, and where its screen class lives (imported on first use, so start-up loads only
    the dashboard)."""

    name: str
    keys: str
    label: str  # in the footer
    tooltip: str
    command: str  # its name in the command palette
    description: str
    screen: str  # "module:Class"

    @property
    def binding_id(self) -> str:
        """The id a person remaps it by in config.toml (docs/keys.md)."""
        return self.name if self.name == "new_note" else f"go_{self.name}"

    def screen_type(self) -> type[Screen[Any]]:
        module, _, cls = self.screen.partition(":")
        return getattr(importlib.import_module(module), cls)


# The one table of where you can go: the keys, the footer, the palette and `go` come from it.
PLACES = (
    Place(
        "dashboard",
        "1",
        "Dashboard",
        "Back to the dashboard",
        "Dashboard",
        "Next session, notes and what is waiting",
        "screens.dashboard:DashboardScreen",
    ),
    Place(
        "agenda",
        "2",
        "Agenda",
        "Prepare the next session's agenda",
        "Agenda",
        "Prepare the next session: reroll, edit, mark ready, share",
        "screens.agenda:AgendaScreen",
    ),
    Place(
        "sessions",
        "3",
        "Sessions",
        "Hold, reflect, move, skip, cancel, add",
        "Sessions",
        "Mark held, move, skip, cancel or add a session",
        "screens.sessions:SessionsScreen",
    ),
    Place(
        "reflect",
        "4",
        "Reflect",
        "Reflect on the session that just happened",
        "Reflect",
        "Write the reflection for the session that just happened",
        "screens.reflection:ReflectionLoader",
    ),
    Place(
        "actions",
        "5",
        "Actions",
        "Action items: what each of you will try",
        "Action items",
        "What each of you will try: add, edit, tick off",
        "screens.actions:ActionsScreen",
    ),
    Place(
        "goals",
        "6",
        "Goals",
        "Goals, expectations and check-ins",
        "Goals",
        "Set goals with both expectations, check in, achieve, pause or drop",
        "screens.goals:GoalsScreen",
    ),
    Place(
        "progress",
        "7",
        "Progress",
        "Heatmap, streaks, momentum, candour and value",
        "Progress",
        "Heatmap, streaks, momentum, candour and value trends",
        "screens.progress:ProgressScreen",
    ),
    Place(
        "settings",
        "8",
        "Settings",
        "Profile, partnerships, cadence, theme, data",
        "Settings",
        "Profile, partnerships, cadence, theme, data folder and backups",
        "screens.settings:SettingsScreen",
    ),
    Place(
        "history",
        "0",
        "History",
        "Every past session, and search through all you wrote",
        "History",
        "Past sessions newest first; search sessions, notes, goals and actions",
        "screens.history:HistoryScreen",
    ),
    Place(
        "new_note",
        "ctrl+n",
        "Note",
        "Capture a thought for the next session",
        "New note",
        "Capture a thought for the next session",
        "screens.note:NoteDialog",
    ),
)
PLACE = {place.name: place for place in PLACES}
HELP = Place(
    "help",
    "f1,question_mark",
    "Help",
    "Keys and what each screen is for",
    "Help",
    "Keys, screens and where your data lives",
    "screens.help:HelpScreen",
)
SWITCH_PARTNER = Place(
    "switch_partner",
    "9",
    "Partner",
    "Switch to the next partner: every screen shows them",
    "Next partner",
    "Show the next partnership, here and in every screen and shell command",
    "",
)
# The places that show one partnership's records: from the progress screen's tab of another
# partner they take that partner along (ProgressScreen.partnership_for_place).
PARTNER_PLACES = frozenset({"agenda", "sessions", "reflect", "actions", "goals"})
