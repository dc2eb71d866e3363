"""Which prompts suit the session: its phase in the partnership, follow-ups after open
action items, recovery after a missed or flat session; and agendas naming retired prompts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from companion import agenda as agendas
from companion import agenda_situation as agenda_rules
from companion import agenda_text
from companion.banks import PHASES, Prompt, load_banks, parse_bank
from companion.models import (
    ActionItem,
    Agenda,
    AgendaItem,
    FocusRole,
    Reflection,
    Section,
    Session,
    SessionState,
    Stance,
)
from companion.prepare import gather_inputs, prepare_next, save_agenda, situation
from companion.sessions import sessions_before
from companion.store import Store
from tests.conftest import make_partnership
from tests.depth import examples

SECTIONS = ("check-in", "goals", "explore", "close")
PHASE_OR_NONE = (None, *PHASES)


def fixture_prompts() -> list[Prompt]:
    """Six prompts for every section, phase (or none) and stance; some tagged."""
    prompts = []
    for section in SECTIONS:
        for phase in PHASE_OR_NONE:
            for stance in ("mentor", "mentee", "both"):
                for n, tags in enumerate([(), ("ai",), ("follow-up",), ("recovery",), ("low-prep",), ()]):
                    prompts.append(
                        Prompt(
                            id=f"{section}-{phase or 'any'}-{stance}-{n}",
                            text=f"A {section} prompt for {phase or 'any'} time.",
                            stance=stance,
                            section=section,
                            tags=tags,
                            bank="common",
                            source="fixture.toml",
                            phase=phase,
                        )
                    )
    return prompts


PROMPTS = fixture_prompts()
BY_ID = {p.id: p for p in PROMPTS}


def chosen_prompts(agenda: Agenda) -> list[Prompt]:
    return [BY_ID[i.ref] for i in agenda.items if i.source == "prompt" and i.ref]


situations = st.builds(
    agenda_rules.Situation,
    phase=st.sampled_from(PHASE_OR_NONE),
    follow_up=st.booleans(),
    recovery=st.booleans(),
)


@st.composite
def inputs_with_situation(draw, prompts=PROMPTS):
    partnership = make_partnership(
        stance=draw(st.sampled_from(list(Stance))), focus_role=draw(st.sampled_from(list(FocusRole)))
    )
    partnership.id = 1
    ids = [p.id for p in prompts]
    return agendas.AgendaInputs(
        partnership=partnership,
        recent_prompt_ids=draw(st.lists(st.sets(st.sampled_from(ids), max_size=20), max_size=5)),
        session_minutes=draw(st.integers(15, 180)),
        seed=draw(st.integers(0, 2**32)),
        situation=draw(situations),
    )


# --- the rules, one by one -----------------------------------------------------------


@given(number=st.integers(1, 500), last=st.booleans())
def test_session_phase_follows_the_session_number_and_the_cycle(number, last):
    phase = agenda_rules.session_phase(number, last)
    if number == 1:
        assert phase == "first"
    elif last:
        assert phase == "closing"
    elif number <= 4:
        assert phase == "early"
    else:
        assert phase == "middle"


def test_the_cycle_length_is_three_months_unless_the_partnership_says_otherwise():
    assert agenda_rules.cycle_months(make_partnership()) == agenda_rules.CYCLE_MONTHS == 3


def test_the_last_session_of_a_cycle_is_the_last_on_or_before_the_review_date():
    review = date(2026, 4, 6)
    assert agenda_rules.is_last_of_cycle(date(2026, 3, 31), date(2026, 4, 7), review)
    assert agenda_rules.is_last_of_cycle(date(2026, 4, 6), date(2026, 4, 13), review)  # on the review day itself
    assert not agenda_rules.is_last_of_cycle(date(2026, 3, 31), date(2026, 4, 6), review)  # the next one is on it
    assert not agenda_rules.is_last_of_cycle(date(2026, 3, 24), date(2026, 3, 31), review)
    assert not agenda_rules.is_last_of_cycle(date(2026, 4, 7), date(2026, 4, 14), review)  # after the review
    assert agenda_rules.is_last_of_cycle(date(2026, 3, 31), None, review)  # nothing follows


@given(
    day=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    gap=st.integers(1, 40),
    review=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
)
def test_exactly_one_session_of_a_regular_cadence_closes_the_cycle(day, gap, review):
    """Of sessions every `gap` days, the one closing the cycle is the last not after the review."""
    days = [day + timedelta(days=gap * k) for k in range(400 // gap + 2)]
    closing = [d for d, nxt in zip(days, days[1:], strict=False) if agenda_rules.is_last_of_cycle(d, nxt, review)]
    on_or_before = [d for d in days if d <= review]
    assert closing == ([on_or_before[-1]] if on_or_before and on_or_before[-1] != days[-1] else [])


def test_follow_up_only_for_open_actions_of_the_last_held_session():
    held = Session(id=7, partnership_id=1, scheduled_at=datetime(2026, 11, 17, 16), state=SessionState.HELD)
    open_one = ActionItem(id=1, partnership_id=1, text="try it", session_id=7)
    other = ActionItem(id=2, partnership_id=1, text="older", session_id=3)
    assert agenda_rules.wants_follow_up([open_one], held)
    assert not agenda_rules.wants_follow_up([other], held)
    assert not agenda_rules.wants_follow_up([], held)
    assert not agenda_rules.wants_follow_up([open_one], None)


def test_recovery_after_a_skipped_cancelled_or_flat_session():
    def session(state, value=None):
        reflection = Reflection(value=value) if value is not None else None
        return Session(
            id=1, partnership_id=1, scheduled_at=datetime(2026, 11, 17, 16), state=state, reflection=reflection
        )

    assert agenda_rules.wants_recovery(session(SessionState.SKIPPED))
    assert agenda_rules.wants_recovery(session(SessionState.CANCELLED))
    assert agenda_rules.wants_recovery(session(SessionState.HELD, 1))
    assert agenda_rules.wants_recovery(session(SessionState.HELD, 2))
    assert not agenda_rules.wants_recovery(session(SessionState.HELD, 3))
    assert not agenda_rules.wants_recovery(session(SessionState.HELD))
    assert not agenda_rules.wants_recovery(None)


# --- the builder with the rules -------------------------------------------------------


@settings(max_examples=examples(300), deadline=None)
@given(inputs_with_situation())
def test_no_prompt_of_another_phase_while_a_fitting_one_remains(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    phase = inputs.situation.phase
    for prompt in chosen_prompts(agenda):
        if phase is not None:
            # The fixture has prompts of every phase in every section, more than any agenda takes.
            assert prompt.phase in (None, phase), (prompt.id, phase)


@settings(max_examples=examples(300), deadline=None)
@given(inputs_with_situation())
def test_a_first_session_never_gets_a_closing_prompt_when_others_remain(inputs):
    inputs.situation = agenda_rules.Situation(phase="first")
    agenda = agendas.build_agenda(inputs, PROMPTS)
    assert all(p.phase != "closing" for p in chosen_prompts(agenda))
    assert all("follow-up" not in p.tags and "recovery" not in p.tags for p in chosen_prompts(agenda))


@settings(max_examples=examples(300), deadline=None)
@given(inputs_with_situation())
def test_prompts_of_the_sessions_own_phase_come_first_then_fresh_ones(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    recent = set().union(*inputs.recent_prompt_ids[:4]) if inputs.recent_prompt_ids else set()
    phase = inputs.situation.phase
    for prompt in chosen_prompts(agenda):
        fits = [
            p
            for p in PROMPTS
            if p.section == prompt.section and p.fits(inputs.partnership.stance.value)
            if agenda_rules.fits_situation(p, inputs.situation)
        ]
        if any(p.id not in recent for p in fits):
            assert prompt.id not in recent
        if phase is not None and any(p.phase == phase and p.id not in recent for p in fits):
            assert prompt.phase == phase


@settings(max_examples=examples(200), deadline=None)
@given(inputs_with_situation())
def test_recovery_and_follow_up_prompts_are_chosen_when_wanted_and_only_then(inputs):
    agenda = agendas.build_agenda(inputs, PROMPTS)
    chosen = chosen_prompts(agenda)
    recovery = [p for p in chosen if "recovery" in p.tags]
    follow_up = [p for p in chosen if "follow-up" in p.tags]
    recent = set().union(*inputs.recent_prompt_ids[: agendas.RECENT_SESSIONS])
    fresh_recovery = [  # a check-in recovery prompt that survives the earlier steps (docs/prompts.md)
        p
        for p in PROMPTS
        if p.section == "check-in"
        and "recovery" in p.tags
        and p.fits(inputs.partnership.stance.value)
        and p.id not in recent
        and p.phase in ({inputs.situation.phase} if inputs.situation.phase else {p.phase})
    ]
    if inputs.situation.recovery and fresh_recovery:
        assert chosen[0].section == "check-in" and "recovery" in chosen[0].tags
    elif not inputs.situation.recovery:
        assert recovery == []
    if inputs.situation.follow_up and inputs.situation.phase != "first":
        assert follow_up
    if inputs.situation.phase == "first":
        assert follow_up == []


@settings(max_examples=examples(200), deadline=None)
@given(inputs_with_situation())
def test_the_same_seed_and_situation_give_the_same_agenda(inputs):
    assert agendas.build_agenda(inputs, PROMPTS) == agendas.build_agenda(inputs, PROMPTS)


def test_a_prompt_of_another_phase_is_chosen_only_when_nothing_else_is_left():
    only_closing = [p for p in PROMPTS if p.section == "close" and p.phase == "closing"]
    inputs = agendas.AgendaInputs(
        partnership=make_partnership(), seed=5, situation=agenda_rules.Situation(phase="first"), session_minutes=30
    )
    agenda = agendas.build_agenda(inputs, only_closing)
    assert [p.phase for p in chosen_prompts(agenda)] == ["closing"]


# --- against a data file ---------------------------------------------------------------


def held(store: Store, session_id: int, value: int | None = None) -> None:
    reflection = Reflection(value=value, is_draft=False) if value is not None else None
    store.update(Session, session_id, state=SessionState.HELD, reflection=reflection)


def next_situation(store: Store) -> agenda_rules.Situation:
    from companion.partnerships import require_partnership
    from companion.prepare import ensure_next_session, open_actions

    partnership = require_partnership(store)
    now = datetime(2026, 11, 1, 9) if not store.all(Session) else max(s.scheduled_at for s in store.all(Session))
    session = ensure_next_session(store, partnership, now + timedelta(hours=1))
    recent = sessions_before(store, partnership, session.scheduled_at, exclude_id=session.id)
    return situation(store, partnership, session, recent, open_actions(store, partnership))


def test_phases_through_a_partnerships_first_cycle(onboarded: Store):
    """Weekly from Tuesday 3 November 2026: the first session, three early ones, middle
    ones, and the last Tuesday before 3 February 2027 closes the cycle."""
    phases = {}
    for _ in range(14):
        found = next_situation(onboarded)
        session = max(onboarded.all(Session), key=lambda s: s.scheduled_at)
        phases[session.scheduled_at.date()] = found.phase
        assert session.id is not None
        held(onboarded, session.id)
    assert phases[date(2026, 11, 3)] == "first"
    assert [phases[date(2026, 11, d)] for d in (10, 17, 24)] == ["early"] * 3
    assert phases[date(2026, 12, 1)] == "middle"
    assert phases[date(2027, 1, 26)] == "middle"
    assert phases[date(2027, 2, 2)] == "closing"


def test_a_skipped_or_flat_session_asks_for_recovery_next_time(onboarded: Store):
    first = next_situation(onboarded)
    assert first == agenda_rules.Situation(phase="first")
    (session,) = onboarded.all(Session)
    assert session.id is not None
    onboarded.update(Session, session.id, state=SessionState.SKIPPED)
    assert next_situation(onboarded).recovery is False  # still before the first meeting
    second = max(onboarded.all(Session), key=lambda s: s.scheduled_at)
    assert second.id is not None
    held(onboarded, second.id, value=2)
    assert next_situation(onboarded) == agenda_rules.Situation(phase="early", recovery=True)
    third = max(onboarded.all(Session), key=lambda s: s.scheduled_at)
    assert third.id is not None
    held(onboarded, third.id, value=4)
    onboarded.add(ActionItem(partnership_id=third.partnership_id, text="Try the tool", session_id=third.id))
    assert next_situation(onboarded) == agenda_rules.Situation(phase="early", follow_up=True)


# --- retired prompt ids -------------------------------------------------------------------


def test_an_agenda_naming_a_retired_prompt_renders_and_the_id_is_never_offered_again(onboarded: Store, tmp_path: Path):
    """A shipped prompt used on a stored agenda is retired (a user bank turns it off, as a
    later edition would drop it): the old agenda still shows its text, and agendas built
    from then on never name it."""
    shipped = load_banks()
    prepared = prepare_next(onboarded, shipped, datetime(2026, 11, 1, 9))
    assert prepared.session.id is not None
    used = next(i for i in prepared.agenda.items if i.source == "prompt" and i.section is Section.EXPLORE)
    assert used.ref is not None
    retired_text = shipped.prompts[used.ref].text

    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "retire.toml").write_text(f'[bank]\nname = "common"\n\n[[prompt]]\nid = "{used.ref}"\nenabled = false\n')
    banks = load_banks(folder)
    assert used.ref not in banks.prompts and banks.warnings == []

    stored = onboarded.get(Session, prepared.session.id)
    assert stored is not None and stored.agenda is not None
    text = agenda_text.to_markdown(stored.agenda, "Sam", stored.scheduled_at, 45)
    assert retired_text in text
    assert any(i.ref == used.ref and i.text == retired_text for i in stored.agenda.items)

    # Rebuilt (the same session) and built afresh for many seeds: never offered again.
    partnership = prepared.partnership
    inputs = gather_inputs(onboarded, partnership, stored, datetime(2026, 11, 1, 9))
    prompts = list(banks.prompts.values())
    for seed in range(200):
        inputs.seed = seed
        assert used.ref not in agendas.prompt_ids(agendas.build_agenda(inputs, prompts))
    save_agenda(onboarded, prepared.session.id, agendas.build_agenda(inputs, prompts))
    held(onboarded, prepared.session.id)
    later = prepare_next(onboarded, banks, datetime(2026, 11, 4, 9))
    assert used.ref not in agendas.prompt_ids(later.agenda)


def test_an_agenda_item_whose_prompt_id_is_gone_from_every_bank_still_renders():
    agenda = Agenda(
        items=[
            AgendaItem(
                id="i1", section=Section.EXPLORE, text="An old question", minutes=45, source="prompt", ref="gone"
            )
        ]
    )
    assert "An old question" in agenda_text.to_markdown(agenda, "Sam", datetime(2026, 11, 3, 16), 45)
    rebuilt = agendas.build_agenda(
        agendas.AgendaInputs(partnership=make_partnership(), recent_prompt_ids=[{"gone"}], seed=1),
        list(load_banks().prompts.values()),
    )
    assert "gone" not in agendas.prompt_ids(rebuilt)


def test_phase_is_read_and_a_bad_one_is_named_by_file_and_line():
    prompts, _, warnings = parse_bank(
        '[bank]\nname = "common"\n\n[[prompt]]\nid = "a-first"\nstance = "both"\nsection = "check-in"\n'
        'phase = "first"\ntext = "Hello."\n\n[[prompt]]\nid = "a-late"\nstance = "both"\nsection = "close"\n'
        'phase = "late"\ntext = "Bye."\n\n[[prompt]]\nid = "a-any"\nstance = "both"\nsection = "close"\ntext = "Any."\n',
        "bank.toml",
    )
    assert [(p.id, p.phase) for p in prompts] == [("a-first", "first"), ("a-any", None)]
    (warning,) = warnings
    assert warning.startswith("bank.toml, line 11: `phase` must be one of first, early, middle, closing")
