"""How thorough the suite is (docs/testing.md, "Properties").

Each property is written with the examples it deserves when there is time
(`examples(300)`). `make test` runs a share of them, so the whole suite stays within its
time on two cores, with a new random seed on every run; `make test-deep` (the variable
COMPANION_DEEP_TESTS=1) runs every one of them. The crash test's rounds of killed
writers follow the same switch.
"""

from __future__ import annotations

import os

DEEP = os.environ.get("COMPANION_DEEP_TESTS") == "1"
SHARE = 0.4  # of the written examples in an ordinary run
FLOOR = 50  # never fewer than this in an ordinary run


def examples(written: int, floor: int = FLOOR) -> int:
    """A property whose every example writes and reads a whole data file may ask for a lower
    floor: it still runs its share, and all it was written with under `make test-deep`."""
    return written if DEEP else max(min(written, floor), round(written * SHARE))
