"""A share file that is damaged, newer, edited beyond recognition, or meant for another
partnership or person is refused with one line, and nothing changes."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from companion.models import Reflection, Session, SessionState
from companion.share import FENCE, TEXT_MAX, VERSION
from companion.share_read import fenced_block, read_share
from companion.store import Store
from tests.conftest import run_in_process
from tests.share_helpers import two_folders


def _share(folder: Path, out: Path, monkeypatch, capsys) -> Path:
    code, _, err = run_in_process(["--data", str(folder), "share", "--out", str(out)], monkeypatch, capsys)
    assert code == 0, err
    return out


def _rewrite(path: Path, change) -> None:
    text = path.read_text()
    data = json.loads(fenced_block(text))
    change(data)
    head = text[: text.rindex(FENCE)]
    path.write_text(f"{head}{FENCE}\n{json.dumps(data)}\n```\n")


def _set(*keys_value):
    *keys, value = keys_value

    def change(data):
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def _cycle(change):
    """A valid cycle object put in the share, then `change` applied to it."""

    def put(data):
        cycle = {
            "number": 1,
            "start": "2026-11-03",
            "end": "2026-11-24",
            "review_on": "2027-02-03",
            "so_far": True,
            "held": 2,
            "goals_achieved": [],
            "candour": None,
            "value": None,
            "plans_happened": [],
            "lessons_still_true": [],
        }
        change(cycle)
        data["cycle"] = cycle

    return put


def _damage(path: Path) -> None:
    path.write_text(path.read_text().replace('"format"', '"format', 1))


CASES = {
    "damaged": _damage,
    "newer version": lambda p: _rewrite(p, _set("version", VERSION + 1)),
    "a cycle in version 1": lambda p: _rewrite(p, _set("version", 1)),
    "cycle field missing": lambda p: _rewrite(p, _cycle(lambda c: c.pop("held"))),
    "cycle average out of range": lambda p: _rewrite(p, _cycle(_set("candour", {"count": 2, "average": 6.5}))),
    "cycle days out of order": lambda p: _rewrite(p, _cycle(_set("end", "2026-01-01"))),
    "cycle line too long": lambda p: _rewrite(p, _cycle(_set("lessons_still_true", ["x" * 5000]))),
    "unknown field": lambda p: _rewrite(p, _set("extra", 1)),
    "text too long": lambda p: _rewrite(p, _set("will_try", ["x" * 5000])),
    "too many items": lambda p: _rewrite(p, _set("will_try", ["x"] * 500)),
    "wrong type": lambda p: _rewrite(p, _set("session", "minutes", "45")),
    "another partnership": lambda p: _rewrite(p, _set("to", "link", "0123456789abcdef")),
    "another person": lambda p: _rewrite(p, _set("to", "name", "Zed")),
    "no block": lambda p: p.write_text("# Just notes\n"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_share_is_refused_in_one_line(case, tmp_path, monkeypatch, capsys):
    mentee, mentor = two_folders(tmp_path)
    path = _share(mentee, tmp_path / "share.md", monkeypatch, capsys)
    CASES[case](path)
    before = (mentor / "companion.json").read_bytes()
    code, out, err = run_in_process(["--data", str(mentor), "import", str(path)], monkeypatch, capsys)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Nothing was imported" in err and "Traceback" not in err
    assert (mentor / "companion.json").read_bytes() == before


def test_a_share_for_a_partnership_already_linked_to_someone_else_is_refused(tmp_path, monkeypatch, capsys):
    mentee, mentor = two_folders(tmp_path)
    path = _share(mentee, tmp_path / "share.md", monkeypatch, capsys)
    assert run_in_process(["--data", str(mentor), "import", str(path)], monkeypatch, capsys)[0] == 0
    _rewrite(path, _set("from", "link", "fedcba9876543210"))
    code, _, err = run_in_process(["--data", str(mentor), "import", str(path)], monkeypatch, capsys)
    assert code == 1 and "not from the Alex" in err


def test_text_from_a_share_is_shown_literally(tmp_path, monkeypatch, capsys):
    mentee, mentor = two_folders(tmp_path)
    assert (
        run_in_process(["--data", str(mentee), "note", "ring \x1b]0;pwned\x07 [b]x[/b]"], monkeypatch, capsys)[0] == 0
    )
    path = _share(mentee, tmp_path / "share.md", monkeypatch, capsys)
    code, out, _ = run_in_process(["--data", str(mentor), "import", str(path), "--dry-run"], monkeypatch, capsys)
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "[b]x[/b]" in out


def test_an_ambiguous_partner_asks_for_partnership(tmp_path, monkeypatch, capsys):
    from companion.partnerships import add_partnership
    from companion.store import Store
    from tests.conftest import make_partnership

    mentee, mentor = two_folders(tmp_path)
    store = Store(mentor).open()
    add_partnership(store, make_partnership(partner_name="Alex Moreau"), None)
    path = _share(mentee, tmp_path / "share.md", monkeypatch, capsys)
    code, _, err = run_in_process(["--data", str(mentor), "import", str(path)], monkeypatch, capsys)
    assert code == 1 and "--partnership" in err
    args = ["--data", str(mentor), "import", str(path), "--partnership", "Alex"]
    assert run_in_process(args, monkeypatch, capsys)[0] == 0


def test_a_will_try_line_longer_than_a_share_allows_is_cut_not_refused(tmp_path, monkeypatch, capsys):
    mentee, mentor = two_folders(tmp_path)
    long_line = "When a review stalls, I will " + "pair on it " * 400
    at = datetime(2026, 11, 23, 16, 0)
    reflection = Reflection(will_try=long_line, written_at=at, value=4, candour=4, is_draft=False)
    with (store := Store(mentee).open()).transaction():
        store.add(
            Session(partnership_id=1, scheduled_at=at, state=SessionState.HELD, held_at=at, reflection=reflection)
        )
    share = read_share(_share(mentee, tmp_path / "share.md", monkeypatch, capsys))
    (line,) = share.will_try
    assert len(line) == TEXT_MAX and line.endswith("…") and long_line.startswith(line[:-1])
    code, _, err = run_in_process(["--data", str(mentor), "import", str(tmp_path / "share.md")], monkeypatch, capsys)
    assert code == 0, err
