"""Logging a check-in with a member: build, log, edit and delete, in one place.

The roster, the member page and the dashboard's check-in list (and ``coordinator
check-in``) all come here, so a check-in is checked and saved the same way wherever it is
typed. What a check-in does to the drift watch (coordinator/watch/drift.py): one that *reached*
the member, logged on or after their latest miss, takes them off the check-in list until
they miss again; "no reply" and "left a message" leave them on it ("tried on 3 Dec, no
reply yet"); a "try again on" day brings them back to the top of the list on that day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from coordinator.model import (
    MAX_NOTES,
    Channel,
    ContactOutcome,
    Member,
    OutreachNote,
    ValidationError,
    check_text,
    parse_date,
)
from coordinator.store import new_id

if TYPE_CHECKING:
    from coordinator.store import Store


def build_check_in(
    member: Member,
    *,
    today: date,
    on: str | date,
    channel: Channel | str,
    outcome: ContactOutcome | str,
    note: str = "",
    try_again_on: str | date | None = None,
    existing: OutreachNote | None = None,
) -> OutreachNote:
    """A check-in as typed, checked; raises :class:`ValidationError` naming the field.

    ``on`` and ``try_again_on`` may be typed text ("2026-12-03", "3/12/2026"); an empty
    "try again on" means none. ``existing``: the check-in being edited (its id is kept)."""
    on_day = on if isinstance(on, date) else parse_date(on, "Date")
    if on_day is None:
        raise ValidationError("Date", "is needed")
    if on_day > today:
        raise ValidationError("Date", "is in the future; use today or an earlier day")
    again: date | None
    if try_again_on is None or isinstance(try_again_on, date):
        again = try_again_on
    else:
        again = parse_date(try_again_on, "Try again on", required=False)
    text = check_text(note, "Note", limit=MAX_NOTES).strip()
    try:
        chosen_channel = Channel(channel)
    except ValueError:
        raise ValidationError("How", "is not one of the ways to get in touch") from None
    try:
        chosen_outcome = ContactOutcome(outcome)
    except ValueError:
        raise ValidationError("Outcome", "should be reached, no reply or left a message") from None
    if existing is not None:
        if existing.member_id != member.id:
            raise ValidationError("Check-in", "belongs to someone else")
        return replace(
            existing,
            on=on_day,
            channel=chosen_channel,
            outcome=chosen_outcome,
            note=text,
            try_again_on=again,
        )
    return OutreachNote(
        id=new_id("c"),
        member_id=member.id,
        on=on_day,
        channel=chosen_channel,
        outcome=chosen_outcome,
        note=text,
        try_again_on=again,
    )


def log_check_in(store: Store, member: Member, note: OutreachNote) -> str:
    """Save a new check-in; returns what to tell the coordinator."""
    _belongs(member, note)
    store.save_contact(note)
    return f"Logged a check-in with {member.display_name}{_after(note)}"


def edit_check_in(store: Store, member: Member, note: OutreachNote) -> str:
    """Save changes to a logged check-in; returns what to tell the coordinator."""
    _belongs(member, note)
    if not any(c.id == note.id for c in store.load().contacts):
        raise ValidationError("Check-in", "is no longer there (it may have been removed)")
    store.save_contact(note)
    return f"Saved the check-in with {member.display_name}{_after(note)}"


def delete_check_in(store: Store, contact_id: str) -> str:
    """Remove a logged check-in; returns what to tell the coordinator."""
    if not any(c.id == contact_id for c in store.load().contacts):
        raise ValidationError("Check-in", "is no longer there (it may have been removed)")
    store.delete_contact(contact_id)
    return "Check-in removed"


def _belongs(member: Member, note: OutreachNote) -> None:
    if note.member_id != member.id:
        raise ValidationError("Check-in", "belongs to someone else")


def _after(note: OutreachNote) -> str:
    if note.try_again_on is not None:
        return f"; they come back to the top of the list on {note.try_again_on:%a %d %b}."
    if note.outcome is not ContactOutcome.REACHED:
        return "; they stay on the check-in list until you reach them."
    return "."
