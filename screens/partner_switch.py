"""Switching the current partner from any screen: `9`, the command palette, the settings
screen's list, and the progress screen's tab of another partner taking that partner along
(docs/keys.md, "Switching partner").

One partnership is current; every screen and the shell commands show it. A switch saves
the drafts on screen first, writes the new current partnership off the interface thread,
then names the new partner in a notification and the header, and tells each screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from companion.models import Partnership
from companion.partnerships import list_partnerships, next_partnership, partnership_position, switch_partnership
from screens.base import CompanionDialog, CompanionScreen
from screens.text import notify_literal

if TYPE_CHECKING:
    from screens.app import CompanionApp

ONLY_ONE = "Only one partnership: add another in Settings (8)."


def switched_message(partner_name: str, position: int, count: int) -> str:
    """ "Now with Dana Ruiz (2 of 3)"."""
    return f"Now with {partner_name} ({position} of {count})"


class PartnerSwitcher:
    """The app's one way to change the current partner.

    Presses of `9` that come while a switch is being written are counted and made after
    it, one step each, so quick presses land where they would have landed one by one.
    """

    def __init__(self, app: CompanionApp) -> None:
        self.app = app
        self.busy = False
        self.queued = 0  # presses of `9` during a switch, still to make

    def next(self) -> None:
        """The partnership after the current one (the first after the last)."""
        if len(list_partnerships(self.app.store)) < 2:
            self.app.notify(ONLY_ONE)
            return
        if self.busy:
            self.queued += 1
            return
        target = next_partnership(self.app.store)
        if target is not None and target.id is not None:
            self.switch(target.id)

    def switch(self, partnership_id: int, then: Callable[[], None] | None = None) -> None:
        """Make `partnership_id` current, then call `then`. The screen on view may ask
        first (unsaved changes in a form)."""
        proceed = partial(self._save, partnership_id, then)
        screen = self.app.screen
        target = self.app.store.get(Partnership, partnership_id)
        if target is not None and isinstance(screen, CompanionScreen):
            screen.before_partner_switch(target, proceed)
        else:
            proceed()  # a partnership removed meanwhile: the save says so

    def _save(self, partnership_id: int, then: Callable[[], None] | None) -> None:
        for screen in self.app.screen_stack:  # drafts are saved before anything changes
            if isinstance(screen, (CompanionScreen, CompanionDialog)):
                screen.flush_drafts()
        self.busy = True
        store = self.app.store
        self.app.save_in_background(
            lambda: switch_partnership(store, partnership_id),
            partial(self._switched, then),
            on_failed=self._failed,
            what="the switch of partner",
        )

    def _switched(self, then: Callable[[], None] | None, partnership: Partnership) -> None:
        self.busy = False
        app = self.app
        app.show_partner(partnership.partner_name)
        position, count = partnership_position(app.store, partnership.id)
        notify_literal(app, switched_message(partnership.partner_name, position, count))
        for screen in list(app.screen_stack):
            if isinstance(screen, CompanionScreen):
                screen.partner_switched()
        if then is not None:
            then()
        elif self.queued:
            self.queued -= 1
            self.next()

    def _failed(self) -> None:
        self.busy = False
        self.queued = 0
