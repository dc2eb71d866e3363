"""Cadences as the settings screen tries them before a change: built from the chosen
fields, compared with the one in force, and the first session they give. Changing the
cadence against a real file is covered in tests/test_sessions_calendar.py and
tests/test_settings.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from companion.cadences import (
    cadence_from,
    check_cadence_fields,
    first_session_on,
    is_cadence_in_force,
    preview_cadence,
    with_cadence,
)
from companion.errors import ValidationError
from companion.models import Frequency
from tests.conftest import make_partnership

NOW = datetime(2026, 11, 24, 10, 0)  # a Tuesday; Sam meets on Tuesdays at 16:00


def test_check_cadence_fields_cleans_up_what_was_typed():
    assert check_cadence_fields("weekly", "thursday", "6pm") == (Frequency.WEEKLY, 3, time(18, 0))
    with pytest.raises(ValidationError) as bad:
        check_cadence_fields("daily", "someday", "25:00")
    assert set(bad.value.problems) == {"frequency", "weekday", "at"}


def test_a_monthly_cadence_meets_in_the_chosen_week_else_in_the_week_of_its_first_day():
    chosen = cadence_from(Frequency.MONTHLY, 4, time(10, 0), date(2026, 11, 24), week_of_month=1)
    assert chosen.week_of_month == 1 and chosen.since == date(2026, 11, 24)
    assert cadence_from(Frequency.MONTHLY, 4, time(10, 0), date(2026, 11, 24)).week_of_month == 4
    # From Mon 30 Nov, the first Thursday is 3 Dec: the first week, not the last one.
    assert cadence_from(Frequency.MONTHLY, 4, time(10, 0), date(2026, 11, 30)).week_of_month == 1
    assert cadence_from(Frequency.MONTHLY, 4, time(10, 0), date(2026, 11, 26)).week_of_month == 4
    weekly = cadence_from(Frequency.WEEKLY, 4, time(10, 0), date(2026, 11, 24), week_of_month=1)
    assert weekly.week_of_month is None, "only a monthly cadence has a week of the month"


def test_with_cadence_leaves_the_partnership_as_it_was():
    partnership = make_partnership()
    cadence = cadence_from(Frequency.WEEKLY, 3, time(18, 0), date(2026, 11, 24))
    trial = with_cadence(partnership, cadence)
    assert trial.cadence == cadence and trial.cadences[:-1] == partnership.cadences
    assert len(partnership.cadences) == 1


def test_the_cadence_in_force_is_recognised_whatever_day_it_starts():
    partnership = make_partnership()
    same = replace(partnership.cadence, since=date(2026, 12, 1))
    assert is_cadence_in_force(partnership, same)
    assert not is_cadence_in_force(partnership, replace(same, at=time(16, 30)))
    assert not is_cadence_in_force(partnership, replace(same, frequency=Frequency.FORTNIGHTLY))
    assert not is_cadence_in_force(partnership, replace(same, weekday=3))


def test_the_week_of_the_month_tells_monthly_cadences_apart():
    partnership = make_partnership(
        cadences=[cadence_from(Frequency.MONTHLY, 1, time(16, 0), date(2026, 11, 3), week_of_month=1)]
    )
    last = cadence_from(Frequency.MONTHLY, 1, time(16, 0), date(2026, 11, 24), week_of_month=-1)
    assert not is_cadence_in_force(partnership, last)
    assert is_cadence_in_force(partnership, replace(last, week_of_month=1))


def test_the_first_session_on_a_new_cadence_is_from_when_it_starts():
    partnership = make_partnership()
    thursdays = preview_cadence(partnership, "weekly", "thursday", "18:00", NOW)
    assert first_session_on(partnership, thursdays, NOW) == datetime(2026, 11, 26, 18, 0)
    later = replace(thursdays, since=date(2026, 12, 7))
    assert first_session_on(partnership, later, NOW) == datetime(2026, 12, 10, 18, 0)


def test_the_first_session_today_is_one_whose_time_is_still_to_come():
    partnership = make_partnership()
    tuesdays = cadence_from(Frequency.WEEKLY, 1, time(9, 0), NOW.date())
    assert first_session_on(partnership, tuesdays, NOW) == datetime(2026, 12, 1, 9, 0)
    evenings = replace(tuesdays, at=time(18, 0))
    assert first_session_on(partnership, evenings, NOW) == datetime(2026, 11, 24, 18, 0)
