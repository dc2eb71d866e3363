"""Files that pass every record check but hold what the app never writes itself.

A person can edit the data file by hand, and an older version may have written things
this one would not. Whatever passes `companion.record_checks` must be something
every screen and command can live with. Each dataset here bends several records at once
(dates at the ends of the range, a held session with no time it was held, duplicate
agenda item ids, references by text where numbers were expected…); the commands run on
it, and the app visits every main screen with real key presses.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from companion import cli, health
from screens.actions import ActionsScreen
from screens.agenda import AgendaScreen
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.goals import GoalsScreen
from screens.progress import ProgressScreen
from screens.sessions import SessionsScreen
from screens.settings import SettingsScreen
from tests.conftest import settle
from tests.damaged_data_helpers import valid_bytes
from tests.textual_speed import draw

Tables = dict


def _session(tables: Tables, number: int) -> dict:
    return tables["sessions"][str(number)]


def _items(*rows: list) -> str:
    return json.dumps({"items": list(rows)})


def ends_of_the_range(t: Tables) -> None:
    t["partnerships"]["1"]["start_date"] = "1800-01-01"
    t["partnerships"]["1"]["cadences"][0].update(at="23:59", since="1800-01-01")
    _session(t, 1).update(scheduled_at="1800-01-07T23:59:00", slot=None, held_at="1800-01-07T23:59:00")
    t["actions"]["4"].update(due="2200-12-31")
    t["notes"]["1"].update(created_at="2200-01-01T00:00:00")
    t["goals"]["1"].update(target_date="1800-01-02", first_result_date="2200-12-31")


def sessions_bent_out_of_shape(t: Tables) -> None:
    _session(t, 8).update(held_at=None, duration_minutes=1, slot="2026-11-18T03:00:00")
    _session(t, 7).update(state="planned", reflection=_session(t, 1)["reflection"])
    _session(t, 6).update(state="skipped", pauses_streak=True, agenda=None, reflection={"is_draft": True})
    _session(t, 5)["agenda"]["packed"] = _items(
        ["i1", "check-in", "a", 20, "prompt", "no-such-prompt", False, False],
        ["i1", "close", "b", 300, "note", "not-a-number", True, True],
        ["i2", "goals", "c", 1, "goal", "999", False, False],
        ["i3", "carry-over", "d", 1, "folded", None, False, False, ["note:abc", "action:999", "carried:"]],
    )
    _session(t, 4)["agenda"]["packed"] = _items()
    _session(t, 3).update(scheduled_at="2026-10-13T16:00:00.123456", duration_minutes=480)


def settings_and_goals_odd(t: Tables) -> None:
    t["settings"]["1"]["current_partnership_id"] = None
    t["settings"]["1"]["theme"] = "no-such-theme"
    t["partnerships"]["1"].update(session_minutes=1, created_at=None)
    t["partnerships"]["1"]["cadences"][0].update(frequency="monthly", week_of_month=-1, weekday=6)
    t["goals"]["1"]["check_ins"].reverse()
    t["goals"]["1"].update(status_changes=[], tags=[], self_assessment_start=None)
    t["goals"]["2"].update(status="paused", check_ins=[])
    t["profile"]["1"]["role"] = ""


def two_cadences_out_of_order(t: Tables) -> None:
    cadence = t["partnerships"]["1"]["cadences"][0]
    t["partnerships"]["1"]["cadences"] = [cadence, dict(cadence, since="2000-01-01", frequency="fortnightly")]
    t["profile"]["1"] = {"name": "A"}  # the role left out: it has a default
    t["actions"]["1"].update(session_id=None, done_on="1800-01-01")


DATASETS: dict[str, Callable[[Tables], None]] = {
    "ends-of-the-range": ends_of_the_range,
    "sessions-bent-out-of-shape": sessions_bent_out_of_shape,
    "settings-and-goals-odd": settings_and_goals_odd,
    "two-cadences-out-of-order": two_cadences_out_of_order,
}


def odd_folder(tmp_path: Path, name: str) -> Path:
    tables = json.loads(valid_bytes())
    DATASETS[name](tables)
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / "companion.json"
    path.write_text(json.dumps(tables))
    os.chmod(path, 0o600)
    assert health.check(folder).problems == [], "the dataset must pass every check"
    return folder


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_command_lives_with_odd_but_valid_data(tmp_path, name, monkeypatch, capsys):
    folder = odd_folder(tmp_path, name)
    monkeypatch.setenv(cli.DEBUG_VARIABLE, "1")  # an unexpected error fails the test
    for args in (
        ["status"],
        ["status", "--json"],
        ["agenda"],
        ["agenda", "--json", "--all"],
        ["check"],
        ["note", "one more"],
    ):
        code = cli.main(["--data", str(folder), *args])
        out, err = capsys.readouterr()
        assert code in (0, 1), (args, err)
        assert "Traceback" not in out + err
    assert health.check(folder).problems == [], "what the commands wrote passes the checks too"


MAIN_SCREENS = [
    ("2", AgendaScreen),
    ("6", GoalsScreen),
    ("3", SessionsScreen),
    ("5", ActionsScreen),
    ("7", ProgressScreen),
    ("8", SettingsScreen),
    ("1", DashboardScreen),
]


@pytest.mark.parametrize("name", sorted(DATASETS))
async def test_every_screen_lives_with_odd_but_valid_data(tmp_path, name):
    folder = odd_folder(tmp_path, name)
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for key, screen_type in MAIN_SCREENS:
            if not isinstance(app.screen, DashboardScreen):
                await pilot.press("escape")
                await settle(app, pilot)
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, screen_type), (key, app.screen)
            draw(app)
            await pilot.press("down", "down", "enter")  # move about and open what is there
            await settle(app, pilot)
            draw(app)
            while not isinstance(app.screen, screen_type):
                await pilot.press("escape")
                await settle(app, pilot)
    assert health.check(folder).problems == []
