"""The partnership's agreement and its cycle (docs/learning-loop.md, "Agreement and
cycles"): what each side wants, the reset phrase either can say to flag discomfort, how
long the cycle runs and when it is reviewed. Everything in it is optional."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from companion.dates import DateInputError, add_months, format_date, format_day, parse_date
from companion.errors import ValidationError
from companion.models import Agreement, Cycle, Partnership
from companion.store import Store
from companion.validation import FieldError, check_text, collect

SOURCE = "agreement"  # the agenda item that reminds of the reset phrase
CYCLE_MONTHS_RANGE = (1, 12)
PHRASE_MAX = 80
WANT_MAX = 500
REVIEW_AFTER_START_MAX_DAYS = 2 * 366


@dataclass
class AgreementForm:
    """The agreement as typed: every field is text, and every one may be left empty."""

    i_want: str = ""
    partner_wants: str = ""
    reset_phrase: str = ""
    months: str = ""
    review_on: str = ""  # empty: at the end of the cycle


def form_of(partnership: Partnership) -> AgreementForm:
    """The form filled in with what is stored; the review date only when it is not simply
    the cycle's end, so changing the length moves it."""
    agreement, cycle = partnership.agreement or Agreement(), partnership.current_cycle
    at_end = cycle.review_on == add_months(cycle.start, cycle.months)
    return AgreementForm(
        i_want=agreement.i_want,
        partner_wants=agreement.partner_wants,
        reset_phrase=agreement.reset_phrase,
        months=str(cycle.months),
        review_on="" if at_end else cycle.review_on.isoformat(),
    )


def clean_agreement(form: AgreementForm, cycle: Cycle, today: date) -> tuple[Agreement | None, Cycle]:
    """The agreement (None when every text is empty) and the cycle with its length and
    review date, or ValidationError naming each bad field."""
    problems: dict[str, str] = {}
    i_want = collect(problems, "i_want", lambda: check_text(form.i_want, "What you want", limit=WANT_MAX))
    partner_wants = collect(
        problems, "partner_wants", lambda: check_text(form.partner_wants, "What your partner wants", limit=WANT_MAX)
    )
    phrase = collect(
        problems,
        "reset_phrase",
        lambda: " ".join(check_text(form.reset_phrase, "The reset phrase", limit=PHRASE_MAX).split()),
    )
    months = collect(problems, "months", lambda: check_cycle_months(form.months))
    review = collect(problems, "review_on", lambda: check_review(form.review_on, cycle.start, months, today))
    if problems or months is None:
        raise ValidationError(problems)
    new_cycle = replace(cycle, months=months, review_on=review or add_months(cycle.start, months))
    if not (i_want or partner_wants or phrase):
        return None, new_cycle
    agreement = Agreement(i_want=i_want or "", partner_wants=partner_wants or "", reset_phrase=phrase or "")
    return agreement, new_cycle


def check_cycle_months(text: str) -> int:
    low, high = CYCLE_MONTHS_RANGE
    cleaned = text.strip().removesuffix("months").removesuffix("month").strip() or "3"
    if not cleaned.isdigit() or not low <= int(cleaned) <= high:
        raise FieldError(f"The cycle runs {low} to {high} months; 3 is usual.")
    return int(cleaned)


def check_review(text: str, start: date, months: int | None, today: date) -> date | None:
    """The review date typed, or None for the end of the cycle."""
    if not text.strip():
        return None
    try:
        day = parse_date(text, today)
    except DateInputError as error:
        raise FieldError(f"Review date: {error}") from None
    if day <= start:
        raise FieldError(f"The review comes after the cycle starts ({format_date(start)}).")
    if (day - start).days > REVIEW_AFTER_START_MAX_DAYS:
        raise FieldError("The review is more than two years after the cycle starts; check the year.")
    return day


def save_agreement(store: Store, partnership_id: int, form: AgreementForm, today: date) -> Partnership:
    """Store the agreement and the cycle's length and review date as typed; an agreement
    already there keeps the day it was first made."""
    with store.transaction():
        partnership = store.get(Partnership, partnership_id)
        if partnership is None:
            raise ValidationError({"i_want": "That partnership no longer exists."})
        agreement, cycle = clean_agreement(form, partnership.current_cycle, today)
        if agreement is not None:
            earlier = partnership.agreement
            agreement.agreed_on = earlier.agreed_on if earlier and earlier.agreed_on else today
        store.update(Partnership, partnership_id, agreement=agreement, cycle=cycle)
        partnership.agreement, partnership.cycle = agreement, cycle
    return partnership


def has_agreement(partnership: Partnership) -> bool:
    return partnership.agreement is not None


def reset_phrase(partnership: Partnership) -> str:
    return partnership.agreement.reset_phrase if partnership.agreement else ""


def reset_reminder(phrase: str) -> str:
    return f'Reminder: either of you can say "{phrase}" to pause and reset, no reasons needed.'


def review_words(cycle: Cycle, today: date) -> str:
    """`Review of this cycle: Thu 25 Feb`, `… today`, `… tomorrow`, or `… overdue since Thu 25 Feb`."""
    if cycle.review_on < today:
        return f"Review of this cycle: overdue since {format_date(cycle.review_on, year=cycle.review_on.year != today.year)}"
    return f"Review of this cycle: {format_day(cycle.review_on, today, in_sentence=True)}"


def cycle_json(partnership: Partnership) -> dict[str, Any]:
    """The cycle for `companion status --json`, and whether an agreement exists. Its text
    stays out: status output is often piped into prompts and logs."""
    cycle = partnership.current_cycle
    return {
        "number": cycle.number,
        "start": cycle.start.isoformat(),
        "months": cycle.months,
        "review_on": cycle.review_on.isoformat(),
        "past_cycles": len(partnership.past_cycles),
        "agreement": has_agreement(partnership),
        "reset_phrase_set": bool(reset_phrase(partnership)),
    }
