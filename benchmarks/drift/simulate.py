"""A seeded simulator of realistic follow-on groups, with ground truth about who drifted.

Shapes come from DOMAIN.md: 4-10 members; groups meeting every 2 weeks, monthly on the
Nth weekday, or every 6 weeks; members who come nearly always, who come about every other
time, and who have flare-ups and send apologies; holidays (some written down as planned
away periods, some not); a winter break; late joiners; members who drift away without
word, or with word (apologies at first, then silence); and members who leave and say so
(the coordinator marks them left). Every number below is an assumption, written down so
the benchmark can be argued with.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

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
    Rhythm,
    RhythmUnit,
    Weekday,
)

ZONE = ZoneInfo("Europe/London")
RHYTHMS = ("every 2 weeks", "monthly (Nth weekday)", "every 6 weeks")
# Long enough for several meetings of history before anyone drifts, in every rhythm.
SPAN_DAYS = 30 * 30

EVERYDAY_REASONS = (Reason.WORK, Reason.FAMILY, Reason.TRANSPORT, Reason.ILL_HEALTH, Reason.OTHER)
DRIFT_REASONS = (
    Reason.WORK,
    Reason.FAMILY,
    Reason.TIME_UNSUITABLE,
    Reason.TRANSPORT,
    Reason.ILL_HEALTH,
    Reason.OTHER,
)
LEAVING_REASONS = (
    Reason.TIME_UNSUITABLE,
    Reason.MOVED,
    Reason.NOT_FOR_ME,
    Reason.ILL_HEALTH,
    Reason.WORK,
)


@dataclass
class Person:
    """One simulated member's habits and fate (the ground truth)."""

    member_id: str
    kind: str  # "regular", "every other time", "flare-ups"
    present: float  # chance of coming on an ordinary day
    apology_share: float  # of ordinary misses, how many come with apologies
    join_index: int  # first meeting they could come to
    fate: str  # "stays", "drifts silently", "drifts with word", "leaves and says so"
    fate_index: int | None = None  # meeting where the drift starts / they say they leave
    fading: bool = False  # still comes now and then while drifting
    leave_reason: Reason = Reason.TIME_UNSUITABLE
    flares: list[tuple[date, date]] = field(default_factory=list)
    holidays: list[tuple[date, date, bool]] = field(default_factory=list)  # (from, to, written)


@dataclass(frozen=True)
class Truth:
    """What really happened to a member, for scoring the rules."""

    member_id: str
    kind: str
    fate: str
    drift_from: date | None  # the first meeting of the drift (None: not drifting)


@dataclass(frozen=True)
class SimulatedGroup:
    data: GroupData
    rhythm: str
    truth: dict[str, Truth]


def _rhythm(rng: random.Random, which: str) -> Rhythm:
    day = rng.choice([Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU])
    if which == RHYTHMS[0]:
        return Rhythm(every=2, unit=RhythmUnit.WEEK, weekday=day)
    if which == RHYTHMS[1]:
        return Rhythm(every=1, unit=RhythmUnit.MONTH, weekday=day, nth=rng.choice([1, 2, 3, -1]))
    return Rhythm(every=6, unit=RhythmUnit.WEEK, weekday=day)


def _meeting_days(rhythm: Rhythm, start: date) -> list[date]:
    first = datetime.combine(start, rhythm.time)
    day = weekday(rhythm.weekday.number)
    if rhythm.unit is RhythmUnit.WEEK:
        rule = rrule(WEEKLY, interval=rhythm.every, byweekday=day, dtstart=first)
    else:
        rule = rrule(MONTHLY, interval=rhythm.every, byweekday=day(rhythm.nth or 1), dtstart=first)
    end = first + timedelta(days=SPAN_DAYS)
    return [d.date() for d in rule.between(first, end, inc=True)]


def _winter_break(day: date) -> bool:
    return (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 3)


def _person(rng: random.Random, index: int, join_index: int, days: list[date]) -> Person:
    roll = rng.random()
    if roll < 0.5:
        kind, present, share = "regular", rng.uniform(0.8, 0.95), rng.uniform(0.5, 0.85)
    elif roll < 0.8:
        kind, present, share = "flare-ups", rng.uniform(0.8, 0.95), rng.uniform(0.5, 0.85)
    else:
        kind, present, share = "every other time", rng.uniform(0.4, 0.65), rng.uniform(0.2, 0.6)
    person = Person(f"m{index}", kind, present, share, join_index, "stays")
    fate = rng.random()
    # Enough meetings before the drift to know them, and at least 3 after it to score.
    first, last = join_index + 6, len(days) - 4
    if first <= last:
        if fate < 0.12:
            person.fate = "drifts silently"
        elif fate < 0.20:
            person.fate = "drifts with word"
        elif fate < 0.30:
            person.fate = "leaves and says so"
        if person.fate != "stays":
            person.fate_index = rng.randint(first, last)
            person.fading = person.fate.startswith("drifts") and rng.random() < 0.3
            person.leave_reason = rng.choice(LEAVING_REASONS)
    start, end = days[join_index], days[-1]
    years = max((end - start).days / 365, 0.1)
    if kind == "flare-ups":
        # About three flare-ups a year, each two to eight weeks long.
        for _ in range(_poisson(rng, 3 * years)):
            begin = start + timedelta(days=rng.randrange(max((end - start).days, 1)))
            person.flares.append((begin, begin + timedelta(days=rng.randint(14, 56))))
    # About one or two holidays a year of one to three weeks; most are written down.
    for _ in range(_poisson(rng, 1.5 * years)):
        begin = start + timedelta(days=rng.randrange(max((end - start).days, 1)))
        written = rng.random() < 0.6
        person.holidays.append((begin, begin + timedelta(days=rng.randint(7, 21)), written))
    return person


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count


def _mark(rng: random.Random, person: Person, index: int, day: date) -> AttendanceMark | None:
    """The register entry for one member at one held meeting (None: not on the roster)."""
    if index < person.join_index:
        return None
    fate_index = person.fate_index
    if person.fate == "leaves and says so" and fate_index is not None:
        if index >= fate_index:
            return None
        if index >= fate_index - 2 and rng.random() < 0.5:
            return AttendanceMark(Mark.APOLOGIES, rng.choice(LEAVING_REASONS))
    if person.fate.startswith("drifts") and fate_index is not None and index >= fate_index:
        return _drifting_mark(rng, person, index - fate_index)
    for begin, end, written in person.holidays:
        if begin <= day <= end:
            if written or rng.random() < 0.7:
                return AttendanceMark(Mark.APOLOGIES, Reason.AWAY)
            return AttendanceMark(Mark.ABSENT)
    if any(begin <= day <= end for begin, end in person.flares):
        if rng.random() < 0.1:
            return AttendanceMark(Mark.PRESENT)
        if rng.random() < 0.85:
            return AttendanceMark(Mark.APOLOGIES, Reason.ILL_HEALTH)
        return AttendanceMark(Mark.ABSENT)
    if rng.random() < person.present:
        return AttendanceMark(Mark.PRESENT)
    if rng.random() < person.apology_share:
        return AttendanceMark(Mark.APOLOGIES, rng.choice(EVERYDAY_REASONS))
    return AttendanceMark(Mark.ABSENT)


def _drifting_mark(rng: random.Random, person: Person, since: int) -> AttendanceMark:
    # The first meeting of a drift is always a miss; a fading drifter turns up now and then.
    if since > 0 and person.fading and rng.random() < 0.2:
        return AttendanceMark(Mark.PRESENT)
    if person.fate == "drifts with word":
        if rng.random() < (0.85 if since < 3 else 0.3):
            return AttendanceMark(Mark.APOLOGIES, rng.choice(DRIFT_REASONS))
        return AttendanceMark(Mark.ABSENT)
    if since < 2 and rng.random() < 0.1:
        return AttendanceMark(Mark.APOLOGIES, rng.choice(DRIFT_REASONS))
    return AttendanceMark(Mark.ABSENT)


def simulate_group(rng: random.Random, rhythm_name: str | None = None) -> SimulatedGroup:
    """One group's history: meetings, registers, roster, and who really drifted."""
    rhythm_name = rhythm_name or rng.choice(RHYTHMS)
    rhythm = _rhythm(rng, rhythm_name)
    start = date(2023, 1, 2) + timedelta(days=rng.randrange(365))
    days = _meeting_days(rhythm, start)
    held = [d for d in days if not _winter_break(d) and rng.random() > 0.03]
    people: list[Person] = []
    for _ in range(rng.randint(4, 10)):
        people.append(_person(rng, len(people) + 1, 0, held))
    # Half the groups take in one or two late joiners somewhere in the middle.
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 2)):
            join = rng.randint(len(held) // 5, (7 * len(held)) // 10)
            people.append(_person(rng, len(people) + 1, join, held))
    marks: list[dict[str, AttendanceMark]] = [{} for _ in held]
    for person in people:
        for index, day in enumerate(held):
            mark = _mark(rng, person, index, day)
            if mark is not None:
                marks[index][person.member_id] = mark
    meetings = [
        Meeting(
            id=f"g{i + 1}",
            starts_at=datetime.combine(day, rhythm.time, tzinfo=ZONE),
            status=MeetingStatus.HELD,
            attendance=marks[i],
        )
        for i, day in enumerate(held)
    ]
    members = [_member(person, held) for person in people]
    truth = {
        p.member_id: Truth(
            p.member_id,
            p.kind,
            p.fate,
            held[p.fate_index]
            if p.fate.startswith("drifts") and p.fate_index is not None
            else None,
        )
        for p in people
    }
    group = Group(name="Simulated group", timezone="Europe/London", rhythm=rhythm)
    data = GroupData(group=group, members=tuple(members), meetings=tuple(meetings))
    return SimulatedGroup(data, rhythm_name, truth)


def _member(person: Person, held: list[date]) -> Member:
    joined = held[person.join_index] - timedelta(days=7)
    status, since, reason = MemberStatus.ACTIVE, None, None
    if person.fate == "leaves and says so" and person.fate_index is not None:
        status = MemberStatus.LEFT
        since = held[person.fate_index] - timedelta(days=3)
        reason = person.leave_reason
    away = tuple(
        AwayPeriod(begin, end, "holiday") for begin, end, written in person.holidays if written
    )
    return Member(
        id=person.member_id,
        name=f"Member {person.member_id}",
        status=status,
        status_since=since,
        status_reason=reason,
        joined_on=joined,
        away=away,
    )


def simulate(seed: int, groups: int) -> list[SimulatedGroup]:
    """``groups`` groups from one seed, the three rhythms in equal shares."""
    rng = random.Random(seed)
    return [simulate_group(rng, RHYTHMS[i % len(RHYTHMS)]) for i in range(groups)]
