"""Typing in the reflection editor while a draft is being saved (budget 1.5×, issue 5).

On the 10 000-session file, each key press is timed from the press to the screen having
processed and repainted it: with nothing saving; while draft saves run back to back in
another thread (the autosave path, the worst case); and, as a control, while a plain
write + fsync + rename of the same bytes runs back to back. The control shows the floor
that writing a file of that size sets on this machine, whatever the app does.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

KEYS = "the junior showed me a faster way"


def bench_typing(sets: dict[str, Path], repeat: int) -> list:
    from tests.benchmarks.__main__ import Result

    with tempfile.TemporaryDirectory(prefix="companion-typing-") as scratch:
        folder = Path(scratch) / "data"
        shutil.copytree(sets["10000"], folder)
        quiet, busy, saves, control = asyncio.run(_measure(folder, repeat))
    return [
        Result(
            f"key press while saving, 10000 sessions ({saves} saves)", busy, quiet,
            "key press, nothing saving", 1.5,
        ),
        Result("key press while a plain write+fsync runs", control, quiet, "key press, nothing saving", None),
        Result("key press while saving vs plain write+fsync", busy, control, "plain write+fsync (control)", None),
    ]


async def _measure(folder: Path, repeat: int) -> tuple[float, float, int]:
    from textual.widgets import TextArea

    from companion.app import make_app
    from companion.models import Session
    from companion.reflections import save_draft
    from screens.reflection import ReflectionScreen
    from tests.benchmarks.datasets import NOW

    app = make_app(folder)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        target = app.store
        held = sorted(
            (doc["scheduled_at"], int(doc_id)) for doc_id, doc in target.docs("sessions").items()
            if doc.get("state") == "held"
        )
        session = target.get(Session, held[-1][1])
        app.push_screen(ReflectionScreen(session))
        await pilot.pause()
        area = app.screen.query_one("#learned", TextArea)
        area.focus()
        # Timers off: the figure is about a save we start, at a moment we know.
        for timer in list(app.screen._timers):
            timer.stop()

        async def press_all() -> list[float]:
            samples = []
            for key in KEYS * max(1, repeat // 4):
                started = time.perf_counter()
                await pilot.press("space" if key == " " else key)
                await pilot.pause()
                samples.append((time.perf_counter() - started) * 1000)
            return samples

        quiet = await press_all()
        saves = 0
        stop = threading.Event()

        def keep_saving() -> None:
            nonlocal saves
            while not stop.is_set():
                save_draft(target, session.id, now=NOW, learned=f"draft {saves}")
                saves += 1

        saver = threading.Thread(target=keep_saving)
        saver.start()
        try:
            busy = await press_all()
        finally:
            stop.set()
            saver.join()

        blob = target.path.read_bytes()
        stop = threading.Event()

        def keep_writing() -> None:
            scratch = target.path.with_name("control.json")
            while not stop.is_set():
                with open(scratch.with_suffix(".tmp"), "wb") as handle:
                    handle.write(blob)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(scratch.with_suffix(".tmp"), scratch)

        writer = threading.Thread(target=keep_writing)
        writer.start()
        try:
            control = await press_all()
        finally:
            stop.set()
            writer.join()
    return statistics.median(quiet), statistics.median(busy), saves, statistics.median(control)


if __name__ == "__main__":
    import sys

    for result in bench_typing({"10000": Path(sys.argv[1])}, 11):
        print(result.line())
