"""The bank lint (tests/bank_lint.py): each check on small fixture banks, then, last, every
check over the shipped banks."""

from __future__ import annotations

import pytest

from companion.banks import BANK_SECTIONS, Prompt, load_banks
from tests import bank_lint

LONG = " It is long enough to pass the length rule without any trouble at all."


def prompt(pid: str, text: str, *, bank: str = "common", stance: str = "both", section: str = "explore") -> Prompt:
    return Prompt(id=pid, text=text, stance=stance, section=section, tags=(), bank=bank, source="fixture.toml")


def test_duplicate_ids_and_texts_are_named():
    a = prompt("a-one", "Bring a tool you use daily." + LONG)
    again = prompt("a-one", "Something else entirely." + LONG, bank="engineer")
    twin = prompt("b-two", "  bring a TOOL you use daily." + LONG)
    assert bank_lint.duplicate_ids([a, again, twin]) == ["id 'a-one' appears 2 times"]
    assert bank_lint.duplicate_texts([a, twin]) == ["same text: a-one, b-two"]
    assert bank_lint.duplicate_ids([a, twin]) == []


def test_near_duplicates_across_banks_name_both_ids_and_unrelated_prompts_pass():
    first = prompt(
        "eng-hands-off",
        "For this demo keep your hands off the keyboard and let your mentee drive while you guide them.",
        bank="engineer",
    )
    reworded = prompt(
        "des-hands-off",
        "Let your mentee drive the demo while you keep your hands off the keyboard and only guide.",
        bank="designer",
    )
    other = prompt(
        "pm-user-quote", "Each bring one thing a user said this month and talk about why it stayed with you."
    )
    (problem,) = bank_lint.near_duplicates([first, reworded, other])
    assert "eng-hands-off" in problem and "des-hands-off" in problem
    assert bank_lint.near_duplicates([first, other]) == []


def test_the_threshold_catches_the_first_editions_reworded_pair():
    """Two texts from the first edition (one idea in two role banks), shortened."""
    stuck = "Open by showing your mentor one thing from last session that you have actually used since, however small."
    changed = (
        "Share one thing you did differently since the last session because of these conversations, however small."
    )
    score = bank_lint.jaccard(bank_lint.content_words(stuck), bank_lint.content_words(changed))
    assert score >= bank_lint.NEAR_DUPLICATE


def test_text_lengths_outside_the_range_are_named():
    short = prompt("short-one", "Too short.")
    long = prompt("long-one", "word " * 100)
    fine = prompt("fine-one", "Bring a workflow you built and let your partner run it once." + LONG)
    problems = bank_lint.text_lengths([short, long, fine])
    assert [p.split(":")[0] for p in problems] == ["short-one", "long-one"]


def test_brand_names_are_found_as_whole_words_only():
    named = prompt("named", "Open ChatGPT and ask it to review the draft together." + LONG)
    innocent = prompt("innocent", "Discuss how your team's notional cursory reviews slack off." + LONG)
    assert bank_lint.brand_names([named]) == ["named names chatgpt"]
    assert bank_lint.brand_names([innocent]) == ["innocent names slack"]  # the word, whatever it means
    assert bank_lint.brand_names([prompt("plain", "Bring a chat assistant you use daily." + LONG)]) == []


def test_stance_counts_include_both_and_name_the_bank():
    prompts = [prompt(f"e-{n}", f"Prompt {n}." + LONG, bank="engineer", stance="mentor") for n in range(20)]
    prompts += [prompt(f"b-{n}", f"Both {n}." + LONG, bank="engineer", stance="both") for n in range(10)]
    assert bank_lint.stance_counts(prompts) == ["engineer has 10 mentee prompts (with `both`); needs 30"]


def test_section_coverage_counts_role_bank_and_common_together():
    prompts = [
        prompt(f"c-{section}-{n}", "x" * 80, section=section, stance="both")
        for section in BANK_SECTIONS
        for n in range(2)
    ]
    prompts.append(prompt("d-one", "x" * 80, bank="designer", stance="mentor", section="close"))
    problems = bank_lint.section_coverage(prompts)
    assert "designer, mentor, close: 3 prompts; needs 3" not in problems
    assert "designer, mentee, close: 2 prompts; needs 3" in problems
    assert len(problems) == 7  # every other section for both stances, and the mentee's close


def test_lint_reports_only_checks_that_found_something():
    text = "Bring a workflow you built and let your partner run it once." + LONG
    assert bank_lint.lint([prompt("only-common", text)]) == {}
    found = bank_lint.lint([prompt("eng-only", text, bank="engineer")])
    assert set(found) == {"stance_counts", "section_coverage"}


# The last step: the shipped banks, one check at a time.
@pytest.mark.parametrize("check", bank_lint.CHECKS, ids=lambda c: c.__name__)
def test_shipped_banks_pass_the_lint(check):
    prompts = list(load_banks().prompts.values())
    assert check(prompts) == []
