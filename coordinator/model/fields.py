"""Checking one field and reading what a person typed: the one place validation lives.

Every problem is a :class:`ValidationError` whose message names the field in the
coordinator's words ("Phone: has letters in it"), so the app, the command line and imports
can all show it as it is. :mod:`coordinator.model` builds its records on these checks.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coordinator.model.quoting import clip, quote

# Longest text we accept in a one-line field and in a notes field. Long enough for any
# real name or address, short enough that a pasted novel gets a clear message.
MAX_LINE = 200
MAX_NOTES = 5000
MAX_GUESTS = 500

# The one range of dates the app accepts, for every date of every record, every date typed
# in a form and every date option of a command. Wide enough for any real group (a member
# born in 1900 who joined a group that plans to 2200), narrow enough that a calendar export
# or a report never walks towards year 9999 (which ends in an OverflowError).
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2200, 12, 31)


class ValidationError(ValueError):
    """Bad input, with the field named in the coordinator's words.

    ``record`` says which record it was (e.g. ``member m3``) when known, so a refused
    import can point at the exact place.
    """

    def __init__(self, field: str, problem: str, record: str | None = None) -> None:
        # Parts that can come from a file are cut short, so no message repeats a huge value.
        field, problem = clip(field, 100), clip(problem, 400)
        record = None if record is None else clip(record, 200)
        self.field = field
        self.problem = problem
        self.record = record
        where = f"{record}: " if record else ""
        super().__init__(f"{where}{field}: {problem}")

    def within(self, record: str) -> ValidationError:
        """The same problem, said of an enclosing record (outermost first)."""
        inner = f"{record}, {self.record}" if self.record else record
        return ValidationError(self.field, self.problem, inner)


# \Z, not $: "$" also matches before a final newline, so "m1\n" would pass as an id (and
# put a newline in a calendar UID).
_PHONE_ALLOWED = re.compile(r"\A[0-9 +()\-.]*\Z")
_EMAIL = re.compile(r"\A[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_ID = re.compile(r"\A[A-Za-z0-9_.\-]{1,64}\Z")
TOPIC_MAX = 40


# --- field checks -------------------------------------------------------------------


def check_text(value: object, label: str, *, required: bool = False, limit: int = MAX_LINE) -> str:
    """A text field: a string, not too long, and present when ``required``."""
    if not isinstance(value, str):
        raise ValidationError(label, "should be text")
    if required and not value.strip():
        raise ValidationError(label, "is required")
    if len(value) > limit:
        raise ValidationError(label, f"is too long ({len(value)} characters; at most {limit})")
    if not value.isascii() and not _encodable(value):
        raise ValidationError(label, "has a broken character in it (half of an emoji?)")
    return value


def _encodable(value: str) -> bool:
    """Can ``value`` be written to a file (no lone surrogates)?"""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_phone(value: object, label: str = "Phone") -> str:
    text = check_text(value, label, limit=40)
    if not _PHONE_ALLOWED.match(text):
        if any(ch.isalpha() for ch in text):
            raise ValidationError(label, "has letters in it")
        raise ValidationError(label, "may only hold digits, spaces and + - ( ) .")
    digits = sum(ch.isdigit() for ch in text)
    if text.strip() and digits < 3:
        raise ValidationError(label, "needs at least 3 digits")
    return text


def check_email(value: object, label: str = "Email") -> str:
    text = check_text(value, label, limit=254)
    if text and not _EMAIL.match(text):
        raise ValidationError(label, "does not look like an email address (name@example.org)")
    return text


# Ids already found good: the same few hundred ids are checked in every attendance map.
_GOOD_IDS: set[str] = set()


def check_id(value: object, label: str) -> str:
    if isinstance(value, str) and value in _GOOD_IDS:
        return value
    if not isinstance(value, str) or not _ID.match(value):
        raise ValidationError(label, "should be a short code of letters, digits, - _ or .")
    if len(_GOOD_IDS) < 100_000:
        _GOOD_IDS.add(value)
    return value


def check_ids(values: Collection[str], label: str) -> None:
    """Every one of ``values`` is a good id (a map's keys, say)."""
    if not _GOOD_IDS.issuperset(values):
        for value in values:
            check_id(value, label)


def check_int(value: object, label: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(label, "should be a whole number")
    if not low <= value <= high:
        raise ValidationError(label, f"should be between {low} and {high}")
    return value


def check_day(value: object, label: str, *, required: bool = False) -> date | None:
    """A calendar date (not a date and time), or None when not ``required``."""
    if value is None and not required:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(label, "should be a date")
    return check_in_range(value, label)


def check_in_range(day: date, label: str) -> date:
    """``day`` (a date, or the date of a date and time) within the app's one date range."""
    plain = day.date() if isinstance(day, datetime) else day
    if not EARLIEST_DAY <= plain <= LATEST_DAY:
        raise ValidationError(
            label,
            f"{plain.isoformat()} is outside the dates this app keeps "
            f"({EARLIEST_DAY.year} to {LATEST_DAY.year})",
        )
    return day


def check_moment(value: object, label: str) -> datetime:
    """A timezone-aware date and time within the app's one date range."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationError(label, "should be a date and time in the group's zone")
    check_in_range(value, label)
    return value


def check_all(values: object, kind: type, label: str) -> tuple[Any, ...]:
    """A list of ``kind`` objects (a string is not a list of anything)."""
    if type(values) is tuple and (kind is object or all(type(item) is kind for item in values)):
        return values  # the common case, checked without the slower ABC tests below
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise ValidationError(label, "should be a list")
    items = tuple(values)
    if not all(isinstance(item, kind) for item in items):
        raise ValidationError(label, "holds something that is not valid")
    return items


# IANA zone names: "Area/Location[/More]" or a single word such as UTC. The tz database
# also ships files that are not places: "localtime" (whatever this machine says),
# "Factory" (a placeholder), "posixrules", and the "posix/" and "right/" copies (the
# latter count leap seconds, so times would be off by half a minute). None is a zone a
# group meets in, and the calendar files we write could not name them.
_ZONE_NAME = re.compile(r"\A[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,2}\Z")
_NOT_PLACES = frozenset({"localtime", "factory", "posixrules"})
_NOT_PLACE_PREFIXES = ("posix/", "right/", "etc/localtime", "systemv/")


def check_timezone(value: object, label: str = "Timezone") -> str:
    if not isinstance(value, str) or not value:
        raise ValidationError(label, "is required (for example Europe/London)")
    lowered = value.lower()
    if (
        len(value) > 64
        or not _ZONE_NAME.match(value)
        or lowered in _NOT_PLACES
        or lowered.startswith(_NOT_PLACE_PREFIXES)
    ):
        raise ValidationError(label, f"{quote(value)} is not a known timezone")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(label, f"{quote(value)} is not a known timezone") from None
    return value


_E = TypeVar("_E", bound=StrEnum)


def check_enum(value: object, enum: type[_E], label: str) -> _E:
    if isinstance(value, enum):
        return value
    try:
        return enum(str(value))
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise ValidationError(label, f"{quote(value)} is not one of: {allowed}") from None


# --- parsing what a person typed ----------------------------------------------------

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def parse_date(text: str, label: str, *, required: bool = True) -> date | None:
    """A date as typed: ``2025-03-04``, ``4/3/2025`` (day first) or ``4 Mar 2025``.

    Returns None for empty text when not ``required``. Impossible dates such as
    31 February get a message saying so.
    """
    text = text.strip()
    if not text:
        if required:
            raise ValidationError(label, "is required (for example 2025-03-04)")
        return None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text):
        day, year = int(m[1]), int(m[3])
        month = _MONTHS.get(m[2].lower())
    if year is None or month is None or day is None:
        raise ValidationError(label, f"{quote(text)} is not a date I can read (try 2025-03-04)")
    if not 1 <= month <= 12:
        raise ValidationError(label, f"{quote(text)} has no month {month}")
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise ValidationError(label, f"{quote(text)} is not a real date") from None
    return check_in_range(parsed, label)


def parse_time(text: str, label: str) -> time:
    """A time of day as typed: ``14:00``, ``2pm``, ``2:30 pm``, ``1430``."""
    raw = text.strip().lower().replace(".", ":")
    if m := re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?\s*(am|pm)?", raw):
        hour, minute = int(m[1]), int(m[2] or 0)
        if m[3]:
            if not 1 <= hour <= 12:
                raise ValidationError(label, f"{quote(text)} is not a time of day")
            hour = hour % 12 + (12 if m[3] == "pm" else 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValidationError(label, f"{quote(text)} is not a time I can read (try 14:00 or 2pm)")


def parse_int(text: str, label: str, low: int, high: int) -> int:
    raw = text.strip()
    if not re.fullmatch(r"-?\d{1,9}", raw):
        raise ValidationError(label, f"{quote(text)} is not a whole number")
    return check_int(int(raw), label, low, high)


def parse_yes_no(text: str, label: str) -> bool:
    """ "yes" or "no" (or y / n, any case) as True or False."""
    raw = text.strip().casefold()
    if raw in {"yes", "y"}:
        return True
    if raw in {"no", "n"}:
        return False
    raise ValidationError(label, f"{quote(text)} should be yes or no")


_UNITS = {"minute": 1, "min": 1, "hour": 60, "hr": 60, "day": 24 * 60, "week": 7 * 24 * 60}


def parse_minutes_before(text: str, label: str, high: int) -> int | None:
    """A reminder as typed: ``1 day``, ``2 hours``, ``30 minutes``, ``90`` (minutes), or
    ``none`` (no reminder). Returns minutes, or None for none."""
    raw = text.strip().lower().removesuffix(" before")
    if raw in ("", "none", "no", "off", "no reminder"):
        return None
    if m := re.fullmatch(r"(\d{1,6})\s*([a-z]*)", raw):
        unit = m[2].removesuffix("s")
        if not unit:
            minutes = int(m[1])
        elif unit in _UNITS:
            minutes = int(m[1]) * _UNITS[unit]
        else:
            minutes = -1
        if 0 <= minutes <= high:
            return minutes
    raise ValidationError(
        label,
        f"{quote(text)} should be a time before the meeting, such as 1 day, 2 hours, 30 "
        f"minutes (at most {high // (24 * 60)} days), or none",
    )


def minutes_words(minutes: int | None) -> str:
    """``1440`` as "1 day", ``120`` as "2 hours", ``90`` as "90 minutes"; None as "none"."""
    if minutes is None:
        return "none"
    for unit, size in (("week", 7 * 24 * 60), ("day", 24 * 60), ("hour", 60)):
        if minutes and minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{minutes} minute{'' if minutes == 1 else 's'}"
