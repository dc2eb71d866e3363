"""What the command-line tests share: a demo folder made by the real command, and the
partner it names."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import run_cli


def make_demo(folder: Path, sessions: int = 30, *extra: str) -> subprocess.CompletedProcess:
    result = run_cli("demo", "--into", str(folder), "--sessions", str(sessions), *extra)
    assert result.returncode == 0, result.stderr
    return result


def partner_of(folder: Path) -> str:
    data = json.loads((folder / "companion.json").read_text())
    (partnership,) = data["partnerships"].values()
    return partnership["partner_name"]
