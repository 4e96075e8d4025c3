"""When the group meets next, worked out from its rhythm.

Dates come from ``dateutil.rrule`` applied to *local wall time* in the group's zone, then
placed in that zone: a 14:00 meeting stays 14:00 on the clock in winter and in summer,
whatever the UTC offset. Monthly rhythms pick "the Nth weekday" (or the last one) of
each month, so month ends never skip a meeting the way "the 31st" would.

Pure: the current moment is passed in, nothing here reads the clock or the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from coordinator.model import (
    GroupData,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Rhythm,
    RhythmUnit,
    ValidationError,
)

# A rhythm asked for "all of them" with no end would never stop; nobody plans further
# ahead than this many meetings.
MAX_OCCURRENCES = 1000


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """``moment`` as naive wall time in ``zone`` (what rrule works in)."""
    if moment.tzinfo is None:
        raise ValueError("schedule needs timezone-aware datetimes")
    return moment.astimezone(zone).replace(tzinfo=None)


def _rule(rhythm: Rhythm, anchor: date) -> rrule:
    start = datetime.combine(anchor, rhythm.time)
    day = weekday(rhythm.weekday.number)
    if rhythm.unit is RhythmUnit.WEEK:
        return rrule(WEEKLY, interval=rhythm.every, byweekday=day, dtstart=start)
    # nth is 1-4 or -1 (last); Rhythm has already checked it.
    return rrule(MONTHLY, interval=rhythm.every, byweekday=day(rhythm.nth or 1), dtstart=start)


def occurrences(
    rhythm: Rhythm,
    zone: ZoneInfo,
    after: datetime,
    count: int | None = None,
    until: datetime | None = None,
    *,
    anchor: date | None = None,
) -> list[datetime]:
    """Meeting starts from ``rhythm``, strictly after ``after``, as aware datetimes in
    ``zone``; at most ``count`` of them and none after ``until``.

    ``anchor`` fixes the rhythm's phase (which fortnight, which quarter): a day the group
    met on, or the day it started. Without it the rhythm counts from ``after``.
    """
    if count is None and until is None:
        count = MAX_OCCURRENCES
    if count is not None and count <= 0:
        return []
    start = _local(after, zone)
    end = None if until is None else _local(until, zone)
    rule = _rule(rhythm, anchor if anchor is not None else start.date())
    found: list[datetime] = []
    for local in rule.xafter(start, inc=False):
        if end is not None and local > end:
            break
        found.append(local.replace(tzinfo=zone))
        if count is not None and len(found) >= count:
            break
        if len(found) >= MAX_OCCURRENCES:
            break
    return found


def _phase_anchor(data: GroupData, rhythm: Rhythm) -> date | None:
    """The day the rhythm counts from: the latest rhythm day a meeting was planned for
    (a moved meeting keeps its slot, so moving one by a week does not shift the
    fortnight), else the latest regular meeting on the usual weekday, else the latest
    meeting, else the day the group started."""
    weekday = rhythm.weekday.number
    slots = [
        m.series_slot
        for m in data.meetings
        if m.series_slot is not None and m.series_slot.weekday() == weekday
    ]
    if slots:
        return max(slots)
    on_rhythm = [
        m
        for m in data.meetings
        if m.kind is MeetingKind.REGULAR
        and m.status is not MeetingStatus.CANCELLED
        and m.day.weekday() == weekday
    ]
    if on_rhythm:
        return on_rhythm[-1].day
    if data.meetings:
        return data.meetings[-1].day
    return data.group.started_on if data.group else None


def _default_id() -> str:
    from coordinator.store import new_id

    return new_id("g")


def plan_next(
    data: GroupData,
    now: datetime,
    count: int,
    make_id: Callable[[], str] | None = None,
) -> list[Meeting]:
    """The next ``count`` planned meetings from the group's rhythm, not yet saved.

    They start after the later of ``now`` and the last meeting on record (or the last
    rhythm day a meeting was planned for, when one was moved earlier), skip any day that
    already has a meeting or is the slot of a moved one, and take the usual length and
    venue. Each remembers its rhythm day (``series_slot``). Ids come from ``make_id``
    (default: fresh ids that are never reused).
    """
    group = data.group
    if group is None:
        raise ValidationError("Group", "is not set up yet, so there is no rhythm to plan from")
    if count <= 0:
        return []
    zone = group.zone
    rhythm = group.rhythm
    after = now.astimezone(zone)
    if data.meetings and data.meetings[-1].starts_at > after:
        after = data.meetings[-1].starts_at
    slots = [m.series_slot for m in data.meetings if m.series_slot is not None]
    if slots:
        last_slot = datetime.combine(max(slots), rhythm.time, tzinfo=zone)
        after = max(after, last_slot)
    taken = {m.day for m in data.meetings} | set(slots)
    anchor = _phase_anchor(data, rhythm)
    new_id = make_id or _default_id
    planned: list[Meeting] = []
    cursor = after
    while len(planned) < count:
        batch = occurrences(rhythm, zone, cursor, count=count, anchor=anchor)
        if not batch:
            break
        for start in batch:
            if start.date() in taken:
                continue
            taken.add(start.date())
            planned.append(
                Meeting(
                    id=new_id(),
                    starts_at=start,
                    duration_minutes=rhythm.duration_minutes,
                    venue_id=group.default_venue_id,
                    kind=MeetingKind.REGULAR,
                    status=MeetingStatus.PLANNED,
                    series_slot=start.date(),
                )
            )
            if len(planned) == count:
                break
        cursor = batch[-1]
    return planned


# --- wall-clock times around the clock changes ---------------------------------------------


def _exists(naive: datetime, zone: ZoneInfo) -> bool:
    """Does this wall-clock time happen in ``zone`` (not skipped by a clock change)?"""
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def local_start(day: date, at: time, zone: ZoneInfo, label: str = "Start time") -> datetime:
    """``day`` at ``at`` in ``zone``, refusing a time the clocks skip.

    On the night the clocks go forward a stretch of wall-clock time never happens
    (01:00-02:00 in London on the last Sunday of March); a meeting there would have no
    length in calendars, so it is refused with the stretch named. A time that happens
    twice (the night the clocks go back) is the first of the two (``fold=0``, still
    summer time); :func:`ambiguity_note` says so in words."""
    naive = datetime.combine(day, at)
    if not _exists(naive, zone):
        gap_start = naive
        for _ in range(24 * 60):
            earlier = gap_start - timedelta(minutes=1)
            if _exists(earlier, zone):
                break
            gap_start = earlier
        before = naive.replace(tzinfo=zone, fold=0).utcoffset() or timedelta(0)
        after = naive.replace(tzinfo=zone, fold=1).utcoffset() or timedelta(0)
        gap_end = gap_start + abs(after - before)
        raise ValidationError(
            label,
            f"{at:%H:%M} does not exist on {day:%a %d %b %Y} in {zone.key}: the clocks go "
            f"forward that night from {gap_start:%H:%M} to {gap_end:%H:%M}; choose "
            f"{gap_end:%H:%M} or later, or before {gap_start:%H:%M}",
        )
    return naive.replace(tzinfo=zone, fold=0)


def ambiguity_note(start: datetime) -> str | None:
    """Words for a start time that happens twice (the night the clocks go back), saying
    which one the meeting is at; None for every other time."""
    zone = start.tzinfo
    if not isinstance(zone, ZoneInfo):
        return None
    first = start.replace(fold=0)
    second = start.replace(fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    return (
        f"{start:%H:%M} happens twice on {start:%a %d %b %Y} in {zone.key} (the clocks go "
        f"back that night); the meeting is at the first {start:%H:%M} "
        f"({first.tzname()}, {first.astimezone(UTC):%H:%M} UTC)."
    )
