"""The calendar export (docs/calendar.md): the .ics is parsed back with icalendar and checked
for what a calendar relies on when the file is imported again and again."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from companion import schedule
from companion.calendar_export import calendar_ics
from companion.errors import CompanionError
from companion.keymap import config_path
from companion.models import Agenda, AgendaItem, Section, Session
from companion.partnerships import current_partnership
from companion.sessions import cancel_session, materialize, reschedule_session
from companion.store import Store

NOW = datetime(2026, 11, 24, 10, 0)  # a Tuesday; Sam's sessions are Tuesdays at 16:00


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


def export(store: Store, *, include_private: bool = False, since: date | None = None) -> tuple[Calendar, int]:
    raw, left_out = calendar_ics(store, NOW, include_private=include_private, since=since)
    return Calendar.from_ical(raw), left_out


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def first_sessions(store: Store, count: int) -> list[Session]:
    partnership = current_partnership(store)
    assert partnership is not None
    return schedule.upcoming(partnership, [], NOW, count)


def with_agenda(store: Store, items: list[AgendaItem]) -> Session:
    """The first upcoming session, stored, with these agenda items."""
    session = materialize(store, current_partnership(store), first_sessions(store, 1)[0], NOW)
    session = replace(session, agenda=Agenda(items=items, ready_at=NOW))
    store.save(session)
    return session


def item(text: str, *, private: bool = False, number: int = 0) -> AgendaItem:
    return AgendaItem(id=f"i{number}", section=Section.EXPLORE, text=text, minutes=5, private=private)


def test_uids_stay_the_same_across_exports_and_when_a_planned_session_is_stored(onboarded: Store):
    before, _ = export(onboarded)
    materialize(onboarded, current_partnership(onboarded), first_sessions(onboarded, 1)[0], NOW)
    after, _ = export(onboarded)
    assert list(events(before)) == list(events(after))
    assert len(events(after)) >= 26  # six months of Tuesdays
    assert "1-20261124T160000@companion.sessions" in events(after)


def test_a_moved_session_keeps_its_uid_with_a_higher_sequence_and_the_new_time(onboarded: Store):
    first = first_sessions(onboarded, 1)[0]
    reschedule_session(onboarded, first, datetime(2026, 11, 25, 9, 30), NOW)
    moved = events(export(onboarded)[0])["1-20261124T160000@companion.sessions"]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == datetime(2026, 11, 25, 9, 30, tzinfo=moved.decoded("DTSTART").tzinfo)
    unmoved = events(export(onboarded)[0])["1-20261201T160000@companion.sessions"]
    assert unmoved["SEQUENCE"] == 0


def test_every_move_raises_the_sequence_back_to_the_slot_too_and_calling_off_once_more(onboarded: Store):
    uid = "1-20261124T160000@companion.sessions"
    first = first_sessions(onboarded, 1)[0]
    moved = reschedule_session(onboarded, first, datetime(2026, 11, 25, 9, 30), NOW)
    moved = reschedule_session(onboarded, moved, datetime(2026, 11, 26, 9, 30), NOW)
    assert moved.times_moved == 2
    assert events(export(onboarded)[0])[uid]["SEQUENCE"] == 2
    reschedule_session(onboarded, moved, datetime(2026, 11, 26, 9, 30), NOW)  # its own time: no move
    assert events(export(onboarded)[0])[uid]["SEQUENCE"] == 2
    back = reschedule_session(onboarded, moved, datetime(2026, 11, 24, 16, 0), NOW)
    assert back.scheduled_at == back.slot and events(export(onboarded)[0])[uid]["SEQUENCE"] == 3
    cancel_session(onboarded, back, "team offsite", NOW)
    assert events(export(onboarded)[0])[uid]["SEQUENCE"] == 4


def test_a_session_stored_before_moves_were_counted_reads_as_before(onboarded: Store):
    uid = "1-20261124T160000@companion.sessions"
    session = materialize(onboarded, current_partnership(onboarded), first_sessions(onboarded, 1)[0], NOW)
    with onboarded.transaction():
        onboarded.update(Session, session.id, scheduled_at=datetime(2026, 11, 25, 9, 30))
        onboarded.docs("sessions")[str(session.id)].pop("times_moved")
    assert "times_moved" not in onboarded.path.read_text()
    onboarded = Store(onboarded.data_dir).open()
    stored = onboarded.get(Session, session.id)
    assert stored is not None and stored.times_moved == 0
    assert events(export(onboarded)[0])[uid]["SEQUENCE"] == 1
    cancel_session(onboarded, stored, "", NOW)
    assert events(export(onboarded)[0])[uid]["SEQUENCE"] == 2


def test_a_cancelled_session_is_marked_cancelled_without_an_alarm(onboarded: Store):
    cancel_session(onboarded, first_sessions(onboarded, 2)[1], "team offsite", NOW)
    cancelled = events(export(onboarded)[0])["1-20261201T160000@companion.sessions"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 1
    assert "team offsite" in cancelled["DESCRIPTION"]
    assert not cancelled.walk("VALARM")


def test_times_are_local_with_a_vtimezone_and_a_utc_stamp(onboarded: Store):
    calendar, _ = export(onboarded)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    first = events(calendar)["1-20261124T160000@companion.sessions"]
    assert first["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert first.decoded("DTSTART").utcoffset() == timedelta(hours=1)
    assert first.decoded("DTEND") - first.decoded("DTSTART") == timedelta(minutes=45)
    assert first.decoded("DTSTAMP") == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    # A summer session stays at 16:00 local time, now at UTC+2.
    summer = events(calendar)["1-20270518T160000@companion.sessions"]
    assert summer.decoded("DTSTART").utcoffset() == timedelta(hours=2)


def test_the_default_reminder_is_the_day_before_and_is_repeated_in_the_description(onboarded: Store):
    first = events(export(onboarded)[0])["1-20261201T160000@companion.sessions"]
    (alarm,) = first.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    # 09:00 in Berlin on Monday 30 November is 08:00 UTC.
    assert alarm.decoded("TRIGGER") == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert str(alarm["DESCRIPTION"]) in str(first["DESCRIPTION"])
    assert "the day before at 09:00" in str(first["DESCRIPTION"])


def test_reminders_come_from_config_toml(onboarded: Store):
    write_config('[calendar]\nreminders = ["2h", "1d at 6pm"]\n')
    first = events(export(onboarded)[0])["1-20261201T160000@companion.sessions"]
    triggers = [alarm.decoded("TRIGGER") for alarm in first.walk("VALARM")]
    assert triggers == [timedelta(hours=-2), datetime(2026, 11, 30, 17, 0, tzinfo=UTC)]
    assert "2 hours before, the day before at 18:00" in str(first["DESCRIPTION"])


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('[calendar]\nreminders = ["2 hours"]\n', "line 2: the reminder '2 hours' is not understood"),
        ('[calendar]\n\nreminders = "1d"\n', "line 3: `reminders` should be a list"),
        ('[calendar]\nreminders = ["3h at 9:00"]\n', "line 2: the reminder '3h at 9:00'"),
        ("[calendar\n", "config.toml: "),
    ],
)
def test_a_bad_reminder_stops_the_export_with_one_line(onboarded: Store, text: str, shown: str):
    write_config(text)
    with pytest.raises(CompanionError) as raised:
        export(onboarded)
    assert shown in str(raised.value)
    assert "\n" not in str(raised.value)


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flags=st.lists(st.booleans(), min_size=1, max_size=6), include_private=st.booleans())
def test_private_items_stay_out_unless_asked_for(onboarded: Store, flags: list[bool], include_private: bool):
    items = [
        item(f"topic-{n}-{'secret' if private else 'open'}", private=private, number=n)
        for n, private in enumerate(flags)
    ]
    with_agenda(onboarded, items)
    raw, left_out = calendar_ics(onboarded, NOW, include_private=include_private, since=None)
    text = str(Calendar.from_ical(raw).walk("VEVENT")[0]["DESCRIPTION"])
    for n, private in enumerate(flags):
        wanted = f"topic-{n}-{'secret' if private else 'open'}"
        assert (wanted in text) == (include_private or not private)
    assert left_out == (0 if include_private else sum(flags))
    assert (b"secret" in raw.replace(b"\r\n ", b"")) == (include_private and any(flags))


def test_typed_text_keeps_its_lines_and_shows_control_characters(onboarded: Store):
    typed = 'Line one\r\nline two; with, commas \\n and a "quote"\x1b[2J\rend'
    onboarded.save(replace(current_partnership(onboarded), partner_name="Sam\x1b]0;title\x07"))
    with_agenda(onboarded, [item(typed)])
    raw, _ = calendar_ics(onboarded, NOW, include_private=False, since=None)
    assert b"\x1b" not in raw and b"\x07" not in raw
    assert all(line.endswith(b"\r") for line in raw.split(b"\n")[:-1])  # CRLF throughout
    first = Calendar.from_ical(raw).walk("VEVENT")[0]
    text = str(first["DESCRIPTION"])
    assert '- Line one (5 min)\n  line two; with, commas \\n and a "quote"␛[2J␍end' in text
    assert str(first["SUMMARY"]) == "Session with Sam␛]0;title␇"


def test_since_starts_the_export_on_that_day(onboarded: Store):
    calendar, _ = export(onboarded, since=date(2026, 12, 10))
    starts = sorted(event.decoded("DTSTART").date() for event in calendar.walk("VEVENT"))
    assert starts[0] == date(2026, 12, 15)


def test_every_partnership_is_exported(onboarded: Store):
    from tests.conftest import make_partnership

    kim = onboarded.add(make_partnership(partner_name="Kim"))
    summaries = {str(event["SUMMARY"]) for event in export(onboarded)[0].walk("VEVENT")}
    assert summaries == {"Session with Sam", "Session with Kim"}
    assert f"{kim.id}-20261124T160000@companion.sessions" in events(export(onboarded)[0])
