"""`companion note --partner NAME` and `companion reflect --partner NAME`: the start of a
partner's name, in any case and without accents, picks the partner; a name that matches
no one or several is one line, and nothing is saved."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from companion.cli_commands import reflection_to_open
from companion.models import Note, Partnership
from companion.store import Store
from tests.conftest import run_cli, run_in_process
from tests.partners_helpers import add_partner, with_partners


def notes_by_partner(folder: Path) -> list[tuple[int, str]]:
    return [(n.partnership_id, n.text) for n in Store(folder).open().all(Note)]


@pytest.mark.parametrize(
    "typed, partner, when",
    [
        ("Dana Ruiz", "Dana Ruiz", "Mon 30 Nov 12:00"),
        ("da", "Dana Ruiz", "Mon 30 Nov 12:00"),
        ("DANA", "Dana Ruiz", "Mon 30 Nov 12:00"),
        ("Dána r", "Dana Ruiz", "Mon 30 Nov 12:00"),
        ("zoe", "Zoë Adler", "Thu 26 Nov 09:00"),
        ("sam", "Sam", "today 16:00"),
    ],
)
def test_note_for_a_partner_named_by_the_start_of_the_name(
    onboarded: Store, data_dir: Path, monkeypatch, capsys, typed, partner, when
):
    with_partners(onboarded)
    code, out, err = run_in_process(["note", "--partner", typed, "Ask", "about", "the", "rota"], monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"Noted for your session with {partner}, {when} (in ")
    ids = {p.partner_name: p.id for p in Store(data_dir).open().all(Partnership)}
    assert notes_by_partner(data_dir) == [(ids[partner], "Ask about the rota")]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("x", 'no partner matches "x": Dana Ruiz, Sam, Sam Okafor, Zoë Adler.'),
        ("sa", '"sa" could be Sam or Sam Okafor: type more of the name.'),
        ("Sam O", None),  # found: the control case
    ],
)
def test_an_unknown_or_ambiguous_partner_saves_nothing_and_gives_the_note_back(
    onboarded: Store, data_dir: Path, monkeypatch, capsys, typed, message
):
    with_partners(onboarded)
    add_partner(onboarded, "Sam Okafor", 4, time(10, 0))
    before = (data_dir / "companion.json").read_bytes()
    code, out, err = run_in_process(["note", "Ask about it's release", "--partner", typed], monkeypatch, capsys)
    if message is None:
        assert code == 0 and "Sam Okafor" in out
        return
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("companion: ")
    assert message in err
    assert "Your note was NOT saved" in err
    assert err.rstrip().endswith("companion note --partner NAME 'Ask about it'\"'\"'s release'")
    assert (data_dir / "companion.json").read_bytes() == before


def test_note_partner_in_a_real_process(onboarded: Store, data_dir: Path):
    with_partners(onboarded)
    result = run_cli("note", "--partner", "zo", "Bring the flaky test")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Noted for your session with Zoë Adler, Thu 26 Nov 09:00 (in 2 days).\n"
    unknown = run_cli("note", "--partner", "nobody", "Lost?")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith('companion: no partner matches "nobody": Dana Ruiz, Sam, Zoë Adler.')
    assert [text for _, text in notes_by_partner(data_dir)] == ["Bring the flaky test"]


def test_reflect_partner_narrows_to_that_partner(onboarded: Store, monkeypatch, capsys):
    with_partners(onboarded)
    assert [c.partnership.partner_name for c in reflection_to_open(onboarded, None)] == [
        "Dana Ruiz",
        "Zoë Adler",
        "Sam",
    ]
    (only,) = reflection_to_open(onboarded, "ZOE")
    assert only.partnership.partner_name == "Zoë Adler"
    assert only.session.scheduled_at == datetime(2026, 11, 19, 9, 0)
    code, out, err = run_in_process(["reflect", "--partner", "q"], monkeypatch, capsys)
    assert code == 1 and out == ""
    assert err == 'companion: no partner matches "q": Dana Ruiz, Sam, Zoë Adler\n'


def test_shell_completion_offers_the_partner_option():
    script = run_cli("completion", "bash").stdout
    assert "--partner" in script
