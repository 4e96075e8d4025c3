"""A roster read from the spreadsheet or phone a coordinator kept before: CSV or vCard.

Reading never saves anything: it makes a :class:`RosterPreview` that says which column
became which field, what each row will become, and every problem by row and column
(a spreadsheet's row numbers: the heading is row 1). The caller saves the new members
only when the coordinator confirms, and only when there is no problem: all or nothing.

What spreadsheets write is normal input: a byte-order mark, Windows line ends, Excel's
quoting, semicolons as the separator (sniffed), Windows-1252 text when a file is not
UTF-8. Cells are data: a name that starts with ``=``, ``+``, ``-`` or ``@`` is kept
exactly as written (it is only text here, and every CSV we write neutralises it again).
The one change: a leading apostrophe before such a character, which spreadsheets and our
own CSV exports add to mark a cell as text, is taken off (``'+44 7911...`` -> ``+44 ...``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from coordinator.model import Channel, Consent, Member, check_channel, parse_date
from coordinator.model.fields import MAX_LINE, MAX_NOTES, ValidationError, check_email, check_text
from coordinator.reach.phones import check_number, validate_phone

MAX_BYTES = 2_000_000
MAX_ROWS = 2000


class RosterField(StrEnum):
    NAME = "Name"
    FIRST = "First name"
    LAST = "Surname"
    KNOWN_AS = "Known as"
    PHONE = "Phone"
    WHATSAPP = "WhatsApp"
    EMAIL = "Email"
    CHANNEL = "Preferred channel"
    AVAILABILITY = "Availability"
    ACCESS = "Access needs"
    JOINED = "Joined on"
    SHARE = "May share contact"
    NOTES = "Notes"


# Column headings in common spellings, compared without case, spaces or punctuation.
HEADINGS: dict[str, RosterField] = {
    **dict.fromkeys(
        ["name", "fullname", "membername", "member", "names", "contactname"], RosterField.NAME
    ),
    **dict.fromkeys(
        ["firstname", "forename", "forenames", "givenname", "first", "christianname"],
        RosterField.FIRST,
    ),
    **dict.fromkeys(["surname", "lastname", "familyname", "last", "secondname"], RosterField.LAST),
    **dict.fromkeys(
        ["knownas", "nickname", "preferredname", "goesby", "callthem"], RosterField.KNOWN_AS
    ),
    **dict.fromkeys(
        [
            "phone",
            "mobile",
            "mob",
            "tel",
            "telephone",
            "phonenumber",
            "phoneno",
            "mobilenumber",
            "mobileno",
            "mobilephone",
            "cell",
            "cellphone",
            "telno",
            "number",
            "contactnumber",
        ],
        RosterField.PHONE,
    ),
    **dict.fromkeys(["whatsapp", "whatsappnumber", "whatsappno", "wa"], RosterField.WHATSAPP),
    **dict.fromkeys(["email", "emailaddress", "mail", "emails"], RosterField.EMAIL),
    **dict.fromkeys(
        ["preferredchannel", "channel", "contactby", "preferredcontact", "howtocontact", "contact"],
        RosterField.CHANNEL,
    ),
    **dict.fromkeys(["availability", "available", "whencan"], RosterField.AVAILABILITY),
    **dict.fromkeys(["accessneeds", "access", "needs"], RosterField.ACCESS),
    **dict.fromkeys(["joined", "joinedon", "datejoined", "startdate", "since"], RosterField.JOINED),
    **dict.fromkeys(
        ["mayshare", "sharecontact", "sharecontactwithgroup", "share", "consenttoshare"],
        RosterField.SHARE,
    ),
    **dict.fromkeys(["notes", "note", "comments", "comment", "remarks"], RosterField.NOTES),
}

_CHANNEL_WORDS: dict[str, Channel] = {
    **dict.fromkeys(["sms", "text", "texts", "textmessage", "message"], Channel.SMS),
    **dict.fromkeys(["whatsapp", "wa"], Channel.WHATSAPP),
    **dict.fromkeys(["phone", "call", "phonecall", "ring", "telephone"], Channel.PHONE),
    **dict.fromkeys(["email", "mail"], Channel.EMAIL),
    **dict.fromkeys(["facebook", "fb", "messenger"], Channel.FACEBOOK),
    **dict.fromkeys(["post", "letter"], Channel.POST),
    "other": Channel.OTHER,
}
_YES = frozenset(["yes", "y", "true", "1", "x", "✓", "✔", "ok"])
_NO = frozenset(["no", "n", "false", "0", ""])
_TEXT_MARK = re.compile(r"^'(?=[=+\-@])")


def heading_key(heading: str) -> str:
    return re.sub(r"[\W_]+", "", heading.replace("\ufeff", "").casefold())


def cell_value(raw: str) -> str:
    """A cell as data: trimmed, Windows line ends inside it made plain, and a
    spreadsheet's text-marking apostrophe taken off."""
    return _TEXT_MARK.sub("", raw.replace("\r\n", "\n").replace("\r", "\n").strip())


@dataclass(frozen=True, slots=True)
class ColumnUse:
    """What one column of the file became."""

    heading: str
    field: RosterField | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.problem}"


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One row of the file and what it will become."""

    row: int
    member: Member | None
    problems: tuple[RowProblem, ...] = ()
    skipped: str | None = None  # why this row is left out (a duplicate, when asked)


@dataclass(frozen=True, slots=True)
class RosterPreview:
    """Everything the coordinator needs to decide: nothing is saved by making it."""

    kind: str  # "CSV" or "vCard"
    notes: tuple[str, ...]
    columns: tuple[ColumnUse, ...]
    rows: tuple[RosterRow, ...]
    file_problems: tuple[str, ...] = field(default=())

    @property
    def problems(self) -> list[RowProblem]:
        return [problem for row in self.rows for problem in row.problems]

    @property
    def ready(self) -> bool:
        """Can it be imported as it is (no problem, someone to add)?"""
        return not self.file_problems and not self.problems and bool(self.members)

    @property
    def members(self) -> list[Member]:
        return [
            row.member
            for row in self.rows
            if row.member is not None and not row.problems and row.skipped is None
        ]

    @property
    def duplicates(self) -> int:
        return sum(1 for row in self.rows if row.skipped is not None)


class RosterFileError(ValueError):
    """The file cannot be read as a roster at all."""


def decode(raw: bytes) -> tuple[str, str | None]:
    """The file's text, and a note when it was not UTF-8."""
    if len(raw) > MAX_BYTES:
        raise RosterFileError(
            f"The file is too large for a roster ({len(raw) // 1000} kB; at most "
            f"{MAX_BYTES // 1000} kB)."
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    for encoding in ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ():
        try:
            return raw.decode(encoding).lstrip("\ufeff"), "Read as UTF-16 text."
        except UnicodeDecodeError:
            pass
    return raw.decode("cp1252", errors="replace"), "Read as Windows-1252 text (not UTF-8)."


def is_vcard(text: str) -> bool:
    return text.lstrip().upper().startswith("BEGIN:VCARD")


def read_roster(
    raw: bytes,
    existing: Sequence[Member],
    region: str,
    make_id: Callable[[], str],
    *,
    skip_duplicates: bool = False,
) -> RosterPreview:
    """A preview of the roster in ``raw`` (CSV or vCard) against the ``existing`` roster.

    Raises :class:`RosterFileError` when the file is not a roster at all.
    """
    text, note = decode(raw)
    if text.lstrip()[:1] in ("{", "["):
        # A group file, a backup or a bundle: its "headings" would be everyone's details.
        raise RosterFileError(
            "This is a JSON file (a coordinator group file, backup or bundle?), not a "
            "roster. A roster is a CSV saved from a spreadsheet, or a vCard (.vcf) file; "
            "a bundle is loaded with `coordinator import`."
        )
    notes = [note] if note else []
    if is_vcard(text):
        headings, records = _vcard_records(text)
        kind = "vCard"
    else:
        headings, records, delimiter = _csv_records(text)
        kind = "CSV"
        if delimiter != ",":
            notes.append(f"Columns separated by {_DELIMITER_NAMES.get(delimiter, delimiter)}.")
    return preview_records(
        kind, headings, records, existing, region, make_id, notes, skip_duplicates
    )


_DELIMITER_NAMES = {";": "semicolons", "\t": "tabs", "|": "bars"}


def _csv_records(text: str) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    sample = text[:20_000]
    try:
        delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, ";,\t|").delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise RosterFileError(f"The file is not a CSV file I can read ({error}).") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise RosterFileError("The file has no heading row (Name, Phone, Email...).")
    if len(rows) - 1 > MAX_ROWS:
        raise RosterFileError(f"The file has more than {MAX_ROWS} rows; is it a roster?")
    headings = [h.replace("\ufeff", "").strip() for h in rows[0]]
    records = [
        (number, row)
        for number, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)
    ]
    return headings, records, delimiter


# A vCard's properties, named as a coordinator would (FN, N, NICKNAME, TEL, EMAIL, NOTE).
_VCARD_HEADINGS = [
    "Full name",
    "Given name",
    "Family name",
    "Nickname",
    "Phone (mobile first)",
    "Email",
    "Note",
]


def join_soft_breaks(text: str) -> str:
    """vCard 2.1 (old phones, Outlook) splits long quoted-printable values with ``=`` at
    the end of a line; join them so the parser sees one line."""
    out: list[str] = []
    joining = False
    for line in text.splitlines():
        if joining and out:
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
        last = out[-1]
        joining = "QUOTED-PRINTABLE" in last.upper() and last.endswith("=")
    return "\r\n".join(out) + "\r\n"


def _vcard_records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import vobject

    records: list[tuple[int, list[str]]] = []
    try:
        for number, card in enumerate(vobject.readComponents(join_soft_breaks(text)), start=1):
            if number > MAX_ROWS:
                raise RosterFileError(f"The file has more than {MAX_ROWS} cards; is it a roster?")
            if card.name != "VCARD":
                continue
            records.append((number, _card_cells(card)))
    except RosterFileError:
        raise
    except Exception:  # vobject raises many kinds for a broken file
        raise RosterFileError(
            f"The vCard file could not be read after card {len(records)}; "
            "is it a complete .vcf file?"
        ) from None
    return list(_VCARD_HEADINGS), records


def _first(card: Any, name: str) -> Any:
    items = card.contents.get(name) or []
    return items[0] if items else None


def _card_cells(card: Any) -> list[str]:
    def text_of(name: str) -> str:
        item = _first(card, name)
        value = getattr(item, "value", "") if item is not None else ""
        return value if isinstance(value, str) else ""

    given = family = ""
    n = _first(card, "n")
    if n is not None and not isinstance(n.value, str):
        given = " ".join(filter(None, [n.value.given, n.value.additional])).strip()
        family = str(n.value.family or "").strip()
    phones = card.contents.get("tel") or []
    mobile = next(
        (t for t in phones if "CELL" in [p.upper() for p in t.params.get("TYPE", [])]), None
    )
    phone = mobile or (phones[0] if phones else None)
    return [
        text_of("fn"),
        given if isinstance(given, str) else "",
        family if isinstance(family, str) else "",
        text_of("nickname"),
        str(phone.value) if phone is not None else "",
        text_of("email"),
        text_of("note"),
    ]


_VCARD_FIELDS = dict(
    zip(
        _VCARD_HEADINGS,
        [
            RosterField.NAME,
            RosterField.FIRST,
            RosterField.LAST,
            RosterField.KNOWN_AS,
            RosterField.PHONE,
            RosterField.EMAIL,
            RosterField.NOTES,
        ],
        strict=True,
    )
)


def map_columns(headings: Sequence[str], kind: str = "CSV") -> tuple[ColumnUse, ...]:
    """Which field each column becomes (the first column for a field wins; a later one
    fills in only where the first is empty)."""
    uses: list[ColumnUse] = []
    seen: dict[RosterField, str] = {}
    for heading in headings:
        found = _VCARD_FIELDS.get(heading) if kind == "vCard" else None
        found = found or HEADINGS.get(heading_key(heading))
        if found is None:
            uses.append(ColumnUse(heading, None, "not used"))
        elif found in seen:
            uses.append(ColumnUse(heading, found, f"where {seen[found]!r} is empty"))
        else:
            seen[found] = heading
            uses.append(ColumnUse(heading, found))
    return tuple(uses)


def preview_records(
    kind: str,
    headings: Sequence[str],
    records: Iterable[tuple[int, Sequence[str]]],
    existing: Sequence[Member],
    region: str,
    make_id: Callable[[], str],
    notes: Iterable[str] = (),
    skip_duplicates: bool = False,
) -> RosterPreview:
    """The preview of already split rows (CSV or vCard)."""
    columns = map_columns(headings, kind)
    fields = {use.field for use in columns if use.field is not None}
    file_problems = []
    if RosterField.NAME not in fields and RosterField.FIRST not in fields:
        file_problems.append(
            "No column holds names: name one Name, Full name or First name (and Surname)."
        )
    seen = _Seen(existing, region)
    rows = []
    for number, cells in records:
        values: dict[RosterField, tuple[str, str]] = {}
        for use, raw in zip(columns, cells, strict=False):
            if use.field is None:
                continue
            value = cell_value(raw)
            if use.field not in values or not values[use.field][1]:
                values[use.field] = (use.heading, value)
        rows.append(
            _read_row(number, values, region, make_id, seen, skip_duplicates, file_problems)
        )
    return RosterPreview(kind, tuple(notes), columns, tuple(rows), tuple(file_problems))


class _Seen:
    """Names, numbers and emails already on the roster or earlier in the file."""

    def __init__(self, existing: Sequence[Member], region: str) -> None:
        self.region = region
        self.keys: dict[str, str] = {}
        for member in existing:
            status = "" if member.status.value == "active" else f" ({member.status.value})"
            for key in self.member_keys(member):
                self.keys.setdefault(key, f"{member.name} already on the roster{status}")

    def member_keys(self, member: Member) -> list[str]:
        keys = ["name:" + " ".join(member.name.casefold().split())]
        e164 = check_number(member.phone, self.region).e164
        if e164:
            keys.append("phone:" + e164)
        if member.email.strip():
            keys.append("email:" + member.email.strip().casefold())
        return keys

    def duplicate(self, member: Member, row: int) -> tuple[str, str] | None:
        """(column, who) when ``member`` matches someone seen; remembers them otherwise."""
        found = None
        for key in self.member_keys(member):
            if key in self.keys:
                column = {"name": "Name", "phone": "Phone", "email": "Email"}[key.split(":")[0]]
                found = (column, self.keys[key])
                break
        if found is None:
            for key in self.member_keys(member):
                self.keys[key] = f"{member.name} on row {row}"
        return found


def _read_row(
    number: int,
    values: dict[RosterField, tuple[str, str]],
    region: str,
    make_id: Callable[[], str],
    seen: _Seen,
    skip_duplicates: bool,
    file_problems: list[str],
) -> RosterRow:
    problems: list[RowProblem] = []

    def get(which: RosterField) -> tuple[str, str]:
        return values.get(which, (which.value, ""))

    def checked(
        which: RosterField, check: Callable[[str, str], Any], *, limit: int = MAX_LINE
    ) -> Any:
        heading, value = get(which)
        try:
            check_text(value, heading, limit=limit)
            return check(value, heading)
        except ValidationError as error:
            problems.append(RowProblem(number, heading, error.problem))
            return None

    name_heading, name = get(RosterField.NAME)
    if not name:
        first = get(RosterField.FIRST)[1]
        last = get(RosterField.LAST)[1]
        name = " ".join(part for part in (first, last) if part)
        name_heading = get(RosterField.FIRST)[0]
    broken = "\n" in name or "\r" in name  # a quote left open runs into the next rows
    name = " ".join(name.split())
    if broken:
        problems.append(
            RowProblem(
                number, name_heading, 'runs over more than one line (is a quote " left open?)'
            )
        )
    if not name:
        if not file_problems:
            problems.append(RowProblem(number, name_heading, "has no name"))
        return RosterRow(number, None, tuple(problems))
    try:
        check_text(name, name_heading, required=True)
    except ValidationError as error:
        problems.append(RowProblem(number, name_heading, error.problem))
    known_as = checked(RosterField.KNOWN_AS, lambda v, h: v) or ""
    phone = checked(RosterField.PHONE, lambda v, h: validate_phone(v, region, h)) or ""
    _, whatsapp = get(RosterField.WHATSAPP)
    on_whatsapp = whatsapp.casefold() in _YES
    if whatsapp and not on_whatsapp and whatsapp.casefold() not in _NO:
        number_ok = checked(RosterField.WHATSAPP, lambda v, h: validate_phone(v, region, h))
        if number_ok:
            on_whatsapp = True
            if not phone:
                phone = number_ok
    email = checked(RosterField.EMAIL, lambda v, h: check_email(v, h)) or ""
    channel = checked(RosterField.CHANNEL, _channel)
    if channel is None:
        if on_whatsapp:
            channel = Channel.WHATSAPP
        elif not phone and email:
            channel = Channel.EMAIL
        else:
            channel = Channel.SMS
    share = checked(RosterField.SHARE, _yes_no) or False
    joined = checked(RosterField.JOINED, lambda v, h: parse_date(v, h, required=False))
    availability = checked(RosterField.AVAILABILITY, lambda v, h: v, limit=500) or ""
    access = checked(RosterField.ACCESS, lambda v, h: v, limit=500) or ""
    notes = checked(RosterField.NOTES, lambda v, h: v, limit=MAX_NOTES) or ""
    if not problems:
        # The same check as the member form: a channel needing a detail the row lacks,
        # while it has another ("WhatsApp: yes" with only an email), is a problem.
        chosen_in, said = get(RosterField.CHANNEL)
        heading = chosen_in if said else get(RosterField.WHATSAPP)[0]
        try:
            check_channel(channel, phone, email, heading)
        except ValidationError as error:
            problems.append(RowProblem(number, heading, error.problem))
    if problems:
        return RosterRow(number, None, tuple(problems))
    member = Member(
        id=make_id(),
        name=name,
        known_as=known_as,
        phone=phone,
        email=email,
        channel=channel,
        joined_on=joined,
        availability=availability,
        access_needs=access,
        consent=Consent(share_contact_with_group=bool(share)),
        notes=notes,
    )
    duplicate = seen.duplicate(member, number)
    if duplicate is not None:
        column, who = duplicate
        if skip_duplicates:
            return RosterRow(number, member, skipped=f"same {column.lower()} as {who}")
        problem = RowProblem(number, column, f"same {column.lower()} as {who}")
        return RosterRow(number, member, (problem,))
    return RosterRow(number, member)


def _channel(value: str, heading: str) -> Channel | None:
    if not value:
        return None
    found = _CHANNEL_WORDS.get(heading_key(value))
    if found is None:
        raise ValidationError(
            heading, "should be SMS, WhatsApp, phone, email, Facebook, post or other"
        )
    return found


def _yes_no(value: str, heading: str) -> bool:
    word = value.strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValidationError(heading, "should be yes or no")


def describe_member(member: Member, region: str) -> str:
    """What a row will become, in one line: name, known-as, phone, email, channel."""
    parts = [member.name]
    if member.known_as:
        parts[0] += f" (known as {member.known_as})"
    if member.phone:
        checked = check_number(member.phone, region)
        doubt = f" (⚠ {checked.warning})" if checked.warning else ""
        parts.append(checked.shown + doubt)
    if member.email:
        parts.append(member.email)
    parts.append(f"by {member.channel.value}")
    if member.consent.share_contact_with_group:
        parts.append("may share contact")
    return ", ".join(parts)


_UNUSED_SHOWN = 12  # columns not used, listed by heading; the rest are counted


def preview_lines(preview: RosterPreview, region: str) -> list[str]:
    """The preview as plain lines (user text shown literally by the caller)."""
    lines = [f"Reading a {preview.kind} roster."]
    lines.extend(preview.notes)
    lines.append("Columns:" if preview.kind == "CSV" else "Fields:")
    unused = 0
    for use in preview.columns:
        if use.field is None:
            unused += 1
            if unused > _UNUSED_SHOWN:
                continue  # a sheet of hundreds of columns is not listed whole
        target = use.field.value if use.field is not None else "(not used)"
        extra = f" ({use.note})" if use.note and use.field is not None else ""
        lines.append(f"  {use.heading or '(no heading)'} -> {target}{extra}")
    if unused > _UNUSED_SHOWN:
        lines.append(f"  and {unused - _UNUSED_SHOWN} more columns not used")
    lines.extend(preview.file_problems)
    unit = "card" if preview.kind == "vCard" else "row"
    lines.append(f"{unit.capitalize()}s:")
    for row in preview.rows:
        if row.problems:
            for problem in row.problems:
                lines.append(f"  {unit} {row.row}: ⚠ {problem.column}: {problem.problem}")
        elif row.skipped is not None and row.member is not None:
            lines.append(f"  {unit} {row.row}: skipped, {row.skipped}")
        elif row.member is not None:
            lines.append(f"  {unit} {row.row}: {describe_member(row.member, region)}")
    if not preview.rows:
        lines.append(f"  (no {unit}s)")
    problems = len(preview.problems) + len(preview.file_problems)
    adding = len(preview.members)
    if problems:
        lines.append(
            f"{problems} problem{'s' if problems != 1 else ''}: nothing will be imported "
            "until each is fixed in the file."
        )
    else:
        lines.append(f"{adding} new member{'s' if adding != 1 else ''} ready to add.")
    return lines
