"""The goals screen with real key presses: table, editor, check-ins, status changes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static

from companion import goals as core
from companion.models import Goal, GoalStatus, TrackRating
from companion.store import Store
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.dialogs import ConfirmDialog, TextDialog
from screens.goals import AchieveDialog, CheckInDialog, GoalDetails, GoalEditor, GoalsScreen
from tests.conftest import settle, shown_text
from tests.textual_speed import type_keys

SIZE = (110, 40)
NOW = datetime(2026, 11, 24, 10, 0)


def add_goal(store: Store, title: str, **fields) -> Goal:
    goal = Goal(partnership_id=1, title=title, **fields)
    return core.save_goal(store, goal, NOW)


def rows(screen: GoalsScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def open_goals(app, pilot) -> GoalsScreen:
    await pilot.pause()
    await pilot.press("6")
    await pilot.pause()
    assert isinstance(app.screen, GoalsScreen)
    return app.screen


async def fill(pilot, field: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = ""
    await type_keys(pilot, text)


async def test_empty_goals_screen_says_how_to_start(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_goals(app, pilot)
        assert "Press n to set the first one" in shown_text(screen.query_one("#goal-keys", Static))


async def test_new_goal_through_the_editor_is_saved_and_survives_a_restart(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_goals(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, GoalEditor)
        await fill(pilot, "title", "Run a design critique in Discord")
        await fill(pilot, "target_date", "in 6 weeks")
        await fill(pilot, "my_expectation", "Two critiques by January")
        await fill(pilot, "partner_expectation", "That I stay for the whole thread")
        await fill(pilot, "tags", "community, feedback")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, GoalsScreen)
        assert rows(screen) == ["Run a design critique in Discord"]
    (goal,) = Store(data_dir).open().all(Goal)
    assert goal.target_date == date(2027, 1, 5) and goal.tags == ["community", "feedback"]
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_goals(again, pilot)
        assert rows(screen) == ["Run a design critique in Discord"]


async def test_a_goal_that_could_not_be_saved_comes_back_as_typed(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, "title", "Run a retro with an AI note taker")
        await fill(pilot, "why", "I keep losing the actions")
        (data_dir / "companion.json").write_text("{broken")  # the file is damaged meanwhile
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, GoalEditor), "the editor opens again, nothing typed is lost"
        assert editor.query_one("#title", Input).value == "Run a retro with an AI note taker"
        assert editor.query_one("#why", Input).value == "I keep losing the actions"


async def test_editor_shows_problems_inline_and_keeps_the_dialog_open(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, "target_date", "yesterday")
        await fill(pilot, "tags", "#nope")
        await pilot.press("ctrl+s")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, GoalEditor)
        assert "cannot be empty" in shown_text(editor.query_one("#title-error", Static))
        assert "in the past" in shown_text(editor.query_one("#target_date-error", Static))
        assert "not a tag" in shown_text(editor.query_one("#tags-error", Static))
        assert app.focused is editor.query_one("#title")
        await fill(pilot, "target_date", "in 2 weeks")
        assert shown_text(editor.query_one("#target_date-error", Static)) == ""
    assert Store(data_dir).open().all(Goal) == []


async def test_escape_asks_before_discarding_changes(onboarded: Store, data_dir: Path):
    add_goal(onboarded, "Learn the deploy tooling")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await fill(pilot, "title", "Something else")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # "keep editing"
        await pilot.pause()
        assert isinstance(app.screen, GoalEditor)
        assert app.screen.query_one("#title", Input).value == "Something else"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await settle(app, pilot)
        assert isinstance(app.screen, GoalsScreen)
    assert Store(data_dir).open().all(Goal)[0].title == "Learn the deploy tooling"


async def test_escape_without_changes_closes_at_once(onboarded: Store, data_dir: Path):
    add_goal(onboarded, "Learn the deploy tooling")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)


async def test_filter_and_sort_with_keys_and_header_clicks(onboarded: Store, data_dir: Path):
    add_goal(onboarded, "Beta", target_date=date(2027, 1, 1))
    add_goal(onboarded, "Alpha", target_date=date(2027, 3, 1))
    paused = add_goal(onboarded, "Gamma", target_date=date(2026, 12, 1))
    core.change_status(onboarded, paused.id, "pause", date(2026, 11, 24))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_goals(app, pilot)
        assert rows(screen) == ["Beta", "Alpha"]  # active only, by target date
        await pilot.press("f")  # next tab: achieved
        await pilot.press("f")  # paused
        await pilot.pause()
        assert rows(screen) == ["Gamma"]
        await pilot.click("#filter-all")
        await pilot.pause()
        assert rows(screen) == ["Gamma", "Beta", "Alpha"]
        await pilot.press("s")  # sort by progress, then ...
        await pilot.pause()
        screen.sort_key = "left"
        await pilot.press("s", "s")  # left → rating → title
        await pilot.pause()
        assert screen.sort_key == "title"
        assert rows(screen) == ["Alpha", "Beta", "Gamma"]
        table = screen.query_one(DataTable)
        table.post_message(DataTable.HeaderSelected(table, table.columns["title"].key, 0, table.columns["title"].label))
        await pilot.pause()
        assert rows(screen) == ["Gamma", "Beta", "Alpha"], "a second click on the same heading reverses"


async def test_check_in_from_the_table(onboarded: Store, data_dir: Path):
    goal = add_goal(onboarded, "Learn the deploy tooling")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CheckInDialog)
        await fill(pilot, "progress", "150")
        await pilot.press("enter")
        await pilot.pause()
        assert "0 to 100" in shown_text(app.screen.query_one("#progress-error", Static))
        await fill(pilot, "progress", "35")
        app.screen.query_one("#rating", Select).value = "at-risk"
        await fill(pilot, "note", "Blocked on access")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GoalsScreen)
    stored = Store(data_dir).open().get(Goal, goal.id)
    assert [(c.progress, c.rating, c.note, c.on) for c in stored.check_ins] == [
        (35, TrackRating.AT_RISK, "Blocked on access", date(2026, 11, 24))
    ]


async def test_a_check_in_starts_from_how_the_last_one_felt(onboarded: Store, data_dir: Path):
    goal = add_goal(onboarded, "Learn the deploy tooling")
    core.add_check_in(onboarded, goal.id, 20, TrackRating.OFF_TRACK, "", "2026-11-17", date(2026, 11, 24))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.query_one("#rating", Select).value == "off-track"
        assert "Last time: off-track" in shown_text(app.screen.query_one("#row-rating .form-hint", Static))
        await fill(pilot, "progress", "25")
        await pilot.press("enter")
        await settle(app, pilot)
    stored = Store(data_dir).open().get(Goal, goal.id)
    assert [(c.progress, c.rating) for c in stored.check_ins] == [
        (20, TrackRating.OFF_TRACK),
        (25, TrackRating.OFF_TRACK),
    ]


async def test_achieve_asks_for_the_final_progress_and_the_closing_self_assessment(onboarded: Store, data_dir: Path):
    goal = add_goal(onboarded, "Learn the deploy tooling", self_assessment_start=2)
    checked = add_goal(onboarded, "Checked in before")
    core.add_check_in(onboarded, checked.id, 60, TrackRating.AT_RISK, "", "today", date(2026, 11, 24))
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_goals(app, pilot)
        screen.query_one(DataTable).move_cursor(row=rows(screen).index("Learn the deploy tooling"))
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AchieveDialog)
        assert app.screen.query_one("#progress", Input).value == "100", "no check-in: 100 is offered"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "The final self-assessment: choose 1" in shown_text(
            app.screen.query_one("#closing_assessment-error", Static)
        )
        app.screen.query_one(Select).value = "4"
        app.screen.query_one("#progress", Input).focus()
        await pilot.press("backspace", "backspace", "backspace", *"90", "enter")
        await settle(app, pilot)
        screen.query_one(DataTable).move_cursor(row=rows(screen).index("Checked in before"))
        await pilot.press("A")
        await pilot.pause()
        assert app.screen.query_one("#progress", Input).value == "60", "the last check-in is offered"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen), "untouched: Escape closes at once"
    stored = Store(data_dir).open().get(Goal, goal.id)
    assert stored.status is GoalStatus.ACHIEVED and stored.self_assessment_end == 4
    assert [(c.progress, c.note) for c in stored.check_ins] == [(90, "Achieved")]


async def test_an_achieved_goal_without_a_check_in_shows_as_achieved(onboarded: Store, data_dir: Path):
    goal = add_goal(onboarded, "Achieved long ago")
    core.change_status(onboarded, goal.id, "achieve", date(2026, 11, 20), closing_assessment=4)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_goals(app, pilot)
        await pilot.click("#filter-all")
        await pilot.pause()
        row = screen.query_one(DataTable).get_row_at(0)
        assert "achieved" in str(row[1]) and "0%" not in str(row[1]) and "░" not in str(row[1])
        screen.query_one(DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalDetails)
        summary = shown_text(app.screen.query_one("#goal-summary", Static))
        assert "Progress" in summary and "achieved" in summary and "0%" not in summary


async def test_drop_asks_for_a_reason_pause_and_reactivate(onboarded: Store, data_dir: Path):
    goal = add_goal(onboarded, "Learn the deploy tooling")
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_goals(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert Store(data_dir).open().get(Goal, goal.id).status is GoalStatus.PAUSED
        await pilot.click("#filter-all")
        await pilot.pause()
        screen.query_one(DataTable).focus()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog), "a reason is required"
        await pilot.press(*"Team changed", "enter")
        await settle(app, pilot)
        stored = Store(data_dir).open().get(Goal, goal.id)
        assert stored.status is GoalStatus.DROPPED and stored.status_changes[-1].reason == "Team changed"
        await pilot.press("r")
        await settle(app, pilot)
    assert Store(data_dir).open().get(Goal, goal.id).status is GoalStatus.ACTIVE


async def test_history_shows_check_ins_and_the_trend(onboarded: Store, data_dir: Path):
    goal = add_goal(onboarded, "Learn the deploy tooling")
    for day, progress in ((10, 10), (17, 30), (24, 45)):
        core.add_check_in(
            onboarded, goal.id, progress, TrackRating.ON_TRACK, f"week {day}", f"2026-11-{day}", date(2026, 11, 24)
        )
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_goals(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalDetails)
        history = shown_text(app.screen.query_one("#goal-history", Static))
        assert "Tue 24 Nov 2026  45%  on-track  week 24" in history and "week 10" in history
        assert list(app.screen.query_one("#goal-trend").data) == [10, 30, 45]


async def test_dashboard_lists_active_goals_with_attention_first(onboarded: Store, data_dir: Path):
    add_goal(onboarded, "On track goal", target_date=date(2027, 2, 1))
    late = add_goal(onboarded, "Late goal", target_date=date(2027, 1, 1))
    onboarded.update(Goal, late.id, target_date=date(2026, 11, 1))
    done = add_goal(onboarded, "Finished goal")
    core.change_status(onboarded, done.id, "achieve", date(2026, 11, 24), closing_assessment=5)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        text = shown_text(app.screen.query_one("#goals", Static))
        assert text.index("Late goal") < text.index("On track goal")
        assert "23 d overdue" in text and "Finished goal" not in text
