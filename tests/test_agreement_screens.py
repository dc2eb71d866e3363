"""The agreement on screen, with real keys at 80×24: asked after the first-run questions
(skipped with Escape, or filled in), and written or changed from settings, each saved to
the data file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Static

from companion.models import Partnership
from companion.store import Store
from screens.agreement_dialog import AgreementDialog
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.settings import SettingsScreen
from tests.conftest import settle, shown_text
from tests.test_app import fill_onboarding, type_into

SIZE = (80, 24)


async def _onboard(app, pilot) -> None:
    await fill_onboarding(pilot)
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert isinstance(app.screen, AgreementDialog), "the agreement is asked after the first-run questions"
    assert str(app.screen.query_one("#cancel", Button).label) == "Skip"


async def test_first_run_agreement_skipped_with_escape(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _onboard(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        review = str(app.screen.query_one("#next-session", Static).border_subtitle)
        assert "Review of this cycle: Wed 24 Feb" in review  # three months from today, 24 Nov
    (partnership,) = Store(data_dir).open().all(Partnership)
    assert partnership.agreement is None
    assert partnership.current_cycle.number == 1 and partnership.current_cycle.months == 3


async def test_first_run_agreement_filled_then_changed_in_settings(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _onboard(app, pilot)
        await type_into(pilot, "#i_want", "straight answers")
        await type_into(pilot, "#reset_phrase", "can we pause")
        await type_into(pilot, "#months", "6")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Review of this cycle: Mon 24 May" in str(app.screen.query_one("#next-session", Static).border_subtitle)
        stored = Store(data_dir).open().all(Partnership)[0]
        assert stored.agreement is not None and stored.agreement.reset_phrase == "can we pause"
        assert stored.current_cycle.months == 6

        await app.run_action("go('settings')")
        await settle(app, pilot)
        assert isinstance(app.screen, SettingsScreen)
        summary = shown_text(app.screen.query_one("#agreement-summary", Static))
        assert 'Reset phrase: "can we pause"' in summary and "Cycle 1, 6 months" in summary
        app.screen.query_one("#edit-agreement", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, AgreementDialog)
        assert app.screen.query_one("#i_want").value == "straight answers"
        await type_into(pilot, "#partner_wants", "how decisions get made")
        await type_into(pilot, "#review_on", "2027-04-30")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert "Fri 30 Apr" in shown_text(app.screen.query_one("#agreement-summary", Static))

    stored = Store(data_dir).open().all(Partnership)[0]
    assert stored.agreement is not None
    assert (stored.agreement.i_want, stored.agreement.partner_wants) == ("straight answers", "how decisions get made")
    assert stored.current_cycle.review_on.isoformat() == "2027-04-30"
