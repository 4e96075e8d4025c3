"""Attendance marks as the screens show them: a symbol and a word, coloured by the
active theme but never by colour alone (● present, ◐ apologies, ○ absent, · unknown).

Also the two small look-ups the roster needs for every member: their recent marks
and when they last came. Both walk back from the newest held meeting and stop early,
so they stay quick with years of meetings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import App

from coordinator.model import (
    MARK_SYMBOLS,
    MARK_WORDS,
    REASON_LABELS,
    AttendanceMark,
    GroupData,
    Mark,
    Meeting,
    Member,
)
from coordinator.user_text import visible

# Which theme colour each mark takes (theme variable names, as in .tcss). Unknown is
# dimmed rather than coloured, so it reads as "nothing recorded" in every theme.
MARK_THEME_COLOURS: dict[Mark, str] = {
    Mark.PRESENT: "success",
    Mark.APOLOGIES: "warning",
    Mark.ABSENT: "error",
}


def mark_styles(app: App[Any]) -> dict[Mark | None, str]:
    """A rich style for each mark, from the app's active theme."""
    variables = app.theme_variables
    styles: dict[Mark | None, str] = {None: "dim"}
    for mark, name in MARK_THEME_COLOURS.items():
        colour = variables.get(name, "")
        # Theme colours are "#RRGGBB", sometimes with an alpha suffix rich cannot read.
        styles[mark] = colour[:7] if colour.startswith("#") and len(colour) >= 7 else ""
    return styles


def mark_text(
    mark: AttendanceMark | None,
    styles: dict[Mark | None, str],
    *,
    with_reason: bool = False,
    own_words: bool = True,
) -> Text:
    """``● present`` / ``◐ apologies (work)`` / ``· unknown``: symbol, word, colour.
    For "other", the words given with it (``own_words``; the register, which shows the
    note beside the mark, says just "other")."""
    status = mark.status if mark else None
    text = Text(f"{MARK_SYMBOLS[status]} {MARK_WORDS[status]}", style=styles.get(status, ""))
    if with_reason and mark is not None and mark.reason is not None:
        words = mark.reason_words() if own_words else REASON_LABELS[mark.reason]
        text.append(visible(f" ({words})"))
    return text


def sparkline_text(marks: Sequence[Mark | None], styles: dict[Mark | None, str]) -> Text:
    """Marks oldest first as symbols, each in its colour."""
    text = Text()
    for mark in marks:
        text.append(MARK_SYMBOLS[mark], style=styles.get(mark, ""))
    return text


def expected_at(member: Member, day: date) -> bool:
    """Was ``member`` one of the group on ``day`` (joined, and not paused or left by
    then)? The model's one rule, :meth:`coordinator.model.Member.on_roster`."""
    return member.on_roster(day)


def recent_marks(held: Sequence[Meeting], member: Member, count: int = 8) -> list[Mark | None]:
    """``member``'s marks at the last ``count`` held meetings they were expected at (or
    have a mark for), oldest first; None is unknown. ``held`` is in date order."""
    found: list[Mark | None] = []
    for meeting in reversed(held):
        mark = meeting.attendance.get(member.id)
        if mark is None and not expected_at(member, meeting.day):
            continue
        found.append(mark.status if mark else None)
        if len(found) == count:
            break
    found.reverse()
    return found


def last_came(held: Sequence[Meeting], member_id: str) -> date | None:
    """The day of the last held meeting ``member_id`` was present at."""
    for meeting in reversed(held):
        mark = meeting.attendance.get(member_id)
        if mark is not None and mark.status is Mark.PRESENT:
            return meeting.day
    return None


def history(
    data: GroupData, member: Member, until: date
) -> list[tuple[Meeting, AttendanceMark | None]]:
    """Every held meeting up to ``until`` that ``member`` was expected at or has a mark
    for, newest first, with their mark (None is unknown)."""
    rows = []
    for meeting in reversed(data.held_meetings(until)):
        mark = meeting.attendance.get(member.id)
        if mark is None and not expected_at(member, meeting.day):
            continue
        rows.append((meeting, mark))
    return rows


LEGEND = "● present  ◐ apologies (sent word)  ○ absent (no word)  · unknown"
# For a line that also says other things (the roster's, at 80 columns).
SHORT_LEGEND = "● present ◐ apologies ○ absent · unknown"
