"""Several partnerships in one data file, for the tests of a person with several partners.

For every partner in view (`other_partners`), beside Sam (Tuesdays at 16:00), on Tue 24 Nov
2026 at 10:00 (the tests' clock):

- Dana Ruiz, monthly on the first Tuesday at 10:00 from 6 Oct: 3 Nov passed unrecorded,
  the next session is Tue 1 Dec 10:00;
- Priya Shah, every other Thursday at 14:00 from 26 Nov: the first session is in two days
  and its agenda is not ready (due).

For notes and reflection (`with_partners`): Sam, Dana Ruiz (Mondays 12:00) and Zoë Adler
(Thursdays 9:00), all weekly from 2 Nov 2026.
"""

from __future__ import annotations

from datetime import date, datetime, time

from companion.models import FocusRole, Frequency, Partnership, Stance
from companion.partnerships import add_partnership
from companion.store import Store
from companion.validation import make_cadence
from tests.conftest import make_partnership

DANA_START, PRIYA_START = date(2026, 10, 6), date(2026, 11, 26)


def other_partners() -> list[Partnership]:
    return [
        Partnership(
            partner_name="Dana Ruiz",
            stance=Stance.MENTOR,
            focus_role=FocusRole.PRODUCT_MANAGER,
            cadences=[make_cadence(Frequency.MONTHLY, 1, time(10, 0), DANA_START)],
            session_minutes=60,
            start_date=DANA_START,
        ),
        Partnership(
            partner_name="Priya Shah",
            stance=Stance.MENTOR,
            focus_role=FocusRole.DESIGNER,
            cadences=[make_cadence(Frequency.FORTNIGHTLY, 3, time(14, 0), PRIYA_START)],
            session_minutes=30,
            start_date=PRIYA_START,
        ),
    ]


def add_other_partners(store: Store, count: int = 2) -> list[Partnership]:
    """Dana (and Priya), added on 1 Oct 2026; the current partnership stays current."""
    return [add_partnership(store, p, datetime(2026, 10, 1, 9)) for p in other_partners()[:count]]


def hold_sams_past_sessions(store: Store) -> None:
    """Sam's sessions of 3, 10 and 17 Nov held, so that nothing of Sam's is unrecorded: Sam
    then needs today's agenda (16:00, not ready), which an unrecorded session outranks."""
    from companion.models import Session
    from companion.sessions import hold_session

    for day in (3, 10, 17):
        moment = datetime(2026, 11, day, 16, 0)
        hold_session(store, Session(partnership_id=1, scheduled_at=moment, slot=moment), now=datetime(2026, 11, 24, 10))


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
