"""Model objects to and from plain JSON-ready dicts, in the shape of the version-1 bundle
(DESIGN.md §3). The store keeps documents in this shape and the bundle is made of them,
so there is one translation, tested once.

Keys we do not know are kept in each object's ``extra`` and written back unchanged.
Every problem is a :class:`ValidationError` naming the record and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from coordinator.model import (
    AttendanceMark,
    AwayPeriod,
    Channel,
    Consent,
    ContactOutcome,
    CoordinatorContact,
    Group,
    Mark,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    MemberStatus,
    OutreachNote,
    Reason,
    Rhythm,
    RhythmUnit,
    SupportLine,
    ValidationError,
    Venue,
    Weekday,
    check_timezone,
)
from coordinator.model.limits import MAX_KEPT_DEPTH, check_value, quote

Doc = dict[str, Any]

_RHYTHM_KEYS = ("every", "unit", "weekday", "nth", "time", "duration_minutes")
_CONTACT_KEYS = ("name", "phone", "email")
_LINE_KEYS = ("label", "phone", "note")
_GROUP_KEYS = (
    "name",
    "timezone",
    "rhythm",
    "started_on",
    "default_venue_id",
    "coordinator",
    "deputy_member_id",
    "support_line",
)
_VENUE_KEYS = ("id", "name", "address", "access_notes")
_MEMBER_KEYS = (
    "id",
    "name",
    "known_as",
    "phone",
    "email",
    "channel",
    "status",
    "status_since",
    "status_reason",
    "joined_on",
    "availability",
    "access_needs",
    "consent",
    "contact_checked_on",
    "away",
    "notes",
)
_CONSENT_KEYS = ("recorded_on", "share_contact_with_group")
_AWAY_KEYS = ("from", "to", "note")
_MEETING_KEYS = (
    "id",
    "starts_at",
    "duration_minutes",
    "venue_id",
    "location",
    "kind",
    "status",
    "topics",
    "guests",
    "notes",
    "sequence",
    "attendance",
    "series_slot",
)
_MARK_KEYS = ("status", "reason", "note")
_CONTACT_NOTE_KEYS = ("id", "member_id", "on", "channel", "outcome", "note", "try_again_on")
_KNOWN_SETS: dict[tuple[str, ...], frozenset[str]] = {
    known: frozenset(known)
    for known in (
        _RHYTHM_KEYS,
        _CONTACT_KEYS,
        _LINE_KEYS,
        _GROUP_KEYS,
        _VENUE_KEYS,
        _MEMBER_KEYS,
        _CONSENT_KEYS,
        _AWAY_KEYS,
        _MEETING_KEYS,
        _MARK_KEYS,
        _CONTACT_NOTE_KEYS,
    )
}


def _extra(doc: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    """The fields of ``doc`` that we do not know, kept as they are (and checked that
    they can be)."""
    if len(doc) <= len(known) and doc.keys() <= _KNOWN_SETS[known]:
        return {}  # the usual case, found without looking at each field
    extra = {k: v for k, v in doc.items() if k not in known}
    for key, value in extra.items():
        check_kept(value, key)
    return extra


def check_kept(value: object, label: str) -> None:
    """Refuse a value we could not keep exactly (in a field we do not know, ``label``):
    whole numbers within 64 bits (what the file's JSON reader keeps exact), no NaN or
    infinity (not JSON at all), nested at most :data:`~coordinator.model.limits.MAX_KEPT_DEPTH`
    levels, text of at most :data:`~coordinator.model.limits.MAX_TEXT` characters. Checked
    without recursion, so a value nested a thousand deep gets a message, not a crash."""
    check_value(value, label, MAX_KEPT_DEPTH)


def _obj(value: object, label: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(label, "should be an object with named fields")
    return value


def _str(doc: Mapping[str, Any], key: str, label: str, default: str | None = "") -> str:
    value = doc.get(key, default)
    if value is None and default is not None:
        value = default
    if not isinstance(value, str):
        raise ValidationError(label, "should be text")
    return value


def _opt_str(doc: Mapping[str, Any], key: str, label: str) -> str | None:
    value = doc.get(key)
    if value is not None and not isinstance(value, str):
        raise ValidationError(label, "should be text or null")
    return value


def _date(value: object, label: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(label, "should be a date like 2025-03-04")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(label, f"{quote(value)} is not a real date (YYYY-MM-DD)") from None


def _req_date(value: object, label: str) -> date:
    day = _date(value, label)
    if day is None:
        raise ValidationError(label, "is required")
    return day


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _time(value: object, label: str) -> time:
    if not isinstance(value, str):
        raise ValidationError(label, "should be a time like 14:00")
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise ValidationError(label, f"{quote(value)} is not a time (HH:MM)") from None
    if parsed.tzinfo is not None:
        raise ValidationError(label, "should be local time, without a zone")
    return parsed


def _int(doc: Mapping[str, Any], key: str, label: str, default: int) -> int:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(label, "should be a whole number")
    return value


def local_wall_time(moment: datetime) -> str:
    """``2025-03-04T14:00`` for a meeting start (local wall time, minutes precision)."""
    return moment.replace(tzinfo=None).isoformat(timespec="minutes")


def parse_wall_time(value: object, zone: ZoneInfo, label: str = "Starts at") -> datetime:
    """A local wall time string, placed in ``zone``."""
    if not isinstance(value, str):
        raise ValidationError(label, "should be a local date and time like 2025-03-04T14:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(label, f"{quote(value)} is not a date and time") from None
    if parsed.tzinfo is not None:
        raise ValidationError(label, "should be local wall time, without an offset")
    return parsed.replace(tzinfo=zone)


# --- group --------------------------------------------------------------------------


def rhythm_to_doc(rhythm: Rhythm) -> Doc:
    return {
        "every": rhythm.every,
        "unit": rhythm.unit.value,
        "weekday": rhythm.weekday.value,
        "nth": rhythm.nth,
        "time": rhythm.time.strftime("%H:%M"),
        "duration_minutes": rhythm.duration_minutes,
    }


def rhythm_from_doc(doc: object) -> tuple[Rhythm, dict[str, Any]]:
    d = _obj(doc, "Rhythm")
    nth = d.get("nth")
    if nth is not None and (isinstance(nth, bool) or not isinstance(nth, int)):
        raise ValidationError("Which weekday of the month", "should be 1-4 or -1 (last)")
    rhythm = Rhythm(
        every=_int(d, "every", "Every how many", 2),
        unit=_enum(d.get("unit", "week"), RhythmUnit, "Rhythm unit"),
        weekday=_enum(d.get("weekday", "tue"), Weekday, "Weekday"),
        nth=nth,
        time=_time(d.get("time", "14:00"), "Usual time"),
        duration_minutes=_int(d, "duration_minutes", "Length (minutes)", 120),
    )
    return rhythm, _extra(d, _RHYTHM_KEYS)


def _bad(label: str, value: object, enum: type[Any]) -> Any:
    allowed = ", ".join(e.value for e in enum)
    raise ValidationError(label, f"{quote(value)} is not one of: {allowed}")


def group_to_doc(group: Group) -> Doc:
    rhythm = rhythm_to_doc(group.rhythm)
    rhythm.update(group.extra.get("__rhythm_extra__", {}))
    return {
        "name": group.name,
        "timezone": group.timezone,
        "rhythm": rhythm,
        "started_on": _iso(group.started_on),
        "default_venue_id": group.default_venue_id,
        "coordinator": {
            "name": group.coordinator.name,
            "phone": group.coordinator.phone,
            "email": group.coordinator.email,
            **group.coordinator.extra,
        },
        "deputy_member_id": group.deputy_member_id,
        "support_line": {
            "label": group.support_line.label,
            "phone": group.support_line.phone,
            "note": group.support_line.note,
            **group.support_line.extra,
        },
        **{k: v for k, v in group.extra.items() if k != "__rhythm_extra__"},
    }


def group_from_doc(doc: object) -> Group:
    try:
        d = _obj(doc, "Group")
        rhythm, rhythm_extra = rhythm_from_doc(d.get("rhythm", {}))
        coord = _obj(d.get("coordinator", {}), "Coordinator")
        line = _obj(d.get("support_line", {}), "Support line")
        extra = _extra(d, _GROUP_KEYS)
        if rhythm_extra:
            extra["__rhythm_extra__"] = rhythm_extra
        return Group(
            name=_str(d, "name", "Group name"),
            timezone=check_timezone(d.get("timezone")),
            rhythm=rhythm,
            started_on=_date(d.get("started_on"), "Started on"),
            default_venue_id=_opt_str(d, "default_venue_id", "Usual venue"),
            coordinator=CoordinatorContact(
                name=_str(coord, "name", "Coordinator's name"),
                phone=_str(coord, "phone", "Coordinator's phone"),
                email=_str(coord, "email", "Coordinator's email"),
                extra=_extra(coord, _CONTACT_KEYS),
            ),
            deputy_member_id=_opt_str(d, "deputy_member_id", "Deputy"),
            support_line=SupportLine(
                label=_str(line, "label", "Support line name", "Pain service support line"),
                phone=_str(line, "phone", "Support line phone"),
                note=_str(line, "note", "Support line note"),
                extra=_extra(line, _LINE_KEYS),
            ),
            extra=extra,
        )
    except ValidationError as error:
        raise error.within("group") from None


# --- venues -------------------------------------------------------------------------


def venue_to_doc(venue: Venue) -> Doc:
    return {
        "id": venue.id,
        "name": venue.name,
        "address": venue.address,
        "access_notes": venue.access_notes,
        **venue.extra,
    }


def venue_from_doc(doc: object) -> Venue:
    record = _record("venue", doc)
    try:
        d = _obj(doc, "Venue")
        return Venue(
            id=_str(d, "id", "Venue id"),
            name=_str(d, "name", "Venue name"),
            address=_str(d, "address", "Address"),
            access_notes=_str(d, "access_notes", "Access notes"),
            extra=_extra(d, _VENUE_KEYS),
        )
    except ValidationError as error:
        raise error.within(record) from None


# --- members ------------------------------------------------------------------------


def member_to_doc(member: Member) -> Doc:
    return {
        "id": member.id,
        "name": member.name,
        "known_as": member.known_as,
        "phone": member.phone,
        "email": member.email,
        "channel": member.channel.value,
        "status": member.status.value,
        "status_since": _iso(member.status_since),
        "status_reason": member.status_reason.value if member.status_reason else None,
        "joined_on": _iso(member.joined_on),
        "availability": member.availability,
        "access_needs": member.access_needs,
        "consent": {
            "recorded_on": _iso(member.consent.recorded_on),
            "share_contact_with_group": member.consent.share_contact_with_group,
            **member.consent.extra,
        },
        "contact_checked_on": _iso(member.contact_checked_on),
        "away": [
            {"from": p.start.isoformat(), "to": p.end.isoformat(), "note": p.note, **p.extra}
            for p in member.away
        ],
        "notes": member.notes,
        **member.extra,
    }


def member_from_doc(doc: object) -> Member:
    record = _record("member", doc)
    try:
        d = _obj(doc, "Member")
        consent_doc = _obj(d.get("consent") or {}, "Consent")
        share = consent_doc.get("share_contact_with_group", False)
        if not isinstance(share, bool):
            raise ValidationError("May share contact with the group", "should be true or false")
        away_docs = d.get("away") or []
        if not isinstance(away_docs, list):
            raise ValidationError("Away periods", "should be a list")
        away = []
        for i, raw in enumerate(away_docs, start=1):
            a = _obj(raw, f"Away period {i}")
            away.append(
                AwayPeriod(
                    start=_req_date(a.get("from"), f"Away period {i} from"),
                    end=_req_date(a.get("to"), f"Away period {i} to"),
                    note=_str(a, "note", f"Away period {i} note"),
                    extra=_extra(a, _AWAY_KEYS),
                )
            )
        reason = d.get("status_reason")
        return Member(
            id=_str(d, "id", "Member id"),
            name=_str(d, "name", "Name"),
            known_as=_str(d, "known_as", "Known as"),
            phone=_str(d, "phone", "Phone"),
            email=_str(d, "email", "Email"),
            channel=_enum(d.get("channel", "sms"), Channel, "Preferred channel"),
            status=_enum(d.get("status", "active"), MemberStatus, "Status"),
            status_since=_date(d.get("status_since"), "Status since"),
            status_reason=None if reason is None else _enum(reason, Reason, "Reason"),
            joined_on=_date(d.get("joined_on"), "Joined on"),
            availability=_str(d, "availability", "Availability"),
            access_needs=_str(d, "access_needs", "Access needs"),
            consent=Consent(
                recorded_on=_date(consent_doc.get("recorded_on"), "Consent recorded on"),
                share_contact_with_group=share,
                extra=_extra(consent_doc, _CONSENT_KEYS),
            ),
            contact_checked_on=_date(d.get("contact_checked_on"), "Contact details checked on"),
            away=tuple(away),
            notes=_str(d, "notes", "Notes"),
            extra=_extra(d, _MEMBER_KEYS),
        )
    except ValidationError as error:
        raise error.within(record) from None


def _enum(value: object, enum: type[Any], label: str) -> Any:
    # Enum lookup by value through the class's own map: this runs for every mark.
    member = enum._value2member_map_.get(value) if isinstance(value, str) else None
    if member is None:
        return _bad(label, value, enum)
    return member


def _record(kind: str, doc: object) -> str:
    if isinstance(doc, Mapping) and isinstance(doc.get("id"), str):
        return f"{kind} {doc['id']}"
    return kind


# --- meetings -----------------------------------------------------------------------


def mark_to_doc(mark: AttendanceMark) -> Doc:
    return {
        "status": mark.status.value,
        "reason": mark.reason.value if mark.reason else None,
        "note": mark.note,
        **mark.extra,
    }


# Marks are frozen, and nearly all of them are one of a few plain values, so the plain
# ones are shared rather than built afresh for each of tens of thousands of marks. They
# are found by the document's exact (status, reason, note) values: a document with just
# those three keys whose values equal a key here is that mark (only a str equals a str,
# only None equals None).
_PLAIN_MARKS: dict[tuple[str, str | None, str], AttendanceMark] = {}


def _plain_mark(doc: object) -> AttendanceMark | None:
    """The shared mark for a plain, valid mark document (no note, no unknown keys)."""
    if type(doc) is not dict or len(doc) != 3:
        return None
    try:
        return _PLAIN_MARKS.get((doc["status"], doc["reason"], doc["note"]))
    except (KeyError, TypeError):  # a key missing, or an unhashable value
        return None


def _plain_marks(docs: Mapping[str, Any]) -> dict[str, AttendanceMark] | None:
    """A meeting's marks when every one is plain and already known, in one pass (the
    common case, tens of thousands of marks at a time); None to decode them one by one.

    A mark document is plain when it has exactly the three keys and their values are a
    known plain mark's: one with any other key, a value of another type, or a note, is
    left out here (so the counts differ) or raises, and goes the careful way.
    """
    plain = _PLAIN_MARKS
    try:
        marks = {
            mid: plain[raw["status"], raw["reason"], raw["note"]]
            for mid, raw in docs.items()
            if type(raw) is dict and len(raw) == 3
        }
    except (KeyError, TypeError):  # not known yet, a key missing, or an unhashable value
        return None
    return marks if len(marks) == len(docs) else None


def mark_from_doc(doc: object, label: str = "Attendance") -> AttendanceMark:
    plain = _plain_mark(doc)
    if plain is not None:
        return plain
    d = _obj(doc, label)
    reason = d.get("reason")
    mark = AttendanceMark(
        status=_enum(d.get("status"), Mark, label),
        reason=None if reason is None else _enum(reason, Reason, f"{label} reason"),
        note=_str(d, "note", f"{label} note"),
        extra=_extra(d, _MARK_KEYS),
    )
    if not mark.note and not mark.extra:
        _PLAIN_MARKS[(mark.status.value, mark.reason.value if mark.reason else None, "")] = mark
    return mark


def meeting_to_doc(meeting: Meeting) -> Doc:
    doc: Doc = {
        "id": meeting.id,
        "starts_at": local_wall_time(meeting.starts_at),
        "duration_minutes": meeting.duration_minutes,
        "venue_id": meeting.venue_id,
        "location": meeting.location,
        "kind": meeting.kind.value,
        "status": meeting.status.value,
        "topics": list(meeting.topics),
        "guests": meeting.guests,
        "notes": meeting.notes,
        "sequence": meeting.sequence,
        "attendance": {mid: mark_to_doc(mark) for mid, mark in meeting.attendance.items()},
        **meeting.extra,
    }
    if meeting.series_slot is not None:
        # Written only when set, so bundles of meetings off the rhythm read as before.
        doc["series_slot"] = meeting.series_slot.isoformat()
    return doc


def meeting_from_doc(doc: object, zone: ZoneInfo) -> Meeting:
    try:
        d = _obj(doc, "Meeting")
        topics = d.get("topics") or []
        if not isinstance(topics, list):
            raise ValidationError("Topics", "should be a list of words")
        marks_doc = _obj(d.get("attendance") or {}, "Attendance")
        marks = _plain_marks(marks_doc)
        if marks is None:
            marks = {
                mid: _plain_mark(raw) or mark_from_doc(raw, f"Attendance of {mid}")
                for mid, raw in marks_doc.items()
            }
        return Meeting(
            id=_str(d, "id", "Meeting id"),
            starts_at=parse_wall_time(d.get("starts_at"), zone),
            duration_minutes=_int(d, "duration_minutes", "Length (minutes)", 120),
            venue_id=_opt_str(d, "venue_id", "Venue"),
            location=_opt_str(d, "location", "Place"),
            kind=_enum(d.get("kind", "regular"), MeetingKind, "Kind"),
            status=_enum(d.get("status", "planned"), MeetingStatus, "Status"),
            topics=tuple(topics),
            guests=_int(d, "guests", "Guests", 0),
            notes=_str(d, "notes", "Notes"),
            sequence=_int(d, "sequence", "Sequence", 0),
            attendance=marks,
            extra=_extra(d, _MEETING_KEYS),
            series_slot=_date(d.get("series_slot"), "Series slot"),
        )
    except ValidationError as error:
        raise error.within(_record("meeting", doc)) from None


# --- outreach notes -----------------------------------------------------------------


def contact_to_doc(note: OutreachNote) -> Doc:
    return {
        "id": note.id,
        "member_id": note.member_id,
        "on": note.on.isoformat(),
        "channel": note.channel.value,
        "outcome": note.outcome.value,
        "note": note.note,
        **note.extra,
        # Only when set, so a file without one reads as before (older readers keep the
        # key they do not know among a contact's other fields).
        **({"try_again_on": note.try_again_on.isoformat()} if note.try_again_on else {}),
    }


def contact_from_doc(doc: object) -> OutreachNote:
    record = _record("contact", doc)
    try:
        d = _obj(doc, "Contact")
        return OutreachNote(
            id=_str(d, "id", "Contact id"),
            member_id=_str(d, "member_id", "Member"),
            on=_req_date(d.get("on"), "Date"),
            channel=_enum(d.get("channel", "sms"), Channel, "Channel"),
            outcome=_enum(d.get("outcome", "reached"), ContactOutcome, "Outcome"),
            note=_str(d, "note", "Note"),
            extra=_extra(d, _CONTACT_NOTE_KEYS),
            try_again_on=_date(d.get("try_again_on"), "Try again on"),
        )
    except ValidationError as error:
        raise error.within(record) from None
