"""Carry-over's pure rules and examples (`companion.carry_over`, `companion.agenda`):
private items never folded into shared ones, building and syncing twice changes nothing,
folded items remember what they hold, private action items, the stored form, and the
agenda screen sharing only what the core shares."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from companion import agenda as agendas
from companion import agenda_edits, agenda_text, carry_over
from companion.actions import actions_from_will_try, add_action, add_session_actions
from companion.codec import from_doc, to_doc, unpack_bundle
from companion.holding import hold
from companion.models import ActionItem, Agenda, AgendaItem, Note, Owner, Section, Session, SessionState
from companion.notes import add_note, mark_brought_up
from companion.prepare import prepare_next, sync_carry_over
from companion.reflections import save_draft
from companion.store import Store
from tests.carry_over_helpers import (
    BANKS,
    FILLER,
    LAST_HELD,
    NEXT_DAY,
    NOW,
    PROMPTS,
    carry_keys,
    marker,
    markers_in,
    shared_outputs,
)
from tests.conftest import make_partnership, settle
from tests.depth import examples

# --- properties of the pure rules -------------------------------------------------------


@st.composite
def inputs_with_private_items(draw):
    partnership = make_partnership()
    partnership.id = 1
    counter = iter(range(10_000))

    def text(kind: str) -> str:
        return f"{draw(FILLER)}{kind} {marker(next(counter))}{draw(FILLER)}".strip()

    notes = [
        Note(id=i, partnership_id=1, text=text("note"), created_at=NOW) for i in range(1, draw(st.integers(0, 10)) + 1)
    ]
    actions = [
        ActionItem(
            id=i,
            partnership_id=1,
            text=text("action"),
            owner=draw(st.sampled_from(list(Owner))),
            private=draw(st.booleans()),
        )
        for i in range(1, draw(st.integers(0, 10)) + 1)
    ]
    unfinished = []
    for index in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["prompt", "custom", "carried", "note", "action", "folded"]))
        private = draw(st.booleans())
        item = AgendaItem(
            id=f"i{index}", section=Section.EXPLORE, text=text(kind), minutes=5, source=kind, private=private
        )
        if kind in ("note", "action"):
            pool = notes if kind == "note" else actions
            if not pool:
                continue
            record = draw(st.sampled_from(pool))
            item.ref, item.text = str(record.id), record.text
        elif kind == "folded":
            keys = [f"note:{n.id}" for n in notes] + [f"action:{a.id}" for a in actions]
            chosen = draw(st.lists(st.sampled_from(keys), max_size=4, unique=True)) if keys else []
            points = [text("point") for _ in range(draw(st.integers(0, 3)))]
            item.folded = chosen + [f"carried:{p}" for p in points]
            if not item.folded:
                continue
            item.text = carry_over.CARRY_OVER_LEAD + "; ".join(points)
        unfinished.append(item)
    inputs = agendas.AgendaInputs(
        partnership=partnership,
        goals=[],
        notes=notes,
        open_actions=actions,
        unfinished=unfinished,
        session_minutes=draw(st.integers(15, 240)),
        seed=draw(st.integers(0, 2**32)),
    )
    return inputs


def private_truth(inputs: agendas.AgendaInputs) -> set[str]:
    """Markers that must never be shared: private actions, and everything a private
    unfinished item held (its own words, and the notes and actions folded into it)."""
    texts = {f"note:{n.id}": n.text for n in inputs.notes} | {f"action:{a.id}": a.text for a in inputs.open_actions}
    private = set().union(*[markers_in(a.text) for a in inputs.open_actions if a.private])
    for old in inputs.unfinished:
        if old.private:
            private |= markers_in(old.text)
            for key in carry_over.item_keys(old) or []:
                private |= markers_in(texts.get(key, key))
    return private


@settings(max_examples=examples(300), deadline=None)
@given(inputs_with_private_items())
def test_no_private_text_reaches_a_shared_item_and_nothing_is_lost(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    private = private_truth(inputs)
    markdown, as_json = shared_outputs(agenda, "Sam", NOW, inputs.session_minutes)
    assert not markers_in(markdown) & private
    assert not markers_in(json.dumps(as_json)) & private
    assert all(item["private"] is False for item in as_json["items"])
    for item in agenda.items:
        if not item.private:
            assert not markers_in(item.text) & private
    # Everything open or unfinished is accounted for once, and the session still adds up.
    keys = carry_keys(agenda)
    assert len(keys) == len(set(keys))
    expected = {f"note:{n.id}" for n in inputs.notes} | {f"action:{a.id}" for a in inputs.open_actions}
    assert {k for k in keys if not k.startswith("carried:")} == expected
    assert sum(i.minutes for i in agenda.items) == inputs.session_minutes
    assert all(i.minutes >= 1 for i in agenda.items)


@settings(max_examples=examples(200), deadline=None)
@given(inputs_with_private_items())
def test_building_twice_gives_the_same_agenda_and_syncing_it_adds_nothing(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    assert agendas.build_agenda(inputs, PROMPTS) == agenda
    synced = sync_carry_over(
        agenda, list(inputs.notes), list(inputs.open_actions), inputs.partnership, inputs.session_minutes
    )
    assert synced == agenda


# --- examples ---------------------------------------------------------------------------


def test_a_private_item_is_never_folded_into_a_shared_one():
    partnership = make_partnership()
    partnership.id = 1
    notes = [Note(id=i, partnership_id=1, text=f"shared note {i}", created_at=NOW) for i in range(1, 9)]
    secret = AgendaItem(
        id="i1", section=Section.EXPLORE, text="my salary worry", minutes=5, source="custom", private=True
    )
    inputs = agendas.AgendaInputs(partnership=partnership, notes=notes, unfinished=[secret], seed=4)
    agenda = agendas.build_agenda(inputs, PROMPTS)
    carried = [i for i in agenda.items if i.section is Section.CARRY_OVER]
    (shared_fold,) = [i for i in carried if i.source == "folded"]
    assert not shared_fold.private and "my salary worry" not in shared_fold.text
    assert [i.private for i in carried if "my salary worry" in i.text] == [True]
    assert "my salary worry" not in agenda_text.to_markdown(agenda, "Sam", NOW, 45)


def test_a_folded_item_remembers_what_it_holds():
    partnership = make_partnership()
    partnership.id = 1
    notes = [Note(id=i, partnership_id=1, text=f"note {i}", created_at=NOW) for i in range(1, 21)]
    agenda = agendas.build_agenda(agendas.AgendaInputs(partnership=partnership, notes=notes, seed=3), PROMPTS)
    folded = next(i for i in agenda.items if i.source == "folded")
    assert folded.text.startswith("Also carried over: ") and folded.folded[-1] == "note:20"
    assert sorted(carry_over.note_ids(carry_over.agenda_keys(agenda))) == list(range(1, 21))
    as_json = agenda_text.to_json(agenda, "Sam", NOW, 45)
    assert next(i for i in as_json["items"] if i["source"] == "folded")["folded"] == folded.folded


def test_opening_the_agenda_again_does_not_list_folded_actions_a_second_time(onboarded: Store):
    for number in range(12):
        add_action(onboarded, 1, f"Try thing {number}", now=NOW)
    first = prepare_next(onboarded, BANKS, NOW).agenda
    assert any(i.source == "folded" for i in first.items)
    for _ in range(3):
        assert prepare_next(onboarded, BANKS, NOW).agenda == first


def test_a_covered_folded_note_is_done_and_an_uncovered_one_carries_over_once(onboarded: Store):
    notes = [add_note(onboarded, f"Thought {n}", NOW)[0] for n in range(10)]
    prepared = prepare_next(onboarded, BANKS, NOW)
    folded = next(i for i in prepared.agenda.items if i.source == "folded")
    held_notes = carry_over.note_ids(folded.folded)
    assert len(held_notes) >= 2
    hold(onboarded, prepared.session.id, covered_item_ids={folded.id}, now=NOW)
    done = {n.id for n in onboarded.all(Note) if n.done_at is not None}
    assert done == held_notes
    after = prepare_next(onboarded, BANKS, NEXT_DAY).agenda
    keys = carry_over.agenda_keys(after)
    assert sorted(carry_over.note_ids(keys)) == sorted(n.id for n in notes if n.id not in held_notes)
    assert len(keys) == len(set(keys))


def test_mark_brought_up_counts_folded_notes(onboarded: Store):
    notes = [add_note(onboarded, f"Thought {n}", NOW)[0] for n in range(3)]
    prepared = prepare_next(onboarded, BANKS, NOW)
    session = prepared.session
    session.agenda = Agenda(
        items=[
            AgendaItem(
                id="i1",
                section=Section.CARRY_OVER,
                text="all of it",
                minutes=45,
                source="folded",
                folded=[f"note:{n.id}" for n in notes[:2]] + ["carried:something"],
                covered=True,
            ),
        ]
    )
    assert mark_brought_up(onboarded, session, NOW) == 2
    assert [n.done_at is not None for n in sorted(onboarded.all(Note), key=lambda n: n.id)] == [True, True, False]


def test_a_note_added_to_a_full_agenda_is_folded_in_rather_than_dropped():
    partnership = make_partnership(session_minutes=15)
    partnership.id = 1
    notes = [Note(id=i, partnership_id=1, text=f"note {i}", created_at=NOW) for i in range(1, 3)]
    agenda = agendas.build_agenda(agendas.AgendaInputs(partnership=partnership, session_minutes=15, seed=2), PROMPTS)
    while len(agenda.items) < 15:
        agenda = agenda_edits.add_item(agenda, "filler", Section.EXPLORE, 15)
    assert sync_carry_over(agenda, notes, [], partnership, 15) == agenda  # nowhere to fold into yet
    agenda = agenda_edits.delete_item(agenda, agenda.items[-1].id, 15)
    agenda = sync_carry_over(agenda, notes[:1], [], partnership, 15)
    full = sync_carry_over(agenda, notes, [], partnership, 15)
    assert len(full.items) == 15 and sum(i.minutes for i in full.items) == 15
    assert sorted(carry_over.note_ids(carry_over.agenda_keys(full))) == [1, 2]
    assert sync_carry_over(full, notes, [], partnership, 15) == full


def test_privacy_set_on_an_earlier_agenda_sticks_until_marked_shared_again():
    older = Agenda(
        items=[
            AgendaItem(id="i1", section=Section.CARRY_OVER, text="x", minutes=3, source="note", ref="1", private=True)
        ]
    )
    newer = Agenda(items=[AgendaItem(id="i1", section=Section.CARRY_OVER, text="x", minutes=3, source="note", ref="1")])
    assert carry_over.private_keys([None, older]) == {"note:1"}
    assert carry_over.private_keys([newer, older]) == set()


# --- private action items -----------------------------------------------------------------


def held_session_with_reflection(store: Store, private: bool) -> Session:
    session = store.add(
        Session(partnership_id=1, scheduled_at=LAST_HELD, slot=LAST_HELD, state=SessionState.HELD, held_at=LAST_HELD)
    )
    save_draft(
        store,
        session.id,
        will_try="- Pair on the flaky test mk9001q\n- Ask for feedback mk9002q",
        private=private,
        now=LAST_HELD + timedelta(hours=1),
    )
    return store.get(Session, session.id)


def test_actions_from_a_private_reflection_are_private_and_carry_over_as_private_items(onboarded: Store):
    session = held_session_with_reflection(onboarded, private=True)
    lines = actions_from_will_try(session.reflection.will_try)
    created = add_session_actions(onboarded, session.id, lines, now=LAST_HELD + timedelta(hours=2))
    assert [a.private for a in created] == [True, True]
    prepared = prepare_next(onboarded, BANKS, NOW)
    items = [i for i in prepared.agenda.items if i.source == "action"]
    assert [i.private for i in items] == [True, True]
    shared = agenda_text.to_markdown(prepared.agenda, "Sam", prepared.session.scheduled_at, 45)
    assert "mk9001q" not in shared and "mk9002q" not in shared
    assert "mk9001q" in agenda_text.to_markdown(
        prepared.agenda, "Sam", prepared.session.scheduled_at, 45, include_private=True
    )


# --- stored form ------------------------------------------------------------------------


def test_folded_keys_and_private_actions_are_stored_and_older_rows_still_read():
    item = AgendaItem(
        id="i1",
        section=Section.CARRY_OVER,
        text="Also carried over: a; b",
        minutes=3,
        source="folded",
        folded=["note:1", "carried:a; b"],
    )
    session = Session(id=1, partnership_id=1, scheduled_at=NOW, agenda=Agenda(items=[item]))
    stored = json.loads(json.dumps(to_doc(session)))
    assert from_doc(Session, stored, 1) == session
    packed = unpack_bundle(stored["agenda"]["packed"])
    assert packed["items"][0][-1] == ["note:1", "carried:a; b"]
    # A row written before folded keys existed has eight columns.
    packed["items"][0] = packed["items"][0][:8]
    old = {**stored, "agenda": {**stored["agenda"], "packed": json.dumps(packed)}}
    assert from_doc(Session, old, 1).agenda.items[0].folded == []
    action = ActionItem(id=2, partnership_id=1, text="t", private=True, due=date(2026, 12, 1))
    assert from_doc(ActionItem, json.loads(json.dumps(to_doc(action))), 2) == action
    assert from_doc(ActionItem, {"partnership_id": 1, "text": "t"}, 2).private is False


# --- the agenda screen shares what the core shares ---------------------------------------


async def test_the_agenda_screen_copies_and_saves_no_private_carry_over(
    onboarded: Store, data_dir: Path, tmp_path: Path
):
    from textual.widgets import Input

    from screens.agenda import AgendaScreen
    from screens.app import make_app

    session = held_session_with_reflection(onboarded, private=True)
    lines = actions_from_will_try(session.reflection.will_try)
    add_session_actions(onboarded, session.id, lines, now=LAST_HELD + timedelta(hours=2))
    for number in range(12):
        add_note(onboarded, f"Shared thought {number}", NOW)
    target = tmp_path / "agenda.md"
    app = make_app(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.run_action("go('agenda')")
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert any(i.private for i in app.screen.agenda.items)
        await pilot.press("c")
        await settle(app, pilot)
        assert "Shared thought 11" in app.clipboard
        assert "mk9001q" not in app.clipboard and "mk9002q" not in app.clipboard
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
    saved = target.read_text()
    assert "Shared thought 11" in saved and "mk9001q" not in saved
