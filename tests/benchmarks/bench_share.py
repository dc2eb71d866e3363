"""Sharing on the 10 000-session demo file (docs/share-format.md): writing a share (from
the loaded store to the file on disk) and importing a newer share from the partner,
each against one save of the data file, a plain `json.dumps` of its tables written with
fsync and rename (budget 1×).

`bench_share(sets, repeat)` plugs into `tests/benchmarks/__main__.py`; on its own:

    .venv/bin/companion demo --into /tmp/share10k --sessions 10000
    .venv/bin/python -m tests.benchmarks.bench_share /tmp/share10k
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

SHARE_BUDGET = 1.0


def bench_share(sets: dict[str, Path], repeat: int) -> list:
    from companion.atomic import atomic_write
    from companion.banks import load_banks
    from companion.models import Partnership, Profile
    from companion.prepare import prepare_next
    from companion.share import build_share, share_text
    from companion.share_import import import_share
    from companion.share_read import read_share
    from companion.store import Store
    from tests.benchmarks.__main__ import Result, paired, timed
    from tests.benchmarks.datasets import NOW
    from tests.conftest import read_tables

    scratch = Path(tempfile.mkdtemp(prefix="companion-share-"))
    mine, theirs = scratch / "mine", scratch / "theirs"
    shutil.copytree(sets["10000"], mine)
    store = Store(mine).open()
    banks = load_banks()
    partnership = store.all(Partnership)[0]
    prepare_next(store, banks, NOW, partnership)
    build_share(store, partnership, NOW)  # mints the ids once, as the first share does
    shutil.copytree(mine, theirs)
    tables, _ = read_tables(mine / "companion.json")
    count = iter(range(10**6))

    def plain_save() -> None:
        atomic_write(scratch / f"plain-{next(count)}.json", json.dumps(tables).encode())

    def write_share() -> None:
        text = share_text(build_share(store, partnership, NOW))
        atomic_write(scratch / f"share-{next(count)}.md", text.encode("utf-8"))

    # The partner's share: this one, as if written for the profile in `theirs`.
    path = scratch / "share.md"
    path.write_text(share_text(build_share(store, partnership, NOW)))
    me = Store(theirs).open().singleton(Profile)
    incoming = replace(read_share(path), to_name=me.name if me else "")
    receiver = Store(theirs).open()

    def import_newer() -> None:
        n = next(count)
        newer = replace(incoming, made_at=NOW + timedelta(seconds=n))
        newer.agenda = [replace(i, text=f"{i.text} ({n})") if i.proposed else i for i in incoming.agenda]
        import_share(receiver, newer, NOW, banks, dry_run=False, partnership_name=partnership.partner_name)

    results = []
    o, b, r = paired(timed(write_share), timed(plain_save), repeat)
    results.append(Result("share --out FILE, 10000 sessions", o, b, "one save (dump+fsync+rename)", SHARE_BUDGET, r))
    o, b, r = paired(timed(import_newer), timed(plain_save), repeat)
    results.append(
        Result("import a newer share, 10000 sessions", o, b, "one save (dump+fsync+rename)", SHARE_BUDGET, r)
    )
    shutil.rmtree(scratch)
    return results


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    for result in bench_share({"10000": folder}, int(sys.argv[2]) if len(sys.argv) > 2 else 5):
        print(result.line())
