"""The bundle: the whole group in one JSON file, for handover, export and import.

The version-1 shape is a contract (DESIGN.md §3). Records are translated by
:mod:`coordinator.store.codec`; this module adds the envelope, checks that every reference
points at a record that exists, and keeps keys it does not know so that a bundle from a
newer version passes through unchanged.

Import is all or nothing: the first problem stops it with a :class:`BundleError` naming
the record and the field, and nothing is returned to save.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from coordinator.model import Group, GroupData, Meeting, ValidationError
from coordinator.model.limits import check_value, quote
from coordinator.store import codec

FORMAT = "coordinator-bundle"
VERSION = 1
# The envelope and the record lists; anything else at the top level is kept as is.
_TOP_KEYS = (
    "format",
    "version",
    "exported_at",
    "group",
    "venues",
    "members",
    "meetings",
    "contacts",
)
# Top-level keys we do not know are kept in the group file's settings under this name,
# so they survive an import followed by an export (the store keeps records only).
KEPT_KEYS_SETTING = "bundle_extra"


class BundleError(ValidationError):
    """A bundle that cannot be imported; ``str()`` names the record and the field."""


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("exported_at needs a timezone-aware datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def export_bundle(data: GroupData, exported_at: datetime) -> dict[str, Any]:
    """The version-1 bundle for ``data``, stamped with ``exported_at`` (in UTC)."""
    if data.group is None:
        raise BundleError("Group", "is not set up yet, so there is nothing to export")
    bundle: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _stamp(exported_at),
        "group": codec.group_to_doc(data.group),
        "venues": [codec.venue_to_doc(v) for v in data.venues],
        "members": [codec.member_to_doc(m) for m in data.members],
        "meetings": [codec.meeting_to_doc(m) for m in data.meetings],
        "contacts": [codec.contact_to_doc(c) for c in data.contacts],
    }
    for key, value in data.extra.items():
        if key not in bundle:
            bundle[key] = value
    return bundle


# Characters that JSON allows raw but that a terminal may obey (C1 controls) or that
# reorder what an editor shows (bidi overrides): written as \uXXXX escapes instead, which
# read back as the same text.
_ESCAPE_IN_FILES = re.compile("[\u0080-\u009f\u202a-\u202e\u2066-\u2069]")


def dumps(bundle: Mapping[str, Any]) -> str:
    """The bundle as UTF-8-ready JSON text, indented so a person can read it."""
    text = json.dumps(bundle, ensure_ascii=False, indent=2)
    return _ESCAPE_IN_FILES.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _parse(source: str | bytes) -> object:
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BundleError("File", "is not UTF-8 text, so it is not a bundle") from None
    source = source.removeprefix("\ufeff")
    if not source.strip():
        raise BundleError("File", "is empty")
    try:
        doc = json.loads(source)
    except json.JSONDecodeError as error:
        raise BundleError(
            "File",
            f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
        ) from None
    except RecursionError:
        raise BundleError("File", "is nested too deeply to be a bundle") from None
    except ValueError:  # Python's limit on digits in a whole number
        raise BundleError("File", "holds a number with far too many digits") from None
    except MemoryError:
        raise BundleError("File", "is too large to read") from None
    return doc


def _check_envelope(doc: Mapping[str, Any]) -> None:
    fmt = doc.get("format")
    if fmt != FORMAT:
        if fmt is None:
            raise BundleError("format", f'is missing; a bundle says "format": "{FORMAT}"')
        raise BundleError("format", f'is {quote(fmt)}, not "{FORMAT}": this is not a bundle')
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise BundleError("version", f"should be the whole number {VERSION}, not {quote(version)}")
    if version > VERSION:
        raise BundleError(
            "version",
            f"is {version}: the bundle was written by a newer coordinator "
            f"(this one reads version {VERSION}). Update coordinator and try again",
        )
    if version != VERSION:
        raise BundleError("version", f"is {version}; only version {VERSION} exists")
    stamp = doc.get("exported_at")
    if stamp is not None and not _is_moment(stamp):
        raise BundleError(
            "exported_at",
            f"should be a date and time like 2026-05-01T10:00:00Z, not {quote(stamp)}",
        )


def _is_moment(stamp: object) -> bool:
    """Is ``stamp`` an ISO 8601 date and time (as our exports write: UTC, with Z)?"""
    if not isinstance(stamp, str) or len(stamp) > 40 or "T" not in stamp.upper():
        return False
    try:
        datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return True


def _list(doc: Mapping[str, Any], key: str) -> list[Any]:
    value = doc.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise BundleError(key, "should be a list of records")
    return value


def _unique(kind: str, ids: list[str]) -> set[str]:
    seen: set[str] = set()
    for record_id in ids:
        if record_id in seen:
            raise BundleError("id", f"{record_id!r} is used by more than one {kind}", kind)
        seen.add(record_id)
    return seen


def _wrap(error: ValidationError) -> BundleError:
    return BundleError(error.field, error.problem, error.record)


def import_bundle(source: str | bytes | Mapping[str, Any]) -> GroupData:
    """Read a version-1 bundle (JSON text, bytes or an already parsed dict).

    Raises :class:`BundleError` naming the record and field of the first problem: wrong
    format or version, bad JSON (with line and column), a missing group, an id used
    twice, or a reference to a member or venue that is not in the bundle.
    """
    try:
        return _import(source)
    except BundleError:
        raise
    except ValidationError as error:
        raise _wrap(error) from None
    except (
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        OverflowError,
        RecursionError,
        MemoryError,
    ) as error:  # anything else a hostile bundle could provoke: a message, not a traceback
        raise BundleError(
            "File", f"holds something that cannot be read ({type(error).__name__})"
        ) from None


def _import(source: str | bytes | Mapping[str, Any]) -> GroupData:
    doc = source if isinstance(source, Mapping) else _parse(source)
    check_value(doc, "bundle")  # nesting, number and text sizes, before anything reads it
    if not isinstance(doc, Mapping):
        raise BundleError("File", "is JSON but not a bundle (it should be one object)")
    _check_envelope(doc)
    if doc.get("group") is None:
        raise BundleError("group", "is missing: a bundle holds exactly one group")
    venue_docs = _list(doc, "venues")
    member_docs = _list(doc, "members")
    meeting_docs = _list(doc, "meetings")
    contact_docs = _list(doc, "contacts")
    try:
        group = codec.group_from_doc(doc["group"])
        venues = [codec.venue_from_doc(d) for d in venue_docs]
        members = [codec.member_from_doc(d) for d in member_docs]
        meetings = [codec.meeting_from_doc(d, group.zone) for d in meeting_docs]
        contacts = [codec.contact_from_doc(d) for d in contact_docs]
    except ValidationError as error:
        raise _wrap(error) from None

    venue_ids = _unique("venue", [v.id for v in venues])
    member_ids = _unique("member", [m.id for m in members])
    _unique("meeting", [m.id for m in meetings])
    _unique("contact", [c.id for c in contacts])

    def unknown(ids: set[str], value: str | None) -> bool:
        return value is not None and value not in ids

    if unknown(venue_ids, group.default_venue_id):
        raise BundleError(
            "default_venue_id",
            f"names venue {group.default_venue_id!r}, which is not in venues",
            "group",
        )
    if unknown(member_ids, group.deputy_member_id):
        raise BundleError(
            "deputy_member_id",
            f"names member {group.deputy_member_id!r}, which is not in members",
            "group",
        )
    for meeting in meetings:
        record = f"meeting {meeting.id}"
        if unknown(venue_ids, meeting.venue_id):
            raise BundleError(
                "venue_id", f"names venue {meeting.venue_id!r}, which is not in venues", record
            )
        for member_id in meeting.attendance:
            if member_id not in member_ids:
                raise BundleError(
                    "attendance",
                    f"has a mark for member {member_id!r}, who is not in members",
                    record,
                )
    for note in contacts:
        if note.member_id not in member_ids:
            raise BundleError(
                "member_id",
                f"names member {note.member_id!r}, who is not in members",
                f"contact {note.id}",
            )
    extra = {k: v for k, v in doc.items() if k not in _TOP_KEYS}
    for key, value in extra.items():
        try:
            codec.check_kept(value, key)
        except ValidationError as error:
            raise BundleError(error.field, error.problem) from None
    return GroupData(
        group=group,
        venues=tuple(venues),
        members=tuple(members),
        meetings=tuple(meetings),
        contacts=tuple(contacts),
        extra=extra,
    )


def carry_calendar_identity(current: GroupData, incoming: GroupData) -> GroupData:
    """``incoming`` (a bundle about to replace ``current``) with calendar numbers that
    never go down: each meeting's sequence is at least the file's, and one more when its
    time, place or status differs from the file's (calendars then take the update); the
    standing series keeps the higher of the two sequences for the same UID, and the
    file's identity when the bundle carries none (an older bundle)."""
    old = {m.id: m for m in current.meetings}
    meetings = []
    for meeting in incoming.meetings:
        before = old.get(meeting.id)
        if before is not None:
            # The same venue id renamed or at a new address is a new place in calendars.
            moved = _place(current, before) != _place(incoming, meeting)
            changed = moved or before.changed_for_calendars(meeting)
            floor = before.sequence + (1 if changed else 0)
            if meeting.sequence < floor:
                meeting = replace(meeting, sequence=floor)
        meetings.append(meeting)
    group = incoming.group
    if group is not None and current.group is not None:
        group = _carry_series(current.group.extra, group)
    return replace(incoming, group=group, meetings=tuple(meetings))


def _place(data: GroupData, meeting: Meeting) -> tuple[str, str] | None:
    """The name and address a meeting's venue gives it in calendars, if it has one."""
    venue = data.venue(meeting.venue_id)
    return None if venue is None else (venue.name, venue.address)


def _carry_series(current: Mapping[str, Any], group: Group) -> Group:
    """The incoming group with the series' state that never goes backwards."""
    key = "calendar"
    mine = current.get(key)
    theirs = group.extra.get(key)
    mine_series = mine.get("series") if isinstance(mine, Mapping) else None
    their_series = theirs.get("series") if isinstance(theirs, Mapping) else None
    if not isinstance(mine_series, Mapping):
        return group
    if not isinstance(their_series, Mapping):
        chosen = dict(mine_series)
    elif their_series.get("uid") == mine_series.get("uid"):
        ours, bundled = mine_series.get("sequence"), their_series.get("sequence")
        if isinstance(ours, int) and isinstance(bundled, int) and ours > bundled:
            # The file went further: continue from it, and the next export goes higher.
            own = [*their_series.get("own", []), *mine_series.get("own", [])]
            chosen = {**their_series, "sequence": ours, "fingerprint": "", "own": own}
        else:
            return group
    else:
        return group
    calendar = dict(theirs) if isinstance(theirs, Mapping) else {}
    calendar["series"] = chosen
    return replace(group, extra={**group.extra, key: calendar})
