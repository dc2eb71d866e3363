"""`make bench`: Companion's performance budget, as ratios against baselines in the same run.

Each figure is the median of several runs; ours and the baseline alternate so that the
machine's mood affects both alike. Nothing here asserts: it prints, and marks a figure
over budget with "OVER".
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

    @property
    def ratio(self) -> float:
        return self.ours_ms / self.baseline_ms

    def line(self) -> str:
        verdict = ""
        if self.budget is not None:
            verdict = "ok" if self.ratio <= self.budget else "OVER"
            verdict = f"budget {self.budget:.1f}×  {verdict}"
        return (
            f"{self.name:<44} {self.ours_ms:9.1f} ms  vs {self.baseline_name:<26} "
            f"{self.baseline_ms:8.1f} ms  = {self.ratio:5.2f}×  {verdict}"
        )


def median_ms(run: Callable[[], None], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def paired(ours: Callable[[], None], baseline: Callable[[], None], repeat: int) -> tuple[float, float]:
    """Medians of `ours` and `baseline`, run alternately."""
    ours_samples, base_samples = [], []
    ours()  # warm caches (disk, bytecode) before measuring either
    baseline()
    for _ in range(repeat):
        for run, samples in ((ours, ours_samples), (baseline, base_samples)):
            started = time.perf_counter()
            run()
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(ours_samples), statistics.median(base_samples)


def python(*args: str, env: dict[str, str] | None = None) -> Callable[[], None]:
    command = [sys.executable, *args]
    full_env = {**os.environ, **(env or {})}

    def run() -> None:
        subprocess.run(command, check=True, cwd=REPO, env=full_env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return run


def bench_first_frames(sets: dict[str, Path], repeat: int) -> list[Result]:
    results = []
    bare = python("-m", "tests.benchmarks.first_frame", "bare")
    for label, budget in (("260", 1.3), ("10000", 2.0)):
        ours = python("-m", "tests.benchmarks.first_frame", "dashboard", str(sets[label]))
        o, b = paired(ours, bare, repeat)
        results.append(Result(f"dashboard first frame, {label} sessions", o, b, "bare Textual app", budget))
    return results


def bench_note(sets: dict[str, Path], repeat: int) -> list[Result]:
    from companion import clock
    from companion.notes import add_note
    from companion.store import Store, fsync_dir, read_tables

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

    o, b = paired(ours, plain_dump, repeat)
    target.unlink(missing_ok=True)
    return [Result("companion note, 10000 sessions (in-process)", o, b, "json dump+fsync+rename", 3.0)]


def bench_note_startup(sets: dict[str, Path], repeat: int) -> list[Result]:
    note = python("-m", "companion", "--data", str(sets["260"]), "note", "startup benchmark")
    bare = python("-c", "pass")
    o, b = paired(note, bare, repeat)
    return [Result("`companion note` process, 260 sessions", o, b, "python -c pass", None)]


def bench_agenda(sets: dict[str, Path], repeat: int) -> list[Result]:
    """Gathering the inputs and building an agenda, with the 10 000-session file loaded."""
    from companion import clock
    from companion.agenda import build_agenda
    from companion.banks import load_banks
    from companion.prepare import ensure_next_session, gather_inputs, require_partnership
    from companion.store import Store

    store = Store(sets["10000"]).open()
    banks = load_banks()
    prompts = list(banks.prompts.values())
    now = clock.now()
    partnership = require_partnership(store)
    session = ensure_next_session(store, partnership, now)

    def build() -> None:
        build_agenda(gather_inputs(store, partnership, session, now), prompts, built_at=now)

    ours = median_ms(build, repeat * 3)
    return [Result("agenda build, 10000 sessions", ours, 20.0, "budget (20 ms)", 1.0)]


BENCHMARKS = [bench_first_frames, bench_note, bench_note_startup, bench_agenda]


def main() -> int:
    repeat = int(os.environ.get("BENCH_REPEAT", "7"))
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as scratch:
        os.environ["COMPANION_HOME"] = str(Path(scratch) / "unused")
        os.environ["XDG_CONFIG_HOME"] = str(Path(scratch) / "config")
        sets = datasets.build(Path(scratch))
        print(f"Companion benchmarks — median of {repeat} runs, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} cores")
        for bench in BENCHMARKS:
            for result in bench(sets, repeat):
                print(result.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
