"""The sessions, goals and action items tables show every column at 80 columns: no
sideways scrolling; a wider terminal gives the flexible column the extra room (the
sessions' dates only up to what the longest one needs)."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import DataTable

from companion.demo import write_dataset
from screens.app import make_app

NOW = datetime(2026, 11, 24, 10, 0)


@pytest.mark.parametrize("key, flexible, wider", [("3", "when", 34), ("6", "title", None), ("5", "text", None)])
async def test_table_fits_at_80_columns_and_grows_wider(data_dir, key, flexible, wider):
    write_dataset(data_dir, sessions=60, seed=7, now=NOW)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count > 0
        assert table.max_scroll_x == 0, f"{table.virtual_size.width} columns in {table.scrollable_content_region.width}"
        narrow = table.columns[flexible].width
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert table.max_scroll_x == 0
        if wider is None:
            assert table.columns[flexible].width >= narrow + 30
        else:
            assert narrow < table.columns[flexible].width == wider
