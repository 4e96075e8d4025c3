"""Change the group's rhythm (weekday, time, how often) and move the planned meetings
to the new slot, in one write.

Used by the best-time screen and tally (choosing a slot or a date), by Settings (after
the usual time or rhythm is changed there) and by ``coordinator rhythm set``.

Which meetings move: regular meetings still planned (not held, not cancelled) that have
not begun yet. Socials, outings and specials keep their own times. The k-th of them
moves to the k-th date of the new rhythm, counted from the chosen first day (or from the
week, or month, of the first of them), skipping days that already have another meeting.
Each moved meeting's ``sequence`` goes up (the store does this for any change of time or
place), so calendars that imported it update on the next export.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from coordinator.model import (
    GroupData,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Rhythm,
    RhythmUnit,
    ValidationError,
)
from coordinator.schedule import occurrences
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


def _anchor(rhythm: Rhythm, first: date) -> date:
    """Where the new rhythm starts counting: the week (Monday) or month of ``first``."""
    if rhythm.unit is RhythmUnit.WEEK:
        return first - timedelta(days=first.weekday())
    return first.replace(day=1)


def moves_for(
    data: GroupData,
    rhythm: Rhythm,
    now: datetime,
    *,
    first_day: date | None = None,
    venue_id: str | None = KEEP,
) -> list[Move]:
    """Where each planned regular meeting would go under ``rhythm`` (not saved). Only
    meetings that would change are listed. ``first_day`` is the first meeting's new day
    (it must fall on the rhythm's weekday); ``venue_id`` a new venue for all of them."""
    group = data.group
    if group is None:
        raise ValidationError("Group", "is not set up yet")
    moving = planned_to_move(data, now)
    if not moving:
        return []
    zone = group.zone
    if first_day is not None and first_day.weekday() != rhythm.weekday.number:
        raise ValidationError(
            "First meeting", f"{first_day:%a %d %b %Y} is not a {rhythm.weekday.label}"
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
            moves.append(Move(meeting, after_move))
    return moves


def change_rhythm(
    store: Store,
    rhythm: Rhythm,
    now: datetime,
    *,
    move: bool = True,
    first_day: date | None = None,
    venue_id: str | None = KEEP,
) -> RhythmChanged:
    """Save ``rhythm`` as the group's (and ``venue_id`` as its usual venue unless KEEP)
    and, with ``move``, move the planned meetings to it: one write, all or nothing."""
    data = store.load()
    group = data.group
    if group is None:
        raise ValidationError("Group", "is not set up yet")
    moves = moves_for(data, rhythm, now, first_day=first_day, venue_id=venue_id) if move else []
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


def move_planned(store: Store, now: datetime, *, first_day: date | None = None) -> tuple[Move, ...]:
    """Move the planned meetings to the group's rhythm as saved (after the rhythm was
    changed in Settings); one write."""
    data = store.load()
    group = data.group
    if group is None:
        raise ValidationError("Group", "is not set up yet")
    return change_rhythm(store, group.rhythm, now, first_day=first_day).moves


def move_one(store: Store, meeting_id: str, starts_at: datetime) -> Move:
    """Move one planned meeting to ``starts_at`` (a date chosen from a tally, without
    changing the rhythm); its sequence goes up."""
    before = store.meeting(meeting_id)
    if before is None:
        raise ValidationError("Meeting", f"there is no meeting {meeting_id}")
    if before.status is not MeetingStatus.PLANNED:
        raise ValidationError("Meeting", "only a planned meeting can be moved")
    return Move(before, store.save_meeting(replace(before, starts_at=starts_at)))
