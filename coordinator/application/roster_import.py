"""Import a roster previewed from a spreadsheet or vCard file: all or nothing.

Shared by ``coordinator import-roster`` and the app's roster import screen. The preview
(:mod:`coordinator.reach.roster_in`) is made first and shown; this flow saves it only
when it has no problem, in one store batch, so a failure leaves the roster as it was.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from coordinator.model import Member
from coordinator.reach.roster_in import RosterPreview

if TYPE_CHECKING:
    from coordinator.store import Store


class RosterNotReady(ValueError):
    """The preview still has problems (or nobody to add): nothing was imported."""


def import_roster(store: Store, preview: RosterPreview, today: date) -> list[Member]:
    """Add the preview's new members in one write and return them.

    A member with no join date in the file counts from the group's start while no
    meeting has been held yet, and joins today once meetings have been held (so the
    register never holds them to meetings from before they were on it). Consent to
    share is recorded today when the file says they agreed.
    """
    if not preview.ready:
        raise RosterNotReady(
            "Nothing was imported: the roster still has problems, or nobody new to add."
        )
    joined = today if store.load().held_meetings() else None
    members = []
    for member in preview.members:
        consent = member.consent
        if consent.share_contact_with_group and consent.recorded_on is None:
            consent = replace(consent, recorded_on=today)
        members.append(
            replace(
                member,
                joined_on=member.joined_on or joined,
                consent=consent,
            )
        )
    with store.batch():
        for member in members:
            store.save_member(member)
    return members
