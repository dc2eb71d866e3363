"""Marking a lesson that came back on the agenda: still true, applied or let go
(docs/learning-loop.md, "Lessons"). The answer is kept with the reflection it came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from companion import clock, lessons
from companion.models import AgendaItem, LessonVerdict
from screens.dialogs import PickDialog

if TYPE_CHECKING:
    from screens.agenda import AgendaScreen

CHOICES = [
    # Labels of at most seven letters: the dialog's label column is that narrow.
    (LessonVerdict.STILL_TRUE.value, "True", "still true; it comes back when next due"),
    (LessonVerdict.APPLIED.value, "Applied", "you used it since it was written"),
    (LessonVerdict.LET_GO.value, "Let go", "part of how you work, or no longer true: no more returns"),
]


def mark_lesson(screen: AgendaScreen, item: AgendaItem) -> None:
    """Ask what the lesson on `item` is now, and keep the answer in the background."""
    if item.source != lessons.SOURCE or not item.ref:
        screen.notify("Only a lesson that came back can be marked; it is in the Close section.", severity="warning")
        return
    prepared = screen.prepared
    assert prepared is not None  # the key needs an agenda
    store, ref, session_id = screen.app.store, item.ref, prepared.session.id

    def picked(choice: str | None) -> None:
        if choice is None:
            return
        verdict = LessonVerdict(choice)
        screen.app.save_in_background(
            lambda: lessons.mark_lesson(store, ref, verdict, clock.now().date(), session_id),
            lambda _: screen.notify(f"Lesson marked {verdict.label}."),
            what="the lesson",
        )

    screen.app.push_screen(PickDialog("This lesson is…", CHOICES, placeholder="Type to narrow"), picked)
