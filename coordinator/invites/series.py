"""The standing series: the group's rhythm as one recurring event.

One VEVENT with an RRULE (UNTIL in UTC, never COUNT as well, at most 730 occurrences)
from the rhythm, EXDATE for cancelled meetings, a RECURRENCE-ID override for each meeting
moved or held somewhere else, and any meeting off the rhythm as its own event.

The series has its own UID and SEQUENCE, kept in the group record as a
:class:`SeriesState` (so they travel in the bundle): an unchanged series re-exports with
the same SEQUENCE, a changed one with a higher, so calendars that imported it before
update it in place.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from icalendar import Calendar, Event

from coordinator.invites.event import (
    DEFAULT_ALARM_MINUTES,
    IcsError,
    TextValue,
    add_zone,
    description_text,
    group_of,
    meeting_uid,
    name_calendar,
    new_alarm,
    new_calendar,
    new_event,
    one_line,
    place_text,
    series_uid,
    summary_text,
    to_bytes,
    zone_of,
)
from coordinator.invites.vtimezone import nth_weekday
from coordinator.model import GroupData, Meeting, MeetingKind, MeetingStatus, Rhythm, RhythmUnit

MAX_OCCURRENCES = 730
# How long a standing series runs when no end is given.
DEFAULT_SERIES_DAYS = 365
# How long after its day a meeting once sent as its own event still goes in the file.
STICKY_DAYS = timedelta(days=60)
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# How many regular meetings around the start vote on which fortnight (or month) is ours.
_PHASE_VOTES = 9
# A fixed moment used only to fingerprint a series' content, never written to a file.
_FINGERPRINT_STAMP = datetime(2000, 1, 1, tzinfo=UTC)


class SeriesState(NamedTuple):
    """What was last exported of the standing series: its UID, SEQUENCE, a fingerprint
    of its content, and the meetings it held as events of their own (``own``). Kept in
    the group record (:func:`coordinator.ics.with_series_state`), so it travels with the
    bundle: an unchanged series re-exports with the same SEQUENCE, a changed one with a
    higher, and a meeting once sent as its own event stays one (calendars that have it
    would otherwise keep it as a ghost beside the series). ``overridden`` are the rhythm
    days (ISO dates) sent as overrides (RECURRENCE-ID): each stays one while it is in the
    dates sent, even once the meeting is back on its rhythm day, because a calendar keeps
    an override until a newer one replaces it."""

    uid: str
    sequence: int
    fingerprint: str
    own: tuple[str, ...] = ()
    overridden: tuple[str, ...] = ()

    def to_setting(self) -> dict[str, Any]:
        value: dict[str, Any] = {
            "uid": self.uid,
            "sequence": self.sequence,
            "fingerprint": self.fingerprint,
        }
        if self.own:
            value["own"] = list(self.own)
        if self.overridden:
            value["overridden"] = list(self.overridden)
        return value

    @classmethod
    def from_setting(cls, value: object) -> SeriesState | None:
        """The saved state, or None when missing or not in the expected shape."""
        if not isinstance(value, Mapping) or cls.problem(value) is not None:
            return None
        own = value.get("own", [])
        if not isinstance(own, list) or not all(isinstance(i, str) for i in own):
            own = []
        overridden = value.get("overridden", [])
        if not isinstance(overridden, list) or not all(isinstance(d, str) for d in overridden):
            overridden = []
        return cls(
            value["uid"], value["sequence"], value["fingerprint"], tuple(own), tuple(overridden)
        )

    @staticmethod
    def problem(value: Mapping[str, Any]) -> str | None:
        """What is wrong with a saved state, naming the field, or None. A state that does
        not read is no state: the next export would start again at SEQUENCE 0 under the
        same UID, and calendars holding a higher one would ignore it."""
        uid, sequence, fingerprint = (value.get(k) for k in ("uid", "sequence", "fingerprint"))
        if not isinstance(uid, str) or not uid:
            return "uid must be the series' UID (text)"
        if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
            return f"sequence must be a whole number of 0 or more, not {sequence!r}"[:120]
        if not isinstance(fingerprint, str):
            return "fingerprint must be text"
        return None


class SeriesExport(NamedTuple):
    """The series file, its new state, how many rhythm days it holds, and whether it
    stops early at :data:`MAX_OCCURRENCES` (before the end asked for)."""

    calendar: Calendar
    state: SeriesState
    occurrences: int
    capped: bool = False
    last_day: date | None = None


def rhythm_rrule(rhythm: Rhythm) -> dict[str, Any]:
    """The rhythm as RRULE parts (without UNTIL)."""
    code = _WEEKDAY_CODES[rhythm.weekday.number]
    if rhythm.unit is RhythmUnit.WEEK:
        return {"FREQ": "WEEKLY", "INTERVAL": rhythm.every, "BYDAY": code}
    return {"FREQ": "MONTHLY", "INTERVAL": rhythm.every, "BYDAY": f"{rhythm.nth}{code}"}


def series_days(rhythm: Rhythm, anchor: date, start: date, end: date) -> list[date]:
    """The rhythm's days from ``start`` to ``end`` (inclusive), in step with ``anchor``
    (a day the group met on the rhythm). At most :data:`MAX_OCCURRENCES`."""
    days: list[date] = []
    weekday = rhythm.weekday.number
    if rhythm.unit is RhythmUnit.WEEK:
        step = timedelta(weeks=rhythm.every)
        first = anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
        # Whole steps from the anchor to the first day on or after start.
        if first < start:
            first += step * -(-(start - first).days // step.days)
        else:
            first -= step * ((first - start).days // step.days)
        day = first
        while day <= end and len(days) < MAX_OCCURRENCES:
            days.append(day)
            day += step
        return days
    assert rhythm.nth is not None
    month_index = anchor.year * 12 + anchor.month - 1
    start_index = start.year * 12 + start.month - 1
    month_index += -(-(start_index - month_index) // rhythm.every) * rhythm.every
    while len(days) < MAX_OCCURRENCES:
        year, month = divmod(month_index, 12)
        day = nth_weekday(year, month + 1, weekday, rhythm.nth)
        if day > end:
            break
        if day >= start:
            days.append(day)
        month_index += rhythm.every
    return days


def _phase(rhythm: Rhythm, day: date) -> int:
    """Which of the rhythm's ``every`` weeks (or months) ``day`` falls in."""
    if rhythm.unit is RhythmUnit.WEEK:
        return ((day.toordinal() - 1) // 7) % rhythm.every
    return (day.year * 12 + day.month - 1) % rhythm.every


def series_anchor(data: GroupData, rhythm: Rhythm, start: date) -> date:
    """A day in step with the rhythm, so a fortnightly group's series falls on its own
    fortnight: the phase most of the rhythm days nearest ``start`` share (a meeting's
    own rhythm day when it was planned from the rhythm, so a move does not flip it),
    else the group's first day, else ``start`` itself."""
    weekday = rhythm.weekday.number
    on_rhythm = [
        m.series_slot or m.day
        for m in data.meetings
        if (m.series_slot is not None or m.kind is MeetingKind.REGULAR)
        and (m.series_slot or m.day).weekday() == weekday
    ]
    nearest = sorted(on_rhythm, key=lambda day: (abs((day - start).days), day))[:_PHASE_VOTES]
    if nearest:
        votes = Counter(_phase(rhythm, day) for day in nearest)
        best = max(votes.values())
        # Ties go to the meeting nearest start.
        return next(day for day in nearest if votes[_phase(rhythm, day)] == best)
    group = group_of(data)
    if group.started_on is not None:
        started: date = group.started_on
        return started
    return start


def _match(
    slots: list[datetime], meetings: list[Meeting], tolerance: timedelta
) -> dict[datetime, Meeting]:
    """Pair each rhythm slot with the meeting that took its place.

    A meeting planned from the rhythm knows its slot (``series_slot``) and takes it
    however far it was moved: before, after, past other meetings, across clock changes.
    A meeting without one (added by hand, or from before slots were kept) takes a free
    slot it is on, or (a regular one) moved from by less than ``tolerance``, nearest
    first; a social or special meeting only takes the place of a slot on its own day."""
    by_day = {slot.date(): slot for slot in slots}
    matched: dict[datetime, Meeting] = {}
    for meeting in sorted(meetings, key=lambda m: (m.starts_at, m.id)):
        slot = by_day.get(meeting.series_slot) if meeting.series_slot is not None else None
        if slot is not None and slot not in matched:
            matched[slot] = meeting
    used = {m.id for m in matched.values()}
    pairs = sorted(
        (abs(m.starts_at - slot), i, j)
        for i, slot in enumerate(slots)
        for j, m in enumerate(meetings)
        if m.series_slot is None
        and slot not in matched
        and m.id not in used
        and abs(m.starts_at - slot) <= tolerance
        and (m.kind is MeetingKind.REGULAR or m.day == slot.date())
    )
    for _, i, j in pairs:
        if slots[i] in matched or meetings[j].id in used:
            continue
        matched[slots[i]] = meetings[j]
        used.add(meetings[j].id)
    return matched


def _horizon(data: GroupData) -> date | None:
    """The last day regular meetings are planned up to: the latest rhythm day one was
    planned for, or the latest day one is on (moved past its slot). Up to it, a rhythm
    day with no meeting is not on (so a meeting moved onto a later rhythm day is never
    shown twice there)."""
    days = [
        day
        for m in data.meetings
        if m.series_slot is not None or m.kind is MeetingKind.REGULAR
        for day in (m.series_slot, m.day)
        if day is not None
    ]
    return max(days, default=None)


def series_calendar(
    data: GroupData,
    now: datetime,
    *,
    start: date | None = None,
    end: date | None = None,
    alarm: int | None = DEFAULT_ALARM_MINUTES,
    last: SeriesState | None = None,
) -> SeriesExport:
    """The standing series from ``start`` (default today) to ``end`` (default a year on):
    one event with an RRULE (UNTIL in UTC, at most 730 occurrences), EXDATE for cancelled
    meetings, RECURRENCE-ID overrides for moved or re-placed ones, and any meeting off the
    rhythm as its own event.

    ``last`` is what was exported before; the returned state keeps its UID, and its
    SEQUENCE goes up only when the series' content changed."""
    group = group_of(data)
    zone = zone_of(data)
    rhythm: Rhythm = group.rhythm
    start = start or now.astimezone(zone).date()
    end = end or start + timedelta(days=DEFAULT_SERIES_DAYS)
    if end < start:
        raise IcsError("To: the end date is before the start date.")
    # A meeting still to come keeps the rhythm day it was planned for in the series,
    # even when that day has passed (moved later): so it stays the same calendar entry.
    kept = [
        m.series_slot
        for m in data.meetings
        if m.series_slot is not None and m.day >= start and m.series_slot < start
    ]
    first = min([start, *kept])
    days = series_days(rhythm, series_anchor(data, rhythm, start), first, end)
    if not days:
        raise IcsError(
            "The group's rhythm has no meetings between those dates; choose a later end date."
        )
    capped = len(days) == MAX_OCCURRENCES and days[-1] < end
    slots = [datetime.combine(day, rhythm.time, tzinfo=zone) for day in days]
    length = timedelta(minutes=rhythm.duration_minutes)
    # A meeting without a kept rhythm day, moved within three days, took its slot's
    # place (Tuesday to Wednesday, or to the Monday before); further, it is its own.
    tolerance = timedelta(days=3)
    slot_days = set(days)
    nearby = [
        m
        for m in data.meetings
        if (m.series_slot is not None and m.series_slot in slot_days)
        or slots[0] - tolerance <= m.starts_at <= slots[-1] + tolerance
        or start <= m.day <= end
    ]
    # A meeting sent as its own event last time stays one (while it is recent), so no
    # calendar keeps that event beside the series' occurrence; it goes in the file
    # wherever it is now, even outside the dates.
    recent = start - STICKY_DAYS
    sticky = {
        m.id for m in data.meetings if last is not None and m.id in last.own and m.day >= recent
    }
    present = {m.id for m in nearby}
    nearby += [m for m in data.meetings if m.id in sticky and m.id not in present]
    matched = _match(slots, [m for m in nearby if m.id not in sticky], tolerance)
    horizon = _horizon(data)
    # Up to the last planned rhythm day, a day with no meeting (deleted, or the rhythm
    # changed) is left out, so calendars show only what will happen.
    gaps = [
        slot
        for slot in slots
        if slot not in matched and horizon is not None and slot.date() <= horizon
    ]
    uid = last.uid if last is not None else series_uid(data)
    # A day sent as an override before stays one (see SeriesState.overridden).
    once_overridden = set(last.overridden) if last is not None else set()

    own: list[str] = []
    overridden: list[str] = []

    def build(sequence: int, stamp: datetime) -> Calendar:
        own.clear()
        overridden.clear()
        cal = new_calendar("PUBLISH", None)
        times = [*slots, slots[-1] + length, *(m.starts_at for m in nearby)]
        times += [m.ends_at for m in nearby]
        add_zone(cal, data, times)
        master = Event()
        master.add("uid", uid)
        master.add("dtstamp", stamp)
        master.add("sequence", sequence)
        master.add("dtstart", slots[0])
        master.add("dtend", slots[0] + length)
        rule = rhythm_rrule(rhythm)
        rule["UNTIL"] = slots[-1].astimezone(UTC)
        master.add("rrule", rule)
        summary = summary_text(data, MeetingKind.REGULAR)
        master.add("summary", TextValue(summary))
        place = place_text(data, group.default_venue_id)
        if place:
            master.add("location", TextValue(place))
        master.add("description", TextValue(description_text(data, None)))
        master.add("status", "CONFIRMED")
        master.add("transp", "OPAQUE")
        cancelled = sorted([slot for slot in slots if _is_cancelled(matched.get(slot))] + gaps)
        if cancelled:
            master.add("exdate", cancelled)
        if alarm is not None:
            master.add_component(new_alarm(alarm, summary))
        cal.add_component(master)
        left_out = set(cancelled)
        for slot in slots:
            meeting = matched.get(slot)
            if slot in left_out or _is_cancelled(meeting):
                continue
            usual = Meeting(
                meeting.id if meeting is not None else "slot",
                slot,
                rhythm.duration_minutes,
                venue_id=group.default_venue_id,
                kind=MeetingKind.REGULAR,
            )
            said_before = slot.date().isoformat() in once_overridden
            if meeting is None:
                # A night-time meeting across a clock change: parsers disagree on the
                # end the rule gives it (wall clock or real time), so it is said exactly.
                if not _crosses_a_clock_change(usual) and not said_before:
                    continue
                meeting = usual
            elif (
                not _differs(usual, meeting)
                and not _crosses_a_clock_change(meeting)
                and not said_before
            ):
                continue
            overridden.append(slot.date().isoformat())
            override = new_event(
                data, meeting, stamp, uid=uid, sequence=sequence, alarm=alarm, cancelled=False
            )
            override.add("recurrence-id", slot)
            cal.add_component(override)
        taken = {m.id for m in matched.values()}
        extras = 0
        for meeting in nearby:
            if meeting.id in taken:
                continue
            if meeting.id not in sticky and not start <= meeting.day <= end:
                continue
            extras += 1
            own.append(meeting.id)
            cancelled_meeting = meeting.status is MeetingStatus.CANCELLED
            cal.add_component(
                new_event(
                    data,
                    meeting,
                    stamp,
                    uid=meeting_uid(meeting),
                    sequence=meeting.sequence,
                    alarm=alarm,
                    cancelled=cancelled_meeting,
                )
            )
        if extras:
            # The file holds more than the series: a name tells calendars what it is.
            name_calendar(cal, one_line(group.name))
        return cal

    fingerprint = hashlib.sha256(to_bytes(build(0, _FINGERPRINT_STAMP))).hexdigest()
    if last is None:
        sequence = 0
    elif last.fingerprint == fingerprint:
        sequence = last.sequence
    else:
        sequence = last.sequence + 1
    calendar = build(sequence, now.astimezone(UTC))
    state = SeriesState(uid, sequence, fingerprint, tuple(own), tuple(overridden))
    return SeriesExport(calendar, state, len(slots), capped, days[-1])


def _crosses_a_clock_change(meeting: Meeting) -> bool:
    """Does the meeting's real-time end differ from its start plus its length on the
    wall clock (a clock change falls inside it)?"""
    wall_end = meeting.starts_at.replace(tzinfo=None) + timedelta(minutes=meeting.duration_minutes)
    return meeting.ends_at.replace(tzinfo=None) != wall_end


def _is_cancelled(meeting: Meeting | None) -> bool:
    return meeting is not None and meeting.status is MeetingStatus.CANCELLED


def _differs(usual: Meeting, meeting: Meeting) -> bool:
    """Does a meeting differ from its rhythm slot in anything a calendar shows?"""
    return (
        usual.changed_for_calendars(replace(meeting, status=usual.status))
        or meeting.kind is not MeetingKind.REGULAR
    )
