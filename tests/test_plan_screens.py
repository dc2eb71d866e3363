"""Plans on screen, with real keys: answering "Did it happen?" in the hold dialog, the
offer to keep, change or drop, and the hint and nudge under "What I will try"."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Select, TextArea

from companion.models import ActionItem, FocusRole, PlanOutcome, Stance
from companion.plans import EXAMPLES
from companion.store import Store
from screens.app import make_app
from screens.dialogs import PickDialog, TextDialog
from screens.reflection import ReflectionScreen
from screens.session_dialogs import HoldDialog
from screens.sessions import SessionsScreen
from tests.conftest import read_tables, settle, shown_text
from tests.plan_helpers import PLAN, first_session_with_plan, hold_answering, next_agenda

SIZE = (100, 36)


async def answer(pilot, select: Select, downs: int) -> None:
    """Open a plan's choice and take the answer `downs` rows below the blank one."""
    select.focus()
    await pilot.pause()
    await pilot.press("enter", *["down"] * downs, "enter")
    await pilot.pause()


async def test_did_it_happen_is_answered_in_the_hold_dialog_and_kept_in_the_file(
    onboarded: Store, data_dir, monkeypatch
):
    _, action = first_session_with_plan(onboarded)
    hold_answering(onboarded, next_agenda(onboarded, 1), {action.id: PlanOutcome.NOT_YET})
    second = next_agenda(onboarded, 2)
    monkeypatch.setenv("COMPANION_NOW", (second.session.scheduled_at + timedelta(hours=1)).isoformat())
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.run_action("go('sessions')")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)
        assert app.screen.selected().id == second.session.id
        await pilot.press("h")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, HoldDialog)
        select = dialog.query_one(f"#plan-{action.id}", Select)
        assert select.value is Select.NULL  # unanswered until answered
        assert PLAN in shown_text(dialog.query_one(".plan-row Static"))
        await answer(pilot, select, 3)
        assert select.value == PlanOutcome.NOT_YET
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        # Not yet, twice: offered to keep, change or drop; change it.
        assert isinstance(app.screen, PickDialog)
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("end", *" with Sam", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionsScreen)

        # Reflecting on it: the hint has an engineer's example, and a line without a moment
        # gets a nudge that goes once the line has one.
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ReflectionScreen)
        screen = app.screen
        hint = shown_text(screen.query_one("#will_try-hint"))
        assert any(example in hint for example in EXAMPLES[(FocusRole.ENGINEER, Stance.MENTEE)])
        nudge = screen.query_one("#will_try-nudge")
        assert shown_text(nudge).strip() == ""
        screen.query_one("#will_try", TextArea).focus()
        await pilot.press(*"Read the guide")
        await pilot.pause()
        assert "When …, I will read the guide" in shown_text(nudge)
        await pilot.press("home", *"When I am stuck, I will ")
        await pilot.pause()
        assert shown_text(nudge).strip() == ""

    stored = Store(data_dir).open().get(ActionItem, action.id)
    assert [a.outcome for a in stored.plan_answers] == [PlanOutcome.NOT_YET, PlanOutcome.NOT_YET]
    assert stored.text == PLAN + " with Sam" and stored.done_on is None
    tables, _ = read_tables(data_dir / "companion.json")
    doc = tables["actions"][str(action.id)]
    assert [a["outcome"] for a in doc["plan_answers"]] == ["not-yet", "not-yet"]
    assert doc["plan_answers"][-1]["session_id"] == second.session.id
