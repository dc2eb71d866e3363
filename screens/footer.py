"""The footer: a few keys that fit, never one cut mid-word (docs/keys.md).

On the dashboard it shows where you can go; on every other screen the screen's own keys
plus Help. Whatever does not fit stays reachable by its key, the help screen (F1) and the
command palette (Ctrl+P).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# The palette's key, docked right: its border, key, label and padding.
PALETTE_WIDTH = 13
ALWAYS_SHOWN = {"back", "help", "close", "cancel"}  # actions kept when others must go


def key_width(key_display: str, description: str) -> int:
    """Cells a FooterKey takes: " key description"."""
    return cell_len(key_display) + cell_len(description) + 2 if description else cell_len(key_display) + 1


class CompanionFooter(Footer):
    """Textual's footer, with the keys chosen by the screen and fitted to its width.

    One space before each key and between key and label, so more keys fit at 80 columns.
    The dashboard leaves out the palette's key to make room for the places (the help
    screen names Ctrl+P)."""

    DEFAULT_CSS = """
    CompanionFooter FooterKey {
        .footer-key--key { padding: 0 0 0 1; }
        .footer-key--description { padding: 0 0 0 1; }
    }
    """

    _shown_plan: tuple | None = None

    def plan(self) -> tuple:
        """What the footer would show now: the fitted keys and the palette's key, each as
        (key, display, description, action, enabled, tooltip). Bindings change on every
        move of the focus; the footer is built again only when this changes."""
        screen = self.screen
        shows_places = getattr(screen, "FOOTER_PLACES", False)
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for namespace, binding, enabled, tooltip in screen.active_bindings.values():
            if not binding.show or binding.action in shown:
                continue
            if namespace is self.app and not shows_places and binding.id != "help":
                continue
            shown[binding.action] = (binding, enabled, tooltip)
        keys = [(self.app.get_key_display(b), b, enabled, tooltip) for b, enabled, tooltip in shown.values()]
        width = self.app.size.width - (0 if shows_places else PALETTE_WIDTH)
        fitted_keys = tuple(
            (binding.key, display, binding.description, binding.action, enabled, tooltip)
            for display, binding, enabled, tooltip in fitted(keys, width)
        )
        return fitted_keys, (None if shows_places else self.palette_entry())

    def palette_entry(self) -> tuple | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        _node, binding, enabled, _tooltip = active
        tooltip = binding.tooltip or binding.description
        return (binding.key, self.app.get_key_display(binding), binding.description, binding.action, enabled, tooltip)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = self._shown_plan = self.plan()
        for key, display, description, action, enabled, tooltip in keys:
            yield self.footer_key(key, display, description, action, enabled, tooltip)
        if palette is not None:
            yield self.footer_key(*palette, classes="-command-palette")

    def footer_key(
        self, key: str, display: str, description: str, action: str, enabled: bool, tooltip: str, classes: str = ""
    ) -> FooterKey:
        """A key born in the footer's style: a FooterKey starts compact and is told otherwise
        once mounted, which would work out its styles twice more on every rebuild."""
        compact = self.compact
        widget = FooterKey(
            key,
            display,
            description,
            action,
            classes=f"{classes} -compact" if compact else classes,
            disabled=not enabled,
            tooltip=tooltip,
        )
        widget.set_reactive(FooterKey.compact, compact)
        return widget.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not (self.is_attached and screen is self.screen):
            return
        self.call_after_refresh(self.recompose_if_changed)

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose_if_changed)

    async def recompose_if_changed(self, *, again: bool = True) -> None:
        """Build the footer again if what it shows changed. A change of focus can settle a
        frame after its signal (a choice list opening takes the focus then), so an unchanged
        plan is looked at once more after the next refresh."""
        if not (self.is_attached and self._bindings_ready):
            return
        if self.plan() != self._shown_plan:
            await self.recompose()
        elif again:
            self.call_after_refresh(self.recompose_if_changed, again=False)


def fitted(keys: list[tuple[str, Binding, bool, str]], width: int) -> list[tuple[str, Binding, bool, str]]:
    """The keys that fit in `width`, in order; Back and Help stay, the others go from the end."""
    kept = list(keys)

    def total() -> int:
        return sum(key_width(display, binding.description) for display, binding, _, _ in kept)

    while kept and total() > width:
        droppable = [i for i, (_, binding, _, _) in enumerate(kept) if binding.action not in ALWAYS_SHOWN]
        kept.pop(droppable[-1] if droppable else -1)
    return kept
