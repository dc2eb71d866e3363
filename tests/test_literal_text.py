"""Text is literal on every screen (docs/trust.md): whatever a person typed, or a file
brought in, shows exactly as typed, never as markup, and no control character reaches
the terminal.

One real data file is filled with hostile text: every field holds markup that would
crash a screen (`[/tmp]`), turn bold (`[b]…[/b]`), become a link or a click action, and
escape sequences. Each field carries its own marker, so a failure names the field. Then
every screen and dialog is opened with real key presses, and what the terminal would
show is checked: nothing crashed, the planted text is shown verbatim (so no tag was
taken as markup: nothing turned bold), no ESC from the data reaches the output, and
nothing planted became a link or a click action. A static check at the end keeps a
record's text from reaching a widget unescaped.
"""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from companion import actions as action_core
from companion import agenda_edits, clock
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
from companion.partnerships import add_partnership, complete_onboarding
from companion.paths import user_prompts_dir
from companion.prepare import prepare_next, save_agenda
from companion.reflections import finish_reflection
from companion.sessions import hold_session, skip_session
from companion.store import Store
from companion.terminal_text import printable
from companion.validation import make_cadence
from screens.action_dialogs import ActionEditor, WillTryDialog
from screens.actions import ActionsScreen
from screens.agenda import AgendaScreen
from screens.app import make_app
from screens.dashboard import DashboardScreen
from screens.dialogs import ChoiceTextDialog, ConfirmDialog, PickDialog, TextDialog
from screens.goal_dialogs import AchieveDialog, CheckInDialog, GoalDetails, GoalEditor
from screens.goals import GoalsScreen
from screens.help import HelpScreen
from screens.note import NoteDialog
from screens.onboarding import OnboardingScreen
from screens.partnership_dialog import PartnershipDialog
from screens.progress import ProgressScreen
from screens.reflection import ReflectionScreen
from screens.session_dialogs import HoldDialog, SessionDetails, SkipDialog
from screens.sessions import SessionsScreen
from screens.settings import SettingsScreen
from tests.conftest import REPO, settle

SIZE = (100, 40)
HELD_AT = datetime(2026, 11, 17, 16, 0)  # the last session: held, with an agenda and a reflection
SKIPPED_AT = datetime(2026, 11, 10, 16, 0)  # skipped, with a reason


def hostile(marker: str) -> str:
    """Long hostile text for one field: the marker in bold tags first (what a check finds),
    then a tag that crashes the markup parser, a link, a theme variable, a click action,
    a window-title escape and a clear-screen escape."""
    return (
        f"[b]{marker}[/b] [/tmp] [link=https://x.example]L[/link] [$accent] [@click=app.quit]Q[/] \x1b]0;T\x07\x1b[2J"
    )


def hostile_name(marker: str) -> str:
    """The same, short enough for a name (60 characters at most)."""
    return f"[b]{marker}[/b] [/x] [@click=app.quit]Q[/] \x1b[2J"


def shown(marker: str) -> str:
    """What must appear on screen for a field holding `hostile(marker)` or `hostile_name(marker)`."""
    return f"[b]{marker}[/b] [/"


PROFILE_NAME, PROFILE_ROLE = hostile_name("ME"), hostile_name("MYROLE")
PARTNER = hostile_name("PARTNER")
OTHER_PARTNER = "[b]OTHER[/b] [/x] [@click=app.quit]Q[/] [$accent]"  # no ESC: a test types it
NOTE = hostile("NOTE")
GOAL = {
    "title": hostile("GOALTITLE"),
    "why": hostile("GOALWHY"),
    "done_looks_like": hostile("GOALDONE"),
    "my_expectation": hostile("GOALMINE"),
    "partner_expectation": hostile("GOALTHEIRS"),
}
CHECK_IN_NOTE, PAUSE_REASON = hostile("CHECKNOTE"), hostile("PAUSEREASON")
ACTION = hostile("ACTION")
PAST_ITEM, NEXT_ITEM = hostile("PASTITEM"), hostile("NEXTITEM")
BANK_PROMPT = hostile("BANKPROMPT")
SKIP_REASON = hostile("SKIPREASON")
REFLECTION = {
    "learned": hostile("LEARNED"),
    "will_try": hostile("WILLTRY"),
    "surprised": hostile("SURPRISED"),
    "notes": "## Notes\n\n" + hostile("MDNOTES") + "\n\n- a list item " + hostile("MDITEM"),
}
# A file name holds no "/", so no closing tag: an unclosed bold, a variable, a click action.
ODD_BANK_FILE = "[b]ODDBANK [$accent] [@click=app.quit]Q.toml"


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, \\u for control characters)."""
    return json.dumps(text)


def write_user_banks() -> None:
    """The person's own prompt bank, whose prompt text is hostile, and a broken bank file
    with a hostile file name (its warning names the file)."""
    folder = user_prompts_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[bank]\nname = "common"\n\n[[prompt]]\nid = "mine-hostile"\nstance = "both"\n'
        f'section = "explore"\ntags = ["opening"]\ntext = {toml_string(BANK_PROMPT)}\n',
        encoding="utf-8",
    )
    (folder / ODD_BANK_FILE).write_text('[[prompt]]\nid = "x"\n', encoding="utf-8")


def build_hostile_data(store: Store) -> None:
    """Every text field of a real data file holds hostile text."""
    write_user_banks()
    banks = load_banks(user_prompts_dir())
    start = date(2026, 11, 3)
    partnership = Partnership(
        partner_name=PARTNER,
        stance=Stance.MENTEE,
        focus_role=FocusRole.ENGINEER,
        cadences=[make_cadence(Frequency.WEEKLY, 1, time(16, 0), start)],
        session_minutes=45,
        start_date=start,
    )
    complete_onboarding(store, Profile(name=PROFILE_NAME, role=PROFILE_ROLE), partnership, datetime(2026, 11, 2, 9))
    other = replace(
        partnership, partner_name=OTHER_PARTNER, cadences=[make_cadence(Frequency.WEEKLY, 3, time(9, 0), start)]
    )
    add_partnership(store, other, datetime(2026, 11, 2, 9, 30))

    # Last week's session: an agenda with a custom item, held, reflected on.
    before = datetime(2026, 11, 16, 9)
    prepared = prepare_next(store, banks, before)
    assert prepared.session.scheduled_at == HELD_AT
    agenda = agenda_edits.add_item(prepared.agenda, PAST_ITEM, Section.EXPLORE, 45)
    save_agenda(store, prepared.session.id, agenda)
    after = datetime(2026, 11, 17, 17, 30)
    held = hold_session(store, prepared.session.id, now=after)
    finish_reflection(store, held.id, now=after, value=4, candour=3, tags="tag-one tag-two", **REFLECTION)
    skip_session(
        store, Session(partnership_id=partnership.id, scheduled_at=SKIPPED_AT, slot=SKIPPED_AT), SKIP_REASON, now=after
    )

    now = clock.now()
    add_note(store, NOTE, now)
    goal = goal_core.save_goal(store, Goal(partnership_id=partnership.id, tags=["ai", "tooling"], **GOAL), now)
    goal_core.add_check_in(store, goal.id, 30, TrackRating.AT_RISK, CHECK_IN_NOTE, "yesterday", now.date())
    goal_core.change_status(store, goal.id, "pause", now.date(), reason=PAUSE_REASON)
    goal_core.change_status(store, goal.id, "reactivate", now.date())
    action_core.add_action(store, partnership.id, ACTION, Owner.PARTNER, "friday", session_id=held.id, now=now)

    # Today's agenda: the note, the bank's hostile prompt and a custom item.
    prepared = prepare_next(store, banks, now)
    agenda = agenda_edits.add_item(prepared.agenda, NEXT_ITEM, Section.EXPLORE, 45)
    explore = next(i for i in agenda.items if i.source == "prompt" and i.section is Section.EXPLORE)
    agenda = agenda_edits.replace_prompt(agenda, explore.id, banks.prompts["mine-hostile"])
    save_agenda(store, prepared.session.id, agenda)


@pytest.fixture
def hostile_store(store: Store) -> Store:
    build_hostile_data(store)
    return store


# --- what the terminal would show --------------------------------------------------------


def rendered(app) -> tuple[str, list[Segment]]:
    """The current screen as the terminal would get it: its plain text, line by line, and
    every segment (text with its style)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    lines: list[str] = []
    segments: list[Segment] = []
    for line in update.strips:
        text = []
        for strip in line:
            for segment in strip:
                segments.append(segment)
                text.append(segment.text)
        lines.append("".join(text))
    return "\n".join(lines), segments


def check_screen(app, screen_type: type, *markers: str, markdown: bool = False) -> str:
    """The app runs, shows `screen_type`, shows each marker's text verbatim (so its bold
    tags were not taken as markup), and nothing planted became a control sequence, a link
    or a click action. In a Markdown view (`markdown`) a web address is a link by design
    (GitHub-flavoured Markdown), but the planted markup still is not."""
    assert app.return_code is None, "the app stopped"
    assert app._exception is None, f"the app failed: {app._exception!r}"
    assert isinstance(app.screen, screen_type), f"expected {screen_type.__name__}, got {type(app.screen).__name__}"
    text, segments = rendered(app)
    for marker in markers:
        assert shown(marker) in text, f"{marker} is not shown as typed on {screen_type.__name__}:\n{text}"
    for segment in segments:
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in segment.text), (
            f"a control character reached the terminal: {segment.text!r}"
        )
        style = segment.style
        if style is None:
            continue
        assert not style.link, f"a link was made from data: {segment.text!r} → {style.link}"
        click = str(style.meta.get("@click", "")) if style.meta else ""
        assert "app.quit" not in click, f"a click action from data: {segment.text!r}"
        if not (markdown and click == "link('https://x.example')"):
            assert "x.example" not in click, f"a link from data: {segment.text!r}"
    return text


async def check_scrolled(app, pilot, screen_type: type, *markers: str, markdown: bool = False) -> None:
    """`check_screen` for a dialog taller than the terminal: page through its scrolling
    part; each marker must show on some page."""
    scroll = app.screen.query_one(VerticalScroll)
    scroll.scroll_home(animate=False)
    await settle(app, pilot)
    pages = [check_screen(app, screen_type, markdown=markdown)]
    while scroll.scroll_y < scroll.max_scroll_y and len(pages) < 20:
        scroll.scroll_page_down(animate=False)
        await settle(app, pilot)
        pages.append(check_screen(app, screen_type, markdown=markdown))
    for marker in markers:
        assert any(shown(marker) in page for page in pages), f"{marker} is not shown as typed:\n" + "\n".join(pages)


async def press(app, pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(app, pilot)
    await pilot.pause()  # a dialog opened by another's answer


async def type_text(app, pilot, selector: str, text: str) -> None:
    """Type into an input key by key, as a person would."""
    widget = app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await pilot.press(*text)
    await settle(app, pilot)


def toasts(app) -> str:
    """The notifications on screen, as their widgets render them (title and message)."""
    return "\n".join(toast.render().plain for toast in app.screen.query("Toast"))


def check_toast(app, *expected: str) -> None:
    """Each text shows in a notification, as written."""
    shown_toasts = toasts(app)
    for text in expected:
        assert text in shown_toasts, f"{text!r} not in the notifications:\n{shown_toasts}"


TYPED = "[b]TYPED[/b] [/t]"  # what a test types, key by key (short: each key takes a while)


# --- the screens ----------------------------------------------------------------------


async def test_dashboard_help_note_dialog_and_command_palette(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        text = check_screen(app, DashboardScreen, "PARTNER", "NOTE", "GOALTITLE", "ACTION")
        assert "with " + shown("PARTNER") in text  # the header's subtitle

        await press(app, pilot, "question_mark")
        check_screen(app, HelpScreen)
        await press(app, pilot, "escape")

        await press(app, pilot, "n")
        check_screen(app, NoteDialog)
        await type_text(app, pilot, "#note-text", TYPED)
        check_screen(app, NoteDialog)
        await press(app, pilot, "enter")
        check_screen(app, DashboardScreen, "PARTNER", "NOTE", "TYPED")

        await press(app, pilot, "ctrl+p")
        check_screen(app, CommandPalette)
        await pilot.press(*"agenda")
        await settle(app, pilot)
        check_screen(app, CommandPalette)
        await press(app, pilot, "escape")
        check_screen(app, DashboardScreen, "PARTNER")


async def test_agenda_and_its_dialogs(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "a")
        check_screen(app, AgendaScreen, "PARTNER")
        # Loading the banks warned about the broken file, naming it as it is named.
        check_toast(app, ODD_BANK_FILE)
        for text, marker in ((NOTE, "NOTE"), (BANK_PROMPT, "BANKPROMPT"), (NEXT_ITEM, "NEXTITEM")):
            await highlight_item(app, pilot, text)
            check_screen(app, AgendaScreen, marker)

        await press(app, pilot, "enter")  # edit: the text is in an input, as typed
        check_screen(app, TextDialog)
        assert app.screen.query_one(Input).value == printable(NEXT_ITEM)
        await press(app, pilot, "escape")

        await press(app, pilot, "x")  # the question quotes the item
        check_screen(app, ConfirmDialog, "NEXTITEM")
        await press(app, pilot, "n")

        await press(app, pilot, "a")
        check_screen(app, ChoiceTextDialog)
        await type_text(app, pilot, "#dialog-input", TYPED)
        await press(app, pilot, "enter")
        await highlight_item(app, pilot, TYPED)
        check_screen(app, AgendaScreen, "TYPED")

        await press(app, pilot, "f")  # the bank's prompts, the person's own among them
        check_screen(app, PickDialog)
        await pilot.press(*"bankprompt")
        await settle(app, pilot)
        check_screen(app, PickDialog, "BANKPROMPT")
        await press(app, pilot, "escape")

        await press(app, pilot, "w")  # the suggested file name holds the partner's name
        check_screen(app, TextDialog)
        await press(app, pilot, "enter")
        text = check_screen(app, TextDialog)  # the partner's "/" made folders that do not exist
        assert "[b]partner[" in text
        target = Path.home() / "agenda [b]SAVED [$accent] [@click=app.quit]Q.md"  # a file name has no "/"
        app.screen.query_one(Input).value = str(target)
        await press(app, pilot, "enter")
        check_screen(app, AgendaScreen)
        assert target.exists()
        check_toast(app, f"Saved to {target}")

        await press(app, pilot, "w")  # the file exists now: replace it?
        app.screen.query_one(Input).value = str(target)
        await press(app, pilot, "enter")
        question = check_screen(app, ConfirmDialog).replace("│", "").split()
        assert "[b]SAVED [$accent] [@click=app.quit]Q.md exists." in " ".join(question)
        await press(app, pilot, "escape")


async def highlight_item(app, pilot, text: str) -> None:
    """Put the cursor on the agenda item with this text (scrolling it into view)."""
    screen = app.screen
    item_id = next(item.id for item in screen.agenda.items if item.text == text)
    items = screen.query_one(OptionList)
    items.highlighted = next(i for i in range(items.option_count) if items.get_option_at_index(i).id == item_id)
    await settle(app, pilot)


async def test_goals_and_their_dialogs(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "g")
        check_screen(app, GoalsScreen, "GOALTITLE")

        await press(app, pilot, "enter")
        await check_scrolled(
            app, pilot, GoalDetails, "GOALWHY", "GOALDONE", "GOALMINE", "GOALTHEIRS", "CHECKNOTE", "PAUSEREASON"
        )
        await press(app, pilot, "escape")

        await press(app, pilot, "e")
        check_screen(app, GoalEditor)
        assert app.screen.query_one("#title", Input).value == printable(GOAL["title"])
        await type_text(app, pilot, "#tags", "ok, [/tmp]")
        await press(app, pilot, "ctrl+s")  # the problem quotes the typed tag
        text = check_screen(app, GoalEditor)
        assert "“[/tmp]” is not a tag" in text
        await press(app, pilot, "escape")
        check_screen(app, ConfirmDialog)
        await press(app, pilot, "y")

        await press(app, pilot, "A")
        check_screen(app, AchieveDialog, "GOALTITLE")
        await press(app, pilot, "escape")

        await press(app, pilot, "x")
        check_screen(app, TextDialog, "GOALTITLE")
        await press(app, pilot, "escape")

        await press(app, pilot, "c")
        check_screen(app, CheckInDialog, "GOALTITLE")
        await type_text(app, pilot, "#note", TYPED)
        await press(app, pilot, "enter")
        check_screen(app, GoalsScreen, "GOALTITLE")
        check_toast(app, printable(f"Checked in on {GOAL['title']}"))

        await press(app, pilot, "enter")
        await check_scrolled(app, pilot, GoalDetails, "CHECKNOTE", "TYPED")
        await press(app, pilot, "escape")


async def test_sessions_their_dialogs_and_the_reflection(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "s")
        screen = app.screen
        check_screen(app, SessionsScreen, "PARTNER")

        async def select(when: datetime) -> None:
            keys = list(screen.rows)
            row = next(i for i, key in enumerate(keys) if screen.rows[key].scheduled_at == when)
            screen.query_one(DataTable).move_cursor(row=row)
            await settle(app, pilot)

        await select(HELD_AT)
        await press(app, pilot, "enter")
        await check_scrolled(
            app,
            pilot,
            SessionDetails,
            "PARTNER",
            "PASTITEM",
            "LEARNED",
            "WILLTRY",
            "SURPRISED",
            "MDNOTES",
            "MDITEM",
            markdown=True,
        )
        await press(app, pilot, "escape")

        await press(app, pilot, "h")  # the agenda's items to tick
        check_screen(app, HoldDialog, "PASTITEM")
        await press(app, pilot, "escape")

        await select(SKIPPED_AT)
        await press(app, pilot, "enter")
        check_screen(app, SessionDetails, "SKIPREASON", markdown=True)
        await press(app, pilot, "escape")

        await select(datetime(2026, 11, 24, 16, 0))  # today's, planned
        await press(app, pilot, "enter")
        await check_scrolled(app, pilot, SessionDetails, "NOTE", "NEXTITEM", "BANKPROMPT", markdown=True)
        await press(app, pilot, "escape")
        await press(app, pilot, "k")
        check_screen(app, SkipDialog)
        await type_text(app, pilot, "#reason", TYPED)
        check_screen(app, SkipDialog)
        await press(app, pilot, "escape")
        await press(app, pilot, "x")
        check_screen(app, ConfirmDialog)
        await press(app, pilot, "escape")
        await press(app, pilot, "m")
        check_screen(app, TextDialog)
        await press(app, pilot, "escape")
        await press(app, pilot, "n")
        check_screen(app, TextDialog)
        await press(app, pilot, "escape")

        await select(HELD_AT)
        await press(app, pilot, "r")
        check_screen(app, ReflectionScreen, "PARTNER")
        assert app.screen.query_one("#learned", TextArea).text == printable(REFLECTION["learned"])
        await press(app, pilot, "f2")  # the notes as Markdown
        await check_scrolled(app, pilot, ReflectionScreen, "MDNOTES", "MDITEM", markdown=True)
        await press(app, pilot, "ctrl+s")  # finish: offers "what I will try" as actions
        check_screen(app, WillTryDialog, "WILLTRY", "PARTNER")
        await press(app, pilot, "escape")
        check_screen(app, DashboardScreen)


async def test_actions_and_their_dialogs(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "t")
        check_screen(app, ActionsScreen, "ACTION", "PARTNER")

        await press(app, pilot, "e")
        check_screen(app, ActionEditor, "PARTNER")  # the owner is the partner, by name
        assert app.screen.query_one("#text", Input).value == printable(ACTION)
        app.screen.query_one(Select).focus()
        await press(app, pilot, "enter")  # the owner choices, the partner's name among them
        check_screen(app, ActionEditor, "PARTNER")
        await press(app, pilot, "escape")
        await press(app, pilot, "escape")

        await press(app, pilot, "space")
        check_screen(app, ActionsScreen)
        check_toast(app, "Done: " + shown("ACTION"))

        await press(app, pilot, "f", "f")  # all
        await press(app, pilot, "x")
        check_screen(app, ConfirmDialog, "ACTION")
        await press(app, pilot, "y")
        check_screen(app, ActionsScreen)
        check_toast(app, "Deleted: " + shown("ACTION"))

        await press(app, pilot, "ctrl+p")
        check_screen(app, CommandPalette)
        await press(app, pilot, "escape")


async def test_progress_and_its_command_palette(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "p")
        check_screen(app, ProgressScreen, "PARTNER", "OTHER", "GOALTITLE")

        await press(app, pilot, "ctrl+p")
        check_screen(app, CommandPalette, "PARTNER", "OTHER")
        await pilot.press(*"progress")
        await settle(app, pilot)
        check_screen(app, CommandPalette, "PARTNER", "OTHER")
        await press(app, pilot, "escape")

        await press(app, pilot, "right_square_bracket")  # the other partnership
        check_screen(app, ProgressScreen, "PARTNER", "OTHER")


async def test_settings_and_their_dialogs(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "comma")
        screen = app.screen
        check_screen(app, SettingsScreen, "PARTNER")
        assert screen.query_one("#name", Input).value == printable(PROFILE_NAME)
        assert screen.query_one("#role", Input).value == printable(PROFILE_ROLE)
        options = screen.query_one("#partnership-list", OptionList)
        options.scroll_visible()
        await settle(app, pilot)
        check_screen(app, SettingsScreen, "PARTNER", "OTHER")

        screen.query_one("#partner_name", Input).value = OTHER_PARTNER
        await settle(app, pilot)
        await press(app, pilot, "ctrl+s")  # the problem names the other partner
        text = check_screen(app, SettingsScreen)
        assert "You already have a partnership with " + shown("OTHER") in text

        options.highlighted = 1
        await press(app, pilot, "ctrl+o")  # unsaved changes: asks, naming both partners
        check_screen(app, ConfirmDialog, "PARTNER", "OTHER")
        await press(app, pilot, "y")
        check_screen(app, SettingsScreen, "OTHER")
        check_toast(app, "Now showing your partnership with " + shown("OTHER"))

        await press(app, pilot, "ctrl+n")
        check_screen(app, PartnershipDialog)
        await type_text(app, pilot, "#partner_name", TYPED)
        check_screen(app, PartnershipDialog)
        await press(app, pilot, "escape")
        check_screen(app, ConfirmDialog)
        await press(app, pilot, "y")
        check_screen(app, SettingsScreen, "OTHER")


async def test_onboarding_with_hostile_answers(data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        check_screen(app, OnboardingScreen)
        name = "[b]ME[/b] [/t]"
        await type_text(app, pilot, "#name", name)
        await type_text(app, pilot, "#role", "[@click=app.quit]Q")
        await type_text(app, pilot, "#partner_name", "[b]YOU[/b] [/t]")
        for selector, downs in (("#stance", 1), ("#focus_role", 1), ("#weekday", 2)):
            app.screen.query_one(selector, Select).focus()
            await press(app, pilot, "enter", *["down"] * downs, "enter")
        check_screen(app, OnboardingScreen)
        await press(app, pilot, "ctrl+s")
        check_screen(app, DashboardScreen, "YOU")
        check_toast(app, f"Welcome, {name}.")


async def test_app_notifications_name_files_and_errors_as_they_are(hostile_store: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        app.report_save_failure("the file /x/[b]FILE[/b] [/tmp]\x1b[2J", "PermissionError: [/tmp] \x1b]0;T\x07")
        await settle(app, pilot)
        check_screen(app, DashboardScreen)
        check_toast(app, "Could not save the file /x/[b]FILE[/b] [/tmp]␛[2J", "PermissionError: [/tmp] ␛]0;T␇")


# --- a static guard ----------------------------------------------------------------------

# A record's text fields: what a person typed or a file brought in.
TEXT_FIELDS = {
    "text",
    "title",
    "note",
    "notes",
    "reason",
    "skip_reason",
    "partner_name",
    "name",
    "role",
    "why",
    "done_looks_like",
    "my_expectation",
    "partner_expectation",
    "learned",
    "will_try",
    "surprised",
    "warning",
}
# Where a `str` is read as markup (or, for Rich `Text` and `Markdown`, reaches the
# terminal with its control characters).
SINKS = {
    "update",
    "notify",
    "Static",
    "Label",
    "Option",
    "Selection",
    "Tab",
    "Button",
    "Checkbox",
    "Hit",
    "DiscoveryHit",
    "SystemCommand",
    "TextDialog",
    "ConfirmDialog",
    "Text",
    "Markdown",
    "add_row",
}
TITLES = {"border_title", "border_subtitle", "title", "sub_title"}


def record_text_in(node: ast.AST) -> str | None:
    """The record text field `node` shows as it is: `x.title`, or an f-string holding one."""
    if isinstance(node, ast.Attribute) and node.attr in TEXT_FIELDS:
        return ast.unparse(node)
    if isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                found = record_text_in(part.value)
                if found:
                    return found
    return None


def raw_record_text(source: str) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SINKS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    found = record_text_in(arg)
                    if found:
                        problems.append(f"line {node.lineno}: {name}(… {found} …)")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in TITLES:
                    found = record_text_in(node.value)
                    if found:
                        problems.append(f"line {node.lineno}: {target.attr} = … {found} …")
    return problems


INTERFACE = sorted((REPO / "screens").glob("*.py"))


@pytest.mark.parametrize("path", INTERFACE, ids=lambda p: p.name)
def test_no_record_text_reaches_a_widget_raw(path: Path):
    """A record's text goes to a widget, a notification or a title only through
    `screens/text.py` (or `printable`), never as it is or inside an f-string."""
    assert raw_record_text(path.read_text(encoding="utf-8")) == []


def test_the_guard_notices_raw_record_text():
    assert raw_record_text('Static(f"Goal: {goal.title}")') == ["line 1: Static(… goal.title …)"]
    assert raw_record_text('self.notify(f"Deleted: {action.text}")')
    assert raw_record_text('box.border_title = f"Check in: {self.goal.title}"')
    assert raw_record_text("grid.add_row(Text(note.text))")
    assert raw_record_text("grid.add_row(day, note.text)")
    assert not raw_record_text('notify_literal(self, f"Deleted: {action.text}")')
    assert not raw_record_text('Static(markup("Goal: $title", title=goal.title))')
    assert not raw_record_text('self.notify(f"Moved to {when}.")')
