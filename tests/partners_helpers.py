"""Several partnerships in one data file: Alex mentors Sam (Tuesdays 16:00, the default),
Dana Ruiz (Mondays 12:00) and Zoë Adler (Thursdays 9:00), all weekly from 2 Nov 2026."""

from __future__ import annotations

from datetime import date, datetime, time

from companion.models import Frequency, Partnership
from companion.partnerships import add_partnership
from companion.store import Store
from companion.validation import make_cadence
from tests.conftest import make_partnership

START = date(2026, 11, 2)
CREATED = datetime(2026, 11, 1, 9, 0)


def add_partner(store: Store, name: str, weekday: int, at: time) -> Partnership:
    cadence = make_cadence(Frequency.WEEKLY, weekday, at, START)
    return add_partnership(store, make_partnership(partner_name=name, cadences=[cadence], start_date=START), CREATED)


def with_partners(store: Store) -> tuple[Partnership, Partnership, Partnership]:
    """Sam (the onboarded, current partnership), Dana Ruiz and Zoë Adler."""
    sam = store.get(Partnership, 1)
    assert sam is not None
    return sam, add_partner(store, "Dana Ruiz", 0, time(12, 0)), add_partner(store, "Zoë Adler", 3, time(9, 0))
