"""Search on the 10 000-session demo file: a keystroke in a search box (budget 16 ms,
one frame), and what the index costs to build and to keep.

- keystroke: three queries typed letter by letter (1 to 3 words); after each letter the
  first screenful of matches is asked for, with the index built (the data unchanged);
  the figures are the median keystroke and the slowest one (each the median of `repeat`
  runs);
- build: the whole index from the loaded file, as on the first search after start-up,
  against decoding every record it reads (what any full read of the data costs);
- update: the first search after a note was added, where only the notes are read again;
- memory: what the built index keeps (tracemalloc), and the peak while building it.

`bench_search(sets, repeat)` plugs into `tests/benchmarks/__main__.py`; on its own:

    .venv/bin/companion demo --into /tmp/search10k --sessions 10000
    .venv/bin/python -m tests.benchmarks.bench_search /tmp/search10k
"""

from __future__ import annotations

import statistics
import sys
import tracemalloc
from pathlib import Path

BUDGET_MS = 16.0
QUERIES = ("feedback", "the junior", "code review habits")
SCREENFUL = 50


def typed_prefixes(query: str) -> list[str]:
    """What the box holds after each key press (a trailing space adds no word)."""
    return [query[:end] for end in range(1, len(query) + 1) if not query[:end].endswith(" ")]


def bench_search(sets: dict[str, Path], repeat: int) -> list:
    from companion import search
    from companion.models import ActionItem, Goal, Note, Session
    from companion.store import Store
    from tests.benchmarks.__main__ import Result, median_ms, paired, timed
    from tests.benchmarks.datasets import NOW

    store = Store(sets["10000"], read_only=True).open()

    def cold_build() -> None:
        store._derived.clear()
        search._parts.pop(store, None)
        search.search_index(store)

    def decode_all() -> None:
        for cls in (Session, Note, Goal, ActionItem):
            store.all(cls)

    build, decode, build_ratio = paired(timed(cold_build), timed(decode_all), max(3, repeat // 3))
    index = search.search_index(store)
    keystrokes = []
    for query in QUERIES:
        for typed in typed_prefixes(query):
            keystrokes.append(median_ms(lambda typed=typed: index.search(typed, limit=SCREENFUL), repeat))
    budget = f"budget ({BUDGET_MS:.0f} ms)"
    results = [
        Result("search keystroke, 10000 sessions, median", statistics.median(keystrokes), BUDGET_MS, budget, 1.0),
        Result("search keystroke, 10000 sessions, slowest", max(keystrokes), BUDGET_MS, budget, 1.0),
        Result("search index build, 10000 sessions", build, decode, "decoding every record", None, build_ratio),
        _update_after_note(sets, repeat, NOW),
    ]
    return results + _memory(store)


def _update_after_note(sets: dict[str, Path], repeat: int, now) -> object:
    import shutil
    import tempfile

    from companion import search
    from companion.notes import add_note
    from companion.store import Store
    from tests.benchmarks.__main__ import Result, timed

    with tempfile.TemporaryDirectory(prefix="companion-search-") as scratch:
        folder = Path(scratch) / "data"
        shutil.copytree(sets["10000"], folder)
        store = Store(folder).open()
        search.search_index(store)
        samples = []
        for _ in range(max(3, repeat // 3)):
            add_note(store, "benchmark note", now)
            samples.append(timed(lambda: search.search(store, "benchmark", limit=SCREENFUL))())
    median = statistics.median(samples)
    return Result("first search after a new note, 10000 sessions", median, BUDGET_MS, "one frame (16 ms)", 1.0)


def _memory(store) -> list:
    from companion import search
    from tests.benchmarks.__main__ import Result

    store._derived.clear()
    search._parts.pop(store, None)
    tracemalloc.start()
    search.search_index(store)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return [
        Result(
            "search index memory kept, 10000 sessions",
            kept / 2**20,
            peak / 2**20,
            "peak while building",
            None,
            unit="MiB",
        )
    ]


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    for result in bench_search({"10000": folder}, int(sys.argv[2]) if len(sys.argv) > 2 else 11):
        print(result.line())
