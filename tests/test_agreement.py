"""The agreement and the cycle in the core: checking what was typed, saving it, the
reset phrase on the next agenda (and not in a share), the review date's words, the
status JSON, and the record's round trip through the stored JSON."""

from __future__ import annotations

import json
from datetime import date

import pytest

from companion import clock
from companion.agreement import AgreementForm, clean_agreement, form_of, review_words, save_agreement
from companion.banks import load_banks
from companion.codec import from_doc, to_doc
from companion.errors import ValidationError
from companion.models import Agreement, Cycle, Partnership, Section
from companion.prepare import prepare_next
from companion.share import build_share, share_text
from companion.store import Store
from tests.conftest import make_partnership, run_in_process

BANKS = load_banks()
START = date(2026, 11, 3)  # the onboarded partnership's start
FORM = AgreementForm(
    i_want="Straight answers", partner_wants="How decisions get made", reset_phrase="  can we   pause? "
)


def test_a_new_partnership_starts_its_first_cycle_on_its_start_date() -> None:
    partnership = make_partnership(start_date=date(2026, 11, 30))
    assert partnership.cycle == Cycle(number=1, start=date(2026, 11, 30), months=3, review_on=date(2027, 2, 28))


def test_the_agreement_and_cycles_round_trip_through_the_stored_json() -> None:
    partnership = make_partnership(
        id=1,
        agreement=Agreement(i_want="a", partner_wants="b", reset_phrase="pause", agreed_on=START),
        cycle=Cycle(number=2, start=date(2027, 2, 3), months=6, review_on=date(2027, 8, 1)),
        past_cycles=[Cycle.first(START)],
    )
    stored = json.loads(json.dumps(to_doc(partnership)))
    assert stored["cycle"] == {"number": 2, "start": "2027-02-03", "months": 6, "review_on": "2027-08-01"}
    assert from_doc(Partnership, stored, 1) == partnership


def test_every_field_is_optional_and_the_review_follows_the_length() -> None:
    cycle = Cycle.first(START)
    agreement, changed = clean_agreement(AgreementForm(months="6"), cycle, START)
    assert agreement is None
    assert changed == Cycle(number=1, start=START, months=6, review_on=date(2027, 5, 3))
    agreement, changed = clean_agreement(FORM, cycle, START)
    assert agreement is not None and agreement.reset_phrase == "can we pause?"
    assert changed == cycle  # three months, reviewed at the end


def test_what_cannot_be_accepted_is_named_by_field() -> None:
    form = AgreementForm(reset_phrase="x" * 81, months="13", review_on="1 Nov 2026")
    with pytest.raises(ValidationError) as caught:
        clean_agreement(form, Cycle.first(START), START)
    assert set(caught.value.problems) == {"reset_phrase", "months", "review_on"}


def test_saving_keeps_the_first_day_and_the_form_shows_what_is_stored(onboarded: Store) -> None:
    first = save_agreement(onboarded, 1, FORM, date(2026, 11, 24))
    assert first.agreement is not None and first.agreement.agreed_on == date(2026, 11, 24)
    again = save_agreement(onboarded, 1, AgreementForm(i_want="More", review_on="2027-01-20"), date(2026, 12, 1))
    stored = onboarded.get(Partnership, 1)
    assert stored == again
    assert stored.agreement == Agreement(i_want="More", agreed_on=date(2026, 11, 24))
    assert stored.current_cycle.review_on == date(2027, 1, 20)
    assert form_of(stored) == AgreementForm(i_want="More", months="3", review_on="2027-01-20")
    save_agreement(onboarded, 1, AgreementForm(), date(2026, 12, 2))
    assert onboarded.get(Partnership, 1).agreement is None


def test_the_reset_phrase_comes_back_in_the_next_check_in_but_not_in_a_share(onboarded: Store) -> None:
    save_agreement(onboarded, 1, FORM, clock.today())
    agenda = prepare_next(onboarded, BANKS, clock.now()).agenda
    reminders = [item for item in agenda.items if item.source == "agreement"]
    assert len(reminders) == 1
    assert reminders[0].section is Section.CHECK_IN and '"can we pause?"' in reminders[0].text
    assert sum(item.minutes for item in agenda.items) == 45
    # Preparing again adds nothing; a share leaves the agreement out.
    assert prepare_next(onboarded, BANKS, clock.now()).agenda == agenda
    share = build_share(onboarded, onboarded.get(Partnership, 1), clock.now())
    assert "pause" not in share_text(share)


def test_no_reset_phrase_no_reminder(onboarded: Store) -> None:
    save_agreement(onboarded, 1, AgreementForm(i_want="Straight answers"), clock.today())
    agenda = prepare_next(onboarded, BANKS, clock.now()).agenda
    assert not any(item.source == "agreement" for item in agenda.items)


@pytest.mark.parametrize(
    ("today", "words"),
    [
        (date(2027, 1, 4), "Review of this cycle: Wed 3 Feb"),
        (date(2027, 2, 2), "Review of this cycle: tomorrow"),
        (date(2027, 2, 3), "Review of this cycle: today"),
        (date(2027, 2, 10), "Review of this cycle: overdue since Wed 3 Feb"),
    ],
)
def test_the_review_date_in_words(today: date, words: str) -> None:
    assert review_words(Cycle.first(START), today) == words


def test_status_json_has_the_cycle_and_whether_an_agreement_exists_not_its_text(onboarded, monkeypatch, capsys):
    save_agreement(onboarded, 1, FORM, clock.today())
    code, out, _ = run_in_process(["status", "--json"], monkeypatch, capsys)
    assert code == 0
    cycle = json.loads(out)["cycle"]
    assert cycle == {
        "number": 1,
        "start": "2026-11-03",
        "months": 3,
        "review_on": "2027-02-03",
        "past_cycles": 0,
        "agreement": True,
        "reset_phrase_set": True,
    }
    assert "can we" not in out and "Straight" not in out


def test_the_cycle_length_sets_the_closing_session() -> None:
    from companion.agenda_situation import cycle_months

    partnership = make_partnership(cycle=Cycle(number=1, start=START, months=6, review_on=date(2027, 5, 3)))
    assert cycle_months(partnership) == 6
