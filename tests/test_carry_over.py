"""Carry-over: private stays private, preparing again adds nothing, nothing folded is lost.

The properties draw whole histories: open notes, open action items (some private, some
born from a private reflection), and a last held session whose agenda left items
unfinished (prompts, own items, carried talking points, note and action items, folded
items), each private or shared at random. Every text carries a unique marker, so a
private text showing up anywhere shared is caught even inside a folded item.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from companion import agenda as agendas
from companion import agenda_edits, agenda_text, carry_over
from companion.actions import actions_from_will_try, add_action, add_session_actions
from companion.banks import load_banks
from companion.cli import main as cli_main
from companion.codec import from_doc, to_doc
from companion.holding import hold
from companion.models import (
    ActionItem,
    Agenda,
    AgendaItem,
    Goal,
    Note,
    Owner,
    Profile,
    Reflection,
    Section,
    Session,
    SessionState,
)
from companion.notes import add_note, mark_brought_up
from companion.partnerships import complete_onboarding
from companion.prepare import prepare_next, sync_carry_over
from companion.reflections import save_draft
from companion.store import Store
from tests.conftest import make_partnership, settle

BANKS = load_banks()
PROMPTS = list(BANKS.prompts.values())
NOW = datetime(2026, 11, 24, 10, 0)  # FROZEN_NOW in conftest: a Tuesday morning
LAST_HELD = datetime(2026, 11, 17, 16, 0)  # the Tuesday before
NEXT_DAY = datetime(2026, 11, 25, 10, 0)
# Filler words around the markers: no digits, so filler never forms a marker, and ";"
# to mix with the "; " that joins folded texts.
FILLER = st.text(alphabet="abcdefghij ;:-", max_size=12)


def marker(number: int) -> str:
    return f"mk{number:04d}q"


# --- drawing a history ------------------------------------------------------------------


@dataclass
class Leftover:
    """An item of the last held session's agenda, before ids exist: `refs` name the open
    notes ("n3"), open actions ("a2"), and carried talking points ("t1") it holds."""

    kind: str  # "prompt", "custom", "carried", "note", "action" or "folded"
    refs: list[str]
    private: bool
    covered: bool = False


@dataclass
class History:
    minutes: int
    goals: int
    notes: list[str]
    actions: list[tuple[str, Owner, bool]]  # text, owner, private
    will_try: list[str]
    reflection_private: bool
    talking_points: list[str]
    leftovers: list[Leftover]
    notes_after: list[str] = field(default_factory=list)


@st.composite
def histories(draw) -> History:
    counter = iter(range(10_000))

    def text(kind: str) -> str:
        return f"{draw(FILLER)}{kind} {marker(next(counter))}{draw(FILLER)}".strip()

    notes = [text("note") for _ in range(draw(st.integers(0, 9)))]
    actions = [
        (text("action"), draw(st.sampled_from(list(Owner))), draw(st.booleans()))
        for _ in range(draw(st.integers(0, 6)))
    ]
    will_try = [text("try") for _ in range(draw(st.integers(0, 3)))]
    points = [text("point") for _ in range(draw(st.integers(0, 5)))]
    refs = [f"n{i}" for i in range(len(notes))] + [f"a{i}" for i in range(len(actions) + len(will_try))]
    refs += [f"t{i}" for i in range(len(points))]

    leftovers: list[Leftover] = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["prompt", "custom", "carried", "note", "action", "folded"]))
        private = draw(st.booleans())
        if kind == "note" and notes:
            leftovers.append(Leftover("note", [f"n{draw(st.integers(0, len(notes) - 1))}"], private))
        elif kind == "action" and len(actions) + len(will_try):
            ref = f"a{draw(st.integers(0, len(actions) + len(will_try) - 1))}"
            # Action items stay open when covered, so a covered one still says how private it was.
            leftovers.append(Leftover("action", [ref], private, covered=draw(st.booleans())))
        elif kind == "folded" and len(refs) >= 2:
            held = draw(st.lists(st.sampled_from(refs), min_size=2, max_size=6, unique=True))
            leftovers.append(Leftover("folded", held, private))
        elif kind in ("prompt", "custom", "carried") and points:
            leftovers.append(Leftover(kind, [f"t{draw(st.integers(0, len(points) - 1))}"], private))
    return History(
        minutes=draw(st.integers(15, 240)),
        goals=draw(st.integers(0, 5)),
        notes=notes,
        actions=actions,
        will_try=will_try,
        reflection_private=draw(st.booleans()),
        talking_points=points,
        leftovers=leftovers,
        notes_after=[text("later") for _ in range(draw(st.integers(0, 3)))],
    )


@dataclass
class Built:
    store: Store
    private_markers: set[str]  # must never be shared
    shared_markers: set[str]  # on the agenda, and may be shared


def markers_in(text: str) -> set[str]:
    return set(re.findall(r"mk\d{4}q", text))


def build_history(folder: Path, history: History) -> Built:
    """The history as a real data file; which markers must stay private, and which may be shared."""
    store = Store(folder).open()
    partnership = complete_onboarding(
        store, Profile(name="Alex"), make_partnership(session_minutes=history.minutes), NOW - timedelta(days=30)
    )
    for number in range(history.goals):
        store.add(Goal(partnership_id=partnership.id, title=f"Goal {number}", created_at=NOW - timedelta(days=20)))
    note_ids = [add_note(store, text, NOW - timedelta(days=3))[0].id for text in history.notes]
    action_ids = [
        add_action(store, partnership.id, text, owner, now=NOW - timedelta(days=6), private=private).id
        for text, owner, private in history.actions
    ]
    held = store.add(
        Session(
            partnership_id=partnership.id,
            scheduled_at=LAST_HELD,
            slot=LAST_HELD,
            state=SessionState.HELD,
            held_at=LAST_HELD,
            reflection=Reflection(
                learned="something",
                will_try="\n".join(history.will_try),
                private=history.reflection_private,
                is_draft=False,
                written_at=LAST_HELD,
            ),
        )
    )
    lines = actions_from_will_try(held.reflection.will_try)
    action_ids += [a.id for a in add_session_actions(store, held.id, lines, now=LAST_HELD + timedelta(hours=2))]
    action_texts = {a.id: a.text for a in store.all(ActionItem)}

    def key_and_text(ref: str) -> tuple[str, str]:
        number = int(ref[1:])
        if ref[0] == "n":
            return f"note:{note_ids[number]}", history.notes[number]
        if ref[0] == "a":
            return f"action:{action_ids[number]}", action_texts[action_ids[number]]
        return f"carried:{history.talking_points[number]}", history.talking_points[number]

    items: list[AgendaItem] = []
    private_keys: set[str] = set()
    for index, left in enumerate(history.leftovers, start=1):
        pairs = [key_and_text(ref) for ref in left.refs]
        if left.private:
            private_keys.update(key for key, _ in pairs)
        item = AgendaItem(
            id=f"i{index}",
            section=Section.CARRY_OVER,
            text=pairs[0][1],
            minutes=3,
            private=left.private,
            covered=left.covered,
        )
        if left.kind == "folded":
            item.source, item.folded = "folded", [key for key, _ in pairs]
            item.text = carry_over.CARRY_OVER_LEAD + "; ".join(text for _, text in pairs)
        elif left.kind in ("note", "action"):
            item.source, item.ref = left.kind, pairs[0][0].split(":")[1]
        else:
            item.source = left.kind
            item.ref = f"old-{index}" if left.kind == "prompt" else None
        items.append(item)
    store.update(Session, held.id, agenda=Agenda(items=items, seed=1, built_at=LAST_HELD - timedelta(days=2)))

    all_refs = [f"n{i}" for i in range(len(note_ids))] + [f"a{i}" for i in range(len(action_ids))]
    all_refs += [f"t{i}" for i in range(len(history.talking_points))]
    private_markers: set[str] = set()
    for key, text in map(key_and_text, all_refs):
        if key in private_keys:
            private_markers |= markers_in(text)
    for action_id in action_ids:
        action = store.get(ActionItem, action_id)
        if action.private:
            private_markers |= markers_in(action.text)
    if history.reflection_private:
        for line in history.will_try:
            private_markers |= markers_in(line)
    # Every open note and action is due on the next agenda, and every talking point on an
    # unticked item; a talking point on no unticked item is not.
    due = [ref for ref in all_refs if ref[0] != "t"] + sorted(
        {ref for left in history.leftovers if not left.covered for ref in left.refs if ref[0] == "t"}
    )
    on_agenda = markers_in(" ".join(key_and_text(ref)[1] for ref in due))
    return Built(store, private_markers, on_agenda - private_markers)


def shared_outputs(agenda: Agenda, partner: str, when: datetime, minutes: int) -> tuple[str, dict]:
    """What leaves the machine: the Markdown the screen copies and saves (the screen calls
    `to_markdown` with these arguments and no `include_private`), and the JSON."""
    markdown = agenda_text.to_markdown(agenda, partner, when, minutes)
    as_json = agenda_text.to_json(agenda, partner, when, minutes, include_private=False)
    return markdown, as_json


def assert_nothing_private_shared(built: Built, agenda: Agenda, when: datetime, minutes: int) -> None:
    markdown, as_json = shared_outputs(agenda, "Sam", when, minutes)
    assert not markers_in(markdown) & built.private_markers, markdown
    assert not markers_in(json.dumps(as_json)) & built.private_markers, as_json
    assert all(item["private"] is False for item in as_json["items"])


def carry_keys(agenda: Agenda) -> list[str]:
    return [k for k in carry_over.agenda_keys(agenda) if k.split(":")[0] in ("note", "action", "carried")]


def open_keys(store: Store) -> set[str]:
    notes = {f"note:{n.id}" for n in store.all(Note) if n.done_at is None}
    return notes | {f"action:{a.id}" for a in store.all(ActionItem) if a.done_on is None}


# --- properties against a real data file ------------------------------------------------


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(history=histories(), repeats=st.integers(1, 3), covered=st.lists(st.booleans(), min_size=40, max_size=40))
def test_a_history_keeps_private_text_private_prepares_idempotently_and_loses_nothing(
    history: History, repeats: int, covered: list[bool], capsys
):
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        built = build_history(folder, history)
        store = built.store

        prepared = prepare_next(store, BANKS, NOW)
        agenda, minutes = prepared.agenda, history.minutes
        for item in agenda.items:
            if item.source == "folded" and item.section is Section.CARRY_OVER:
                event(f"a {'private' if item.private else 'shared'} folded carry-over item")
        if built.private_markers:
            event("private text in the history")
        assert sum(i.minutes for i in agenda.items) == minutes and all(i.minutes >= 1 for i in agenda.items)

        # Private stays private: the screen's Markdown, the JSON, and the command.
        assert_nothing_private_shared(built, agenda, prepared.session.scheduled_at, minutes)
        capsys.readouterr()
        assert cli_main(["--data", str(folder), "agenda"]) == 0
        printed = capsys.readouterr().out
        assert not markers_in(printed) & built.private_markers, printed
        assert cli_main(["--data", str(folder), "agenda", "--json"]) == 0
        printed_json = json.loads(capsys.readouterr().out)
        assert not markers_in(json.dumps(printed_json)) & built.private_markers
        assert all(item["private"] is False for item in printed_json["items"])
        # ... and the shared view still holds everything that may be shared.
        shown = agenda_text.to_markdown(agenda, "Sam", prepared.session.scheduled_at, minutes)
        assert built.shared_markers <= markers_in(shown)
        everything = agenda_text.to_markdown(
            agenda, "Sam", prepared.session.scheduled_at, minutes, include_private=True
        )
        assert built.shared_markers | built.private_markers <= markers_in(everything)

        # Every open note and action is on the agenda exactly once, alone or folded.
        keys = carry_keys(agenda)
        assert len(keys) == len(set(keys))
        assert {k for k in keys if not k.startswith("carried:")} == open_keys(store)

        # Preparing again, any number of times, changes nothing.
        for _ in range(repeats):
            assert prepare_next(Store(folder).open(), BANKS, NOW).agenda == agenda
        assert Store(folder).open().get(Session, prepared.session.id).agenda == agenda

        # Notes captured afterwards join once; preparing again adds nothing more.
        for text in history.notes_after:
            add_note(store, text, NOW)
        grown = prepare_next(store, BANKS, NOW).agenda
        assert prepare_next(store, BANKS, NOW).agenda == grown
        keys = carry_keys(grown)
        assert len(keys) == len(set(keys))
        assert {k for k in keys if not k.startswith("carried:")} == open_keys(store)
        assert sum(i.minutes for i in grown.items) == minutes

        # Holding it: every note on a covered item is done (folded ones too), no other.
        ticked = {item.id for item, tick in zip(grown.items, covered) if tick}
        held = hold(store, prepared.session.id, covered_item_ids=ticked, now=NOW)
        brought_up = carry_over.note_ids(k for i in held.agenda.items if i.covered for k in carry_over.item_keys(i))
        if carry_over.note_ids(k for i in held.agenda.items if i.covered and i.folded for k in i.folded):
            event("a ticked folded item held notes")
        notes = {n.id: n for n in store.all(Note)}
        assert {n for n, note in notes.items() if note.done_at is not None} == brought_up
        left_points = {key for item in held.agenda.items if not item.covered for key in talking_points(item)}

        # The next agenda: every open note and action once, every unticked talking point once.
        after = prepare_next(store, BANKS, NEXT_DAY)
        assert after.session.id != prepared.session.id
        keys = carry_keys(after.agenda)
        assert len(keys) == len(set(keys))
        assert {k for k in keys if not k.startswith("carried:")} == open_keys(store)
        assert {k for k in keys if k.startswith("carried:")} == left_points
        assert_nothing_private_shared(built, after.agenda, after.session.scheduled_at, minutes)
        assert sum(i.minutes for i in after.agenda.items) == minutes


def talking_points(item: AgendaItem) -> list[str]:
    """The keys of what an unticked item carries over as words (not as a note, action or goal)."""
    if item.folded:
        return [key for key in item.folded if key.startswith("carried:")]
    if item.source in ("note", "action", "goal", "expectations"):
        return []
    return [f"carried:{item.text}"]


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


@settings(max_examples=300, deadline=None)
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


@settings(max_examples=200, deadline=None)
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
    packed = json.loads(stored["agenda"]["packed"])
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
        await pilot.press("a")
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
