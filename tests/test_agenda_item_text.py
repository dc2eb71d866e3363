"""An agenda item of several lines: stored whole and shown whole everywhere it goes
(the Markdown to share, the JSON, `companion agenda`)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from companion import agenda_edits, agenda_text, clock
from companion.banks import load_banks
from companion.cli import main as cli_main
from companion.models import Agenda, AgendaItem, Section
from companion.prepare import prepare_next, save_agenda
from companion.store import Store
from companion.validation import FieldError

THREE_LINES = "Show the CI dashboard\n- flaky tests\n- build times"
WHEN = datetime(2026, 12, 1, 16, 0)


def one_item(text: str = "Check in", minutes: int = 45) -> Agenda:
    return Agenda(items=[AgendaItem(id="i1", section=Section.CHECK_IN, text=text, minutes=minutes)])


def test_item_text_keeps_every_line_and_trims_only_what_is_blank():
    assert agenda_edits.item_text(THREE_LINES) == THREE_LINES
    assert agenda_edits.item_text("\n  Show it  \r\n\n- first   \n\n") == "Show it\n\n- first"
    with pytest.raises(FieldError, match="cannot be empty"):
        agenda_edits.item_text(" \n \n")
    with pytest.raises(FieldError, match="keep it under"):
        agenda_edits.item_text("x" * (agenda_edits.ITEM_TEXT_MAX + 1))


def test_adding_and_editing_keep_all_the_lines():
    added = agenda_edits.add_item(one_item(), THREE_LINES + "\n", Section.EXPLORE, 45, minutes=10, private=True)
    new = added.items[-1]
    assert (new.text, new.minutes, new.private) == (THREE_LINES, 10, True)
    edited = agenda_edits.edit_text(added, new.id, "One line\nand another")
    assert edited.items[-1].text == "One line\nand another"


def test_check_item_minutes_says_the_range():
    assert agenda_edits.check_item_minutes(" 7 ", 40) == 7
    for typed in ("0", "41", "five", ""):
        with pytest.raises(FieldError, match="from 1 to 40"):
            agenda_edits.check_item_minutes(typed, 40)


def test_markdown_keeps_the_lines_of_an_item_inside_its_list_entry():
    agenda = agenda_edits.add_item(one_item(minutes=40), THREE_LINES, Section.EXPLORE, 45, minutes=5)
    shown = agenda_text.to_markdown(agenda, "Sam", WHEN, 45)
    assert "- [ ] Show the CI dashboard (5 min)  \n  - flaky tests  \n  - build times\n" in shown
    as_json = agenda_text.to_json(agenda, "Sam", WHEN, 45)
    assert as_json["items"][-1]["text"] == THREE_LINES


def test_a_blank_line_inside_an_item_stays_inside_its_entry():
    agenda = agenda_edits.add_item(one_item(minutes=40), "Plan\n\nthen act", Section.EXPLORE, 45, minutes=5)
    shown = agenda_text.to_markdown(agenda, "Sam", WHEN, 45)
    assert "- [ ] Plan (5 min)\n\n  then act\n" in shown


def test_companion_agenda_prints_every_line(onboarded: Store, data_dir: Path, capsys):
    prepared = prepare_next(onboarded, load_banks(), clock.now())
    agenda = agenda_edits.add_item(prepared.agenda, THREE_LINES, Section.EXPLORE, 45)
    save_agenda(onboarded, prepared.session.id, agenda)
    assert cli_main(["--data", str(data_dir), "agenda"]) == 0
    assert "Show the CI dashboard (5 min)  \n  - flaky tests  \n  - build times\n" in capsys.readouterr().out
    assert cli_main(["--data", str(data_dir), "agenda", "--json"]) == 0
    assert THREE_LINES in [item["text"] for item in json.loads(capsys.readouterr().out)["items"]]
