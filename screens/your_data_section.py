"""The "Your data" part of settings: export the record to a file, or import a JSON backup
(the same dialogs as the palette's "Export…" and "Import…", docs/export-format.md)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from screens.export_dialog import open_export
from screens.import_dialog import open_import


class YourDataSection(Vertical):
    DEFAULT_CSS = "YourDataSection { height: auto; }"

    def compose(self) -> ComposeResult:
        yield Static("Your data", classes="form-section")
        yield Static("A Markdown journal, a JSON backup or a calendar file; or merge a JSON backup back in.")
        with Horizontal(classes="section-actions"):
            yield Button("Export…", id="export-data", compact=True)
            yield Button("Import…", id="import-data", compact=True)

    @on(Button.Pressed, "#export-data")
    def export_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        open_export(self.app)

    @on(Button.Pressed, "#import-data")
    def import_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        open_import(self.app)
