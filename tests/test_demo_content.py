"""The demo's sample history fits its partnership: an engineering focus gets engineering
goals and topics, tagged like the prompts of that focus."""

from __future__ import annotations

from datetime import datetime

from companion import demo
from companion.banks import load_banks
from companion.models import FocusRole, Stance

NOW = datetime(2026, 11, 24, 10, 0)
DESIGN_WORDS = ("design critique", "motion", "component library", "mobile-first", "short-video")


def test_the_demo_partnership_has_the_focus_its_goals_and_topics_are_written_for():
    tables = demo.generate(sessions=12, seed=7, now=NOW)
    (partnership,) = tables["partnerships"]
    assert partnership["focus_role"] == demo.FOCUS_ROLE.value == FocusRole.ENGINEER.value
    prompts = load_banks().for_partnership(demo.FOCUS_ROLE.value, Stance.MENTEE.value)
    known_tags = {tag for prompt in prompts for tag in prompt.tags}
    for goal in tables["goals"]:
        assert set(goal["tags"]) <= known_tags, goal["title"]
        assert not any(word in goal["title"].lower() for word in DESIGN_WORDS), goal["title"]
    for title, tags in demo.GOAL_TITLES:
        assert set(tags) <= known_tags, title
    for topic, tag in demo.TOPICS:
        assert tag in known_tags, topic
        assert not any(word in topic for word in DESIGN_WORDS), topic
