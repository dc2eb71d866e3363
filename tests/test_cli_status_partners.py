"""`companion status` with three partnerships, run as a real process: the line leads with
the current partner and names another only when that one needs something first; the JSON
keeps every field of the current partner and adds every partnership and the most urgent."""

from __future__ import annotations

import json

from companion.store import Store
from tests.conftest import run_cli
from tests.partners_helpers import add_other_partners, hold_sams_past_sessions
from tests.test_cli_status_and_check import status_parts


def test_status_with_three_partners(onboarded: Store):
    hold_sams_past_sessions(onboarded)
    add_other_partners(onboarded)
    parts = status_parts(run_cli("status"))
    assert parts[:2] == ["Sam today 16:00 (in 6 h)", "agenda not ready"]
    assert parts[-1] == "Dana Ruiz: 3 Nov unrecorded"
    assert not [part for part in parts if "Priya" in part]  # an agenda due ranks below today's

    data = json.loads(run_cli("status", "--json").stdout)
    assert (data["partner"], data["next_session"], data["warning"], data["unrecorded_sessions"]) == (
        "Sam",
        "2026-11-24T16:00",
        None,
        [],
    )
    assert data["streaks"]["meeting"]["current"] == 3
    sam, dana, priya = data["partners"]
    assert [(p["partner"], p["id"], p["current"]) for p in data["partners"]] == [
        ("Sam", 1, True),
        ("Dana Ruiz", 2, False),
        ("Priya Shah", 3, False),
    ]
    assert dana == {
        "partner": "Dana Ruiz",
        "id": 2,
        "current": False,
        "cadence": "monthly, first Tuesday at 10:00, 60 min",
        "next_session": "2026-12-01T10:00",
        "next_session_in": "in 7 days",
        "agenda_ready": False,
        "agenda_ready_at": None,
        "days_to_prepare": 7,
        "readiness": "7 days left to prepare",
        "warning": "The session on Tue 3 Nov is not recorded: mark it held or skipped.",
        "needs": "unrecorded",
        "attention": "3 Nov unrecorded",
        "unrecorded_sessions": ["2026-11-03T10:00"],
        "to_reflect": None,
        "notes_waiting": 0,
        "streak": {"current": 0, "unit": "month"},
        "at_risk": False,
        "stalled": True,
    }
    assert (sam["needs"], sam["to_reflect"], sam["streak"]) == (
        "agenda_today",
        "2026-11-17T16:00",
        {"current": 3, "unit": "week"},
    )
    assert (priya["needs"], priya["attention"], priya["days_to_prepare"]) == ("agenda_due", "agenda due Thu 26 Nov", 2)
    assert data["most_urgent"] == {"partner": "Dana Ruiz", "id": 2, "text": "3 Nov unrecorded"}
