"""Hostile text in a real data file, and what the terminal would show of it (docs/trust.md).

Every field holds markup that would crash a screen (`[/tmp]`), turn bold (`[b]…[/b]`),
become a link or a click action, and escape sequences. Each field carries its own marker,
so a failure names the field. `check_screen` then looks at what the terminal would get:
the planted text verbatim, no control character, no link or click action from the data.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time

from rich.segment import Segment
from textual.containers import VerticalScroll
from textual.widgets import Input

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
from companion.validation import make_cadence
from tests.conftest import settle
from tests.textual_speed import type_keys

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
    partnership = complete_onboarding(
        store, Profile(name=PROFILE_NAME, role=PROFILE_ROLE), partnership, datetime(2026, 11, 2, 9)
    )
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


async def go(app, pilot, place: str) -> None:
    await app.run_action(f"go('{place}')")
    await settle(app, pilot)
    await pilot.pause()


async def type_text(app, pilot, selector: str, text: str) -> None:
    """Type into an input key by key, as a person would."""
    widget = app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await type_keys(pilot, text)
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
