"""The progress screen's first frame, against a bare Textual app (budget: 2× on 10 000
sessions; the five-year file is shown too, without a budget of its own).

Each run starts a fresh interpreter (`tests/benchmarks/first_frame.py progress DATA_DIR`)
that opens the data file and starts the app with the progress screen pushed on mount, in
place of the dashboard, and reports when its first frame is drawn: start-up, imports,
reading the file, the streak report, the rating points and the goals all count. Runs are
paired with the bare app's and the ratio is the median of the per-pair ratios, as in
`bench_first_frames` (tests/benchmarks/__main__.py).

Also printed, without a budget: opening the screen from the dashboard in a running app
(10 000 sessions, paired with pushing a bare screen), and what the screen computes
in-process on that file, cold (the store's derived caches cleared, as right after
start-up) and warm.

`bench_progress_first_frame(sets, repeat)` plugs into `tests/benchmarks/__main__.py`; on
its own (it generates the two demo files in a temporary folder first):

    .venv/bin/python -m tests.benchmarks.bench_progress [REPEAT]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

BUDGETS = (("260", None), ("10000", 2.0))


def bench_progress_first_frame(sets: dict[str, Path], repeat: int) -> list:
    """First frames of the progress screen on each dataset, paired with the bare app."""
    from tests.benchmarks.__main__ import Result, first_frame_ms, paired

    results = []
    for label, budget in BUDGETS:
        if label not in sets:
            continue
        o, b, r = paired(
            lambda label=label: first_frame_ms("progress", str(sets[label])), lambda: first_frame_ms("bare"), repeat
        )
        results.append(Result(f"progress first frame, {label} sessions", o, b, "bare Textual app", budget, r))
    return results


def bench_progress_data(sets: dict[str, Path], repeat: int) -> list:
    """The figures the screen shows (streak report, candour and value, goals), computed
    in-process on the 10 000-session file: cold and warm, for information."""
    from companion import goals, streaks, trends
    from companion.partnerships import current_partnership
    from companion.store import Store
    from tests.benchmarks.__main__ import Result, median_ms
    from tests.benchmarks.datasets import NOW

    store = Store(sets["10000"]).open()
    partnership = current_partnership(store)
    assert partnership is not None, "the demo file has a partnership"

    def compute() -> None:
        streaks.report_for(store, partnership, NOW)
        points = trends.rating_points(store, partnership)
        trends.recent_trend(points, "candour", NOW)
        trends.recent_trend(points, "value", NOW)
        goals.goals_of(store, partnership.id)

    def compute_cold() -> None:
        store._derived.clear()
        compute()

    compute_cold()
    cold = median_ms(compute_cold, repeat * 3)
    warm = median_ms(compute, repeat * 3)
    return [
        Result("progress figures, 10000 sessions, cold", cold, 20.0, "streak budget (20 ms)", None),
        Result("progress figures, 10000 sessions, warm", warm, 20.0, "streak budget (20 ms)", None),
    ]


def bench_progress_push(sets: dict[str, Path], repeat: int) -> list:
    """Opening the progress screen from the dashboard in a running app (the way people
    reach it: the file is loaded and the dashboard has computed the streak facts), until
    its first frame, paired with pushing a bare screen (header, label, footer)."""
    import asyncio
    import statistics
    import time

    from textual.screen import Screen
    from textual.widgets import Footer, Header, Label

    from screens.app import make_app
    from screens.progress import ProgressScreen
    from tests.benchmarks.__main__ import Result

    class BareScreen(Screen):
        def compose(self):
            yield Header()
            yield Label("Hello")
            yield Footer()

    async def first_frame(app, screen: Screen) -> float:
        drawn = asyncio.Event()
        started = time.perf_counter()
        await app.push_screen(screen)
        screen.call_after_refresh(drawn.set)
        await drawn.wait()
        elapsed = (time.perf_counter() - started) * 1000
        await app.pop_screen()
        return elapsed

    async def run() -> tuple[list[float], list[float]]:
        app = make_app(sets["10000"])
        ours, bare = [], []
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await first_frame(app, ProgressScreen())  # warm: imports, CSS
            await first_frame(app, BareScreen())
            for _ in range(repeat):
                ours.append(await first_frame(app, ProgressScreen()))
                bare.append(await first_frame(app, BareScreen()))
        return ours, bare

    ours, bare = asyncio.run(run())
    ratio = statistics.median(o / b for o, b in zip(ours, bare))
    return [
        Result(
            "progress pushed from dashboard, 10000 sess.",
            statistics.median(ours),
            statistics.median(bare),
            "bare screen pushed",
            None,
            ratio,
        )
    ]


def main() -> int:
    from tests.benchmarks import datasets

    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_REPEAT", "11"))
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as scratch:
        os.environ["COMPANION_HOME"] = str(Path(scratch) / "unused")
        os.environ["XDG_CONFIG_HOME"] = str(Path(scratch) / "config")
        sets = datasets.build(Path(scratch))
        print(
            f"Progress screen benchmarks: {repeat} paired runs each, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} cores"
        )
        for bench in (bench_progress_first_frame, bench_progress_push, bench_progress_data):
            for result in bench(sets, repeat):
                print(result.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
