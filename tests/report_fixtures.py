"""A small, fixed group for the report tests (the golden files depend on every detail,
so it is built here rather than taken from the demo, which may grow)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coordinator.model import (
    AttendanceMark,
    AwayPeriod,
    CoordinatorContact,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    MemberStatus,
    OutreachNote,
    Reason,
    Rhythm,
    SupportLine,
    Venue,
)
from coordinator.reports import Block, Facts, Table

TODAY = date(2026, 11, 23)
ZONE = ZoneInfo("Europe/London")
FIRST = date(2026, 6, 2)  # a Tuesday; meetings every 2 weeks from here

P = AttendanceMark(Mark.PRESENT)
X = AttendanceMark(Mark.ABSENT)


def A(reason: Reason | None = None) -> AttendanceMark:  # reads like the register
    return AttendanceMark(Mark.APOLOGIES, reason)


def small_group() -> GroupData:
    """Seven members and thirteen fortnightly meetings up to 17 Nov 2026 (one cancelled), one
    planned on 1 Dec. Nell's name is Rich markup and Kit's holds a terminal escape."""
    members = (
        Member(
            id="m1",
            name="Margaret Ellis",
            known_as="Maggie",
            phone="07700 900001",
            email="maggie@example.org",
            joined_on=FIRST,
            contact_checked_on=date(2026, 3, 4),
        ),
        Member(
            id="m2",
            name="Sam Okafor",
            phone="07700 900002",
            email="sam@example.org",
            joined_on=FIRST,
        ),
        Member(id="m3", name="Jean Morris", phone="07700 900003", joined_on=FIRST),
        Member(id="m4", name="Linda Carter", email="linda@example.org", joined_on=FIRST),
        Member(
            id="m5",
            name="[bold]Nell[/bold]",
            phone="07700 900005",
            joined_on=FIRST,
            away=(AwayPeriod(date(2026, 10, 12), date(2026, 10, 25), "holiday"),),
        ),
        Member(
            id="m6",
            name="Kit \x1b[31mRed",
            joined_on=FIRST,
            status=MemberStatus.LEFT,
            status_since=date(2026, 9, 20),
            status_reason=Reason.TIME_UNSUITABLE,
        ),
        Member(
            id="m7",
            name="Chloe Evans",
            email="=cmd|calc!A0@example.org",
            joined_on=date(2026, 10, 1),
        ),
    )
    # Rows: meetings in order; columns m1..m7 (None = not marked).
    register = [
        (P, P, A(Reason.ILL_HEALTH), P, P, P, None),
        (P, P, P, P, P, A(Reason.TIME_UNSUITABLE), None),
        (P, A(Reason.WORK), A(Reason.ILL_HEALTH), P, P, A(Reason.TIME_UNSUITABLE), None),
        (P, P, P, P, A(Reason.FAMILY), X, None),
        (P, P, A(Reason.ILL_HEALTH), P, P, None, None),
        (P, P, P, P, P, None, None),
        (P, A(Reason.WORK), A(Reason.ILL_HEALTH), P, P, None, None),
        (P, P, P, P, None, None, P),
        (P, P, A(Reason.ILL_HEALTH), P, None, None, P),
        (P, P, P, X, None, None, P),
        (P, P, A(Reason.ILL_HEALTH), X, P, None, P),
        (P, P, P, X, P, None, P),
    ]
    topics = [
        ("catch-up", "pacing"),
        ("catch-up", "goal setting"),
        ("relaxation",),
        ("catch-up", "Nell's birthday"),
        ("catch-up", "pacing", "GP appointments"),
        ("outing",),
        ("catch-up", "flare-up plans"),
        ("catch-up", "pacing"),
        ("exercise",),
        ("catch-up", "relaxation"),
        ("catch-up", "goal setting"),
        ("catch-up",),
    ]
    meetings = []
    held_days = [FIRST + timedelta(weeks=2 * i) for i in range(13)]
    cancelled_day = held_days.pop(6)  # 25 Aug: the cafe was closed
    for number, (day, marks, subjects) in enumerate(
        zip(held_days, register, topics, strict=True), start=1
    ):
        attendance = {f"m{i}": mark for i, mark in enumerate(marks, start=1) if mark is not None}
        meetings.append(
            Meeting(
                id=f"g{number}",
                starts_at=datetime.combine(day, time(14, 0), ZONE),
                venue_id="v1" if number % 4 else "v2",
                location=None,
                kind=MeetingKind.SOCIAL if "outing" in subjects else MeetingKind.REGULAR,
                status=MeetingStatus.HELD,
                topics=subjects,
                guests=1 if number in (3, 9) else 0,
                attendance=attendance,
            )
        )
    meetings.append(
        Meeting(
            id="g20",
            starts_at=datetime.combine(cancelled_day, time(14, 0), ZONE),
            venue_id="v1",
            status=MeetingStatus.CANCELLED,
        )
    )
    meetings.append(
        Meeting(
            id="g21",
            starts_at=datetime.combine(date(2026, 12, 1), time(14, 0), ZONE),
            venue_id="v2",
            status=MeetingStatus.PLANNED,
        )
    )
    group = Group(
        name="Tuesday Crew",
        timezone="Europe/London",
        rhythm=Rhythm(every=2, time=time(14, 0)),
        started_on=FIRST,
        default_venue_id="v1",
        coordinator=CoordinatorContact("Ann Whitfield", "07700 900123", "ann@example.org"),
        deputy_member_id="m2",
        support_line=SupportLine(
            "Pain service support line", "0117 496 0000", "Mon-Fri 9-5; out of hours call 111"
        ),
    )
    return GroupData(
        group=group,
        venues=(
            Venue("v1", "Riverside Cafe", "1 Quay Street", "step-free"),
            Venue("v2", "St Mark's Community Room", "Church Lane", "ramp at side door"),
        ),
        members=members,
        meetings=tuple(meetings),
        contacts=(OutreachNote("c1", "m3", date(2026, 11, 18), note="flare-up, hopes to come"),),
    )


def facts_in(block: Block) -> dict[str, str]:
    """The facts of a block the test knows is :class:`Facts`, by label."""
    assert isinstance(block, Facts)
    return dict(block.items)


def table_in(block: Block) -> Table:
    """A block the test knows is a :class:`Table`."""
    assert isinstance(block, Table)
    return block
