"""Trends in the group's own history: attendance, size, marks, reasons and topics.

Pure functions over :class:`GroupData`; only *held* meetings count, and an explicit
``until`` (or ``start``/``end``) date bounds what is read. Nothing here reads the clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from coordinator.model import (
    MARK_SYMBOLS,
    REASON_LABELS,
    GroupData,
    Mark,
    Meeting,
    Member,
    MemberStatus,
    Reason,
    active_on,
)

UNSUITABLE = (Reason.TIME_UNSUITABLE, Reason.VENUE_UNSUITABLE)
# "Dominates" needs a few cases behind it: one person's single apology is not a trend.
HINT_MIN_CASES = 3


class MeetingTally(NamedTuple):
    """Who came to one held meeting, and the rolling mean of attendance up to it."""

    meeting_id: str
    day: date
    present: int
    apologies: int
    absent: int
    unknown: int
    expected: int
    guests: int
    rolling_mean: float

    @property
    def rate(self) -> float | None:
        """Share of the expected members who came (None when nobody was expected)."""
        return self.present / self.expected if self.expected else None


def attendance_by_meeting(
    data: GroupData, until: date | None = None, window: int = 4, last: int | None = None
) -> list[MeetingTally]:
    """One tally per held meeting (oldest first) up to ``until``, with the mean of
    members present over the last ``window`` meetings (fewer at the start). With
    ``last``, only the last ``last`` meetings' tallies (their means still count the
    meetings before them)."""
    if window < 1:
        raise ValueError("window should be at least 1")
    held = data.held_meetings(until)
    first = 0 if last is None else max(0, len(held) - last)
    tallies: list[MeetingTally] = []
    counts = [_present(m) for m in held[max(0, first - window + 1) : first]]
    for meeting in held[first:]:
        expected = {m.id for m in active_on(data.members, meeting.day)}
        marks = Counter(mark.status for mark in meeting.attendance.values())
        marked_expected = sum(1 for member_id in expected if member_id in meeting.attendance)
        counts.append(marks[Mark.PRESENT])
        recent = counts[-window:]
        tallies.append(
            MeetingTally(
                meeting_id=meeting.id,
                day=meeting.day,
                present=marks[Mark.PRESENT],
                apologies=marks[Mark.APOLOGIES],
                absent=marks[Mark.ABSENT],
                unknown=len(expected) - marked_expected,
                expected=len(expected),
                guests=meeting.guests,
                rolling_mean=sum(recent) / len(recent),
            )
        )
    return tallies


def _present(meeting: Meeting) -> int:
    return sum(1 for mark in meeting.attendance.values() if mark.status is Mark.PRESENT)


def group_size(data: GroupData, until: date | None = None) -> list[tuple[date, int]]:
    """How many members were expected at each held meeting (on the roster then: joined,
    and not left or paused by that day), oldest first. Someone who joined after the last
    meeting is not counted yet: say so wherever this is shown next to today's roster."""
    return [(m.day, len(active_on(data.members, m.day))) for m in data.held_meetings(until)]


def recent_marks(
    data: GroupData, member_id: str, count: int = 8, until: date | None = None
) -> list[Mark | None]:
    """The member's marks at the last ``count`` held meetings they were a member for,
    oldest first; None where nothing was recorded (unknown)."""
    member = data.member(member_id)
    if member is None:
        return []
    marks: list[Mark | None] = []
    # From the newest back, stopping once there are enough: quick with years of meetings.
    for meeting in reversed(data.held_meetings(until)):
        if len(marks) >= count:
            break
        mark = meeting.mark_for(member_id)
        if mark is None and not member.on_roster(meeting.day):
            continue
        marks.append(mark.status if mark else None)
    marks.reverse()
    return marks


def sparkline(marks: Sequence[Mark | None]) -> str:
    """Marks as on the paper register: ● present, ◐ apologies, ○ absent, · unknown."""
    return "".join(MARK_SYMBOLS[mark] for mark in marks)


class ReasonsBreakdown(NamedTuple):
    """Why people sent apologies and why they left, most common first."""

    apologies: tuple[tuple[Reason | None, int], ...]
    leaving: tuple[tuple[Reason | None, int], ...]
    hint: str | None

    @property
    def apologies_total(self) -> int:
        return sum(n for _, n in self.apologies)

    @property
    def leaving_total(self) -> int:
        return sum(n for _, n in self.leaving)


def reason_label(reason: Reason | None) -> str:
    """A reason in plain words ("not given" when none was recorded)."""
    return "not given" if reason is None else REASON_LABELS[reason]


def expected_at(member: Member | None, day: date) -> bool:
    """Was ``member`` expected that day: on the roster and not on planned time away? An
    apology sent for a meeting in planned time away is not counted as an apology (the
    attendance summary shows the meeting as away, ``-``), so the reasons given add up
    to the apologies counted. A member no longer known is counted as expected."""
    if member is None:
        return True
    return member.expected_on(day)


def reasons_breakdown(
    data: GroupData, start: date | None = None, end: date | None = None
) -> ReasonsBreakdown:
    """Apologies at held meetings between ``start`` and ``end`` (inclusive, either open)
    and members who left in that time, counted by reason; with a plain hint when "time
    or venue unsuitable" is the most common reason, since it is the main fixable cause
    of people drifting away."""

    def within(day: date | None) -> bool:
        if day is None:
            return start is None
        return (start is None or day >= start) and (end is None or day <= end)

    apologies: Counter[Reason | None] = Counter()
    members = {m.id: m for m in data.members}
    for meeting in data.held_meetings(end):
        if not within(meeting.day):
            continue
        for member_id, mark in meeting.attendance.items():
            if mark.status is Mark.APOLOGIES and expected_at(members.get(member_id), meeting.day):
                apologies[mark.reason] += 1
    leaving: Counter[Reason | None] = Counter()
    for member in data.members:
        if member.status is MemberStatus.LEFT and within(member.status_since):
            leaving[member.status_reason] += 1
    return ReasonsBreakdown(
        apologies=_ordered(apologies),
        leaving=_ordered(leaving),
        hint=_unsuitable_hint(apologies, leaving),
    )


def _ordered(counts: Counter[Reason | None]) -> tuple[tuple[Reason | None, int], ...]:
    # Most common first; "not given" after named reasons with the same count.
    return tuple(sorted(counts.items(), key=lambda i: (-i[1], i[0] is None, reason_label(i[0]))))


def _unsuitable_hint(
    apologies: Counter[Reason | None], leaving: Counter[Reason | None]
) -> str | None:
    # Being away is planned and not something the group can change: leave it out.
    combined: Counter[Reason | None] = Counter()
    for counts in (apologies, leaving):
        for reason, n in counts.items():
            if reason is not Reason.AWAY or counts is leaving:
                combined[reason] += n
    unsuitable = sum(combined[r] for r in UNSUITABLE)
    others = [n for r, n in combined.items() if r not in UNSUITABLE and r is not None]
    if unsuitable < HINT_MIN_CASES or unsuitable <= max(others, default=0):
        return None
    left = sum(leaving[r] for r in UNSUITABLE)
    total = sum(combined.values())
    also = f", including {left} who left" if left else ""
    return (
        f"The time or venue not suiting is the most common reason ({unsuitable} of {total}"
        f"{also}). It is the one the group can fix: ask members what day, time and place "
        "would suit them."
    )


class TopicsInPeriod(NamedTuple):
    """What the group's held meetings covered in one month or quarter."""

    start: date
    label: str
    meetings: int
    topics: tuple[tuple[str, int], ...]


def _period_start(day: date, per: str) -> date:
    if per == "month":
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _period_label(start: date, per: str) -> str:
    if per == "month":
        return start.strftime("%b %Y")
    return f"Q{(start.month - 1) // 3 + 1} {start.year}"


def topics_over_time(
    data: GroupData, start: date | None = None, end: date | None = None, per: str = "quarter"
) -> list[TopicsInPeriod]:
    """Topics covered at held meetings, counted per ``month`` or ``quarter``, oldest
    first; topics are compared without regard to case or spacing."""
    if per not in ("month", "quarter"):
        raise ValueError("per should be 'month' or 'quarter'")
    meetings: dict[date, list[Meeting]] = {}
    for meeting in data.held_meetings(end):
        if start is not None and meeting.day < start:
            continue
        meetings.setdefault(_period_start(meeting.day, per), []).append(meeting)
    found: list[TopicsInPeriod] = []
    for begins, held in sorted(meetings.items()):
        counts: Counter[str] = Counter()
        names: dict[str, str] = {}
        for meeting in held:
            for topic in {_topic_key(t): t.strip() for t in meeting.topics}.items():
                key, name = topic
                names.setdefault(key, name)
                counts[key] += 1
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        found.append(
            TopicsInPeriod(
                start=begins,
                label=_period_label(begins, per),
                meetings=len(held),
                topics=tuple((names[key], n) for key, n in ordered),
            )
        )
    return found


def _topic_key(topic: str) -> str:
    return " ".join(topic.split()).casefold()


def topic_totals(periods: Sequence[TopicsInPeriod]) -> list[tuple[str, int]]:
    """Topics across all the periods, most covered first."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for period in periods:
        for name, n in period.topics:
            key = _topic_key(name)
            names.setdefault(key, name)
            counts[key] += n
    return [(names[k], n) for k, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]


class PlaceOrSlotAttendance(NamedTuple):
    """Attendance at the held meetings of one slot (weekday and start time) or one
    place: how many meetings, the mean number present, and the share of those expected
    who came (None when nobody was expected)."""

    label: str
    meetings: int
    mean_present: float
    rate: float | None


def _grouped(
    data: GroupData, key: Callable[[Meeting], str], start: date | None, end: date | None
) -> list[PlaceOrSlotAttendance]:
    present: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    meetings: Counter[str] = Counter()
    for meeting in data.held_meetings(end):
        if start is not None and meeting.day < start:
            continue
        label = key(meeting)
        meetings[label] += 1
        present[label] += _present(meeting)
        expected[label] += len(active_on(data.members, meeting.day))
    rows = [
        PlaceOrSlotAttendance(
            label,
            n,
            present[label] / n,
            present[label] / expected[label] if expected[label] else None,
        )
        for label, n in meetings.items()
    ]
    return sorted(rows, key=lambda r: (-r.meetings, r.label))


def attendance_by_slot(
    data: GroupData, start: date | None = None, end: date | None = None
) -> list[PlaceOrSlotAttendance]:
    """Held meetings grouped by weekday and start time ("Tuesday 14:00"), most used
    first: did people come more at one time than another?"""
    return _grouped(data, lambda m: f"{m.starts_at:%A %H:%M}", start, end)


def attendance_by_venue(
    data: GroupData, start: date | None = None, end: date | None = None
) -> list[PlaceOrSlotAttendance]:
    """Held meetings grouped by where they were (the venue, or the one-off place)."""
    return _grouped(data, data.place_of, start, end)
