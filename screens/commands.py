"""The command palette (Ctrl+P): every action of the screen under it, named as in the
footer with its key, then every global one: going places, a new note, the next partner and
each other partner, export and import, help, the theme, Textual's keys panel, quit (docs/keys.md).

Actions come from the live bindings, so the palette never lists a key the screen lost or
misses one it gained; a screen may add entries of its own with `palette_commands()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import ModalScreen, Screen

from companion.terminal_text import printable
from screens.keys import app_keys, current_keys, declared_bindings, is_available, keys_display
from screens.text import highlighted, literal

if TYPE_CHECKING:
    from screens.app import CompanionApp

# Textual's own system commands that the app's bindings already offer (with their keys).
COVERED_SYSTEM_COMMANDS = {"Quit"}


@dataclass(frozen=True)
class Command:
    """One palette entry; its name and help are shown exactly as written (they may name a
    partner)."""

    name: str
    run: Callable[[], object]
    help: str
    key: str = ""  # as the footer shows it, e.g. "^s"


def screen_commands(app: CompanionApp, screen: Screen) -> Iterator[Command]:
    """The screen's own actions, as its class declares them (a key the focused table also
    uses is still listed), one entry per action with its keys, those it hides left out."""
    entries: dict[str, tuple[str, list[str], str]] = {}
    for binding in declared_bindings(type(screen)):
        if not binding.description or not is_available(app, binding.action, screen):
            continue
        entry = entries.setdefault(binding.action, (binding.description, [], binding.tooltip))
        entry[1].append(keys_display(app, current_keys(app, binding)))
    for action, (description, keys, tooltip) in entries.items():
        yield Command(description, partial(app.run_action, action, screen), tooltip, " ".join(keys))
    extra = getattr(screen, "palette_commands", None)
    if extra is not None:
        yield from extra()


def global_commands(app: CompanionApp, screen: Screen) -> Iterator[Command]:
    from screens.onboarding import OnboardingScreen
    from screens.places import HELP, PLACES

    if not isinstance(screen, (ModalScreen, OnboardingScreen)):
        for place in PLACES:
            go = partial(app.action_go, place.name)
            yield Command(place.command, go, place.description, app_keys(app, place.binding_id))
        yield from partner_commands(app)
        yield from record_commands(app)
        yield from cycle_commands(app)
    yield Command(HELP.command, app.action_help, HELP.description, app_keys(app, "help"))
    for command in app.get_system_commands(screen):
        if command.title not in COVERED_SYSTEM_COMMANDS:
            yield Command(command.title, command.callback, command.help)
    yield Command("Quit", app.action_quit, "Quit once everything is saved", app_keys(app, "quit"))


def partner_commands(app: CompanionApp) -> Iterator[Command]:
    """ "Next partner" with its key, then "Switch to Dana Ruiz" for each other partner."""
    from companion.partnerships import current_partnership, list_partnerships
    from screens.places import SWITCH_PARTNER

    yield Command(
        SWITCH_PARTNER.command, app.action_switch_partner, SWITCH_PARTNER.description, app_keys(app, "switch_partner")
    )
    current = current_partnership(app.store)
    for partnership in list_partnerships(app.store):
        if partnership.id is None or (current is not None and partnership.id == current.id):
            continue
        name = printable(partnership.partner_name, one_line=True)
        switch = partial(app.partner_switch.switch, partnership.id)
        yield Command(f"Switch to {name}", switch, f"Make your partnership with {name} the current one")


def record_commands(app: CompanionApp) -> Iterator[Command]:
    """ "Export…", "Import…" and "Share with partner…": the record as a file, a JSON backup
    or a partner's share merged in, and the file for the partner."""
    from screens.export_dialog import open_export
    from screens.import_dialog import open_import
    from screens.share_dialog import open_share

    yield Command("Export…", partial(open_export, app), "Write a Markdown journal, a JSON backup or a calendar file")
    yield Command("Import…", partial(open_import, app), "Merge a JSON backup or a partner's share, after a preview")
    yield Command("Share with partner…", partial(open_share, app), "Write a file for your partner: nothing private")


def cycle_commands(app: CompanionApp) -> Iterator[Command]:
    """ "Cycle summary…" and "Start a new cycle" (docs/learning-loop.md, "The end of a cycle")."""
    from screens.cycle_dialog import open_cycle_summary, open_new_cycle

    yield Command("Cycle summary…", partial(open_cycle_summary, app), "What this cycle gave each of you; save it")
    yield Command("Start a new cycle", partial(open_new_cycle, app), "Keep this cycle for its summary, start the next")


def shown(command: Command, name: Content) -> Content:
    """The name, then its key dimmed, as in "Sort  s"."""
    if not command.key:
        return name
    key = f"  {command.key}"
    return (name + literal(key)).stylize("dim", len(name.plain), len(name.plain) + len(key))


class ScreenCommands(Provider):
    """The one palette provider: the screen's actions first, then the global ones."""

    def commands(self) -> Iterable[Command]:
        app: CompanionApp = self.app  # type: ignore[assignment]
        yield from screen_commands(app, self.screen)
        yield from global_commands(app, self.screen)

    async def discover(self) -> Hits:
        # Shown as Content (the help too: the palette reads a `str` help as markup); `text`
        # is the plain name, which is never read as markup.
        for command in self.commands():
            name, help_text = command.name, command.help
            yield DiscoveryHit(shown(command, literal(name)), command.run, text=name, help=literal(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            name, help_text = command.name, command.help
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, shown(command, highlighted(matcher, name)), command.run, text=name, help=literal(help_text)
                )
