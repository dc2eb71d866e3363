"""Datasets for the export and import tests: the demo generator, with private things
whose words are marked so that a leak shows (tests/test_export_*.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from companion import demo
from companion.models import ActionItem, AgendaItem, Reflection, Section, Session
from companion.store import Store

SECRET = "SECRET"


def demo_store(folder: Path, *, sessions: int, seed: int, now: datetime) -> Store:
    demo.write_dataset(folder, sessions=sessions, seed=seed, now=now)
    return Store(folder).open()


def plant_secrets(store: Store, every: int = 3) -> list[str]:
    """Private words in every `every`-th session (an agenda item, a reflection, an action)
    and return them; nothing shared holds them."""
    secrets: list[str] = []
    sessions = sorted(store.all(Session), key=lambda s: s.id or 0)
    with store.transaction():
        for number, session in enumerate(sessions[::every]):
            word = f"{SECRET}{number}x"
            secrets.append(word)
            agenda = session.agenda
            if agenda is not None:
                item = AgendaItem(
                    id=f"s{number}", section=Section.EXPLORE, text=f"{word} item", minutes=5, private=True
                )
                agenda = replace(agenda, items=[*agenda.items, item])
            reflection = Reflection(learned=f"{word} learned", notes=f"{word} notes", private=True, is_draft=False)
            store.save(replace(session, agenda=agenda, reflection=reflection, times_moved=number % 3))
            store.add(
                ActionItem(
                    partnership_id=session.partnership_id, text=f"{word} action", private=True, session_id=session.id
                )
            )
    return secrets
