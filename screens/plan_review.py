"""After a session is held: a plan not yet tried twice in a row is offered to keep, change
or drop (docs/learning-loop.md). Gentle: closing the question keeps the plan as it is."""

from __future__ import annotations

from collections.abc import Callable

from companion.actions import delete_action, edit_action
from companion.models import ActionItem, Session
from companion.plans import plans_to_review
from companion.terminal_text import printable
from screens.dialogs import PickDialog, TextDialog

KEEP, CHANGE, DROP = "keep", "change", "drop"


def offer_plan_reviews(app, session: Session, then: Callable[[], None] | None = None) -> None:
    """Ask about each plan the held session left not yet tried twice, one after another,
    then run `then` (e.g. open the reflection)."""
    stored = app.store.get(Session, session.id) if session.id is not None else None
    waiting = plans_to_review(app.store, stored) if stored is not None else []
    _ask(app, waiting, then or (lambda: None))


def _ask(app, waiting: list[ActionItem], then: Callable[[], None]) -> None:
    if not waiting:
        then()
        return
    action, rest = waiting[0], waiting[1:]
    options = [
        (KEEP, "Keep it", action.text),
        (CHANGE, "Change it", "say it another way, or pick another moment"),
        (DROP, "Drop it", "it was not the right plan; that is fine"),
    ]

    def chosen(answer: str | None) -> None:
        if answer == CHANGE:
            _change(app, action, rest, then)
            return
        if answer == DROP:
            _save(app, lambda: delete_action(app.store, action.id), "Plan dropped.", rest, then)
            return
        _ask(app, rest, then)  # kept, or closed: nothing changes

    app.push_screen(PickDialog("Not yet, twice: keep, change or drop this plan?", options), chosen)


def _change(app, action: ActionItem, rest: list[ActionItem], then: Callable[[], None]) -> None:
    def changed(text: str | None) -> None:
        if text is None or not text.strip():
            _ask(app, rest, then)
            return
        _save(app, lambda: edit_action(app.store, action.id, text=text), "Plan changed.", rest, then)

    app.push_screen(
        TextDialog(
            "Change the plan",
            printable(action.text, one_line=True),
            check=lambda text: None if text.strip() else "Say what you will try, e.g. “When …, I will …”.",
            hint="A moment to act makes it easier: “When …, I will …”.",
        ),
        changed,
    )


def _save(app, work, message: str, rest: list[ActionItem], then: Callable[[], None]) -> None:
    def saved(_result: object) -> None:
        app.notify(message)
        app.refresh_screens()
        _ask(app, rest, then)

    app.save_in_background(work, saved, what="the plan")
