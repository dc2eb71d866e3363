"""`companion/` never imports Textual, not even inside a function, so the command line
starts fast and the core can be tested without a terminal (docs/architecture.md). The
import contracts in pyproject.toml check the layers; these tests check what they cannot:
that nothing Textual is loaded at run time, whatever the import style."""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import companion

COMPANION = Path(companion.__file__).parent
# `companion.__main__` runs the command when imported (its Textual-free start is covered
# by the command-line tests).
NOT_IMPORTED = {"companion.__main__"}


def companion_modules() -> list[str]:
    found = [info.name for info in pkgutil.walk_packages(companion.__path__, prefix="companion.")]
    return sorted(name for name in found if name not in NOT_IMPORTED)


def imported_names(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (function-level imports included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_module_discovery_finds_the_package():
    # A broken discovery must not make the checks below vacuous.
    modules = companion_modules()
    for expected in ("companion.cli", "companion.store", "companion.dates", "companion.schedule", "companion.summary"):
        assert expected in modules
    assert len(list(COMPANION.glob("*.py"))) >= 30


@pytest.mark.parametrize("path", sorted(COMPANION.glob("*.py")), ids=lambda p: p.name)
def test_no_core_file_imports_textual(path):
    textual = [(line, name) for line, name in imported_names(path) if name.split(".")[0] in ("textual", "rich")]
    assert textual == [], f"{path.name} imports {textual}"


def test_only_the_command_line_opens_the_app():
    # The command line opens the app lazily; nothing else in the core reaches the screens.
    reaching = {
        path.name: [name for _line, name in imported_names(path) if name.split(".")[0] == "screens"]
        for path in COMPANION.glob("*.py")
    }
    reaching = {name: found for name, found in reaching.items() if found}
    assert reaching == {"cli.py": ["screens.app"]}


PROBE = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
loaded = sorted(n for n in sys.modules if n == "textual" or n.startswith("textual."))
print(",".join(loaded[:5]))
"""


def probe(tmp_path, *modules: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, f"importing {modules} failed:\n{result.stderr}"
    return result.stdout.strip()


def test_importing_the_whole_core_loads_no_textual(tmp_path):
    assert probe(tmp_path, *companion_modules()) == ""


def test_the_probe_notices_textual(tmp_path):
    # The app module does import Textual, so the probe can tell.
    assert "textual" in probe(tmp_path, "screens.app")


def test_every_core_module_has_its_place_in_the_layers():
    # A module left out of the layers contract would not be checked at all.
    import tomllib

    config = tomllib.loads((COMPANION.parent / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    assert set(companion_modules()) | {"companion.__main__"} <= placed
    assert all(name in placed for name in ("screens", "companion.cli"))


# About 400 lines, with room for a docstring's worth over (docs/architecture.md, "Habits").
LONGEST_FILE = 430


def test_no_source_file_is_too_long_to_hold_in_your_head():
    repo = COMPANION.parent
    sources = [*COMPANION.rglob("*.py"), *(repo / "screens").rglob("*.py"), *(repo / "tests").rglob("*.py")]
    too_long = {
        str(path.relative_to(repo)): lines
        for path in sources
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_FILE
    }
    assert too_long == {}, f"split these by what they hold: {too_long}"
