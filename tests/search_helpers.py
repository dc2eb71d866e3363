"""A small store for the search tests: Sam's sessions, notes, goals and actions, some private."""

from __future__ import annotations

from datetime import date, datetime

from companion.models import (
    ActionItem,
    Agenda,
    AgendaItem,
    CheckIn,
    Goal,
    Note,
    Reflection,
    Section,
    Session,
    SessionState,
    TrackRating,
)
from companion.partnerships import current_partnership
from companion.store import Store
from tests.partners_helpers import add_partner


def item(text: str, *, private: bool = False, **changes) -> AgendaItem:
    return AgendaItem(id=text[:8], section=Section.EXPLORE, text=text, minutes=5, private=private, **changes)


def add_session(store: Store, partnership_id: int, when: datetime, items=(), reflection=None) -> Session:
    return store.add(
        Session(
            partnership_id=partnership_id,
            scheduled_at=when,
            state=SessionState.HELD,
            held_at=when,
            agenda=Agenda(items=list(items)),
            reflection=reflection,
        )
    )


def stocked(store: Store) -> dict[str, int]:
    """Sam (current) and Dana, with a record of every kind; returns their ids by name."""
    sam = current_partnership(store)
    assert sam is not None and sam.id is not None
    dana = add_partner(store, "Dana", 2, datetime(2026, 1, 1, 9).time())
    assert dana.id is not None
    add_session(
        store,
        sam.id,
        datetime(2026, 10, 6, 16),
        [item("Zettelkästen for design notes"), item("My salary worries", private=True)],
        Reflection(learned="Pairing on the Rota helps", tags=["tooling"], is_draft=False),
    )
    add_session(
        store,
        sam.id,
        datetime(2026, 10, 13, 16),
        [item("Review the rota plan")],
        Reflection(learned="Burnout signals in the team", tags=["wellbeing"], private=True, is_draft=False),
    )
    add_session(store, dana.id, datetime(2026, 10, 14, 9), [item("Rota swap with Dana")])
    store.add(Note(partnership_id=sam.id, text="Ask about the café rota", created_at=datetime(2026, 11, 2, 9)))
    store.add(
        Goal(
            partnership_id=sam.id,
            title="Learn Figma components",
            my_expectation="Build a small library",
            tags=["design"],
            check_ins=[CheckIn(on=date(2026, 11, 1), progress=20, rating=TrackRating.ON_TRACK, note="Variants done")],
            created_at=datetime(2026, 9, 1, 10),
        )
    )
    store.add(ActionItem(partnership_id=sam.id, text="Draft the rota proposal", created_at=datetime(2026, 10, 6, 17)))
    store.add(
        ActionItem(
            partnership_id=sam.id, text="Talk to HR privately", private=True, created_at=datetime(2026, 10, 6, 17)
        )
    )
    return {"Sam": sam.id, "Dana": dana.id}
