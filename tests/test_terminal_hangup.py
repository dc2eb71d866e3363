"""When the terminal goes away, the app saves what is on screen and quits (screens/hangup.py).

The app runs in a real pseudo-terminal that is not its controlling terminal, so closing
the terminal sends no SIGHUP: like a `make run` or a shell that takes the signal itself.
Text typed into the reflection just before must be in the data file afterwards.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from companion.models import Session, SessionState
from companion.store import Store
from screens.hangup import hung_up

COMPANION = Path(sys.executable).parent / "companion"
TIMEOUT = 30.0
WORDS = "zebracrossing"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX terminal")]


def test_a_terminal_is_hung_up_only_once_its_other_end_closes():
    main, side = os.openpty()
    try:
        assert not hung_up(side)
        os.close(main)
        assert hung_up(side)
    finally:
        os.close(side)


@pytest.fixture
def reflecting(onboarded: Store) -> dict[str, str]:
    """Last Tuesday's session, held and not reflected on yet; the environment to open it."""
    onboarded.add(
        Session(
            partnership_id=1,
            scheduled_at=datetime(2026, 11, 17, 16, 0),
            slot=datetime(2026, 11, 17, 16, 0),
            state=SessionState.HELD,
            held_at=datetime(2026, 11, 17, 16, 45),
        )
    )
    return {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}


class Pty:
    """`companion reflect` in a pseudo-terminal, with what it has drawn so far."""

    def __init__(self, env: dict[str, str], *args: str):
        self.main, side = os.openpty()
        os.set_blocking(self.main, False)
        self.process = subprocess.Popen(
            [str(COMPANION), *args], stdin=side, stdout=side, stderr=side, env=env, start_new_session=True
        )
        os.close(side)
        self.drawn = b""

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while text.encode() not in self.drawn:
            assert time.monotonic() < deadline, f"{text!r} never showed"
            ready, _, _ = select.select([self.main], [], [], 0.2)
            if ready:
                self.drawn += os.read(self.main, 65536)

    def type(self, text: str) -> None:
        os.write(self.main, text.encode())

    def exit_code(self) -> int:
        try:
            return self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail("companion was still running after its terminal went away")


def learned_in_file(data_dir: Path) -> str:
    session = Store(data_dir).open().get(Session, 1)
    assert session is not None
    return session.reflection.learned if session.reflection else ""


@pytest.mark.parametrize("leave", ["close the terminal", "SIGTERM"])
def test_typed_text_is_saved_and_the_app_quits_when_the_terminal_goes(reflecting, data_dir: Path, leave: str):
    term = Pty(reflecting, "reflect")
    term.wait_for("What I learned")
    term.type(WORDS)
    term.wait_for(WORDS)
    if leave == "SIGTERM":
        term.process.send_signal(signal.SIGTERM)
    else:
        os.close(term.main)
    assert term.exit_code() == 0
    if leave == "SIGTERM":
        os.close(term.main)
    assert learned_in_file(data_dir) == WORDS


def test_the_app_quits_cleanly_when_the_terminal_goes_with_nothing_to_save(reflecting):
    """On the dashboard, with no draft and no save running, leaving must not wait on
    itself (it did: the quit waited for every worker, its own included, and crashed)."""
    term = Pty(reflecting)
    term.wait_for("Next session")
    os.close(term.main)
    assert term.exit_code() == 0
    assert not list(Path(os.environ["XDG_STATE_HOME"]).rglob("crash*")), "it crashed on its way out"
