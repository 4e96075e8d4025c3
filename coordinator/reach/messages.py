"""A message for one member, or for the whole group, made from a template.

Pure: the group's data, the settings and the moment are passed in. The result is text to
copy, the link for the member's preferred channel (when we do not have what it needs, the
other way they gave us, said plainly; or None, and why) and, for email, a subject. A
message for the whole group names nobody and carries nobody's details: it is for the
group's WhatsApp chat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from coordinator.model import CHANNEL_LABELS, Channel, GroupData, Meeting, MeetingStatus, Member
from coordinator.model.fields import ValidationError
from coordinator.reach.links import mailto_link, sms_link, tel_link, whatsapp_link
from coordinator.reach.phones import check_number, phone_region
from coordinator.reach.templates import SUBJECTS, MessageKind, fill, templates_from
from coordinator.user_text import strip_controls

# Kinds that speak to one person about themselves.
PERSONAL_KINDS = frozenset(
    {MessageKind.CHECK_IN, MessageKind.WELCOME, MessageKind.DETAILS, MessageKind.SHORT}
)
# Kinds that are about one meeting.
MEETING_KINDS = frozenset({MessageKind.REMINDER, MessageKind.CHANGE})


@dataclass(frozen=True, slots=True)
class Message:
    """A message ready to leave the laptop (the app never sends it)."""

    kind: MessageKind
    text: str
    subject: str
    channel: Channel | None  # None: the whole group's chat
    link: str | None
    no_link: str | None = None  # why there is no link, in words
    warning: str | None = None  # a link made all the same, with a doubt to show beside it
    unknown: tuple[str, ...] = ()  # placeholders the template did not know
    member_id: str | None = None
    instead: str | None = None  # not their preferred way, and why (no phone, say)

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "channel": self.channel.value if self.channel else "group",
            "link": self.link,
            **({"warning": self.warning} if self.warning else {}),
            **({"instead": self.instead} if self.instead else {}),
        }


def first_name(member: Member) -> str:
    """What to call them: known-as, else the first word of their name."""
    known = member.known_as.strip()
    if known:
        return known
    words = member.name.split()
    return words[0] if words else member.name


def say_day(moment: datetime) -> str:
    """``Tuesday 4 March`` (British order, no leading zero)."""
    return f"{moment:%A} {moment.day} {moment:%B}"


def say_time(at: time) -> str:
    """``2pm``, ``2:30pm``, ``noon``: how people write times in a text."""
    if at.hour == 12 and at.minute == 0:
        return "noon"
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    minutes = f":{at.minute:02d}" if at.minute else ""
    return f"{hour}{minutes}{suffix}"


def next_meeting(data: GroupData, now: datetime, kind: MessageKind) -> Meeting | None:
    """The meeting a message is about by default: the next planned one (for a change
    notice, the next planned or cancelled one)."""
    wanted = {MeetingStatus.PLANNED}
    if kind is MessageKind.CHANGE:
        wanted.add(MeetingStatus.CANCELLED)
    for meeting in data.meetings:
        if meeting.status in wanted and meeting.ends_at >= now:
            return meeting
    return None


def _meeting_values(data: GroupData, meeting: Meeting | None) -> dict[str, str]:
    if meeting is None:
        later = "to be arranged"
        return {
            "date": later,
            "time": later,
            "place": later,
            "venue": later,
            "access": "",
            "change": "the next meeting is still to be arranged",
            "next_meeting": "the date of the next meeting is still to be arranged",
        }
    venue = data.venue(meeting.venue_id)
    name = venue.name if venue is not None else (meeting.location or "a place to be confirmed")
    place = f"{name}, {venue.address}" if venue is not None and venue.address.strip() else name
    notes = venue.access_notes.strip().replace("\n", " ") if venue is not None else ""
    access = f"Access: {notes.rstrip('.')}." if notes else ""
    day = say_day(meeting.starts_at)
    at = say_time(meeting.starts_at.time())
    if meeting.status is MeetingStatus.CANCELLED:
        change = f"the meeting on {day} at {at} is cancelled"
    else:
        change = f"we now meet on {day} at {at}, at {place}"
    return {
        "date": day,
        "time": at,
        "place": place,
        "venue": name,
        "access": access,
        "change": change,
        "next_meeting": f"the next meeting is on {day} at {at}, at {place}",
    }


def _their_details(member: Member, region: str) -> str:
    parts = []
    if member.phone.strip():
        parts.append(check_number(member.phone, region).shown)
    if member.email.strip():
        parts.append(member.email.strip())
    return " and ".join(parts) if parts else "no phone number or email"


def compose(
    data: GroupData,
    settings: Mapping[str, Any] | None,
    kind: MessageKind,
    *,
    member: Member | None,
    meeting: Meeting | None,
) -> Message:
    """The ``kind`` message for ``member`` (None: the whole group) about ``meeting``.

    Raises :class:`ValidationError` when the message cannot be made (a personal message
    for the whole group, a reminder with no meeting).
    """
    group = data.group
    if group is None:
        raise ValidationError("Group", "is not set up yet")
    if member is None and kind in PERSONAL_KINDS:
        raise ValidationError("Member", "choose who this message is for")
    if meeting is None and kind in MEETING_KINDS:
        raise ValidationError("Meeting", "no meeting is planned; plan one first")
    region = phone_region(settings, group.timezone)
    coordinator = group.coordinator
    if member is None:
        apologies = "just let me know"
        if coordinator.phone.strip():
            apologies += f" on {check_number(coordinator.phone, region).shown}"
    elif way_for(member, region).channel is Channel.EMAIL:
        apologies = "just reply to this email"
    else:
        apologies = "just reply to this message"
    values = {
        "name": first_name(member) if member is not None else "everyone",
        "group": group.name,
        "rhythm": group.rhythm.describe(),
        "coordinator": coordinator.name.strip(),
        "coordinator_phone": check_number(coordinator.phone, region).shown,
        "apologies": apologies,
        "their_details": _their_details(member, region) if member is not None else "",
        **_meeting_values(data, meeting),
    }
    values = {key: strip_controls(value).replace("\n", " ") for key, value in values.items()}
    filled = fill(templates_from(settings)[kind], values)
    subject = fill(SUBJECTS[kind], values).text
    text = strip_controls(filled.text)
    if member is None:
        return Message(kind, text, subject, None, whatsapp_link(None, text), unknown=filled.unknown)
    way = way_for(member, region)
    link = _link(way.channel, member, region, text, subject)
    doubt = check_number(member.phone, region).warning
    uses_phone = link is not None and way.channel in PHONE_WAYS
    return Message(
        kind,
        text,
        subject,
        way.channel or member.channel,
        link,
        no_link=way.no_link,
        warning=f"Their number {doubt}." if doubt and uses_phone else None,
        unknown=filled.unknown,
        member_id=member.id,
        instead=way.instead,
    )


def link_for(member: Member, region: str, text: str, subject: str) -> tuple[str | None, str | None]:
    """The link for the way to reach ``member`` (:func:`way_for`), or None and why not."""
    way = way_for(member, region)
    return _link(way.channel, member, region, text, subject), way.no_link


# The ways that can carry a link, by what they need: a phone number or an email address.
PHONE_WAYS = frozenset({Channel.WHATSAPP, Channel.SMS, Channel.PHONE})


@dataclass(frozen=True, slots=True)
class Way:
    """How a message reaches a member: their preferred channel when the details for it
    exist, else the other way they gave us (``instead`` says so), else none (``no_link``
    says why)."""

    channel: Channel | None
    no_link: str | None = None
    instead: str | None = None


def way_for(member: Member, region: str) -> Way:
    """The way to reach ``member``: their preferred channel if we have what it needs; if
    not, the other way they gave us (an email when there is no phone number for a text,
    a text when there is no email address), said plainly; Facebook and post have no link.
    Only the member's own details are used, for a message to them alone."""
    phone = check_number(member.phone, region)
    email = member.email.strip()
    channel = member.channel
    label = CHANNEL_LABELS[channel]
    if channel in (Channel.FACEBOOK, Channel.POST):
        return Way(None, f"No link for {label}: copy the text instead.")
    if channel is Channel.EMAIL:
        if email:
            return Way(channel)
        missing = "there is no email address for them"
        if phone.e164 is not None:
            return Way(Channel.SMS, instead=f"They prefer email, but {missing}: a text instead.")
        return Way(None, f"No link: {missing}, and no phone number either.")
    if phone.e164 is not None:
        return Way(Channel.SMS if channel is Channel.OTHER else channel)
    missing = (
        "there is no phone number for them"
        if phone.problem is None
        else f"their phone number {phone.problem}"
    )
    if email and channel is Channel.OTHER:  # no way preferred: the one there is
        return Way(Channel.EMAIL)
    if email:
        return Way(Channel.EMAIL, instead=f"They prefer {label}, but {missing}: email instead.")
    return Way(None, f"No link: {missing}, and no email address either.")


def _link(
    channel: Channel | None, member: Member, region: str, text: str, subject: str
) -> str | None:
    if channel is None:
        return None
    if channel is Channel.EMAIL:
        return mailto_link(member.email.strip(), subject, text)
    e164 = check_number(member.phone, region).e164
    if e164 is None:
        return None
    if channel is Channel.WHATSAPP:
        return whatsapp_link(e164, text)
    if channel is Channel.PHONE:
        return tel_link(e164)
    return sms_link(e164, text)
