"""Only the app imports Textual: every other module of `companion` imports without it,
so the command line starts fast (DESIGN.md, Command line)."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

import pytest

import companion

# `companion.app` is the Textual app itself; `companion.__main__` runs the command when
# imported (its Textual-free start is covered by the command-line tests).
ALLOWED = {"companion.app", "companion.__main__"}


def companion_modules() -> list[str]:
    found = [
        info.name
        for info in pkgutil.walk_packages(companion.__path__, prefix="companion.")
    ]
    return sorted(name for name in found if name not in ALLOWED)


MODULES = companion_modules()

PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
loaded = sorted(n for n in sys.modules if n == "textual" or n.startswith("textual."))
print(",".join(loaded[:5]))
"""


def test_module_discovery_finds_the_package():
    # A broken discovery must not make the checks below vacuous.
    for expected in ("companion.cli", "companion.store", "companion.dates", "companion.schedule", "companion.summary"):
        assert expected in MODULES
    assert "companion.app" not in MODULES


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_textual(module, tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, f"importing {module} failed:\n{result.stderr}"
    assert result.stdout.strip() == "", f"{module} imports Textual: {result.stdout.strip()}"


def test_the_probe_notices_textual(tmp_path):
    # The app module does import Textual, so the probe can tell.
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "companion.app"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "textual" in result.stdout
