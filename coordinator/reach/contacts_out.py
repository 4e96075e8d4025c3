"""The roster's contact details out: vCard for a phone, CSV for a spreadsheet, and a
phone list to print.

Only active members are written. ``shareable`` keeps only those whose consent says
their contact may be shared with the group (for a list handed round the group); without
it the list is for the coordinator's own phone. Nothing else about a member (notes,
attendance, access needs) ever leaves this way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

import vobject

from coordinator.model import Member, MemberStatus
from coordinator.reach.phones import check_number
from coordinator.reports.to_csv import neutralise
from coordinator.user_text import strip_controls, visible

UID_DOMAIN = "coordinator.invalid"
TEXT_WIDTH = 80


def contact_members(members: Iterable[Member], *, shareable: bool) -> list[Member]:
    """The members a contact list holds: active ones (and only those who agreed to
    share, with ``shareable``), in name order."""
    chosen = [
        m
        for m in members
        if m.status is MemberStatus.ACTIVE and (not shareable or m.consent.share_contact_with_group)
    ]
    return sorted(chosen, key=lambda m: (m.name.casefold(), m.id))


def _phone(member: Member, region: str, *, e164: bool) -> str:
    checked = check_number(member.phone, region)
    if e164 and checked.e164:
        return checked.e164
    return checked.shown


def _name_parts(name: str) -> tuple[str, str]:
    """(given, family): the last word is the family name."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return " ".join(words[:-1]), words[-1]


def to_vcard(members: Iterable[Member], region: str, group_name: str) -> str:
    """vCard 3.0, one card per member (opens in Android, iOS and Outlook contacts)."""
    cards = []
    for member in members:
        card = vobject.vCard()
        name = strip_controls(member.name).replace("\n", " ")
        card.add("fn").value = name
        given, family = _name_parts(name)
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        known = strip_controls(member.known_as).strip()
        if known:
            card.add("nickname").value = known
        phone = _phone(member, region, e164=True)
        if phone:
            tel = card.add("tel")
            tel.value = phone
            tel.type_param = "CELL"
        if member.email.strip():
            email = card.add("email")
            email.value = member.email.strip()
            email.type_param = "INTERNET"
        card.add("categories").value = [strip_controls(group_name).replace(",", " ")]
        card.add("uid").value = f"member-{member.id}@{UID_DOMAIN}"
        cards.append(card.serialize())
    return "".join(cards)


CSV_COLUMNS = ("Name", "Known as", "Phone", "Email", "Preferred channel")


def to_csv(members: Iterable[Member], region: str) -> str:
    """A spreadsheet of names and contact details; formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for member in members:
        cells = (
            member.name,
            member.known_as,
            _phone(member, region, e164=False),
            member.email,
            member.channel.value,
        )
        writer.writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


def to_text(
    members: Iterable[Member], region: str, group_name: str, today: date, *, shareable: bool
) -> str:
    """A phone list to print (80 columns): name, phone, email."""
    lines = [
        f"{visible(group_name)}: contact list, {today.day} {today:%B %Y}",
        (
            "Only members who agreed to share their contact with the group."
            if shareable
            else "For the coordinator only: not everyone agreed to share their contact."
        ),
        "",
    ]
    flagged = False
    listed = 0
    for member in members:
        listed += 1
        name = visible(member.name.replace("\n", " "))
        known = visible(member.known_as.replace("\n", " ").strip())
        shown = f"{name} ({known})" if known and known != name else name
        checked = check_number(member.phone, region)
        phone = visible(checked.shown)
        if checked.problem is not None:
            phone += " ⚠"
            flagged = True
        email = visible(member.email)
        line = f"{shown[:32]:<32} {phone[:18]:<18} {email}".rstrip()
        if len(line) > TEXT_WIDTH:
            lines.append(f"{shown[:32]:<32} {phone[:18]}".rstrip())
            lines.append(f"{'':4}{email}"[:TEXT_WIDTH])
        else:
            lines.append(line)
    if not listed:
        lines.append("Nobody to list.")
    if flagged:
        lines.extend(["", "⚠ this number does not look right: check it with them."])
    return "\n".join(lines) + "\n"
