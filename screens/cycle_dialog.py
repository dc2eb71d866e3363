"""The end of a cycle on screen (docs/learning-loop.md, "The end of a cycle"): the cycle
summary to read and save, and "Start a new cycle" after a confirmation that says what
carries over. The rules and the Markdown are in `companion/cycles.py` and
`companion/cycle_summary.py`; the file is written as every export is
(`companion/record_files.py`: atomically, for its owner alone)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from companion import clock
from companion.cycle_summary import cycle_summary
from companion.cycles import NewCycle, confirmation, start_new_cycle
from companion.errors import CompanionError
from companion.models import Partnership
from companion.partnerships import current_partnership
from companion.record_files import default_export_path, write_export
from companion.terminal_text import printable
from screens.base import CompanionDialog
from screens.dialogs import READER_CSS, ConfirmDialog, TextDialog
from screens.export_dialog import ask_before_replacing, typed_path
from screens.text import literal, notify_literal

if TYPE_CHECKING:
    from screens.app import CompanionApp

HINT = "s save · p private · n new cycle · Esc close"


class CycleSummaryDialog(CompanionDialog[None]):
    """The current cycle's summary. It shows what could be shared (nothing private) until
    `p` adds the private things; `s` saves what is shown, `n` starts the next cycle."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="cycle_close"),
        Binding("s", "save", "Save…", id="cycle_save"),
        Binding("p", "toggle_private", "Private on/off", id="cycle_private"),
        Binding("n", "new_cycle", "New cycle", id="cycle_new"),
    ]
    DEFAULT_CSS = READER_CSS.format(name="CycleSummaryDialog")

    def __init__(self, partnership: Partnership) -> None:
        super().__init__()
        self.partnership = partnership
        self.include_private = False
        self.text = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_subtitle = HINT
            yield Markdown("", id="cycle-summary")

    def on_mount(self) -> None:
        self.show_summary()
        self.query_one(VerticalScroll).focus()

    def show_summary(self) -> None:
        fresh = self.store.get(Partnership, self.partnership.id or 0) or self.partnership
        self.partnership = fresh
        self.text = cycle_summary(self.store, fresh, clock.today(), include_private=self.include_private)
        box = self.query_one(VerticalScroll)
        shown = "with private things" if self.include_private else "nothing private"
        box.border_title = f"Cycle {fresh.current_cycle.number} summary ({shown})"
        # Markdown by design, as a record in History; control characters are made visible.
        self.query_one("#cycle-summary", Markdown).update(printable(self.text))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_toggle_private(self) -> None:
        self.include_private = not self.include_private
        self.show_summary()

    def action_save(self) -> None:
        number, today = self.partnership.current_cycle.number, clock.today()
        default = default_export_path("md", today).with_name(f"companion-cycle-{number}-{today.isoformat()}.md")
        dialog = TextDialog("Save the cycle summary to", str(default), check=_path_problem)
        self.app.push_screen(dialog, self.save_to)

    def save_to(self, typed: str | None) -> None:
        if not typed:
            return
        out, data = typed_path(typed.strip()), self.text.encode("utf-8")
        ask_before_replacing(self.app, out, lambda replace: self.write(out, data, replace=replace))

    def write(self, out: Path, data: bytes, *, replace: bool) -> None:
        try:
            write_export(out, data, replace=replace)
        except CompanionError as error:
            notify_literal(self.app, str(error), title="Not saved", severity="error")
            return
        notify_literal(self.app, f"Saved the cycle summary to {out}.", title="Saved", timeout=10)

    def action_new_cycle(self) -> None:
        ask_new_cycle(self.app, self.partnership, then=lambda started: self.dismiss(None) if started else None)


def _path_problem(typed: str) -> str | None:
    return None if typed.strip() else "Give the file to write, e.g. ~/cycle-summary.md."


def ask_new_cycle(app: CompanionApp, partnership: Partnership, then: Callable[[bool], None] | None = None) -> None:
    """Ask, then start the next cycle (`cycles.start_new_cycle`); `then(started)` after."""
    store, today = app.store, clock.today()
    assert partnership.id is not None  # a stored partnership

    def started(result: NewCycle) -> None:
        number = result.partnership.current_cycle.number
        app.notify(f"Cycle {number} started." if result.started else f"Cycle {number} started today already.")
        app.refresh_screens()
        if then is not None:
            then(result.started)

    def answered(yes: bool | None) -> None:
        if yes:
            app.save_in_background(lambda: start_new_cycle(store, partnership, today), started, what="the new cycle")
        elif then is not None:
            then(False)

    question = literal(confirmation(store, partnership, today))
    app.push_screen(ConfirmDialog(question, yes="Start it", no="Not now"), answered)


def open_cycle_summary(app: CompanionApp) -> None:
    """The cycle summary of the current partnership, from the palette or the dashboard."""
    partnership = current_partnership(app.store)
    if partnership is not None:
        app.push_screen(CycleSummaryDialog(partnership))


def open_new_cycle(app: CompanionApp) -> None:
    """ "Start a new cycle" from the palette: the confirmation, then the next cycle."""
    partnership = current_partnership(app.store)
    if partnership is not None:
        ask_new_cycle(app, partnership)
