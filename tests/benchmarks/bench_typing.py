"""Typing in the reflection editor while a draft is being saved (budget 1.5×, issue 5).

On the 10 000-session file, each key press is timed from the moment it reaches the app's
message queue (where a terminal driver puts it) to the moment the frame that shows the
typed character has been composed and encoded for the terminal. Three conditions: nothing
saving; draft saves running back to back in another thread (the autosave path at its
worst); and, as a control, a plain write + fsync + rename of the same bytes running back to
back, which shows what writing a file of that size costs this machine whatever the app does.

The test pilot's own `press()`/`pause()` are not used for timing: they wait until the
*process* looks idle by its CPU time, which counts every thread, so any background writer
makes them wait longer however fast the screen updated.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

KEYS = "the junior showed me a faster way"
GAP_S = 0.03  # between key presses: a fast typist


def bench_typing(sets: dict[str, Path], repeat: int) -> list:
    from tests.benchmarks.__main__ import Result

    with tempfile.TemporaryDirectory(prefix="companion-typing-") as scratch:
        folder = Path(scratch) / "data"
        shutil.copytree(sets["10000"], folder)
        figures = asyncio.run(_measure(folder, repeat))
    quiet, busy, control = figures["quiet"], figures["busy"], figures["control"]
    saves = figures["saves"]
    return [
        Result(
            f"key to frame while saving, 10000 sessions ({saves} saves)",
            _median(busy),
            _median(quiet),
            "key to frame, nothing saving",
            1.5,
        ),
        # A save that held the interpreter would leave the median alone and show here.
        Result("  slowest 5% of keys, while saving", _p95(busy), _p95(quiet), "slowest 5%, nothing saving", 1.5),
        Result(
            "key to frame while a plain write+fsync runs",
            _median(control),
            _median(quiet),
            "key to frame, nothing saving",
            None,
        ),
        Result(
            "  slowest 5% of keys, plain write+fsync", _p95(control), _p95(quiet), "slowest 5%, nothing saving", None
        ),
    ]


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


class FrameTimer:
    """Times a key from the app's queue to the first frame showing its effect on `area`."""

    def __init__(self, app, area) -> None:
        from textual._compositor import CompositorUpdate

        self.app, self.area = app, area
        self.pending: asyncio.Future | None = None
        self.length_wanted = 0
        show = app._display

        def display(screen, renderable) -> None:
            show(screen, renderable)
            waiting = self.pending
            if renderable is None or waiting is None or waiting.done():
                return
            if len(self.area.text) < self.length_wanted:
                return
            if isinstance(renderable, CompositorUpdate):
                # A headless app skips turning the frame into terminal output; a real one does not.
                renderable.render_segments(app.console)
            waiting.set_result(time.perf_counter())

        app._display = display

    async def press(self, key: str) -> float:
        from textual import events

        self.length_wanted = len(self.area.text) + 1
        self.pending = asyncio.get_running_loop().create_future()
        event = events.Key("space" if key == " " else key, key)
        event.set_sender(self.app)
        started = time.perf_counter()
        self.app._driver.send_message(event)
        shown = await asyncio.wait_for(self.pending, timeout=10)
        return (shown - started) * 1000


async def _type(timer: FrameTimer) -> list[float]:
    samples = []
    for key in KEYS:
        samples.append(await timer.press(key))
        await asyncio.sleep(GAP_S)
    return samples


async def _while_running(work: Callable[[], None], timer: FrameTimer) -> tuple[list[float], int]:
    stop = threading.Event()
    runs = 0

    def loop() -> None:
        nonlocal runs
        while not stop.is_set():
            work()
            runs += 1

    worker = threading.Thread(target=loop)
    worker.start()
    try:
        await asyncio.sleep(0.2)  # the first write is under way
        samples = await _type(timer)
    finally:
        stop.set()
        worker.join()
    return samples, runs


async def _measure(folder: Path, repeat: int) -> dict:
    from textual.widgets import TextArea

    from companion.models import Session
    from companion.reflections import save_draft
    from screens.app import make_app
    from screens.reflection import ReflectionScreen
    from tests.benchmarks.datasets import NOW

    app = make_app(folder)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        target = app.store
        held = sorted(
            (doc["scheduled_at"], int(doc_id))
            for doc_id, doc in target.docs("sessions").items()
            if doc.get("state") == "held"
        )
        session = target.get(Session, held[-1][1])
        app.push_screen(ReflectionScreen(session))
        await pilot.pause()
        area = app.screen.query_one("#learned", TextArea)
        area.cursor_blink = False  # a blink is a frame too; only the key's frame counts
        area.focus()
        # The screen's own autosave off: the figure is about saves we start, at moments we know.
        for timer in list(app.screen._timers):
            if timer.name == "autosave":
                timer.stop()
        await pilot.pause()

        frames = FrameTimer(app, area)
        await _type(frames)  # warm up: first-time layout and caches
        blob = target.path.read_bytes()
        scratch = target.path.with_name("control.json")
        draft = iter(range(1_000_000))

        def save() -> None:
            save_draft(target, session.id, now=NOW, learned=f"draft {next(draft)}")

        def plain_write() -> None:
            with open(scratch.with_suffix(".tmp"), "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(scratch.with_suffix(".tmp"), scratch)

        # The three conditions take turns, so that the machine's changing load falls on all.
        quiet, busy, control, saves = [], [], [], 0
        for _ in range(max(1, repeat // 2)):
            quiet += await _type(frames)
            samples, runs = await _while_running(save, frames)
            busy, saves = busy + samples, saves + runs
            control += (await _while_running(plain_write, frames))[0]
    return {"quiet": quiet, "busy": busy, "saves": saves, "control": control}


if __name__ == "__main__":
    import sys

    for result in bench_typing({"10000": Path(sys.argv[1])}, int(sys.argv[2]) if len(sys.argv) > 2 else 11):
        print(result.line())
