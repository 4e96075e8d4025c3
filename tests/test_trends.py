"""Trends maths: tallies, rolling means, group size, marks, reasons and topics."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from coordinator.model import (
    AttendanceMark,
    AwayPeriod,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
    MemberStatus,
    Reason,
)
from coordinator.trends import (
    attendance_by_meeting,
    expected_at,
    group_size,
    reason_label,
    reasons_breakdown,
    recent_marks,
    sparkline,
    topic_totals,
    topics_over_time,
)

ZONE = ZoneInfo("Europe/London")
START = date(2025, 1, 7)
P = AttendanceMark(Mark.PRESENT)
S = AttendanceMark(Mark.ABSENT)


def apologies(reason: Reason | None) -> AttendanceMark:
    return AttendanceMark(Mark.APOLOGIES, reason)


def meeting(
    index: int,
    attendance: dict[str, AttendanceMark],
    status: MeetingStatus = MeetingStatus.HELD,
    topics: tuple[str, ...] = (),
    guests: int = 0,
) -> Meeting:
    day = START + timedelta(days=14 * index)
    return Meeting(
        id=f"g{index + 1}",
        starts_at=datetime(day.year, day.month, day.day, 14, tzinfo=ZONE),
        status=status,
        attendance=attendance,
        topics=topics,
        guests=guests,
    )


def day_of(index: int) -> date:
    return START + timedelta(days=14 * index)


def group(meetings: list[Meeting], members: list[Member] | None = None) -> GroupData:
    members = members or [Member(id=f"m{i}", name=f"Member {i}") for i in (1, 2, 3)]
    return GroupData(group=Group(name="G"), members=tuple(members), meetings=tuple(meetings))


def test_tallies_count_marks_unknowns_and_guests() -> None:
    data = group(
        [
            meeting(0, {"m1": P, "m2": P, "m3": P}, guests=2),
            meeting(1, {"m1": P, "m2": apologies(Reason.WORK)}),
            meeting(2, {"m1": S}),
            meeting(3, {"m1": P}, status=MeetingStatus.PLANNED),
        ]
    )
    tallies = attendance_by_meeting(data, window=2)
    assert [(t.present, t.apologies, t.absent, t.unknown, t.expected) for t in tallies] == [
        (3, 0, 0, 0, 3),
        (1, 1, 0, 1, 3),
        (0, 0, 1, 2, 3),
    ]
    assert tallies[0].guests == 2
    assert [t.rolling_mean for t in tallies] == [3.0, 2.0, 0.5]
    assert tallies[1].rate == pytest.approx(1 / 3)
    assert [t.meeting_id for t in attendance_by_meeting(data, until=day_of(1))] == ["g1", "g2"]


def test_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="window"):
        attendance_by_meeting(group([]), window=0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=15), st.integers(1, 6))
def test_rolling_mean_is_the_mean_of_the_last_window(present: list[int], window: int) -> None:
    ids = ["m1", "m2", "m3"]
    data = group([meeting(i, {m: P for m in ids[:n]}) for i, n in enumerate(present)])
    tallies = attendance_by_meeting(data, window=window)
    for i, tally in enumerate(tallies):
        recent = present[max(0, i - window + 1) : i + 1]
        assert tally.rolling_mean == pytest.approx(sum(recent) / len(recent))
        assert tally.present + tally.apologies + tally.absent + tally.unknown == tally.expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=15), st.integers(1, 6), st.integers(0, 20))
def test_the_last_tallies_are_the_tail_of_all_of_them(
    present: list[int], window: int, last: int
) -> None:
    ids = ["m1", "m2", "m3"]
    data = group([meeting(i, {m: P for m in ids[:n]}) for i, n in enumerate(present)])
    every = attendance_by_meeting(data, window=window)
    assert (
        attendance_by_meeting(data, window=window, last=last) == every[max(0, len(every) - last) :]
    )


def test_group_size_follows_joiners_and_leavers() -> None:
    members = [
        Member(id="m1", name="Always"),
        Member(id="m2", name="Late", joined_on=day_of(2)),
        Member(
            id="m3", name="Gone", status=MemberStatus.LEFT, status_since=day_of(3), joined_on=None
        ),
    ]
    data = group([meeting(i, {}) for i in range(5)], members)
    assert [n for _, n in group_size(data)] == [2, 2, 3, 2, 2]
    assert group_size(data, until=day_of(1)) == [(day_of(0), 2), (day_of(1), 2)]


def test_recent_marks_oldest_first_unknown_as_none_and_not_before_joining() -> None:
    members = [Member(id="m1", name="Late", joined_on=day_of(2))]
    marks = [{}, {}, {"m1": P}, {}, {"m1": apologies(None)}, {"m1": S}]
    data = group([meeting(i, m) for i, m in enumerate(marks)], members)
    assert recent_marks(data, "m1") == [Mark.PRESENT, None, Mark.APOLOGIES, Mark.ABSENT]
    assert recent_marks(data, "m1", count=2) == [Mark.APOLOGIES, Mark.ABSENT]
    assert recent_marks(data, "m1", until=day_of(3)) == [Mark.PRESENT, None]
    assert recent_marks(data, "nobody") == []
    assert sparkline(recent_marks(data, "m1")) == "●·◐○"


def test_reasons_breakdown_counts_and_orders() -> None:
    members = [
        Member(id="m1", name="A"),
        Member(id="m2", name="B"),
        Member(
            id="m3",
            name="C",
            status=MemberStatus.LEFT,
            status_since=day_of(2),
            status_reason=Reason.MOVED,
        ),
    ]
    data = group(
        [
            meeting(0, {"m1": apologies(Reason.WORK), "m2": apologies(Reason.ILL_HEALTH)}),
            meeting(1, {"m1": apologies(Reason.WORK), "m2": apologies(None)}),
            meeting(2, {"m1": apologies(Reason.ILL_HEALTH)}),
        ],
        members,
    )
    found = reasons_breakdown(data)
    assert found.apologies == ((Reason.ILL_HEALTH, 2), (Reason.WORK, 2), (None, 1))
    assert found.leaving == ((Reason.MOVED, 1),)
    assert found.apologies_total == 5
    assert found.hint is None
    later = reasons_breakdown(data, start=day_of(1), end=day_of(1))
    assert later.apologies == ((Reason.WORK, 1), (None, 1))
    assert later.leaving == ()
    assert reason_label(None) == "not given"
    assert reason_label(Reason.ILL_HEALTH) == "flare-up / ill health"


def test_time_away_keeps_someone_on_the_roster_but_not_expected() -> None:
    """Trends use the model's two rules: on the roster (group size, recent marks) and
    expected, on the roster and not away (an apology sent for a meeting in time away is
    not counted among the reasons)."""
    away = AwayPeriod(day_of(1), day_of(1))
    members = [
        Member(id="m1", name="Away once", away=(away,)),
        Member(id="m2", name="Paused", status=MemberStatus.PAUSED, status_since=day_of(2)),
    ]
    data = group(
        [
            meeting(0, {"m1": P}),
            meeting(1, {"m1": apologies(Reason.FAMILY)}),
            meeting(2, {"m1": apologies(Reason.WORK)}),
            meeting(3, {}),
        ],
        members,
    )
    assert [n for _, n in group_size(data)] == [2, 2, 1, 1]
    assert recent_marks(data, "m1") == [Mark.PRESENT, Mark.APOLOGIES, Mark.APOLOGIES, None]
    assert recent_marks(data, "m2") == [None, None]
    assert reasons_breakdown(data).apologies == ((Reason.WORK, 1),)
    assert [expected_at(members[0], day_of(i)) for i in range(3)] == [True, False, True]
    assert [expected_at(members[1], day_of(i)) for i in range(3)] == [True, True, False]


def test_hint_when_time_or_venue_unsuitable_dominates() -> None:
    members = [
        Member(id="m1", name="A"),
        Member(
            id="m2",
            name="B",
            status=MemberStatus.LEFT,
            status_since=day_of(2),
            status_reason=Reason.TIME_UNSUITABLE,
        ),
    ]
    time = apologies(Reason.TIME_UNSUITABLE)
    venue = apologies(Reason.VENUE_UNSUITABLE)
    data = group(
        [
            meeting(0, {"m1": time, "m2": apologies(Reason.WORK)}),
            meeting(1, {"m1": venue}),
            meeting(2, {"m1": apologies(Reason.AWAY)}),
            meeting(3, {"m1": apologies(Reason.AWAY)}),
            meeting(4, {"m1": apologies(Reason.AWAY)}),
        ],
        members,
    )
    found = reasons_breakdown(data)
    assert found.hint is not None
    assert "time or venue" in found.hint
    assert "(3 of 4, including 1 who left)" in found.hint
    # One apology is not a trend.
    assert reasons_breakdown(data, end=day_of(0)).hint is None
    # When another reason is as common, it does not dominate.
    ill = apologies(Reason.ILL_HEALTH)
    more = [meeting(i, {"m1": ill}) for i in (5, 6, 7)]
    busy = replace(data, meetings=(*data.meetings, *more))
    assert reasons_breakdown(busy).hint is None


def test_topics_per_quarter_merge_case_and_spacing() -> None:
    data = group(
        [
            meeting(0, {}, topics=("Pacing", "catch-up")),
            meeting(1, {}, topics=("pacing ", "goal setting")),
            meeting(7, {}, topics=("catch-up",)),
            meeting(8, {}, status=MeetingStatus.CANCELLED, topics=("outing",)),
        ]
    )
    periods = topics_over_time(data)
    assert [(p.label, p.meetings) for p in periods] == [("Q1 2025", 2), ("Q2 2025", 1)]
    assert periods[0].topics == (("Pacing", 2), ("catch-up", 1), ("goal setting", 1))
    assert topic_totals(periods) == [("catch-up", 2), ("Pacing", 2), ("goal setting", 1)]
    months = topics_over_time(data, per="month")
    assert [p.label for p in months] == ["Jan 2025", "Apr 2025"]
    assert topics_over_time(data, start=day_of(2)) == periods[1:]
    with pytest.raises(ValueError, match="per"):
        topics_over_time(data, per="week")


def test_attendance_by_slot_and_by_venue() -> None:
    from coordinator.model import AttendanceMark, Group, Meeting, MeetingStatus, Venue
    from coordinator.trends import attendance_by_slot, attendance_by_venue

    zone = ZoneInfo("Europe/London")
    members = (Member("m1", "A"), Member("m2", "B"))

    def held(mid: str, when: datetime, venue: str | None, came: int) -> Meeting:
        marks = {m.id: AttendanceMark(Mark.PRESENT) for m in members[:came]}
        return Meeting(
            mid,
            when,
            venue_id=venue,
            location=None if venue else "the park",
            status=MeetingStatus.HELD,
            attendance=marks,
        )

    data = GroupData(
        Group("G"),
        (Venue("v1", "Cafe"), Venue("v2", "Hall")),
        members,
        (
            held("g1", datetime(2026, 3, 3, 14, tzinfo=zone), "v1", 1),
            held("g2", datetime(2026, 3, 17, 14, tzinfo=zone), "v1", 1),
            held("g3", datetime(2026, 3, 26, 10, tzinfo=zone), "v2", 2),
            held("g4", datetime(2026, 4, 2, 10, tzinfo=zone), None, 2),
        ),
    )
    slots = attendance_by_slot(data)
    assert [(s.label, s.meetings, s.mean_present, s.rate) for s in slots] == [
        ("Thursday 10:00", 2, 2.0, 1.0),
        ("Tuesday 14:00", 2, 1.0, 0.5),
    ]
    places = attendance_by_venue(data, end=date(2026, 3, 31))
    assert [(p.label, p.meetings) for p in places] == [("Cafe", 2), ("Hall", 1)]
