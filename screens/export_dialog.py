"""Export from the app (docs/export-format.md): the format, whether private things go too
(off unless ticked, docs/trust.md), and the file. The file is written by the same core
function as `companion export --out` (companion/record_files.py): atomically, for its owner
alone, an existing file replaced only after the person says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from companion import clock
from companion.errors import CompanionError
from companion.record_files import default_export_path, export_to_file, left_out_sentence
from screens.dialogs import DIALOG_CSS, ConfirmDialog, FormDialog
from screens.text import literal, markup, notify_literal
from screens.widgets import TickBox

FORMAT_CHOICES = [
    ("Markdown journal (.md)", "md"),
    ("JSON backup (.json)", "json"),
    ("Calendar (.ics)", "ics"),
]
PRIVATE_HINT = (
    "Off: whatever is marked private (agenda items, reflections, goals, action items, notes"
    " an agenda kept private) stays out. Import reads the JSON backup."
)


class ExportDialog(FormDialog[Path | None]):
    """Closes with the file written, or None."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ExportDialog")
        + """
    ExportDialog > Vertical { overflow-y: auto; }
    ExportDialog Label { margin-top: 1; color: $text-muted; }
    ExportDialog Select, ExportDialog Input { width: 1fr; }
    ExportDialog #export-private { margin-top: 1; }
    ExportDialog.-short > Vertical { padding: 0 1; }
    ExportDialog.-short #export-private { margin-top: 0; }
    ExportDialog.-short Label { display: none; }
    ExportDialog.-narrow .dialog-buttons Button { min-width: 8; }
    ExportDialog.-short .muted { display: none; }
    """
    )

    def __init__(self) -> None:
        super().__init__()
        self.default_path = str(default_export_path("md", clock.today()))

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Export"
            yield Label("Format")
            yield Select(FORMAT_CHOICES, value="md", allow_blank=False, id="export-format", compact=True)
            yield TickBox("Include private things", False, id="export-private", compact=True)
            yield Static(PRIVATE_HINT, classes="muted")
            yield Label("File")
            yield Input(self.default_path, id="export-path", compact=True)
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Export", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def format_chosen(self, event: Select.Changed) -> None:
        """A path still at its default follows the format (its name and ending)."""
        field = self.query_one("#export-path", Input)
        if field.value == self.default_path:
            self.default_path = str(default_export_path(str(event.value), clock.today()))
            field.value = self.default_path

    def read_form(self) -> tuple[str, bool, str]:
        fmt = str(self.query_one("#export-format", Select).value)
        private = self.query_one("#export-private", Checkbox).value
        return fmt, private, self.query_one("#export-path", Input).value.strip()

    def action_save(self) -> None:
        _fmt, _private, typed = self.read_form()
        found = checked_path(typed, "~/companion-journal.md")
        if isinstance(found, str):
            self.say_problem(found)
            return
        ask_before_replacing(self.app, found, lambda replace: self.export(found, replace=replace))

    def export(self, out: Path, *, replace: bool) -> None:
        fmt, private, _typed = self.read_form()
        try:
            left_out = export_to_file(self.store, fmt, out, clock.now(), include_private=private, replace=replace)
        except CompanionError as error:
            self.say_problem(str(error))
            return
        except ValueError as error:  # a name the system refuses outright (a NUL byte)
            self.say_problem(f"{out} cannot be a file name ({error}). Nothing was written.")
            return
        aside = left_out_sentence(left_out)
        if aside:
            aside += " Tick “Include private things” to include them."
        notify_literal(self.app, f"Exported to {out}. {aside}".strip(), title="Exported", timeout=15)
        self.dismiss(out)

    def say_problem(self, problem: str) -> None:
        self.query_one("#dialog-error", Static).update(literal(problem, one_line=True))


def checked_path(typed: str, example: str) -> Path | str:
    """The file a person typed, or one line saying what is wrong with it."""
    if not typed:
        return f"Give the file to write, e.g. {example}."
    out = typed_path(typed)
    try:
        out.exists()
    except (OSError, ValueError) as error:
        return f"{typed} cannot be a file name ({error}). Nothing was written."
    return out


def ask_before_replacing(app: App, out: Path, write: Callable[[bool], None]) -> None:
    """`write(False)` for a new file; for one that exists, ask first and `write(True)`
    only when the answer is to replace it."""
    if not out.exists():
        write(False)
        return

    def answered(replace: bool | None) -> None:
        if replace:
            write(True)

    question = markup("[b]$path[/b] already exists. Replace it?", path=str(out))
    app.push_screen(ConfirmDialog(question, yes="Replace", no="Keep it"), answered)


def typed_path(typed: str) -> Path:
    """The file a person typed; a relative one is in their home folder (the app may have
    been started anywhere, and the default is there too)."""
    path = Path(typed).expanduser()
    return path if path.is_absolute() else Path.home() / path


def open_export(app: App) -> None:
    """The export dialog, from the palette or settings."""
    app.push_screen(ExportDialog())
