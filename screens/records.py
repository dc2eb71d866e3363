"""A table of stored records, as the goals and action items screens show them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from screens.widgets import RowTable, fit_flexible_column, selected_record_id

Row = tuple[int | None, Sequence[Any]]  # a record's id and its cells


class RecordTable(RowTable):
    """One row per record, keyed by the record's id, the cursor on whole rows.

    Every column has a fixed width but one, the flexible column, which takes the room
    left (`fit`), so that all of them stay on screen at 80 columns. Filling the table
    again (`show`) keeps the cursor on the record it was on.
    """

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        widths: Mapping[str, int],
        flexible: str,
        minimum: int,
        *,
        id: str,
        stay_near: bool = False,
    ) -> None:
        """`columns` are (key, heading) pairs; `widths` the fixed widths by key; the
        `flexible` column is never narrower than `minimum`. With `stay_near`, a cursor whose
        record is no longer listed stays on the same row number instead of going to the top."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.headings = tuple(columns)
        self.widths = dict(widths)
        self.flexible = flexible
        self.minimum = minimum
        self.stay_near = stay_near

    def on_mount(self) -> None:
        for key, label in self.headings:
            self.add_column(label, key=key, width=self.widths.get(key))

    def fit(self, screen_width: int) -> None:
        """Give the flexible column what a screen this wide leaves after the others."""
        fit_flexible_column(self, self.flexible, self.widths, self.minimum, screen_width)

    @property
    def selected_id(self) -> int | None:
        """The id of the record under the cursor (None for an empty table)."""
        return selected_record_id(self)

    def show(self, rows: Iterable[Row], keep: int | None = None) -> None:
        """Fill the table with `rows`; the cursor goes to the record `keep` (by default the
        one it is on now) when that is still listed."""
        keep = keep if keep is not None else self.selected_id
        row_before = self.cursor_row
        self.clear()
        ids = []
        for record_id, cells in rows:
            self.add_row(*cells, key=str(record_id))
            ids.append(record_id)
        if keep in ids:
            self.move_cursor(row=ids.index(keep))
        elif ids and self.stay_near:
            self.move_cursor(row=min(row_before, len(ids) - 1))
