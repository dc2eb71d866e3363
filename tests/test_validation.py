"""The first-run form (`companion.validation`): clean values, or every problem at once."""

from __future__ import annotations

import dataclasses
from datetime import date, time

import pytest

from companion.errors import ValidationError
from companion.models import Cadence, FocusRole, Frequency, Partnership, Profile, Stance
from companion.validation import OnboardingForm, build_onboarding, make_cadence

TODAY = date(2026, 11, 24)  # a Tuesday


def good_form(**changes: str) -> OnboardingForm:
    values = dict(
        name="Alex Morgan",
        role="Staff engineer",
        partner_name="Sam",
        stance="mentee",
        focus_role="engineer",
        frequency="weekly",
        weekday="tuesday",
        at="16:00",
        session_minutes="45",
        start_date="today",
    )
    values.update(changes)
    return OnboardingForm(**values)


def problems_of(form: OnboardingForm) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        build_onboarding(form, TODAY)
    return caught.value.problems


def test_a_good_form_gives_a_profile_and_a_partnership():
    profile, partnership = build_onboarding(good_form(), TODAY)
    assert profile == Profile(name="Alex Morgan", role="Staff engineer")
    assert isinstance(partnership, Partnership)
    assert partnership.partner_name == "Sam"
    assert partnership.stance is Stance.MENTEE
    assert partnership.focus_role is FocusRole.ENGINEER
    assert partnership.session_minutes == 45
    assert partnership.start_date == TODAY
    assert partnership.cadences == [
        Cadence(frequency=Frequency.WEEKLY, weekday=1, at=time(16, 0), since=TODAY, week_of_month=None)
    ]


def test_a_good_form_is_cleaned_up():
    profile, partnership = build_onboarding(
        good_form(
            name="  Alex   Morgan ",
            partner_name=" Sam  Lee ",
            role="",
            stance="mentor",
            focus_role="product_manager",
            frequency="monthly",
            weekday="Thu",
            at="6:30 pm",
            session_minutes="60 min",
            start_date="1 Dec",
        ),
        TODAY,
    )
    assert profile.name == "Alex Morgan"
    assert profile.role == ""
    assert partnership.partner_name == "Sam Lee"
    assert partnership.stance is Stance.MENTOR
    assert partnership.focus_role is FocusRole.PRODUCT_MANAGER
    assert partnership.session_minutes == 60
    assert partnership.start_date == date(2026, 12, 1)
    (cadence,) = partnership.cadences
    assert cadence.frequency is Frequency.MONTHLY
    assert cadence.weekday == 3
    assert cadence.at == time(18, 30)
    assert cadence.week_of_month == 1


def test_a_name_of_exactly_the_limit_is_fine():
    profile, _ = build_onboarding(good_form(name="x" * 60), TODAY)
    assert profile.name == "x" * 60


def test_monday_as_weekday_zero_is_accepted():
    # Weekday 0 is falsy; it must still be a valid answer.
    _, partnership = build_onboarding(good_form(weekday="monday"), TODAY)
    assert partnership.cadence.weekday == 0


def test_midnight_is_a_valid_time():
    _, partnership = build_onboarding(good_form(at="00:00"), TODAY)
    assert partnership.cadence.at == time(0, 0)


@pytest.mark.parametrize(
    "changes, key, fragments",
    [
        ({"name": ""}, "name", ["name", "cannot be empty"]),
        ({"name": "   "}, "name", ["name", "cannot be empty"]),
        ({"name": "x" * 61}, "name", ["61 characters", "under 60"]),
        ({"partner_name": ""}, "partner_name", ["Partner's name", "cannot be empty"]),
        ({"partner_name": "y" * 75}, "partner_name", ["75 characters", "under 60"]),
        ({"partner_name": "alex MORGAN"}, "partner_name", ["differ"]),
        ({"partner_name": " Alex  Morgan "}, "partner_name", ["differ"]),
        ({"stance": ""}, "stance", ["mentor", "mentee"]),
        ({"stance": "boss"}, "stance", ["mentor", "mentee"]),
        ({"focus_role": ""}, "focus_role", ["engineer", "designer", "product manager"]),
        ({"frequency": "daily"}, "frequency", ["weekly", "fortnightly", "monthly"]),
        ({"weekday": ""}, "weekday", ["Monday", "Sunday"]),
        ({"weekday": "someday"}, "weekday", ["Monday", "Sunday"]),
        ({"at": "25:00"}, "at", ["25:00", "18:00"]),
        ({"at": "teatime"}, "at", ["teatime", "6pm"]),
        ({"session_minutes": "abc"}, "session_minutes", ["number of minutes", "15", "240"]),
        ({"session_minutes": ""}, "session_minutes", ["number of minutes", "15", "240"]),
        ({"session_minutes": "5"}, "session_minutes", ["between 15 and 240", "not 5"]),
        ({"session_minutes": "500"}, "session_minutes", ["between 15 and 240", "not 500"]),
        ({"start_date": "tomato"}, "start_date", ["Start date", "tomato", "12 Dec", "tomorrow"]),
        ({"start_date": "2001-11-24"}, "start_date", ["20 years ago", "check the year"]),
        ({"start_date": "2028-11-24"}, "start_date", ["more than a year away"]),
    ],
)
def test_each_field_problem_is_reported_under_its_own_key(changes, key, fragments):
    problems = problems_of(good_form(**changes))
    assert list(problems) == [key]
    message = problems[key]
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from {message!r}"
    assert message.endswith(".")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2010-01-01", date(2010, 1, 1)),
        ("yesterday", date(2026, 11, 23)),
        ("2027-11-25", date(2027, 11, 25)),  # 366 days ahead: still within a year
    ],
)
def test_start_dates_within_the_limits_are_accepted(text, expected):
    _, partnership = build_onboarding(good_form(start_date=text), TODAY)
    assert partnership.start_date == expected
    assert partnership.cadence.since == expected


@pytest.mark.parametrize("text", ["2006-01-01", "2027-11-26", "2027-12-26"])
def test_start_dates_beyond_the_limits_are_refused(text):
    assert list(problems_of(good_form(start_date=text))) == ["start_date"]


def test_every_problem_is_reported_at_once():
    form = OnboardingForm(
        name="",
        role="r" * 61,
        partner_name="",
        stance="",
        focus_role="",
        frequency="hourly",
        weekday="",
        at="25:00",
        session_minutes="5",
        start_date="tomato",
    )
    problems = problems_of(form)
    assert set(problems) == {
        "name",
        "role",
        "partner_name",
        "stance",
        "focus_role",
        "frequency",
        "weekday",
        "at",
        "session_minutes",
        "start_date",
    }
    assert all(message.strip() for message in problems.values())


def test_several_problems_together_keep_their_own_messages():
    problems = problems_of(good_form(partner_name="ALEX MORGAN", session_minutes="500", at="13pm"))
    assert set(problems) == {"partner_name", "session_minutes", "at"}
    assert "differ" in problems["partner_name"]
    assert "500" in problems["session_minutes"]
    assert "1 to 12" in problems["at"]


def test_validation_error_message_joins_every_problem():
    with pytest.raises(ValidationError) as caught:
        build_onboarding(good_form(name="", session_minutes="abc"), TODAY)
    text = str(caught.value)
    assert "cannot be empty" in text and "number of minutes" in text


# --- make_cadence ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, first_tuesday, week_of_month",
    [(1, 1, 1), (2, 8, 2), (7, 8, 2), (8, 8, 2), (14, 15, 3), (21, 22, 4), (28, 29, -1), (29, 29, -1), (30, 36, 1)],
)
def test_monthly_cadence_meets_in_the_week_of_its_first_meeting_day(day, first_tuesday, week_of_month):
    # December 2026 starts on a Tuesday; day 36 is Tue 5 Jan 2027, the first of January.
    since = date(2026, 12, day)
    cadence = make_cadence(Frequency.MONTHLY, 1, time(18, 0), since)
    assert cadence.week_of_month == week_of_month, f"the first Tuesday from {since} is day {first_tuesday}"
    assert (cadence.frequency, cadence.weekday, cadence.at, cadence.since) == (
        Frequency.MONTHLY,
        1,
        time(18, 0),
        since,
    )
    assert make_cadence(Frequency.MONTHLY, 1, time(18, 0), since, week_of_month=3).week_of_month == 3


@pytest.mark.parametrize("frequency", [Frequency.WEEKLY, Frequency.FORTNIGHTLY])
def test_weekly_and_fortnightly_cadences_have_no_week_of_month(frequency):
    assert make_cadence(frequency, 4, time(9, 0), date(2026, 12, 30)).week_of_month is None


def test_onboarding_a_monthly_partnership_on_mon_30_nov_meets_on_the_first_tuesday():
    # Once the last Tuesday, from the week 30 Nov is in: Tue 29 Dec, skipping Tue 1 Dec.
    _, partnership = build_onboarding(good_form(frequency="monthly", start_date="2026-11-30"), TODAY)
    assert partnership.cadence.week_of_month == 1
    chosen = good_form(frequency="monthly", start_date="2026-11-30", week_of_month="-1")
    assert build_onboarding(chosen, TODAY)[1].cadence.describe() == "monthly, last Tuesday at 16:00"


def test_onboarding_checks_the_week_of_the_month_only_for_a_monthly_cadence():
    assert problems_of(good_form(frequency="monthly", week_of_month="5")) == {
        "week_of_month": "Choose the week of the month: first, second, third, fourth or last."
    }
    _, weekly = build_onboarding(good_form(frequency="weekly", week_of_month="5"), TODAY)
    assert weekly.cadence.week_of_month is None


def test_form_defaults_are_the_documented_ones():
    # The first-run screen starts from these; a weekly 45-minute 16:00 session from today.
    defaults = {f.name: f.default for f in dataclasses.fields(OnboardingForm)}
    assert defaults["frequency"] == "weekly"
    assert defaults["at"] == "16:00"
    assert defaults["session_minutes"] == "45"
    assert defaults["start_date"] == "today"


def test_collect_files_each_problem_under_its_field_and_returns_good_values():
    from companion.validation import check_minutes, check_name, check_time, collect

    problems: dict[str, str] = {}
    assert collect(problems, "session_minutes", lambda: check_minutes("45")) == 45
    assert collect(problems, "name", lambda: check_name("", "Your name")) is None
    assert collect(problems, "at", lambda: check_time("25:99")) is None
    assert set(problems) == {"name", "at"} and all(problems.values())
