"""What every Companion screen shares: a typed `app`, the store, and one way to hear that
the data changed (here, in a worker, or in another process).

The app posts `DataChanged` to every screen on the stack after a change it did not make
itself; a main screen answers by calling its `refresh_data`. Before quitting, the app asks
each screen to `flush_drafts` (see docs/architecture.md, "Screens").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.message import Message
from textual.screen import ModalScreen, Screen

from companion.store import Store

if TYPE_CHECKING:
    from screens.app import CompanionApp

ResultT = TypeVar("ResultT")


class DataChanged(Message, bubble=False):
    """The stored data changed: re-read what this screen shows."""


class CompanionScreen(Screen[ResultT]):
    """A main screen of the app."""

    @property
    def app(self) -> CompanionApp:  # type: ignore[override]
        return cast("CompanionApp", super().app)

    @property
    def store(self) -> Store:
        return self.app.store

    def refresh_data(self) -> None:
        """Show the stored data again; screens that show stored data override this."""

    def flush_drafts(self) -> None:
        """Save whatever is typed but not saved yet (called before the app quits)."""

    def on_data_changed(self, message: DataChanged) -> None:
        self.refresh_data()


class CompanionDialog(ModalScreen[ResultT]):
    """A dialog of the app (a modal screen over a main one)."""

    @property
    def app(self) -> CompanionApp:  # type: ignore[override]
        return cast("CompanionApp", super().app)

    @property
    def store(self) -> Store:
        return self.app.store

    def flush_drafts(self) -> None:
        """Save whatever is typed but not saved yet (called before the app quits)."""
