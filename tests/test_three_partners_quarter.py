"""A junior with three seniors over a quarter (frozen clock, a step each Friday morning from
27 Nov 2026 to 19 Feb 2027): Sam weekly on Tuesdays, Dana Ruiz monthly on the first Tuesday,
Priya Shah every other Thursday. Sam stays the current partner throughout.

Every session is held and reflected on, except Dana's of Tue 5 Jan, which nobody records,
and Priya's of Thu 21 Jan, held but not yet reflected on. Each week a note is filed from the
shell for one of them by the start of a name. The checks: notes land with the partner
named, Dana's missed session is flagged while Sam is current, reflect picks the session
that waits (Priya's, or Sam's with `--partner sam`), and each partner's streak is counted
on its own, in its own unit. The dashboard at the missed session is looked at in the app.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from textual.containers import Vertical

from companion import cli, schedule
from companion.models import Note, Partnership, Session, SessionState
from companion.reflections import ReflectionCandidate, finish_reflection
from companion.sessions import hold_session
from companion.store import Store
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.reflect_choice import TookPlaceDialog
from tests.conftest import run_in_process, settle, shown_text
from tests.partners_helpers import add_other_partners

FRIDAYS = [datetime(2026, 11, 27, 9, 0) + timedelta(weeks=week) for week in range(13)]
MISSED = datetime(2027, 1, 5, 10, 0)  # Dana's, never recorded
NOT_REFLECTED = datetime(2027, 1, 21, 14, 0)  # Priya's, held only
# Who each week's note is for, as typed, and who that is.
NOTE_FOR = [("sam", "Sam"), ("DANA", "Dana Ruiz"), ("pri", "Priya Shah"), ("dána r", "Dana Ruiz")]


def quarter_store(data_dir: Path, onboarded: Store) -> dict[str, Partnership]:
    add_other_partners(onboarded)
    return {p.partner_name: p for p in onboarded.all(Partnership)}


def live_through(store: Store, partners: dict[str, Partnership], since: datetime, now: datetime) -> None:
    """Every session between `since` and `now`, as the people lived it."""
    for partnership in partners.values():
        start = max(since, datetime.combine(partnership.start_date, datetime.min.time()))
        for moment in schedule.occurrences(partnership, start, now):
            session = Session(partnership_id=partnership.id, scheduled_at=moment, slot=moment)
            after = moment + timedelta(hours=2)
            if moment == MISSED:
                continue
            if moment == NOT_REFLECTED:
                hold_session(store, session, now=after)
            else:
                finish_reflection(
                    store, session, now=after, learned=f"{partnership.partner_name} {moment:%d %b}", value=4, candour=4
                )


def shell(monkeypatch, capsys, now: datetime, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("COMPANION_NOW", now.isoformat())
    return run_in_process(list(args), monkeypatch, capsys)


def offered_for_reflection(monkeypatch, capsys, now: datetime, *args: str) -> list[ReflectionCandidate]:
    """What `companion reflect ARGS` would open the app on."""
    offered: list[ReflectionCandidate] = []
    monkeypatch.setenv("COMPANION_NOW", now.isoformat())
    monkeypatch.setattr(
        cli, "open_app", lambda folder, *, store=None, reflect_on=None, **_: offered.extend(reflect_on) or 0
    )
    assert cli.main(["reflect", *args]) == 0, capsys.readouterr().err
    return offered


def partner_json(status: dict, name: str) -> dict:
    (found,) = [p for p in status["partners"] if p["partner"] == name]
    return found


def test_a_quarter_with_three_partners(onboarded: Store, data_dir: Path, monkeypatch, capsys):
    partners = quarter_store(data_dir, onboarded)
    ids = {name: p.id for name, p in partners.items()}
    since = datetime(2026, 10, 1)
    for week, friday in enumerate(FRIDAYS):
        live_through(onboarded, partners, since, friday)
        since = friday

        typed, meant = NOTE_FOR[week % len(NOTE_FOR)]
        code, out, err = shell(monkeypatch, capsys, friday, "note", "--partner", typed, f"week {week}")
        assert code == 0, err
        assert meant in out, f"the confirmation names {meant}: {out!r}"
        (note,) = [n for n in Store(data_dir).open().all(Note) if n.text == f"week {week}"]
        assert note.partnership_id == ids[meant], f"week {week}: {typed!r} filed for {meant}"

        code, out, _ = shell(monkeypatch, capsys, friday, "status", "--json")
        status = json.loads(out)
        assert status["partner"] == "Sam", "Sam stays current"
        dana = partner_json(status, "Dana Ruiz")
        missed_flagged = "2027-01-05T10:00" in dana["unrecorded_sessions"]
        assert missed_flagged == (MISSED < friday <= MISSED + timedelta(weeks=4)), friday
        if friday == datetime(2027, 1, 8, 9, 0):
            assert status["most_urgent"]["partner"] == "Dana Ruiz"
            line = shell(monkeypatch, capsys, friday, "status")[1]
            assert "Dana Ruiz: 5 Jan unrecorded" in line and line.count("\n") == 1
            (offered,) = offered_for_reflection(monkeypatch, capsys, friday)
            assert offered.partnership.partner_name == "Dana Ruiz" and offered.session.scheduled_at == MISSED
            assert offered.session.state is SessionState.PLANNED, "offered only with the question"
        if friday == datetime(2027, 1, 22, 9, 0):
            (offered,) = offered_for_reflection(monkeypatch, capsys, friday)
            assert (offered.partnership.partner_name, offered.session.scheduled_at) == ("Priya Shah", NOT_REFLECTED)
            assert offered.session.state is SessionState.HELD
            (sams,) = offered_for_reflection(monkeypatch, capsys, friday, "--partner", "sam")
            assert (sams.partnership.partner_name, sams.session.scheduled_at) == ("Sam", datetime(2027, 1, 19, 16))

    notes = Store(data_dir).open().all(Note)
    for name, partnership_id in ids.items():
        expected = {f"week {w}" for w in range(len(FRIDAYS)) if NOTE_FOR[w % len(NOTE_FOR)][1] == name}
        assert {n.text for n in notes if n.partnership_id == partnership_id} == expected, name

    status = json.loads(shell(monkeypatch, capsys, FRIDAYS[-1], "status", "--json")[1])
    sam, dana, priya = (partner_json(status, name)["streak"] for name in ("Sam", "Dana Ruiz", "Priya Shah"))
    assert sam["unit"] == "week" and sam["current"] >= 15, "Dana's missed month leaves Sam's weeks alone"
    assert priya["unit"] == "fortnight" and priya["current"] >= 6
    assert dana == {"current": 1, "unit": "month"}, "January missed, February kept"
    assert status["streaks"]["meeting"]["current"] == sam["current"]


async def test_the_missed_session_on_the_dashboard_and_in_reflect(onboarded: Store, data_dir: Path, monkeypatch):
    partners = quarter_store(data_dir, onboarded)
    friday = datetime(2027, 1, 8, 9, 0)
    live_through(onboarded, partners, datetime(2026, 10, 1), friday)
    monkeypatch.setenv("COMPANION_NOW", friday.isoformat())
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and app.sub_title == "with Sam"
        assert "Dana Ruiz also needs you: 5 Jan unrecorded" in shown_text(screen.query_one("#partner-banner"))
        dana_row = next(r for r in shown_text(screen.query_one("#partners")).splitlines() if r.startswith("Dana"))
        assert "unrecorded" in dana_row
        reflect = shown_text(screen.query_one("#reflect-banner"))
        assert "with Dana Ruiz has passed: press 4 to say whether it took place" in reflect
        assert "3" not in reflect.split("passed")[1], "3 opens Sam's sessions, not Dana's"
        await app.run_action("go('reflect')")
        await settle(app, pilot)
        assert isinstance(app.screen, TookPlaceDialog), "a session not marked held is opened only after asking"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("9")  # Sam → Dana
        await settle(app, pilot)
        assert app.sub_title == "with Dana Ruiz"
        assert "5 Jan" in shown_text(app.screen.query_one("#streak-banner"))
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert str(app.screen.query_one(Vertical).border_title) == "Note for your next session with Dana Ruiz"
        await pilot.press(*"ask about [b]roadmaps", "enter")
        await settle(app, pilot)
        assert "Noted for your next session with Dana Ruiz." in [n.message for n in app._notifications]
    reopened = Store(data_dir).open()
    (note,) = reopened.all(Note)
    assert (note.text, note.partnership_id) == ("ask about [b]roadmaps", partners["Dana Ruiz"].id)
    assert not [s for s in reopened.all(Session) if s.scheduled_at == MISSED and s.state is SessionState.HELD]
    assert date(2027, 1, 5) not in {s.scheduled_at.date() for s in reopened.all(Session) if s.partnership_id == 2}
