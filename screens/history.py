"""History: every past session of the current partner, newest first, and a search box
that narrows it to what matches as you type, across sessions, notes, goals and actions
(`companion.search`). Enter opens the record in Markdown, private parts marked
(docs/trust.md: it is the person's own data, shown to them)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Input, Markdown, Static

from companion import clock, history
from companion.dates import format_date
from companion.partnerships import current_partnership
from companion.search import Filters, Match, search_index
from companion.search_query import TypedQuery, parse_query
from companion.terminal_text import printable
from screens.base import CompanionDialog, CompanionScreen
from screens.dialogs import READER_CSS
from screens.footer import CompanionFooter
from screens.records import RecordTable
from screens.text import literal, rich_literal

COLUMNS = [("on", "Date"), ("what", "What"), ("partner", "Partner"), ("text", "Text")]
WIDTHS = {"on": 10, "what": 9, "partner": 10}
TEXT_MIN = 16
# Under 60 columns the list keeps only the date and the text (docs/architecture.md, "Screens").
NARROW_BELOW = 60
NARROW_COLUMNS = [("on", "Date"), ("text", "Text")]
LIMIT = 200
MATCH_STYLE = "bold reverse"
KEYS_TEXT = (
    "type words to search; tag:NAME from:DATE to:DATE narrow it · ↓ list · Enter open · a all partners · f private only"
)


def highlighted(match: Match) -> Text:
    """The match's context line, shown as written, with the matched words marked (one
    stand-in per control character, so the spans still fall on the same letters)."""
    text = rich_literal(match.context, one_line=True)
    for start, end in match.spans:
        text.stylize(MATCH_STYLE, start, end)
    return text


def marked_private(text: Text, private: bool) -> Text:
    return Text.assemble(("private · ", "italic"), text) if private else text


class HistoryScreen(CompanionScreen):
    """Past sessions, or search results while the search box holds a query."""

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#history-query"
    BINDINGS = [
        Binding("escape", "back", "Back", id="history_back", tooltip="Back to the dashboard"),
        Binding("a", "toggle_all", "All", id="history_all", tooltip="This partner only, or every partnership"),
        Binding("f", "toggle_private", "Private", id="history_private", tooltip="Everything, or private only"),
        Binding("slash", "to_search", "Search", id="history_search", tooltip="Back to the search box"),
        Binding("down", "to_list", "List", id="history_to_list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_partners = False
        self.private_only = False
        self.rows: list[Any] = []  # SessionRow or Match, by row key

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history-body"):
            yield Input(placeholder="Search sessions, notes, goals, actions  (tag:ai from:2026-10)", id="history-query")
            yield Static(id="history-scope")
            yield RecordTable(COLUMNS, WIDTHS, "text", TEXT_MIN, id="history-table")
            yield Static(KEYS_TEXT, id="history-keys")
        yield CompanionFooter()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#history-table", RecordTable)

    @property
    def query_text(self) -> str:
        return self.query_one("#history-query", Input).value

    @property
    def typed(self) -> TypedQuery:
        return parse_query(self.query_text, clock.today())

    def on_mount(self) -> None:
        self.fit_columns()
        self.refresh_data()

    def on_resize(self) -> None:
        if self.fit_columns():
            self.refresh_data()

    def fit_columns(self) -> bool:
        """Show the columns this width has room for; True when they changed."""
        table = self.table
        wanted = NARROW_COLUMNS if self.size.width < NARROW_BELOW else COLUMNS
        changed = list(table.headings) != wanted
        if changed:
            table.clear(columns=True)
            table.headings = tuple(wanted)
            for key, label in wanted:
                table.add_column(label, key=key, width=WIDTHS.get(key))
        table.widths = {key: width for key, width in WIDTHS.items() if key in table.columns}
        table.fit(self.size.width)
        return changed

    def refresh_data(self, *, to_top: bool = False) -> None:
        """List again; the cursor stays on its row unless the list changed its meaning."""
        partnership = current_partnership(self.store)
        scope_id = None if self.all_partners or partnership is None else partnership.id
        typed = self.typed
        filters = Filters(
            partnership_id=scope_id,
            tag=typed.tag,
            since=typed.since,
            until=typed.until,
            private_only=self.private_only,
        )
        if typed.words:
            self.rows = search_index(self.store).search(typed.words, filters, limit=LIMIT)
            cells = [self.match_cells(match) for match in self.rows]
        else:
            self.rows = history.session_rows(self.store, scope_id, filters)
            cells = [self.session_cells(row) for row in self.rows]
        keys = [key for key, _label in self.table.headings]
        self.table.show(
            ((number, [row[key] for key in keys]) for number, row in enumerate(cells)), keep=0 if to_top else None
        )
        self.show_scope(partnership.partner_name if partnership else "", typed)

    def show_scope(self, partner: str, typed: TypedQuery) -> None:
        """One line above the list: whose, what, the filters typed, how many; or why a
        filter typed could not be used."""
        who = "every partner" if self.all_partners or not partner else partner
        which = "private only" if self.private_only else "everything"
        found = "match" if typed.words else "session"
        count = f"{len(self.rows)} {found}{'' if len(self.rows) == 1 else ('es' if found == 'match' else 's')}"
        if len(self.rows) >= LIMIT and typed.words:
            count = f"the best {LIMIT} matches"
        line = " · ".join(part for part in (who, which, typed.describe(), count) if part)
        scope = self.query_one("#history-scope", Static)
        scope.set_class(bool(typed.problems), "-problem")
        scope.update(literal(typed.problems[0] if typed.problems else line, one_line=True))

    def session_cells(self, row: history.SessionRow) -> dict[str, Any]:
        session = row.session
        details = " · ".join(part for part in (row.summary, row.ratings, row.tags and f"tags: {row.tags}") if part)
        return {
            "on": format_date((session.held_at or session.scheduled_at).date()),
            "what": session.state.value,
            "partner": rich_literal(row.partner, one_line=True),
            "text": marked_private(rich_literal(details, one_line=True), row.private),
        }

    def match_cells(self, match: Match) -> dict[str, Any]:
        entry = match.entry
        partner = history.partner_name(self.store, entry.partnership_id)
        return {
            "on": format_date(entry.on),
            "what": entry.kind,
            "partner": rich_literal(partner, one_line=True),
            "text": marked_private(highlighted(match), match.private),
        }

    @on(Input.Changed, "#history-query")
    def search_as_you_type(self) -> None:
        self.refresh_data(to_top=True)

    @on(Input.Submitted, "#history-query")
    def action_to_list(self) -> None:
        self.table.focus()

    def action_to_search(self) -> None:
        self.query_one("#history-query", Input).focus()

    def action_back(self) -> None:
        self.app.action_go("dashboard")

    def action_toggle_all(self) -> None:
        self.all_partners = not self.all_partners
        self.refresh_data(to_top=True)

    def action_toggle_private(self) -> None:
        self.private_only = not self.private_only
        self.refresh_data(to_top=True)

    @on(DataTable.RowSelected, "#history-table")
    def open_record(self) -> None:
        number = self.table.selected_id
        if number is None or number >= len(self.rows):
            return
        row = self.rows[number]
        if isinstance(row, history.SessionRow):
            assert row.session.id is not None  # listed from the store
            text = history.session_markdown(self.store, row.session.id)
        else:
            text = history.entry_markdown(self.store, row.entry)
        self.app.push_screen(RecordDialog(text))


class RecordDialog(CompanionDialog[None]):
    """One record in Markdown, to read; Escape closes."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="record_close")]
    DEFAULT_CSS = READER_CSS.format(name="RecordDialog")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        # Markdown by design; control characters are made visible.
        with VerticalScroll():
            yield Markdown(printable(self.text), id="record-text")

    def action_close(self) -> None:
        self.dismiss(None)
