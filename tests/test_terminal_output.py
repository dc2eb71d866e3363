"""What the command line prints for a person has no live control characters; JSON is exact."""

from __future__ import annotations

import json

from companion import cli, clock
from companion.notes import add_note
from companion.partnerships import current_partnership, update_partnership

HOSTILE = "retitle \x1b]0;owned\x07 clear \x1b[2J\x1b[H bell \x07 csi \x9b31m back\rspace"


def printed(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def no_live_controls(text: str) -> bool:
    return not any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text)


def test_a_note_with_escape_sequences_is_printed_harmless(onboarded, capsys):
    add_note(onboarded, HOSTILE, clock.now())
    code, out, _ = printed(["agenda"], capsys)
    assert code == 0
    assert no_live_controls(out)
    assert "retitle ␛]0;owned␇ clear ␛[2J␛[H bell ␇" in out


def test_json_keeps_the_text_exactly(onboarded, capsys):
    add_note(onboarded, HOSTILE, clock.now())
    code, out, _ = printed(["agenda", "--json"], capsys)
    assert code == 0
    assert "\x1b" not in out  # JSON escapes it…
    texts = [item["text"] for item in json.loads(out)["items"]]
    assert HOSTILE in texts  # …and reads back exactly as typed


def test_status_and_the_note_confirmation_show_a_hostile_partner_name_harmlessly(onboarded, capsys):
    partnership = current_partnership(onboarded)
    update_partnership(
        onboarded,
        partnership.id,
        "Sam \x1b[2J",
        partnership.stance,
        partnership.focus_role,
        partnership.session_minutes,
    )
    code, out, _ = printed(["note", "hello"], capsys)
    assert code == 0 and no_live_controls(out) and "Sam ␛[2J" in out
    code, out, _ = printed(["status"], capsys)
    assert code == 0 and no_live_controls(out)
    code, out, _ = printed(["status", "--json"], capsys)
    assert code == 0 and json.loads(out)["partner"] == "Sam \x1b[2J"


def test_error_messages_are_harmless_too(tmp_path, capsys):
    odd = tmp_path / "folder \x1b[2J name"
    odd.write_text("a file")
    code, _, err = printed(["--data", str(odd), "status"], capsys)
    assert code == 1
    assert no_live_controls(err.rstrip("\n")) and "␛[2J" in err
