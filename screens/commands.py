"""A screen's own commands in the command palette (Ctrl+P)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual.command import DiscoveryHit, Hit, Hits, Provider

from screens.text import highlighted, literal


@dataclass(frozen=True)
class Command:
    """One palette entry; its name and help are shown exactly as written (they may name a
    partner)."""

    name: str
    run: Callable[[], object]
    help: str


class ScreenCommands(Provider):
    """Offers the commands `commands()` lists, found by their names."""

    # In the palette before anything is typed: above the app's own commands, or among them.
    LISTED_FIRST: ClassVar[bool] = False

    def commands(self) -> Iterable[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        # Shown as Content (the help too: the palette reads a `str` help as markup); `text`
        # is the plain name, which is never read as markup.
        for command in self.commands():
            name, help_text = command.name, command.help
            if self.LISTED_FIRST:
                yield Hit(1.0, literal(name), command.run, text=name, help=literal(help_text))
            else:
                yield DiscoveryHit(literal(name), command.run, text=name, help=literal(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            name, help_text = command.name, command.help
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), command.run, text=name, help=literal(help_text))
