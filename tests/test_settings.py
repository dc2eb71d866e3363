"""Settings, the core part: editing the profile and a partnership, a cadence change that
keeps history, a second partnership and switching between them, all against real files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from companion.banks import load_banks
from companion.cadences import cancel_orphans, change_cadence, preview_cadence
from companion.errors import CompanionError, ValidationError
from companion.models import FocusRole, Partnership, Profile, Session, SessionState, Stance
from companion.partnerships import (
    add_partnership,
    build_partnership,
    clean_partnership_fields,
    clean_profile,
    current_partnership,
    list_partnerships,
    load_settings,
    profile,
    switch_partnership,
    update_partnership,
    update_profile,
    update_profile_and_partnership,
)
from companion.prepare import prepare_next
from companion.schedule import next_session, occurrences
from companion.sessions import hold_session, materialize, sessions_near
from companion.store import Store
from companion.validation import OnboardingForm
from tests.conftest import make_partnership

NOW = datetime(2026, 11, 24, 10, 0)  # the frozen clock: a Tuesday; Alex meets Sam on Tuesdays at 16:00


def at(day: str, clock_time: str = "16:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock_time}")


def reopened(data_dir: Path) -> Store:
    """The data file as a fresh process sees it."""
    return Store(data_dir).open()


def next_time(store: Store, now: datetime = NOW) -> datetime:
    partnership = current_partnership(store)
    return next_session(partnership, sessions_near(store, partnership, now), now).scheduled_at


# --- profile -------------------------------------------------------------------------------


def test_profile_changes_persist(onboarded: Store, data_dir: Path):
    update_profile(onboarded, "  Alex   Morgan ", " Principal engineer ")
    assert profile(reopened(data_dir)) == Profile(name="Alex Morgan", role="Principal engineer")


@pytest.mark.parametrize(
    ("name", "role", "field", "fragment"),
    [
        ("", "Engineer", "name", "Your name cannot be empty"),
        ("   ", "Engineer", "name", "Your name cannot be empty"),
        ("A" * 61, "Engineer", "name", "keep it under 60"),
        ("Alex", "R" * 61, "role", "Your role is 61 characters"),
    ],
)
def test_each_profile_field_is_checked(onboarded: Store, data_dir: Path, name, role, field, fragment):
    with pytest.raises(ValidationError) as bad:
        update_profile(onboarded, name, role)
    assert list(bad.value.problems) == [field] and fragment in bad.value.problems[field]
    assert profile(reopened(data_dir)) == Profile(name="Alex", role="Staff engineer")


def test_both_profile_problems_are_reported_at_once():
    with pytest.raises(ValidationError) as bad:
        clean_profile("", "R" * 80)
    assert set(bad.value.problems) == {"name", "role"}


def test_an_empty_role_is_fine(onboarded: Store):
    assert update_profile(onboarded, "Alex", "").role == ""


def test_your_name_cannot_be_a_partners_name(onboarded: Store, data_dir: Path):
    with pytest.raises(ValidationError) as bad:
        update_profile(onboarded, "sam", "Staff engineer")
    assert "Sam is the name of a partner" in bad.value.problems["name"]
    assert profile(reopened(data_dir)).name == "Alex"


# --- editing a partnership -----------------------------------------------------------------


def test_partnership_changes_persist(onboarded: Store, data_dir: Path):
    update_partnership(onboarded, 1, " Samira ", "mentor", "designer", "60")
    stored = reopened(data_dir).get(Partnership, 1)
    assert (stored.partner_name, stored.stance, stored.focus_role, stored.session_minutes) == (
        "Samira",
        Stance.MENTOR,
        FocusRole.DESIGNER,
        60,
    )
    assert stored.cadences == make_partnership().cadences, "the cadence is not touched"
    assert stored.start_date == date(2026, 11, 3) and stored.created_at == NOW


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"partner_name": ""}, "partner_name", "Partner's name cannot be empty"),
        ({"partner_name": "S" * 61}, "partner_name", "keep it under 60"),
        ({"stance": "boss"}, "stance", "Choose your stance: mentor or mentee"),
        ({"stance": ""}, "stance", "Choose your stance"),
        ({"focus_role": "chef"}, "focus_role", "engineer, designer or product manager"),
        ({"session_minutes": "an hour"}, "session_minutes", "a number of minutes, 15 to 240"),
        ({"session_minutes": "10"}, "session_minutes", "between 15 and 240 minutes, not 10"),
        ({"session_minutes": "241"}, "session_minutes", "not 241"),
        ({"partner_name": "ALEX"}, "partner_name", "should differ from yours"),
    ],
)
def test_each_partnership_field_is_checked(onboarded: Store, data_dir: Path, changes, field, fragment):
    values = dict(partner_name="Sam", stance="mentee", focus_role="engineer", session_minutes="45")
    values.update(changes)
    before = reopened(data_dir).docs("partnerships")
    with pytest.raises(ValidationError) as bad:
        update_partnership(onboarded, 1, **values)
    assert list(bad.value.problems) == [field] and fragment in bad.value.problems[field]
    assert reopened(data_dir).docs("partnerships") == before


def test_every_partnership_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as bad:
        clean_partnership_fields("", "x", "y", "z")
    assert set(bad.value.problems) == {"partner_name", "stance", "focus_role", "session_minutes"}


SAM = dict(partner_name="Sam", stance="mentee", focus_role="engineer", session_minutes="45")


def test_the_profile_and_the_partnership_are_saved_together(onboarded: Store, data_dir: Path):
    update_profile_and_partnership(
        onboarded,
        profile_fields=dict(name="Alex Morgan", role="Director"),
        partnership_id=1,
        partnership_fields={**SAM, "partner_name": "Samira"},
    )
    store = reopened(data_dir)
    assert profile(store) == Profile(name="Alex Morgan", role="Director")
    assert store.get(Partnership, 1).partner_name == "Samira"


def test_the_profile_and_the_partnership_are_saved_both_or_neither(onboarded: Store, data_dir: Path):
    before = reopened(data_dir).docs("partnerships")
    with pytest.raises(ValidationError) as bad:
        update_profile_and_partnership(
            onboarded,
            profile_fields=dict(name="Alex Morgan", role="Director"),
            partnership_id=1,
            partnership_fields={**SAM, "session_minutes": "10"},
        )
    assert list(bad.value.problems) == ["session_minutes"]
    store = reopened(data_dir)
    assert profile(store) == Profile(name="Alex", role="Staff engineer"), "the profile waits for the partnership"
    assert store.docs("partnerships") == before


def test_the_profile_or_the_partnership_can_be_saved_alone(onboarded: Store, data_dir: Path):
    update_profile_and_partnership(onboarded, profile_fields=dict(name="Alexandra", role=""))
    assert profile(reopened(data_dir)).name == "Alexandra"
    update_profile_and_partnership(onboarded, partnership_id=1, partnership_fields={**SAM, "stance": "mentor"})
    store = reopened(data_dir)
    assert store.get(Partnership, 1).stance is Stance.MENTOR and profile(store).name == "Alexandra"


def test_editing_a_partnership_that_is_gone_says_so(onboarded: Store):
    with pytest.raises(CompanionError, match="no longer exists"):
        update_partnership(onboarded, 99, "Jo", "mentee", "engineer", 45)


def test_a_new_session_length_rescales_planned_agendas_only(onboarded: Store, data_dir: Path):
    banks = load_banks()
    partnership = current_partnership(onboarded)
    held = hold_session(onboarded, materialize(onboarded, partnership, at("2026-11-17"), NOW), now=NOW)
    prepared = prepare_next(onboarded, banks, NOW)
    assert sum(i.minutes for i in prepared.agenda.items) == 45

    update_partnership(onboarded, 1, "Sam", "mentee", "engineer", 90)

    store = reopened(data_dir)
    agenda = store.get(Session, prepared.session.id).agenda
    assert sum(i.minutes for i in agenda.items) == 90
    assert [i.text for i in agenda.items] == [i.text for i in prepared.agenda.items]
    assert store.get(Session, held.id) == held, "a held session keeps its record"


def test_a_session_length_too_short_for_a_built_agenda_is_refused(onboarded: Store, data_dir: Path):
    from companion.agenda_edits import add_item
    from companion.models import Section
    from companion.prepare import save_agenda

    prepared = prepare_next(onboarded, load_banks(), NOW)
    agenda = prepared.agenda
    while len(agenda.items) <= 16:
        agenda = add_item(agenda, f"Item {len(agenda.items)}", Section.EXPLORE, 45)
    save_agenda(onboarded, prepared.session.id, agenda)
    with pytest.raises(ValidationError) as bad:
        update_partnership(onboarded, 1, "Sam", "mentee", "engineer", 15)
    assert f"has {len(agenda.items)} items" in bad.value.problems["session_minutes"]
    assert reopened(data_dir).get(Partnership, 1).session_minutes == 45


# --- changing the cadence ------------------------------------------------------------------


def test_a_cadence_change_keeps_history_and_moves_the_next_session(onboarded: Store, data_dir: Path):
    before = current_partnership(onboarded)
    history = occurrences(before, at("2026-11-01", "00:00"), at("2026-11-24", "00:00"))
    assert next_time(onboarded) == at("2026-11-24")  # today, 16:00

    change = change_cadence(onboarded, 1, frequency="weekly", weekday="thursday", at="18:30", now=NOW)

    after = reopened(data_dir).get(Partnership, 1)
    assert len(after.cadences) == 2
    assert after.cadences[0] == before.cadences[0], "the earlier cadence is kept as it was"
    assert after.cadences[1].describe() == "every Thursday at 18:30"
    assert after.cadences[1].since == date(2026, 11, 24)
    assert occurrences(after, at("2026-11-01", "00:00"), at("2026-11-24", "00:00")) == history
    assert next_time(reopened(data_dir)) == at("2026-11-26", "18:30")
    assert change.orphans == []


@pytest.mark.parametrize(
    ("now", "frequency", "weekday", "at_text"),
    [
        (NOW, "weekly", "thursday", "18:00"),  # morning: from today
        (at("2026-11-24", "17:00"), "weekly", "wednesday", "12:00"),  # after today's 16:00: tomorrow
        (at("2026-11-24", "17:00"), "fortnightly", "tuesday", "09:00"),  # the new time passed today, too
        (at("2026-11-25", "08:00"), "weekly", "wednesday", "07:00"),  # only the new time passed today
        (NOW, "monthly", "friday", "10:00"),
    ],
)
def test_the_preview_shows_the_cadence_that_a_change_appends(onboarded: Store, now, frequency, weekday, at_text):
    partnership = current_partnership(onboarded)
    preview = preview_cadence(partnership, frequency, weekday, at_text, now)
    change = change_cadence(onboarded, 1, frequency=frequency, weekday=weekday, at=at_text, now=now)
    assert preview == change.cadence


def test_the_preview_starts_no_earlier_than_a_later_cadence(onboarded: Store):
    change_cadence(onboarded, 1, frequency="weekly", weekday=3, at="18:00", since=date(2027, 1, 4), now=NOW)
    partnership = current_partnership(onboarded)
    preview = preview_cadence(partnership, "weekly", "friday", "09:00", NOW)
    assert preview.since == date(2027, 1, 4)
    assert change_cadence(onboarded, 1, frequency="weekly", weekday="friday", at="09:00", now=NOW).cadence == preview


def test_the_preview_checks_each_cadence_field(onboarded: Store):
    with pytest.raises(ValidationError) as bad:
        preview_cadence(current_partnership(onboarded), "daily", "someday", "25:00", NOW)
    assert set(bad.value.problems) == {"frequency", "weekday", "at"}


def test_planned_sessions_the_new_cadence_lacks_can_be_cancelled_afterwards(onboarded: Store, data_dir: Path):
    partnership = current_partnership(onboarded)
    prepared = materialize(onboarded, partnership, at("2026-12-01"), NOW)
    change = change_cadence(onboarded, 1, frequency="weekly", weekday="thursday", at="18:00", now=NOW)
    assert [s.id for s in change.orphans] == [prepared.id]
    assert next_time(onboarded, at("2026-11-27", "09:00")) == at("2026-12-01"), "kept until the person decides"

    (cancelled,) = cancel_orphans(onboarded, change, now=NOW)

    stored = reopened(data_dir).get(Session, prepared.id)
    assert stored.state is SessionState.CANCELLED and cancelled.id == prepared.id
    assert "every Thursday at 18:00" in stored.skip_reason
    assert next_time(reopened(data_dir), at("2026-11-27", "09:00")) == at("2026-12-03", "18:00")
    assert len(reopened(data_dir).get(Partnership, 1).cadences) == 2, "no second cadence is appended"


# --- more than one partnership ---------------------------------------------------------------


def partner_form(**changes: str) -> OnboardingForm:
    values = dict(
        partner_name="Jo",
        stance="mentor",
        focus_role="designer",
        frequency="fortnightly",
        weekday="3",
        at="12:30",
        session_minutes="30",
        start_date="2026-12-03",
    )
    values.update(changes)
    return OnboardingForm(**values)


def test_add_a_second_partnership_and_switch_to_it(onboarded: Store, data_dir: Path):
    jo = build_partnership(onboarded, partner_form(), NOW.date())
    added = add_partnership(onboarded, jo, NOW)
    assert added.id == 2
    assert (jo.id, jo.created_at) == (None, None)  # the caller's record is left as it was
    store = reopened(data_dir)
    assert [p.partner_name for p in list_partnerships(store)] == ["Sam", "Jo"]
    assert current_partnership(store).partner_name == "Sam", "adding does not switch"
    stored = store.get(Partnership, 2)
    assert stored.cadence.describe() == "every other Thursday at 12:30"
    assert (stored.stance, stored.focus_role, stored.session_minutes) == (Stance.MENTOR, FocusRole.DESIGNER, 30)
    assert stored.created_at == NOW and stored.start_date == date(2026, 12, 3)

    switch_partnership(onboarded, 2)

    store = reopened(data_dir)
    assert load_settings(store).current_partnership_id == 2
    assert current_partnership(store).partner_name == "Jo"
    assert next_time(store) == at("2026-12-03", "12:30")
    switch_partnership(store, 1)
    assert current_partnership(reopened(data_dir)).partner_name == "Sam"


def test_a_partnership_can_be_added_as_the_current_one(onboarded: Store, data_dir: Path):
    add_partnership(onboarded, build_partnership(onboarded, partner_form(), NOW.date()), NOW, make_current=True)
    assert current_partnership(reopened(data_dir)).partner_name == "Jo"


def test_switching_to_a_partnership_that_is_gone_changes_nothing(onboarded: Store, data_dir: Path):
    with pytest.raises(CompanionError, match="no longer exists"):
        switch_partnership(onboarded, 7)
    assert load_settings(reopened(data_dir)).current_partnership_id == 1


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"partner_name": ""}, "partner_name", "cannot be empty"),
        ({"partner_name": "sam"}, "partner_name", "already have a partnership with Sam"),
        ({"partner_name": "Alex"}, "partner_name", "should differ from yours"),
        ({"stance": ""}, "stance", "Choose your stance"),
        ({"focus_role": ""}, "focus_role", "the mentee's role"),
        ({"frequency": "daily"}, "frequency", "how often you meet"),
        ({"weekday": ""}, "weekday", "Monday to Sunday"),
        ({"at": "25:00"}, "at", "not a time of day"),
        ({"session_minutes": "5"}, "session_minutes", "between 15 and 240"),
        ({"start_date": "someday"}, "start_date", "Start date"),
    ],
)
def test_each_field_of_a_new_partnership_is_checked(onboarded: Store, data_dir: Path, changes, field, fragment):
    with pytest.raises(ValidationError) as bad:
        build_partnership(onboarded, partner_form(**changes), NOW.date())
    assert list(bad.value.problems) == [field] and fragment in bad.value.problems[field]
    assert len(list_partnerships(reopened(data_dir))) == 1


def test_adding_checks_the_name_again_inside_the_write(onboarded: Store, data_dir: Path):
    jo = build_partnership(onboarded, partner_form(), NOW.date())
    add_partnership(onboarded, jo, NOW)
    again = build_partnership(onboarded, partner_form(partner_name="Kim"), NOW.date())
    again.partner_name = "JO"  # say another window added Jo meanwhile
    with pytest.raises(ValidationError, match="already have a partnership with Jo"):
        add_partnership(onboarded, again, NOW)
    assert len(list_partnerships(reopened(data_dir))) == 2


def test_a_partner_may_not_take_another_partners_name_when_edited(onboarded: Store):
    add_partnership(onboarded, build_partnership(onboarded, partner_form(), NOW.date()), NOW)
    with pytest.raises(ValidationError, match="already have a partnership with Jo"):
        update_partnership(onboarded, 1, "jo", "mentee", "engineer", 45)
    update_partnership(onboarded, 2, "Jo", "mentee", "designer", 30)  # its own name is fine


def test_adding_needs_a_profile(store: Store):
    with pytest.raises(CompanionError, match="first-run questions"):
        build_partnership(store, partner_form(), NOW.date())


def test_partnerships_are_listed_oldest_first(onboarded: Store):
    for name in ("Kim", "Jo"):
        add_partnership(onboarded, build_partnership(onboarded, partner_form(partner_name=name), NOW.date()), NOW)
    assert [(p.id, p.partner_name) for p in list_partnerships(onboarded)] == [(1, "Sam"), (2, "Kim"), (3, "Jo")]
