"""Import from the app (docs/export-format.md): a JSON export is previewed first, with what
it would add and change per kind of record, the same plan `companion import --dry-run`
prints; only then does Import apply it, after a backup (companion/record_files.py). A
partner's share file (docs/share-format.md) is recognised and previewed the same way: the
items it brings to the next agenda, the expectations it fills, the goals it offers (added
when ticked), the action items it sets; when the sender's name does not say which
partnership it is for, the current one. A file that cannot be imported is refused in one
line, and nothing changes."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from companion import clock
from companion.errors import CompanionError
from companion.importer import ImportPlan
from companion.partnerships import current_partnership
from companion.record_files import apply_import, apply_share, is_share_path, preview_import, preview_share
from companion.share_import import SharePlan
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.export_dialog import typed_path
from screens.text import literal, notify_literal
from screens.widgets import TickBox

HINT = "A JSON backup written by Export (or companion export --format json), or a share file from your partner."
OFFER_GOALS = "tick “Add their goals” to add it"
Plan = ImportPlan | SharePlan


def nothing_to_import(plan: Plan) -> bool:
    return not plan.changes_data if isinstance(plan, SharePlan) else plan.is_empty


def plan_lines(plan: Plan) -> list[str]:
    return plan.lines(OFFER_GOALS) if isinstance(plan, SharePlan) else plan.lines()


class ImportDialog(FormDialog[Plan | None]):
    """Enter, Ctrl+S or Preview shows the plan; then Import (or Enter, Ctrl+S again) applies it."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ImportDialog")
        + """
    ImportDialog > Vertical { overflow-y: auto; }
    ImportDialog Label { color: $text-muted; }
    ImportDialog Input { width: 1fr; }
    ImportDialog #import-plan { height: auto; margin-top: 1; }
    ImportDialog #import-add-goals { display: none; }
    ImportDialog #import-add-goals.-offered { display: block; }
    ImportDialog.-short > Vertical { padding: 0 1; }
    ImportDialog.-short #import-plan { margin-top: 0; }
    ImportDialog.-short Label { display: none; }
    ImportDialog.-narrow .dialog-buttons Button { min-width: 8; }
    ImportDialog.-short .muted { display: none; }
    """
    )

    def __init__(self) -> None:
        super().__init__()
        self.previewed: tuple[Path, Plan] | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Import"
            yield Label("File")
            yield Input(id="import-path", placeholder="~/companion-backup.json", compact=True)
            yield Static(HINT, classes="muted")
            yield Static("", id="import-plan")
            yield TickBox("Add their goals you do not have", False, id="import-add-goals", compact=True)
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

    @on(TickBox.Changed, "#import-add-goals")
    def add_goals_changed(self) -> None:
        """The plan says what ticking changes."""
        if self.previewed is not None:
            self.preview()

    @property
    def add_goals(self) -> bool:
        return self.query_one("#import-add-goals", TickBox).value

    def action_save(self) -> None:
        if self.previewed is not None and not nothing_to_import(self.previewed[1]):
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
            plan: Plan = (
                preview_share(
                    self.store, path, clock.now(), current=current_partnership(self.store), add_goals=self.add_goals
                )
                if is_share_path(path)
                else preview_import(self.store, path)
            )
        except CompanionError as error:
            self.say_problem(str(error))
            return
        self.previewed = (path, plan)
        offered = isinstance(plan, SharePlan) and bool(plan.new_goals) and not plan.older
        self.query_one("#import-add-goals", TickBox).set_class(offered, "-offered")
        heading = "Nothing changes until you import." if not nothing_to_import(plan) else ""
        self.query_one("#import-plan", Static).update(literal("\n".join([*plan_lines(plan), heading]).strip()))
        self.query_one("#import", Button).disabled = nothing_to_import(plan)

    @on(Button.Pressed, "#import")
    def apply(self) -> None:
        if self.previewed is None:
            return
        path, planned = self.previewed
        store, now = self.store, clock.now()
        if isinstance(planned, SharePlan):
            banks, partnership, add_goals = self.app.banks, planned.partnership, self.add_goals

            def work() -> Plan | str:
                try:
                    return apply_share(store, path, now, banks, current=partnership, add_goals=add_goals)
                except CompanionError as error:
                    return str(error)
        else:

            def work() -> Plan | str:
                try:
                    return apply_import(store, path, now)
                except CompanionError as error:
                    return str(error)

        self.query_one("#import", Button).disabled = True
        self.app.save_in_background(work, self.imported, what="the import")

    def imported(self, result: Plan | str) -> None:
        if isinstance(result, str):
            self.say_problem(result)
            return
        self.app.refresh_screens()
        backup = getattr(result, "backup", None)
        where = f" The data as it was is in {backup}." if backup else ""
        lines = [line.rstrip(".") for line in plan_lines(result)]
        notify_literal(self.app, "; ".join(lines) + "." + where, title="Imported", timeout=20)
        self.dismiss(result)

    def say_problem(self, problem: str) -> None:
        self.query_one("#dialog-error", Static).update(literal(problem, one_line=True))


def open_import(app: App) -> None:
    """The import dialog, from the palette or settings."""
    app.push_screen(ImportDialog())
