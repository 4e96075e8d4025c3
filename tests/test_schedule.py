"""Next meeting dates from the group's rhythm: clock changes, month ends, planning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from itertools import count as counter, pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from coordinator.model import (
    Group,
    GroupData,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Rhythm,
    RhythmUnit,
    ValidationError,
    Weekday,
)
from coordinator.schedule import occurrences, plan_next

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")


def at(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone)  # type: ignore[misc, arg-type]


def test_fortnightly_tuesday_keeps_14_00_across_both_clock_changes() -> None:
    rhythm = Rhythm(every=2, weekday=Weekday.TUE, time=time(14, 0))
    found = occurrences(rhythm, LONDON, at(LONDON, 2025, 3, 1), count=30, anchor=date(2025, 3, 4))
    assert found[0] == at(LONDON, 2025, 3, 4, 14)
    assert all(d.hour == 14 and d.minute == 0 and d.weekday() == 1 for d in found)
    assert all(b - a == timedelta(days=14) for a, b in pairwise(found))
    offsets = {d.utcoffset() for d in found}
    assert offsets == {timedelta(0), timedelta(hours=1)}  # winter and summer both covered
    # In UTC the meeting moves by an hour; on the wall clock it never does.
    assert found[0].astimezone(UTC).hour == 14
    assert at(LONDON, 2025, 4, 1, 14) in found
    assert at(LONDON, 2025, 4, 1, 14).astimezone(UTC).hour == 13


def test_weekly_in_new_york_on_the_day_of_the_change() -> None:
    # 2025-03-09 is the US spring-forward Sunday; a Sunday 10:00 group still meets at 10:00.
    rhythm = Rhythm(every=1, weekday=Weekday.SUN, time=time(10, 0))
    found = occurrences(rhythm, NEW_YORK, at(NEW_YORK, 2025, 3, 1), count=3)
    assert [d.day for d in found] == [2, 9, 16]
    assert all(d.hour == 10 for d in found)
    assert found[0].utcoffset() == timedelta(hours=-5)
    assert found[1].utcoffset() == timedelta(hours=-4)


def test_strictly_after() -> None:
    rhythm = Rhythm(every=1, weekday=Weekday.TUE)
    found = occurrences(rhythm, LONDON, at(LONDON, 2025, 3, 4, 14), count=1)
    assert found == [at(LONDON, 2025, 3, 11, 14)]
    found = occurrences(rhythm, LONDON, at(LONDON, 2025, 3, 4, 13, 59), count=1)
    assert found == [at(LONDON, 2025, 3, 4, 14)]


def test_after_in_another_zone_is_converted() -> None:
    rhythm = Rhythm(every=1, weekday=Weekday.MON, time=time(9, 0))
    # Sunday 23:30 UTC is already Monday 10:30 in Sydney: this Monday's 09:00 has gone.
    found = occurrences(rhythm, SYDNEY, datetime(2025, 6, 1, 23, 30, tzinfo=UTC), count=1)
    assert found == [at(SYDNEY, 2025, 6, 9, 9)]


def test_until_is_inclusive_and_count_limits() -> None:
    rhythm = Rhythm(every=1, weekday=Weekday.WED)
    found = occurrences(rhythm, LONDON, at(LONDON, 2025, 1, 1), until=at(LONDON, 2025, 1, 22, 14))
    assert [d.day for d in found] == [1, 8, 15, 22]
    assert len(occurrences(rhythm, LONDON, at(LONDON, 2025, 1, 1), count=2)) == 2
    assert occurrences(rhythm, LONDON, at(LONDON, 2025, 1, 1), count=0) == []


def test_last_tuesday_of_the_month_takes_fifth_tuesdays() -> None:
    rhythm = Rhythm(every=1, unit=RhythmUnit.MONTH, weekday=Weekday.TUE, nth=-1)
    found = occurrences(rhythm, LONDON, at(LONDON, 2025, 1, 1), count=12)
    expected = [
        date(2025, 1, 28),
        date(2025, 2, 25),
        date(2025, 3, 25),
        date(2025, 4, 29),
        date(2025, 5, 27),
        date(2025, 6, 24),
        date(2025, 7, 29),
        date(2025, 8, 26),
        date(2025, 9, 30),
        date(2025, 10, 28),
        date(2025, 11, 25),
        date(2025, 12, 30),
    ]
    assert [d.date() for d in found] == expected


def test_fourth_weekday_is_never_the_fifth() -> None:
    # September 2025 has five Tuesdays (2, 9, 16, 23, 30): the 4th is the 23rd.
    rhythm = Rhythm(every=1, unit=RhythmUnit.MONTH, weekday=Weekday.TUE, nth=4)
    found = occurrences(rhythm, LONDON, at(LONDON, 2025, 9, 1), count=1)
    assert found[0].date() == date(2025, 9, 23)


def test_quarterly_from_a_january_31_start_does_not_skip_short_months() -> None:
    # Counting from 31 January: April, July, October, January... each month has a
    # first Friday, even though April and others have no 31st.
    rhythm = Rhythm(every=3, unit=RhythmUnit.MONTH, weekday=Weekday.FRI, nth=1)
    found = occurrences(
        rhythm, LONDON, at(LONDON, 2025, 1, 31, 15), count=5, anchor=date(2025, 1, 31)
    )
    assert [(d.year, d.month) for d in found] == [
        (2025, 4),
        (2025, 7),
        (2025, 10),
        (2026, 1),
        (2026, 4),
    ]
    assert [d.day for d in found] == [4, 4, 3, 2, 3]


def test_monthly_every_two_keeps_phase_from_anchor() -> None:
    rhythm = Rhythm(every=2, unit=RhythmUnit.MONTH, weekday=Weekday.THU, nth=2)
    found = occurrences(rhythm, LONDON, at(LONDON, 2025, 5, 20), count=3, anchor=date(2025, 2, 13))
    assert [(d.month, d.day) for d in found] == [(6, 12), (8, 14), (10, 9)]


weekday_st = st.sampled_from(list(Weekday))
zone_st = st.sampled_from([LONDON, NEW_YORK, SYDNEY, ZoneInfo("Europe/Berlin")])
day_st = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
time_st = st.builds(time, st.integers(7, 21), st.sampled_from([0, 15, 30, 45]))


@given(every=st.integers(1, 4), wd=weekday_st, zone=zone_st, start=day_st, at_time=time_st)
def test_weekly_property(
    every: int, wd: Weekday, zone: ZoneInfo, start: date, at_time: time
) -> None:
    rhythm = Rhythm(every=every, weekday=wd, time=at_time)
    after = datetime.combine(start, time(0, 0), tzinfo=zone)
    found = occurrences(rhythm, zone, after, count=30)
    assert len(found) == 30
    assert found[0] > after
    assert (found[0].date() - start).days < 7 * every
    for d in found:
        assert d.tzinfo is zone
        assert d.weekday() == wd.number
        assert d.time() == at_time  # wall time never moves with the clocks
    assert all((b.date() - a.date()).days == 7 * every for a, b in pairwise(found))


@given(
    every=st.integers(1, 4),
    wd=weekday_st,
    nth=st.sampled_from([1, 2, 3, 4, -1]),
    zone=zone_st,
    start=day_st,
)
def test_monthly_property(every: int, wd: Weekday, nth: int, zone: ZoneInfo, start: date) -> None:
    rhythm = Rhythm(every=every, unit=RhythmUnit.MONTH, weekday=wd, nth=nth)
    after = datetime.combine(start, time(0, 0), tzinfo=zone)
    found = occurrences(rhythm, zone, after, count=12, anchor=start)
    assert len(found) == 12
    months = [d.year * 12 + d.month for d in found]
    # Not one month in the cycle is skipped, whatever the month lengths.
    assert all(b - a == every for a, b in pairwise(months))
    for d in found:
        assert d.weekday() == wd.number
        assert d.time() == time(14, 0)
        if nth == -1:
            assert (d + timedelta(days=7)).month != d.month
        else:
            assert (d.day - 1) // 7 + 1 == nth


# --- plan_next ---------------------------------------------------------------------


def ids() -> Callable[[], str]:
    numbers = counter(1)
    return lambda: f"p{next(numbers)}"


def group(rhythm: Rhythm | None = None, started: date | None = None) -> Group:
    return Group(
        name="Tuesday Crew",
        timezone="Europe/London",
        rhythm=rhythm or Rhythm(),
        started_on=started,
        default_venue_id="v1",
    )


def meeting(mid: str, when: datetime, **kw: object) -> Meeting:
    return Meeting(id=mid, starts_at=when, **kw)  # type: ignore[arg-type]


def test_plan_next_continues_the_fortnight_after_the_last_meeting() -> None:
    data = GroupData(
        group=group(),
        meetings=(
            meeting("g1", at(LONDON, 2025, 3, 4, 14), status=MeetingStatus.HELD),
            meeting("g2", at(LONDON, 2025, 3, 18, 14), status=MeetingStatus.HELD),
        ),
    )
    # Ten days after the last meeting: the next is 14 days after it, not 21.
    now = at(LONDON, 2025, 3, 28, 9)
    planned = plan_next(data, now, 3, make_id=ids())
    assert [m.starts_at for m in planned] == [
        at(LONDON, 2025, 4, 1, 14),
        at(LONDON, 2025, 4, 15, 14),
        at(LONDON, 2025, 4, 29, 14),
    ]
    assert [m.id for m in planned] == ["p1", "p2", "p3"]
    first = planned[0]
    assert first.status is MeetingStatus.PLANNED
    assert first.kind is MeetingKind.REGULAR
    assert first.venue_id == "v1"
    assert first.duration_minutes == 120
    assert first.starts_at.utcoffset() == timedelta(hours=1)  # BST begins 30 March


def test_plan_next_starts_after_already_planned_meetings() -> None:
    data = GroupData(
        group=group(),
        meetings=(
            meeting("g1", at(LONDON, 2025, 3, 4, 14), status=MeetingStatus.HELD),
            meeting("g2", at(LONDON, 2025, 3, 18, 14)),
        ),
    )
    planned = plan_next(data, at(LONDON, 2025, 3, 5, 9), 2, make_id=ids())
    assert [m.day for m in planned] == [date(2025, 4, 1), date(2025, 4, 15)]


def test_plan_next_skips_a_day_that_already_has_a_meeting() -> None:
    # An early meeting on the rhythm's own day: the rhythm's 14:00 slot is not doubled.
    data = GroupData(
        group=group(),
        meetings=(
            meeting("g1", at(LONDON, 2025, 3, 4, 14), status=MeetingStatus.HELD),
            meeting("g2", at(LONDON, 2025, 3, 18, 10), kind=MeetingKind.SPECIAL),
        ),
    )
    planned = plan_next(data, at(LONDON, 2025, 3, 5), 2, make_id=ids())
    assert [m.day for m in planned] == [date(2025, 4, 1), date(2025, 4, 15)]


def test_plan_next_ignores_an_off_rhythm_outing_for_the_phase() -> None:
    data = GroupData(
        group=group(),
        meetings=(
            meeting("g1", at(LONDON, 2025, 3, 4, 14), status=MeetingStatus.HELD),
            meeting(
                "g2",
                at(LONDON, 2025, 3, 15, 11),
                kind=MeetingKind.SOCIAL,
                status=MeetingStatus.HELD,
            ),
        ),
    )
    planned = plan_next(data, at(LONDON, 2025, 3, 16), 1, make_id=ids())
    assert planned[0].day == date(2025, 3, 18)


def test_plan_next_with_no_meetings_counts_from_the_start_date() -> None:
    data = GroupData(group=group(started=date(2025, 3, 4)))
    planned = plan_next(data, at(LONDON, 2025, 3, 12), 1, make_id=ids())
    assert planned[0].day == date(2025, 3, 18)


def test_plan_next_monthly_last_tuesday() -> None:
    rhythm = Rhythm(every=1, unit=RhythmUnit.MONTH, weekday=Weekday.TUE, nth=-1)
    data = GroupData(group=group(rhythm))
    planned = plan_next(data, at(LONDON, 2025, 9, 1), 2, make_id=ids())
    assert [m.day for m in planned] == [date(2025, 9, 30), date(2025, 10, 28)]
    assert planned[1].starts_at.hour == 14
    assert planned[1].starts_at.utcoffset() == timedelta(0)  # after the October change


def test_plan_next_default_ids_are_fresh() -> None:
    data = GroupData(group=group(started=date(2025, 3, 4)))
    planned = plan_next(data, at(LONDON, 2025, 3, 1), 3)
    assert len({m.id for m in planned}) == 3
    assert all(m.id.startswith("g") for m in planned)


def test_plan_next_needs_a_group() -> None:
    with pytest.raises(ValidationError, match="Group"):
        plan_next(GroupData(group=None), at(LONDON, 2025, 3, 1), 1)
    assert plan_next(GroupData(group=group()), at(LONDON, 2025, 3, 1), 0) == []
