"""The change notice for the group, drafted when the usual time or rhythm changes.

Plain text for the coordinator to copy into WhatsApp, a text or an email; nothing is
sent. This is the one place the wording lives: when the message templates
(coordinator/reach/) are in, :func:`draft_change_notice` is the function to point at
the "change notice" template.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from coordinator.model import GroupData, Meeting

# How many of the moved meetings the notice lists by date.
LISTED = 4


class _Moved(Protocol):
    @property
    def before(self) -> Meeting: ...

    @property
    def after(self) -> Meeting: ...


def _when(meeting: Meeting) -> str:
    # Day without a leading zero, built by hand ("%-d" does not work on Windows).
    start = meeting.starts_at
    return f"{start:%A} {start.day} {start:%B} at {start:%H:%M}"


def draft_change_notice(data: GroupData, moves: Sequence[_Moved]) -> str:
    """A kind, plain notice of the new day and time, the next dates and the place."""
    group = data.group
    if group is None:
        return ""
    rhythm = group.rhythm
    lines = [
        "Hello everyone,",
        "",
        f"Thank you for letting me know what suits you. From now on {group.name} will "
        f"meet {rhythm.describe()}, for {_length(rhythm.duration_minutes)}.",
    ]
    if moves:
        first = moves[0].after
        lines.append("")
        lines.append(f"The next meetings are on {_when(first)}" + ("," if len(moves) > 1 else "."))
        for move in moves[1:LISTED]:
            lines.append(f"  {_when(move.after)},")
        if len(moves) > LISTED:
            lines.append("  and so on.")
        elif len(moves) > 1:
            lines[-1] = lines[-1].rstrip(",") + "."
        place = data.place_of(first)
        if place != "place not set":
            lines.append(f"We meet at {place}.")
        lines.append("If you had the old dates in your calendar, the updated invites replace them.")
    lines += [
        "",
        "If the new time does not work for you, just let me know: we want everyone to be "
        "able to come.",
    ]
    sign = group.coordinator.name.strip()
    if sign:
        lines += ["", sign]
    return "\n".join(lines)


def _length(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return "an hour" if hours == 1 else f"{hours} hours"
    if not hours:
        return f"{rest} minutes"
    return f"{hours} h {rest} min"
