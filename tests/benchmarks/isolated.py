"""Run one benchmark in a fresh interpreter and print its results as JSON.

The in-process benchmarks (agenda, streaks) are timed where the app does that work: in a
process that has opened one data file, not in the harness after it has opened the large
file a dozen times for other figures (a bigger, more scattered heap makes "cold" reads
slower than any user would see).

Usage: python -m tests.benchmarks.isolated NAME SETS_JSON REPEAT
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path


def main() -> None:
    from tests.benchmarks import __main__ as harness

    name, sets, repeat = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
    bench = getattr(harness, name)
    results = bench({label: Path(folder) for label, folder in sets.items()}, repeat)
    print(json.dumps([asdict(result) for result in results]))


if __name__ == "__main__":
    main()
