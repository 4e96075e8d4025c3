"""Seeded simulator FAMILIES of follow-on groups, with ground truth about who drifted away.

One simulator fitted the old defaults too well (issue 17): the watch caught 69% of drifters
by their 2nd miss on it and 52% on groups drawn differently. So the benchmark draws groups
from several families that differ in rhythm mix, attendance level and spread, apology
habits, flare-ups, recording noise and drift styles. The defaults are chosen on the
TUNING families only and reported on the HELD_OUT ones (run.py).

Every number is an assumption, written down so that the benchmark can be argued with
(DOMAIN.md is the source of the shapes: 3-10 people, weekly to every 2-3 months, groups
that shrink, flare-ups, work and family, a time or venue that stops suiting).

The ground truth per member: their fate, the first meeting of a drift (the ONSET: always a
meeting they miss) and, for every held meeting, whether they really came. A MISS is a held
meeting after the onset that the drifter did not come to, whether or not the register
says so (3-10% of marks are never recorded in some families).
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
RHYTHMS = ("weekly", "fortnightly", "monthly", "6-weekly")

EVERYDAY = (Reason.WORK, Reason.FAMILY, Reason.TRANSPORT, Reason.ILL_HEALTH, Reason.OTHER)
DRIFTING = (
    Reason.WORK,
    Reason.FAMILY,
    Reason.TIME_UNSUITABLE,
    Reason.TRANSPORT,
    Reason.ILL_HEALTH,
    Reason.OTHER,
)
LEAVING = (Reason.TIME_UNSUITABLE, Reason.MOVED, Reason.NOT_FOR_ME, Reason.ILL_HEALTH)
STYLES = ("silent", "apologising", "fading", "now and then")


@dataclass(frozen=True)
class Family:
    """How one family of groups is drawn (shares are chances, ranges are uniform)."""

    name: str
    about: str
    rhythms: dict[str, float]
    size: tuple[int, int] = (4, 10)
    years: tuple[float, float] = (2.0, 3.0)
    # Member kinds: (share, chance of coming on an ordinary day (low, high)).
    regular: tuple[float, tuple[float, float]] = (0.5, (0.8, 0.95))
    flare_ups: tuple[float, tuple[float, float]] = (0.3, (0.8, 0.95))
    every_other: tuple[float, tuple[float, float]] = (0.2, (0.4, 0.65))
    # Added to every member's chance of coming in one group (uneven groups: a wide range).
    group_shift: tuple[float, float] = (0.0, 0.0)
    # Of ordinary misses, the share sent with apologies.
    apology_share: tuple[float, float] = (0.5, 0.85)
    flares_per_year: float = 3.0
    flare_weeks: tuple[int, int] = (2, 8)
    flare_winter: bool = False  # flare-ups mostly from November to March
    holidays_per_year: float = 1.5
    holiday_weeks: tuple[int, int] = (1, 3)
    written_away: float = 0.6  # holidays written down as planned time away
    away_as_absent: float = 0.3  # holidays not written down that show as silent absence
    unknown: tuple[float, float] = (0.0, 0.0)  # share of marks never recorded, per group
    drift: float = 0.2  # chance a member drifts away at some point
    styles: dict[str, float] = field(default_factory=lambda: {"silent": 0.6, "apologising": 0.4})
    fading_share: float = 0.3  # of silent and apologising drifters, still coming now and then
    apologising_for: tuple[int, int] = (2, 3)  # meetings of apologies before falling silent
    leaves: float = 0.1  # chance a member leaves and says so
    late_joiners: float = 0.5
    cancelled: float = 0.03
    # A change of time or venue part-way through that does not suit some (DOMAIN.md):
    # that many members start drifting within a few meetings of it.
    unsuitable_change: float = 0.0


TUNING: tuple[Family, ...] = (
    Family(
        "classic",
        "the original benchmark: fortnightly, monthly and 6-weekly; mostly regulars",
        rhythms={"fortnightly": 1, "monthly": 1, "6-weekly": 1},
    ),
    Family(
        "weekly regulars",
        "weekly and fortnightly, bigger groups, high attendance, drifters mostly silent",
        rhythms={"weekly": 2, "fortnightly": 1},
        size=(6, 10),
        regular=(0.7, (0.85, 0.97)),
        flare_ups=(0.2, (0.85, 0.95)),
        every_other=(0.1, (0.5, 0.7)),
        styles={"silent": 0.6, "apologising": 0.15, "fading": 0.25},
        fading_share=0.1,
        unknown=(0.0, 0.03),
    ),
    Family(
        "apologisers",
        "a polite group: most misses come with apologies, drifters apologise for a while",
        rhythms={"fortnightly": 1, "monthly": 1},
        apology_share=(0.75, 0.95),
        styles={"silent": 0.3, "apologising": 0.7},
        apologising_for=(2, 6),
        unknown=(0.02, 0.06),
        written_away=0.4,
    ),
    Family(
        "sparse and patchy",
        "monthly and 6-weekly, middling attendance, some marks not recorded",
        rhythms={"monthly": 2, "6-weekly": 1, "fortnightly": 1},
        regular=(0.4, (0.7, 0.9)),
        flare_ups=(0.35, (0.7, 0.9)),
        every_other=(0.25, (0.4, 0.6)),
        group_shift=(-0.1, 0.05),
        flares_per_year=4.0,
        unknown=(0.02, 0.08),
        styles={"silent": 0.4, "apologising": 0.3, "now and then": 0.3},
    ),
    # Written in round 4 as held out; its first run showed "reach out" missing most
    # drifters there (42% by the 3rd miss against 60% for "3 in a row"), so it joined the
    # tuning families and the rule was changed on them (docs/drift-watch.md, round 4).
    Family(
        "big and casual",
        "a big weekly or fortnightly drop-in: 10-16 people, few send apologies, attendance "
        "spread wide, drifters who fade or come now and then",
        rhythms={"weekly": 2, "fortnightly": 1},
        size=(10, 16),
        regular=(0.35, (0.7, 0.95)),
        flare_ups=(0.25, (0.7, 0.9)),
        every_other=(0.4, (0.3, 0.65)),
        group_shift=(-0.1, 0.1),
        apology_share=(0.1, 0.45),
        holidays_per_year=2.0,
        written_away=0.2,
        unknown=(0.0, 0.05),
        styles={"silent": 0.3, "fading": 0.4, "now and then": 0.3},
    ),
)

HELD_OUT: tuple[Family, ...] = (
    Family(
        "like the judge's",
        "as the issue describes the held-out groups: more monthly and 6-weekly, lower and "
        "uneven attendance, twice the flare-ups, drifters who keep apologising, 3-10% unrecorded",
        rhythms={"weekly": 0.5, "fortnightly": 1, "monthly": 2, "6-weekly": 1.5},
        regular=(0.45, (0.7, 0.92)),
        flare_ups=(0.35, (0.7, 0.9)),
        every_other=(0.2, (0.35, 0.6)),
        group_shift=(-0.15, 0.05),
        flares_per_year=6.0,
        flare_weeks=(2, 10),
        unknown=(0.03, 0.10),
        styles={"silent": 0.35, "apologising": 0.45, "now and then": 0.2},
        apologising_for=(3, 8),
    ),
    Family(
        "sloppy register",
        "nobody writes down time away: holidays show as silence; 5-10% of marks missing",
        rhythms={"weekly": 1, "fortnightly": 1, "monthly": 1},
        written_away=0.0,
        away_as_absent=0.8,
        holidays_per_year=2.5,
        unknown=(0.05, 0.10),
    ),
    Family(
        "now and then",
        "many who come every other time; drifters who still turn up now and then",
        rhythms={"fortnightly": 1, "monthly": 1, "6-weekly": 1, "weekly": 1},
        regular=(0.35, (0.8, 0.95)),
        flare_ups=(0.25, (0.8, 0.95)),
        every_other=(0.4, (0.4, 0.65)),
        styles={"silent": 0.2, "apologising": 0.2, "fading": 0.3, "now and then": 0.3},
    ),
    Family(
        "small and shrinking",
        "3-6 people meeting for years; a new time that does not suit starts several drifting",
        rhythms={"fortnightly": 1, "monthly": 2, "6-weekly": 1},
        size=(3, 6),
        years=(3.0, 4.0),
        late_joiners=0.2,
        unsuitable_change=0.6,
        drift=0.15,
        styles={"silent": 0.5, "apologising": 0.3, "fading": 0.2},
    ),
    Family(
        "winter flare-ups",
        "flare-ups come in winter, long and often; everyone's attendance dips together",
        rhythms={"weekly": 1, "fortnightly": 2, "monthly": 1},
        flare_ups=(0.5, (0.75, 0.95)),
        regular=(0.35, (0.8, 0.95)),
        every_other=(0.15, (0.4, 0.65)),
        flares_per_year=4.0,
        flare_weeks=(3, 10),
        flare_winter=True,
        styles={"silent": 0.4, "apologising": 0.4, "fading": 0.2},
    ),
)

# Written in round 4 before any rule or setting was tried on them: kinds of group the
# other families did not imagine. Held out like the five above (run.py reports them).
FRESH: tuple[Family, ...] = (
    Family(
        "long and quiet",
        "every 6 weeks or monthly for 3-5 years, 3-8 people, time away written down, "
        "drifters who keep apologising for a long while",
        rhythms={"6-weekly": 2, "monthly": 1},
        size=(3, 8),
        years=(3.0, 5.0),
        regular=(0.6, (0.75, 0.95)),
        flare_ups=(0.2, (0.75, 0.9)),
        written_away=0.9,
        drift=0.25,
        styles={"silent": 0.4, "apologising": 0.6},
        apologising_for=(3, 10),
    ),
    Family(
        "new and changing",
        "a group in its first year or so: people join part-way, many drift or leave, so the "
        "watch knows little about anyone",
        rhythms={"weekly": 1, "fortnightly": 2, "monthly": 1},
        years=(1.0, 1.6),
        late_joiners=1.0,
        drift=0.3,
        leaves=0.2,
        unknown=(0.0, 0.05),
        styles={"silent": 0.5, "apologising": 0.3, "fading": 0.2},
    ),
    Family(
        "flares all year",
        "weekly to monthly; most members have short flare-ups several times a year, and "
        "drifters often send apologies at first",
        rhythms={"weekly": 1, "fortnightly": 1, "monthly": 1},
        regular=(0.3, (0.8, 0.95)),
        flare_ups=(0.6, (0.75, 0.95)),
        every_other=(0.1, (0.45, 0.65)),
        flares_per_year=6.0,
        flare_weeks=(1, 4),
        unknown=(0.0, 0.05),
        styles={"silent": 0.4, "apologising": 0.4, "fading": 0.2},
    ),
)

FAMILIES: dict[str, Family] = {f.name: f for f in (*TUNING, *HELD_OUT, *FRESH)}


@dataclass
class Person:
    """One simulated member's habits and fate."""

    member_id: str
    kind: str
    present: float
    apology_share: float
    join_index: int
    fate: str = "stays"  # "stays", "drifts", "leaves"
    style: str = ""
    onset: int | None = None
    apologising_for: int = 0
    flares: list[tuple[date, date]] = field(default_factory=list)
    holidays: list[tuple[date, date, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class Truth:
    """What really happened to one member."""

    member_id: str
    kind: str
    fate: str
    style: str
    onset: int | None  # index into the held meetings of the drift's first meeting
    came: frozenset[int]  # indices of held meetings they really came to


@dataclass(frozen=True)
class SimulatedGroup:
    family: str
    rhythm: str
    data: GroupData
    truth: dict[str, Truth]


def _rhythm(rng: random.Random, which: str) -> Rhythm:
    day = rng.choice([Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU])
    if which == "weekly":
        return Rhythm(every=1, unit=RhythmUnit.WEEK, weekday=day)
    if which == "fortnightly":
        return Rhythm(every=2, unit=RhythmUnit.WEEK, weekday=day)
    if which == "monthly":
        return Rhythm(every=1, unit=RhythmUnit.MONTH, weekday=day, nth=rng.choice([1, 2, 3, -1]))
    return Rhythm(every=6, unit=RhythmUnit.WEEK, weekday=day)


def _days(rhythm: Rhythm, start: date, span_days: int) -> list[date]:
    first = datetime.combine(start, rhythm.time)
    day = weekday(rhythm.weekday.number)
    if rhythm.unit is RhythmUnit.WEEK:
        rule = rrule(WEEKLY, interval=rhythm.every, byweekday=day, dtstart=first)
    else:
        rule = rrule(MONTHLY, interval=rhythm.every, byweekday=day(rhythm.nth or 1), dtstart=first)
    end = first + timedelta(days=span_days)
    return [d.date() for d in rule.between(first, end, inc=True)]


def _winter_break(day: date) -> bool:
    return (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 3)


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    names = list(weights)
    return rng.choices(names, [weights[n] for n in names])[0]


def _person(
    rng: random.Random, fam: Family, index: int, join: int, days: list[date], shift: float
) -> Person:
    kinds = {
        "regular": fam.regular,
        "flare-ups": fam.flare_ups,
        "every other time": fam.every_other,
    }
    kind = _weighted(rng, {k: v[0] for k, v in kinds.items()})
    low, high = kinds[kind][1]
    present = min(0.99, max(0.15, rng.uniform(low, high) + shift))
    share = rng.uniform(*fam.apology_share)
    if kind == "every other time":
        share *= 0.7
    person = Person(f"m{index}", kind, present, share, join)
    # Enough meetings to know them before a drift, and at least 3 after it to score.
    first, last = join + 6, len(days) - 4
    if first <= last:
        roll = rng.random()
        if roll < fam.drift:
            person.fate = "drifts"
            person.style = _weighted(rng, fam.styles)
            if person.style in ("silent", "apologising") and rng.random() < fam.fading_share:
                person.style += ", fading"
            person.onset = rng.randint(first, last)
            person.apologising_for = rng.randint(*fam.apologising_for)
        elif roll < fam.drift + fam.leaves:
            person.fate = "leaves"
            person.onset = rng.randint(first, last)
    start, end = days[join], days[-1]
    span = max((end - start).days, 1)
    years = span / 365
    if kind == "flare-ups":
        for _ in range(_poisson(rng, fam.flares_per_year * years)):
            begin = start + timedelta(days=rng.randrange(span))
            if fam.flare_winter and rng.random() < 0.8:
                # Move it into the nearest November-March.
                winter = date(begin.year, 11, 1) + timedelta(days=rng.randrange(150))
                begin = winter if start <= winter <= end else begin
            weeks = rng.randint(*fam.flare_weeks)
            person.flares.append((begin, begin + timedelta(weeks=weeks)))
    for _ in range(_poisson(rng, fam.holidays_per_year * years)):
        begin = start + timedelta(days=rng.randrange(span))
        length = timedelta(days=rng.randint(7 * fam.holiday_weeks[0], 7 * fam.holiday_weeks[1]))
        person.holidays.append((begin, begin + length, rng.random() < fam.written_away))
    return person


def _came(rng: random.Random, fam: Family, person: Person, index: int, day: date) -> AttendanceMark:
    """The truthful register entry for one member at one held meeting."""
    onset = person.onset
    leaving_soon = person.fate == "leaves" and onset is not None and index >= onset - 2
    if leaving_soon and rng.random() < 0.5:
        return AttendanceMark(Mark.APOLOGIES, rng.choice(LEAVING))
    if person.fate == "drifts" and onset is not None and index >= onset:
        return _drifting(rng, person, index - onset)
    for begin, end, written in person.holidays:
        if begin <= day <= end:
            if written or rng.random() > fam.away_as_absent:
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
        return AttendanceMark(Mark.APOLOGIES, rng.choice(EVERYDAY))
    return AttendanceMark(Mark.ABSENT)


def _drifting(rng: random.Random, person: Person, since: int) -> AttendanceMark:
    """A drifter's mark ``since`` meetings after the onset (the onset itself is a miss)."""
    style = person.style
    if since > 0:
        if "fading" in style and rng.random() < 0.5 * 0.6**since:
            return AttendanceMark(Mark.PRESENT)
        if style == "fading" and rng.random() < 0.45 * 0.75**since:
            return AttendanceMark(Mark.PRESENT)
        if style == "now and then" and rng.random() < 0.3:
            return AttendanceMark(Mark.PRESENT)
    if style.startswith("apologising"):
        if since < person.apologising_for or rng.random() < 0.2:
            return AttendanceMark(Mark.APOLOGIES, rng.choice(DRIFTING))
        return AttendanceMark(Mark.ABSENT)
    if style in ("fading", "now and then") and rng.random() < 0.35:
        return AttendanceMark(Mark.APOLOGIES, rng.choice(DRIFTING))
    if since < 2 and rng.random() < 0.1:
        return AttendanceMark(Mark.APOLOGIES, rng.choice(DRIFTING))
    return AttendanceMark(Mark.ABSENT)


def simulate_group(rng: random.Random, fam: Family, rhythm_name: str) -> SimulatedGroup:
    """One group's history: meetings, registers, roster, and the truth."""
    rhythm = _rhythm(rng, rhythm_name)
    start = date(2022, 1, 3) + timedelta(days=rng.randrange(365))
    span = int(365 * rng.uniform(*fam.years))
    days = [
        d
        for d in _days(rhythm, start, span)
        if not _winter_break(d) and rng.random() > fam.cancelled
    ]
    shift = rng.uniform(*fam.group_shift)
    people = [_person(rng, fam, i + 1, 0, days, shift) for i in range(rng.randint(*fam.size))]
    if rng.random() < fam.late_joiners:
        for _ in range(rng.randint(1, 2)):
            join = rng.randint(len(days) // 5, (7 * len(days)) // 10)
            people.append(_person(rng, fam, len(people) + 1, join, days, shift))
    if rng.random() < fam.unsuitable_change and len(days) > 16:
        # A new time part-way through: each settled member who stays may start drifting
        # within 3 meetings of it, sending "time does not suit" at first.
        change = rng.randint(len(days) // 3, len(days) - 6)
        for p in people:
            if p.fate == "stays" and p.join_index + 6 <= change and rng.random() < 0.35:
                p.fate, p.style = "drifts", rng.choice(("silent", "apologising"))
                p.onset = change + rng.randint(0, 2)
                p.apologising_for = rng.randint(1, 3)
    unknown = rng.uniform(*fam.unknown)
    marks: list[dict[str, AttendanceMark]] = [{} for _ in days]
    came: dict[str, set[int]] = {p.member_id: set() for p in people}
    for p in people:
        for i, day in enumerate(days):
            if i < p.join_index or (p.fate == "leaves" and p.onset is not None and i >= p.onset):
                continue
            mark = _came(rng, fam, p, i, day)
            if p.fate == "drifts" and p.onset == i and mark.status is Mark.PRESENT:
                mark = AttendanceMark(Mark.ABSENT)
            if mark.status is Mark.PRESENT:
                came[p.member_id].add(i)
            if rng.random() >= unknown:
                marks[i][p.member_id] = mark
    meetings = tuple(
        Meeting(
            id=f"g{i + 1}",
            starts_at=datetime.combine(day, rhythm.time, tzinfo=ZONE),
            status=MeetingStatus.HELD,
            attendance=marks[i],
        )
        for i, day in enumerate(days)
    )
    members = tuple(_member(p, days) for p in people)
    truth = {
        p.member_id: Truth(
            p.member_id,
            p.kind,
            p.fate,
            p.style,
            p.onset if p.fate == "drifts" else None,
            frozenset(came[p.member_id]),
        )
        for p in people
    }
    group = Group(name="Simulated group", timezone="Europe/London", rhythm=rhythm)
    data = GroupData(group=group, members=members, meetings=meetings)
    return SimulatedGroup(fam.name, rhythm_name, data, truth)


def _member(p: Person, days: list[date]) -> Member:
    status, since, reason = MemberStatus.ACTIVE, None, None
    if p.fate == "leaves" and p.onset is not None:
        status, since, reason = MemberStatus.LEFT, days[p.onset] - timedelta(days=3), LEAVING[0]
    away = tuple(AwayPeriod(b, e, "holiday") for b, e, written in p.holidays if written)
    return Member(
        id=p.member_id,
        name=f"Member {p.member_id}",
        status=status,
        status_since=since,
        status_reason=reason,
        joined_on=days[p.join_index] - timedelta(days=7),
        away=away,
    )


def simulate(fam: Family, seed: int, groups: int) -> list[SimulatedGroup]:
    """``groups`` groups of one family from one seed, rhythms drawn by the family's mix."""
    rng = random.Random(f"{fam.name}/{seed}")
    names = list(fam.rhythms)
    weights = [fam.rhythms[n] for n in names]
    return [simulate_group(rng, fam, rng.choices(names, weights)[0]) for _ in range(groups)]
