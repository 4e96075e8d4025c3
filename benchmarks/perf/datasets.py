"""Seeded groups at the sizes the performance budgets name.

- realistic: 10 years of fortnightly meetings (about 260), 30 members over time, outreach notes;
- stressed: 1,000 meetings and 50 members.
Written through the real store, so the files are exactly what the app reads.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from coordinator.clock import FixedClock
from coordinator.model import (
    AttendanceMark,
    Channel,
    ContactOutcome,
    CoordinatorContact,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
    MemberStatus,
    OutreachNote,
    Reason,
    Rhythm,
    SupportLine,
    Venue,
)
from coordinator.store import Store

TODAY = date(2026, 11, 23)
ZONE = ZoneInfo("Europe/London")
FIRST_NAMES = [
    "Ann",
    "Sam",
    "Priya",
    "Jean",
    "Dave",
    "Linda",
    "Tom",
    "Chloe",
    "Ray",
    "Maggie",
    "Kofi",
    "Ewa",
    "Hamid",
    "Rosa",
    "Bill",
    "Nia",
    "Yusuf",
    "Carol",
    "Iain",
    "Mei",
]
LAST_NAMES = [
    "Ellis",
    "Okafor",
    "Shah",
    "Morris",
    "Hughes",
    "Carter",
    "Reid",
    "Evans",
    "Patel",
    "Nowak",
    "Jones",
    "Ahmed",
    "Brown",
    "Lewis",
    "Khan",
    "Wood",
]


@dataclass(frozen=True)
class Size:
    name: str
    meetings: int
    members: int
    every_weeks: int


REALISTIC = Size("realistic", meetings=260, members=30, every_weeks=2)
STRESSED = Size("stressed", meetings=1000, members=50, every_weeks=1)


def build(size: Size, seed: int = 7) -> GroupData:
    """A believable group of ``size``, ending with meetings up to :data:`TODAY`."""
    rng = random.Random(seed)
    step = timedelta(weeks=size.every_weeks)
    first = TODAY - step * (size.meetings - 4)
    group = Group(
        name=f"Benchmark group ({size.name})",
        timezone="Europe/London",
        rhythm=Rhythm(every=size.every_weeks, time=time(14, 0)),
        started_on=first,
        default_venue_id="v1",
        coordinator=CoordinatorContact("Ann Whitfield", "07700 900123", "ann@example.org"),
        support_line=SupportLine(phone="0117 496 0000"),
    )
    venues = (Venue("v1", "Riverside Cafe", "1 Quay Street"), Venue("v2", "Community Room"))
    members = []
    span_days = (TODAY - first).days
    for i in range(size.members):
        joined = first + timedelta(days=rng.randrange(0, max(1, span_days - 60)))
        left = rng.random() < 0.3
        members.append(
            Member(
                id=f"m{i + 1}",
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                phone=f"07700 9{rng.randrange(10000, 99999)}",
                channel=rng.choice(list(Channel)),
                joined_on=joined,
                status=MemberStatus.LEFT if left else MemberStatus.ACTIVE,
                status_since=joined + timedelta(days=rng.randrange(30, 400)) if left else None,
                status_reason=rng.choice(list(Reason)) if left else None,
            )
        )
    meetings = []
    for n in range(size.meetings):
        day = first + step * n
        held = day <= TODAY
        marks = {}
        if held:
            for member in members:
                if not member.was_member_on(day):
                    continue
                if member.status_since is not None and member.status_since <= day:
                    continue
                roll = rng.random()
                if roll < 0.7:
                    marks[member.id] = AttendanceMark(Mark.PRESENT)
                elif roll < 0.85:
                    marks[member.id] = AttendanceMark(Mark.APOLOGIES, Reason.ILL_HEALTH)
                elif roll < 0.95:
                    marks[member.id] = AttendanceMark(Mark.ABSENT)
        meetings.append(
            Meeting(
                id=f"g{n + 1}",
                starts_at=datetime.combine(day, time(14, 0), tzinfo=ZONE),
                venue_id=rng.choice(["v1", "v1", "v2"]),
                status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
                topics=("catch-up", rng.choice(["pacing", "relaxation", "goal setting"])),
                guests=rng.randrange(0, 3),
                attendance=marks,
            )
        )
    contacts = [
        OutreachNote(
            id=f"c{k + 1}",
            member_id=rng.choice(members).id,
            on=first + timedelta(days=rng.randrange(0, span_days)),
            channel=Channel.SMS,
            outcome=rng.choice(list(ContactOutcome)),
            note="texted, flare-up, hopes to come next time",
        )
        for k in range(size.meetings // 4)
    ]
    return GroupData(group, venues, tuple(members), tuple(meetings), tuple(contacts))


def write(size: Size, path: Path) -> Path:
    """Write the dataset for ``size`` to ``path`` through the store."""
    clock = FixedClock(datetime(2026, 11, 23, 10, tzinfo=UTC))
    with Store.open(path, clock) as store:
        store.replace_all(build(size))
    return path
