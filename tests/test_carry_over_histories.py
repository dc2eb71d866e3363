"""Carry-over through whole histories in a real data file: private stays private,
preparing again adds nothing, nothing folded is lost.

The property draws open notes, open action items (some private, some born from a private
reflection), and a last held session whose agenda left items unfinished (prompts, own
items, carried talking points, note and action items, folded items), each private or
shared at random. Every text carries a unique marker, so a private text showing up
anywhere shared is caught even inside a folded item.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from companion import agenda_text, carry_over
from companion.actions import actions_from_will_try, add_action, add_session_actions
from companion.cli import main as cli_main
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
from companion.notes import add_note
from companion.partnerships import complete_onboarding
from companion.prepare import prepare_next
from companion.store import Store
from tests.carry_over_helpers import (
    BANKS,
    FILLER,
    LAST_HELD,
    NEXT_DAY,
    NOW,
    carry_keys,
    marker,
    markers_in,
    shared_outputs,
)
from tests.conftest import make_partnership
from tests.depth import examples

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


def assert_nothing_private_shared(built: Built, agenda: Agenda, when: datetime, minutes: int) -> None:
    markdown, as_json = shared_outputs(agenda, "Sam", when, minutes)
    assert not markers_in(markdown) & built.private_markers, markdown
    assert not markers_in(json.dumps(as_json)) & built.private_markers, as_json
    assert all(item["private"] is False for item in as_json["items"])


def open_keys(store: Store) -> set[str]:
    notes = {f"note:{n.id}" for n in store.all(Note) if n.done_at is None}
    return notes | {f"action:{a.id}" for a in store.all(ActionItem) if a.done_on is None}


# --- properties against a real data file ------------------------------------------------


@settings(
    max_examples=examples(50, floor=20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
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
