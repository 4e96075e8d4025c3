"""The sign-in sheet for one meeting: passed round the table on paper.

It lists the members due that day with a box to tick, what contact details the group
holds for each (partly hidden: the sheet goes round the table, so a phone shows only its
last three digits and an email its first letter and domain), a "still right?" column
for the coordinator to update the roster afterwards, and blank rows for guests.
"""

from __future__ import annotations

from datetime import date

from coordinator.model import (
    GroupData,
    Meeting,
    MeetingStatus,
    Member,
    ValidationError,
    active_on,
    parse_date,
)
from coordinator.reports.document import (
    Column,
    Paragraph,
    Report,
    ReportKind,
    Section,
    Table,
    day_label,
)

GUEST_ROWS = 4
GUEST_NAME_WIDTH = 28
BOX = "[ ]"


def choose_meeting(data: GroupData, today: date, meeting_id: str | None) -> Meeting:
    """The meeting asked for (by id, or by its date), else the next planned one from
    ``today``, else the latest held one. Raises :class:`ValidationError` naming the
    meeting, with ones that do exist, when there is none."""
    planned = [m for m in data.meetings if m.status is MeetingStatus.PLANNED and m.day >= today]
    held = data.held_meetings()
    if meeting_id:
        meeting = data.meeting(meeting_id.strip()) or _on_day(data, meeting_id)
        if meeting is None:
            nearby = [*planned[:2], *held[-2:][::-1]]
            examples = ", ".join(f"{m.id} ({day_label(m.day)})" for m in nearby)
            hint = f"; for example {examples}" if examples else ""
            raise ValidationError(
                "Meeting",
                f"there is no meeting {meeting_id!r}: give a meeting's id or date{hint}",
            )
        return meeting
    if planned:
        return planned[0]
    if held:
        return held[-1]
    raise ValidationError("Meeting", "there are no meetings yet; plan one first")


def _on_day(data: GroupData, text: str) -> Meeting | None:
    try:
        day = parse_date(text, "Meeting")
    except ValidationError:
        return None
    same_day = [m for m in data.meetings if m.day == day]
    # A cancelled meeting needs no sheet if another meeting is on that day.
    same_day.sort(key=lambda m: m.status is MeetingStatus.CANCELLED)
    return same_day[0] if same_day else None


def mask_phone(phone: str) -> str:
    digits = [ch for ch in phone if ch.isdigit()]
    return f"phone ending {''.join(digits[-3:])}" if digits else ""


def mask_email(email: str) -> str:
    local, _, domain = email.strip().partition("@")
    return f"email {local[:1]}…@{domain}" if local and domain else ""


def contact_on_file(member: Member) -> str:
    """The contact details held for ``member``, partly hidden, and when last checked."""
    held = [part for part in (mask_phone(member.phone), mask_email(member.email)) if part]
    text = "; ".join(held) if held else "none on file: please give the coordinator one"
    if member.contact_checked_on is not None:
        text += f" (checked {member.contact_checked_on:%b %Y})"
    return text


def sign_in_name(member: Member, day: date) -> str:
    name = member.name
    if member.known_as.strip() and member.known_as.strip() != member.name:
        name += f" ({member.known_as.strip()})"
    if member.is_away(day):
        name += " - away"
    return name


def build_sign_in(
    data: GroupData, today: date, meeting_id: str | None = None, guest_rows: int = GUEST_ROWS
) -> Report:
    """The sign-in sheet for ``meeting_id`` (default: the next meeting)."""
    assert data.group is not None
    group = data.group
    meeting = choose_meeting(data, today, meeting_id)
    members = sorted(active_on(data.members, meeting.day), key=lambda m: m.name.casefold())
    members_table = Table(
        (
            Column("Name", wrap=True),
            Column("Here"),
            Column("Contact details we hold", wrap=True),
            Column("Still right?"),
        ),
        tuple(
            (sign_in_name(m, meeting.day), BOX, contact_on_file(m), f"yes {BOX} no {BOX}")
            for m in members
        ),
        writing_space=True,
        empty="No members on the roster for this day.",
    )
    guests_table = Table(
        (
            Column("Name", min_width=GUEST_NAME_WIDTH),
            Column("How to reach you, if you'd like to (optional)", wrap=True),
        ),
        tuple(("", "") for _ in range(guest_rows)),
        writing_space=True,
    )
    venue = data.venue(meeting.venue_id)
    place = data.place_of(meeting)
    if venue is not None and venue.address.strip():
        place += f", {venue.address}"
    lines = [
        f"{day_label(meeting.day)}, {meeting.starts_at:%H:%M} to {meeting.ends_at:%H:%M}",
        # "At place not set" reads oddly; without a place say so plainly.
        f"At {place}" if venue is not None or (meeting.location or "").strip() else "Place not set",
    ]
    if meeting.status is MeetingStatus.CANCELLED:
        lines.append("This meeting is marked as cancelled.")
    footer = []
    who = group.coordinator.name or "the coordinator"
    footer.append(f"Please hand this sheet back to {who} at the end of the meeting.")
    support = group.support_line
    if support.phone.strip():
        footer.append(f"{support.label}: {support.phone} {support.note}".strip())
    return Report(
        kind=ReportKind.SIGN_IN,
        title=f"{group.name}: sign-in sheet",
        lines=tuple(lines),
        sections=(
            Section(
                "Members",
                (
                    Paragraph(
                        "Tick if you are here. If your phone or email has changed, tick no "
                        "and tell the coordinator.",
                    ),
                    members_table,
                ),
            ),
            Section("Guests", (guests_table,)),
        ),
        footer=tuple(footer),
        made_on=today,
        slug=f"sign-in-{meeting.day.isoformat()}",
    )
