"""The pieces every calendar file is built from: the text that goes in, UIDs, one
event, its alarm and its zone. :mod:`coordinator.invites.ics` assembles files from them.

User text is cleaned of control characters and handed to icalendar to escape and fold
(with one repair: :class:`TextValue` keeps a literal backslash-N). Invites carry time, place,
the group's name and how to send apologies; never other members' names, attendance or
notes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vText

from coordinator.invites.vtimezone import vtimezone
from coordinator.model import Group, GroupData, Meeting, MeetingKind
from coordinator.user_text import strip_controls

PRODID = "-//coordinator//peer support group meetings//EN"
# RFC 2606 reserves .invalid: no real host can ever mint a UID that collides with ours.
UID_DOMAIN = "coordinator.invalid"
# A reminder the day before, at the meeting's time: long enough to arrange a lift and pace
# the day (a same-day reminder is too late for someone who plans around fatigue), and one
# alarm only, because many clients ignore or duplicate imported alarms.
DEFAULT_ALARM_MINUTES = 24 * 60
_KIND_WORDS = {
    MeetingKind.REGULAR: "",
    MeetingKind.SOCIAL: " (social)",
    MeetingKind.SPECIAL: " (special meeting)",
}


class IcsError(ValueError):
    """An export that cannot be made, said so the coordinator knows what to do."""


# --- text -------------------------------------------------------------------------------


# Control characters never survive clean(), so NUL is free to mark a literal "\N".
_GUARD = "\x00"


class TextValue(vText):
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
    """User text for a one-line property: line breaks become ", " (a line that already
    ends in a comma gets no second one: "1 Quay St," then "Bristol" is "1 Quay St, Bristol")."""
    return join_parts(clean(text).replace("\t", " ").split("\n"))


def join_parts(parts: Iterable[str]) -> str:
    """Non-empty parts joined by ", "; a part followed by another loses the commas it
    ended with (the last keeps its own: a name may end in one)."""
    kept = [part.strip() for part in parts if part.strip()]
    joined = [part.rstrip(",").rstrip() for part in kept[:-1]] + kept[-1:]
    return ", ".join(part for part in joined if part)


def meeting_uid(meeting: Meeting) -> str:
    """The meeting's UID, the same for its whole life."""
    return f"meeting-{meeting.id}@{UID_DOMAIN}"


def series_uid(data: GroupData) -> str:
    """The standing series' UID when none has been saved yet: from the group's name and
    start date, so a handed-over group exports the same series UID."""
    group = group_of(data)
    seed = f"{group.name}\n{group.started_on.isoformat() if group.started_on else ''}"
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]
    return f"series-{digest}@{UID_DOMAIN}"


def place_text(data: GroupData, venue_id: str | None, location: str | None = None) -> str:
    """LOCATION: the venue's name and address, or the one-off place."""
    venue = data.venue(venue_id)
    if venue is not None:
        place = join_parts((one_line(venue.name), one_line(venue.address)))
        # An address typed with a comma at the end of its last line does not keep it.
        return place.rstrip(",").rstrip() or place
    return one_line(location or "")


def description_text(data: GroupData, meeting: Meeting | None, *, cancelled: bool = False) -> str:
    """DESCRIPTION: the group's name, the venue's access notes and how to send apologies
    (or, for a cancelled meeting, whom to ask about it).

    Only what the group already shares: no member names, attendance or notes."""
    group = group_of(data)
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
    """SUMMARY: the group's name, the kind of meeting when not the usual one."""
    name = one_line(group_of(data).name) + _KIND_WORDS[kind]
    return f"Cancelled: {name}" if cancelled else name


# --- building blocks ----------------------------------------------------------------------


def group_of(data: GroupData) -> Group:
    """The group, or a clear message when it is not set up yet."""
    if data.group is None:
        raise IcsError("The group is not set up yet: set it up first, then export invites.")
    return data.group


def zone_of(data: GroupData) -> ZoneInfo:
    """The group's timezone."""
    return group_of(data).zone


def new_calendar(method: str, name: str | None) -> Calendar:
    """An empty calendar; ``name`` (for files holding many events) becomes X-WR-CALNAME
    and NAME."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name is not None:
        name_calendar(cal, name)
    return cal


def name_calendar(cal: Calendar, name: str) -> None:
    """X-WR-CALNAME and NAME: only for files holding more than one event (DESIGN.md §5
    rule 7); a one-event file named would make some clients create a calendar for it."""
    cal.add("x-wr-calname", TextValue(name))
    cal.add("name", TextValue(name))


def new_alarm(minutes: int, summary: str) -> Alarm:
    """The one DISPLAY alarm, ``minutes`` before the start."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", TextValue(f"Reminder: {summary}"))
    alarm.add("trigger", timedelta(minutes=-minutes))
    return alarm


def new_event(
    data: GroupData,
    meeting: Meeting,
    now: datetime,
    *,
    uid: str,
    sequence: int,
    alarm: int | None,
    cancelled: bool,
) -> Event:
    """One VEVENT for ``meeting``: times in the group's zone, place, how to send
    apologies; a cancelled one says so and has no alarm."""
    zone = zone_of(data)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    end = meeting.ends_at.astimezone(zone)
    if end.fold and end.replace(fold=0).utcoffset() != end.utcoffset():
        # The second of a wall time the clocks repeat: with a TZID every reader takes
        # the first (RFC 5545), an hour early; in UTC it is exact.
        event.add("dtend", end.astimezone(UTC))
    else:
        event.add("dtend", end)
    summary = summary_text(data, meeting.kind, cancelled=cancelled)
    event.add("summary", TextValue(summary))
    place = place_text(data, meeting.venue_id, meeting.location)
    if place:
        event.add("location", TextValue(place))
    event.add("description", TextValue(description_text(data, meeting, cancelled=cancelled)))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if alarm is not None and not cancelled:
        event.add_component(new_alarm(alarm, summary))
    return event


def add_zone(cal: Calendar, data: GroupData, times: Iterable[datetime]) -> None:
    """Add the group zone's VTIMEZONE, right for every one of ``times``."""
    moments = sorted(times)
    cal.add_component(vtimezone(zone_of(data), moments[0], moments[-1]))


def meeting_of(data: GroupData, meeting_id: str) -> Meeting:
    """The meeting with this id, or a clear message."""
    group_of(data)
    meeting = data.meeting(meeting_id)
    if meeting is None:
        raise IcsError(f"Meeting: there is no meeting {meeting_id!r} (see the meetings screen).")
    return meeting


def to_bytes(cal: Calendar) -> bytes:
    """The file's bytes: UTF-8, CRLF line ends, lines folded at 75 octets."""
    data: bytes = cal.to_ical()
    return data
