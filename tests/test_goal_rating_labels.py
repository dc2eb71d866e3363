"""A goal's self-assessment says whose rating it is: the person's own when they are the
mentee, their mentee's (by name) when they mentor, in the editor, when achieving a goal and
in its history (screens/goal_dialogs.py, companion/goal_display.py)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label, Select

from companion.goal_display import self_assessment_words, whose_rating
from companion.models import Partnership, Stance
from companion.store import Store
from screens.app import make_app
from screens.goals import AchieveDialog, GoalDetails, GoalEditor
from tests.conftest import make_partnership, settle, shown_text
from tests.test_goals_screen import add_goal, open_goals

SIZE = (80, 24)
MENTEE = "Dana [b]Ruiz"  # markup in a name shows as typed


def rating_row(app, field: str) -> tuple[str, str, str]:
    """The row's label, its hint and the Select's prompt."""
    row = app.screen.query_one(f"#row-{field}")
    hint = row.query(".form-hint").last()
    return shown_text(row.query_one(Label)), shown_text(hint), str(row.query_one(Select).prompt)


def test_whose_rating_follows_the_stance():
    assert whose_rating(None) == "Your"
    assert whose_rating(make_partnership(stance=Stance.MENTEE)) == "Your"
    mentor = make_partnership(stance=Stance.MENTOR, partner_name="Dana")
    assert self_assessment_words(mentor, "start") == "Dana's self-assessment at the start (1–5)"
    assert self_assessment_words(None, "close") == "Your self-assessment at the close (1–5)"


async def test_the_goal_dialogs_say_whose_self_assessment_it_is(onboarded: Store, data_dir: Path):
    add_goal(onboarded, "Learn the deploy tooling", self_assessment_start=2)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, GoalEditor)
        assert rating_row(app, "self_assessment_start") == (
            "Where I start",
            "Your self-assessment at the start (1–5).",
            "Rate yourself 1 to 5",
        )
        await pilot.press("escape")
        await pilot.pause()

        # Now the person mentors the goal's owner.
        app.store.update(Partnership, 1, stance=Stance.MENTOR, partner_name=MENTEE)
        await pilot.press("n")
        await pilot.pause()
        assert rating_row(app, "self_assessment_start") == (
            "Where they start",
            f"{MENTEE}'s self-assessment at the start (1–5).",
            "Their rating, 1 to 5",
        )
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AchieveDialog)
        assert rating_row(app, "closing_assessment") == (
            "Where they are",
            f"{MENTEE}'s self-assessment at the close (1–5); they started at 2 of 5.",
            "Their rating, 1 to 5",
        )
        await pilot.press("escape")
        await settle(app, pilot)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalDetails)
        summary = shown_text(app.screen.query_one("#goal-summary"))
        assert (
            f"Self-assessment  2 at the start; the closing rating comes when the goal is achieved ({MENTEE}'s own rating)"
            in summary
        )
