"""Plans ("When X, I will Y"): reading them, helping write them, and their agenda item."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from companion import plans
from companion.carry_over import agenda_keys
from companion.models import ActionItem, FocusRole, Section, Stance
from companion.store import Store
from tests.conftest import make_partnership
from tests.plan_helpers import PLAN, first_session_with_plan, next_agenda

WORDS = st.text(string.ascii_lowercase, min_size=1, max_size=8).filter(
    lambda w: w not in {"i", "will", "ill", "shall", "then"}
)
PHRASES = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
LEADS = ("when", "whenever", "if", "next time", "every time", "each time")


def test_the_accepted_shapes_give_a_trigger_and_an_action():
    expected = plans.Plan("a review comment says 'use the AI'", "try it before pushing back")
    for line in (
        PLAN,
        "when a review comment says 'use the AI' i will try it before pushing back.",
        "WHEN a review comment says 'use the AI', I'LL try it before pushing back",
        "When a review comment says 'use the AI' → try it before pushing back",
        "When a review comment says 'use the AI' -> I will try it before pushing back",
        "When a review comment says 'use the AI', then I will try it before pushing back",
        "When a review comment says 'use the AI', try it before pushing back",
        "  When   a review comment says 'use the AI',   I’ll try it before pushing back  ",
    ):
        assert plans.parse(line) == expected, line
    assert plans.parse("If I get stuck for ten minutes, I'll ask the assistant") == plans.Plan(
        "I get stuck for ten minutes", "ask the assistant"
    )


def test_lines_without_a_trigger_or_an_action_are_not_plans():
    for line in ("Try the assistant on reviews", "I will try it", "When", "When it rains,", "When , I will go", ""):
        assert plans.parse(line) is None, line
        assert not plans.has_trigger(line)


@given(PHRASES, PHRASES)
def test_a_formatted_plan_reads_back_as_written(trigger, action):
    assert plans.parse(plans.format_plan(trigger, action)) == plans.Plan(trigger, action)


@given(st.text(max_size=80))
def test_a_line_that_does_not_open_with_a_trigger_word_never_parses_as_a_plan(line):
    opening = " ".join(line.split()).lower()
    if not opening.startswith(LEADS):
        assert plans.parse(line) is None


def test_the_hint_gives_an_example_from_the_focus_role_and_stance():
    for role in FocusRole:
        for stance in Stance:
            examples = plans.EXAMPLES[(role, stance)]
            assert examples and all(plans.has_trigger(e) for e in examples)
            hint = plans.will_try_hint(make_partnership(focus_role=role, stance=stance), seed=1)
            assert examples[1] in hint
    engineer = make_partnership(focus_role=FocusRole.ENGINEER, stance=Stance.MENTEE)
    assert "When a review comment suggests the assistant" in plans.will_try_hint(engineer)


def test_the_nudge_names_the_first_line_without_a_trigger_and_is_empty_when_all_have_one():
    assert plans.nudge("") == ""
    assert plans.nudge(PLAN + "\n- If stuck, I'll ask Sam") == ""
    nudge = plans.nudge(PLAN + "\n- Read the prompt guide\nPair on a review")
    assert "“When …, I will read the prompt guide”" in nudge and "1 more line like it" in nudge
    assert "saves either way" in nudge


def test_a_plan_comes_back_once_in_the_next_check_in_and_not_in_carry_over(onboarded: Store):
    _, action = first_session_with_plan(onboarded)
    prepared = next_agenda(onboarded, 1)
    (item,) = [i for i in prepared.agenda.items if i.source == "plan"]
    assert item.section is Section.CHECK_IN and item.ref == str(action.id) and not item.private
    assert item.text == "Did it happen? " + PLAN
    assert agenda_keys(prepared.agenda).count(f"action:{action.id}") == 1  # not in carry-over too
    assert sum(i.minutes for i in prepared.agenda.items) == 45
    again = next_agenda(onboarded, 1)
    assert again.agenda == prepared.agenda


def test_a_plan_written_after_the_next_agenda_was_built_joins_it_once(onboarded: Store):
    from companion.actions import add_action

    first_session_with_plan(onboarded, "Read the prompt guide")  # not a plan: carry-over
    prepared = next_agenda(onboarded, 1)
    assert not [i for i in prepared.agenda.items if i.source == "plan"]
    assert [i for i in prepared.agenda.items if i.source == "action"]
    partnership_id = prepared.partnership.id
    action = add_action(onboarded, partnership_id, "If Sam pairs with me, I will drive")
    for _ in range(2):
        items = next_agenda(onboarded, 1).agenda.items
        assert [i.ref for i in items if i.source == "plan"] == [str(action.id)]
        assert [i for i in items if i.source == "plan"][0].section is Section.CHECK_IN


def test_a_private_plan_comes_back_only_as_a_private_item(onboarded: Store):
    _, action = first_session_with_plan(onboarded, private=True)
    (item,) = [i for i in next_agenda(onboarded, 1).agenda.items if i.source == "plan"]
    assert item.private and item.ref == str(action.id)
    assert onboarded.get(ActionItem, action.id).private
