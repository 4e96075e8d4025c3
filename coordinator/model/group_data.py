"""The group's data as frozen dataclasses and enums.

No I/O here. Every object checks itself when it is built (with the field checks of
:mod:`coordinator.model.fields`, re-exported here), so an invalid record cannot exist; the one
error type, :class:`ValidationError`, names the field in the coordinator's words
("Phone: has letters in it").

Meeting start times are timezone-aware datetimes in the group's zone; on disk and in
the bundle they are written as local wall time (see :mod:`coordinator.store.codec`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from coordinator.model.fields import (
    EARLIEST_DAY as EARLIEST_DAY,
    LATEST_DAY as LATEST_DAY,
    MAX_GUESTS as MAX_GUESTS,
    MAX_LINE as MAX_LINE,
    MAX_NOTES as MAX_NOTES,
    TOPIC_MAX as TOPIC_MAX,
    ValidationError as ValidationError,
    check_all as check_all,
    check_day as check_day,
    check_email as check_email,
    check_enum as check_enum,
    check_id as check_id,
    check_ids,
    check_in_range as check_in_range,
    check_int as check_int,
    check_moment,
    check_phone as check_phone,
    check_text as check_text,
    check_timezone as check_timezone,
    parse_date as parse_date,
    parse_int as parse_int,
    parse_time as parse_time,
    parse_yes_no as parse_yes_no,
)
from coordinator.model.frozen import FrozenRecord, frozen_record


class MemberStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class MeetingKind(StrEnum):
    REGULAR = "regular"
    SOCIAL = "social"
    SPECIAL = "special"


class Mark(StrEnum):
    """An attendance mark. A member with no mark for a held meeting is *unknown*."""

    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class Channel(StrEnum):
    SMS = "sms"
    WHATSAPP = "whatsapp"
    PHONE = "phone"
    EMAIL = "email"
    FACEBOOK = "facebook"
    POST = "post"
    OTHER = "other"


class ContactOutcome(StrEnum):
    REACHED = "reached"
    NO_REPLY = "no_reply"
    LEFT_MESSAGE = "left_message"


class Reason(StrEnum):
    """Why someone sent apologies, paused or left."""

    ILL_HEALTH = "ill_health"
    WORK = "work"
    FAMILY = "family"
    TRANSPORT = "transport"
    TIME_UNSUITABLE = "time_unsuitable"
    VENUE_UNSUITABLE = "venue_unsuitable"
    AWAY = "away"
    LOST_CONTACT = "lost_contact"
    NOT_FOR_ME = "not_for_me"
    MOVED = "moved"
    OTHER = "other"


class RhythmUnit(StrEnum):
    WEEK = "week"
    MONTH = "month"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in :meth:`datetime.date.weekday`."""
        return list(Weekday).index(self)

    @property
    def label(self) -> str:
        return WEEKDAY_NAMES[self]


WEEKDAY_NAMES: dict[Weekday, str] = {
    Weekday.MON: "Monday",
    Weekday.TUE: "Tuesday",
    Weekday.WED: "Wednesday",
    Weekday.THU: "Thursday",
    Weekday.FRI: "Friday",
    Weekday.SAT: "Saturday",
    Weekday.SUN: "Sunday",
}

# Plain words for every code, used by the app, the reports and the CLI.
REASON_LABELS: dict[Reason, str] = {
    Reason.ILL_HEALTH: "flare-up / ill health",
    Reason.WORK: "work",
    Reason.FAMILY: "family or caring",
    Reason.TRANSPORT: "transport",
    Reason.TIME_UNSUITABLE: "time unsuitable",
    Reason.VENUE_UNSUITABLE: "venue unsuitable",
    Reason.AWAY: "away",
    Reason.LOST_CONTACT: "lost contact",
    Reason.NOT_FOR_ME: "not for me",
    Reason.MOVED: "moved away",
    Reason.OTHER: "other",
}
# The reasons offered when someone sends apologies (DESIGN.md §1.5).
APOLOGY_REASONS: tuple[Reason, ...] = (
    Reason.ILL_HEALTH,
    Reason.WORK,
    Reason.FAMILY,
    Reason.TRANSPORT,
    Reason.TIME_UNSUITABLE,
    Reason.VENUE_UNSUITABLE,
    Reason.AWAY,
    Reason.OTHER,
)
CHANNEL_LABELS: dict[Channel, str] = {
    Channel.SMS: "SMS",
    Channel.WHATSAPP: "WhatsApp",
    Channel.PHONE: "phone",
    Channel.EMAIL: "email",
    Channel.FACEBOOK: "Facebook",
    Channel.POST: "post",
    Channel.OTHER: "other",
}
# The detail each channel reaches someone through ("phone number", "email address").
CHANNEL_NEEDS: dict[Channel, str] = {
    Channel.SMS: "a phone number",
    Channel.WHATSAPP: "a phone number",
    Channel.PHONE: "a phone number",
    Channel.EMAIL: "an email address",
}


def channel_gap(channel: Channel, phone: str, email: str) -> str | None:
    """What the preferred channel needs and the member lacks ("SMS needs a phone
    number"), or None when it can be used (or needs nothing kept here: post, other)."""
    needs = CHANNEL_NEEDS.get(channel)
    if needs is None:
        return None
    has = email.strip() if channel is Channel.EMAIL else phone.strip()
    return None if has else f"{CHANNEL_LABELS[channel]} needs {needs}"


def check_channel(
    channel: Channel, phone: str, email: str, label: str = "Preferred channel"
) -> Channel:
    """A preferred channel as entered (in a form, an import): refused when it needs a
    detail that is missing while another way to reach them is kept (SMS left as it was
    for someone with only an email), naming the field: "Preferred channel: SMS needs a
    phone number; there is only an email address (choose email, or add the number)".

    With no phone and no email at all it is accepted: nobody can be reached yet, which
    the roster marks ("⚠ no way") and the member form says when saving. A check on
    input only: a stored member is read whatever their channel."""
    gap = channel_gap(channel, phone, email)
    if gap is None or not (phone.strip() or email.strip()):
        return channel
    if channel is Channel.EMAIL:
        other, fix = "a phone number", "choose SMS, WhatsApp or phone, or add the email"
    else:
        other, fix = "an email address", "choose email, or add the number"
    raise ValidationError(label, f"{gap}; there is only {other} ({fix})")


OUTCOME_LABELS: dict[ContactOutcome, str] = {
    ContactOutcome.REACHED: "reached",
    ContactOutcome.NO_REPLY: "no reply",
    ContactOutcome.LEFT_MESSAGE: "left a message",
}
# Marks as on the paper register; never colour alone.
MARK_SYMBOLS: dict[Mark | None, str] = {
    Mark.PRESENT: "●",
    Mark.APOLOGIES: "◐",
    Mark.ABSENT: "○",
    None: "·",
}
MARK_WORDS: dict[Mark | None, str] = {
    Mark.PRESENT: "present",
    Mark.APOLOGIES: "apologies",
    Mark.ABSENT: "absent (no word)",
    None: "unknown",
}
# Suggested topics; free tags are allowed too.
SUGGESTED_TOPICS: tuple[str, ...] = (
    "catch-up",
    "pacing",
    "goal setting",
    "relaxation",
    "exercise",
    "flare-up plans",
    "GP appointments",
    "outing",
    "guest",
)

# --- the records ----------------------------------------------------------------------


@frozen_record
class Rhythm(FrozenRecord):
    """How often the group meets: every N weeks on a weekday, or the Nth weekday every N
    months (``nth`` 1-4, or -1 for the last)."""

    every: int = 2
    unit: RhythmUnit = RhythmUnit.WEEK
    weekday: Weekday = Weekday.TUE
    nth: int | None = None
    time: time = time(14, 0)
    duration_minutes: int = 120

    def __post_init__(self) -> None:
        check_int(self.every, "Every how many", 1, 12)
        object.__setattr__(self, "unit", check_enum(self.unit, RhythmUnit, "Rhythm unit"))
        object.__setattr__(self, "weekday", check_enum(self.weekday, Weekday, "Weekday"))
        if self.unit is RhythmUnit.MONTH:
            if self.nth not in (1, 2, 3, 4, -1):
                raise ValidationError("Which weekday of the month", "should be 1-4 or last")
        elif self.nth is not None:
            raise ValidationError("Which weekday of the month", "only applies to monthly rhythms")
        if not isinstance(self.time, time) or self.time.tzinfo is not None:
            raise ValidationError("Usual time", "should be a local time of day")
        check_int(self.duration_minutes, "Length (minutes)", 15, 12 * 60)

    def describe(self) -> str:
        """In words: "every 2 weeks on Tuesday at 14:00"."""
        at = self.time.strftime("%H:%M")
        if self.unit is RhythmUnit.WEEK:
            every = "every week" if self.every == 1 else f"every {self.every} weeks"
            return f"{every} on {self.weekday.label} at {at}"
        nth = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}[self.nth or 1]
        every = "every month" if self.every == 1 else f"every {self.every} months"
        return f"the {nth} {self.weekday.label} {every} at {at}"


@frozen_record
class CoordinatorContact(FrozenRecord):
    """How to reach the coordinator (shown on reports and the sign-in sheet)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_text(self.name, "Coordinator's name")
        check_phone(self.phone, "Coordinator's phone")
        check_email(self.email, "Coordinator's email")


@frozen_record
class SupportLine(FrozenRecord):
    """The pain service's open-access support line, always visible in the app."""

    label: str = "Pain service support line"
    phone: str = ""
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_text(self.label, "Support line name")
        check_phone(self.phone, "Support line phone")
        check_text(self.note, "Support line note")


@frozen_record
class Group(FrozenRecord):
    """The group itself: its name, timezone, rhythm, usual venue and support line."""

    name: str
    timezone: str = "Europe/London"
    rhythm: Rhythm = field(default_factory=Rhythm)
    started_on: date | None = None
    default_venue_id: str | None = None
    coordinator: CoordinatorContact = field(default_factory=CoordinatorContact)
    deputy_member_id: str | None = None
    support_line: SupportLine = field(default_factory=SupportLine)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_text(self.name, "Group name", required=True)
        check_timezone(self.timezone)
        if not isinstance(self.rhythm, Rhythm):
            raise ValidationError("Rhythm", "should be a rhythm")
        check_day(self.started_on, "Started on")
        if not isinstance(self.coordinator, CoordinatorContact):
            raise ValidationError("Coordinator", "should be a contact")
        if not isinstance(self.support_line, SupportLine):
            raise ValidationError("Support line", "should be a support line")
        if self.default_venue_id is not None:
            check_id(self.default_venue_id, "Usual venue")
        if self.deputy_member_id is not None:
            check_id(self.deputy_member_id, "Deputy")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@frozen_record
class Venue(FrozenRecord):
    """A place the group meets: a cafe, a community room."""

    id: str
    name: str
    address: str = ""
    access_notes: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_id(self.id, "Venue id")
        check_text(self.name, "Venue name", required=True)
        check_text(self.address, "Address", limit=500)
        check_text(self.access_notes, "Access notes", limit=MAX_NOTES)


@frozen_record
class AwayPeriod(FrozenRecord):
    """A planned absence (holiday, operation). Meetings inside it are never held against
    the member."""

    start: date
    end: date
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_day(self.start, "Away from", required=True)
        check_day(self.end, "Away until", required=True)
        if self.end < self.start:
            raise ValidationError("Away until", "is before the away-from date")
        check_text(self.note, "Away note")

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@frozen_record
class Consent(FrozenRecord):
    """What the member agreed to, and when: sharing their contact with the group."""

    recorded_on: date | None = None
    share_contact_with_group: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.share_contact_with_group, bool):
            raise ValidationError("May share contact with the group", "should be yes or no")
        check_day(self.recorded_on, "Consent recorded on")


@frozen_record
class Member(FrozenRecord):
    """Someone on the roster, with how to reach them and what they need."""

    id: str
    name: str
    known_as: str = ""
    phone: str = ""
    email: str = ""
    channel: Channel = Channel.SMS
    status: MemberStatus = MemberStatus.ACTIVE
    status_since: date | None = None
    status_reason: Reason | None = None
    joined_on: date | None = None
    availability: str = ""
    access_needs: str = ""
    consent: Consent = field(default_factory=Consent)
    contact_checked_on: date | None = None
    away: tuple[AwayPeriod, ...] = ()
    notes: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_id(self.id, "Member id")
        check_text(self.name, "Name", required=True)
        check_text(self.known_as, "Known as")
        check_phone(self.phone)
        check_email(self.email)
        object.__setattr__(self, "channel", check_enum(self.channel, Channel, "Preferred channel"))
        object.__setattr__(self, "status", check_enum(self.status, MemberStatus, "Status"))
        if self.status_reason is not None:
            reason = check_enum(self.status_reason, Reason, "Reason")
            object.__setattr__(self, "status_reason", reason)
        check_text(self.availability, "Availability", limit=500)
        check_text(self.access_needs, "Access needs", limit=500)
        check_text(self.notes, "Notes", limit=MAX_NOTES)
        check_day(self.status_since, "Status since")
        check_day(self.joined_on, "Joined on")
        check_day(self.contact_checked_on, "Contact details checked on")
        if not isinstance(self.consent, Consent):
            raise ValidationError("Consent", "should be a consent record")
        object.__setattr__(self, "away", check_all(self.away, AwayPeriod, "Away periods"))

    @property
    def display_name(self) -> str:
        """What the group calls them: known-as if given, else the name."""
        return self.known_as.strip() or self.name

    def is_away(self, day: date) -> bool:
        return any(period.covers(day) for period in self.away)

    def was_member_on(self, day: date) -> bool:
        """Joined by ``day`` (members with no join date count from the start)."""
        return self.joined_on is None or self.joined_on <= day

    def on_roster(self, day: date) -> bool:
        """On the group's roster on ``day``: joined by then, and not paused or left by
        then. Someone who paused or left after ``day`` was still on it; a pause or a
        leaving with no date is taken as always. Time away does not take anyone off the
        roster (a holiday is not leaving): see :meth:`expected_on`.

        The one rule for "on the roster that day": the drift watch (who it assesses and
        which meetings count), trends and reports (group size, recent marks) and
        :func:`active_on` all use it. (Read for every mark of every meeting, so it reads
        the fields itself rather than calling :meth:`was_member_on`.)"""
        joined = self.joined_on
        if joined is not None and joined > day:
            return False
        if self.status is MemberStatus.ACTIVE:
            return True
        since = self.status_since
        return since is not None and since > day

    def expected_on(self, day: date) -> bool:
        """Expected at a meeting on ``day``: on the roster and not on planned time away.
        Narrower than :meth:`on_roster` on purpose: an apology for a meeting in time away
        is not counted as an apology (trends' reasons), yet the member still counts in
        the group's size and the drift watch still follows them."""
        return self.on_roster(day) and not self.is_away(day)


@frozen_record
class AttendanceMark(FrozenRecord):
    """One member's mark at one meeting: present, apologies or absent."""

    status: Mark
    reason: Reason | None = None
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", check_enum(self.status, Mark, "Attendance"))
        if self.reason is not None:
            object.__setattr__(self, "reason", check_enum(self.reason, Reason, "Reason"))
        check_text(self.note, "Attendance note")

    def reason_words(self, limit: int = 30) -> str:
        """Why, in words: the reason's name ("work"), or for "other" the words given with
        it (their own, cut short at ``limit`` characters), since "other" says nothing by
        itself; "" when no reason was given."""
        if self.reason is None:
            return ""
        words = " ".join(self.note.split()) if self.reason is Reason.OTHER else ""
        if not words:
            return REASON_LABELS[self.reason]
        return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


@frozen_record
class Meeting(FrozenRecord):
    """One meeting: when, where, what it covered, and who came."""

    id: str
    starts_at: datetime
    duration_minutes: int = 120
    venue_id: str | None = None
    location: str | None = None
    kind: MeetingKind = MeetingKind.REGULAR
    status: MeetingStatus = MeetingStatus.PLANNED
    topics: tuple[str, ...] = ()
    guests: int = 0
    notes: str = ""
    sequence: int = 0
    attendance: Mapping[str, AttendanceMark] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    # The day of the rhythm this meeting was planned for (its slot in the standing
    # series), kept when it is moved; None for meetings off the rhythm.
    series_slot: date | None = None

    def __post_init__(self) -> None:
        check_id(self.id, "Meeting id")
        check_moment(self.starts_at, "Starts at")
        check_int(self.duration_minutes, "Length (minutes)", 15, 24 * 60)
        if self.venue_id is not None:
            check_id(self.venue_id, "Venue")
        if self.location is not None:
            check_text(self.location, "Place", limit=500)
        object.__setattr__(self, "kind", check_enum(self.kind, MeetingKind, "Kind"))
        object.__setattr__(self, "status", check_enum(self.status, MeetingStatus, "Status"))
        topics = check_all(self.topics, object, "Topics")
        for topic in topics:
            check_text(topic, "Topic", required=True, limit=TOPIC_MAX)
        object.__setattr__(self, "topics", topics)
        check_int(self.guests, "Guests", 0, MAX_GUESTS)
        check_text(self.notes, "Notes", limit=MAX_NOTES)
        check_int(self.sequence, "Sequence", 0, 1_000_000)
        if type(self.attendance) is not dict and not isinstance(self.attendance, Mapping):
            raise ValidationError("Attendance", "should map members to marks")
        check_ids(self.attendance, "Attendance member")
        if not set(map(type, self.attendance.values())) <= {AttendanceMark}:
            raise ValidationError("Attendance", "holds a mark that is not valid")
        if self.series_slot is not None:
            check_day(self.series_slot, "Series slot")

    @property
    def ends_at(self) -> datetime:
        """The end, ``duration_minutes`` of real time after the start, in the start's
        zone: a meeting across a clock change (or at a wall time the clocks skip, from
        an older file) lasts its full length, as calendars count it."""
        length = timedelta(minutes=self.duration_minutes)
        zone = self.starts_at.tzinfo
        return (self.starts_at.astimezone(UTC) + length).astimezone(zone)

    @property
    def day(self) -> date:
        return self.starts_at.date()

    def mark_for(self, member_id: str) -> AttendanceMark | None:
        return self.attendance.get(member_id)

    def with_mark(self, member_id: str, mark: AttendanceMark | None) -> Meeting:
        """A copy with one member's mark set (or cleared back to unknown)."""
        marks = dict(self.attendance)
        if mark is None:
            marks.pop(member_id, None)
        else:
            marks[member_id] = mark
        return replace(self, attendance=marks)

    def changed_for_calendars(self, newer: Meeting) -> bool:
        """Would a calendar need an update (time, length, place or status changed)?"""
        return (
            self.starts_at != newer.starts_at
            or self.duration_minutes != newer.duration_minutes
            or self.venue_id != newer.venue_id
            or self.location != newer.location
            or (self.status is MeetingStatus.CANCELLED) != (newer.status is MeetingStatus.CANCELLED)
        )


@frozen_record
class OutreachNote(FrozenRecord):
    """A check-in with a member: "texted Sam, flare-up, hopes to come next time".

    ``try_again_on``: a day to try them again ("no reply; try again on Friday"); on that
    day the drift watch puts them back at the top of the check-in list."""

    id: str
    member_id: str
    on: date
    channel: Channel = Channel.SMS
    outcome: ContactOutcome = ContactOutcome.REACHED
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    try_again_on: date | None = None

    def __post_init__(self) -> None:
        check_id(self.id, "Contact id")
        check_id(self.member_id, "Member")
        check_day(self.on, "Date", required=True)
        object.__setattr__(self, "channel", check_enum(self.channel, Channel, "Channel"))
        outcome = check_enum(self.outcome, ContactOutcome, "Outcome")
        object.__setattr__(self, "outcome", outcome)
        check_text(self.note, "Note", limit=MAX_NOTES)
        again = check_day(self.try_again_on, "Try again on")
        if again is not None:
            if again < self.on:
                raise ValidationError("Try again on", "is before the check-in; use a later day")
            if (again - self.on).days > 366:
                raise ValidationError("Try again on", "is more than a year after the check-in")


@frozen_record
class GroupData(FrozenRecord):
    """Everything about one group, as the services see it. Lists are in a stable order:
    members and venues as stored, meetings by start time, contacts by date."""

    group: Group | None
    venues: tuple[Venue, ...] = ()
    members: tuple[Member, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    contacts: tuple[OutreachNote, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "venues", tuple(self.venues))
        object.__setattr__(self, "members", tuple(self.members))
        object.__setattr__(
            self, "meetings", tuple(sorted(self.meetings, key=lambda m: (m.starts_at, m.id)))
        )
        object.__setattr__(
            self, "contacts", tuple(sorted(self.contacts, key=lambda c: (c.on, c.id)))
        )

    def holds_anything(self) -> bool:
        """Whether any of the group is here: its details or a single record. A file
        whose group record is missing can still hold the roster and the meetings."""
        return self.group is not None or any(
            (self.venues, self.members, self.meetings, self.contacts)
        )

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def venue(self, venue_id: str | None) -> Venue | None:
        return next((v for v in self.venues if v.id == venue_id), None)

    def meeting(self, meeting_id: str) -> Meeting | None:
        return next((m for m in self.meetings if m.id == meeting_id), None)

    def held_meetings(self, until: date | None = None) -> list[Meeting]:
        """Held meetings in order, up to and including ``until`` when given."""
        held, days = self._held
        if until is None:
            return list(held)
        if days is None:  # days out of order (meetings in different zones): look at each
            return [m for m in held if m.day <= until]
        return list(held[: bisect_right(days, until)])

    @cached_property
    def _held(self) -> tuple[tuple[Meeting, ...], list[date] | None]:
        """The held meetings and their days, found once for this (frozen) data: a report
        asks for them five times, over every meeting the group has had."""
        held = tuple(m for m in self.meetings if m.status is MeetingStatus.HELD)
        days = [m.day for m in held]
        return held, days if days == sorted(days) else None

    def contacts_for(self, member_id: str) -> list[OutreachNote]:
        return [c for c in self.contacts if c.member_id == member_id]

    def place_of(self, meeting: Meeting) -> str:
        """Where a meeting is, in words: the venue's name, or the one-off place."""
        venue = self.venue(meeting.venue_id)
        if venue is not None:
            return venue.name
        return meeting.location or "place not set"


def active_on(members: Iterable[Member], day: date) -> list[Member]:
    """The members on the roster on ``day`` (:meth:`Member.on_roster`), in their order:
    joined by then and not left or paused before it. A member who left or paused after
    ``day`` was still on it; one away that day still is."""
    return [member for member in members if member.on_roster(day)]
