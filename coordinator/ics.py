"""Calendar invites (.ics) for the group's meetings, by the rules in DESIGN.md §5.

Pure: every function takes the group's data and the export time (``now``, aware) and
returns an :class:`icalendar.Calendar`; nothing here reads the clock or the disk.
:func:`to_bytes` gives the file's bytes (CRLF, UTF-8, folded lines); the caller writes
them atomically.

The rules, each learnt from a real client's bug:
- one UID per meeting for its whole life (its id plus a fixed domain), so re-importing
  updates instead of duplicating; the standing series has its own UID;
- files people open are ``METHOD:PUBLISH`` with no ATTENDEE and no ORGANIZER; a
  cancellation is ``METHOD:CANCEL`` + ``STATUS:CANCELLED`` + the same UID with a higher
  SEQUENCE and no alarm;
- SEQUENCE is the meeting's ``sequence`` (the store bumps it whenever the time, length,
  place or cancelled state changes); DTSTAMP is the export time in UTC;
- times carry the group's TZID, with a VTIMEZONE in the yearly-RRULE form
  (:mod:`coordinator.vtimezone`);
- invites carry time, place, the group's name and how to send apologies; never other
  members' names, attendance or notes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vText

from coordinator.model import (
    GroupData,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Rhythm,
    RhythmUnit,
)
from coordinator.text import strip_controls
from coordinator.vtimezone import nth_weekday, vtimezone

PRODID = "-//coordinator//peer support group meetings//EN"
# RFC 2606 reserves .invalid: no real host can ever mint a UID that collides with ours.
UID_DOMAIN = "coordinator.invalid"
ALARM_SETTING = "ics_alarm_minutes"
SERIES_SETTING = "ics_series"
# A reminder the day before, at the meeting's time: long enough to arrange a lift and pace
# the day (a same-day reminder is too late for someone who plans around fatigue), and one
# alarm only, because many clients ignore or duplicate imported alarms.
DEFAULT_ALARM_MINUTES = 24 * 60
MAX_ALARM_MINUTES = 14 * 24 * 60
MAX_OCCURRENCES = 730
# How long a standing series runs when no end is given.
DEFAULT_SERIES_DAYS = 365
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_KIND_WORDS = {
    MeetingKind.REGULAR: "",
    MeetingKind.SOCIAL: " (social)",
    MeetingKind.SPECIAL: " (special meeting)",
}
# A fixed moment used only to fingerprint a series' content, never written to a file.
_FINGERPRINT_STAMP = datetime(2000, 1, 1, tzinfo=UTC)


class IcsError(ValueError):
    """An export that cannot be made, said so the coordinator knows what to do."""


@dataclass(frozen=True)
class SeriesState:
    """What was last exported of the standing series: its UID, SEQUENCE and a
    fingerprint of its content. Kept in the store's settings (``ics_series``) so an
    unchanged series re-exports with the same SEQUENCE and a changed one with a higher."""

    uid: str
    sequence: int
    fingerprint: str

    def to_setting(self) -> dict[str, Any]:
        return {"uid": self.uid, "sequence": self.sequence, "fingerprint": self.fingerprint}

    @classmethod
    def from_setting(cls, value: object) -> SeriesState | None:
        """The saved state, or None when missing or not in the expected shape."""
        if not isinstance(value, Mapping):
            return None
        uid, sequence, fingerprint = (value.get(k) for k in ("uid", "sequence", "fingerprint"))
        if not isinstance(uid, str) or not uid or not isinstance(fingerprint, str):
            return None
        if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
            return None
        return cls(uid, sequence, fingerprint)


@dataclass(frozen=True)
class SeriesExport:
    calendar: Calendar
    state: SeriesState
    occurrences: int


# --- settings -------------------------------------------------------------------------


def alarm_minutes(settings: Mapping[str, Any]) -> int | None:
    """The reminder setting: minutes before a meeting, or None for no alarm.

    A missing key means the default (a day before); a saved None means no alarm;
    anything unusable falls back to the default rather than failing an export."""
    if ALARM_SETTING not in settings:
        return DEFAULT_ALARM_MINUTES
    value = settings[ALARM_SETTING]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return DEFAULT_ALARM_MINUTES
    return value if 0 <= value <= MAX_ALARM_MINUTES else DEFAULT_ALARM_MINUTES


def parse_alarm(text: str) -> int | None:
    """An alarm as typed: minutes before (``60``), or ``none``/empty for no alarm."""
    raw = text.strip().lower()
    if raw in ("", "none", "no", "off"):
        return None
    if not raw.isdigit() or int(raw) > MAX_ALARM_MINUTES:
        raise IcsError(
            f"Reminder: {text!r} should be minutes before the meeting "
            f"(0 to {MAX_ALARM_MINUTES}), or 'none'."
        )
    return int(raw)


# --- text -------------------------------------------------------------------------------


# Control characters never survive clean(), so NUL is free to mark a literal "\N".
_GUARD = "\x00"


class Text(vText):
    r"""A TEXT value escaped by icalendar, except that a literal backslash-N stays one.

    icalendar's escaping first turns the two characters ``\N`` into a line break (it
    treats them as an escape someone forgot to unescape), so a note saying "C:\New"
    would come back as "C:" and "ew" on two lines. We keep the backslash apart from the
    N while icalendar escapes it, then join them again: the file says ``\\N``, which
    every parser reads back as the two characters."""

    def to_ical(self) -> bytes:
        guarded = vText(str(self).replace("\\N", "\\" + _GUARD + "N"))
        return guarded.to_ical().decode("utf-8").replace(_GUARD, "").encode("utf-8")


def clean(text: str) -> str:
    """User text for a calendar: control characters removed (newlines and tabs kept);
    icalendar escapes everything else."""
    return strip_controls(text)


def one_line(text: str) -> str:
    """User text for a one-line property: line breaks become ", "."""
    lines = [part.strip() for part in clean(text).replace("\t", " ").split("\n")]
    return ", ".join(part for part in lines if part)


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's UID, the same for its whole life."""
    return f"meeting-{meeting.id}@{UID_DOMAIN}"


def series_uid(data: GroupData) -> str:
    """The standing series' UID when none has been saved yet: from the group's name and
    start date, so a handed-over group exports the same series UID."""
    group = _group(data)
    seed = f"{group.name}\n{group.started_on.isoformat() if group.started_on else ''}"
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]
    return f"series-{digest}@{UID_DOMAIN}"


def place_text(data: GroupData, venue_id: str | None, location: str | None = None) -> str:
    """LOCATION: the venue's name and address, or the one-off place."""
    venue = data.venue(venue_id)
    if venue is not None:
        return ", ".join(p for p in (one_line(venue.name), one_line(venue.address)) if p)
    return one_line(location or "")


def description_text(data: GroupData, meeting: Meeting | None, *, cancelled: bool = False) -> str:
    """DESCRIPTION: the group's name, the venue's access notes and how to send apologies
    (or, for a cancelled meeting, whom to ask about it).

    Only what the group already shares: no member names, attendance or notes."""
    group = _group(data)
    if cancelled:
        lines = [f"{clean(group.name)}: this meeting is cancelled."]
        ask = "Questions? Contact"
    else:
        lines = [f"{clean(group.name)}: peer support group meeting."]
        venue = data.venue(meeting.venue_id if meeting else group.default_venue_id)
        if venue is not None and venue.access_notes.strip():
            lines.append(f"Access: {clean(venue.access_notes).strip()}")
        ask = "Can't come? Send apologies to"
    contact = group.coordinator
    ways = [clean(x).strip() for x in (contact.phone, contact.email) if x.strip()]
    who = clean(contact.name).strip() or "the coordinator"
    lines.append(f"{ask} {who}: {', '.join(ways)}." if ways else f"{ask} {who}.")
    return "\n".join(lines)


def summary_text(data: GroupData, kind: MeetingKind, *, cancelled: bool = False) -> str:
    name = one_line(_group(data).name) + _KIND_WORDS[kind]
    return f"Cancelled: {name}" if cancelled else name


# --- building blocks ----------------------------------------------------------------------


def _group(data: GroupData) -> Any:
    if data.group is None:
        raise IcsError("The group is not set up yet: set it up first, then export invites.")
    return data.group


def _zone(data: GroupData) -> ZoneInfo:
    zone: ZoneInfo = _group(data).zone
    return zone


def _calendar(method: str, name: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name is not None:
        cal.add("x-wr-calname", Text(name))
        cal.add("name", Text(name))
    return cal


def _alarm(minutes: int, summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", Text(f"Reminder: {summary}"))
    alarm.add("trigger", timedelta(minutes=-minutes))
    return alarm


def _event(
    data: GroupData,
    meeting: Meeting,
    now: datetime,
    *,
    uid: str,
    sequence: int,
    alarm: int | None,
    cancelled: bool,
) -> Event:
    zone = _zone(data)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    summary = summary_text(data, meeting.kind, cancelled=cancelled)
    event.add("summary", Text(summary))
    place = place_text(data, meeting.venue_id, meeting.location)
    if place:
        event.add("location", Text(place))
    event.add("description", Text(description_text(data, meeting, cancelled=cancelled)))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if alarm is not None and not cancelled:
        event.add_component(_alarm(alarm, summary))
    return event


def _add_zone(cal: Calendar, data: GroupData, times: Iterable[datetime]) -> None:
    moments = sorted(times)
    cal.add_component(vtimezone(_zone(data), moments[0], moments[-1]))


def _meeting(data: GroupData, meeting_id: str) -> Meeting:
    _group(data)
    meeting = data.meeting(meeting_id)
    if meeting is None:
        raise IcsError(f"Meeting: there is no meeting {meeting_id!r} (see the meetings screen).")
    return meeting


def to_bytes(cal: Calendar) -> bytes:
    """The file's bytes: UTF-8, CRLF line ends, lines folded at 75 octets."""
    data: bytes = cal.to_ical()
    return data


# --- the exports --------------------------------------------------------------------------


def meeting_calendar(
    data: GroupData, meeting_id: str, now: datetime, *, alarm: int | None = DEFAULT_ALARM_MINUTES
) -> Calendar:
    """One meeting as a file to open (a cancelled one shows as cancelled)."""
    meeting = _meeting(data, meeting_id)
    cal = _calendar("PUBLISH", None)
    _add_zone(cal, data, [meeting.starts_at, meeting.ends_at])
    cancelled = meeting.status is MeetingStatus.CANCELLED
    cal.add_component(
        _event(
            data,
            meeting,
            now,
            uid=meeting_uid(meeting),
            sequence=meeting.sequence,
            alarm=alarm,
            cancelled=cancelled,
        )
    )
    return cal


def cancellation_sequence(meeting: Meeting) -> int:
    """SEQUENCE for a cancellation: above any export of the meeting while it was on.

    The store bumps ``sequence`` when a meeting is cancelled, so a cancelled meeting's own
    sequence is already higher than anything sent before; a meeting not (yet) cancelled
    gets one more than its current sequence."""
    if meeting.status is MeetingStatus.CANCELLED:
        return meeting.sequence
    return meeting.sequence + 1


def cancellation_calendar(data: GroupData, meeting_id: str, now: datetime) -> Calendar:
    """A cancellation that calendars recognise: METHOD:CANCEL, STATUS:CANCELLED, the
    meeting's UID and a higher SEQUENCE, and no alarm."""
    meeting = _meeting(data, meeting_id)
    if meeting.status is MeetingStatus.HELD:
        raise IcsError(
            f"Meeting {meeting_id} on {meeting.day:%d %b %Y} was held, so it cannot be cancelled."
        )
    cal = _calendar("CANCEL", None)
    _add_zone(cal, data, [meeting.starts_at, meeting.ends_at])
    cal.add_component(
        _event(
            data,
            meeting,
            now,
            uid=meeting_uid(meeting),
            sequence=cancellation_sequence(meeting),
            alarm=None,
            cancelled=True,
        )
    )
    return cal


def upcoming_meetings(
    data: GroupData,
    now: datetime,
    *,
    count: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Meeting]:
    """The meetings an "upcoming" file holds.

    With ``start``/``end``: every meeting on those days (inclusive), whatever its status.
    Otherwise: the next ``count`` meetings that are still on (all of them when None),
    starting from now, plus cancelled ones among them so calendars that had them learn
    they are off."""
    if start is not None or end is not None:
        return [
            m
            for m in data.meetings
            if (start is None or m.day >= start) and (end is None or m.day <= end)
        ]
    if count is not None and count < 1:
        raise IcsError("Next: give at least 1 meeting.")
    ahead = [m for m in data.meetings if m.ends_at > now and m.status is not MeetingStatus.HELD]
    live = [m for m in ahead if m.status is MeetingStatus.PLANNED]
    if count is not None and len(live) > count:
        last = live[count - 1].starts_at
        ahead = [m for m in ahead if m.starts_at <= last]
    return ahead


def upcoming_calendar(
    data: GroupData,
    now: datetime,
    *,
    count: int | None = None,
    start: date | None = None,
    end: date | None = None,
    alarm: int | None = DEFAULT_ALARM_MINUTES,
) -> Calendar:
    """The upcoming meetings (the next ``count``, or those from ``start`` to ``end``) as
    one calendar file to import."""
    if start is not None and end is not None and end < start:
        raise IcsError("To: the end date is before the start date.")
    meetings = upcoming_meetings(data, now, count=count, start=start, end=end)
    if not meetings:
        raise IcsError(
            "There are no meetings to export for those dates. Plan the next meetings first "
            "(meetings screen), or choose other dates."
        )
    cal = _calendar("PUBLISH", one_line(_group(data).name))
    _add_zone(cal, data, [t for m in meetings for t in (m.starts_at, m.ends_at)])
    for meeting in meetings:
        cancelled = meeting.status is MeetingStatus.CANCELLED
        cal.add_component(
            _event(
                data,
                meeting,
                now,
                uid=meeting_uid(meeting),
                sequence=meeting.sequence,
                alarm=alarm,
                cancelled=cancelled,
            )
        )
    return cal


# --- the standing series ------------------------------------------------------------------


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


def _anchor(data: GroupData, rhythm: Rhythm, start: date) -> date:
    """A day in step with the rhythm: the latest meeting on the rhythm's weekday on or
    before ``start``, else the group's first day, else ``start`` itself."""
    weekday = rhythm.weekday.number
    past = [
        m.day
        for m in data.meetings
        if m.kind is MeetingKind.REGULAR and m.day.weekday() == weekday and m.day <= start
    ]
    if past:
        return past[-1]
    future = [
        m.day
        for m in data.meetings
        if m.kind is MeetingKind.REGULAR
        and m.day.weekday() == weekday
        and m.status is not MeetingStatus.CANCELLED
    ]
    if future:
        return future[0]
    group = _group(data)
    if group.started_on is not None:
        started: date = group.started_on
        return started
    return start


def _match(
    slots: list[datetime], meetings: list[Meeting], tolerance: timedelta
) -> dict[datetime, Meeting]:
    """Pair each rhythm slot with the meeting that took its place (same time, or moved
    by less than ``tolerance``), nearest first. A special meeting only takes the place
    of a slot on its own day; otherwise it is an extra."""
    pairs = sorted(
        (abs(m.starts_at - slot), i, j)
        for i, slot in enumerate(slots)
        for j, m in enumerate(meetings)
        if abs(m.starts_at - slot) <= tolerance
        and (m.kind is not MeetingKind.SPECIAL or m.day == slot.date())
    )
    matched: dict[datetime, Meeting] = {}
    used: set[int] = set()
    for _, i, j in pairs:
        if slots[i] in matched or j in used:
            continue
        matched[slots[i]] = meetings[j]
        used.add(j)
    return matched


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
    group = _group(data)
    zone = _zone(data)
    rhythm: Rhythm = group.rhythm
    start = start or now.astimezone(zone).date()
    end = end or start + timedelta(days=DEFAULT_SERIES_DAYS)
    if end < start:
        raise IcsError("To: the end date is before the start date.")
    days = series_days(rhythm, _anchor(data, rhythm, start), start, end)
    if not days:
        raise IcsError(
            "The group's rhythm has no meetings between those dates; choose a later end date."
        )
    slots = [datetime.combine(day, rhythm.time, tzinfo=zone) for day in days]
    length = timedelta(minutes=rhythm.duration_minutes)
    # A meeting moved within three days took its slot's place (Tuesday to Wednesday, or
    # to the Monday before); further away, it is a meeting of its own.
    tolerance = timedelta(days=3)
    nearby = [
        m for m in data.meetings if slots[0] - tolerance <= m.starts_at <= slots[-1] + tolerance
    ]
    matched = _match(slots, nearby, tolerance)
    uid = last.uid if last is not None else series_uid(data)

    def build(sequence: int, stamp: datetime) -> Calendar:
        cal = _calendar("PUBLISH", one_line(group.name))
        times = [*slots, slots[-1] + length, *(m.starts_at for m in nearby)]
        _add_zone(cal, data, times)
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
        master.add("summary", Text(summary))
        place = place_text(data, group.default_venue_id)
        if place:
            master.add("location", Text(place))
        master.add("description", Text(description_text(data, None)))
        master.add("status", "CONFIRMED")
        cancelled = [slot for slot in slots if _is_cancelled(matched.get(slot))]
        if cancelled:
            master.add("exdate", cancelled)
        if alarm is not None:
            master.add_component(_alarm(alarm, summary))
        cal.add_component(master)
        for slot in slots:
            meeting = matched.get(slot)
            if meeting is None or _is_cancelled(meeting):
                continue
            usual = Meeting(
                meeting.id,
                slot,
                rhythm.duration_minutes,
                venue_id=group.default_venue_id,
                kind=MeetingKind.REGULAR,
            )
            if not _differs(usual, meeting):
                continue
            override = _event(
                data, meeting, stamp, uid=uid, sequence=sequence, alarm=alarm, cancelled=False
            )
            override.add("recurrence-id", slot)
            cal.add_component(override)
        taken = {m.id for m in matched.values()}
        for meeting in nearby:
            if meeting.id in taken or not start <= meeting.day <= end:
                continue
            cancelled_meeting = meeting.status is MeetingStatus.CANCELLED
            cal.add_component(
                _event(
                    data,
                    meeting,
                    stamp,
                    uid=meeting_uid(meeting),
                    sequence=meeting.sequence,
                    alarm=alarm,
                    cancelled=cancelled_meeting,
                )
            )
        return cal

    fingerprint = hashlib.sha256(to_bytes(build(0, _FINGERPRINT_STAMP))).hexdigest()
    if last is None:
        sequence = 0
    elif last.fingerprint == fingerprint:
        sequence = last.sequence
    else:
        sequence = last.sequence + 1
    state = SeriesState(uid, sequence, fingerprint)
    return SeriesExport(build(sequence, now.astimezone(UTC)), state, len(slots))


def _is_cancelled(meeting: Meeting | None) -> bool:
    return meeting is not None and meeting.status is MeetingStatus.CANCELLED


def _differs(usual: Meeting, meeting: Meeting) -> bool:
    """Does a meeting differ from its rhythm slot in anything a calendar shows?"""
    return (
        usual.changed_for_calendars(replace(meeting, status=usual.status))
        or meeting.kind is not MeetingKind.REGULAR
    )
