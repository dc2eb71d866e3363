"""Writing a reflection after a session: saved as a draft every few seconds and on leaving,
so a killed app loses at most a few seconds of typing."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Header, Input, Label, Markdown, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from companion import clock
from companion.dates import format_when
from companion.errors import CompanionError
from companion.models import Partnership, Reflection, Session, SessionState
from companion.partnerships import current_partnership
from companion.plans import nudge, will_try_hint
from companion.reflections import LABELS, finish_reflection, reflection_candidates, save_draft, validate_reflection
from companion.sessions import stored_session
from companion.terminal_text import printable
from screens.base import CompanionScreen
from screens.footer import CompanionFooter
from screens.text import literal, markup, notify_literal
from screens.widgets import TickBox

AUTOSAVE_SECONDS = 3.0
RATING_OPTIONS = [(f"{n}", n) for n in range(1, 6)]
HINTS = {
    "learned": "What did you see, hear or try for the first time?",
    "surprised": "What surprised you, or pushed back on how you work?",
    "notes": "Free notes in Markdown. Ctrl+O opens them in your $EDITOR; F2 shows a preview.",
}


class ReflectionScreen(CompanionScreen):
    CSS_PATH = "reflection.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="reflection_back"),
        Binding("ctrl+s", "finish", "Finish", id="reflection_finish"),
        Binding("ctrl+o", "edit_notes", "Notes in $EDITOR", id="reflection_editor", priority=True),
        Binding("f2", "preview", "Preview", id="reflection_preview"),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.last_saved: dict | None = None
        self.current: dict | None = None  # what is on screen, kept up to date as you type
        self.finished = False

    def compose(self) -> ComposeResult:
        reflection = self.session.reflection or Reflection()
        yield Header()
        with VerticalScroll(id="reflection-body"):
            yield Static(self.head_text(reflection), id="reflection-head")
            for field in ("learned", "will_try", "surprised"):
                yield Label(LABELS[field], classes="field-label")
                yield Static(self.hint(field), id=f"{field}-hint", classes="field-hint")
                yield TextArea(printable(getattr(reflection, field)), id=field, classes="short-text", soft_wrap=True)
                if field == "will_try":  # a gentle word for a line without a moment; never blocks
                    yield Static(literal(nudge(reflection.will_try)), id="will_try-nudge", classes="field-nudge")
                yield Static("", id=f"{field}-error", classes="field-error")
            yield Label(LABELS["notes"], classes="field-label")
            yield Static(HINTS["notes"], classes="field-hint")
            yield TextArea(printable(reflection.notes), id="notes", language="markdown", soft_wrap=True)
            # The notes are Markdown by design; control characters are made visible.
            yield Markdown(printable(reflection.notes), id="notes-preview")
            yield Static("", id="notes-error", classes="field-error")
            with Horizontal(id="ratings"):
                with Vertical():
                    yield Label("Value: how useful was it?", classes="field-label")
                    yield Select(
                        RATING_OPTIONS, id="value", value=reflection.value or Select.NULL, prompt="1 to 5", compact=True
                    )
                    yield Static("", id="value-error", classes="field-error")
                with Vertical():
                    yield Label("Candour: how openly could we talk?", classes="field-label")
                    yield Select(
                        RATING_OPTIONS,
                        id="candour",
                        value=reflection.candour or Select.NULL,
                        prompt="1 to 5",
                        compact=True,
                    )
                    yield Static("", id="candour-error", classes="field-error")
            yield Label("Tags", classes="field-label")
            yield Input(printable(" ".join(reflection.tags)), id="tags", placeholder="e.g. ai tooling", compact=True)
            yield Static("", id="tags-error", classes="field-error")
            yield TickBox("Private: never included in anything shared", reflection.private, id="private")
            yield Static(
                "Saved as a draft as you type. Ctrl+S finishes it and offers to turn "
                "“what I will try” into action items.",
                id="reflection-keys",
            )
        yield CompanionFooter()

    def on_mount(self) -> None:
        partnership = self.app.store.get(Partnership, self.session.partnership_id)
        if partnership is not None:  # the header names whose session this is, current or not
            self.sub_title = self.app.partner_subtitle(partnership.partner_name)
        self.query_one("#notes-preview", Markdown).can_focus = True  # it holds the notes' cursor
        self.current = self.last_saved = self.values()
        self.query_one("#learned", TextArea).focus()
        self.set_interval(AUTOSAVE_SECONDS, self.autosave, name="autosave")

    def hint(self, field: str) -> str:
        """The hint under a field; "what I will try" gets an example plan from the focus role."""
        if field != "will_try":
            return HINTS[field]
        partnership = self.app.store.get(Partnership, self.session.partnership_id)
        return will_try_hint(partnership, seed=self.session.id or 0)

    @on(TextArea.Changed, "#will_try")
    def will_try_changed(self, event: TextArea.Changed) -> None:
        self.query_one("#will_try-nudge", Static).update(literal(nudge(event.text_area.text)))

    def head_text(self, reflection: Reflection) -> Content:
        session = self.session
        partnership = self.app.store.get(Partnership, session.partnership_id)
        partner = printable(partnership.partner_name, one_line=True) if partnership else "your partner"
        when = format_when(session.scheduled_at, clock.now(), in_sentence=True)
        state = "finished" if not reflection.is_draft and reflection.written_at else "draft"
        return markup(
            "Reflection on your session with [b]$partner[/b], $when  ·  [$text-muted]$state[/]",
            partner=partner,
            when=when,
            state=state,
        )

    # reading and saving ----------------------------------------------------------------

    def values(self) -> dict:
        """What is on screen, as the fields save_draft takes."""
        value = self.query_one("#value", Select).value
        candour = self.query_one("#candour", Select).value
        return {
            "learned": self.query_one("#learned", TextArea).text,
            "will_try": self.query_one("#will_try", TextArea).text,
            "surprised": self.query_one("#surprised", TextArea).text,
            "notes": self.query_one("#notes", TextArea).text,
            "value": None if value is Select.NULL else value,
            "candour": None if candour is Select.NULL else candour,
            "tags": self.query_one("#tags", Input).value,
            "private": self.query_one("#private", Checkbox).value,
        }

    @property
    def save_key(self) -> str:
        return f"reflection-{self.session.id}"

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def typed(self) -> None:
        self.current = self.values()

    def autosave(self) -> None:
        """Save a draft if anything changed since the last save (off the interface thread)."""
        current = self.current
        if current is None or current == self.last_saved or self.finished:
            return
        self.last_saved = current
        store, session_id, now = self.app.store, self.session.id, clock.now()
        self.app.save_latest(
            self.save_key, lambda: save_draft(store, session_id, now=now, **current), what="the reflection draft"
        )

    # finishing -------------------------------------------------------------------------

    def show_problems(self, problems: dict[str, str]) -> None:
        shown = dict(problems)
        if "text" in shown:  # all four are empty: say so under the first, where the cursor goes
            shown.setdefault("learned", shown.pop("text"))
        for field in ("learned", "will_try", "surprised", "notes", "value", "candour", "tags"):
            error = self.query_one(f"#{field}-error", Static)
            error.update(literal(shown.get(field, "")))  # a problem may quote what was typed
            error.set_class(field in shown, "-shown")

    def action_finish(self) -> None:
        current = self.values()
        problems = validate_reflection(finishing=True, **current)
        self.show_problems(problems)
        if problems:
            self.notify(
                "The reflection needs a fix before it is finished; see the messages in red.", severity="warning"
            )
            first = next(iter(problems))
            target = "learned" if first == "text" else first
            self.query_one(f"#{target}").focus()
            return
        self.finished = True
        store, session_id, now = self.app.store, self.session.id, clock.now()

        def done(reflection: Reflection) -> None:
            self.notify("Reflection finished.")
            self.offer_actions(current["will_try"])

        def failed() -> None:
            self.finished = False

        self.app.save_in_background(
            lambda: finish_reflection(store, session_id, now=now, **current),
            done,
            on_failed=failed,
            what="the reflection",
        )

    def offer_actions(self, will_try: str) -> None:
        from companion.actions import actions_from_will_try

        if not actions_from_will_try(will_try):
            self.app.show_dashboard()
            return
        from screens.action_dialogs import WillTryDialog

        self.app.push_screen(WillTryDialog(self.session.id, will_try), lambda _: self.app.show_dashboard())

    # notes: preview and $EDITOR --------------------------------------------------------

    async def action_preview(self) -> None:
        """Show the notes as Markdown, or as text again. The cursor and the scroll stay where
        they were: while the notes are hidden the preview holds their cursor, and gives it
        back to them, so what is typed after F2 twice lands where it did before."""
        notes = self.query_one("#notes", TextArea)
        preview = self.query_one("#notes-preview", Markdown)
        body = self.query_one("#reflection-body", VerticalScroll)
        scroll, focused = body.scroll_y, self.focused
        showing = not preview.display
        if showing:
            await preview.update(printable(notes.text) or "*Nothing written yet.*")
        shown, hidden = (preview, notes) if showing else (notes, preview)
        shown.display = True
        if focused is hidden:
            # At once and before it is hidden: a hidden focused widget sends the cursor to
            # the first field, scrolling there (`focus()` would wait until after that).
            self.set_focus(shown, scroll_visible=False)
        hidden.display = False
        self.call_after_refresh(body.scroll_to, y=scroll, animate=False)

    def action_edit_notes(self) -> None:
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        notes = self.query_one("#notes", TextArea)
        handle, name = tempfile.mkstemp(prefix="companion-notes-", suffix=".md")
        path = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(notes.text)
            try:
                result = self.run_editor([*shlex.split(command), str(path)])
            except FileNotFoundError:
                notify_literal(
                    self, f"Could not start the editor “{command}”; set $EDITOR to one you have.", severity="error"
                )
                return
            except SuspendNotSupported:
                self.notify("An editor cannot be opened in this terminal; type the notes here.", severity="error")
                return
            if result.returncode != 0:
                self.notify(
                    f"The editor exited with code {result.returncode}; your notes were left as they were.",
                    severity="warning",
                )
                return
            notes.text = printable(path.read_text(encoding="utf-8"))
            self.current = self.values()  # the save below must not wait for TextArea.Changed
        finally:
            path.unlink(missing_ok=True)
        self.autosave()
        self.notify("Notes brought back from the editor.")

    def run_editor(self, command: list[str]) -> subprocess.CompletedProcess:
        """Hand the terminal to the editor until it exits (headless runs need no hand-over)."""
        try:
            with self.app.suspend():
                return subprocess.run(command)
        except SuspendNotSupported:
            if not self.app.is_headless:
                raise
            return subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True)

    def action_back(self) -> None:
        self.autosave()  # nothing typed is lost on the way out
        self.app.show_dashboard()

    def flush_drafts(self) -> None:
        """Called by the app before it quits or switches partner."""
        self.autosave()

    def partner_switched(self) -> None:
        follow_partner(self, self.session)

    def on_unmount(self) -> None:
        self.autosave()


class ReflectionLoader(CompanionScreen):
    """Stores a cadence-only session first (off the interface thread), then opens it."""

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the reflection…")
        yield CompanionFooter()

    def on_mount(self) -> None:
        self.load()

    def partner_switched(self) -> None:
        follow_partner(self, self.session)

    @work(thread=True, exit_on_error=False)
    def load(self) -> Session:
        return stored_session(self.app.store, self.session, clock.now())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Open the reflection once the worker has finished: switching screens from inside
        it would cancel the worker on its last step."""
        worker = event.worker
        if event.state is WorkerState.SUCCESS:
            self.app.switch_screen(ReflectionScreen(worker.result))
        elif event.state is WorkerState.ERROR:
            if not isinstance(worker.error, CompanionError):
                raise worker.error  # the app's error handling takes it (crash log, one line)
            notify_literal(self.app, str(worker.error), severity="error")
            self.app.show_dashboard()


def follow_partner(screen: CompanionScreen, session: Session) -> None:
    """After a switch of partner, a reflection on the partner before gives way to the new
    partner's latest held session waiting for one, or to the dashboard when there is none
    (its draft was saved before the switch)."""
    current = current_partnership(screen.app.store)
    if current is None or current.id == session.partnership_id:
        return
    waiting = [c.session for c in reflection_candidates(screen.app.store, clock.now(), current)]
    held = [s for s in waiting if s.state is SessionState.HELD]
    if held:  # a session not marked held asks first, from the dashboard's banner
        screen.app.switch_screen(ReflectionLoader(held[0]))
    else:
        screen.app.show_dashboard()
