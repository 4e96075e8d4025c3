"""Best times: candidate slots ranked by how many active members can come.

A slot is a weekday, a start time and a venue, for the group's meeting length. For each
active member it says whether they can come, or why not in their own words: their
availability ("'not after 4pm' (it ends at 16:30)"), their access needs against the
venue's access notes, or (when a week is given) planned time away. Needs the venue's
notes do not mention are "to check": the member counts as able to come.

Ranking: most who can come; then fewest to check; then attendance history (how many
of those who can come actually came when the group met on that weekday at that time
before); then the group's current slot, then the nearest to it (least disruption); then
week order. The current rhythm's slot is always worked out too, for comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from coordinator.besttime.access import (
    AccessMatch,
    AccessReading,
    match_access,
    read_access_needs,
    read_venue_access,
)
from coordinator.besttime.availability import (
    DAY_NAMES,
    Availability,
    hhmm,
    read_availability,
)
from coordinator.model import (
    WEEKDAY_NAMES,
    GroupData,
    Mark,
    Member,
    MemberStatus,
    ValidationError,
    Weekday,
)
from coordinator.user_text import plural

WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
EARLIEST = time(9, 0)
LATEST = time(20, 0)
STEP_MINUTES = 30


@dataclass(frozen=True)
class SlotRequest:
    """Which slots to consider: days, the window meetings must fit in (start at or after
    ``earliest``, end by ``latest``), the length (default: the group's), and optionally
    the week (its first day) whose dates are checked against planned time away."""

    days: tuple[Weekday, ...] = WEEKDAYS
    earliest: time = EARLIEST
    latest: time = LATEST
    length: int | None = None
    week_of: date | None = None
    step: int = STEP_MINUTES

    def __post_init__(self) -> None:
        if not self.days:
            raise ValidationError("Days", "choose at least one day")
        if self.length is not None and not 15 <= self.length <= 12 * 60:
            raise ValidationError("Length (minutes)", "should be between 15 and 720")
        if self.latest <= self.earliest:
            raise ValidationError("To", "should be later than From")


@dataclass(frozen=True)
class Cannot:
    """A member who cannot come (or whose access is to check), and why in words."""

    member_id: str
    name: str
    why: str


@dataclass(frozen=True)
class SlotOption:
    """One candidate: when, where, who can come and who cannot."""

    weekday: Weekday
    start: time
    length: int
    venue_id: str | None
    venue_name: str
    can_come: tuple[str, ...]
    cannot: tuple[Cannot, ...]
    check: tuple[Cannot, ...] = ()
    came_before: tuple[str, ...] = ()
    is_current: bool = False
    day: date | None = None

    @property
    def when(self) -> str:
        """ "Thursday 10:00-12:00"."""
        start = self.start.hour * 60 + self.start.minute
        return f"{WEEKDAY_NAMES[self.weekday]} {hhmm(start)}-{hhmm((start + self.length) % 1440)}"

    def to_json(self) -> dict[str, Any]:
        """The shape `coordinator best-time --json` prints."""
        return {
            "weekday": self.weekday.value,
            "time": self.start.strftime("%H:%M"),
            "venue_id": self.venue_id,
            "can_come": list(self.can_come),
            "cannot": [{"member_id": c.member_id, "why": c.why} for c in self.cannot],
            "check": [{"member_id": c.member_id, "why": c.why} for c in self.check],
            "came_before": list(self.came_before),
            "length_minutes": self.length,
            "current": self.is_current,
            **({"date": self.day.isoformat()} if self.day else {}),
        }


@dataclass(frozen=True)
class Ranking:
    """Every candidate, best first, and the group's current slot for comparison."""

    options: tuple[SlotOption, ...]
    current: SlotOption | None
    members: tuple[Member, ...]
    readings: dict[str, Availability] = field(default_factory=dict)

    @property
    def unsaid(self) -> tuple[Member, ...]:
        """The active members who have not said when they can come (no availability
        on the roster): they count as able to come, which is a guess, not a fact."""
        return tuple(m for m in self.members if not m.availability.strip())


def nobody_words(ranking: Ranking) -> str | None:
    """What to say instead of a ranking when there is nothing to rank on: nobody on the
    roster, or nobody has said when they can come; None when there is something."""
    if not ranking.members:
        return "Nobody is on the roster yet: add members (and when they can come) first."
    if len(ranking.unsaid) == len(ranking.members):
        on_roster = plural(len(ranking.members), "active member")
        return (
            f"Nobody has said when they can come yet ({on_roster} on the roster): add it "
            "with e on a member. Until then only access needs and time away tell the "
            "slots apart."
        )
    return None


def cannot_words(option: SlotOption, ranking: Ranking) -> str:
    """Who cannot come to ``option``, in a few words that are honest about zero: never
    "everyone can come" when nobody is on the roster or some have not said."""
    if not ranking.members:
        return "nobody on the roster"
    if option.cannot:
        return ", ".join(c.name for c in option.cannot)
    unsaid = len(ranking.unsaid)
    if unsaid == len(ranking.members):
        return "nobody has said yet"
    if unsaid:
        return f"none of those who said; {unsaid} not said"
    return "everyone can come"


def can_come_words(option: SlotOption, ranking: Ranking) -> str:
    """The sentence under a slot when nobody is known to be unable to come."""
    if not ranking.members:
        return "Nobody is on the roster yet."
    unsaid = ranking.unsaid
    if option.cannot:
        return ""
    if len(unsaid) == len(ranking.members):
        return "Nobody has said when they can come yet, so nobody is known to be unable."
    if unsaid:
        names = ", ".join(m.display_name for m in unsaid)
        return (
            f"Everyone who said can come; {plural(len(unsaid), 'member')} not said yet ({names})."
        )
    return "Everyone can come." if not option.check else ""


@dataclass(frozen=True)
class _Person:
    member: Member
    availability: Availability
    needs: AccessReading


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def start_times(request: SlotRequest, length: int) -> list[time]:
    """Start times in the window, every ``step`` minutes, for meetings that end in it."""
    first, last = _minutes(request.earliest), _minutes(request.latest)
    return [
        time(m // 60, m % 60)
        for m in range(first, last - length + 1, max(request.step, 5))
        if m < 24 * 60
    ]


def history(data: GroupData, until: date | None = None) -> dict[tuple[Weekday, time], set[str]]:
    """Who came to held meetings at each (weekday, start time) before."""
    came: dict[tuple[Weekday, time], set[str]] = {}
    order = list(Weekday)
    for meeting in data.held_meetings(until):
        key = (order[meeting.day.weekday()], meeting.starts_at.time().replace(tzinfo=None))
        present = {mid for mid, mark in meeting.attendance.items() if mark.status is Mark.PRESENT}
        came.setdefault(key, set()).update(present)
    return came


def evaluate(
    people: Sequence[_Person],
    weekday: Weekday,
    start: time,
    length: int,
    venue_id: str | None,
    venue_name: str,
    venue_access: AccessReading | None,
    day: date | None,
    came: set[str],
    is_current: bool = False,
    timing: dict[str, list[str]] | None = None,
    matched: dict[str, AccessMatch] | None = None,
) -> SlotOption:
    """Who can come to one slot, and why the others cannot. ``timing`` may hold each
    member's reasons about the day and time, worked out once for every venue, and
    ``matched`` their needs against this venue, worked out once for every slot."""
    timing = timing if timing is not None else _timing(people, weekday, start, length, day)
    if matched is None:
        matched = _matches(people, venue_name, venue_access)
    can: list[str] = []
    cannot: list[Cannot] = []
    check: list[Cannot] = []
    for person in people:
        member = person.member
        reasons = list(timing[member.id])
        unknown: tuple[str, ...] = ()
        access = matched.get(member.id)
        if access is not None:
            reasons.extend(access.lacking)
            unknown = access.unknown
        if reasons:
            cannot.append(Cannot(member.id, member.display_name, "; ".join(reasons)))
            continue
        can.append(member.id)
        if unknown:
            check.append(Cannot(member.id, member.display_name, "; ".join(unknown)))
    return SlotOption(
        weekday=weekday,
        start=start,
        length=length,
        venue_id=venue_id,
        venue_name=venue_name,
        can_come=tuple(can),
        cannot=tuple(cannot),
        check=tuple(check),
        came_before=tuple(mid for mid in can if mid in came),
        is_current=is_current,
        day=day,
    )


def _matches(
    people: Sequence[_Person], venue_name: str, venue_access: AccessReading | None
) -> dict[str, AccessMatch]:
    """Each member's access needs against one venue's notes."""
    if venue_access is None:
        return {}
    return {
        p.member.id: match_access(p.needs, venue_name, venue_access)
        for p in people
        if p.needs.pieces
    }


def _timing(
    people: Sequence[_Person], weekday: Weekday, start: time, length: int, day: date | None
) -> dict[str, list[str]]:
    """Each member's reasons the day and time do not suit (availability, time away)."""
    begin = _minutes(start)
    end = begin + length
    found: dict[str, list[str]] = {}
    for person in people:
        member = person.member
        reasons = [str(c) for c in person.availability.conflicts(weekday, begin, end)]
        if day is not None:
            away = next((p for p in member.away if p.covers(day)), None)
            if away is not None:
                note = f": '{away.note}'" if away.note.strip() else ""
                reasons.append(f"away {away.start:%d %b}-{away.end:%d %b}{note}")
        found[member.id] = reasons
    return found


def _people(data: GroupData, today: date) -> list[_Person]:
    return [
        _Person(m, read_availability(m.availability), read_access_needs(m.access_needs))
        for m in data.members
        if m.status is MemberStatus.ACTIVE
    ]


def _date_in_week(week_of: date | None, weekday: Weekday) -> date | None:
    if week_of is None:
        return None
    return week_of + timedelta(days=(weekday.number - week_of.weekday()) % 7)


def rank_slots(data: GroupData, request: SlotRequest, today: date) -> Ranking:
    """Every candidate slot (days x start times x venues) ranked, best first, with the
    group's current slot evaluated the same way."""
    group = data.group
    if group is None:
        raise ValidationError("Group", "is not set up yet")
    length = request.length or group.rhythm.duration_minutes
    people = _people(data, today)
    came = history(data, today)
    venues: list[tuple[str | None, str, AccessReading | None]] = [
        (v.id, v.name, read_venue_access(v.access_notes)) for v in data.venues
    ]
    if not venues:
        venues = [(None, "no venue yet", None)]
    rhythm = group.rhythm
    current_venue = group.default_venue_id
    matches = {venue_id: _matches(people, name, access) for venue_id, name, access in venues}
    options: list[SlotOption] = []
    for weekday in request.days:
        day = _date_in_week(request.week_of, weekday)
        for start in start_times(request, length):
            timing = _timing(people, weekday, start, length, day)
            for venue_id, name, access in venues:
                options.append(
                    evaluate(
                        people,
                        weekday,
                        start,
                        length,
                        venue_id,
                        name,
                        access,
                        day,
                        came.get((weekday, start), set()),
                        is_current=(weekday, start, venue_id)
                        == (rhythm.weekday, rhythm.time, current_venue),
                        timing=timing,
                        matched=matches[venue_id],
                    )
                )
    order = {venue_id: i for i, (venue_id, _, _) in enumerate(venues)}
    now = rhythm.weekday.number * 1440 + _minutes(rhythm.time)

    def key(option: SlotOption) -> tuple[int, ...]:
        at = option.weekday.number * 1440 + _minutes(option.start)
        return (
            -len(option.can_come),
            len(option.check),
            -len(option.came_before),
            0 if option.is_current else 1,
            0 if option.venue_id == current_venue else 1,
            abs(at - now),
            at,
            order.get(option.venue_id, 0),
        )

    options.sort(key=key)
    current_name = next((n for v, n, _ in venues if v == current_venue), "no venue set")
    current_access = next((a for v, _, a in venues if v == current_venue), None)
    current = evaluate(
        people,
        rhythm.weekday,
        rhythm.time,
        length,
        current_venue,
        current_name,
        current_access,
        _date_in_week(request.week_of, rhythm.weekday),
        came.get((rhythm.weekday, rhythm.time), set()),
        is_current=True,
    )
    return Ranking(
        tuple(options),
        current,
        tuple(p.member for p in people),
        {p.member.id: p.availability for p in people},
    )


def judge_slot(
    data: GroupData,
    weekday: Weekday,
    start: time,
    venue_id: str | None,
    day: date | None = None,
    today: date | None = None,
) -> SlotOption:
    """One slot (or date) judged for the active members as :func:`rank_slots` would:
    a tally's proposed date, say, with who cannot come by their own words."""
    group = data.group
    length = group.rhythm.duration_minutes if group else 120
    if venue_id is None and group is not None:
        venue_id = group.default_venue_id  # a proposal without a venue: the usual one
    venue = data.venue(venue_id)
    people = _people(data, today or day or date.min)
    access = read_venue_access(venue.access_notes) if venue is not None else None
    return evaluate(
        people,
        weekday,
        start,
        length,
        venue.id if venue else None,
        venue.name if venue else "no venue set",
        access,
        day,
        set(),
    )


def parse_days(text: str) -> tuple[Weekday, ...]:
    """``--days mon,tue,thu`` (names or three-letter codes, any case)."""
    found: list[Weekday] = []
    for raw in text.replace(" ", ",").split(","):
        word = raw.strip().lower()
        if not word:
            continue
        day = DAY_NAMES.get(word)
        if day is None:
            raise ValidationError("Days", f"{raw.strip()!r} is not a day (use mon,tue,...)")
        if day not in found:
            found.append(day)
    if not found:
        raise ValidationError("Days", "choose at least one day (e.g. mon,tue,thu)")
    return tuple(sorted(found, key=lambda d: d.number))
