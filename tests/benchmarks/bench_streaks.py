"""Streak figures on the 10 000-session demo file (budget: 20 ms, docs/streaks.md).

Measures what the dashboard and `companion status` pay for every streak figure: reading
the facts from the loaded file (`session_facts`) and computing the report
(`streak_report`), both

- cold: as right after start-up, with the store's derived caches cleared, so the facts
  are read from the raw documents again; and
- warm: the facts cached (the data has not changed), the report computed afresh.

`bench_streaks(sets, repeat)` plugs into `tests/benchmarks/__main__.py`; on its own:

    .venv/bin/companion demo --into /tmp/streak10k --sessions 10000
    .venv/bin/python -m tests.benchmarks.bench_streaks /tmp/streak10k
"""

from __future__ import annotations

import sys
from pathlib import Path

BUDGET_MS = 20.0


def bench_streaks(sets: dict[str, Path], repeat: int) -> list:
    """Cold and warm timings (medians of `repeat × 3` runs) as `Result`s."""
    from companion import streak_facts, streaks
    from companion.partnerships import current_partnership
    from companion.store import Store
    from tests.benchmarks.__main__ import Result, median_ms
    from tests.benchmarks.datasets import NOW

    store = Store(sets["10000"]).open()
    partnership = current_partnership(store)
    assert partnership is not None, "the demo file has a partnership"

    def compute() -> None:
        streaks.streak_report(partnership, streak_facts.session_facts(store, partnership), NOW)

    def compute_cold() -> None:
        store._derived.clear()  # as right after start-up: the facts are read again
        compute()

    compute_cold()  # imports and first-time costs are not part of either figure
    cold = median_ms(compute_cold, repeat * 3)
    warm = median_ms(compute, repeat * 3)
    budget = f"budget ({BUDGET_MS:.0f} ms)"
    return [
        Result("streaks, 10000 sessions, cold", cold, BUDGET_MS, budget, 1.0),
        Result("streaks, 10000 sessions, warm", warm, BUDGET_MS, budget, 1.0),
    ]


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    for result in bench_streaks({"10000": folder}, int(sys.argv[2]) if len(sys.argv) > 2 else 11):
        print(result.line())
