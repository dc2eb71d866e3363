"""The one way text reaches the screen (docs/trust.md, "Text is literal").

Textual reads a plain `str` given to a Static, a Label, a table cell, a tab, an option, a
border title or a notification as markup: a note saying "files in [/tmp]" would crash the
screen, and "[b]…[/b]" would turn bold. So text that a person typed or a file brought in
never travels as a markup string. It goes through one of these:

- `literal(text)`: the text exactly as typed (control characters made visible), as
  Content that no widget parses again;
- `markup(template, **values)`: the app's own markup with the values put in literally
  (`markup("you mentor [b]$name[/b]", name=partner)`);
- `rich_literal(text)`: the same as `literal`, as a Rich `Text` for Rich tables and grids.

The app's own fixed strings can stay plain markup strings.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.style import Style

from companion.terminal_text import printable


def literal(text: str, style: str | Style = "", *, one_line: bool = False) -> Content:
    """`text` shown exactly as typed, optionally styled as a whole."""
    content = Content(printable(text, one_line=one_line))
    return content.stylize(style) if style else content


def markup(template: str, **values: object) -> Content:
    """The app's markup `template`, with each `$name` replaced by the literal value."""
    return Content.from_markup(
        template, **{name: printable(str(value)) for name, value in values.items()}
    )


def rich_literal(text: str, style: str = "", *, one_line: bool = False) -> Text:
    """`literal` for Rich renderables (a `Table.grid` cell): a Rich `Text` is never parsed."""
    return Text(printable(text, one_line=one_line), style=style)
