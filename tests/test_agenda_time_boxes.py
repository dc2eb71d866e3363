"""Time boxes changed by hand: one minute per +/− press, and a rule for the other items
that a person can predict (`agenda.shift_minutes`, `agenda_edits.nudge`)."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion import agenda as agendas
from companion import agenda_edits
from companion.models import Agenda, AgendaItem, Section
from tests.depth import examples


def timed(*minutes: int) -> Agenda:
    return Agenda(
        items=[
            AgendaItem(id=f"i{number}", section=Section.EXPLORE, text=f"item {number}", minutes=value)
            for number, value in enumerate(minutes, start=1)
        ]
    )


def boxes(agenda: Agenda) -> list[int]:
    return [item.minutes for item in agenda.items]


def press(agenda: Agenda, item_id: str, *deltas: int) -> Agenda:
    """The screen's +/− keys: each press continues the run of the one before."""
    run = None
    for delta in deltas:
        run = agenda_edits.nudge(agenda, item_id, delta, run)
        agenda = run.result
    return agenda


def test_a_minute_gained_comes_from_the_longest_other_item_the_lowest_of_equals():
    agenda = timed(5, 12, 12, 12, 4)
    assert boxes(press(agenda, "i1", 1)) == [6, 12, 12, 11, 4]
    assert boxes(press(agenda, "i1", 1, 1)) == [7, 12, 11, 11, 4]
    assert boxes(press(agenda, "i4", 1)) == [5, 12, 11, 13, 4]


def test_a_minute_given_up_goes_to_the_shortest_other_item_the_highest_of_equals():
    agenda = timed(5, 12, 12, 12, 4)
    assert boxes(press(agenda, "i2", -1)) == [5, 11, 12, 12, 5]
    assert boxes(press(agenda, "i2", -1, -1)) == [6, 10, 12, 12, 5]


def test_plus_plus_minus_ends_exactly_where_one_plus_does():
    agenda = timed(5, 12, 12, 12, 4)
    for item in agenda.items:
        assert press(agenda, item.id, 1, 1, -1) == press(agenda, item.id, 1)
        assert press(agenda, item.id, -1, 1) == agenda or item.minutes == 1


def test_a_new_run_starts_when_another_item_is_chosen_or_the_agenda_changed():
    agenda = timed(5, 12, 12, 12, 4)
    first = agenda_edits.nudge(agenda, "i1", 1)
    other = agenda_edits.nudge(first.result, "i5", 1, first)
    assert (other.start, other.net) == (first.result, 1)
    changed = agenda_edits.toggle_private(first.result, "i2")
    again = agenda_edits.nudge(changed, "i1", 1, first)
    assert (again.start, again.net) == (changed, 1)


def test_presses_past_the_limits_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="shorter than one minute"):
        agenda_edits.nudge(timed(1, 5), "i1", -1)
    with pytest.raises(ValueError, match="down to one minute"):
        agenda_edits.nudge(timed(5, 1, 1), "i1", 1)
    with pytest.raises(ValueError, match="whole session"):
        agenda_edits.nudge(timed(45), "i1", 1)


def test_setting_a_time_box_follows_the_same_rule_as_far_as_the_others_leave_room():
    agenda = timed(5, 12, 12, 12, 4)
    assert boxes(agenda_edits.set_minutes(agenda, "i1", 8, 45)) == boxes(press(agenda, "i1", 1, 1, 1))
    assert boxes(agenda_edits.set_minutes(agenda, "i1", 99, 45)) == [41, 1, 1, 1, 1]
    assert boxes(agenda_edits.set_minutes(timed(45), "i1", 10, 45)) == [45]


@settings(max_examples=examples(200), deadline=None)
@given(
    minutes=st.lists(st.integers(1, 20), min_size=1, max_size=8),
    chosen=st.integers(0, 7),
    presses=st.lists(st.sampled_from([1, -1]), max_size=40),
)
def test_any_presses_move_the_item_by_their_net_count_and_one_other_item_per_press(minutes, chosen, presses):
    """Each accepted press moves the chosen item one minute and exactly one other item one
    minute the other way; a press is refused only at a limit; and where a run ends depends
    only on the net count (the same as `shift_minutes` by that count, at once)."""
    start = timed(*minutes)
    item_id = start.items[chosen % len(minutes)].id
    index = chosen % len(minutes)
    run, agenda, net = None, start, 0
    for delta in presses:
        before = copy.deepcopy(agenda)
        try:
            run = agenda_edits.nudge(agenda, item_id, delta, run)
        except ValueError:
            others = [i.minutes for n, i in enumerate(agenda.items) if n != index]
            at_limit = agenda.items[index].minutes == 1 if delta < 0 else all(m == 1 for m in others)
            assert at_limit or not others, "a press is refused only at a limit"
            continue
        assert agenda == before, "the agenda given is left as it was"
        net += delta
        moved = [new.minutes - old.minutes for new, old in zip(run.result.items, agenda.items)]
        assert moved[index] == delta
        assert sorted(m for n, m in enumerate(moved) if n != index) == sorted([-delta] + [0] * (len(moved) - 2))
        agenda = run.result
    assert agenda.items[index].minutes == start.items[index].minutes + net
    assert sum(boxes(agenda)) == sum(minutes) and min(boxes(agenda)) >= 1
    assert agenda.items == agendas.shift_minutes(start.items, item_id, net)


@settings(max_examples=examples(200), deadline=None)
@given(minutes=st.lists(st.integers(1, 20), min_size=2, max_size=8), chosen=st.integers(0, 7))
def test_the_minute_comes_from_a_longest_item_and_goes_to_a_shortest(minutes, chosen):
    items = timed(*minutes).items
    index = chosen % len(items)
    others = [n for n in range(len(items)) if n != index]
    longest = max(minutes[n] for n in others)
    shortest = min(minutes[n] for n in others)
    if longest > 1:
        gained = agendas.shift_minutes(items, items[index].id, 1)
        (giver,) = [n for n in others if gained[n].minutes != minutes[n]]
        assert minutes[giver] == longest and giver == max(n for n in others if minutes[n] == longest)
    if minutes[index] > 1:
        lost = agendas.shift_minutes(items, items[index].id, -1)
        (taker,) = [n for n in others if lost[n].minutes != minutes[n]]
        assert minutes[taker] == shortest and taker == min(n for n in others if minutes[n] == shortest)


@settings(max_examples=examples(200), deadline=None)
@given(minutes=st.lists(st.integers(1, 40), min_size=1, max_size=10), change=st.integers(-60, 60))
def test_rebalancing_to_a_new_total_never_moves_an_item_against_the_change(minutes, change):
    """A longer session grows no item smaller and a shorter one grows no item larger."""
    total = max(len(minutes), sum(minutes) + change)
    rebalanced = boxes(Agenda(items=agendas.rebalance(timed(*minutes).items, total)))
    assert sum(rebalanced) == total
    if total >= sum(minutes):
        assert all(new >= old for new, old in zip(rebalanced, minutes))
    else:
        assert all(new <= old for new, old in zip(rebalanced, minutes))
