"""The wheel: it holds the prompt banks, stylesheets and entry points, and works when
installed into a fresh environment that cannot see this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import companion
from tests.conftest import REPO

# Leave the checkout alone: setuptools builds in the source tree (build/, *.egg-info).
NOT_SOURCE = shutil.ignore_patterns(
    ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"
)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", **extra)
    return env


def run(args: list, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=120, **kwargs)
    assert result.returncode == 0, f"{args}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


@dataclass
class Built:
    wheel: Path
    venv: Path
    python: Path
    work: Path
    build_log: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    wheels = work / "wheels"
    build = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-v",  # shows the build backend's warnings
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--no-cache-dir",
            "-w",
            wheels,
            source,
        ],
        cwd=work,
        env=clean_env(),
    )
    (wheel,) = wheels.glob("companion_mentoring-*.whl")

    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=work, env=clean_env())
    python = venv / "bin" / "python"
    # Install first, while the new environment sees nothing but the standard library.
    run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel],
        cwd=work,
        env=clean_env(),
    )
    # Dependencies (Textual, TinyDB, ...) come from this venv's site-packages, listed in a
    # .pth file. Only the directory is listed, so the .pth files inside it (among them the
    # editable install of this checkout) are not processed.
    purelib = Path(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=work, env=clean_env()
        ).stdout.strip()
    )
    ours = Path(sysconfig.get_paths()["purelib"])
    assert ours.resolve() != purelib.resolve()
    (purelib / "companion-test-deps.pth").write_text(f"{ours}\n")
    return Built(wheel=wheel, venv=venv, python=python, work=work, build_log=build.stdout + build.stderr)


def test_wheel_holds_banks_stylesheets_and_main(built):
    names = set(zipfile.ZipFile(built.wheel).namelist())
    for bank in ("engineer", "designer", "product_manager", "common"):
        assert f"companion/prompts/{bank}.toml" in names
    assert "companion/__main__.py" in names
    assert "companion/prompts/__init__.py" in names
    stylesheets = sorted(p.name for p in (REPO / "screens").glob("*.tcss"))
    assert stylesheets, "the checkout has no screens/*.tcss"
    for name in stylesheets:
        assert f"screens/{name}" in names, f"screens/{name} is missing from the wheel"
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "companion = companion.cli:main" in zipfile.ZipFile(built.wheel).read(entry_points).decode()


def test_the_build_raises_no_packaging_warning(built):
    # For example the license as a table instead of an SPDX string.
    assert "bdist_wheel" in built.build_log  # the backend's own log was captured
    warnings = [line for line in built.build_log.splitlines() if "Warning:" in line and "setuptools" in line]
    assert warnings == []


def test_wheel_version_is_the_package_version(built):
    assert built.wheel.name.startswith(f"companion_mentoring-{companion.__version__}-")


def test_installed_command_prints_its_version(built, tmp_path):
    result = run([built.venv / "bin" / "companion", "--version"], cwd=tmp_path, env=clean_env())
    assert result.stdout == f"companion {companion.__version__}\n"
    result = run([built.python, "-m", "companion", "--version"], cwd=tmp_path, env=clean_env())
    assert result.stdout == f"companion {companion.__version__}\n"


INSTALLED_CHECK = """
import sys, warnings
from pathlib import Path

venv = Path(sys.prefix).resolve()
assert sys.prefix != sys.base_prefix, "not running in the new venv"

import companion, screens
assert Path(companion.__file__).resolve().is_relative_to(venv), companion.__file__
assert Path(screens.__file__).resolve().is_relative_to(venv), screens.__file__

from companion.banks import BANK_NAMES, load_banks
from companion.models import FocusRole

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    banks = load_banks()
assert not caught, [str(w.message) for w in caught]
assert banks.warnings == [], banks.warnings
assert {p.bank for p in banks.prompts.values()} == set(BANK_NAMES)
for role in FocusRole:
    for stance in ("mentor", "mentee"):
        count = banks.count(role.value, stance)
        assert count >= 25, (role.value, stance, count)
for prompt in banks.prompts.values():
    assert Path(prompt.source).resolve().is_relative_to(venv), prompt.source
assert len(banks.files) == 4 and all(Path(f).resolve().is_relative_to(venv) for f in banks.files)

# The app's stylesheet resolves inside the installed copy too.
import screens.app
css = (Path(screens.app.__file__).parent / screens.app.CompanionApp.CSS_PATH).resolve()
assert css.is_file() and css.is_relative_to(venv), css
print("ok", companion.__file__, len(banks.prompts))
"""


def test_installed_package_loads_its_banks_from_the_new_venv(built, tmp_path):
    result = run([built.python, "-c", INSTALLED_CHECK], cwd=tmp_path, env=clean_env())
    status, location, _count = result.stdout.split()
    assert status == "ok"
    assert Path(location).resolve().is_relative_to(built.venv.resolve())
    assert not Path(location).resolve().is_relative_to(REPO)


def test_installed_note_works_on_real_files(built, tmp_path):
    # A command that touches the store end to end, from the installed copy.
    data = tmp_path / "data"
    run(
        [built.venv / "bin" / "companion", "--data", data, "demo", "--into", data, "--sessions", "3"],
        cwd=tmp_path,
        env=clean_env(),
    )
    result = run(
        [built.venv / "bin" / "companion", "--data", data, "note", "from the wheel"], cwd=tmp_path, env=clean_env()
    )
    assert result.stdout.startswith("Noted for your session with ")
    assert b"from the wheel" in (data / "companion.json").read_bytes()
