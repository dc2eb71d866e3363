"""Every dialog behaves alike (screens/dialogs.py, `FormDialog`): Ctrl+S saves or shows
what is wrong, Enter submits a single-line dialog, Escape closes an untouched dialog at
once and asks before dropping what was typed. Viewers and questions close on Escape.

`DIALOGS` lists every modal screen in `screens/`; a new one fails
`test_every_dialog_is_walked` until it is added here."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import datetime
from pathlib import Path

import pytest
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

import screens
from companion.goals import save_goal
from companion.models import Goal, Partnership, Session
from companion.notes import add_note
from companion.reflections import ReflectionCandidate
from companion.sessions import hold_session
from companion.store import Store
from screens.action_dialogs import ActionEditor, WillTryDialog
from screens.agenda import SECTION_CHOICES
from screens.agenda_dialogs import AgendaItemDialog, ItemForm
from screens.agreement_dialog import AgreementDialog
from screens.app import make_app
from screens.base import CompanionDialog
from screens.cycle_dialog import CycleSummaryDialog
from screens.dialogs import ConfirmDialog, FormDialog, PickDialog, TextDialog
from screens.export_dialog import ExportDialog
from screens.goal_dialogs import AchieveDialog, CheckInDialog, GoalDetails, GoalEditor
from screens.help import HelpScreen
from screens.history import RecordDialog
from screens.import_dialog import ImportDialog
from screens.note import NoteDialog
from screens.note_editor import NoteEditor
from screens.partnership_dialog import PartnershipDialog
from screens.reflect_choice import CandidatesDialog, TookPlaceDialog
from screens.session_dialogs import HoldDialog, SessionDetails, SkipDialog
from screens.share_dialog import ShareDialog
from tests.conftest import settle, shown_text

LAST_WEEK = datetime(2026, 11, 17, 16, 0)

# kind: "form" (typed text asks before Escape drops it), "line" (a form of one line: Enter
# submits too), "search" (what is typed only narrows a list), "viewer", "question".
# field: where to type. make(store) builds the dialog.
DIALOGS = {
    TextDialog: ("line", "#dialog-input", lambda store: TextDialog("Name it")),
    AgendaItemDialog: (
        "form",
        "#item-text",
        lambda store: AgendaItemDialog(
            ItemForm("", SECTION_CHOICES[0][1], "5"), sections=SECTION_CHOICES, minutes_limit=20
        ),
    ),
    NoteDialog: ("line", "#note-text", lambda store: NoteDialog()),
    PickDialog: ("search", "#dialog-search", lambda store: PickDialog("Pick", [("1", "one", "the first")])),
    GoalEditor: ("form", "#title", lambda store: GoalEditor(1)),
    CheckInDialog: ("form", "#progress", lambda store: CheckInDialog(a_goal(store))),
    AchieveDialog: ("form", "#progress", lambda store: AchieveDialog(a_goal(store))),
    ActionEditor: ("form", "#text", lambda store: ActionEditor(store.get(Partnership, 1))),
    WillTryDialog: ("form", "#due-0", lambda store: WillTryDialog(a_held_session(store).id, "Try pairing")),
    PartnershipDialog: ("form", "#partner_name", lambda store: PartnershipDialog()),
    AgreementDialog: ("form", "#i_want", lambda store: AgreementDialog(store.get(Partnership, 1))),
    HoldDialog: ("form", "#duration", lambda store: HoldDialog(a_held_session(store), 45)),
    SkipDialog: ("line", "#reason", lambda store: SkipDialog()),
    ExportDialog: ("line", "#export-path", lambda store: ExportDialog()),
    ImportDialog: ("line", "#import-path", lambda store: ImportDialog()),
    ShareDialog: ("line", "#share-path", lambda store: ShareDialog(store.get(Partnership, 1))),
    GoalDetails: ("viewer", None, lambda store: GoalDetails(a_goal(store))),
    SessionDetails: ("viewer", None, lambda store: SessionDetails(a_held_session(store), store.get(Partnership, 1))),
    HelpScreen: ("viewer", None, lambda store: HelpScreen()),
    RecordDialog: ("viewer", None, lambda store: RecordDialog("### A note\n\nAsk")),
    CycleSummaryDialog: ("viewer", None, lambda store: CycleSummaryDialog(store.get(Partnership, 1))),
    ConfirmDialog: ("question", None, lambda store: ConfirmDialog("Sure?")),
    CandidatesDialog: (
        "viewer",
        None,
        lambda store: CandidatesDialog([ReflectionCandidate(a_held_session(store), store.get(Partnership, 1))]),
    ),
    NoteEditor: (
        "viewer",
        None,
        lambda store: NoteEditor(add_note(store, "Ask", LAST_WEEK)[0], store.all(Partnership)),
    ),
    TookPlaceDialog: (
        "viewer",
        None,
        lambda store: TookPlaceDialog(Session(partnership_id=1, scheduled_at=LAST_WEEK), store.get(Partnership, 1)),
    ),
}


def a_goal(store: Store) -> Goal:
    return store.all(Goal)[0] if store.all(Goal) else save_goal(store, Goal(partnership_id=1, title="Learn"), LAST_WEEK)


def a_held_session(store: Store) -> Session:
    found = store.all(Session)
    ref = found[0] if found else Session(partnership_id=1, scheduled_at=LAST_WEEK, slot=LAST_WEEK)
    return hold_session(store, ref, now=LAST_WEEK)


def modal_screens() -> set[type]:
    for module in pkgutil.iter_modules(screens.__path__):
        importlib.import_module(f"screens.{module.name}")
    found: set[type] = set()
    pending = [ModalScreen]
    while pending:
        for cls in pending.pop().__subclasses__():
            pending.append(cls)
            if cls.__module__.startswith("screens."):
                found.add(cls)
    return found - {CompanionDialog, FormDialog}  # the bases


def test_every_dialog_is_walked():
    assert modal_screens() == set(DIALOGS)


def typed_in(field) -> str:
    return field.text if isinstance(field, TextArea) else field.value


def shows_problem(dialog) -> bool:
    shown = any(True for _ in dialog.query(".field-error.-shown"))
    messages = [shown_text(s) for s in dialog.query(Static) if s.id in ("dialog-error", "note-error")]
    return shown or any(m.strip() for m in messages)


# Viewers and questions have one convention (Escape closes them at once): one app run walks
# them all; every dialog that takes typing gets an app run of its own.
CLOSE_ONLY = [c for c, (kind, _, _) in DIALOGS.items() if kind in ("viewer", "question")]


async def test_viewers_and_questions_close_on_escape(onboarded: Store, data_dir: Path):
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for dialog_class in CLOSE_ONLY:
            kind, _, make = DIALOGS[dialog_class]
            name, results = dialog_class.__name__, []
            dialog = make(onboarded)
            app.push_screen(dialog, results.append)
            await pilot.pause()
            assert app.screen is dialog, f"{name} opens"
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, dialog_class), f"{name}: Escape closes it at once"
            assert results == [False if kind == "question" else None], name


@pytest.mark.parametrize("dialog_class", [c for c in DIALOGS if c not in CLOSE_ONLY], ids=lambda c: c.__name__)
async def test_dialog_keys(onboarded: Store, data_dir: Path, dialog_class):
    kind, field, make = DIALOGS[dialog_class]
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        results: list = []

        async def open_dialog():
            dialog = make(onboarded)
            app.push_screen(dialog, results.append)
            await pilot.pause()
            assert app.screen is dialog
            return dialog

        await open_dialog()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, dialog_class), "untouched: Escape closes at once"
        assert results == [None]

        dialog = await open_dialog()
        dialog.query_one(field).focus()
        await pilot.press(*"7q")
        if kind == "search":
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, dialog_class), "a search is not worth asking about"
            return
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), "typed: Escape asks first"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is dialog and typed_in(dialog.query_one(field)).endswith("7q"), "kept as typed"

        await pilot.press("enter" if kind == "line" else "ctrl+s")
        await settle(app, pilot)
        if app.screen is dialog:
            assert shows_problem(dialog), "Ctrl+S (or Enter) either saves or says what is wrong"
            await pilot.press("escape", "y")
            await pilot.pause()
        assert not isinstance(app.screen, dialog_class | ConfirmDialog)


async def test_ctrl_s_saves_a_check_in_and_enter_a_skip(onboarded: Store, data_dir: Path):
    goal = a_goal(onboarded)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        results: list = []
        app.push_screen(CheckInDialog(goal), results.append)
        await pilot.pause()
        await pilot.press("backspace", *"40", "ctrl+s")
        await pilot.pause()
        assert results[-1][0] == "40"
        app.push_screen(SkipDialog(), results.append)
        await pilot.pause()
        await pilot.press(*"Holiday", "enter")  # asks whether to pause first
        await pilot.pause()
        await pilot.press("down", "enter", "ctrl+s")  # no pause
        await pilot.pause()
        assert results[-1] == ("Holiday", False)
