"""Text on its way to a terminal, made harmless (docs/trust.md, "Text is literal").

What a person typed, or a file brought in, may hold control characters: an escape
sequence in a note can retitle the window, clear the screen or plant a fake prompt when it
is printed. Every piece of such text is passed through `printable` before it reaches a
terminal, whether the command line prints it or a screen shows it. Each control character
becomes a visible stand-in (ESC shows as ␛), so the text still reads as it was typed and
nothing is silently dropped. JSON output is never passed through here: it stays exact.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and lone surrogates (what Python makes of bytes that were
# not UTF-8). Tabs and line breaks are kept where the text may have several lines.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Unicode's "control pictures" block has a symbol for each C0 control and for DEL.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
NEWLINE_MARK = "\u23ce"  # ⏎, where a line break is shown inside one line


def _stand_in(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return f" {NEWLINE_MARK} "
    if char == "\t":
        return " "
    return _PICTURES.get(ord(char), "\ufffd")


def _stand_in_keeping_lines(match: re.Match[str]) -> str:
    char = match.group()
    return char if char in "\n\t" else _PICTURES.get(ord(char), "\ufffd")


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character shown as a visible symbol.

    Line breaks and tabs are kept, unless `one_line`, where a break shows as ⏎ (for table
    cells, titles and one-line summaries). A Windows line end counts as one break.
    """
    text = text.replace("\r\n", "\n")
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_stand_in if one_line else _stand_in_keeping_lines, text)


def is_valid_unicode(text: str) -> bool:
    """False for text holding lone surrogates: bytes that were not UTF-8, smuggled in
    through arguments or standard input. Such text cannot be stored or printed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
