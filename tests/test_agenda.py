"""The agenda builder and agenda edits: properties over random inputs, and examples."""

from __future__ import annotations

import copy
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from companion import agenda as agendas
from companion import agenda_edits, agenda_text
from companion import agenda_situation as agenda_rules
from companion.banks import load_banks
from companion.models import (
    ActionItem,
    AgendaItem,
    FocusRole,
    Goal,
    Note,
    Owner,
    Section,
    Stance,
)
from tests.conftest import make_partnership
from tests.depth import examples

BANKS = load_banks()
PROMPTS = list(BANKS.prompts.values())
TAGS = sorted({tag for p in PROMPTS for tag in p.tags})
NOW = datetime(2026, 11, 24, 10, 0)


def usable(partnership, section: str):
    return [
        p
        for p in PROMPTS
        if p.section == section
        and p.fits(partnership.stance.value)
        and p.bank in ("common", partnership.focus_role.value)
    ]


@st.composite
def agenda_inputs(draw):
    partnership = make_partnership(
        stance=draw(st.sampled_from(list(Stance))),
        focus_role=draw(st.sampled_from(list(FocusRole))),
    )
    partnership.id = 1
    goals = [
        Goal(id=i, partnership_id=1, title=f"Goal {i}", tags=draw(st.lists(st.sampled_from(TAGS), max_size=3)))
        for i in range(1, draw(st.integers(0, 6)) + 1)
    ]
    notes = [
        Note(id=i, partnership_id=1, text=f"note {i}", created_at=NOW) for i in range(1, draw(st.integers(0, 8)) + 1)
    ]
    actions = [
        ActionItem(
            id=i,
            partnership_id=1,
            text=f"action {i}",
            owner=draw(st.sampled_from(list(Owner))),
            due=draw(st.none() | st.dates(date(2026, 1, 1), date(2027, 1, 1))),
        )
        for i in range(1, draw(st.integers(0, 8)) + 1)
    ]
    unfinished = [
        AgendaItem(
            id=f"i{i}", section=Section.EXPLORE, text=f"left over {i}", minutes=5, source="prompt", ref=f"old-{i}"
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    ids = [p.id for p in PROMPTS]
    recent = draw(st.lists(st.sets(st.sampled_from(ids), max_size=12), max_size=6))
    return agendas.AgendaInputs(
        partnership=partnership,
        goals=goals,
        notes=notes,
        open_actions=actions,
        unfinished=unfinished,
        recent_prompt_ids=recent,
        session_minutes=draw(st.integers(15, 240)),
        seed=draw(st.integers(0, 2**32)),
    )


@settings(max_examples=examples(300), deadline=None)
@given(agenda_inputs())
def test_time_boxes_add_up_exactly_to_the_session_length(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    assert sum(item.minutes for item in agenda.items) == inputs.session_minutes
    assert all(item.minutes >= 1 for item in agenda.items)


@settings(max_examples=examples(300), deadline=None)
@given(agenda_inputs())
def test_no_prompt_from_the_last_four_sessions_while_unused_ones_remain(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    recent = set().union(*inputs.recent_prompt_ids[:4]) if inputs.recent_prompt_ids else set()
    on_agenda = agendas.prompt_ids(agenda)
    for item in agenda.items:
        if item.source != "prompt":
            continue
        section = BANKS.prompts[item.ref].section
        unused = [
            p
            for p in usable(inputs.partnership, section)
            if p.id not in recent and p.id not in on_agenda and agenda_rules.fits_situation(p, inputs.situation)
        ]
        if unused:
            assert item.ref not in recent, f"{item.ref} was used recently while {len(unused)} were not"


@settings(max_examples=examples(200), deadline=None)
@given(agenda_inputs())
def test_the_same_seed_gives_the_same_agenda(inputs):
    assert agendas.build_agenda(inputs, PROMPTS) == agendas.build_agenda(inputs, PROMPTS)


@settings(max_examples=examples(200), deadline=None)
@given(agenda_inputs())
def test_building_an_agenda_leaves_its_inputs_as_they_were(inputs):
    before = copy.deepcopy(inputs)
    agendas.build_agenda(inputs, PROMPTS)
    assert inputs == before


@settings(max_examples=examples(300), deadline=None)
@given(agenda_inputs())
def test_prompts_matching_active_goal_tags_are_preferred(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    tags = {tag for goal in inputs.goals for tag in goal.tags}
    recent = set().union(*inputs.recent_prompt_ids[:4]) if inputs.recent_prompt_ids else set()
    matching_fresh = [
        p
        for p in usable(inputs.partnership, "explore")
        if tags & set(p.tags) and p.id not in recent and agenda_rules.fits_situation(p, inputs.situation)
    ]
    explore = [BANKS.prompts[i.ref] for i in agenda.items if i.source == "prompt" and i.section is Section.EXPLORE]
    if matching_fresh and explore:
        assert any(tags & set(p.tags) for p in explore)


@settings(max_examples=examples(200), deadline=None)
@given(agenda_inputs())
def test_only_prompts_for_the_stance_and_focus_role_and_sections_in_order(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    for item in agenda.items:
        if item.source == "prompt":
            prompt = BANKS.prompts[item.ref]
            assert prompt.fits(inputs.partnership.stance.value)
            assert prompt.bank in ("common", inputs.partnership.focus_role.value)
    order = [agendas.SECTION_ORDER.index(item.section) for item in agenda.items]
    assert order == sorted(order)
    assert len({item.id for item in agenda.items}) == len(agenda.items)


@settings(max_examples=examples(200), deadline=None)
@given(agenda_inputs())
def test_every_goal_note_and_action_is_on_the_agenda(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    if inputs.session_minutes < 40:
        return  # a very short session may have to drop items; covered by the time-box property
    text = "\n".join(item.text for item in agenda.items)
    for goal in inputs.goals:
        assert goal.title in text
    for note in inputs.notes:
        assert note.text in text
    for action in inputs.open_actions:
        assert action.text in text


def test_example_agenda_has_every_section_with_sensible_time_boxes():
    partnership = make_partnership()
    partnership.id = 1
    goal = Goal(id=3, partnership_id=1, title="Ship with an AI pair", tags=["ai"])
    note = Note(id=5, partnership_id=1, text="Ask about code review habits", created_at=NOW)
    inputs = agendas.AgendaInputs(partnership=partnership, goals=[goal], notes=[note], session_minutes=45, seed=1)
    agenda = agendas.build_agenda(inputs, PROMPTS)
    sections = [section for section, _ in agenda_text.sections(agenda)]
    assert sections == agendas.SECTION_ORDER
    explore = [i for i in agenda.items if i.section is Section.EXPLORE]
    assert len(explore) >= 2 and all(i.minutes >= 8 for i in explore)
    assert any("ai" in BANKS.prompts[i.ref].tags for i in explore)
    (note_item,) = [i for i in agenda.items if i.source == "note"]
    assert note_item.ref == "5" and note_item.section is Section.CARRY_OVER


def test_unfinished_items_carry_over_without_duplicating_notes_or_goals():
    partnership = make_partnership()
    partnership.id = 1
    note = Note(id=5, partnership_id=1, text="Open note", created_at=NOW)
    unfinished = [
        AgendaItem(
            id="i1", section=Section.EXPLORE, text="Try the terminal AI", minutes=10, source="prompt", ref="eng-x"
        ),
        AgendaItem(id="i2", section=Section.CARRY_OVER, text="Open note", minutes=3, source="note", ref="5"),
        AgendaItem(id="i3", section=Section.GOALS, text="Old goal item", minutes=3, source="goal", ref="9"),
    ]
    inputs = agendas.AgendaInputs(partnership=partnership, notes=[note], unfinished=unfinished, seed=2)
    agenda = agendas.build_agenda(inputs, PROMPTS)
    carried = [i for i in agenda.items if i.section is Section.CARRY_OVER]
    assert [i.text for i in carried].count("Open note") == 1
    assert any(i.text == "Try the terminal AI" and i.source == "carried" and not i.covered for i in carried)
    assert not any(i.text == "Old goal item" for i in agenda.items)


def test_many_notes_are_folded_into_one_item_rather_than_crowding_out_the_session():
    partnership = make_partnership()
    partnership.id = 1
    notes = [Note(id=i, partnership_id=1, text=f"note {i}", created_at=NOW) for i in range(1, 21)]
    agenda = agendas.build_agenda(agendas.AgendaInputs(partnership=partnership, notes=notes, seed=3), PROMPTS)
    carry = [i for i in agenda.items if i.section is Section.CARRY_OVER]
    assert len(carry) <= 4
    assert carry[-1].text.startswith("Also carried over: ") and "note 20" in carry[-1].text
    assert sum(i.minutes for i in carry) <= 45 * 0.4


# --- edits -----------------------------------------------------------------------------


def sample_agenda(minutes: int = 45):
    partnership = make_partnership()
    partnership.id = 1
    goal = Goal(id=3, partnership_id=1, title="A goal", tags=[])
    inputs = agendas.AgendaInputs(partnership=partnership, goals=[goal], session_minutes=minutes, seed=11)
    return partnership, agendas.build_agenda(inputs, PROMPTS)


@settings(max_examples=examples(150), deadline=None)
@given(
    minutes=st.integers(20, 120),
    ops=st.lists(
        st.tuples(st.sampled_from(["add", "delete", "set", "move"]), st.integers(0, 50), st.integers(-3, 60)),
        max_size=12,
    ),
)
def test_every_edit_keeps_the_time_boxes_adding_up_and_leaves_the_agenda_it_was_given(minutes, ops):
    _, agenda = sample_agenda(minutes)
    for op, pick, value in ops:
        given_agenda, as_given = agenda, copy.deepcopy(agenda)
        item = agenda.items[pick % len(agenda.items)]
        if op == "add" and len(agenda.items) < minutes:
            agenda = agenda_edits.add_item(agenda, "new", Section.EXPLORE, minutes, minutes=max(1, value))
        elif op == "delete" and len(agenda.items) > 1:
            agenda = agenda_edits.delete_item(agenda, item.id, minutes)
        elif op == "set" and value >= 1:
            agenda = agenda_edits.set_minutes(agenda, item.id, value, minutes)
        elif op == "move":
            agenda = agenda_edits.move_item(agenda, item.id, 1 if value % 2 else -1)
        assert given_agenda == as_given
        assert sum(i.minutes for i in agenda.items) == minutes
        assert all(i.minutes >= 1 for i in agenda.items)
        assert len({i.id for i in agenda.items}) == len(agenda.items)


# --- time boxes ----------------------------------------------------------------------------


def plain_items(*sections_in_order: Section, minutes: int = 1) -> list[AgendaItem]:
    return [
        AgendaItem(id=f"i{number}", section=section, text=f"item {number}", minutes=minutes, folded=["note:1"])
        for number, section in enumerate(sections_in_order, start=1)
    ]


FIVE = (Section.CHECK_IN, Section.GOALS, Section.EXPLORE, Section.EXPLORE, Section.CLOSE)


def test_allocate_gives_time_boxes_by_weight_on_copies():
    items = plain_items(*FIVE)
    before = copy.deepcopy(items)
    allocated = agendas.allocate(items, 45)
    assert [i.minutes for i in allocated] == [6, 4, 15, 15, 5]
    assert items == before, "the items given keep their time boxes"
    assert [i.id for i in allocated] == [i.id for i in items]
    allocated[0].folded.append("note:2")
    assert items[0].folded == ["note:1"], "a copy shares no list with the item it came from"
    assert agendas.allocate([], 45) == []


def test_rebalance_scales_copies_and_keeps_the_fixed_item_where_there_is_room():
    items = agendas.allocate(plain_items(*FIVE), 45)
    before = copy.deepcopy(items)
    assert [i.minutes for i in agendas.rebalance(items, 30)] == [4, 3, 10, 10, 3]
    assert [i.minutes for i in agendas.rebalance(items, 60, fixed_id="i3")] == [9, 6, 15, 23, 7]
    # Too little room: the fixed item gets what a minute for each of the others leaves.
    assert [i.minutes for i in agendas.rebalance(items, 8, fixed_id="i3")] == [1, 1, 4, 1, 1]
    assert [i.minutes for i in agendas.rebalance(items[:1], 8, fixed_id="i1")] == [8]
    assert items == before
    assert agendas.rebalance([], 45) == []


@settings(max_examples=examples(300), deadline=None)
@given(
    minutes=st.lists(st.integers(1, 90), max_size=12),
    total=st.integers(12, 300),
    fixed=st.integers(0, 12),
)
def test_rebalance_adds_up_to_the_total_and_leaves_its_items_alone(minutes, total, fixed):
    items = [
        AgendaItem(id=f"i{number}", section=Section.EXPLORE, text="t", minutes=value, folded=[f"note:{number}"])
        for number, value in enumerate(minutes)
    ]
    before = copy.deepcopy(items)
    rebalanced = agendas.rebalance(items, total, fixed_id=f"i{fixed}")
    assert items == before
    assert [i.id for i in rebalanced] == [i.id for i in items]
    assert all(new is not old and new.folded is not old.folded for new, old in zip(rebalanced, items))
    if items:
        assert sum(i.minutes for i in rebalanced) == total and min(i.minutes for i in rebalanced) >= 1


def test_set_minutes_keeps_the_chosen_value_and_rebalances_the_rest():
    _, agenda = sample_agenda()
    first = agenda.items[0]
    changed = agenda_edits.set_minutes(agenda, first.id, 10, 45)
    assert changed.items[0].minutes == 10
    assert sum(i.minutes for i in changed.items) == 45
    assert agenda.items[0].minutes == first.minutes, "edits return a new agenda"


def test_move_crosses_into_the_neighbouring_section_at_its_edge():
    _, agenda = sample_agenda()
    first_explore = next(i for i in agenda.items if i.section is Section.EXPLORE)
    moved = agenda_edits.move_item(agenda, first_explore.id, -1)
    item = next(i for i in moved.items if i.id == first_explore.id)
    assert item.section is not Section.EXPLORE
    back = agenda_edits.move_item(moved, first_explore.id, 1)
    assert next(i for i in back.items if i.id == first_explore.id).section is Section.EXPLORE


def test_move_within_a_section_swaps_neighbours():
    partnership, agenda = sample_agenda(90)
    explore = [i for i in agenda.items if i.section is Section.EXPLORE]
    assert len(explore) >= 2
    moved = agenda_edits.move_item(agenda, explore[1].id, -1)
    order = [i.id for i in moved.items if i.section is Section.EXPLORE]
    assert order[:2] == [explore[1].id, explore[0].id]


def test_reroll_picks_another_prompt_of_the_same_section_not_on_the_agenda():
    partnership, agenda = sample_agenda()
    item = next(i for i in agenda.items if i.section is Section.EXPLORE)
    for seed in range(20):
        rerolled = agenda_edits.reroll(agenda, item.id, PROMPTS, partnership, seed=seed)
        new = next(i for i in rerolled.items if i.id == item.id)
        assert new.ref != item.ref and new.ref not in agendas.prompt_ids(agenda)
        assert BANKS.prompts[new.ref].section == "explore"
        assert new.minutes == item.minutes


def test_replace_edit_private_and_ready():
    partnership, agenda = sample_agenda()
    item = agenda.items[0]
    other = next(p for p in PROMPTS if p.section == "check-in" and p.id != item.ref)
    replaced = agenda_edits.replace_prompt(agenda, item.id, other)
    assert replaced.items[0].ref == other.id and replaced.items[0].text == other.text
    edited = agenda_edits.edit_text(replaced, item.id, "  My own words  ")
    assert edited.items[0].text == "My own words" and edited.items[0].source == "custom"
    private = agenda_edits.toggle_private(edited, item.id)
    assert private.items[0].private and not agenda_edits.toggle_private(private, item.id).items[0].private
    ready = agenda_edits.mark_ready(private, NOW)
    assert ready.ready_at == NOW and agenda_edits.mark_ready(ready, None).ready_at is None


def test_add_item_refuses_when_no_minute_is_left():
    _, agenda = sample_agenda(15)
    while len(agenda.items) < 15:
        agenda = agenda_edits.add_item(agenda, "filler", Section.EXPLORE, 15)
    try:
        agenda_edits.add_item(agenda, "one too many", Section.EXPLORE, 15)
    except ValueError as error:
        assert "no room" in str(error)
    else:
        raise AssertionError("an item without a minute was accepted")


def test_markdown_leaves_private_items_out_unless_asked():
    _, agenda = sample_agenda()
    agenda = agenda_edits.toggle_private(agenda, agenda.items[0].id)
    secret = agenda.items[0].text
    shared = agenda_text.to_markdown(agenda, "Sam", datetime(2026, 12, 1, 16, 0), 45)
    assert secret not in shared
    assert shared.startswith("# Session with Sam: Tue 1 Dec 2026, 16:00 (45 min)")
    assert "## Goals" in shared and "Not marked ready yet." in shared
    everything = agenda_text.to_markdown(agenda, "Sam", datetime(2026, 12, 1, 16, 0), 45, include_private=True)
    assert f"{secret} ({agenda.items[0].minutes} min) *(private)*" in everything
    as_json = agenda_text.to_json(agenda, "Sam", datetime(2026, 12, 1, 16, 0), 45)
    assert all(not item["private"] for item in as_json["items"])
    assert len(as_json["items"]) == len(agenda.items) - 1
