"""`make bench`: Companion's performance budget, as ratios against baselines in the same run.

Ours and the baseline run in alternation, each pair back to back, so that the machine's
changing load affects both alike; the ratio printed is the median of the per-pair ratios
(the times shown are the medians of each side). Nothing here asserts: it prints, and
marks a figure over budget with "OVER".
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks import datasets

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    name: str
    ours_ms: float
    baseline_ms: float
    baseline_name: str
    budget: float | None
    pair_ratio: float | None = None  # median of per-pair ratios, when runs were paired
    unit: str = "ms"  # what ours and the baseline are measured in

    @property
    def ratio(self) -> float:
        return self.pair_ratio if self.pair_ratio is not None else self.ours_ms / self.baseline_ms

    def line(self) -> str:
        verdict = ""
        if self.budget is not None:
            verdict = "ok" if self.ratio <= self.budget else "OVER"
            verdict = f"budget {self.budget:.1f}×  {verdict}"
        return (
            f"{self.name:<44} {self.ours_ms:9.1f} {self.unit:<3} vs {self.baseline_name:<26} "
            f"{self.baseline_ms:8.1f} {self.unit:<3} = {self.ratio:5.2f}×  {verdict}"
        )


def median_ms(run: Callable[[], None], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def timed(run: Callable[[], None]) -> Callable[[], float]:
    def measure() -> float:
        started = time.perf_counter()
        run()
        return (time.perf_counter() - started) * 1000

    return measure


def paired(ours: Callable[[], float], baseline: Callable[[], float], repeat: int) -> tuple[float, float, float]:
    """(median ours, median baseline, median of per-pair ratios); each call returns ms."""
    ours(), baseline()  # warm caches (disk, bytecode) before measuring either
    ours_samples, base_samples = [], []
    for _ in range(repeat):
        ours_samples.append(ours())
        base_samples.append(baseline())
    ratios = [o / b for o, b in zip(ours_samples, base_samples)]
    return statistics.median(ours_samples), statistics.median(base_samples), statistics.median(ratios)


def python(*args: str, env: dict[str, str] | None = None) -> Callable[[], None]:
    """A command in a fresh interpreter. Bytecode caching is on, as for an installed app
    (pip compiles on install); the first, unmeasured run writes the caches."""
    command = [sys.executable, *args]
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)

    def run() -> None:
        subprocess.run(
            command,
            check=True,
            cwd=REPO,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    return run


def first_frame_ms(*args: str) -> float:
    """Milliseconds from starting the interpreter to the app's first frame on screen."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.first_frame", *args],
        check=True,
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    return (float(done.stdout.strip().splitlines()[-1]) - started) * 1000


def bench_first_frames(sets: dict[str, Path], repeat: int) -> list[Result]:
    results = []
    for label, budget in (("260", 1.3), ("10000", 2.0)):
        o, b, r = paired(
            lambda label=label: first_frame_ms("dashboard", str(sets[label])), lambda: first_frame_ms("bare"), repeat
        )
        results.append(Result(f"dashboard first frame, {label} sessions", o, b, "bare Textual app", budget, r))
    return results


def bench_note(sets: dict[str, Path], repeat: int) -> list[Result]:
    from companion import clock
    from companion.atomic import fsync_dir
    from companion.notes import add_note
    from companion.store import Store
    from tests.conftest import read_tables

    folder = sets["10000"]
    tables, _ = read_tables(folder / "companion.json")
    target = folder / "baseline.json"

    def ours() -> None:
        add_note(Store(folder).open(), "benchmark note", clock.now())

    def plain_dump() -> None:
        temp = folder / "baseline.tmp"
        with open(temp, "w") as handle:
            handle.write(json.dumps(tables))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
        fsync_dir(folder)

    o, b, r = paired(timed(ours), timed(plain_dump), repeat)
    target.unlink(missing_ok=True)
    return [Result("companion note, 10000 sessions (in-process)", o, b, "json dump+fsync+rename", 3.0, r)]


def bench_note_startup(sets: dict[str, Path], repeat: int) -> list[Result]:
    note = python("-m", "companion", "--data", str(sets["260"]), "note", "startup benchmark")
    bare = python("-c", "pass")
    o, b, r = paired(timed(note), timed(bare), repeat)
    return [Result("`companion note` process, 260 sessions", o, b, "python -c pass", None, r)]


def bench_agenda(sets: dict[str, Path], repeat: int) -> list[Result]:
    """Gathering the inputs and building an agenda, with the 10 000-session file loaded."""
    from companion import clock
    from companion.agenda import build_agenda
    from companion.banks import load_banks
    from companion.partnerships import require_partnership
    from companion.prepare import ensure_next_session, gather_inputs
    from companion.store import Store

    store = Store(sets["10000"]).open()
    banks = load_banks()
    prompts = list(banks.prompts.values())
    now = clock.now()
    partnership = require_partnership(store)
    session = ensure_next_session(store, partnership, now)

    def build() -> None:
        build_agenda(gather_inputs(store, partnership, session, now), prompts, built_at=now)

    def build_cold() -> None:
        store._derived.clear()  # as right after start-up: the history indexes are built too
        build()

    cold = median_ms(build_cold, repeat * 3)
    warm = median_ms(build, repeat * 3)
    return [
        Result("agenda build, 10000 sessions, cold", cold, 20.0, "budget (20 ms)", 1.0),
        Result("agenda build, 10000 sessions, warm", warm, 20.0, "budget (20 ms)", 1.0),
    ]


def bench_streaks_figures(sets: dict[str, Path], repeat: int) -> list[Result]:
    from tests.benchmarks.bench_streaks import bench_streaks

    return bench_streaks(sets, repeat)


def bench_typing_figures(sets: dict[str, Path], repeat: int) -> list[Result]:
    from tests.benchmarks.bench_typing import bench_typing

    return bench_typing(sets, repeat)


def bench_progress_figures(sets: dict[str, Path], repeat: int) -> list[Result]:
    from tests.benchmarks.bench_progress import bench_progress_first_frame

    return bench_progress_first_frame(sets, repeat)


def bench_search_figures(sets: dict[str, Path], repeat: int) -> list[Result]:
    from tests.benchmarks.bench_search import bench_search

    return bench_search(sets, repeat)


def bench_search_update_figures(sets: dict[str, Path], repeat: int) -> list[Result]:
    from tests.benchmarks.bench_search_update import bench_search_update

    return bench_search_update(sets, repeat)


def in_fresh_process(
    bench: Callable[[dict[str, Path], int], list[Result]],
) -> Callable[[dict[str, Path], int], list[Result]]:
    """`bench`, run in a fresh interpreter (see `tests/benchmarks/isolated.py`)."""

    def run(sets: dict[str, Path], repeat: int) -> list[Result]:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.benchmarks.isolated",
                bench.__name__,
                json.dumps({label: str(folder) for label, folder in sets.items()}),
                str(repeat),
            ],
            check=True,
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        return [Result(**fields) for fields in json.loads(done.stdout.strip().splitlines()[-1])]

    run.__name__ = bench.__name__  # so that --only finds it
    return run


def bench_export_figures(sets: dict[str, Path], repeat: int) -> list[Result]:
    from tests.benchmarks.bench_export import bench_export

    return bench_export(sets, repeat)


def bench_share_figures(sets: dict[str, Path], repeat: int) -> list[Result]:
    from tests.benchmarks.bench_share import bench_share

    return bench_share(sets, repeat)


BENCHMARKS = [
    bench_first_frames,
    bench_progress_figures,
    bench_note,
    bench_note_startup,
    in_fresh_process(bench_agenda),
    in_fresh_process(bench_streaks_figures),
    bench_typing_figures,
    in_fresh_process(bench_search_figures),
    in_fresh_process(bench_search_update_figures),
    in_fresh_process(bench_export_figures),
    in_fresh_process(bench_share_figures),
]


def chosen(argv: list[str]) -> list[Callable[[dict[str, Path], int], list[Result]]]:
    """The benchmarks to run: all, or with `--only WORD` those whose name holds WORD."""
    if len(argv) == 2 and argv[0] == "--only":
        return [bench for bench in BENCHMARKS if argv[1] in bench.__name__]
    return BENCHMARKS


def main() -> int:
    repeat = int(os.environ.get("BENCH_REPEAT", "11"))
    benchmarks = chosen(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as scratch:
        os.environ["COMPANION_HOME"] = str(Path(scratch) / "unused")
        os.environ["XDG_CONFIG_HOME"] = str(Path(scratch) / "config")
        sets = datasets.build(Path(scratch))
        print(
            f"Companion benchmarks: {repeat} paired runs each (medians; ratio = median of "
            f"per-pair ratios), Python {sys.version.split()[0]}, {os.cpu_count()} cores"
        )
        for bench in benchmarks:
            for result in bench(sets, repeat):
                print(result.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
