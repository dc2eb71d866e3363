"""Share with the partner from the app (docs/share-format.md): the file to write, then the
same core function as `companion share --out` (companion/record_files.py) writes it,
atomically, for its owner alone, an existing file replaced only after the person says so,
and records when I shared. Nothing private goes in (docs/trust.md)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from companion import clock
from companion.errors import CompanionError
from companion.models import Partnership
from companion.record_files import default_share_path, share_to_file
from companion.terminal_text import printable
from screens.dialogs import DIALOG_CSS, FormDialog
from screens.export_dialog import ask_before_replacing, checked_path
from screens.text import literal, markup, notify_literal

HINT = (
    "Your next agenda, the items you propose, shared goals with your expectations, action items"
    " for $name and what you will try. Nothing private goes in. Send it to $name however you like."
)


class ShareDialog(FormDialog[Path | None]):
    """Closes with the file written, or None."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ShareDialog")
        + """
    ShareDialog > Vertical { overflow-y: auto; }
    ShareDialog Label { margin-top: 1; color: $text-muted; }
    ShareDialog Input { width: 1fr; }
    ShareDialog.-short > Vertical { padding: 0 1; }
    ShareDialog.-short Label { display: none; }
    ShareDialog.-narrow .dialog-buttons Button { min-width: 8; }
    ShareDialog.-short .muted { display: none; }
    """
    )

    def __init__(self, partnership: Partnership) -> None:
        super().__init__()
        self.partnership = partnership
        self.default_path = str(default_share_path(partnership.partner_name, clock.today()))

    def compose(self) -> ComposeResult:
        name = printable(self.partnership.partner_name, one_line=True)
        with Vertical() as box:
            box.border_title = f"Share with {name}"
            yield Static(markup(HINT, name=name), classes="muted")
            yield Label("File")
            yield Input(self.default_path, id="share-path", compact=True)
            yield Static("", id="dialog-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Share", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#share-path", Input).focus()

    def action_save(self) -> None:
        found = checked_path(self.query_one("#share-path", Input).value.strip(), "~/companion-share.md")
        if isinstance(found, str):
            self.say_problem(found)
            return
        ask_before_replacing(self.app, found, lambda replace: self.share(found, replace=replace))

    def share(self, out: Path, *, replace: bool) -> None:
        store, banks, partnership, now = self.store, self.app.banks, self.partnership, clock.now()

        def work() -> Path | str:
            try:
                share_to_file(store, banks, partnership, out, now, replace=replace)
            except CompanionError as error:
                return str(error)
            except ValueError as error:  # a name the system refuses outright (a NUL byte)
                return f"{out} cannot be a file name ({error}). Nothing was written."
            return out

        self.query_one("#save", Button).disabled = True
        self.app.save_in_background(work, self.shared, on_failed=self.failed, what="the share")

    def shared(self, result: Path | str) -> None:
        self.query_one("#save", Button).disabled = False
        if isinstance(result, str):
            self.say_problem(result)
            return
        self.app.refresh_screens()
        notify_literal(
            self.app, f"Shared with {self.partnership.partner_name} in {result}.", title="Shared", timeout=15
        )
        self.dismiss(result)

    def failed(self) -> None:
        self.query_one("#save", Button).disabled = False

    def say_problem(self, problem: str) -> None:
        self.query_one("#dialog-error", Static).update(literal(problem, one_line=True))


def open_share(app: App) -> None:
    """The share dialog for the current partnership, from the palette or the agenda."""
    from companion.partnerships import current_partnership

    partnership = current_partnership(app.store)  # type: ignore[attr-defined]
    if partnership is None:
        app.notify("Set up a partnership first: there is no one to share with yet.", severity="warning")
        return
    app.push_screen(ShareDialog(partnership))
