"""Calendar invites (.ics) for the group's meetings, by the rules in DESIGN.md §5.

Pure: every function takes the group's data and the export time (``now``, aware) and
returns an :class:`icalendar.Calendar` (or the bytes of one); nothing here reads the
clock or the disk. The caller writes the bytes with ``store.atomic_write``.

The rules, each learnt from a real client's bug:
- one UID per meeting for its whole life (its id plus a fixed domain), so re-importing
  updates instead of duplicating; the standing series has its own UID
  (:mod:`coordinator.invites.series`);
- files people open are ``METHOD:PUBLISH`` with no ATTENDEE and no ORGANIZER; a
  cancellation is ``STATUS:CANCELLED`` + the same UID with a higher SEQUENCE and no
  alarm, sent as ``METHOD:CANCEL`` with ORGANIZER (the coordinator's email) when there
  is one, as RFC 5546 requires, else in a ``METHOD:PUBLISH`` file;
- SEQUENCE is the meeting's ``sequence`` (the store bumps it whenever the time, length,
  place or cancelled state changes); DTSTAMP is the export time in UTC;
- times carry the group's TZID, with a VTIMEZONE in the yearly-RRULE form
  (:mod:`coordinator.invites.vtimezone`);
- invites carry time, place, the group's name and how to send apologies; never other
  members' names, attendance or notes (:mod:`coordinator.invites.event`).

:func:`make_export` is the one entry point the CLI and the app use: it takes an
:class:`ExportRequest` and returns an :class:`IcsFile` with the bytes and what to save.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from icalendar import Calendar

from coordinator.invites.event import (
    DEFAULT_ALARM_MINUTES,
    UID_DOMAIN,
    IcsError,
    add_zone,
    group_of,
    meeting_of,
    meeting_uid,
    new_calendar,
    new_event,
    one_line,
    to_bytes,
)
from coordinator.invites.series import (
    MAX_OCCURRENCES,
    SeriesExport,
    SeriesState,
    series_calendar,
    series_days,
)
from coordinator.model import (
    Group,
    GroupData,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ValidationError,
    check_email,
    parse_date,
)
from coordinator.model.quoting import quote

__all__ = [
    "ALARM_SETTING",
    "DEFAULT_ALARM_MINUTES",
    "MAX_OCCURRENCES",
    "SERIES_SETTING",
    "UID_DOMAIN",
    "ExportKind",
    "ExportRequest",
    "IcsError",
    "IcsFile",
    "SeriesExport",
    "SeriesState",
    "alarm_minutes",
    "cancellation_calendar",
    "default_filename",
    "find_meeting",
    "make_export",
    "meeting_calendar",
    "meeting_uid",
    "parse_alarm",
    "series_calendar",
    "series_days",
    "series_state",
    "to_bytes",
    "upcoming_calendar",
    "upcoming_meetings",
]

ALARM_SETTING = "ics_alarm_minutes"
# Where older versions kept the series' state (in the group file's settings, which do
# not travel in bundles); read when the group record holds none yet.
SERIES_SETTING = "ics_series"
# The group record's key for calendar identity: {"series": {uid, sequence, fingerprint}}.
# It travels in the bundle (group.calendar), so a handover continues the same entries.
CALENDAR_KEY = "calendar"
MAX_ALARM_MINUTES = 14 * 24 * 60


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


def alarm_problem(settings: Mapping[str, Any]) -> str | None:
    """What is wrong with a saved reminder setting (which :func:`alarm_minutes` would
    quietly replace with the default), or None."""
    if ALARM_SETTING not in settings or settings[ALARM_SETTING] is None:
        return None
    value = settings[ALARM_SETTING]
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ALARM_MINUTES:
        return (
            f"the calendar reminder ({ALARM_SETTING}) should be minutes from 0 to "
            f"{MAX_ALARM_MINUTES}, or none; the default (a day before) is used instead"
        )
    return None


def series_state(data: GroupData, settings: Mapping[str, Any]) -> SeriesState | None:
    """What was last exported of the standing series: from the group record (where it
    travels with the bundle), else from the settings where older versions kept it."""
    group = data.group
    calendar = group.extra.get(CALENDAR_KEY) if group is not None else None
    if isinstance(calendar, Mapping):
        state = SeriesState.from_setting(calendar.get("series"))
        if state is not None:
            return state
    return SeriesState.from_setting(settings.get(SERIES_SETTING))


def calendar_state_problem(group: Group | None) -> str | None:
    """What is wrong with the standing series' state kept in the group record, naming the
    field ("calendar.series.sequence must be ..."), or None when it reads or is absent."""
    calendar = group.extra.get(CALENDAR_KEY) if group is not None else None
    if calendar is None:
        return None
    if not isinstance(calendar, Mapping):
        return f"{CALENDAR_KEY} must be an object"
    series = calendar.get("series")
    if series is None:
        return None
    if not isinstance(series, Mapping):
        return f"{CALENDAR_KEY}.series must be an object"
    problem = SeriesState.problem(series)
    return None if problem is None else f"{CALENDAR_KEY}.series.{problem}"


def with_series_state(group: Group, state: SeriesState) -> Group:
    """The group with ``state`` as what was last exported of its series (other calendar
    keys, maybe from a newer version, kept)."""
    calendar = group.extra.get(CALENDAR_KEY)
    kept = dict(calendar) if isinstance(calendar, Mapping) else {}
    kept["series"] = state.to_setting()
    return replace(group, extra={**group.extra, CALENDAR_KEY: kept})


def parse_alarm(text: str) -> int | None:
    """An alarm as typed: minutes before (``60``), or ``none``/empty for no alarm."""
    raw = text.strip().lower()
    if raw in ("", "none", "no", "off"):
        return None
    # isdigit() alone lets "²" through to int(), which refuses it with a bare ValueError.
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ALARM_MINUTES:
        raise IcsError(
            f"Reminder: {quote(text)} should be minutes before the meeting "
            f"(0 to {MAX_ALARM_MINUTES}), or 'none'."
        )
    return int(raw)


# --- the exports --------------------------------------------------------------------------


def meeting_calendar(
    data: GroupData, meeting_id: str, now: datetime, *, alarm: int | None = DEFAULT_ALARM_MINUTES
) -> Calendar:
    """One meeting as a file to open (a cancelled one shows as cancelled)."""
    meeting = meeting_of(data, meeting_id)
    cal = new_calendar("PUBLISH", None)
    add_zone(cal, data, [meeting.starts_at, meeting.ends_at])
    cancelled = meeting.status is MeetingStatus.CANCELLED
    cal.add_component(
        new_event(
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


def organizer_address(data: GroupData) -> str | None:
    """The coordinator's email as an iTIP ORGANIZER (``mailto:``), or None when there is
    no usable one."""
    email = group_of(data).coordinator.email.strip()
    if not email:
        return None
    try:
        check_email(email, "Coordinator's email")
    except ValidationError:
        return None
    return f"mailto:{email}"


def cancellation_calendar(data: GroupData, meeting_id: str, now: datetime) -> Calendar:
    """A cancellation that calendars recognise: STATUS:CANCELLED, the meeting's UID, a
    higher SEQUENCE and no alarm.

    RFC 5546 allows METHOD:CANCEL only with an ORGANIZER: with the coordinator's email it
    is METHOD:CANCEL from them (still no ATTENDEE: nobody's address is shared); without
    one, a METHOD:PUBLISH file, which every client reads as an update of the meeting."""
    meeting = meeting_of(data, meeting_id)
    if meeting.status is MeetingStatus.HELD:
        raise IcsError(
            f"Meeting {meeting_id} on {meeting.day:%d %b %Y} was held, so it cannot be cancelled."
        )
    organizer = organizer_address(data)
    cal = new_calendar("CANCEL" if organizer else "PUBLISH", None)
    add_zone(cal, data, [meeting.starts_at, meeting.ends_at])
    event = new_event(
        data,
        meeting,
        now,
        uid=meeting_uid(meeting),
        sequence=cancellation_sequence(meeting),
        alarm=None,
        cancelled=True,
    )
    if organizer is not None:
        name = one_line(group_of(data).coordinator.name)
        event.add("organizer", organizer, parameters={"CN": name} if name else {})
    cal.add_component(event)
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
    they are off.

    Either way, also a meeting of the rhythm *moved out* of those days (its slot in the
    series is among them, its new day is not), unless it has been held: a calendar that
    got it on its old day from an earlier file of these days would otherwise keep it
    there (the same UID with a higher sequence moves it)."""
    if start is not None or end is not None:
        chosen = [
            m
            for m in data.meetings
            if (start is None or m.day >= start) and (end is None or m.day <= end)
        ]
        return _with_moved_out(data, chosen, start, end)
    if count is not None and count < 1:
        raise IcsError("Next: give at least 1 meeting.")
    ahead = [m for m in data.meetings if m.ends_at > now and m.status is not MeetingStatus.HELD]
    live = [m for m in ahead if m.status is MeetingStatus.PLANNED]
    last_day = None
    if count is not None and len(live) > count:
        last = live[count - 1].starts_at
        ahead = [m for m in ahead if m.starts_at <= last]
        last_day = last.date()
    today = now.astimezone(data.group.zone).date() if data.group else now.date()
    return _with_moved_out(data, ahead, today, last_day)


def _with_moved_out(
    data: GroupData, chosen: list[Meeting], start: date | None, end: date | None
) -> list[Meeting]:
    """``chosen``, plus the meetings whose slot in the series is from ``start`` to ``end``
    but which were moved to another day and not held yet, in order of time."""
    have = {m.id for m in chosen}
    moved = [
        m
        for m in data.meetings
        if m.id not in have
        and m.series_slot is not None
        and m.series_slot != m.day
        and m.status is not MeetingStatus.HELD
        and (start is None or m.series_slot >= start)
        and (end is None or m.series_slot <= end)
    ]
    if not moved:
        return chosen
    return sorted([*chosen, *moved], key=lambda m: m.starts_at)


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
    # Named only when it holds more than one meeting (DESIGN.md §5 rule 7).
    cal = new_calendar("PUBLISH", one_line(group_of(data).name) if len(meetings) > 1 else None)
    add_zone(cal, data, [t for m in meetings for t in (m.starts_at, m.ends_at)])
    for meeting in meetings:
        cancelled = meeting.status is MeetingStatus.CANCELLED
        cal.add_component(
            new_event(
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


# --- one entry point for the CLI and the app ---------------------------------------------


class ExportKind(StrEnum):
    MEETING = "meeting"
    UPCOMING = "upcoming"
    SERIES = "series"
    CANCELLATION = "cancellation"


EXPORT_LABELS: dict[ExportKind, str] = {
    ExportKind.MEETING: "this meeting",
    ExportKind.UPCOMING: "upcoming meetings",
    ExportKind.SERIES: "the standing series",
    ExportKind.CANCELLATION: "a cancellation of this meeting",
}


@dataclass(frozen=True)
class ExportRequest:
    """What to export. ``meeting_id`` for a meeting or its cancellation; ``count`` or
    ``start``/``end`` for upcoming meetings; ``start``/``end`` bound the series too."""

    kind: ExportKind
    meeting_id: str | None = None
    count: int | None = None
    start: date | None = None
    end: date | None = None
    alarm: int | None = DEFAULT_ALARM_MINUTES


class IcsFile(NamedTuple):
    """An export ready to write, and what the caller must save first.

    ``cancel`` is the meeting marked cancelled (save it with ``store.save_meeting``
    before sharing the file, so the app and the calendars agree and the store's sequence
    matches the file's); ``series_state`` goes in the group record
    (:func:`with_series_state`), so it travels with the bundle."""

    content: bytes
    what: str
    events: int
    cancel: Meeting | None = None
    series_state: SeriesState | None = None
    # Something the person must know even when the file goes to standard output.
    warning: str | None = None
    # The warning asks for the standing series to be sent again: each way in says how.
    resend_series: bool = False


def make_export(
    data: GroupData, now: datetime, request: ExportRequest, settings: Mapping[str, Any]
) -> IcsFile:
    """The file for ``request``, with a sentence saying what it holds."""
    zone = group_of(data).zone
    if request.kind in (ExportKind.MEETING, ExportKind.CANCELLATION):
        if request.meeting_id is None:
            raise IcsError("Meeting: choose a meeting first (on the meetings screen).")
        meeting = find_meeting(data, request.meeting_id, now)
        when = f"{meeting.starts_at.astimezone(zone):%a %d %b %Y %H:%M}"
        also = _series_also(data, settings, [meeting], one=True)
        if request.kind is ExportKind.MEETING:
            cal = meeting_calendar(data, meeting.id, now, alarm=request.alarm)
            state = " (cancelled)" if meeting.status is MeetingStatus.CANCELLED else ""
            what = f"the meeting on {when}{state}"
            return IcsFile(to_bytes(cal), what, 1, warning=also, resend_series=also is not None)
        cal = cancellation_calendar(data, meeting.id, now)
        cancel = None
        if meeting.status is not MeetingStatus.CANCELLED:
            cancel = replace(meeting, status=MeetingStatus.CANCELLED)
        what = f"the cancellation of the meeting on {when}"
        return IcsFile(to_bytes(cal), what, 1, cancel, warning=also, resend_series=also is not None)
    if request.kind is ExportKind.UPCOMING:
        cal = upcoming_calendar(
            data,
            now,
            count=request.count,
            start=request.start,
            end=request.end,
            alarm=request.alarm,
        )
        meetings = upcoming_meetings(
            data, now, count=request.count, start=request.start, end=request.end
        )
        first, last = meetings[0].day, meetings[-1].day
        span = f"{first:%d %b %Y}" if first == last else f"{first:%d %b %Y} to {last:%d %b %Y}"
        noun = "meeting" if len(meetings) == 1 else "meetings"
        off = sum(m.status is MeetingStatus.CANCELLED for m in meetings)
        note = f" ({off} of them cancelled)" if off else ""
        what = f"{len(meetings)} {noun}, {span}{note}"
        also = _series_also(data, settings, meetings, one=False)
        return IcsFile(
            to_bytes(cal), what, len(meetings), warning=also, resend_series=also is not None
        )
    last_state = series_state(data, settings)
    export = series_calendar(
        data, now, start=request.start, end=request.end, alarm=request.alarm, last=last_state
    )
    events = len(export.calendar.walk("VEVENT"))
    what = f"the standing series ({export.occurrences} dates, {group_of(data).rhythm.describe()})"
    warning = None
    damaged = calendar_state_problem(data.group)
    if damaged is not None and last_state is None:
        warning = (
            f"What was kept of the series sent before does not read ({damaged}), so this "
            "file starts its numbering again: calendars that added the series before may "
            "ignore it. Ask them to remove the old series and add this file."
        )
    if export.capped:
        last_day = export.last_day
        warning = (warning + " " if warning else "") + (
            f"The series stops at {MAX_OCCURRENCES} dates, on {last_day:%d %b %Y}, before the "
            "end you asked for (calendars refuse longer series): export it again nearer then."
        )
    return IcsFile(
        to_bytes(export.calendar), what, events, series_state=export.state, warning=warning
    )


def _series_also(
    data: GroupData, settings: Mapping[str, Any], meetings: list[Meeting], *, one: bool
) -> str | None:
    """What to tell the coordinator when a file of meetings of their own (one meeting, a
    cancellation, the upcoming ones) holds dates that the standing series they sent
    before also holds: a calendar that took the series keeps its own entry for that
    day, which only the series sent again changes (a meeting's own file has another
    UID); and a calendar that takes both shows the meeting twice."""
    state = series_state(data, settings)
    if state is None:
        return None
    in_series = [
        m
        for m in meetings
        if (m.series_slot is not None or m.kind is MeetingKind.REGULAR) and m.id not in state.own
    ]
    if not in_series:
        return None
    if one:
        return (
            "This is also a date of the standing series you sent: those who added the "
            "series see the change only when you send them the series again; with this "
            "file as well, their calendars would show it twice."
        )
    return (
        "These are also dates of the standing series you sent: for those who added the "
        "series, send the series again instead; with both, their calendars would show "
        "the meetings twice."
    )


def default_filename(data: GroupData, kind: ExportKind, meeting: Meeting | None = None) -> str:
    """A file name a coordinator recognises: the group's name, what it holds, the date."""
    group = group_of(data)
    slug = re.sub(r"[^a-z0-9]+", "-", group.name.lower()).strip("-")[:40] or "group"
    if meeting is not None and kind in (ExportKind.MEETING, ExportKind.CANCELLATION):
        day = meeting.starts_at.astimezone(group.zone).date().isoformat()
        suffix = "cancelled" if kind is ExportKind.CANCELLATION else "meeting"
        return f"{slug}-{suffix}-{day}.ics"
    return f"{slug}-{'series' if kind is ExportKind.SERIES else 'upcoming'}.ics"


def find_meeting(data: GroupData, typed: str, now: datetime) -> Meeting:
    """The meeting a person means by ``typed``: its id, or its date (as typed anywhere
    else in the app). The message for a miss lists the next meetings with their ids."""
    zone = group_of(data).zone
    meeting = data.meeting(typed.strip())
    if meeting is not None:
        return meeting
    try:
        day = parse_date(typed, "Meeting")
    except ValidationError:
        day = None
    on_day = [m for m in data.meetings if day is not None and m.day == day]
    if len(on_day) == 1:
        return on_day[0]
    if on_day:
        listed = ", ".join(f"{m.id} ({m.starts_at.astimezone(zone):%H:%M})" for m in on_day)
        raise IcsError(f"Meeting: there are {len(on_day)} meetings on {day:%d %b %Y}: {listed}.")
    soon = [m for m in data.meetings if m.ends_at > now][:4]
    listed = ", ".join(f"{m.id} ({m.starts_at.astimezone(zone):%a %d %b})" for m in soon)
    hint = f" Coming up: {listed}." if soon else ""
    what = f"on {day:%d %b %Y}" if day is not None else repr(typed)
    raise IcsError(f"Meeting: there is no meeting {what}; give its id or its date.{hint}")
