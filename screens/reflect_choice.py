"""Which session to reflect on: one is opened at once, several are offered as a short
list, and a session whose time passed without being marked held is only opened once you
say it took place (then it is marked held through the usual hold dialog)."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from companion import clock
from companion.dates import format_date_time, format_when
from companion.holding import hold
from companion.models import Partnership, Session
from companion.reflections import ReflectionCandidate, reflection_choices
from companion.sessions import cancel_session, skip_session
from screens.base import CompanionDialog
from screens.dialogs import DIALOG_CSS
from screens.text import markup

YES, SKIP, CANCEL = "yes", "skip", "cancel"


class CandidatesDialog(CompanionDialog[int | None]):
    """Sessions waiting for a reflection, newest held first: partner, date and state.
    Enter opens the highlighted one; Escape goes back. Returns its index."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="CandidatesDialog")
        + """
    CandidatesDialog OptionList { height: auto; max-height: 12; }
    CandidatesDialog.-narrow > Vertical { padding: 0; }
    """
    )
    BINDINGS = [Binding("escape", "close", "Back", id="reflect_choice_close")]

    def __init__(self, candidates: list[ReflectionCandidate]):
        super().__init__()
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        now = clock.now()
        with Vertical() as box:
            box.border_title = "Which session to reflect on?"
            yield OptionList(
                *(Option(candidate_line(c, now), id=str(i)) for i, c in enumerate(self.candidates)),
                id="reflect-candidates",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_close(self) -> None:
        self.dismiss(None)


def candidate_line(candidate: ReflectionCandidate, now: datetime):
    return markup(
        "[b]$partner[/b]  $when  [$text-muted]$state[/]",
        partner=candidate.partnership.partner_name,
        when=format_when(candidate.session.scheduled_at, now),
        state=candidate.state_text,
    )


class TookPlaceDialog(CompanionDialog[str | None]):
    """Did a session whose time passed take place? Yes marks it held (then the reflection
    opens); no offers to skip or cancel it; Escape goes back with nothing changed."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="TookPlaceDialog")
        + """
    TookPlaceDialog Label { width: 1fr; }
    TookPlaceDialog .dialog-buttons { height: auto; }
    /* Under 80 columns the four answers stand one above the other, so Yes stays in view. */
    TookPlaceDialog.-narrow > Vertical { padding: 0 1; }
    TookPlaceDialog.-narrow .dialog-buttons { layout: vertical; margin-top: 0; }
    TookPlaceDialog.-narrow .dialog-buttons Button { width: 1fr; margin-left: 0; }
    """
    )
    BINDINGS = [
        Binding("escape", "answer(None)", "Back", id="took_place_back"),
        Binding("y", "answer('yes')", "Yes", id="took_place_yes"),
        Binding("k", "answer('skip')", "Skip it", id="took_place_skip"),
        Binding("x", "answer('cancel')", "Cancel it", id="took_place_cancel"),
    ]

    def __init__(self, session: Session, partnership: Partnership):
        super().__init__()
        self.session, self.partnership = session, partnership

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                markup(
                    "Did your session with [b]$partner[/b] on $when take place?",
                    partner=self.partnership.partner_name,
                    when=format_date_time(self.session.scheduled_at, year=False),
                )
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Not now", id="back", compact=True)
                yield Button("No: skip it", id=SKIP, compact=True)
                yield Button("No: cancel it", id=CANCEL, compact=True)
                yield Button("Yes", id=YES, variant="success", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{YES}", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in (YES, SKIP, CANCEL) else None)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


# --- the flow --------------------------------------------------------------------------------


def reflect_on_choices(app, candidates: list[ReflectionCandidate] | None = None) -> None:
    """Open the reflection the app's reflect key asks for: the one session that waits for
    it, or a list to choose from when several do (every partner's)."""
    if candidates is None:
        candidates = reflection_choices(app.store, clock.now())
    while isinstance(app.screen, ModalScreen):
        app.pop_screen()
    if not candidates:
        app.notify("No session to reflect on yet: one appears here once its time has come.", severity="warning")
        return
    if len(candidates) == 1:
        open_candidate(app, candidates[0].session, candidates[0].partnership)
        return

    def picked(index: int | None) -> None:
        if index is not None:
            open_candidate(app, candidates[index].session, candidates[index].partnership)

    app.push_screen(CandidatesDialog(candidates), picked)


def open_candidate(app, session: Session, partnership: Partnership) -> None:
    """Open a session's reflection; one that was not marked held asks first whether it
    took place."""
    from companion.models import SessionState

    if session.state is SessionState.HELD:
        _open_reflection(app, session)
        return

    def answered(answer: str | None) -> None:
        if answer == YES:
            _hold_then_reflect(app, session, partnership)
        elif answer == SKIP:
            _skip(app, session)
        elif answer == CANCEL:
            now = clock.now()
            _save(
                app, lambda: cancel_session(app.store, session, now=now), "Session cancelled (u on Sessions undoes it)."
            )

    app.push_screen(TookPlaceDialog(session, partnership), answered)


def _hold_then_reflect(app, session: Session, partnership: Partnership) -> None:
    from screens.plan_review import offer_plan_reviews
    from screens.session_dialogs import Held, HoldDialog

    store, now = app.store, clock.now()

    def closed(result: Held | None) -> None:
        if result is None:
            return
        held_at, minutes, covered, answers = result

        def held(stored: Session) -> None:
            app.refresh_screens()
            offer_plan_reviews(app, stored, then=lambda: _open_reflection(app, stored))

        app.save_in_background(
            lambda: hold(store, session, held_at, minutes, covered, now=now, plan_answers=answers),
            held,
            what="the session",
        )

    app.push_screen(HoldDialog(session, session.duration_minutes or partnership.session_minutes), closed)


def _skip(app, session: Session) -> None:
    from screens.session_dialogs import SkipDialog

    store, now = app.store, clock.now()

    def closed(result: tuple[str, bool] | None) -> None:
        if result is not None:
            reason, pauses = result
            message = "Skipped; the streak is paused for it." if pauses else "Skipped."
            _save(app, lambda: skip_session(store, session, reason, pauses_streak=pauses, now=now), message)

    app.push_screen(SkipDialog(), closed)


def _save(app, work, message: str) -> None:
    def done(_: object) -> None:
        app.notify(message)
        app.refresh_screens()

    app.save_in_background(work, done, what="the session")


def _open_reflection(app, session: Session) -> None:
    from screens.reflection import ReflectionLoader

    app.push_screen(ReflectionLoader(session))
