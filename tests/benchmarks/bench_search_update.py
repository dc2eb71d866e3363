"""Keeping the search index up to date on the 10 000-session demo file (budget 16 ms, one
frame): after one session's reflection is edited, as an autosave does while a person
types, the time to bring the index up to date, against a full build of it.

- update: a session's reflection changed (`Store.update`, what an autosave does), then
  `search.search_index` timed alone; the median of `repeat` edits, each to another session;
- full build: the whole index built again from the loaded file (what every such edit
  cost when any change to the sessions rebuilt their index).

`bench_search_update(sets, repeat)` plugs into `tests/benchmarks/__main__.py`; on its own:

    .venv/bin/companion demo --into /tmp/search10k --sessions 10000
    .venv/bin/python -m tests.benchmarks.bench_search_update /tmp/search10k
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

BUDGET_MS = 16.0


def bench_search_update(sets: dict[str, Path], repeat: int) -> list:
    from companion import search
    from companion.models import Reflection, Session
    from companion.store import Store
    from tests.benchmarks.__main__ import Result, timed

    with tempfile.TemporaryDirectory(prefix="companion-search-update-") as scratch:
        folder = Path(scratch) / "data"
        shutil.copytree(sets["10000"], folder)
        store = Store(folder).open()
        search.search_index(store)
        session_ids = sorted(int(doc_id) for doc_id in store.docs("sessions"))
        updates = []
        for number in range(max(5, repeat)):
            session_id = session_ids[(number * 997) % len(session_ids)]
            typed = Reflection(learned=f"Pairing on the release notes, take {number}", is_draft=True)
            store.update(Session, session_id, reflection=typed)
            updates.append(timed(lambda: search.search_index(store))())
        assert search.search(store, f"release take {number}", limit=1), "the edit is found"
        builds = []
        for _ in range(max(3, repeat // 3)):
            store._derived.clear()
            search._parts.pop(store, None)
            builds.append(timed(lambda: search.search_index(store))())
    update, build = statistics.median(updates), statistics.median(builds)
    return [
        Result(
            "search index update after a reflection edit, 10000 sessions",
            update,
            BUDGET_MS,
            "one frame (16 ms)",
            1.0,
        ),
        Result("search index full build, 10000 sessions", build, update, "the update after one edit", None),
    ]


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    for result in bench_search_update({"10000": folder}, int(sys.argv[2]) if len(sys.argv) > 2 else 11):
        print(result.line())
