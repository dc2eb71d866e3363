"""Records to stored JSON and back, in the current packed form and the forms read before."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import codec
from companion.codec import from_doc, pack_bundle, to_doc, unpack_bundle
from companion.models import (
    ActionItem,
    Agenda,
    AgendaItem,
    Cadence,
    CheckIn,
    FocusRole,
    Frequency,
    Goal,
    GoalStatus,
    Note,
    Owner,
    Partnership,
    Reflection,
    Section,
    Session,
    SessionState,
    Stance,
    StatusChange,
    TrackRating,
)
from tests.depth import examples

NOW = datetime(2026, 11, 24, 10, 0)


def session() -> Session:
    agenda = Agenda(
        items=[
            AgendaItem(
                id="i1", section=Section.CHECK_IN, text='Say "hi"\nand more', minutes=5, source="prompt", ref="common-x"
            ),
            AgendaItem(id="i2", section=Section.EXPLORE, text="Ünïcode ✓", minutes=40, private=True, covered=True),
        ],
        seed=7,
        built_at=NOW,
        ready_at=NOW,
    )
    reflection = Reflection(
        learned="a",
        will_try="b\nc",
        notes="# N",
        value=4,
        candour=3,
        tags=["ai"],
        private=True,
        is_draft=False,
        written_at=NOW,
        updated_at=NOW,
    )
    return Session(
        id=9,
        partnership_id=1,
        scheduled_at=NOW,
        slot=NOW,
        state=SessionState.HELD,
        held_at=NOW,
        duration_minutes=50,
        agenda=agenda,
        reflection=reflection,
        created_at=NOW,
    )


def test_every_record_round_trips_through_json():
    records = [
        session(),
        Partnership(
            id=1,
            partner_name="Sam",
            stance=Stance.MENTOR,
            focus_role=FocusRole.DESIGNER,
            cadences=[
                Cadence(frequency=Frequency.MONTHLY, weekday=1, at=time(16), since=date(2026, 1, 1), week_of_month=-1)
            ],
            session_minutes=30,
            start_date=date(2026, 1, 1),
            created_at=NOW,
        ),
        Goal(
            id=2,
            partnership_id=1,
            title="G",
            tags=["x"],
            target_date=date(2027, 1, 1),
            check_ins=[CheckIn(on=date(2026, 11, 1), progress=40, rating=TrackRating.AT_RISK, note="n")],
            status_changes=[StatusChange(on=date(2026, 11, 1), status=GoalStatus.ACTIVE)],
            created_at=NOW,
        ),
        ActionItem(
            id=3, partnership_id=1, text="t", owner=Owner.BOTH, due=date(2026, 12, 1), session_id=9, created_at=NOW
        ),
        Note(id=4, partnership_id=1, text="n", created_at=NOW, done_at=NOW, session_id=9),
    ]
    for record in records:
        stored = json.loads(json.dumps(to_doc(record)))
        assert "id" not in stored
        assert from_doc(type(record), stored, record.id) == record
        # Both ways of decoding give the record: field by field, and written out.
        decoded = [codec._decode_any(type(record))(stored), codec._decoder(type(record), True)(stored)]
        assert all(replace(found, id=record.id) == record for found in decoded)


@dataclass
class Probe:
    name: str
    count: int = 0


def test_a_type_is_decoded_field_by_field_until_it_has_been_decoded_often(monkeypatch):
    built = []
    real = codec._written_out_decoder
    monkeypatch.setattr(codec, "_written_out_decoder", lambda cls: built.append(cls) or real(cls))
    decode = codec._decoder(Probe)
    for _ in range(codec.WARM_UP - 1):
        assert decode({"name": "a"}) == Probe("a")
    assert built == []  # a start-up decoding a few records compiles nothing
    assert decode({"name": "b", "count": 2}) == Probe("b", 2)
    assert decode({"name": "c"}) == Probe("c")
    assert built == [Probe]


def test_agenda_items_are_packed_as_rows_in_one_string():
    stored = to_doc(session())
    assert '"' not in stored["agenda"]["packed"]  # quotes swapped: nothing to escape in the file
    packed = unpack_bundle(stored["agenda"]["packed"])
    assert packed["items"][0] == ["i1", "check-in", 'Say "hi"\nand more', 5, "prompt", "common-x", False, False, []]
    assert stored["agenda"]["ready_at"] == "2026-11-24T10:00:00"  # what streaks read stays plain
    assert stored["reflection"]["written_at"] == "2026-11-24T10:00:00" and "learned" not in stored["reflection"]


def test_older_forms_still_read():
    expected = session()
    stored = to_doc(expected)
    items = [
        dict(zip(("id", "section", "text", "minutes", "source", "ref", "private", "covered"), row))
        for row in unpack_bundle(stored["agenda"]["packed"])["items"]
    ]
    as_objects = {**stored, "agenda": {**stored["agenda"], "packed": json.dumps({"items": items})}}
    assert from_doc(Session, as_objects, 9) == expected
    unpacked_agenda = {k: v for k, v in stored["agenda"].items() if k != "packed"} | {"items": items}
    reflection = {k: v for k, v in stored["reflection"].items() if k != "packed"} | unpack_bundle(
        stored["reflection"]["packed"]
    )
    plain = {**stored, "agenda": unpacked_agenda, "reflection": reflection}
    assert from_doc(Session, plain, 9) == expected


def test_a_stored_row_and_an_object_decode_alike_and_an_unknown_section_is_refused():
    row = ["i1", "goals", "Talk", 5, "prompt", None, True, False, ["note:1"]]
    as_object = dict(zip(("id", "section", "text", "minutes", "source", "ref", "private", "covered", "folded"), row))
    doc = {"items": [row, as_object, row[:4]]}
    first, second, short = from_doc(Agenda, doc).items
    assert first == second and first.section is Section.GOALS and first.folded == ["note:1"]
    assert short == AgendaItem(id="i1", section=Section.GOALS, text="Talk", minutes=5)
    for bad in ("nowhere", ["goals"]):
        with pytest.raises(ValueError):
            from_doc(Agenda, {"items": [["i1", bad, "Talk", 5, "prompt", None, False, False, []]]})


def test_a_bundle_written_before_the_quotes_were_swapped_reads_the_same():
    expected = session()
    stored = to_doc(expected)
    unswapped = {
        part: {**stored[part], "packed": json.dumps(unpack_bundle(stored[part]["packed"]))}
        for part in ("agenda", "reflection")
    }
    assert unswapped["agenda"]["packed"].startswith('{"items"')
    assert from_doc(Session, {**stored, **unswapped}, 9) == expected
    for damaged in (7, None, ["{'items':[]}"]):
        with pytest.raises(TypeError):
            unpack_bundle(damaged)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet=st.sampled_from("\"'\\ {}[]:,au\u201c\n"), max_size=30))
def test_any_text_with_quotes_and_backslashes_packs_and_unpacks_unchanged(text):
    bundle = {"items": [["i1", "close", text, 1, "custom", text or None, False, False, [text]]], "notes": text}
    packed = pack_bundle(bundle)
    assert unpack_bundle(packed) == bundle
    assert json.loads(json.dumps({"packed": packed}))["packed"] == packed
