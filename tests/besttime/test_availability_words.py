"""Availability in plain words read into rules; nothing typed is ever dropped."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from coordinator.besttime.availability import read_availability
from coordinator.besttime.rules import RuleKind
from coordinator.model import Weekday

MON, TUE, THU, FRI = Weekday.MON, Weekday.TUE, Weekday.THU, Weekday.FRI


@pytest.mark.parametrize(
    ("typed", "summary"),
    [
        ("not Mondays", "✓ not on Mondays"),
        ("no Tuesdays", "✓ not on Tuesdays"),
        ("can't do Fridays", "✓ not on Fridays"),
        ("Can’t do Fridays", "✓ not on Fridays"),
        ("weekdays only", "✓ only on weekdays"),
        ("Thursdays only", "✓ only on Thursdays"),
        ("Tue or Thu", "✓ only on Tuesdays or Thursdays"),
        ("Tues/Thurs", "✓ only on Tuesdays or Thursdays"),
        ("Mon-Wed", "✓ only on Mondays, Tuesdays or Wednesdays"),
        ("not after 4pm", "✓ not after 16:00"),
        ("not after 4 pm", "✓ not after 16:00"),
        ("not before 10:30", "✓ not before 10:30"),
        ("not before 10.30am", "✓ not before 10:30"),
        ("after 2", "✓ not before 14:00"),
        ("before noon", "✓ not after 12:00"),
        ("no later than 3.30pm", "✓ not after 15:30"),
        ("9.30 onwards", "✓ not before 09:30"),
        ("not after half four", "✓ not after 16:30"),
        ("home by quarter to five", "✓ not after 16:45"),
        ("after three", "✓ not before 15:00"),
        ("mornings only", "✓ mornings only"),
        ("only afternoons", "✓ afternoons only"),
        ("no evenings", "✓ no evenings"),
        ("mornings are hard", "✓ no mornings"),
        ("between 10 and 2", "✓ not before 10:00 · ✓ not after 14:00"),
        ("10am-2pm", "✓ not before 10:00 · ✓ not after 14:00"),
        ("not between 3 and 4", "✓ not between 15:00 and 16:00"),
        ("Fridays: after 2", "✓ on Fridays: not before 14:00"),
        ("not Monday mornings", "✓ on Mondays: no mornings"),
        ("not Mondays and Fridays", "✓ not on Mondays · ✓ not on Fridays"),
        ("any day except Fridays", "✓ any time · ✓ not on Fridays"),
        (
            "not Mondays, not after 4pm; school run",
            "✓ not on Mondays · ✓ not after 16:00 · ? 'school run' not understood",
        ),
        ("not Mondays and not after 4pm", "✓ not on Mondays · ✓ not after 16:00"),
        ("shifts change every few weeks", "? 'shifts change every few weeks' not understood"),
        ("", "no limits given"),
    ],
)
def test_plain_words_read_as_the_coordinator_meant(typed: str, summary: str) -> None:
    assert read_availability(typed).summary() == summary


def test_a_meeting_that_breaks_a_rule_is_explained_in_the_members_words() -> None:
    said = read_availability("not Mondays, not after 4pm")
    assert [str(c) for c in said.conflicts(TUE, 14 * 60 + 30, 16 * 60 + 30)] == [
        "'not after 4pm' (it ends at 16:30)"
    ]
    assert [str(c) for c in said.conflicts(MON, 10 * 60, 12 * 60)] == [
        "'not Mondays' (it is on a Monday)"
    ]
    assert said.conflicts(TUE, 14 * 60, 16 * 60) == []


def test_only_days_named_in_several_places_count_together() -> None:
    said = read_availability("Tuesdays, Thursdays")
    assert said.conflicts(TUE, 600, 720) == [] and said.conflicts(THU, 600, 720) == []
    assert said.conflicts(FRI, 600, 720)
    # A day named with a time of its own is a day they can come, on those terms.
    terms = read_availability("Mon-Thu any time, Fridays after 2")
    assert terms.conflicts(FRI, 14 * 60, 16 * 60) == []
    assert terms.conflicts(FRI, 10 * 60, 12 * 60)
    assert {r.kind for r in terms.rules} == {RuleKind.ONLY_ON, RuleKind.NOT_BEFORE}


VOCABULARY = (
    "not no never can't only Mondays tue Thurs weekdays weekend mornings afternoons "
    "evenings after before between and or but except any time noon 4pm 10:30 2 9.30 "
    "- / , ; . school run hard out from to until by the on i 99 25:00 half quarter past "
    "four [bold] ( ) & é 🙂"
)
WORDS = st.sampled_from(VOCABULARY.split())
TYPED = st.one_of(
    st.lists(WORDS, max_size=12).map(" ".join),
    st.text(max_size=60),
)
# Words that only join or separate pieces ("and", "but", "&", "/") are structure.
JOINERS = {"and", "but", "also", "plus", "then"}


@settings(max_examples=300, deadline=None)
@given(TYPED)
def test_reading_never_raises_and_every_word_is_understood_or_reported(typed: str) -> None:
    said = read_availability(typed)
    summary = said.summary()
    assert isinstance(summary, str)
    for piece in said.pieces:
        assert piece.text == " ".join(typed[piece.start : piece.end].split())
        assert piece.text  # never an empty piece
        if not piece.understood:
            assert f"'{piece.text}' not understood" in summary
    covered = [False] * len(typed)
    for piece in said.pieces:
        for k in range(piece.start, piece.end):
            covered[k] = True
    for word in re.finditer(r"[^\W_]+", typed):
        if word.group().lower() in JOINERS | {"except", "excluding", "bar"}:
            continue
        assert all(covered[word.start() : word.end()]), (typed, word.group(), said.pieces)


@settings(max_examples=200, deadline=None)
@given(TYPED, st.sampled_from(list(Weekday)), st.integers(0, 1439), st.integers(15, 720))
def test_judging_a_slot_never_raises(typed: str, day: Weekday, start: int, length: int) -> None:
    for conflict in read_availability(typed).conflicts(day, start, start + length):
        assert conflict.words and conflict.fact


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_access_words_never_raise_and_keep_every_piece(typed: str) -> None:
    from coordinator.besttime.access import read_access_needs, read_venue_access

    for reading, needs in ((read_access_needs(typed), True), (read_venue_access(typed), False)):
        summary = reading.summary(needs=needs)
        for piece in reading.pieces:
            assert piece.text
            if not piece.understood:
                assert f"'{piece.text}' not understood" in summary


@settings(max_examples=40, deadline=None)
@given(st.lists(TYPED, min_size=1, max_size=5))
def test_ranking_never_raises_and_puts_most_who_can_come_first(said: list[str]) -> None:
    from datetime import date, time

    from coordinator.besttime.slots import SlotRequest, rank_slots
    from coordinator.model import Group, GroupData, Member, Rhythm, Venue

    people = tuple(Member(f"m{i}", f"M{i}", availability=s) for i, s in enumerate(said))
    group = Group("G", rhythm=Rhythm(time=time(14)), default_venue_id="v1")
    data = GroupData(group, (Venue("v1", "Cafe", access_notes="step-free"),), people)
    ranking = rank_slots(data, SlotRequest(days=(MON, THU)), date(2026, 11, 23))
    counts = [len(o.can_come) for o in ranking.options]
    assert counts == sorted(counts, reverse=True)
    for option in ranking.options:
        assert len(option.can_come) + len(option.cannot) == len(people)
