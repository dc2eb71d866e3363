"""The one way text reaches the screen (docs/trust.md, "Text is literal").

Textual reads a plain `str` given to a Static, a Label, a table cell, a tab, an option, a
border title or a notification as markup: a note saying "files in [/tmp]" would crash the
screen, and "[b]…[/b]" would turn bold. So text that a person typed or a file brought in
never travels as a markup string. It goes through one of these:

- `literal(text)`: the text exactly as typed (control characters made visible), as
  Content that no widget parses again;
- `markup(template, **values)`: the app's own markup with the values put in literally
  (`markup("you mentor [b]$name[/b]", name=partner)`);
- `rich_literal(text)`: the same as `literal`, as a Rich `Text` for Rich tables and grids;
- `notify_literal(widget, message)`: a notification shown exactly as written (a
  notification takes a `str` only);
- `highlighted(matcher, text)`: a command palette hit naming a person's text, with the
  letters that match the search marked (`Matcher.highlight` would read it as markup).

Text put in an `Input` or a `TextArea` to be edited is never parsed, but those widgets
send control characters to the terminal as they are: it goes in through `printable`.

The app's own fixed strings can stay plain markup strings.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style as RichStyle
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.fuzzy import Matcher
from textual.style import Style
from textual.widget import Widget

from companion.terminal_text import printable


def literal(text: str, style: str | Style = "", *, one_line: bool = False) -> Content:
    """`text` shown exactly as typed, optionally styled as a whole."""
    content = Content(printable(text, one_line=one_line))
    return content.stylize(style) if style else content


def markup(template: str, **values: object) -> Content:
    """The app's markup `template`, with each `$name` replaced by the literal value."""
    return Content.from_markup(template, **{name: printable(str(value)) for name, value in values.items()})


def rich_literal(text: str, style: str | RichStyle = "", *, one_line: bool = False) -> Text:
    """`literal` for Rich renderables (a `Table.grid` cell): a Rich `Text` is never parsed."""
    return Text(printable(text, one_line=one_line), style=style)


def notify_literal(where: App | Widget, message: str, *, title: str = "", **options: Any) -> None:
    """`where.notify(message)`, the message and title shown exactly as written: for a
    message that holds text a person typed or a file brought in."""
    where.notify(printable(message), title=printable(title, one_line=True), markup=False, **options)


def highlighted(matcher: Matcher, text: str) -> Content:
    """`matcher.highlight(text)` for text shown as written, on one line."""
    shown = printable(text, one_line=True)
    content = Content(shown)
    score, offsets = matcher.fuzzy_search.match(matcher.query, shown)
    if score:
        for offset in offsets:
            if not shown[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
