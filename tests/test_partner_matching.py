"""`partnerships.find_partnership`: a partner named by the start of the name, whatever the
case and the accents; a full name wins over longer names it begins; one line otherwise."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict
from datetime import time

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from companion.errors import CompanionError
from companion.models import Partnership
from companion.partnerships import find_partnership, matching_partnerships, name_key
from companion.store import Store
from tests.conftest import make_partnership
from tests.depth import examples
from tests.partners_helpers import add_partner, with_partners

PARTNER = {k: v for k, v in asdict(make_partnership()).items() if k not in ("id", "partner_name")}


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Sam", "Sam"),
        ("dana ruiz", "Dana Ruiz"),
        ("d", "Dana Ruiz"),
        ("DAN", "Dana Ruiz"),
        ("  dana   r ", "Dana Ruiz"),
        ("zoe", "Zoë Adler"),
        ("ZOË a", "Zoë Adler"),
        ("Dána", "Dana Ruiz"),
    ],
)
def test_a_partner_is_found_by_the_start_of_the_name(onboarded: Store, typed, expected):
    with_partners(onboarded)
    assert find_partnership(onboarded, typed).partner_name == expected


def test_a_full_name_wins_over_longer_names_it_begins(onboarded: Store):
    with_partners(onboarded)
    add_partner(onboarded, "Samira Okafor", 4, time(10, 0))
    assert find_partnership(onboarded, "sam").partner_name == "Sam"
    assert find_partnership(onboarded, "sami").partner_name == "Samira Okafor"
    with pytest.raises(CompanionError) as raised:
        find_partnership(onboarded, "Sa")
    assert str(raised.value) == '"Sa" could be Sam or Samira Okafor: type more of the name.'


@pytest.mark.parametrize("typed", ["x", "", "Danax", "ruiz"])
def test_an_unknown_name_lists_every_partner_in_one_line(onboarded: Store, typed):
    with_partners(onboarded)
    with pytest.raises(CompanionError) as raised:
        find_partnership(onboarded, typed)
    assert str(raised.value) == f'no partner matches "{typed}": Dana Ruiz, Sam, Zoë Adler'


def test_a_name_with_control_characters_is_shown_harmlessly(onboarded: Store):
    with pytest.raises(CompanionError) as raised:
        find_partnership(onboarded, "\x1b]0;owned\x07")
    assert "\x1b" not in str(raised.value) and "\n" not in str(raised.value)


def test_before_set_up_it_says_to_set_up(store: Store):
    with pytest.raises(CompanionError, match="Set up Companion first"):
        find_partnership(store, "sam")


NAMES = st.text(st.characters(min_codepoint=0x41, max_codepoint=0x17F, categories=("Lu", "Ll")), min_size=1)


@settings(max_examples=examples(200), deadline=None)
@given(names=st.lists(NAMES, min_size=1, max_size=5, unique_by=name_key), data=st.data())
def test_any_start_of_a_name_in_any_case_and_without_accents_finds_it(names, data):
    """Typed in capitals without its accents, every start of a name finds that partner
    among the matches (unless it is another partner's whole name, which wins), and the
    whole name finds it alone."""
    partnerships = [Partnership(id=n, partner_name=name, **PARTNER) for n, name in enumerate(names, 1)]
    chosen = data.draw(st.sampled_from(partnerships))
    key = name_key(chosen.partner_name)
    cut = data.draw(st.integers(1, len(key)))
    typed = "".join(c for c in unicodedata.normalize("NFKD", key[:cut]) if not unicodedata.combining(c)).upper()
    assume(name_key(typed) == key[:cut])  # a few letters (ı) do not come back from capitals
    found = matching_partnerships(partnerships, typed)
    someone_else = [p for p in partnerships if name_key(p.partner_name) == key[:cut] and p is not chosen]
    assert found == someone_else if someone_else else chosen in found
    assert (
        matching_partnerships(partnerships, chosen.partner_name.upper()) == [chosen]
        or name_key(chosen.partner_name.upper()) != key
    )
