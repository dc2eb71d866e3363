"""Every partner in view: which partnership needs you first (the urgency rule), what each
one shows, and a single partnership left exactly as before."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from companion.models import Agenda, Frequency, Session
from companion.overview import PartnerOutlook, Urgency, attention, by_urgency, most_urgent, outranking_other, urgency
from companion.store import Store
from companion.streaks import StreakReport
from companion.summary import snapshot, status_json, status_line
from tests.conftest import make_partnership
from tests.partners_helpers import add_other_partners, hold_sams_past_sessions

NOW = datetime(2026, 11, 24, 10, 0)  # a Tuesday


def outlook(name: str, *, current: bool = False, **facts) -> PartnerOutlook:
    """An outlook by hand: a session `in_days` days ahead (with its agenda ready or not),
    and any of unrecorded, to_reflect, at_risk, stalled."""
    in_days = facts.pop("in_days", 7)
    ready = facts.pop("ready", False)
    report = StreakReport(
        today=NOW.date(),
        period_frequency=Frequency.WEEKLY,
        period_end=NOW.date() + timedelta(days=facts.pop("period_left", 3)),
        days_left_in_period=3,
        at_risk=facts.pop("at_risk", False),
        stalled=facts.pop("stalled", False),
    )
    session = None
    if in_days is not None:
        moment = datetime.combine(NOW.date() + timedelta(days=in_days), datetime.min.time()) + timedelta(hours=16)
        session = Session(partnership_id=1, scheduled_at=moment, agenda=Agenda(ready_at=NOW) if ready else None)
    return PartnerOutlook(
        now=NOW,
        partnership=make_partnership(partner_name=name),
        current=current,
        next_session=session,
        streaks=report,
        **facts,
    )


PAST = NOW - timedelta(days=7)


def test_urgency_order_across_partners():
    expected = [
        outlook("unrecorded", unrecorded=[PAST], to_reflect=Session(partnership_id=1, scheduled_at=PAST)),
        outlook("agenda today", in_days=0),
        outlook("reflection", to_reflect=Session(partnership_id=1, scheduled_at=PAST), in_days=1),
        outlook("agenda due", in_days=2),
        outlook("at risk", at_risk=True, period_left=1),
        outlook("stalled", stalled=True),
        outlook("soonest", in_days=3),
        outlook("later", in_days=5, ready=True),
        outlook("nothing scheduled", in_days=None),
    ]
    shuffled = expected[:]
    random.Random(4).shuffle(shuffled)
    assert [o.partner_name for o in by_urgency(shuffled)] == [o.partner_name for o in expected]
    assert [urgency(o) for o in expected[:7]] == sorted(Urgency)
    assert [attention(o) for o in expected] == [
        "17 Nov unrecorded",
        "agenda not ready for today 16:00",
        "reflection on 17 Nov waiting",
        "agenda due Thu 26 Nov",
        "streak at risk",
        "stalled",
        None,
        None,
        None,
    ]


def test_what_does_not_count_as_a_need():
    assert urgency(outlook("ready today", in_days=0, ready=True)) is Urgency.NOTHING
    assert urgency(outlook("three days", in_days=3)) is Urgency.NOTHING  # not due yet
    # At risk, but this period's session is booked (period ends after it): nothing to book.
    assert urgency(outlook("booked", at_risk=True, in_days=2, ready=True, period_left=4)) is Urgency.NOTHING
    assert most_urgent([outlook("a", in_days=3), outlook("b", in_days=None)]) is None


def test_another_partner_outranks_only_with_a_more_urgent_need():
    sam = outlook("Sam", current=True, in_days=0)  # today, agenda not ready
    dana = outlook("Dana", unrecorded=[PAST])
    priya = outlook("Priya", in_days=2)
    assert outranking_other([sam, dana, priya]) is dana
    assert outranking_other([sam, priya]) is None  # an agenda due is less urgent than today's
    also_unrecorded = outlook("Sam", current=True, unrecorded=[PAST])
    assert outranking_other([also_unrecorded, dana]) is None  # a tie keeps the current partner
    assert most_urgent([also_unrecorded, dana]) is also_unrecorded


def test_a_partner_who_is_not_current_shows_an_unrecorded_session(onboarded: Store):
    hold_sams_past_sessions(onboarded)
    add_other_partners(onboarded)
    snap = snapshot(onboarded, NOW)
    assert [(o.partner_name, o.current) for o in snap.partners] == [
        ("Sam", True),
        ("Dana Ruiz", False),
        ("Priya Shah", False),
    ]
    # The current partner's part is as before: Sam's session, not another's.
    assert snap.partnership.partner_name == "Sam" and snap.next_session.scheduled_at == datetime(2026, 11, 24, 16)
    assert snap.unrecorded == [] and snap.warning is None
    dana, priya = snap.others
    assert (dana.partner_name, dana.unrecorded, attention(dana)) == (
        "Dana Ruiz",
        [datetime(2026, 11, 3, 10)],
        "3 Nov unrecorded",
    )
    assert dana.warning == "The session on Tue 3 Nov is not recorded: mark it held or skipped."
    assert (dana.next_when, dana.readiness, dana.cadence) == (
        "Tue 1 Dec 10:00",
        "7 days left to prepare",
        "monthly, first Tuesday at 10:00, 60 min",
    )
    assert (priya.next_when, priya.readiness, attention(priya)) == (
        "Thu 26 Nov 14:00",
        "2 days left to prepare",
        "agenda due Thu 26 Nov",
    )
    assert snap.outranking is dana
    line = status_line(snap)
    assert line.startswith("Sam today 16:00 (in 6 h) · agenda not ready · ")
    assert line.endswith(" · Dana Ruiz: 3 Nov unrecorded") and len(line) <= 90


def test_one_partnership_adds_nothing(onboarded: Store):
    snap = snapshot(onboarded, NOW)
    assert [o.current for o in snap.partners] == [True]
    assert snap.others == [] and snap.outranking is None
    assert status_line(snap).endswith(" · 17 Nov unrecorded")  # Sam's own, nothing appended
    data = status_json(snap)
    assert [p["partner"] for p in data["partners"]] == ["Sam"]
    assert data["most_urgent"] == {"partner": "Sam", "id": 1, "text": "17 Nov unrecorded"}


def test_a_partnership_not_started_yet(store: Store):
    from companion.models import Profile
    from companion.partnerships import complete_onboarding

    later = make_partnership(start_date=date(2027, 1, 5))
    complete_onboarding(store, Profile(name="Alex"), later, NOW)
    (only,) = snapshot(store, NOW).partners
    assert only.next_when == "Tue 5 Jan 2027 16:00" and urgency(only) is Urgency.NOTHING
