"""Snapshot machinery: every view at both sizes and in both themes from one running app
(docs/testing.md).

`snap_compare` starts an app for each picture. Here one app shows a screen, then takes
it at 80×24 and 120×40, in the dark and the light theme, by resizing the terminal and
switching the theme in place. Each picture is compared with syrupy's `snapshot` through
pytest-textual-snapshot's SVG extension, and each mismatch is written where the plugin
builds its HTML diff report, so a failure reads the same as one from `snap_compare`.

The pictures are stable: the clock is pinned (COMPANION_NOW, set by the conftest), the data
is built here from fixed values in a folder with the same (relative) name in every run,
agenda prompts are picked with a seed kept per session, notifications are off (`run_test`'s
default), and cursors are held still before each picture.
"""

from __future__ import annotations

import inspect
import os
import pickle
from datetime import date, datetime, time

from pytest_textual_snapshot import PseudoApp, PseudoConsole, SVGImageExtension, node_to_report_path
from rich.console import Console
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from companion import actions as action_core
from companion import agenda_edits
from companion import goals as goal_core
from companion.banks import load_banks
from companion.models import (
    FocusRole,
    Frequency,
    Goal,
    Owner,
    Partnership,
    Profile,
    Section,
    Session,
    Stance,
    TrackRating,
)
from companion.notes import add_note
from companion.partnerships import complete_onboarding
from companion.paths import user_prompts_dir
from companion.prepare import prepare_next, save_agenda
from companion.reflections import finish_reflection, save_draft
from companion.sessions import hold_session, skip_session
from companion.store import Store
from companion.validation import make_cadence
from tests.conftest import settle

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
THEMES = {"dark": "textual-dark", "light": "textual-light"}  # the app's default theme is dark
# Each view at both sizes and in both themes, in two pictures: what goes wrong with a size
# (a cut line, a wrap) does so in either theme, and a colour wrong in one theme is wrong at
# every size. With four pictures a view this was the suite's longest file; two take a fifth less.
VARIANTS = (("80x24", "dark"), ("120x40", "light"))

# The conftest pins the clock to Tuesday 24 November 2026, 10:00; Alex meets Sam on
# Tuesdays at 16:00, starting on 3 November.
START = date(2026, 11, 3)
FIRST_HELD = datetime(2026, 11, 3, 16, 0)  # held, reflected on
SKIPPED = datetime(2026, 11, 10, 16, 0)  # skipped: Sam was away
LAST_HELD = datetime(2026, 11, 17, 16, 0)  # held, the reflection still a draft
TODAY = datetime(2026, 11, 24, 10, 0)  # today's session at 16:00 has an agenda, not yet ready


def build_snapshot_data(store: Store) -> None:
    """A small, fixed history: three weeks of sessions, agendas, a reflection and a draft,
    notes, goals with check-ins and action items."""
    banks = load_banks(user_prompts_dir())
    partnership = Partnership(
        partner_name="Sam",
        stance=Stance.MENTEE,
        focus_role=FocusRole.ENGINEER,
        cadences=[make_cadence(Frequency.WEEKLY, 1, time(16, 0), START)],
        session_minutes=45,
        start_date=START,
    )
    partnership_id = complete_onboarding(
        store, Profile(name="Alex", role="Staff engineer"), partnership, datetime(2026, 11, 2, 9)
    ).id
    assert partnership_id is not None

    first = prepare_next(store, banks, datetime(2026, 11, 2, 9, 30)).session
    assert first.scheduled_at == FIRST_HELD
    held = hold_session(store, first.id, now=datetime(2026, 11, 3, 17, 0))
    finish_reflection(
        store,
        held.id,
        now=datetime(2026, 11, 3, 17, 30),
        value=4,
        candour=3,
        tags="ai tooling",
        learned="Sam reviews code with an assistant first and only then reads it line by line.",
        will_try="Ask the assistant to explain a diff before I review it.",
        surprised="How much of the team's chat happens in threads I never open.",
        notes="## Follow up\n\n- the team's prompt library\n- pairing on Friday",
    )
    skip_session(store, Session(partnership_id=partnership_id, scheduled_at=SKIPPED, slot=SKIPPED), "Sam was away")

    prepared = prepare_next(store, banks, datetime(2026, 11, 16, 9, 0))
    assert prepared.session.scheduled_at == LAST_HELD
    agenda = agenda_edits.add_item(prepared.agenda, "How Sam's team writes release notes", Section.EXPLORE, 10)
    save_agenda(store, prepared.session.id, agenda)
    last = hold_session(store, prepared.session.id, now=datetime(2026, 11, 17, 17, 0))
    save_draft(store, last.id, now=datetime(2026, 11, 17, 17, 10), learned="Release notes can be written by a bot.")

    goal = goal_core.save_goal(
        store,
        Goal(
            partnership_id=partnership_id,
            title="Use an AI assistant on real work",
            why="Half the team already does; I review their output blind.",
            done_looks_like="One feature built with it, and a short write-up.",
            my_expectation="Show me your daily habits.",
            partner_expectation="Honest questions, even basic ones.",
            target_date=date(2027, 2, 26),
            tags=["ai"],
        ),
        datetime(2026, 11, 3, 17, 40),
    )
    goal_core.add_check_in(store, goal.id, 30, TrackRating.AT_RISK, "Busy release week.", "yesterday", TODAY.date())
    goal_core.save_goal(
        store,
        Goal(partnership_id=partnership_id, title="Follow the team's chat in threads", tags=["community"]),
        datetime(2026, 11, 17, 17, 20),
    )
    action_core.add_action(
        store, partnership_id, "Ask the assistant to explain a diff", Owner.ME, "friday", session_id=held.id, now=TODAY
    )
    action_core.add_action(store, partnership_id, "Send Alex the prompt library", Owner.PARTNER, "monday", now=TODAY)
    add_note(store, "Ask how Sam keeps up with new tools", TODAY)
    add_note(store, "Bring the release-notes draft", TODAY)
    prepare_next(store, banks, TODAY)
    # The settings screen lists backups with their files' times: the real clock's, unless set.
    for backup in store.backups():
        os.utime(backup, (TODAY.timestamp(), TODAY.timestamp()))


async def settle_loading(app, pilot) -> None:
    """`settle`, where a screen may be replaced while it loads: its worker is then cancelled
    (the reflection's loading screen), which is no failure."""
    try:
        await settle(app, pilot)
    except WorkerCancelled:
        await settle(app, pilot)


def still_cursors(app) -> None:
    """Hold every text cursor still (shown where focused), so a picture never catches a blink."""
    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            if isinstance(widget, (Input, TextArea)):
                widget.cursor_blink = False


class Snapshots:
    """Compares each view of one running app at both sizes and in both themes with its snapshots."""

    def __init__(self, snapshot, request, app, pilot):
        self.snapshot = snapshot.use_extension(SVGImageExtension)
        self.request = request
        self.app = app
        self.pilot = pilot
        self.mismatched: list[str] = []

    async def check(self, view: str) -> None:
        """Take the current screen as `view` in each variant (files named
        `<test>[<view>-<size>-<theme>].svg`), then go back to 80×24 dark.

        The order is fixed, so a picture never depends on the views taken before it (a
        screen under a dialog keeps the layout of the sizes it went through). A theme
        change restyles every widget, the costliest step: each view changes it twice."""
        for size, theme in VARIANTS:
            await self.show(*SIZES[size], THEMES[theme])
            self.compare(f"{view}-{size}-{theme}")
        await self.show(*SIZES["80x24"], THEMES["dark"])

    async def show(self, width: int, height: int, theme: str) -> None:
        app, pilot = self.app, self.pilot
        if app.size != (width, height):
            await pilot.resize_terminal(width, height)
        if app.theme != theme:
            app.theme = theme
        still_cursors(app)
        await settle_loading(app, pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    def compare(self, name: str) -> None:
        actual = self.app.export_screenshot(title=self.app.title)
        snapshot = self.snapshot
        matched = snapshot(name=name) == actual
        self.report(name, matched, actual)
        if not matched:
            self.mismatched.append(name)

    def report(self, name: str, matched: bool, actual: str) -> None:
        """What pytest-textual-snapshot records for its HTML report, one file per picture."""
        snapshot = self.snapshot
        index = snapshot.num_executions - 1
        result = snapshot.executions.get(index)
        exists = result is not None and result.final_data is not None
        node = self.request.node
        path, line, test_name = node.reportinfo()
        console = Console(legacy_windows=False, force_terminal=True)
        data = (
            matched,
            str(snapshot),
            actual,
            PseudoApp(PseudoConsole(console.legacy_windows, console.size)),
            path,
            line,
            f"{test_name}[{name}]",
            inspect.getdoc(node.function) or "",
            "",
            exists,
        )
        report_path = node_to_report_path(node)
        report_path.with_name(f"{report_path.name}_{name}").write_bytes(pickle.dumps(data))

    def assert_all_matched(self) -> None:
        assert not self.mismatched, (
            f"Pictures that differ from their snapshots ({len(self.mismatched)}): {', '.join(self.mismatched)}. "
            "Open snapshot_report.html to compare them; if the change is intended, accept it with "
            "`pytest --snapshot-update` (docs/testing.md)."
        )
