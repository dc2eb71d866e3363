"""Exports and import on the 10 000-session demo file (docs/export-format.md).

Each export format, from the loaded store to the finished text, against one plain
`json.dumps` of the same data, the data the export holds, built beforehand (budget 3×).
The stored tables are not that data in another order: in them every agenda's items and
every reflection's texts are already one JSON string each (docs/data-format.md, "Packed
fields"), so dumping them copies most of the file as finished text. An export must read
those strings and write every item out, so the JSON and Markdown exports are also shown
against a dump of the stored tables, for the record, without a budget.

An import of the `--all` JSON export into an empty folder is shown against that dump
written to a file with fsync and rename (no budget).

`bench_export(sets, repeat)` plugs into `tests/benchmarks/__main__.py`; on its own:

    .venv/bin/companion demo --into /tmp/export10k --sessions 10000
    .venv/bin/python -m tests.benchmarks.bench_export /tmp/export10k
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

EXPORT_BUDGET = 3.0


def bench_export(sets: dict[str, Path], repeat: int) -> list:
    from companion import export
    from companion.atomic import atomic_write
    from companion.errors import CompanionError
    from companion.export_json import export_json_text
    from companion.store import Store
    from tests.benchmarks.__main__ import Result, paired, timed
    from tests.benchmarks.datasets import NOW
    from tests.conftest import read_tables

    folder = sets["10000"]
    store = Store(folder).open()
    tables, _ = read_tables(folder / "companion.json")

    exported = export.export_json(store, include_private=True, since=None, now=NOW)

    def plain_dump() -> None:  # the export's data, dumped the way the JSON export writes it
        json.dumps(exported, ensure_ascii=False).encode("utf-8")

    def stored_dump() -> None:
        json.dumps(tables)

    def as_json() -> None:  # what `export --format json --out FILE` writes
        text, _ = export_json_text(store, include_private=True, since=None, now=NOW, ensure_ascii=False)
        text.encode("utf-8")

    def as_markdown() -> None:
        export.export_markdown(store, include_private=True, since=None, now=NOW)

    def as_calendar() -> None:
        from companion.calendar_export import calendar_ics

        calendar_ics(store, NOW, include_private=True, since=None)

    results = []
    runs: list[tuple[str, Callable[[], None]]] = [("json", as_json), ("md", as_markdown), ("ics", as_calendar)]
    for name, run in runs:
        try:
            run()
        except CompanionError:
            continue  # a format not available in this build
        o, b, r = paired(timed(run), timed(plain_dump), repeat)
        results.append(
            Result(f"export --format {name}, 10000 sessions", o, b, "json.dumps of that data", EXPORT_BUDGET, r)
        )
        if name != "ics":  # the calendar holds upcoming sessions only
            o, b, r = paired(timed(run), timed(stored_dump), repeat)
            results.append(Result(f"  {name}, against the stored tables", o, b, "json.dumps of the tables", None, r))
    results.append(_bench_import(exported, tables, repeat, Result, paired, timed, atomic_write))
    return results


def _bench_import(exported, tables, repeat, Result, paired, timed, atomic_write):
    from companion.importer import import_export
    from companion.store import Store
    from tests.benchmarks.datasets import NOW

    exported = json.loads(json.dumps(exported))  # as read from the file
    scratch = Path(tempfile.mkdtemp(prefix="companion-import-"))
    count = iter(range(10**6))

    def ours() -> None:
        import_export(Store(scratch / str(next(count))).open(), exported, NOW, dry_run=False)

    def plain_write() -> None:
        target = scratch / f"plain-{next(count)}.json"
        atomic_write(target, json.dumps(tables).encode())

    o, b, r = paired(timed(ours), timed(plain_write), repeat)
    os.system(f"rm -rf {scratch}")  # noqa: S605 - our own scratch folder
    return Result("import into an empty folder, 10000 sessions", o, b, "json dump+fsync+rename", None, r)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    for result in bench_export({"10000": folder}, int(sys.argv[2]) if len(sys.argv) > 2 else 5):
        print(result.line())
