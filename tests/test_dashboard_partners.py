"""The dashboard with three partners, in one app run at 80×24: a row per other partner
(name, next session, readiness, what it needs), a banner for another partner's need that
comes before the current partner's own, everything on screen (on the snapshot tests' data,
with its panels filled); and both follow a change of the current partner made elsewhere."""

from __future__ import annotations

from pathlib import Path

from companion.partnerships import switch_partnership
from companion.store import Store
from screens.app import make_app
from tests.conftest import settle, shown_text
from tests.partners_helpers import add_other_partners
from tests.snapshot_helpers import build_snapshot_data


async def test_dashboard_shows_every_other_partner(store: Store, data_dir: Path):
    build_snapshot_data(store)  # Sam: today's agenda not ready, a reflection waiting, goals, notes
    dana, _priya = add_other_partners(store)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        partners, banner = screen.query_one("#partners"), screen.query_one("#partner-banner")
        assert partners.border_title == "Other partners (2)"
        assert [row.split() for row in shown_text(partners).splitlines()] == [
            "Dana Ruiz Tue 1 Dec 10:00 7 days left to prepare 3 Nov unrecorded".split(),
            "Priya Shah Thu 26 Nov 14:00 2 days left to prepare".split(),
        ]
        assert banner.display
        assert shown_text(banner) == "Dana Ruiz also needs you: 3 Nov unrecorded  press 9 to switch"
        assert "Sam" in shown_text(screen.query_one("#next-session"))  # the current partner, in full
        body = screen.query_one("#dashboard")
        assert body.max_scroll_y == 0, "three partners still fit 80×24"
        for selector in ("#partner-banner", "#next-session", "#goals", "#actions", "#notes", "#partners"):
            assert body.region.contains_region(screen.query_one(selector).region), selector

        switch_partnership(store, dana.id)  # as another process (the settings of a second window)
        app.poll_for_outside_changes()
        await settle(app, pilot)
        assert "Dana Ruiz" in shown_text(screen.query_one("#next-session"))
        assert [row.split()[0] for row in shown_text(partners).splitlines()] == ["Sam", "Priya"]
        assert not banner.display, "Dana's unrecorded session is the most urgent: nothing outranks it"
