"""What the carry-over tests share: the prompt bank, the pinned clock, texts that carry
a unique marker (so a private text showing up anywhere shared is caught, even inside a
folded item), and what an agenda shares and carries."""

from __future__ import annotations

import re
from datetime import datetime

from hypothesis import strategies as st

from companion import agenda_text, carry_over
from companion.banks import load_banks
from companion.models import Agenda

BANKS = load_banks()
PROMPTS = list(BANKS.prompts.values())
NOW = datetime(2026, 11, 24, 10, 0)  # FROZEN_NOW in conftest: a Tuesday morning
LAST_HELD = datetime(2026, 11, 17, 16, 0)  # the Tuesday before
NEXT_DAY = datetime(2026, 11, 25, 10, 0)
# Filler words around the markers: no digits, so filler never forms a marker, and ";"
# to mix with the "; " that joins folded texts.
FILLER = st.text(alphabet="abcdefghij ;:-", max_size=12)


def marker(number: int) -> str:
    return f"mk{number:04d}q"


def markers_in(text: str) -> set[str]:
    return set(re.findall(r"mk\d{4}q", text))


def shared_outputs(agenda: Agenda, partner: str, when: datetime, minutes: int) -> tuple[str, dict]:
    """What leaves the machine: the Markdown the screen copies and saves (the screen calls
    `to_markdown` with these arguments and no `include_private`), and the JSON."""
    markdown = agenda_text.to_markdown(agenda, partner, when, minutes)
    as_json = agenda_text.to_json(agenda, partner, when, minutes, include_private=False)
    return markdown, as_json


def carry_keys(agenda: Agenda) -> list[str]:
    return [k for k in carry_over.agenda_keys(agenda) if k.split(":")[0] in ("note", "action", "carried")]
