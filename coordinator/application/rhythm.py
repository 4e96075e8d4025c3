"""Change the group's rhythm (weekday, time, how often) and move the planned meetings
to the new slot, in one write.

Used by the best-time screen and tally (choosing a slot or a date), by Settings (after
the usual time or rhythm is changed there) and by ``coordinator rhythm set``.

Which meetings move: regular meetings still planned (not held, not cancelled) that have
not begun yet. Socials, outings and specials keep their own times. When only the time,
length or venue changes, each keeps its day (a meeting moved by hand, or a day left free
on purpose, stays as it is) and takes the new time, unless its time was chosen by hand.
When the days change, the k-th of them moves to the k-th date of the new rhythm, counted
from the chosen first day (or from the week, or month, of the first of them), skipping
days that already have another meeting.
Each moved meeting's ``sequence`` goes up (the store does this for any change of time or
place), so calendars that imported it update on the next export.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coordinator.model import (
    GroupData,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Rhythm,
    RhythmUnit,
    ValidationError,
    Weekday,
)
from coordinator.schedule import local_start, occurrences
from coordinator.store import Store

# A venue argument meaning "leave the usual venue as it is".
KEEP = "<keep>"


@dataclass(frozen=True)
class Move:
    """One planned meeting before and after the move."""

    before: Meeting
    after: Meeting


@dataclass(frozen=True)
class RhythmChanged:
    """What a change did: the rhythm now, and the meetings moved."""

    rhythm: Rhythm
    moves: tuple[Move, ...]


def planned_to_move(data: GroupData, now: datetime) -> list[Meeting]:
    """Regular meetings still planned that have not begun, in order."""
    return [
        m
        for m in data.meetings
        if m.status is MeetingStatus.PLANNED
        and m.kind is MeetingKind.REGULAR
        and m.starts_at > now.astimezone(m.starts_at.tzinfo)
    ]


NTH_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def nth_of_month(day: date, wanted: int | None = None) -> int | None:
    """Which of its month's weekdays ``day`` is: 1-4, or -1 for the last (a fifth one is
    always the last). With ``wanted`` (1-4 or -1): ``wanted`` if ``day`` is that one,
    else None."""
    nth = (day.day - 1) // 7 + 1
    last = (day + timedelta(days=7)).month != day.month
    if wanted is None:
        return -1 if nth == 5 else nth
    if wanted == -1:
        return -1 if last else None
    return nth if nth == wanted else None


def rhythm_on(rhythm: Rhythm, day: Weekday, start: time, first_day: date | None = None) -> Rhythm:
    """``rhythm`` moved to ``day`` at ``start``; for a monthly rhythm and a chosen first
    day, also to that day's place in its month (the second Thursday, the last...)."""
    moved = replace(rhythm, weekday=day, time=start)
    if rhythm.unit is RhythmUnit.MONTH and first_day is not None:
        keep_last = rhythm.nth == -1 and nth_of_month(first_day, -1) == -1
        moved = replace(moved, nth=-1 if keep_last else nth_of_month(first_day))
    return moved


def _anchor(rhythm: Rhythm, first: date) -> date:
    """Where the new rhythm starts counting: the week (Monday) or month of ``first``."""
    if rhythm.unit is RhythmUnit.WEEK:
        return first - timedelta(days=first.weekday())
    return first.replace(day=1)


def _retimed(
    moving: list[Meeting], old: Rhythm, rhythm: Rhythm, zone: ZoneInfo, venue_id: str | None
) -> list[Move]:
    """Each meeting on its own day at the new usual time and length; a time or length
    chosen for one meeting by hand (not the old usual one) is its own and kept."""
    moves: list[Move] = []
    for meeting in moving:
        local = meeting.starts_at.astimezone(zone)
        at = rhythm.time if local.time() == old.time else local.time()
        length = (
            rhythm.duration_minutes
            if meeting.duration_minutes == old.duration_minutes
            else meeting.duration_minutes
        )
        after = replace(
            meeting,
            starts_at=local_start(local.date(), at, zone, "Usual time"),
            duration_minutes=length,
            venue_id=meeting.venue_id if venue_id == KEEP else venue_id,
            location=meeting.location if venue_id == KEEP else None,
        )
        if after != meeting:
            moves.append(Move(meeting, after))
    return moves


def moves_for(
    data: GroupData,
    rhythm: Rhythm,
    now: datetime,
    *,
    first_day: date | None = None,
    venue_id: str | None = KEEP,
    previous: Rhythm | None = None,
) -> list[Move]:
    """Where each planned regular meeting would go under ``rhythm`` (not saved). Only
    meetings that would change are listed. ``first_day`` is the first meeting's new day
    (it must fall on the rhythm's weekday); ``venue_id`` a new venue for all of them;
    ``previous`` the rhythm the meetings were planned to, when the group's record holds
    the new one already (Settings saves it first)."""
    group = data.group
    if group is None:
        raise ValidationError("Group", "is not set up yet")
    moving = planned_to_move(data, now)
    if not moving:
        return []
    zone = group.zone
    old = previous or group.rhythm
    if first_day is None and (old.unit, old.every, old.weekday, old.nth) == (
        rhythm.unit,
        rhythm.every,
        rhythm.weekday,
        rhythm.nth,
    ):
        # The same days (a new time, length or venue): every meeting keeps its day, so a
        # meeting moved by hand, or a day left free on purpose, stays as it is.
        return _retimed(moving, old, rhythm, zone, venue_id)
    if first_day is not None:
        said = f"{first_day:%a} {first_day.day} {first_day:%b %Y}"
        if first_day.weekday() != rhythm.weekday.number:
            raise ValidationError("First meeting", f"{said} is not a {rhythm.weekday.label}")
        if first_day < now.astimezone(zone).date():
            raise ValidationError("First meeting", f"{said} has passed")
        if rhythm.unit is RhythmUnit.MONTH and nth_of_month(first_day, rhythm.nth) is None:
            nth = NTH_WORDS[rhythm.nth or 1]
            raise ValidationError(
                "First meeting", f"{said} is not the {nth} {rhythm.weekday.label} of its month"
            )
    start_from = first_day or moving[0].day
    anchor = _anchor(rhythm, start_from) if first_day is None else first_day
    after = max(
        now.astimezone(zone),
        datetime.combine(start_from, datetime.min.time(), tzinfo=zone) - timedelta(seconds=1),
    )
    moving_ids = {m.id for m in moving}
    taken = {m.day for m in data.meetings if m.id not in moving_ids}
    moves: list[Move] = []
    cursor = after
    starts: list[datetime] = []
    while len(starts) < len(moving):
        batch = occurrences(rhythm, zone, cursor, count=len(moving) * 2, anchor=anchor)
        if not batch:
            break
        starts.extend(s for s in batch if s.date() not in taken)
        cursor = batch[-1]
    for meeting, start in zip(moving, starts, strict=False):
        after_move = replace(
            meeting,
            starts_at=start,
            duration_minutes=rhythm.duration_minutes,
            venue_id=meeting.venue_id if venue_id == KEEP else venue_id,
            location=meeting.location if venue_id == KEEP else None,
        )
        if after_move != meeting:
            # It now stands for that day of the new rhythm in the standing series.
            moves.append(Move(meeting, replace(after_move, series_slot=start.date())))
    return moves


def change_rhythm(
    store: Store,
    rhythm: Rhythm,
    now: datetime,
    *,
    move: bool = True,
    first_day: date | None = None,
    venue_id: str | None = KEEP,
    previous: Rhythm | None = None,
) -> RhythmChanged:
    """Save ``rhythm`` as the group's (and ``venue_id`` as its usual venue unless KEEP)
    and, with ``move``, move the planned meetings to it: one write, all or nothing."""
    data = store.load()
    group = data.group
    if group is None:
        raise ValidationError("Group", "is not set up yet")
    moves = (
        moves_for(data, rhythm, now, first_day=first_day, venue_id=venue_id, previous=previous)
        if move
        else []
    )
    new_group = replace(
        group,
        rhythm=rhythm,
        default_venue_id=group.default_venue_id if venue_id == KEEP else venue_id,
    )
    saved: list[Move] = []
    with store.batch():
        if new_group != group:
            store.save_group(new_group)
        for planned in moves:
            saved.append(Move(planned.before, store.save_meeting(planned.after)))
    return RhythmChanged(rhythm, tuple(saved))


def move_planned(
    store: Store, now: datetime, *, first_day: date | None = None, previous: Rhythm | None = None
) -> tuple[Move, ...]:
    """Move the planned meetings to the group's rhythm as saved (after the rhythm was
    changed in Settings, from ``previous``); one write."""
    data = store.load()
    group = data.group
    if group is None:
        raise ValidationError("Group", "is not set up yet")
    return change_rhythm(store, group.rhythm, now, first_day=first_day, previous=previous).moves


def move_one(store: Store, meeting_id: str, starts_at: datetime) -> Move:
    """Move one planned meeting to ``starts_at`` (a date chosen from a tally, without
    changing the rhythm); its sequence goes up."""
    before = store.meeting(meeting_id)
    if before is None:
        raise ValidationError("Meeting", f"there is no meeting {meeting_id}")
    if before.status is not MeetingStatus.PLANNED:
        raise ValidationError("Meeting", "only a planned meeting can be moved")
    return Move(before, store.save_meeting(replace(before, starts_at=starts_at)))
