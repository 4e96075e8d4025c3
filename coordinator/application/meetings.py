"""A meeting's life, from planning to held, as the CLI (``coordinator meeting ...``) and
the app's Meetings screen both change it.

Each flow checks what it is given, saves through the store in one write (the store
raises the meeting's SEQUENCE whenever its time, place or status changes, so calendars
that imported it take the update) and returns a :class:`Done` saying in words what
happened. A problem is a :class:`~coordinator.model.ValidationError` naming the field
("Date: ...", "Start time: ..."), which both the CLI and the app show as it is.

A meeting planned from the rhythm remembers its rhythm day (``series_slot``) for its
whole life, however far it is moved, so the standing series in calendars shows it as
that day's occurrence moved, never as a second meeting beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from coordinator import schedule
from coordinator.invites.series import series_anchor, series_days
from coordinator.model import (
    GroupData,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ValidationError,
    check_text,
)
from coordinator.store import Store, new_id

# Nobody plans further ahead than a year of weekly meetings in one go.
MAX_PLAN = 52


@dataclass(frozen=True)
class Done:
    """What a flow did: the meetings as saved, a sentence, and anything to know."""

    meetings: tuple[Meeting, ...]
    message: str
    notes: tuple[str, ...] = ()

    @property
    def meeting(self) -> Meeting:
        return self.meetings[0]


def when(meeting: Meeting) -> str:
    """ "Tue 01 Dec 2026 14:00"."""
    return f"{meeting.starts_at:%a %d %b %Y %H:%M}"


def find(data: GroupData, typed: str) -> Meeting:
    """The meeting a person means: its id, or its date when one meeting is on it."""
    typed = typed.strip()
    meeting = data.meeting(typed)
    if meeting is not None:
        return meeting
    from coordinator.model import parse_date

    try:
        day = parse_date(typed, "Meeting")
    except ValidationError:
        day = None
    on_day = [m for m in data.meetings if day is not None and m.day == day]
    if len(on_day) == 1:
        return on_day[0]
    if on_day:
        listed = ", ".join(f"{m.id} ({m.starts_at:%H:%M})" for m in on_day)
        raise ValidationError("Meeting", f"there are {len(on_day)} meetings that day: {listed}")
    what = f"on {day:%d %b %Y}" if day is not None else "with that id"
    raise ValidationError(
        "Meeting", f"there is no meeting {what}; `coordinator meeting list` shows them"
    )


def _group(data: GroupData) -> None:
    if data.group is None:
        raise ValidationError("Group", "is not set up yet: run `coordinator` to set it up")


def _ambiguous(meeting: Meeting) -> tuple[str, ...]:
    note = schedule.ambiguity_note(meeting.starts_at)
    return (note,) if note else ()


def rhythm_day(data: GroupData, day: date, *, ignore: str | None = None) -> date | None:
    """``day`` when it is one of the rhythm's days and no other meeting holds it (so a
    regular meeting added on it becomes that day's occurrence), else None."""
    group = data.group
    if group is None:
        return None
    rhythm = group.rhythm
    if day not in series_days(rhythm, series_anchor(data, rhythm, day), day, day):
        return None
    for other in data.meetings:
        if other.id == ignore:
            continue
        if other.series_slot == day or (other.series_slot is None and other.day == day):
            return None
    return day


# --- the flows -----------------------------------------------------------------------------


def plan(store: Store, now: datetime, count: int) -> Done:
    """Plan the next ``count`` meetings from the rhythm (one write)."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_PLAN:
        raise ValidationError("How many", f"should be a whole number from 1 to {MAX_PLAN}")
    data = store.load()
    _group(data)
    planned = schedule.plan_next(data, now, count)
    if not planned:
        return Done((), "Nothing to plan: the rhythm gives no more dates.")
    # A rhythm time the clocks skip on some day (01:30 on a spring-forward Sunday) is
    # planned as the moment it becomes, and said.
    notes: list[str] = []
    fixed: list[Meeting] = []
    assert data.group is not None
    zone = data.group.zone
    for meeting in planned:
        try:
            schedule.local_start(meeting.day, meeting.starts_at.time(), zone)
        except ValidationError as error:
            real = meeting.starts_at.astimezone(UTC).astimezone(zone)
            notes.append(f"{error.problem}; the meeting that day is planned at {real:%H:%M}.")
            meeting = replace(meeting, starts_at=real)
        fixed.append(meeting)
        notes.extend(_ambiguous(meeting))
    with store.batch():
        saved = tuple(store.save_meeting(m) for m in fixed)
    first, last = saved[0], saved[-1]
    span = f"{first.day:%d %b %Y}" if first is last else f"{first.day:%d %b} to {last.day:%d %b %Y}"
    return Done(saved, f"Planned {len(saved)}: {span}", tuple(notes))


def add(
    store: Store,
    today: date,
    *,
    day: date,
    at: time | None = None,
    length: int | None = None,
    venue_id: str | None = None,
    place: str | None = None,
    kind: MeetingKind = MeetingKind.REGULAR,
    notes: str = "",
) -> Done:
    """Add a meeting (usual time, length and venue unless given). A regular meeting on
    a free rhythm day becomes that day's occurrence in the standing series."""
    data = store.load()
    _group(data)
    group = data.group
    assert group is not None
    starts = schedule.local_start(day, at or group.rhythm.time, group.zone)
    if venue_id is not None and data.venue(venue_id) is None:
        names = ", ".join(f"{v.id} ({v.name})" for v in data.venues) or "none yet"
        raise ValidationError("Venue", f"there is no venue {venue_id!r}; venues: {names}")
    if place is not None:
        place = check_text(place.strip(), "Place", limit=500) or None
    if venue_id is not None and place is not None:
        raise ValidationError("Place", "give a venue or a one-off place, not both")
    if venue_id is None and place is None:
        venue_id = group.default_venue_id
    status = MeetingStatus.HELD if day < today else MeetingStatus.PLANNED
    meeting = Meeting(
        id=new_id("g"),
        starts_at=starts,
        duration_minutes=group.rhythm.duration_minutes if length is None else length,
        venue_id=venue_id,
        location=place,
        kind=kind,
        status=status,
        notes=notes,
        series_slot=rhythm_day(data, day) if kind is MeetingKind.REGULAR else None,
    )
    saved = store.save_meeting(meeting)
    state = " (held: the date has passed)" if status is MeetingStatus.HELD else ""
    return Done((saved,), f"Added {saved.id}: {when(saved)}{state}", _ambiguous(saved))


def save_edit(store: Store, meeting: Meeting) -> Done:
    """Save a meeting as edited in the app's form (a new one, or changes to one): the
    rhythm day it was planned for is kept; a new regular meeting on a free rhythm day
    takes that day."""
    data = store.load()
    before = data.meeting(meeting.id)
    if before is None:
        slot = None
        if meeting.kind is MeetingKind.REGULAR:
            slot = rhythm_day(data, meeting.day, ignore=meeting.id)
        meeting = replace(meeting, series_slot=slot)
    elif meeting.series_slot is None and before.series_slot is not None:
        meeting = replace(meeting, series_slot=before.series_slot)
    elif before.series_slot is None and before.day != meeting.day:
        meeting = replace(meeting, series_slot=_slot_before_moving(data, before))
    saved = store.save_meeting(meeting)
    return Done((saved,), "Meeting saved", _ambiguous(saved))


def _slot_before_moving(data: GroupData, meeting: Meeting) -> date | None:
    """The rhythm day a meeting without a kept one is on now (so moving it keeps it as
    that day's occurrence), when it is a regular meeting on a free rhythm day."""
    if meeting.kind is not MeetingKind.REGULAR:
        return None
    return rhythm_day(data, meeting.day, ignore=meeting.id)


def move(store: Store, meeting_id: str, day: date, at: time | None = None) -> Done:
    """Move a meeting to ``day`` (at ``at``, else at its own time). It stays the same
    calendar entry, with a higher SEQUENCE; a meeting of the series stays that rhythm
    day's occurrence however far it moves."""
    data = store.load()
    _group(data)
    group = data.group
    assert group is not None
    meeting = find(data, meeting_id)
    if meeting.status is MeetingStatus.HELD:
        raise ValidationError("Meeting", f"{meeting.id} on {when(meeting)} was held; it stays put")
    starts = schedule.local_start(day, at or meeting.starts_at.time(), group.zone)
    if starts == meeting.starts_at:
        return Done((meeting,), f"{meeting.id} is already on {when(meeting)}; nothing changed")
    slot = meeting.series_slot
    if slot is None:
        slot = _slot_before_moving(data, meeting)
    saved = store.save_meeting(replace(meeting, starts_at=starts, series_slot=slot))
    notes = list(_ambiguous(saved))
    clash = [m for m in data.meetings if m.id != saved.id and m.day == saved.day]
    if clash:
        notes.append(f"{saved.day:%a %d %b} also has {', '.join(m.id for m in clash)}.")
    if saved.series_slot is None and saved.status is not MeetingStatus.CANCELLED:
        # Not a day of the rhythm: a file of upcoming meetings that no longer reaches its
        # new day leaves it out, and calendars would keep it on its old day.
        notes.append(
            f"To move it in calendars, send its own file (`coordinator ics --meeting "
            f"{saved.id}`, or 'This meeting' in the export window) or upcoming meetings "
            "that reach its new day."
        )
    if saved.status is MeetingStatus.CANCELLED:
        notes.append("It is still cancelled (`coordinator meeting uncancel` puts it back on).")
    elif saved.ends_at <= store.clock.now():
        notes.append(
            f"{saved.day:%a %d %b} has passed, so it is no longer among the meetings to come; "
            f"if it took place then, mark it held (`coordinator meeting held {saved.id}`, "
            "or h on the Meetings screen)."
        )
    message = f"Moved {saved.id} from {when(meeting)} to {when(saved)}"
    return Done((saved,), message, tuple(notes))


def cancel(store: Store, meeting_id: str) -> Done:
    """Cancel a meeting: it stays on record, and calendars are told at the next export."""
    meeting = find(store.load(), meeting_id)
    if meeting.status is MeetingStatus.HELD:
        raise ValidationError("Meeting", f"{meeting.id} on {when(meeting)} was held")
    if meeting.status is MeetingStatus.CANCELLED:
        return Done((meeting,), f"{meeting.id} on {when(meeting)} is already cancelled")
    saved = store.save_meeting(replace(meeting, status=MeetingStatus.CANCELLED))
    return Done(
        (saved,),
        f"Cancelled {saved.id} on {when(saved)}; export the calendar again so calendars remove it",
    )


def uncancel(store: Store, meeting_id: str) -> Done:
    """Put a cancelled meeting back on (planned)."""
    meeting = find(store.load(), meeting_id)
    if meeting.status is not MeetingStatus.CANCELLED:
        return Done((meeting,), f"{meeting.id} on {when(meeting)} is not cancelled")
    saved = store.save_meeting(replace(meeting, status=MeetingStatus.PLANNED))
    return Done((saved,), f"{saved.id} on {when(saved)} is back on (planned)")


def held(store: Store, meeting_id: str, today: date) -> Done:
    """Mark a meeting as held (it happened); the register can then be taken."""
    meeting = find(store.load(), meeting_id)
    if meeting.day > today:
        raise ValidationError("Meeting", f"{meeting.id} on {when(meeting)} has not happened yet")
    if meeting.status is MeetingStatus.HELD:
        return Done((meeting,), f"{meeting.id} on {when(meeting)} is already marked held")
    if meeting.status is MeetingStatus.CANCELLED:
        raise ValidationError(
            "Meeting", f"{meeting.id} on {when(meeting)} is cancelled; put it back on first"
        )
    saved = store.save_meeting(replace(meeting, status=MeetingStatus.HELD))
    return Done((saved,), f"Marked {saved.id} on {when(saved)} held")
