"""The Textual app: where you can go (`PLACES`), global keys, theme, saving off the
interface thread, and noticing changes made elsewhere.

Only `screens/` imports Textual; `companion/` is plain Python that the command line uses
without it, and opens this app lazily (see docs/architecture.md).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from companion.crash_log import write_crash_log
from companion.errors import CompanionError
from companion.partnerships import is_onboarded, load_settings, save_settings
from companion.paths import data_dir as default_data_dir
from companion.paths import user_prompts_dir
from companion.store import Store
from companion.terminal_text import printable
from screens.base import CompanionDialog, CompanionScreen, DataChanged
from screens.commands import ScreenCommands
from screens.hangup import CHECK_SECONDS, LEAVING_SECONDS, give_up_after, hung_up, on_leaving_signals, terminal_fd
from screens.keys import read_keymap
from screens.partner_switch import PartnerSwitcher
from screens.places import HELP, PLACE, PLACES, SWITCH_PARTNER

POLL_SECONDS = 2.0
DEMO_NOTICE = "demo: changes vanish when you quit"


class CompanionApp(App[int]):
    """Companion's terminal interface."""

    TITLE = "Companion"
    # Classes every screen gets by terminal size, for the stylesheets to fit small terminals
    # (docs/architecture.md, "Screens"): -narrow under 80 columns, -short under 20 rows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    CSS_PATH = "app.tcss"
    BINDINGS = [
        *(
            Binding(
                place.keys,
                f"go('{place.name}')",
                place.label,
                id=place.binding_id,
                tooltip=place.tooltip,
                show=place.name != "new_note",  # the dashboard shows its own `n`
            )
            for place in PLACES
        ),
        Binding(
            SWITCH_PARTNER.keys,
            "switch_partner",
            SWITCH_PARTNER.label,
            id=SWITCH_PARTNER.name,
            tooltip=SWITCH_PARTNER.tooltip,
        ),
        Binding(HELP.keys, "help", HELP.label, id="help", tooltip=HELP.tooltip),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False, tooltip="Quit Companion"),
    ]
    COMMANDS = {ScreenCommands}

    def __init__(self, store: Store, *, demo_mode: bool = False, reflect_on: Any = None):
        super().__init__()
        self.store = store
        self.demo_mode = demo_mode
        self.reflect_on = reflect_on  # the ReflectionCandidates to reflect on, at start
        self._saved_theme: str | None = None
        self._pending_lock = threading.Lock()
        self._pending: dict[str, tuple[Callable[[], Any], str]] = {}
        self._saving: set[str] = set()
        self._banks: Any = None  # the prompt banks, loaded on first use
        self._data_problem: str | None = None  # the data file problem last reported
        self.crash_log: Path | None = None
        self.partner_switch = PartnerSwitcher(self)
        self._leaving = False

    # start-up -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.apply_keymap()
        settings = load_settings(self.store)
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self._saved_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.demo_mode:
            self.sub_title = DEMO_NOTICE
        self.set_interval(POLL_SECONDS, self.poll_for_outside_changes, name="poll")
        self.watch_terminal()
        if is_onboarded(self.store):
            self.show_dashboard()
            if self.reflect_on is not None:
                from screens.reflect_choice import reflect_on_choices

                reflect_on_choices(self, self.reflect_on)
        else:
            from screens.onboarding import OnboardingScreen

            self.push_screen(OnboardingScreen())

    def show_partner(self, partner_name: str) -> None:
        """The header's subtitle: who the partnership is with, after the demo's notice (which
        the partner's name used to replace as soon as the dashboard appeared)."""
        self.sub_title = self.partner_subtitle(partner_name)

    def partner_subtitle(self, partner_name: str, aside: str = "") -> str:
        """ "with Dana Ruiz", after the demo's notice, and `aside` after it: a screen showing
        a partnership other than the current one sets this as its own subtitle."""
        partner = printable(f"with {partner_name}" + (f" · {aside}" if aside else ""), one_line=True)
        return f"{DEMO_NOTICE} · {partner}" if self.demo_mode else partner

    def apply_keymap(self) -> None:
        """The person's own keys from config.toml; a problem is said in one line and the
        app goes on with the keys it could use (docs/keys.md)."""
        keymap = read_keymap()
        if keymap.keys:
            self.set_keymap(keymap.keys)
        if keymap.message:
            self.notify(printable(keymap.message), title="Key settings", severity="warning", timeout=30, markup=False)

    def show_dashboard(self) -> None:
        self.show(PLACE["dashboard"].screen_type())

    def show(self, screen_type: type[Screen]) -> None:
        """Make a main screen current (dialogs on top are closed)."""
        while isinstance(self.screen, ModalScreen):
            self.pop_screen()
        if isinstance(self.screen, screen_type):
            return
        if len(self.screen_stack) > 1:
            self.switch_screen(screen_type())
        else:
            self.push_screen(screen_type())

    # saving off the interface thread -----------------------------------------------

    def save_in_background(
        self,
        work: Callable[[], Any],
        on_saved: Callable[[Any], None] | None = None,
        *,
        on_failed: Callable[[], None] | None = None,
        what: str = "your changes",
    ) -> Worker:
        """Run a store write in a thread; a failure is reported and the screen keeps its input."""

        def run() -> None:
            try:
                result = work()
            except Exception as error:  # noqa: BLE001 - every failure must reach the user
                message = str(error) if isinstance(error, CompanionError) else f"{type(error).__name__}: {error}"
                self.call_from_thread(self.report_save_failure, what, message, on_failed)
                return
            if on_saved is not None:
                self.call_from_thread(on_saved, result)

        return self.run_worker(run, thread=True, group="save", exit_on_error=False, description=what)

    def save_latest(self, key: str, work: Callable[[], Any], *, what: str) -> None:
        """Save where only the newest version matters (each call writes a whole record).

        Saves for one key run one after another in a single thread, newest last, and a
        burst of edits collapses into fewer writes. A failed save is reported; the next
        edit saves everything again, so nothing on screen is lost.
        """
        with self._pending_lock:
            self._pending[key] = (work, what)
            if key in self._saving:
                return
            self._saving.add(key)

        def run() -> None:
            while True:
                with self._pending_lock:
                    job = self._pending.pop(key, None)
                    if job is None:
                        self._saving.discard(key)
                        return
                job_work, job_what = job
                try:
                    job_work()
                except Exception as error:  # noqa: BLE001 - every failure must reach the user
                    message = str(error) if isinstance(error, CompanionError) else f"{type(error).__name__}: {error}"
                    self.call_from_thread(self.report_save_failure, job_what, message)

        self.run_worker(run, thread=True, group="save", exit_on_error=False, description=what)

    def is_saving(self, key: str) -> bool:
        with self._pending_lock:
            return key in self._saving or key in self._pending

    def watch_terminal(self) -> None:
        """Save and quit when the terminal goes away or the app is asked to stop."""
        if self.is_headless:
            return
        on_leaving_signals(self.leave_quietly)
        fd = terminal_fd()
        if fd is not None:
            self.set_interval(CHECK_SECONDS, lambda: hung_up(fd) and self.leave_quietly(), name="terminal")

    def leave_quietly(self) -> None:
        if not self._leaving:
            self._leaving = True
            self.run_worker(self.action_quit(), group="leaving")
            give_up_after(LEAVING_SECONDS)

    async def action_quit(self) -> None:
        """Quit once every save (drafts on screen included) has reached the disk."""
        for screen in self.screen_stack:
            if isinstance(screen, (CompanionScreen, CompanionDialog)):
                screen.flush_drafts()
        saves = [worker for worker in self.workers if worker.group == "save"]
        if saves:  # an empty list would wait for every worker, this one too when leaving
            await self.workers.wait_for_complete(saves)
        self.exit()

    @property
    def banks(self) -> Any:
        """The prompt banks (a BankSet), loaded once; problems in a bank file are shown,
        not fatal."""
        if self._banks is None:
            from companion.banks import load_banks

            self._banks = load_banks(user_prompts_dir())
            for warning in self._banks.warnings:  # names a file, quotes it: shown as written
                self.notify(
                    printable(warning),
                    title="Prompt bank skipped in part",
                    severity="warning",
                    timeout=20,
                    markup=False,
                )
        return self._banks

    def report_save_failure(self, what: str, message: str, on_failed: Callable[[], None] | None = None) -> None:
        # `what` may name a file, and the message quote what was typed: shown as written.
        self.notify(
            printable(message),
            title=printable(f"Could not save {what}", one_line=True),
            severity="error",
            timeout=15,
            markup=False,
        )
        if on_failed is not None:
            on_failed()

    # other processes ----------------------------------------------------------------

    def poll_for_outside_changes(self) -> None:
        """Another process (say `companion note`) may have written; re-read off-thread."""
        self.run_worker(self._reload, thread=True, exclusive=True, group="poll", exit_on_error=False)

    def _reload(self) -> None:
        try:
            changed = self.store.reload_if_changed()
        except CompanionError as error:
            # Said once, not every poll: the file stays as it is until someone repairs it.
            if str(error) != self._data_problem:
                self._data_problem = str(error)
                self.call_from_thread(
                    self.notify,
                    printable(str(error)),
                    title="Data file problem",
                    severity="error",
                    timeout=60,
                    markup=False,
                )
            return
        self._data_problem = None
        if changed:
            self.call_from_thread(self.refresh_screens)

    # an unexpected error --------------------------------------------------------------

    def _fatal_error(self) -> None:
        """Textual's last stop for an exception nothing handled: it would print a traceback
        as the app closes. The details go to a crash log instead, and `companion` says in
        one line what happened and where they are (see `crash_report`)."""
        if os.environ.get("COMPANION_DEBUG"):
            super()._fatal_error()
            return
        self.crash_log = write_crash_log(self._exception)
        self._close_messages_no_wait()

    def crash_report(self) -> str | None:
        """One line about an unexpected error that closed the app, or None."""
        error = self._exception
        if error is None:
            return None
        where = f"the details are in {self.crash_log}" if self.crash_log else "run with COMPANION_DEBUG=1 for details"
        return (
            f"Companion closed after an unexpected error ({type(error).__name__}: {error}). What you saved "
            f"before it is safe; {where}. Please report it."
        )

    def refresh_screens(self) -> None:
        """Tell every screen on the stack that the data changed (see `DataChanged`)."""
        for screen in self.screen_stack:
            screen.post_message(DataChanged())

    # theme --------------------------------------------------------------------------

    def _remember_theme(self, theme: Any) -> None:
        name = self.theme
        if name == self._saved_theme:
            return
        self._saved_theme = name

        def save() -> None:
            settings = load_settings(self.store)
            settings.theme = name
            save_settings(self.store, settings)

        self.save_in_background(save, what="the theme")

    # going places -------------------------------------------------------------------

    def action_go(self, name: str) -> None:
        """Go to a place in `PLACES`: a main screen, the reflection or the note dialog. From
        a screen showing another partnership than the current one (a progress tab), a place
        showing one partnership's records switches to it first."""
        if not is_onboarded(self.store):
            return
        screen = self.screen
        wanted = screen.partnership_for_place(name) if isinstance(screen, CompanionScreen) else None
        if wanted is not None:
            self.partner_switch.switch(wanted, lambda: self.action_go(name))
            return
        if name == "reflect":
            self.open_reflection()
            return
        screen_type = PLACE[name].screen_type()
        if issubclass(screen_type, ModalScreen):
            if not isinstance(self.screen, screen_type):
                self.push_screen(screen_type())
            return
        self.show(screen_type)

    def action_switch_partner(self) -> None:
        """`9`: the next partnership becomes the current one (docs/keys.md)."""
        if is_onboarded(self.store):
            self.partner_switch.next()

    def action_help(self) -> None:
        screen_type = HELP.screen_type()
        if not isinstance(self.screen, screen_type):
            self.push_screen(screen_type())

    def open_reflection(self) -> None:
        """Open the reflection for the session that most wants it, of any partner; with
        several, a list to choose from (screens/reflect_choice.py)."""
        from screens.reflect_choice import reflect_on_choices

        reflect_on_choices(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("go", "switch_partner"):
            if self.onboarding():
                return False
            if parameters == ("dashboard",) and isinstance(self.screen, PLACE["dashboard"].screen_type()):
                return False  # already there: keep the footer short
        return True

    def _load_screen_css(self, screen: Screen) -> None:
        """A screen's own stylesheet, added without parsing every other one again.

        Textual's version parses the whole stylesheet afresh (app.tcss and every widget's
        default CSS) whenever a screen brings a file it has not read, which is a good part
        of opening the dashboard. The rules already parsed are in the stylesheet's cache,
        so parsing after reading just the new file gives the same rules. Inline screen
        CSS and CSS watching (`textual run --dev`) go Textual's way."""
        stylesheet = self.stylesheet
        new = [path for path in screen.css_path if not stylesheet.has_source(str(path), "")]
        if not new or screen.CSS or self.css_monitor is not None:
            super()._load_screen_css(screen)
            return
        for path in new:
            stylesheet.read(path)
        stylesheet.parse()
        stylesheet.update(self)

    def onboarding(self) -> bool:
        """Whether the onboarding form is the current screen. Asked for the footer's keys
        before the first frame: the form's module (with its widgets) is not imported just
        to answer no, as no OnboardingScreen can exist before it is."""
        module = sys.modules.get("screens.onboarding")
        return module is not None and isinstance(self.screen, module.OnboardingScreen)


def make_app(
    data_dir: Path | str | None = None,
    *,
    store: Store | None = None,
    demo_mode: bool = False,
    reflect_on: Any = None,
) -> CompanionApp:
    """The app for a data folder (or an already opened store): used by the CLI and tests."""
    if store is None:
        store = Store(default_data_dir(data_dir)).open()
    return CompanionApp(store, demo_mode=demo_mode, reflect_on=reflect_on)
