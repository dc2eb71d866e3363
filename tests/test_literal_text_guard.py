"""A static guard for literal text (docs/trust.md): a record's text reaches a widget, a
notification or a title only through `screens/text.py` (or `printable`), never as it is
or inside an f-string. The screens themselves are checked with hostile data in
tests/test_literal_text_screens.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

# A record's text fields: what a person typed or a file brought in.
TEXT_FIELDS = {
    "text",
    "title",
    "note",
    "notes",
    "reason",
    "skip_reason",
    "partner_name",
    "name",
    "role",
    "why",
    "done_looks_like",
    "my_expectation",
    "partner_expectation",
    "learned",
    "will_try",
    "surprised",
    "warning",
}
# Where a `str` is read as markup (or, for Rich `Text` and `Markdown`, reaches the
# terminal with its control characters).
SINKS = {
    "update",
    "notify",
    "Static",
    "Label",
    "Option",
    "Selection",
    "Tab",
    "Button",
    "Checkbox",
    "Hit",
    "DiscoveryHit",
    "SystemCommand",
    "TextDialog",
    "ConfirmDialog",
    "Text",
    "Markdown",
    "add_row",
}
TITLES = {"border_title", "border_subtitle", "title", "sub_title"}


def record_text_in(node: ast.AST) -> str | None:
    """The record text field `node` shows as it is: `x.title`, or an f-string holding one."""
    if isinstance(node, ast.Attribute) and node.attr in TEXT_FIELDS:
        return ast.unparse(node)
    if isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                found = record_text_in(part.value)
                if found:
                    return found
    return None


def raw_record_text(source: str) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SINKS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    found = record_text_in(arg)
                    if found:
                        problems.append(f"line {node.lineno}: {name}(… {found} …)")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in TITLES:
                    found = record_text_in(node.value)
                    if found:
                        problems.append(f"line {node.lineno}: {target.attr} = … {found} …")
    return problems


INTERFACE = sorted((REPO / "screens").glob("*.py"))


@pytest.mark.parametrize("path", INTERFACE, ids=lambda p: p.name)
def test_no_record_text_reaches_a_widget_raw(path: Path):
    """A record's text goes to a widget, a notification or a title only through
    `screens/text.py` (or `printable`), never as it is or inside an f-string."""
    assert raw_record_text(path.read_text(encoding="utf-8")) == []


def test_the_guard_notices_raw_record_text():
    assert raw_record_text('Static(f"Goal: {goal.title}")') == ["line 1: Static(… goal.title …)"]
    assert raw_record_text('self.notify(f"Deleted: {action.text}")')
    assert raw_record_text('box.border_title = f"Check in: {self.goal.title}"')
    assert raw_record_text("grid.add_row(Text(note.text))")
    assert raw_record_text("grid.add_row(day, note.text)")
    assert not raw_record_text('notify_literal(self, f"Deleted: {action.text}")')
    assert not raw_record_text('Static(markup("Goal: $title", title=goal.title))')
    assert not raw_record_text('self.notify(f"Moved to {when}.")')
