"""The installed `companion` command in a real terminal (tmux), from the first run to
`companion status`, as a person goes through it (docs/testing.md).

Morning (the conftest's clock, Tuesday 10:00): the first-run form and the agreement with
a reset phrase, then the agenda (which reminds of the phrase) for
today's 16:00 session, marked ready. Evening (16:50, the session has passed): the session
marked held on the sessions screen, the reflection written and finished. Then
`companion status` in the same shell, and the data file read back.

Every key sent is in `KEYS`. The test waits for what the screen shows, never for a fixed
time: keys typed ahead of a change of focus would reach the field that had it, so before
typing into a field it waits until the field shows its focus.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from companion.models import Partnership, Profile, Session, SessionState, Stance
from companion.store import Store

KEYS = {
    "next_field": "Tab",
    "open_choice": "Enter",
    "choice_down": "Down",
    "choose": "Enter",
    "start": "C-s",  # the first-run form
    "save": "C-s",  # the agreement
    "agenda": "2",
    "agenda_ready": "m",
    "sessions": "3",
    "hold": "h",
    "hold_ok": "Enter",
    "reflect": "r",
    "finish": "C-s",
    "quit": "C-q",
}
SIZE = (100, 30)
# A rating's list of choices is open: the footer's key for closing it, or (when the list
# opens low on the screen and covers the footer) 2, 3 and 4 starting three lines in a row.
RATINGS_OPEN = r"Dismiss menu|\n\s+2\b[^\n]*\n\s+3\b[^\n]*\n\s+4\b"
TIMEOUT = 30.0  # seconds for anything to show; a loaded machine can be slow to start Python
EVENING = "2026-11-24T16:50:00"
COMPANION = Path(sys.executable).parent / "companion"
SGR = re.compile(r"\x1b\[([0-9;:]*)m")

pytestmark = pytest.mark.slow


def tmux_or_skip() -> str:
    """The tmux command; installed with apt-get when it is missing and we are root, else a skip."""
    if not shutil.which("tmux") and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        install_tmux()
    found = shutil.which("tmux")
    if found is None:
        pytest.skip(
            "needs tmux to drive companion in a real terminal: it is not installed and could not be "
            "installed (apt-get install tmux, as root); install tmux to run this test"
        )
    return found


def install_tmux() -> None:
    """apt-get install, quietly; when the package lists are empty (a fresh machine), update
    them and try once more."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "tmux"]
    for command in (install, ["apt-get", "update", "-qq"], install):
        if shutil.which("tmux"):
            return
        try:
            subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return


class Terminal:
    """One tmux session on a server of its own, running a shell."""

    def __init__(self, tmux: str, env: dict[str, str]):
        self.command = [tmux, "-L", f"companion-test-{uuid.uuid4().hex[:12]}", "-f", os.devnull]
        self.env = env

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            [*self.command, *args], env=self.env, capture_output=True, text=True, timeout=TIMEOUT, check=True
        )
        return done.stdout

    def start(self) -> None:
        width, height = SIZE
        self.tmux("new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height), "sh")

    def close(self) -> None:
        subprocess.run([*self.command, "kill-server"], env=self.env, capture_output=True, timeout=TIMEOUT)

    def send(self, *keys: str) -> None:
        """Keys by tmux's names (`Enter`, `C-s`, `a`)."""
        self.tmux("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "e2e", "-l", text)

    def run(self, command_line: str) -> None:
        self.type(command_line)
        self.send("Enter")

    def lines(self) -> list[str]:
        """The screen, line by line, with its styles (SGR escapes)."""
        return self.tmux("capture-pane", "-p", "-e", "-t", "e2e").splitlines()

    def text(self) -> str:
        return "\n".join(SGR.sub("", line) for line in self.lines())

    def wait_until(self, found, what: str):
        """Poll the screen until `found(self)` gives something; fail showing the screen."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            result = found(self)
            if result:
                return result
            if time.monotonic() > deadline:
                pytest.fail(f"waited {TIMEOUT:.0f} s for {what}; the terminal shows:\n{self.text()}")
            time.sleep(0.05)

    def wait_for(self, pattern: str) -> str:
        """Wait for a regular expression on the screen (plain text); the screen's text."""

        def shown(term: Terminal) -> str:
            text = term.text()
            return text if re.search(pattern, text) else ""

        return self.wait_until(shown, repr(pattern))

    def field(self, label: str, below: int = 0) -> list[tuple[str, str]] | None:
        """How the field labelled `label` looks: 30 cells (character and style) right of the
        label on its line, or from the label's column `below` lines further down. The label
        starts a line or follows two spaces; None while it is not on screen."""
        lines = screen_cells(self.lines())
        starts_a_column = re.compile(rf"(^\s*|\s\s){re.escape(label)}")
        for index, row in enumerate(lines):
            found = starts_a_column.search("".join(char for char, _ in row))
            if found:
                column = found.end() - len(label)
                if not below:
                    return row[column + len(label) : column + len(label) + 30]
                if index + below < len(lines):
                    return lines[index + below][column : column + 30]
                return None
        return None

    def focus_next(self, label: str, below: int = 0) -> None:
        """Move to the next field and wait until the one labelled `label` shows its focus
        (its look changes: a cursor, a highlight). The screen must be still before and
        after: a scroll that follows a focus change is a change of look too."""
        self.wait_still()
        before = self.field(label, below)
        self.send(KEYS["next_field"])
        self.wait_until(lambda t: (look := t.field(label, below)) is not None and look != before, f"focus on {label}")
        self.wait_still()

    def border_style(self, label: str) -> str | None:
        """The style of the left border of the text area under `label` (its hint between may
        wrap onto a second line, or not, as a scrollbar comes and goes)."""
        lines = screen_cells(self.lines())
        starts_a_column = re.compile(rf"(^\s*|\s\s){re.escape(label)}")
        for index, row in enumerate(lines):
            found = starts_a_column.search("".join(char for char, _ in row))
            if found:
                column = found.end() - len(label)
                for below in lines[index + 1 : index + 5]:
                    if len(below) > column and below[column][0] == "▊":
                        return below[column][1]
                return None
        return None

    def wait_still(self) -> None:
        """Wait until two looks at the screen a moment apart are the same."""
        last: list[list[str]] = [self.lines()]

        def still(term: Terminal) -> bool:
            time.sleep(0.15)
            now = term.lines()
            same, last[0] = now == last[0], now
            return same

        self.wait_until(still, "the screen to be still")

    def choose(self, downs: int, shown: str, opened: str = "Dismiss menu") -> None:
        """Open the focused choice, wait for its list (`opened`: by default the footer's key
        for closing it), go down `downs` options, take it, and wait for `shown`."""
        self.send(KEYS["open_choice"])
        self.wait_for(opened)
        self.send(*[KEYS["choice_down"]] * downs, KEYS["choose"])
        self.wait_for(shown)


def screen_cells(lines: list[str]) -> list[list[tuple[str, str]]]:
    """Each captured line as (character, style) cells. tmux writes only what changes from the
    cell before, across line ends too, so the style is worked out as a terminal would: the
    colours, reverse and bold in force, whatever codes set them."""
    state: dict[str, str] = {}
    result = []
    for line in lines:
        row: list[tuple[str, str]] = []
        position = 0
        for match in SGR.finditer(line):
            row.extend((char, style_of(state)) for char in line[position : match.start()])
            apply_sgr(state, match.group(1))
            position = match.end()
        row.extend((char, style_of(state)) for char in line[position:])
        result.append(row)
    return result


def apply_sgr(state: dict[str, str], codes: str) -> None:
    params = [part for part in re.split("[;:]", codes)] if codes else ["0"]
    index = 0
    while index < len(params):
        code = params[index] or "0"
        if code == "0":
            state.clear()
        elif code in ("38", "48"):
            take = 3 if index + 1 < len(params) and params[index + 1] == "5" else 5
            state["fg" if code == "38" else "bg"] = ";".join(params[index + 1 : index + take])
            index += take - 1
        elif code in ("39", "49"):
            state.pop("fg" if code == "39" else "bg", None)
        elif code in ("1", "7"):
            state["bold" if code == "1" else "reverse"] = "on"
        elif code in ("22", "27"):
            state.pop("bold" if code == "22" else "reverse", None)
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            state["fg"] = code
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            state["bg"] = code
        index += 1


def style_of(state: dict[str, str]) -> str:
    return " ".join(f"{key}={value}" for key, value in sorted(state.items()))


@pytest.fixture
def terminal(tmp_path: Path):
    tmux = tmux_or_skip()
    assert COMPANION.exists(), f"the companion command is not installed next to {sys.executable}"
    # Not inside another tmux, and in colour: the focus of a field shows in its colours.
    env = {key: value for key, value in os.environ.items() if not key.startswith("TMUX") and key != "NO_COLOR"}
    if env.get("TERM", "dumb") == "dumb":
        env["TERM"] = "xterm-256color"  # tmux refuses to start from a terminal it cannot draw on
    term = Terminal(tmux, env)
    term.start()
    try:
        yield term
    finally:
        term.close()


def first_run_and_agenda(term: Terminal) -> None:
    term.run(f"'{COMPANION}'; echo \"end of the morning: $?\"")
    term.wait_for("Welcome to Companion")
    term.type("Alex")
    term.wait_for("Your name Alex")
    term.focus_next("Your role")
    term.type("Staff engineer")
    term.wait_for("Your role Staff engineer")
    term.focus_next("Partner's name")
    term.type("Sam")
    term.wait_for("Partner's name Sam")
    term.focus_next("You are the")
    term.choose(1, "You are the Mentee")
    term.focus_next("Focus role")
    term.choose(1, "Focus role Engineer")
    term.focus_next("Meet")
    term.focus_next("On")
    term.choose(2, "On Tuesday")
    term.send(KEYS["start"])
    term.wait_for("Reset phrase")  # the agreement, right after the first-run questions
    term.type("Straight answers")
    term.wait_for("I want +Straight answers")
    term.focus_next("My partner wants")
    term.focus_next("Reset phrase")
    term.type("pause please")
    term.wait_for("Reset phrase +pause please")
    term.send(KEYS["save"])
    term.wait_for("Next session")

    term.send(KEYS["agenda"])
    term.wait_for("Not ready: press")
    term.wait_for('say "pause please"')  # the agreement's reset phrase, in the check-in
    term.send(KEYS["agenda_ready"])
    term.wait_for("Ready since today 10:00")
    term.send(KEYS["quit"])
    term.wait_for("end of the morning: 0")


def held_and_reflected(term: Terminal) -> None:
    term.run(f"COMPANION_NOW={EVENING} '{COMPANION}'; echo \"end of the evening: $?\"")
    term.wait_for("Next session")
    term.send(KEYS["sessions"])
    term.wait_for(r"Today 16:00\s+planned\s+ready")  # the session just passed: the cursor starts on it
    term.send(KEYS["hold"])
    term.wait_for("Mark the session held")
    term.send(KEYS["hold_ok"])
    term.wait_for(r"Today 16:00\s+held\s+ready")

    term.send(KEYS["reflect"])
    term.wait_for("Reflection on your session with Sam, today 16:00")
    term.type("Sam reviews code with an assistant first")
    term.wait_for("Sam reviews code with an assistant first")
    # A text area shows its focus in its border's colour: learn it from the first one, which
    # has the focus, then move on until each one's border has it (a notification or a scroll
    # changes how a field looks too, so "it changed" is not enough here).
    focused = term.border_style("What I learned")
    for label in ("What I will try", "What surprised", "Notes"):
        term.send(KEYS["next_field"])
        term.wait_until(lambda t, label=label: t.border_style(label) == focused, f"focus on {label}")
    term.focus_next("Value:", below=1)
    term.choose(4, r"\n\s*4\s+▼", opened=RATINGS_OPEN)
    term.focus_next("Candour:", below=1)
    term.choose(3, r"▼\s+3\s+▼", opened=RATINGS_OPEN)
    term.send(KEYS["finish"])
    term.wait_for("Next session")
    term.send(KEYS["quit"])
    term.wait_for("end of the evening: 0")


def test_first_run_agenda_held_reflection_and_status_in_a_real_terminal(terminal: Terminal, data_dir: Path):
    first_run_and_agenda(terminal)
    held_and_reflected(terminal)

    terminal.run(f"COMPANION_NOW={EVENING} '{COMPANION}' status; echo \"end of status: $?\"")
    screen = terminal.wait_for("end of status: 0")
    line = screen.splitlines()[screen.splitlines().index("end of status: 0") - 1]
    assert line.startswith("Sam Tue 1 Dec 16:00 (in 7 days) · "), line
    assert "streak 1w" in line, line

    store = Store(data_dir, read_only=True).open()
    profile = store.singleton(Profile)
    assert profile is not None and (profile.name, profile.role) == ("Alex", "Staff engineer")
    [partnership] = store.all(Partnership)
    assert (partnership.partner_name, partnership.stance) == ("Sam", Stance.MENTEE)
    assert partnership.cadence.describe() == "every Tuesday at 16:00"
    [session] = store.all(Session)
    assert session.scheduled_at == datetime(2026, 11, 24, 16, 0)
    assert session.state is SessionState.HELD and session.held_at == datetime(2026, 11, 24, 16, 0)
    assert session.agenda is not None and session.agenda.ready_at == datetime(2026, 11, 24, 10, 0)
    assert session.agenda.items and all(item.covered for item in session.agenda.items)
    reflection = session.reflection
    assert reflection is not None and not reflection.is_draft
    assert reflection.learned == "Sam reviews code with an assistant first"
    assert (reflection.value, reflection.candour) == (4, 3)
    assert reflection.written_at == datetime.fromisoformat(EVENING)
