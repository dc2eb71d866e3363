"""Text on its way to a terminal: control characters visible, markup never parsed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from companion.terminal_text import is_valid_unicode, printable
from screens.text import literal, markup, rich_literal

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\r\x00\x7f"


def test_escape_sequences_show_as_symbols():
    assert printable("a\x1b[2Jb") == "a␛[2Jb"
    assert printable("bell\x07") == "bell␇"
    assert printable("del\x7f") == "del␡"
    assert printable("csi\x9b") == "csi\ufffd"
    assert printable("bad \udcff byte") == "bad \ufffd byte"


def test_line_breaks_and_tabs_are_kept_unless_one_line():
    assert printable("one\ntwo\tthree") == "one\ntwo\tthree"
    assert printable("one\r\ntwo") == "one\ntwo"
    assert printable("one\ntwo\tthree", one_line=True) == "one ⏎ two three"
    assert printable("over\rwrite") == "over␍write"


@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text):
    for shown in (printable(text), printable(text, one_line=True)):
        assert not any(ord(c) < 0x20 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in shown)
        assert is_valid_unicode(shown)
    assert "\n" not in printable(text, one_line=True)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"))))
def test_ordinary_text_is_unchanged(text):
    assert printable(text) == text


def test_validity_of_unicode():
    assert is_valid_unicode("Zettelkästen ✓")
    assert not is_valid_unicode("bad \udcff byte")


def test_markup_is_never_parsed():
    planted = "[b]bold?[/b] [link=https://example.com]x[/link] [/tmp] [$accent]"
    assert literal(planted).plain == planted
    assert rich_literal(planted).plain == planted
    shown = markup("[b]$name[/b] says $text", name="[i]Sam[/i]", text=planted)
    assert shown.plain == f"[i]Sam[/i] says {planted}"
    assert literal(HOSTILE).plain == printable(HOSTILE)
    assert "\x1b" not in markup("$x", x=HOSTILE).plain
