"""A goal's self-assessment row, saying whose rating it is: the person's own when they are
the mentee, their mentee's (by name) when they mentor (companion/goal_display.py)."""

from __future__ import annotations

from textual.widgets import Select

from companion import goal_display
from companion.errors import CompanionError
from companion.models import Partnership
from companion.store import Store
from screens.text import literal
from screens.widgets import FormRow

ASSESSMENT_OPTIONS = [
    ("1: just starting", "1"),
    ("2: a little", "2"),
    ("3: getting there", "3"),
    ("4: confident", "4"),
    ("5: could teach it", "5"),
]


RATING_LABELS = {(True, "start"): "Where I start", (False, "start"): "Where they start"}
RATING_LABELS |= {(True, "close"): "Where you are", (False, "close"): "Where they are"}


def rating_row(partnership: Partnership | None, moment: str, value: str = "", started: int | None = None) -> FormRow:
    """The self-assessment's row, saying whose rating it is: the person's own for a mentee,
    the mentee's when the person mentors them."""
    own = goal_display.rates_own_goals(partnership)
    field = "self_assessment_start" if moment == "start" else "closing_assessment"
    hint = goal_display.self_assessment_words(partnership, moment)
    if started:
        hint += f"; {'you' if own else 'they'} started at {started} of 5"
    prompt = "Rate yourself 1 to 5" if own else "Their rating, 1 to 5"
    select = Select(ASSESSMENT_OPTIONS, id=field, value=value or Select.NULL, prompt=prompt, compact=True)
    # The hint names the partner: shown as typed.
    return FormRow(RATING_LABELS[own, moment], select, field=field, hint=literal(hint + "."))


def partnership_or_none(store: Store, partnership_id: int) -> Partnership | None:
    """The goal's partnership, for whose rating it is; None while the file cannot be read
    (an editor reopened after a failed save still opens, with the person's own wording)."""
    try:
        return store.get(Partnership, partnership_id)
    except CompanionError:
        return None
