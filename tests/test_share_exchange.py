"""A mentee (Alex) and a mentor (Sam), each with their own data folder, exchange share
files over several weeks through the command line, in-process, with the clock frozen."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from companion.models import (
    ActionItem,
    AgendaItem,
    Goal,
    GoalStatus,
    Owner,
    Partnership,
    Reflection,
    Section,
    Session,
    SessionState,
    StatusChange,
)
from companion.store import Store
from tests.conftest import run_in_process
from tests.share_helpers import two_folders


class Pair:
    def __init__(self, tmp_path: Path, monkeypatch, capsys):
        self.tmp, self.monkeypatch, self.capsys = tmp_path, monkeypatch, capsys
        self.mentee, self.mentor = two_folders(tmp_path)

    def at(self, moment: str) -> None:
        self.monkeypatch.setenv("COMPANION_NOW", moment)

    def run(self, folder: Path, *args: str) -> tuple[int, str, str]:
        return run_in_process(["--data", str(folder), *args], self.monkeypatch, self.capsys)

    def share(self, folder: Path, name: str) -> Path:
        out = self.tmp / name
        code, _, err = self.run(folder, "share", "--out", str(out))
        assert code == 0, err
        return out

    def imports(self, folder: Path, share: Path, *extra: str) -> str:
        code, out, err = self.run(folder, "import", str(share), *extra)
        assert code == 0, err
        return out

    def unchanged_by(self, folder: Path, share: Path) -> bool:
        before = (folder / "companion.json").read_bytes()
        self.imports(folder, share)
        return (folder / "companion.json").read_bytes() == before


def _next_agenda(folder: Path) -> list[AgendaItem]:
    store = Store(folder).open()
    now = datetime.fromisoformat(os.environ["COMPANION_NOW"])
    planned = [s for s in store.all(Session) if s.agenda is not None and s.scheduled_at >= now]
    return min(planned, key=lambda s: s.scheduled_at).agenda.items


def _goal(folder: Path, title: str) -> Goal:
    return next(g for g in Store(folder).open().all(Goal) if g.title == title)


def _set(folder: Path, cls: type, record_id: int, **fields) -> None:
    store = Store(folder).open()
    with store.transaction():
        store.update(cls, record_id, **fields)


def _add(folder: Path, record) -> None:
    store = Store(folder).open()
    with store.transaction():
        store.add(record)


def test_two_partners_exchange_shares_over_weeks(tmp_path, monkeypatch, capsys):
    pair = Pair(tmp_path, monkeypatch, capsys)
    pair.at("2026-11-24T10:00:00")
    _add(pair.mentee, Goal(partnership_id=1, title="Learn SQL", my_expectation="A query a week"))
    _add(pair.mentee, Goal(partnership_id=1, title="Leave my team", my_expectation="SECRET plan", private=True))
    _add(pair.mentee, ActionItem(partnership_id=1, text="SECRET ask", owner=Owner.PARTNER, private=True))
    assert pair.run(pair.mentee, "note", "Talk about the reorg")[0] == 0

    first = pair.share(pair.mentee, "alex-1.md")
    assert first.stat().st_mode & 0o777 == 0o600
    assert "Talk about the reorg" in first.read_text() and "SECRET" not in first.read_text()

    plan = pair.imports(pair.mentor, first, "--dry-run")
    assert "--add-goals" in plan and not Store(pair.mentor).open().all(Goal)
    pair.imports(pair.mentor, first, "--add-goals")
    theirs = [i for i in _next_agenda(pair.mentor) if i.source == "partner"]
    assert [i.text for i in theirs] == ["Talk about the reorg"]
    assert sum(i.minutes for i in _next_agenda(pair.mentor)) == 45
    assert _goal(pair.mentor, "Learn SQL").partner_expectation == "A query a week"
    assert pair.unchanged_by(pair.mentor, first)
    assert "SECRET" not in (pair.mentor / "companion.json").read_text()

    # The mentor answers: their own expectation, and an action for Alex.
    sql = _goal(pair.mentor, "Learn SQL")
    _set(pair.mentor, Goal, sql.id, my_expectation="One report rewritten in SQL")
    _add(
        pair.mentor,
        ActionItem(
            partnership_id=1, text="Try a window function", owner=Owner.PARTNER, due=sql.first_result_date or None
        ),
    )
    reply = pair.share(pair.mentor, "sam-1.md")
    assert "Talk about the reorg" not in reply.read_text().split("## Items I propose")[-1].split("##")[0]
    pair.imports(pair.mentee, reply)
    arrived = [a for a in Store(pair.mentee).open().all(ActionItem) if a.shared_id]
    assert [(a.text, a.owner) for a in arrived] == [("Try a window function", Owner.ME)]
    gaps = [i for i in _next_agenda(pair.mentee) if i.source == "expectations"]
    assert len(gaps) == 1 and gaps[0].section is Section.GOALS
    assert "A query a week" in gaps[0].text and "One report rewritten in SQL" in gaps[0].text
    assert pair.unchanged_by(pair.mentee, reply)
    # Its own share, or the older one, brings nothing back.
    code, _, err = pair.run(pair.mentee, "import", str(first))
    assert code == 1 and len(err.strip().splitlines()) == 1

    # Later that day: the mentee reworded their item; the mentor imports it, then the older one.
    pair.at("2026-11-24T12:00:00")
    store = Store(pair.mentee).open()
    session = min((s for s in store.all(Session) if s.agenda), key=lambda s: s.scheduled_at)
    items = [
        AgendaItem(**{**vars(i), "text": "Talk about the reorg, and my new manager"}) if i.source == "note" else i
        for i in session.agenda.items
    ]
    with store.transaction():
        store.update(Session, session.id, agenda=type(session.agenda)(**{**vars(session.agenda), "items": items}))
    second = pair.share(pair.mentee, "alex-2.md")
    pair.imports(pair.mentor, second)
    assert [i.text for i in _next_agenda(pair.mentor) if i.source == "partner"] == [
        "Talk about the reorg, and my new manager"
    ]
    assert "older" in pair.imports(pair.mentor, first)
    assert pair.unchanged_by(pair.mentor, first)

    # The gap comes back only when an expectation changes.
    assert pair.run(pair.mentee, "agenda")[0] == 0
    assert len([i for i in _next_agenda(pair.mentee) if i.source == "expectations"]) == 1
    _set(pair.mentor, Goal, sql.id, my_expectation="Two reports rewritten")
    pair.imports(pair.mentee, pair.share(pair.mentor, "sam-2.md"))
    gaps = [i for i in _next_agenda(pair.mentee) if i.source == "expectations"]
    assert len(gaps) == 1 and "Two reports rewritten" in gaps[0].text
    linked = Store(pair.mentee).open().all(Partnership)[0]
    assert linked.partner_link and linked.last_shared_at is not None

    # The next week: a new session on both sides; the note comes again, once, and the
    # expectations already compared stay off the new agenda.
    pair.at("2026-12-01T10:00:00")
    third = pair.share(pair.mentee, "alex-3.md")
    pair.imports(pair.mentor, third)
    week_two = [i.text for i in _next_agenda(pair.mentor) if i.source == "partner"]
    assert week_two == ["Talk about the reorg"]  # the note again, as written; the rewording was that agenda's
    assert pair.unchanged_by(pair.mentor, third) and pair.unchanged_by(pair.mentor, second)
    assert not [i for i in _next_agenda(pair.mentee) if i.source == "expectations"]
    assert "SECRET" not in "".join(p.read_text() for p in tmp_path.glob("*.md"))


def _held(folder: Path, day: str, candour: int, private: bool = False) -> None:
    at = datetime.fromisoformat(f"{day}T16:00:00")
    reflection = Reflection(candour=candour, value=4, is_draft=False, private=private)
    _add(folder, Session(partnership_id=1, scheduled_at=at, state=SessionState.HELD, held_at=at, reflection=reflection))


def test_after_a_cycle_shares_cross_both_ways_each_summary_shows_both_sides(tmp_path, monkeypatch, capsys):
    pair = Pair(tmp_path, monkeypatch, capsys)
    pair.at("2026-11-24T10:00:00")
    for day, candour in (("2026-11-10", 3), ("2026-11-17", 5)):
        _held(pair.mentee, day, candour)
        _held(pair.mentor, day, 2)
    _held(pair.mentee, "2026-11-18", 1, private=True)
    achieved = StatusChange(on=date(2026, 11, 17), status=GoalStatus.ACHIEVED)
    sql = Goal(partnership_id=1, title="Learn SQL", status=GoalStatus.ACHIEVED, status_changes=[achieved])
    sql.self_assessment_start, sql.self_assessment_end = 2, 4
    _add(pair.mentee, sql)
    _add(pair.mentee, Goal(partnership_id=1, title="SECRET move", private=True, status_changes=[achieved]))

    alex = pair.share(pair.mentee, "alex-cycle.md")
    assert "## My side of cycle 1" in alex.read_text() and "SECRET" not in alex.read_text()
    assert "Alex's side of cycle 1" in pair.imports(pair.mentor, alex, "--dry-run")
    pair.imports(pair.mentor, alex)
    sam = pair.share(pair.mentor, "sam-cycle.md")
    pair.imports(pair.mentee, sam)

    code, alex_summary, _ = pair.run(pair.mentee, "cycle", "summary")
    assert code == 0 and "From Sam's share, their side of cycle 1:" in alex_summary
    assert "- Candour: 2.0/5 on average over 2 ratings" in alex_summary  # Sam's ratings
    assert "- Candour: 4.0/5 on average over 2 ratings" in alex_summary  # mine, the private one left out
    assert "ask them" not in alex_summary
    code, sam_summary, _ = pair.run(pair.mentor, "cycle", "summary")
    assert code == 0 and "From Alex's share, their side of cycle 1:" in sam_summary
    gained = sam_summary.split("## What Alex gained")[1].split("## Together")[0]
    assert "- Learn SQL: self-assessment 2/5 at the start, 4/5 at the end" in gained
    assert "SECRET" not in sam_summary + (pair.mentor / "companion.json").read_text()

    # The same share again changes nothing; a newer one replaces the side; the older one
    # then changes nothing.
    assert pair.unchanged_by(pair.mentor, alex)
    assert Store(pair.mentor).open().all(Partnership)[0].partner_cycles[0].held == 3
    pair.at("2026-11-25T10:00:00")
    _held(pair.mentee, "2026-11-24", 2)
    newer = pair.share(pair.mentee, "alex-cycle-2.md")
    pair.imports(pair.mentor, newer)
    assert Store(pair.mentor).open().all(Partnership)[0].partner_cycles[0].held == 4
    assert "older" in pair.imports(pair.mentor, alex) and pair.unchanged_by(pair.mentor, alex)
