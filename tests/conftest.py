"""Shared fixtures: every test runs against real files in its own temporary folder.

The user's real data and config folders are never touched: COMPANION_HOME and the XDG
variables point into `tmp_path`, and the clock is pinned so dates are stable.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from companion import datafile
from companion.models import FocusRole, Frequency, Partnership, Profile, Stance
from companion.partnerships import complete_onboarding
from companion.store import Store
from companion.validation import make_cadence
from tests.textual_speed import Painting

# A Tuesday morning; the default test partnership meets on Tuesdays at 16:00.
FROZEN_NOW = "2026-11-24T10:00:00"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def painting(request: pytest.FixtureRequest):
    """Headless apps draw every frame only in tests that read the drawing (tests/textual_speed.py)."""
    Painting.every_frame = (
        request.node.get_closest_marker("paints") is not None or "snap_compare" in request.fixturenames
    )
    yield
    Painting.every_frame = True


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local/state"))
    monkeypatch.setenv("COMPANION_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("COMPANION_NOW", FROZEN_NOW)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    return home


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir).open()


def make_partnership(**changes) -> Partnership:
    start = changes.pop("start_date", date(2026, 11, 3))
    values = dict(
        partner_name="Sam",
        stance=Stance.MENTEE,
        focus_role=FocusRole.ENGINEER,
        cadences=[make_cadence(Frequency.WEEKLY, 1, time(16, 0), start)],
        session_minutes=45,
        start_date=start,
    )
    values.update(changes)
    return Partnership(**values)


@pytest.fixture
def onboarded(store: Store) -> Store:
    """A store that finished the first-run questions: Alex meets Sam on Tuesdays at 16:00."""
    from companion import clock

    complete_onboarding(store, Profile(name="Alex", role="Staff engineer"), make_partnership(), clock.now())
    return store


@pytest.fixture
def berlin_time():
    """The process's local time zone set to Europe/Berlin (DST starts 29 March and ends
    25 October 2026), so DST tests exercise a real change of offset."""
    import time as time_module
    from datetime import datetime

    if not hasattr(time_module, "tzset"):
        pytest.skip("time.tzset is not available on this platform")
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time_module.tzset()
    try:
        assert time_module.localtime(datetime(2026, 3, 28, 12).timestamp()).tm_isdst == 0
        assert time_module.localtime(datetime(2026, 3, 30, 12).timestamp()).tm_isdst == 1
        assert time_module.localtime(datetime(2026, 10, 24, 12).timestamp()).tm_isdst == 1
        assert time_module.localtime(datetime(2026, 10, 26, 12).timestamp()).tm_isdst == 0
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time_module.tzset()


def run_cli(*args: str, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m companion ARGS` in a fresh interpreter with the test environment."""
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ),
        cwd=REPO,
    )


async def settle(app, pilot) -> None:
    """Let background saves and loads finish and the screen catch up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def mark_held_when_asked(app, pilot) -> None:
    """Answer "Did your session … take place?" with yes and keep the hold dialog's values,
    as reflecting on a session not yet marked held asks first (screens/reflect_choice.py)."""
    from screens.reflect_choice import TookPlaceDialog

    if isinstance(app.screen, TookPlaceDialog):
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await settle(app, pilot)


def shown_text(widget) -> str:
    """The text a Static shows, whatever it holds (markup, Content or a Rich renderable)."""
    import io

    from rich.console import Console
    from textual.content import Content

    content = widget.content
    if isinstance(content, Content):
        return content.plain
    if isinstance(content, str):
        return Content.from_markup(content).plain
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def run_in_process(args: list[str], monkeypatch, capsys, stdin: bytes = b"a note from standard input"):
    """`companion ARGS` in this process: (exit code, stdout, stderr). Plain `companion` and
    `reflect` build the app, opening and checking its data as they do first, but do not
    run it (there is no terminal)."""
    import io

    from companion import cli

    def build_only(folder, *, demo_mode=False, store=None, reflect_on=None) -> int:
        import gc

        try:
            cli.build_app(folder, demo_mode=demo_mode, store=store, reflect_on=reflect_on)
        finally:
            gc.enable()  # build_app holds the collector off until a first frame that never comes
        return 0

    monkeypatch.setattr(cli, "open_app", build_only)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


# --- reading a data file whole, for checks (the app reads it through the store) ---------


def read_tables(path: Path) -> tuple[dict, object]:
    """The tables in the file (empty if there is no file yet) and its signature."""
    tables, signature, _ = datafile.read_file(path)
    return tables, signature


def parse_tables(raw: bytes, path: Path, *, check_records: bool = True) -> dict:
    return datafile.parse_file(raw, path, check_records=check_records)[0]


def encode_tables(tables: dict) -> bytes:
    """The file's text for these tables, as the store writes it."""
    return b"".join(datafile.EncodedLines().encode(tables))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests (processes killed at random, a real terminal) mostly wait on other
    processes. Run first, their waits overlap the other workers' work instead of ending the
    run alone (docs/testing.md, "Where the suite's time goes")."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_configure(config: pytest.Config) -> None:
    """Each app run leaves tens of thousands of objects behind in Textual's bounded caches,
    so the cyclic collector's default pace spent a fifth of a screen test's time walking
    the same long-lived objects again. Collect young objects less often (docs/testing.md,
    "Where the suite's time goes")."""
    gc.set_threshold(50_000, 50, 50)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is imported and collected lives as long as the run: keep the collector from
    walking it again and again."""
    gc.collect()
    gc.freeze()
