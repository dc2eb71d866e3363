"""Histories for the progress screen, written a week per character, a second
partnership, and the screen's drawings read back as the text they show."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from textual.widgets import Static

from companion.models import Agenda, Frequency, Partnership, Reflection, Session, SessionState
from companion.partnerships import add_partnership
from companion.store import Store
from companion.validation import make_cadence
from screens.progress import ProgressScreen
from tests.conftest import make_partnership, shown_text

NOW = datetime(2026, 11, 24, 10, 0)  # the conftest's frozen clock, a Tuesday
WEEK = timedelta(days=7)
SIZE = (80, 24)


# --- building histories -------------------------------------------------------------------


def add_history(store: Store, partnership_id: int, first: datetime, pattern: str, ratings=None) -> None:
    """One character a week from `first`: C held, prepared and reflected; P held and
    prepared; R held and reflected; H held; Z skipped, pausing the streak; - nothing.
    `ratings` gives (value, candour) for the reflected sessions, in order."""
    ratings = list(ratings or [])
    with store.transaction():
        for week, mark in enumerate(pattern):
            when = first + week * WEEK
            if mark == "-":
                continue
            if mark == "Z":
                store.add(
                    Session(
                        partnership_id=partnership_id,
                        scheduled_at=when,
                        state=SessionState.SKIPPED,
                        skip_reason="Holiday",
                        pauses_streak=True,
                    )
                )
                continue
            agenda = Agenda(ready_at=when - timedelta(days=1)) if mark in "CP" else None
            reflection = None
            if mark in "CR":
                value, candour = ratings.pop(0) if ratings else (4, 4)
                reflection = Reflection(
                    value=value, candour=candour, is_draft=False, written_at=when + timedelta(hours=2)
                )
            store.add(
                Session(
                    partnership_id=partnership_id,
                    scheduled_at=when,
                    state=SessionState.HELD,
                    held_at=when,
                    agenda=agenda,
                    reflection=reflection,
                )
            )


async def open_progress(app, pilot) -> ProgressScreen:
    await pilot.pause()
    app.push_screen(ProgressScreen())
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, ProgressScreen)
    return app.screen


def text_of(screen: ProgressScreen, selector: str) -> str:
    """What a Static shows, drawn at the width it has on screen (the drawings fit it)."""
    return rendered(screen.query_one(selector, Static))


def rendered(widget: Static) -> str:
    import io

    from rich.console import Console
    from textual.content import Content

    content = widget.content
    if isinstance(content, (str, Content)):
        return shown_text(widget)
    console = Console(width=widget.content_size.width, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def shows_figure(screen: ProgressScreen, tile: str, figure: int | str) -> bool:
    """Whether a tile shows `figure` in big digits."""
    from rich.style import Style
    from textual.renderables.digits import Digits as BigDigits

    selector = "#momentum-figure" if tile == "tile-momentum" else f"#{tile}"
    shown = text_of(screen, selector).splitlines()
    for bold in (True, False):  # zero is drawn thin
        big = render(BigDigits(str(figure), Style(bold=bold)), 20)
        if all(line.startswith(digits.rstrip()) for line, digits in zip(shown, big)):
            return True
    return False


def second_partnership(store: Store) -> Partnership:
    start = date(2026, 6, 2)
    other = make_partnership(
        partner_name="Priya", start_date=start, cadences=[make_cadence(Frequency.MONTHLY, 1, time(9, 0), start)]
    )
    return add_partnership(store, other, NOW)


def render(renderable, width: int) -> list[str]:
    import io

    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text().splitlines()
