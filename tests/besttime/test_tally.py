"""The tally of replies: yes / maybe / no per proposed date, kept in the settings."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings, strategies as st

from coordinator.besttime.tally import SETTING, Reply, Tally, TallyOption, read_option
from coordinator.model import ValidationError, Weekday

THU = TallyOption(Weekday.THU, time(10), date(2026, 12, 10))
WED = TallyOption(Weekday.WED, time(14), date(2026, 12, 9))
FRI = TallyOption(Weekday.FRI, time(11), None, "v2")


def test_replies_counted_and_the_leader_found() -> None:
    tally = Tally((THU, WED, FRI))
    tally = tally.with_reply("m1", 0, Reply.YES).with_reply("m2", 0, Reply.MAYBE)
    tally = tally.with_reply("m1", 1, Reply.NO).with_reply("m2", 1, Reply.YES)
    tally = tally.with_reply("m3", 0, Reply.YES)
    asked = ["m1", "m2", "m3", "m4"]
    assert tally.counts(0, asked).words() == "2 yes · 1 maybe · 0 no · 1 waiting"
    assert tally.leading(asked) == 0
    assert tally.with_reply("m3", 0, None).reply("m3", 0) is None
    assert THU.label() == "Thu 10 Dec 10:00" and FRI.label() == "Fridays 11:00"


def test_removing_an_option_shifts_later_replies_and_the_choice() -> None:
    tally = Tally((THU, WED, FRI), chosen=2).with_reply("m1", 2, Reply.YES)
    shorter = tally.without_option(0)
    assert shorter.options == (WED, FRI)
    assert shorter.reply("m1", 1) is Reply.YES and shorter.chosen == 1


def test_at_most_five_options_and_no_repeats() -> None:
    tally = Tally((THU,))
    with pytest.raises(ValidationError, match="proposed already"):
        tally.with_option(THU)
    for hour in range(9, 13):
        tally = tally.with_option(TallyOption(Weekday.MON, time(hour)))
    with pytest.raises(ValidationError, match="at most 5"):
        tally.with_option(WED)


def test_options_typed_as_dates_or_weekdays() -> None:
    assert read_option("2026-12-10", "10am") == THU
    assert read_option("Fri", "11:00", "v2") == FRI
    with pytest.raises(ValidationError, match="Date or weekday"):
        read_option("soon", "10:00")
    with pytest.raises(ValidationError, match="Time"):
        read_option("thu", "whenever")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([THU, WED, FRI]), min_size=1, max_size=3, unique=True),
    st.dictionaries(
        st.sampled_from(["m1", "m2", "m3"]),
        st.dictionaries(st.integers(0, 2), st.sampled_from(list(Reply))),
    ),
)
def test_the_tally_survives_the_settings_round_trip(
    options: list[TallyOption], replies: dict[str, dict[int, Reply]]
) -> None:
    tally = Tally(tuple(options))
    for member_id, theirs in replies.items():
        for index, reply in theirs.items():
            if index < len(options):
                tally = tally.with_reply(member_id, index, reply)
    kept = {SETTING: tally.to_setting()}
    assert Tally.from_settings(kept) == tally


@pytest.mark.parametrize(
    "broken",
    [
        "text",
        {"options": "x"},
        {"options": [{"weekday": "funday", "time": "10:00"}]},
        {"options": [{"weekday": "thu", "time": "10:00"}], "replies": {"m1": {"7": "yes"}}},
        {"options": [{"weekday": "thu", "time": "10:00"}], "replies": {"m1": {"0": "perhaps"}}},
        {"options": [{"weekday": "thu", "time": "10:00"}], "chosen": 3},
        {"options": [{"date": "2026-12-10", "weekday": "thu", "time": "25:00"}]},
    ],
)
def test_a_damaged_saved_tally_is_refused_with_a_message(broken: object) -> None:
    with pytest.raises(ValidationError, match="Tally"):
        Tally.from_settings({SETTING: broken})
