"""The History screen: past sessions newest first, search as you type with the matches
marked, scope and private filter keys, and a record opened as Markdown (screens/history.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from rich.text import Text
from textual.widgets import Input

from companion import history
from companion.dates import format_date
from companion.models import Note
from companion.partnerships import current_partnership
from companion.search import Filters
from companion.store import Store
from screens.app import make_app
from screens.history import MATCH_STYLE, HistoryScreen, RecordDialog
from tests.conftest import settle
from tests.search_helpers import stocked
from tests.textual_speed import type_keys

HOSTILE = "[b]x[/b] \x1b[31mloud alarm"


def cells(screen: HistoryScreen) -> list[list]:
    table = screen.table
    return [table.get_row_at(row) for row in range(table.row_count)]


def marked(text: Text) -> list[str]:
    return [text.plain[span.start : span.end] for span in text.spans if span.style == MATCH_STYLE]


async def type_query(app, pilot, query: str) -> None:
    field = app.screen.query_one("#history-query", Input)
    field.focus()
    field.value = ""
    await type_keys(pilot, query)
    await settle(app, pilot)


def test_session_rows_are_newest_first_and_say_what_is_private(onboarded: Store):
    ids = stocked(onboarded)
    rows = history.session_rows(onboarded, ids["Sam"])
    assert [row.session.held_at for row in rows] == [datetime(2026, 10, 13, 16), datetime(2026, 10, 6, 16)]
    assert [row.private for row in rows] == [True, True]
    assert rows[1].summary == "Pairing on the Rota helps" and rows[1].tags == "tooling"
    assert len(history.session_rows(onboarded, None)) == 3
    assert history.session_rows(onboarded, None, Filters(private_only=True)) == rows
    text = history.session_markdown(onboarded, rows[1].session.id)
    assert "Zettelkästen for design notes" in text and "My salary worries (5 min) *(private)*" in text


async def test_history_lists_searches_scopes_and_opens(onboarded: Store, data_dir: Path):
    stocked(onboarded)
    sam = current_partnership(onboarded)
    onboarded.add(Note(partnership_id=sam.id, text=HOSTILE, created_at=datetime(2026, 11, 3, 9)))
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.run_action("go('history')")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert [row[0] for row in cells(screen)] == [format_date(date(2026, 10, 13)), format_date(date(2026, 10, 6))]
        assert cells(screen)[1][3].plain.startswith("private · Pairing on the Rota helps")

        await pilot.press(*"rota")  # the search box has the focus
        await settle(app, pilot)
        rows = cells(screen)
        assert rows and all(marked(row[3]) for row in rows)
        assert {word.lower() for row in rows for word in marked(row[3])} == {"rota"}
        assert not any("Dana" in row[3].plain for row in rows)  # only the current partner

        await pilot.press("down", "a")  # to the list; every partnership
        await settle(app, pilot)
        assert any("Rota swap with Dana" in row[3].plain for row in cells(screen))
        await pilot.press("f")  # private only
        await settle(app, pilot)
        assert all(row[3].plain.startswith("private · ") for row in cells(screen))
        await pilot.press("f", "slash", "end", *" plan")  # everything again; back to the box
        await settle(app, pilot)
        assert [marked(row[3]) for row in cells(screen)] == [["rota", "plan"]]

        await type_query(app, pilot, "zettelkasten")  # no accent typed
        rows = cells(screen)
        assert len(rows) == 1 and marked(rows[0][3]) == ["Zettelkästen"]

        await type_query(app, pilot, "alarm")
        [row] = cells(screen)
        assert row[3].plain == "[b]x[/b] ␛[31mloud alarm" and marked(row[3]) == ["alarm"]

        await type_query(app, pilot, "tag:tooling")  # a filter alone narrows the sessions
        assert [row[0] for row in cells(screen)] == [format_date(date(2026, 10, 6))]
        await type_query(app, pilot, "rota from:2026-10-10")
        dates = {row[0] for row in cells(screen)}  # every partnership: "a" was pressed above
        assert dates == {format_date(date(2026, 10, day)) for day in (13, 14)} | {format_date(date(2026, 11, 2))}
        assert "from Sat 10 Oct 2026" in str(screen.query_one("#history-scope").render())
        await type_query(app, pilot, "rota from:someday")
        scope = screen.query_one("#history-scope")
        assert scope.has_class("-problem") and "from:someday is not a date" in str(scope.render())
        assert len(cells(screen)) == 5  # searched without the filter it could not read

        await type_query(app, pilot, "zettel")
        await pilot.press("enter", "enter")  # to the list, then open the session
        await settle(app, pilot)
        assert isinstance(app.screen, RecordDialog)
        assert "My salary worries (5 min) *(private)*" in app.screen.text
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
