"""What the dashboard's start-up leaves unimported until it is used (docs/architecture.md,
"Going places"): opening the store and working out the dashboard's snapshot must not load
TinyDB (made on the first write), TOML (read only when there is a file), nor the agenda
modules and prompt banks (needed when an agenda is built). Checked in a fresh interpreter,
since the test process has imported everything already."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from companion.demo import write_dataset

LEFT_FOR_LATER = ("tinydb", "tomllib", "importlib.resources", "companion.agenda", "companion.banks")

PROBE = """
import sys
from pathlib import Path
from companion import clock
from companion.cli_commands import open_store
from companion.summary import snapshot
snap = snapshot(open_store(Path(sys.argv[1])), clock.now())
assert snap.partnership is not None and snap.streaks is not None
print(",".join(sorted(name for name in sys.modules if name.startswith(tuple(sys.argv[2:])))))
"""


def test_opening_the_dashboard_data_leaves_writing_toml_and_agendas_for_later(tmp_path):
    folder = tmp_path / "data"
    write_dataset(folder, sessions=12, seed=7, now=datetime(2026, 11, 24, 10, 0))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder), *LEFT_FOR_LATER],
        capture_output=True,
        text=True,
        env={**os.environ, "COMPANION_HOME": str(tmp_path / "unused")},
        cwd=Path(__file__).resolve().parents[1],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
