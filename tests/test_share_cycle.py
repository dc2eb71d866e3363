"""The cycle part of a share (docs/share-format.md, "The cycle"): it reads back as it was
written, a version-1 share still reads, which cycle a share carries, what an import keeps
of it, and the cycle summary that shows it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from companion import cycle_share
from companion.cycles import start_new_cycle
from companion.models import Goal, GoalStatus, Partnership, Reflection, Session, SessionState, Stance, StatusChange
from companion.partner_cycle import AchievedGoal, PartnerCycle, RatingAverage
from companion.share import FENCE, Share, share_text
from companion.share_read import NAME_MAX, fenced_block, parse_share
from companion.store import Store

NOW = datetime(2026, 11, 24, 10, 0)
words = st.text(min_size=1, max_size=60).filter(str.strip)
days = st.dates(date(2000, 1, 1), date(2100, 1, 1))
ratings = st.one_of(st.none(), st.integers(1, 5))
averages = st.builds(RatingAverage, count=st.integers(1, 500), average=st.floats(1, 5).map(lambda x: round(x, 1)))


@st.composite
def sides(draw) -> PartnerCycle:
    start = draw(days)
    return PartnerCycle(
        number=draw(st.integers(1, 10_000)),
        start=start,
        end=start + timedelta(days=draw(st.integers(0, 400))),
        review_on=draw(days),
        so_far=draw(st.booleans()),
        held=draw(st.integers(0, 1000)),
        goals_achieved=draw(
            st.lists(st.builds(AchievedGoal, title=words.map(lambda t: t[:NAME_MAX]), start=ratings, end=ratings))
        ),
        candour=draw(st.one_of(st.none(), averages)),
        value=draw(st.one_of(st.none(), averages)),
        plans_happened=draw(st.lists(words, max_size=5)),
        lessons_still_true=draw(st.lists(words, max_size=5)),
    )


def _share(side: PartnerCycle | None) -> Share:
    return Share(made_at=NOW, from_name="Alex Kim", from_link="e1f7d14e0c8c3035", to_name="Sam", to_link="", cycle=side)


@settings(max_examples=60, deadline=None)
@given(side=sides())
def test_the_cycle_part_reads_back_as_it_was_written(side):
    text = share_text(_share(side))
    assert f"## My side of cycle {side.number}" in text
    assert parse_share(text.encode(), "share.md").cycle == side


def test_a_version_1_share_still_reads_and_has_no_cycle():
    text = share_text(_share(None))
    data = json.loads(fenced_block(text))
    assert data["version"] == 2 and data["cycle"] is None
    del data["cycle"]
    data["version"] = 1
    old = text[: text.rindex(FENCE)] + f"{FENCE}\n{json.dumps(data)}\n```\n"
    assert parse_share(old.encode(), "old.md").cycle is None


# --- which cycle a share carries ----------------------------------------------------------------


def _held(store: Store, day: date, candour: int | None = None, private: bool = False) -> None:
    reflection = Reflection(candour=candour, is_draft=False, private=private) if candour else None
    at = datetime(day.year, day.month, day.day, 16)
    store.add(Session(partnership_id=1, scheduled_at=at, state=SessionState.HELD, held_at=at, reflection=reflection))


def test_a_share_carries_the_current_cycle_so_far_then_the_one_that_just_ended(onboarded: Store):
    partnership = onboarded.get(Partnership, 1)
    assert partnership is not None
    assert cycle_share.my_side(onboarded, partnership, NOW.date()) is None  # nothing to say yet
    _held(onboarded, date(2026, 11, 10), candour=4)
    _held(onboarded, date(2026, 11, 17), candour=3)
    _held(onboarded, date(2026, 11, 17) + timedelta(days=1), candour=1, private=True)
    onboarded.add(
        Goal(
            partnership_id=1,
            title="Learn SQL",
            status=GoalStatus.ACHIEVED,
            status_changes=[StatusChange(on=date(2026, 11, 17), status=GoalStatus.ACHIEVED)],
            self_assessment_start=2,
            self_assessment_end=4,
        )
    )
    side = cycle_share.my_side(onboarded, partnership, NOW.date())
    assert side is not None and (side.number, side.start, side.end, side.so_far) == (
        1,
        date(2026, 11, 3),
        NOW.date(),
        True,
    )
    assert side.held == 3 and side.candour == RatingAverage(count=2, average=3.5)
    assert side.goals_achieved == [AchievedGoal(title="Learn SQL", start=2, end=4)]
    mentor = replace(partnership, stance=Stance.MENTOR)
    assert cycle_share.my_side(onboarded, mentor, NOW.date()).goals_achieved == []  # their goals, not mine
    started = start_new_cycle(onboarded, partnership, date(2026, 12, 1)).partnership
    ended = cycle_share.my_side(onboarded, started, date(2026, 12, 2))
    assert ended is not None and (ended.number, ended.end, ended.so_far) == (1, date(2026, 11, 30), False)
    _held(onboarded, date(2026, 12, 1))
    assert cycle_share.my_side(onboarded, started, date(2026, 12, 2)).number == 2


def test_the_extension_points_are_asked_for_shareable_lines_only(onboarded: Store, monkeypatch):
    asked = []

    def plans(store, facts):
        asked.append(facts.include_private)
        return ["- When stuck, I will ask Sam", "", "  * When a review says 'use the AI', I will try it  "]

    monkeypatch.setattr(cycle_share, "plans_that_happened", plans)
    monkeypatch.setattr(cycle_share, "lessons_still_true", lambda store, facts: ["x" * 3000])
    partnership = onboarded.get(Partnership, 1)
    side = cycle_share.my_side(onboarded, partnership, NOW.date())
    assert asked == [False] and side is not None
    assert side.plans_happened == ["When stuck, I will ask Sam", "When a review says 'use the AI', I will try it"]
    assert len(side.lessons_still_true[0]) == 2000  # bounded as a reader requires
    text = share_text(_share(side))
    assert parse_share(text.encode(), "share.md").cycle == side


def test_the_partners_side_is_stored_and_checked_like_any_field(onboarded: Store):
    from companion.codec import to_doc
    from companion.partner_cycle import with_side
    from companion.record_checks import check_tables

    side = PartnerCycle(number=2, start=date(2027, 2, 3), end=date(2027, 3, 1), review_on=date(2027, 5, 3), held=3)
    side.candour = RatingAverage(count=3, average=3.7)
    with onboarded.transaction():
        onboarded.update(Partnership, 1, partner_cycles=with_side([], side))
    stored = Store(onboarded.data_dir).open().get(Partnership, 1)
    assert stored is not None and stored.partner_cycles == [side]
    doc = to_doc(stored)
    assert check_tables({"partnerships": {"1": doc}}) == []
    doc["partner_cycles"][0]["candour"]["average"] = 7
    assert [d.field for d in check_tables({"partnerships": {"1": doc}})] == ["partner_cycles[0].candour.average"]
    later = PartnerCycle(number=1, start=date(2026, 11, 3), end=date(2027, 2, 2), review_on=date(2027, 2, 3))
    assert [c.number for c in with_side(stored.partner_cycles, later)] == [1, 2]
    assert with_side([side, later], replace(side, held=5))[-1].held == 5
