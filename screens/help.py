"""Help: the keys (from the live bindings, so it never goes stale), how to remap them,
what each screen is for, and where the data lives (docs/keys.md)."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from companion.keymap import config_path
from companion.terminal_text import printable
from screens.base import CompanionDialog
from screens.dialogs import READER_CSS
from screens.keys import app_keys, current_keys, declared_bindings, keys_display

INTRO = """\
# Companion

A companion for **reverse mentoring**: a junior colleague mentors a senior one.
Prepare an agenda before each session, reflect after it, and keep the rhythm going.

## Keys everywhere

The digits go places (`9` switches to your next partner) and mean nothing else on any
screen; while you type in a field (or a dialog is open) they are just typed. A screen's own keys are the same everywhere:
`n` new or add, `e` or `Enter` edit or open, `x` delete, `f` filter or find, `space`
toggle, `Escape` back or cancel, `Ctrl+S` save.
"""

OUTRO = """\
## Your own keys

Put a `[keys]` table in `{config}` mapping an id from the tables above to a key (or a
list of keys), then start Companion again:

```toml
[keys]
go_agenda = "ctrl+a"
goals_sort = ["o", "ctrl+o"]
```

A problem in that file is shown once when Companion starts, naming the line; the keys
it could use still apply.

## Several partners

One partnership is current: the header names it, every screen shows it, and the shell
commands below act on it. `9` switches to the next partner from any screen; the command
palette has "Next partner" and "Switch to …" for each other partner; Settings lists them
all. What you typed is saved before a switch.

## From your shell

These act on the current partner, the one the app shows (`note` and `reflect` unless
`--partner NAME` is given); switch with `9`, the palette or Settings.

- `companion note "ask about their review habits"` adds a note without opening the app.
- `companion status` prints one line for your prompt; `--json` gives every figure.
- `companion agenda` prints the next agenda as Markdown (`--all` adds private items).
- `companion reflect` opens straight at the reflection for the session that just happened.
- `companion check` verifies the data file and its backups.

## Your data

Everything lives in one file, `companion.json`, in your data folder:

`{data_dir}`

Every change is written safely (a crash never leaves a half-written file), and a daily
backup goes to its `backups/` folder; the last 14 are kept.

"Export…" and "Import…" in the command palette (`Ctrl+P`), or Settings' "Your data",
write a Markdown journal, a JSON backup or a calendar file (private things only when
ticked), and merge a JSON backup back in after showing what it would change.
"""

# Keys every screen has that are not the app's bindings.
FIXED_ROWS = [
    ("Ctrl+P", "Command palette: every action, searchable; change the theme", ""),
    ("Tab / Shift+Tab", "Move between fields", ""),
]


def table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| Key | What it does | Id |", "|---|---|---|"]
    for key, what, binding_id in rows:
        shown_id = f"`{binding_id}`" if binding_id else ""
        lines.append(f"| `{key}` | {what} | {shown_id} |")
    return "\n".join(lines) + "\n"


class HelpScreen(CompanionDialog[None]):
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", "Close", id="help_close"),
    ]
    DEFAULT_CSS = READER_CSS.format(name="HelpScreen")

    def __init__(self, beneath: Screen | None = None) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(self.text(), id="help-text")

    def on_mount(self) -> None:
        if self.beneath is None and len(self.app.screen_stack) > 1:
            self.beneath = self.app.screen_stack[-2]
            self.query_one("#help-text", Markdown).update(self.text())

    def text(self) -> str:
        parts = [INTRO, table(list(self.global_rows()))]
        if self.beneath is not None and (rows := list(self.screen_rows(self.beneath))):
            title = getattr(self.beneath, "HELP_TITLE", "") or type(self.beneath).__name__.removesuffix("Screen")
            parts.append(f"\n## On this screen: {title}\n\n" + table(rows))
        data_dir = printable(str(self.app.store.data_dir))
        parts.append("\n" + OUTRO.format(config=printable(str(config_path())), data_dir=data_dir))
        return "".join(parts)

    def global_rows(self) -> Iterator[tuple[str, str, str]]:
        for binding in type(self.app).BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                yield app_keys(self.app, binding.id), binding.tooltip or binding.description, binding.id
        yield from FIXED_ROWS

    def screen_rows(self, screen: Screen) -> Iterator[tuple[str, str, str]]:
        """The keys of the screen beneath, as remapped: one row per binding id."""
        for binding in declared_bindings(type(screen)):
            keys = keys_display(self.app, current_keys(self.app, binding))
            yield keys, binding.tooltip or binding.description, binding.id or ""

    def action_close(self) -> None:
        self.dismiss()
