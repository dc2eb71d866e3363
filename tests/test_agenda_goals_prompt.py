"""The goals section takes a prompt from the banks when there is no goal to talk about yet,
and in a first or closing session (companion/agenda.py, `wants_goals_prompt`)."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from companion import agenda as agendas
from companion import agenda_situation as agenda_rules
from companion.models import Goal, Section
from tests.depth import examples
from tests.test_agenda_situation import PROMPTS, chosen_prompts, inputs_with_situation

GOAL = Goal(id=1, partnership_id=1, title="Use an AI assistant on real work")


def goals_prompts(agenda) -> list:
    return [p for p in chosen_prompts(agenda) if p.section == "goals"]


@settings(max_examples=examples(150), deadline=None)
@given(inputs=inputs_with_situation(), with_goal=st.booleans())
def test_a_goals_prompt_comes_when_there_is_no_goal_yet_or_the_session_opens_or_closes_a_cycle(inputs, with_goal):
    if with_goal:
        inputs = dataclasses.replace(inputs, goals=[GOAL])
    agenda = agendas.build_agenda(inputs, PROMPTS)
    wanted = not with_goal or inputs.situation.phase in ("first", "closing")
    found = goals_prompts(agenda)
    assert len(found) == (1 if wanted else 0)
    if inputs.situation.phase is not None:  # an unknown phase prefers none
        assert all(p.phase in (None, inputs.situation.phase) for p in found)  # the fixture has every phase
    goal_section = [item for item in agenda.items if item.section is Section.GOALS]
    assert goal_section and goal_section[0].source == ("prompt" if wanted else "goal")


def test_the_rule_in_words():
    first, middle = agenda_rules.Situation(phase="first"), agenda_rules.Situation(phase="middle")
    goal_item = agendas._goal_items(agendas.AgendaInputs(partnership=None, goals=[GOAL]))  # type: ignore[arg-type]
    assert agendas.wants_goals_prompt([], middle)
    assert agendas.wants_goals_prompt(goal_item, first)
    assert agendas.wants_goals_prompt(goal_item, agenda_rules.Situation(phase="closing"))
    assert not agendas.wants_goals_prompt(goal_item, middle)
    assert not agendas.wants_goals_prompt(goal_item, agenda_rules.Situation())
