"""What every Companion screen shares: a typed `app`, the store, and one way to hear that
the data changed (here, in a worker, or in another process).

The app posts `DataChanged` to every screen on the stack after a change it did not make
itself; a main screen answers by calling its `refresh_data`. Before quitting or switching
partner, the app asks each screen to `flush_drafts`; after a switch, each screen's
`partner_switched` shows the new partner's (see docs/architecture.md, "Screens").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Select

from companion.models import Partnership
from companion.store import Store
from screens.keys import in_form_field

if TYPE_CHECKING:
    from screens.app import CompanionApp

ResultT = TypeVar("ResultT")


class DataChanged(Message, bubble=False):
    """The stored data changed: re-read what this screen shows."""


def keep_typing_in_fields(screen: Screen[Any], event: events.Key) -> None:
    """A printable key pressed in a form field does only what the field does with it.

    An Input or TextArea takes its characters itself; a Select, Checkbox or RadioSet does
    not, so without this a letter or digit typed there would reach the screen's and the
    app's keys (a digit would go places). On a closed Select a character picks the next
    option that starts with it (a rating's digit picks that rating). See docs/keys.md.
    """
    focused = screen.focused
    if not event.is_printable or not in_form_field(focused):
        return
    if isinstance(focused, Select) and event.character and pick_option(focused, event.character):
        event.stop()
        event.prevent_default()
        return
    active = screen.active_bindings.get(event.key)
    if active is not None and in_form_field(active.node):
        return  # the field's own key, such as space on a checkbox
    event.stop()


def pick_option(select: Select[Any], character: str) -> bool:
    """Move a closed Select to its next option whose label starts with `character`."""
    options = [
        value for label, value in getattr(select, "_options", []) if str(label).lower().startswith(character.lower())
    ]
    options = [value for value in options if value is not Select.NULL]
    if not options:
        return False
    following = options.index(select.value) + 1 if select.value in options else 0
    select.value = options[following % len(options)]
    return True


def add_size_classes(screen: Screen) -> None:
    """Give a new screen the size classes (`-narrow`, `-tall`…) its first resize would give
    it, so that its styles are worked out once as it opens rather than twice."""
    try:
        app = screen.app
    except RuntimeError:  # made outside a running app: the first resize sets them
        return
    width, height = app.size
    horizontal = app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None else screen.HORIZONTAL_BREAKPOINTS
    vertical = app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None else screen.VERTICAL_BREAKPOINTS
    for dimension, breakpoints in ((width, horizontal or []), (height, vertical or [])):
        for threshold, class_name in sorted(breakpoints, reverse=True):
            if dimension >= threshold:
                screen.add_class(class_name, update=False)
                break


class CompanionScreen(Screen[ResultT]):
    """A main screen of the app."""

    FOOTER_PLACES: ClassVar[bool] = False  # the footer lists where you can go (the dashboard)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_size_classes(self)

    @property
    def app(self) -> CompanionApp:  # type: ignore[override]
        return cast("CompanionApp", super().app)

    @property
    def store(self) -> Store:
        return self.app.store

    def refresh_data(self) -> None:
        """Show the stored data again; screens that show stored data override this."""

    def flush_drafts(self) -> None:
        """Save whatever is typed but not saved yet (called before the app quits and before
        the partner is switched)."""

    def before_partner_switch(self, target: Partnership, proceed: Callable[[], None]) -> None:
        """Called on the screen on view before `target` becomes the current partnership:
        call `proceed` to go on, or ask first (a form with unsaved changes) and call it
        only on yes."""
        proceed()

    def partner_switched(self) -> None:
        """The current partner changed (docs/keys.md, "Switching partner"): show the new
        one's. A screen holding one partnership's record overrides this."""
        self.refresh_data()

    def partnership_for_place(self, place: str) -> int | None:
        """The partnership `place` should open with when it is not the current one (the
        progress screen's tab of another partner); None for the current one."""
        return None

    def on_data_changed(self, message: DataChanged) -> None:
        self.refresh_data()

    def on_key(self, event: events.Key) -> None:
        keep_typing_in_fields(self, event)


class CompanionDialog(ModalScreen[ResultT]):
    """A dialog of the app (a modal screen over a main one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_size_classes(self)

    def on_key(self, event: events.Key) -> None:
        keep_typing_in_fields(self, event)

    @property
    def app(self) -> CompanionApp:  # type: ignore[override]
        return cast("CompanionApp", super().app)

    @property
    def store(self) -> Store:
        return self.app.store

    def flush_drafts(self) -> None:
        """Save whatever is typed but not saved yet (called before the app quits)."""
