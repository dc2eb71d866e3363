"""Killing the app mid-sentence loses at most the last few seconds of a reflection."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from companion.models import Session
from companion.sessions import hold_session
from companion.store import Store
from screens.reflection import AUTOSAVE_SECONDS
from tests.conftest import REPO

TYPIST = r"""
import asyncio, sys, time
from screens.app import make_app

async def main():
    app = make_app(sys.argv[1])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#learned").focus()
        for count, char in enumerate(sys.argv[2], start=1):
            await pilot.press("space" if char == " " else char)
            print(f"{time.time():.3f} {count}", flush=True)
            await asyncio.sleep(0.03)
        await asyncio.sleep(60)

asyncio.run(main())
"""
SENTENCE = "the junior showed me how they review pull requests with a chat bot and it was faster than mine " * 3


@pytest.mark.slow
def test_draft_survives_a_kill_while_typing(onboarded: Store, data_dir: Path, tmp_path: Path):
    today = datetime(2026, 11, 24, 16, 0)  # held, so that `4` opens its reflection at once
    hold_session(onboarded, Session(partnership_id=1, scheduled_at=today, slot=today), now=today)
    script = tmp_path / "typist.py"
    script.write_text(TYPIST)
    env = {**os.environ, "COMPANION_NOW": "2026-11-24T17:30:00"}
    child = subprocess.Popen(
        [sys.executable, str(script), str(data_dir), SENTENCE],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    typed: list[tuple[float, int]] = []
    try:
        started = None
        for line in child.stdout:
            moment, count = line.split()
            typed.append((float(moment), int(count)))
            started = started or float(moment)
            if float(moment) - started > 3 * AUTOSAVE_SECONDS:
                break
        killed_at = time.time()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert typed, "the typist never started typing"
    # Everything typed more than one autosave interval (and a second of slack) before the
    # kill must be on disk.
    safe = max((count for moment, count in typed if moment <= killed_at - AUTOSAVE_SECONDS - 1), default=0)
    assert safe > 20, "the test did not type long enough to prove anything"
    (session,) = Store(data_dir).open().all(Session)
    draft = session.reflection.learned
    assert SENTENCE.startswith(draft)
    assert len(draft) >= safe, f"only {len(draft)} of {safe} characters survived"
    assert session.reflection.is_draft
