"""Command palette searches for records: "go to member …" and "open meeting …".

The app's actions are in the palette through :meth:`CoordinatorApp.get_system_commands`;
this provider adds one entry per member and per meeting. Names are user text, so the
entries are built as plain content (the palette would otherwise read them as markup).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from coordinator.model import GroupData, Meeting, MeetingStatus, MemberStatus
from coordinator.tui.frame import coordinator_app
from coordinator.user_text import visible


@dataclass(frozen=True)
class RecordEntry:
    """One palette entry: what it says (plain text), a hint, and what it opens."""

    text: str
    hint: str
    open: Callable[[], None]


def describe_meeting(data: GroupData, meeting: Meeting) -> str:
    """ "Tue 01 Dec 2026 14:00 at Riverside Cafe (2026-12-01)": found by either date."""
    place = visible(data.place_of(meeting))
    return f"{meeting.starts_at:%a %d %b %Y %H:%M} at {place} ({meeting.day.isoformat()})"


def record_entries(
    data: GroupData, show_member: Callable[[str], None], show_meeting: Callable[[str], None]
) -> Iterator[RecordEntry]:
    """Every member, then every meeting (newest first), as palette entries."""
    for member in data.members:
        name = visible(member.display_name)
        if member.known_as.strip() and member.known_as.strip() != member.name:
            name = f"{name} ({visible(member.name)})"
        status = "" if member.status is MemberStatus.ACTIVE else f" · {member.status.value}"
        yield RecordEntry(
            f"Go to member {name}",
            f"Roster{status}",
            partial(show_member, member.id),
        )
    for meeting in reversed(data.meetings):
        status = "" if meeting.status is MeetingStatus.HELD else f" · {meeting.status.value}"
        yield RecordEntry(
            f"Open meeting {describe_meeting(data, meeting)}",
            f"Meetings{status}",
            partial(show_meeting, meeting.id),
        )


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` as plain content with the matched letters picked out."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class RecordsProvider(Provider):
    """Palette entries that open a member on the roster or a meeting."""

    def _entries(self) -> list[RecordEntry]:
        app = coordinator_app(self.screen)
        if app.data().group is None:
            return []
        return list(record_entries(app.data(), app.show_member, app.show_meeting))

    async def search(self, query: str) -> Hits:
        """Members and meetings whose entry matches what was typed."""
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, entry.text),
                    entry.open,
                    text=entry.text,
                    help=escape(entry.hint),
                )

    async def discover(self) -> Hits:
        """With nothing typed: the next planned meeting and the last one held."""
        app = coordinator_app(self.screen)
        data = app.data()
        if data.group is None:
            return
        now = app.clock.now()
        upcoming = [
            m for m in data.meetings if m.status is MeetingStatus.PLANNED and m.ends_at > now
        ]
        held = data.held_meetings(until=app.today())
        for label, meeting in (
            ("next", upcoming[0] if upcoming else None),
            ("last", held[-1] if held else None),
        ):
            if meeting is None:
                continue
            text = f"Open {label} meeting: {describe_meeting(data, meeting)}"
            yield DiscoveryHit(
                Content(text),
                partial(app.show_meeting, meeting.id),
                text=text,
                help="Meetings",
            )
