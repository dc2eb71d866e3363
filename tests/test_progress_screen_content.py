"""What the progress screen shows, with a real app: heatmap, streak tiles, momentum,
candour and value, goals and warnings, for a year of sessions and for none."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from textual.widgets import Sparkline, Tabs

from companion import goals as goal_core
from companion.models import Frequency, Goal, Partnership, Session, TrackRating
from companion.sessions import cancel_session, skip_session
from companion.store import Store
from companion.streaks import PeriodState, report_for
from companion.validation import make_cadence
from screens.app import make_app
from tests.progress_screen_helpers import NOW, SIZE, add_history, open_progress, shows_figure, text_of


def year_partnership(store: Store) -> Partnership:
    """The onboarded partnership moved back a year, so the heatmap fills."""
    start = date(2025, 11, 4)
    store.update(Partnership, 1, start_date=start, cadences=[make_cadence(Frequency.WEEKLY, 1, time(16, 0), start)])
    return store.get(Partnership, 1)


TUESDAY = datetime(2026, 11, 24, 16, 0)
YEAR = "CCCCPPRRHH-CCCZZCCCCCCCCCCCCCRRCC-CCCCCCPPCCCCCCCCRRC"  # 51 weeks, 4 Nov → 20 Oct…


# --- what it shows --------------------------------------------------------------------------


async def test_a_year_of_sessions_fills_the_heatmap_tiles_and_trends(onboarded: Store, data_dir: Path):
    partnership = year_partnership(onboarded)
    pattern = YEAR[:-1] + "C"
    reflected = sum(pattern.count(mark) for mark in "CR")
    ratings = [(4, 3)] * (reflected - 3) + [(5, 5)] * 3
    add_history(onboarded, 1, datetime(2025, 11, 4, 16), pattern, ratings)
    report = report_for(onboarded, partnership, NOW)
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_progress(app, pilot)
        heatmap = text_of(screen, "#heatmap")
        kept = sum(1 for c in report.recent if c.state.level)
        missed = sum(1 for c in report.recent if c.state is PeriodState.MISSED)
        assert f"Met {kept} of {kept + missed} weeks · 2 paused" in heatmap
        assert "missed" in heatmap and "paused" in heatmap and "this week" in heatmap
        assert "Nov" in heatmap and "Jan" in heatmap
        assert shows_figure(screen, "tile-meeting", report.meeting.current)
        assert shows_figure(screen, "tile-prep", report.prep.current)
        assert shows_figure(screen, "tile-reflection", report.reflection.current)
        assert shows_figure(screen, "tile-momentum", round(report.momentum))
        assert f"best {report.meeting.longest}" in text_of(screen, "#tile-meeting")
        assert screen.query_one(Sparkline).data == list(report.momentum_history)
        trends_text = text_of(screen, "#trends")
        assert "Candour" in trends_text and "Value" in trends_text
        assert "5 ↑" in trends_text  # the latest candour, rising
        # The history ends on 3 Nov; the two Tuesdays since were never marked held or skipped.
        assert "2 past sessions are not recorded, the latest on Tue 17 Nov" in text_of(screen, "#progress-banner")
        assert not screen.query(Tabs)


async def test_the_heatmap_has_one_cell_a_week_and_a_legend(onboarded: Store, data_dir: Path):
    year_partnership(onboarded)
    add_history(onboarded, 1, datetime(2025, 11, 4, 16), YEAR)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        lines = text_of(screen, "#heatmap").splitlines()
        report = report_for(onboarded, onboarded.get(Partnership, 1), NOW)
        cells = len(report.recent)
        assert lines[0].rstrip() == lines[1].rstrip()  # two lines tall
        assert len(lines[0].rstrip()) == cells  # one column a week at 80 columns
        assert lines[0].rstrip().endswith("░")  # this week, still to come
        assert "▒▒" in lines[0]  # the paused holiday
        assert "now" in lines[3] and "+ both" in lines[3]


async def test_no_sessions_yet_reads_as_a_start_not_a_failure(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert "No sessions held yet" in text_of(screen, "#heatmap")
        assert "No ratings yet" in text_of(screen, "#trends")
        assert "press 4" in text_of(screen, "#trends")
        assert "No active goals" in text_of(screen, "#progress-goals")
        assert shows_figure(screen, "tile-meeting", 0)
        assert not shows_figure(screen, "tile-meeting", 1)
        # The partnership began three Tuesdays ago: a nudge to record them, not a failure.
        banner = text_of(screen, "#progress-banner")
        assert "3 past sessions are not recorded" in banner and "streak" not in banner


async def test_a_partnership_that_has_not_started_says_when_it_will(onboarded: Store, data_dir: Path):
    start = date(2026, 12, 1)
    onboarded.update(Partnership, 1, start_date=start, cadences=[make_cadence(Frequency.WEEKLY, 1, time(16, 0), start)])
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert "starts on Tuesday 1 December 2026" in text_of(screen, "#heatmap")


async def test_at_risk_shows_the_banner(onboarded: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    add_history(onboarded, 1, datetime(2026, 11, 3, 16), "CCC")
    # Tuesday's session was skipped without a pause: recorded, so "book one" comes first.
    skip_session(onboarded, Session(partnership_id=1, scheduled_at=TUESDAY, slot=TUESDAY), "Ill", now=TUESDAY)
    monkeypatch.setenv("COMPANION_NOW", "2026-11-30T09:00:00")  # Monday; the week ends tomorrow
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        banner = screen.query_one("#progress-banner")
        assert banner.display
        assert "Book this week's session with Sam — last day to keep your 3-week streak." in text_of(
            screen, "#progress-banner"
        )


async def test_stalled_shows_the_banner(onboarded: Store, data_dir: Path):
    year_partnership(onboarded)
    add_history(onboarded, 1, datetime(2025, 11, 4, 16), "CCCCCCCCCC")
    for weeks in range(5):  # the last four weeks recorded (cancelled), so "stalled" comes first
        moment = TUESDAY - timedelta(weeks=weeks)
        cancel_session(onboarded, Session(partnership_id=1, scheduled_at=moment, slot=moment), now=NOW)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert "since you last met Sam" in text_of(screen, "#progress-banner")


async def test_goals_show_progress_bars_those_needing_attention_first(onboarded: Store, data_dir: Path):
    fine = goal_core.save_goal(
        onboarded, Goal(partnership_id=1, title="Pair with an AI assistant", target_date=date(2027, 3, 1)), NOW
    )
    goal_core.add_check_in(onboarded, fine.id, 60, TrackRating.ON_TRACK, "", "today", NOW.date())
    late = goal_core.save_goal(
        onboarded, Goal(partnership_id=1, title="Post in the Discord", target_date=date(2027, 1, 1)), NOW
    )
    goal_core.add_check_in(onboarded, late.id, 10, TrackRating.OFF_TRACK, "", "today", NOW.date())
    done = goal_core.save_goal(onboarded, Goal(partnership_id=1, title="Already achieved"), NOW)
    goal_core.change_status(onboarded, done.id, "achieve", NOW.date(), closing_assessment=4)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        lines = text_of(screen, "#progress-goals").splitlines()
        assert screen.query_one("#progress-goals").border_title == "Active goals (2)"
        assert "10%" in lines[0] and "Post in the Discord" in lines[0]
        assert "60%" in lines[1] and "Pair with an AI" in lines[1]
        assert "━" in lines[0]
        assert not any("Already achieved" in line for line in lines)


async def test_many_goals_end_with_a_pointer_to_the_goals_screen(onboarded: Store, data_dir: Path):
    for number in range(6):
        goal_core.save_goal(onboarded, Goal(partnership_id=1, title=f"Goal {number}"), NOW)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        assert "… and 2 more (press 6)" in text_of(screen, "#progress-goals")


async def test_a_falling_candour_gets_a_word_of_advice(onboarded: Store, data_dir: Path):
    year_partnership(onboarded)
    ratings = [(4, 5)] * 5 + [(4, 2)] * 5
    add_history(onboarded, 1, datetime(2026, 9, 15, 16), "CCCCCCCCCC", ratings)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_progress(app, pilot)
        text = text_of(screen, "#trends")
        assert "2 ↓" in text
        assert "safety check-in" in text
