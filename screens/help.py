"""Help: the keys, what each screen is for, and where the data lives."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from companion.terminal_text import printable
from screens.base import CompanionDialog

HELP_TEXT = """\
# Companion

A companion for **reverse mentoring**: a junior colleague mentors a senior one.
Prepare an agenda before each session, reflect after it, and keep the rhythm going.

## Keys

| Key | What it does |
|---|---|
| `d` | Dashboard: next session, agenda readiness, notes waiting |
| `a` | The next session's agenda |
| `g` | Goals: expectations, check-ins, progress |
| `s` | Sessions: mark held, move, skip, cancel, add |
| `r` | Reflect on the session that just happened |
| `t` | Action items |
| `p` | Progress: heatmap, streaks, momentum, trends |
| `,` | Settings: profile, partnerships, cadence, theme, data |
| `n` | Capture a note for the next session |
| `F1` or `?` | This help |
| `Ctrl+P` | Command palette: every action, searchable; change the theme |
| `Tab` / `Shift+Tab` | Move between fields |
| `Escape` | Close a dialog or this help |
| `Ctrl+Q` | Quit |

On a screen with its own meaning for a letter (`a` adds an agenda item on the agenda,
`s` sorts the goals), the screen's meaning wins and the footer shows which keys are in
play; `Escape` or `d` takes you back to the dashboard, where every key above works.

## On the agenda

`Enter` edit · `n` add · `x` delete · `r` reroll a prompt · `f` find a prompt ·
`Shift+↑/↓` move · `+`/`-`/`t` time box · `v` private · `m` ready · `c` copy as
Markdown · `w` save as a `.md` file. Time boxes always add up to the session length.

## On the goals screen

`n` new goal · `e` edit · `c` check in · `Enter` history · `A` achieve · `p` pause ·
`x` drop · `r` reactivate · `s` sort (or click a heading) · `f` filter by status.

## On the sessions screen

`h` held · `r` reflect · `m` move · `k` skip (optionally pausing the streak) · `x` cancel ·
`u` undo a skip or cancel · `n` add a session · `Enter` details.

## On the action items screen

`n` new · `e` or `Enter` edit · `space` done or open again · `x` delete · `f` filter.

## While reflecting

Drafts are saved every few seconds and when you leave. `Ctrl+S` finishes the reflection ·
`Ctrl+O` opens the notes in `$EDITOR` · `F2` previews the notes as Markdown.

## From your shell

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
"""


class HelpScreen(CompanionDialog[None]):
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", "Close", id="help_close"),
    ]
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 90%;
        max-width: 88;
        height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(HELP_TEXT.format(data_dir=printable(str(self.app.store.data_dir))))

    def action_close(self) -> None:
        self.dismiss()
