"""The three anchor rules the drift watch is measured against (DESIGN.md §4).

They are written for weekly meetings and, as commonly used, count any missed meeting
(with apologies or not, away or not) as an absence. They see the same roster as the
watch: only members who have joined and not paused or left by the day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from coordinator.model import GroupData, Mark, Member, active_on

Rule = Callable[[GroupData, date], set[str]]


def _marks(data: GroupData, member: Member, as_of: date) -> list[tuple[date, Mark]]:
    return [
        (meeting.day, mark.status)
        for meeting in data.held_meetings(as_of)
        if member.was_member_on(meeting.day) and (mark := meeting.mark_for(member.id)) is not None
    ]


def _roster(data: GroupData, as_of: date) -> list[Member]:
    return active_on(data.members, as_of)


def three_in_a_row(data: GroupData, as_of: date) -> set[str]:
    """Flag after 3 consecutive absences."""
    flagged = set()
    for member in _roster(data, as_of):
        run = 0
        for _day, mark in _marks(data, member, as_of):
            run = 0 if mark is Mark.PRESENT else run + 1
        if run >= 3:
            flagged.add(member.id)
    return flagged


def not_seen_five_weeks(data: GroupData, as_of: date) -> set[str]:
    """Flag when not seen for 5 weeks (35 days) or more."""
    flagged = set()
    held = data.held_meetings(as_of)
    for member in _roster(data, as_of):
        seen = [day for day, mark in _marks(data, member, as_of) if mark is Mark.PRESENT]
        since = seen[-1] if seen else member.joined_on or (held[0].day if held else as_of)
        if (as_of - since).days >= 35:
            flagged.add(member.id)
    return flagged


def under_half_eight_weeks(data: GroupData, as_of: date) -> set[str]:
    """Flag when present at under half the meetings of the last 8 weeks."""
    flagged = set()
    start = as_of - timedelta(weeks=8)
    for member in _roster(data, as_of):
        window = [mark for day, mark in _marks(data, member, as_of) if day > start]
        if window and sum(m is Mark.PRESENT for m in window) / len(window) < 0.5:
            flagged.add(member.id)
    return flagged


ANCHORS: dict[str, Rule] = {
    "3 consecutive absences": three_in_a_row,
    "not seen in 5 weeks": not_seen_five_weeks,
    "under 50% in 8 weeks": under_half_eight_weeks,
}
