"""A small group for the reach tests, with numbers phonenumbers accepts."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from coordinator.model import (
    Channel,
    Consent,
    CoordinatorContact,
    Group,
    GroupData,
    Meeting,
    Member,
    MemberStatus,
    Rhythm,
    Venue,
)

ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZONE)
SAM_E164 = "+447911123456"


def reach_group(**member_changes: object) -> GroupData:
    sam = Member(
        id="m1",
        name="Sam Jones",
        known_as="Sammy",
        phone="07911 123456",
        email="sam@example.org",
        channel=Channel.WHATSAPP,
        consent=Consent(share_contact_with_group=True),
    )
    if member_changes:
        from dataclasses import replace

        sam = replace(sam, **member_changes)  # type: ignore[arg-type]
    return GroupData(
        group=Group(
            name="Tuesday Crew",
            timezone="Europe/London",
            rhythm=Rhythm(every=2, time=time(14, 0)),
            default_venue_id="v1",
            coordinator=CoordinatorContact("Ann Whitfield", "07911 000111", "ann@example.org"),
        ),
        venues=(Venue("v1", "Riverside Cafe", "1 Quay Street", "step-free"),),
        members=(
            sam,
            Member(id="m2", name="Jean Morris", phone="0117 496 0123", channel=Channel.SMS),
            Member(id="m3", name="Ray Patel", email="ray@example.org", channel=Channel.EMAIL),
            Member(id="m4", name="Old Friend", status=MemberStatus.LEFT, phone="07911 123999"),
        ),
        meetings=(
            Meeting(id="g3", starts_at=datetime(2026, 12, 1, 14, 30, tzinfo=ZONE), venue_id="v1"),
        ),
    )
