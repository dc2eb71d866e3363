"""Import from the app (docs/export-format.md): a JSON export is previewed first, with what
it would add and change per kind of record, the same plan `companion import --dry-run`
prints; only then does Import apply it, after a backup (companion/record_files.py). A file
that cannot be imported is refused in one line, and nothing changes."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from companion import clock
from companion.errors import CompanionError
from companion.importer import ImportPlan
from companion.record_files import apply_import, preview_import
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.export_dialog import typed_path
from screens.text import literal, notify_literal

HINT = "A JSON backup written by Export (or by companion export --format json)."


class ImportDialog(FormDialog[ImportPlan | None]):
    """Enter, Ctrl+S or Preview shows the plan; then Import (or Enter, Ctrl+S again) applies it."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ImportDialog")
        + """
    ImportDialog > Vertical { overflow-y: auto; }
    ImportDialog Label { color: $text-muted; }
    ImportDialog Input { width: 1fr; }
    ImportDialog #import-plan { height: auto; margin-top: 1; }
    ImportDialog.-short > Vertical { padding: 0 1; }
    ImportDialog.-short #import-plan { margin-top: 0; }
    ImportDialog.-short Label { display: none; }
    ImportDialog.-narrow .dialog-buttons Button { min-width: 8; }
    ImportDialog.-short .muted { display: none; }
    """
    )

    def __init__(self) -> None:
        super().__init__()
        self.previewed: tuple[Path, ImportPlan] | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Import"
            yield Label("File")
            yield Input(id="import-path", placeholder="~/companion-backup.json", compact=True)
            yield Static(HINT, classes="muted")
            yield Static("", id="import-plan")
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Preview", id="import-preview", compact=True)
                yield Button("Import", id="import", variant="warning", disabled=True, compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def typed_path(self) -> Path:
        return typed_path(self.query_one("#import-path", Input).value.strip())

    @on(Input.Changed, "#import-path")
    def path_changed(self) -> None:
        """A preview holds for the file it was made of only."""
        self.previewed = None
        self.query_one("#import", Button).disabled = True
        self.query_one("#import-plan", Static).update("")

    def action_save(self) -> None:
        if self.previewed is not None and not self.previewed[1].is_empty:
            self.apply()
        else:
            self.preview()

    @on(Button.Pressed, "#import-preview")
    def preview(self) -> None:
        self.say_problem("")
        if not self.query_one("#import-path", Input).value.strip():
            self.say_problem("Give the file to import, e.g. ~/companion-backup.json.")
            return
        path = self.typed_path()
        try:
            plan = preview_import(self.store, path)
        except CompanionError as error:
            self.say_problem(str(error))
            return
        self.previewed = (path, plan)
        heading = "Nothing changes until you import." if not plan.is_empty else ""
        self.query_one("#import-plan", Static).update(literal("\n".join([*plan.lines(), heading]).strip()))
        self.query_one("#import", Button).disabled = plan.is_empty

    @on(Button.Pressed, "#import")
    def apply(self) -> None:
        if self.previewed is None:
            return
        path = self.previewed[0]
        store, now = self.store, clock.now()

        def work() -> ImportPlan | str:
            try:
                return apply_import(store, path, now)
            except CompanionError as error:
                return str(error)

        self.query_one("#import", Button).disabled = True
        self.app.save_in_background(work, self.imported, what="the import")

    def imported(self, result: ImportPlan | str) -> None:
        if isinstance(result, str):
            self.say_problem(result)
            return
        self.app.refresh_screens()
        where = f" The data as it was is in {result.backup}." if result.backup else ""
        notify_literal(self.app, "; ".join(result.lines()) + "." + where, title="Imported", timeout=20)
        self.dismiss(result)

    def say_problem(self, problem: str) -> None:
        self.query_one("#dialog-error", Static).update(literal(problem, one_line=True))


def open_import(app: App) -> None:
    """The import dialog, from the palette or settings."""
    app.push_screen(ImportDialog())
