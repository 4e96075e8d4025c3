"""Marking attendance: one member's mark at one meeting, saved at once.

A mark is present, apologies (with a reason) or absent; clearing it puts the member back
to unknown (never absent). Marking someone present or absent at a planned meeting whose
day has come also records that the meeting was held, in the same write: the register is
how most coordinators say a meeting happened.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from coordinator.model import AttendanceMark, Mark, Meeting, MeetingStatus

if TYPE_CHECKING:
    from coordinator.store import Store


def marks_it_held(meeting: Meeting, mark: AttendanceMark | None, today: date) -> bool:
    """Whether saving ``mark`` also records that ``meeting`` was held: someone present
    or absent at a planned meeting on or before ``today`` (apologies say nothing about
    whether it happened)."""
    return (
        meeting.status is MeetingStatus.PLANNED
        and meeting.day <= today
        and mark is not None
        and mark.status is not Mark.APOLOGIES
    )


def mark_attendance(
    store: Store, meeting: Meeting, member_id: str, mark: AttendanceMark | None, today: date
) -> Meeting:
    """Save ``member_id``'s ``mark`` at ``meeting`` (None clears it) and return the
    meeting as saved; see :func:`marks_it_held` for when it becomes held too."""
    if marks_it_held(meeting, mark, today):
        held = replace(meeting, status=MeetingStatus.HELD).with_mark(member_id, mark)
        return store.save_meeting(held)
    return store.set_mark(meeting.id, member_id, mark)
