"""Counts of zero said honestly: best time never says "everyone can come" when there is
nobody on the roster or somebody has not said when they can come."""

from __future__ import annotations

from datetime import date, time

from hypothesis import given, settings, strategies as st

from coordinator.besttime.slots import (
    SlotRequest,
    can_come_words,
    cannot_words,
    nobody_words,
    rank_slots,
)
from coordinator.model import GroupData, Member, MemberStatus
from tests.besttime.test_best_time_cli import GROUP, VENUE

TODAY = date(2026, 11, 23)
# A narrow window keeps the ranking small (a few slots a day).
REQUEST = SlotRequest(earliest=time(13, 0), latest=time(17, 0), step=60)
SAID = st.sampled_from(["", "", "not Mondays", "mornings only", "any time"])
ROSTER = st.lists(st.tuples(SAID, st.sampled_from(list(MemberStatus))), min_size=0, max_size=6)


def group(roster: list[tuple[str, MemberStatus]]) -> GroupData:
    members = tuple(
        Member(f"m{i}", f"Member {i}", availability=said, status=status)
        for i, (said, status) in enumerate(roster, start=1)
    )
    return GroupData(group=GROUP, venues=(VENUE,), members=members)


@settings(max_examples=60, deadline=None)
@given(roster=ROSTER)
def test_everyone_can_come_only_when_everyone_said(
    roster: list[tuple[str, MemberStatus]],
) -> None:
    ranking = rank_slots(group(roster), REQUEST, TODAY)
    active = [said for said, status in roster if status is MemberStatus.ACTIVE]
    for option in (*ranking.options, ranking.current):
        assert option is not None
        words = cannot_words(option, ranking)
        sentence = can_come_words(option, ranking)
        if not active:
            assert words == "nobody on the roster"
            assert sentence == "Nobody is on the roster yet."
        elif "everyone" in words or "Everyone can come" in sentence:
            assert all(said for said in active) and not option.cannot
        if active and not any(active):
            assert words in ("nobody has said yet", ", ".join(c.name for c in option.cannot))
    nobody = nobody_words(ranking)
    assert (nobody is not None) == (not any(active))
    if not active:
        assert nobody is not None and nobody.startswith("Nobody is on the roster")


def test_the_words_for_each_count() -> None:
    said = group([("not Mondays", MemberStatus.ACTIVE), ("", MemberStatus.ACTIVE)])
    ranking = rank_slots(said, REQUEST, TODAY)
    tuesday = next(o for o in ranking.options if o.weekday.value == "tue")
    assert cannot_words(tuesday, ranking) == "none of those who said; 1 not said"
    assert can_come_words(tuesday, ranking) == (
        "Everyone who said can come; 1 member not said yet (Member 2)."
    )
    nobody = rank_slots(group([("", MemberStatus.ACTIVE)]), REQUEST, TODAY)
    assert nobody_words(nobody) == (
        "Nobody has said when they can come yet (1 active member on the roster): add it "
        "with e on a member. Until then only access needs and time away tell the slots apart."
    )
    everyone = rank_slots(group([("any time", MemberStatus.ACTIVE)]), REQUEST, TODAY)
    assert cannot_words(everyone.options[0], everyone) == "everyone can come"
