"""`reflections.reflection_candidates`: the sessions of every partner that wait for a
reflection, held ones first, then those whose time passed without being marked held."""

from __future__ import annotations

from datetime import datetime

from companion.models import Partnership
from companion.reflections import finish_reflection, reflection_candidates, reflection_choices, save_draft
from companion.sessions import add_session, cancel_session, hold_session, materialize, skip_session
from companion.store import Store
from tests.partners_helpers import with_partners

NOW = datetime(2026, 11, 24, 10, 0)  # Tuesday; Sam meets Tuesdays, Dana Mondays, Zoë Thursdays
DONE = dict(learned="Pairing helps", value=4, candour=4)


def listed(candidates) -> list[tuple[str, datetime, str]]:
    return [(c.partnership.partner_name, c.session.scheduled_at, c.state_text) for c in candidates]


def held(store: Store, partnership: Partnership, when: datetime):
    return hold_session(store, materialize(store, partnership, when, NOW), now=NOW)


def test_with_nothing_recorded_every_partners_last_session_is_offered_newest_first(onboarded: Store):
    with_partners(onboarded)
    candidates = reflection_candidates(onboarded, NOW)
    assert listed(candidates) == [
        ("Dana Ruiz", datetime(2026, 11, 23, 12, 0), "not marked held"),
        ("Zoë Adler", datetime(2026, 11, 19, 9, 0), "not marked held"),
        ("Sam", datetime(2026, 11, 17, 16, 0), "not marked held"),
    ]
    assert all(c.session.id is None and not c.held for c in candidates)  # only planned by the cadence


def test_held_sessions_come_first_and_reflected_skipped_or_cancelled_ones_never(onboarded: Store):
    sam, dana, zoe = with_partners(onboarded)
    drafted = held(onboarded, sam, datetime(2026, 11, 10, 16, 0))
    save_draft(onboarded, drafted.id, learned="Half a thought", now=NOW)
    finish_reflection(onboarded, held(onboarded, sam, datetime(2026, 11, 17, 16, 0)).id, now=NOW, **DONE)
    held(onboarded, zoe, datetime(2026, 11, 12, 9, 0))
    skip_session(onboarded, materialize(onboarded, zoe, datetime(2026, 11, 19, 9, 0), NOW), "Offsite", now=NOW)
    cancel_session(onboarded, materialize(onboarded, dana, datetime(2026, 11, 23, 12, 0), NOW), now=NOW)
    extra = add_session(onboarded, dana, datetime(2026, 11, 22, 15, 0), now=NOW)  # stored, never marked held
    assert listed(reflection_candidates(onboarded, NOW)) == [
        ("Zoë Adler", datetime(2026, 11, 12, 9, 0), "held"),
        ("Sam", datetime(2026, 11, 10, 16, 0), "held, draft started"),
        ("Dana Ruiz", datetime(2026, 11, 22, 15, 0), "not marked held"),
    ]
    # One partner only.
    (only,) = reflection_candidates(onboarded, NOW, dana)
    assert only.session.id == extra.id and not only.held
    assert reflection_candidates(onboarded, NOW, sam)[0].session.id == drafted.id


def test_held_sessions_wait_four_weeks_and_passed_ones_a_week(onboarded: Store):
    sam = onboarded.get(Partnership, 1)
    held(onboarded, sam, datetime(2026, 11, 3, 16, 0))
    later = datetime(2026, 12, 2, 10, 0)  # 29 days after it; the 24 Nov session passed 8 days ago
    assert listed(reflection_candidates(onboarded, later)) == [("Sam", datetime(2026, 12, 1, 16, 0), "not marked held")]
    assert [c.session.scheduled_at for c in reflection_candidates(onboarded, datetime(2026, 12, 1, 10, 0))] == [
        datetime(2026, 11, 3, 16, 0),
        datetime(2026, 11, 24, 16, 0),
    ]


def test_with_nothing_waiting_the_latest_reflection_can_be_read_again(onboarded: Store):
    sam = onboarded.get(Partnership, 1)
    session = held(onboarded, sam, datetime(2026, 11, 17, 16, 0))
    finish_reflection(onboarded, session.id, now=NOW, **DONE)
    assert reflection_candidates(onboarded, NOW) == []
    (choice,) = reflection_choices(onboarded, NOW)
    assert choice.session.id == session.id and choice.held and choice.state_text == "held, reflected"
    assert reflection_choices(onboarded, datetime(2026, 11, 3, 10, 0)) == []  # before the first session
