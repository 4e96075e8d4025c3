"""The dashboard: the next meeting, who to check in with, and recent attendance."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from coordinator.model import (
    MARK_SYMBOLS,
    REASON_LABELS,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    active_on,
)
from coordinator.tui.base import CoordinatorScreen, coordinator_app, safe

RECENT_MEETINGS = 12
_BARS = " ▁▂▃▄▅▆▇█"


def next_meeting(data: GroupData, now: datetime) -> Meeting | None:
    """The first planned meeting that has not finished yet."""
    for meeting in data.meetings:
        if meeting.status is MeetingStatus.PLANNED and meeting.ends_at > now:
            return meeting
    return None


def describe_when(meeting: Meeting, today: date) -> str:
    """ "Tuesday 24 November 2026, 14:00-16:00 (tomorrow)"."""
    start = meeting.starts_at
    days = (meeting.day - today).days
    if days == 0:
        soon = "today"
    elif days == 1:
        soon = "tomorrow"
    elif days > 1:
        soon = f"in {days} days"
    else:
        soon = "already started"
    return f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}-{meeting.ends_at:%H:%M} ({soon})"


def next_meeting_text(data: GroupData, now: datetime, today: date) -> Text:
    """The next meeting in words: when, where, who has sent apologies, who is away."""
    meeting = next_meeting(data, now)
    if meeting is None:
        return Text("No meeting planned yet. Press m, then plan the next ones from the rhythm.")
    text = Text()
    text.append("When:  ", style="bold")
    text.append(describe_when(meeting, today))
    text.append("\nWhere: ", style="bold")
    text.append_text(safe(data.place_of(meeting)))
    venue = data.venue(meeting.venue_id)
    if venue is not None and venue.address.strip():
        text.append(", ")
        text.append_text(safe(venue.address))
    apologies: list[Text] = []
    away: list[Text] = []
    for member in active_on(data.members, meeting.day):
        mark = meeting.mark_for(member.id)
        if mark is not None and mark.status is Mark.APOLOGIES:
            entry = safe(member.display_name)
            if mark.reason is not None:
                entry.append(f" ({REASON_LABELS[mark.reason]})")
            apologies.append(entry)
        elif member.is_away(meeting.day):
            away.append(safe(member.display_name))
    text.append(f"\n{MARK_SYMBOLS[Mark.APOLOGIES]} Apologies: ", style="bold")
    text.append_text(Text(", ").join(apologies) if apologies else Text("none yet"))
    if away:
        text.append("\n✈ Away (planned): ", style="bold")
        text.append_text(Text(", ").join(away))
    return text


@dataclass(frozen=True)
class RecentAttendance:
    """How many came to one held meeting, of those expected."""

    day: date
    present: int
    expected: int


def recent_attendance(
    data: GroupData, today: date, count: int = RECENT_MEETINGS
) -> list[RecentAttendance]:
    """Present and expected at the last ``count`` held meetings, oldest first."""
    held = data.held_meetings(until=today)[-count:]
    out = []
    for meeting in held:
        present = sum(1 for mark in meeting.attendance.values() if mark.status is Mark.PRESENT)
        expected = len(active_on(data.members, meeting.day))
        out.append(RecentAttendance(meeting.day, present, expected))
    return out


def attendance_chart(rows: list[RecentAttendance]) -> Text:
    """A small bar per meeting (height = share of expected members who came), with the
    counts under it, so the numbers are there as well as the shapes."""
    if not rows:
        return Text("No meetings held yet: attendance shows here once you mark a register.")
    bars = Text()
    counts = Text()
    for row in rows:
        share = row.present / row.expected if row.expected else 0.0
        bars.append(f" {_BARS[round(share * (len(_BARS) - 1))] * 2}")
        counts.append(f"{row.present:>3}")
    text = Text(f"Came to each of the last {len(rows)} meetings (oldest first):\n")
    text.append_text(bars)
    text.append("\n")
    text.append_text(counts)
    average = sum(r.present for r in rows) / len(rows)
    text.append(f"\nAverage {average:.1f} present; from {rows[0].day:%d %b %Y}.")
    return text


class NotYetComputed(Static):
    """An honest empty state while the drift watch is not installed."""


def checkins_widget() -> Widget:
    """The drift watch's check-in list, or a plain statement that it is not there."""
    try:
        module = importlib.import_module("coordinator.tui.widgets.checkins")
    except ImportError as error:
        if not (error.name or "").startswith("coordinator"):
            raise
        return NotYetComputed(
            "Nothing to compute yet: the drift watch is not installed.", classes="muted"
        )
    widget = module.CheckInList()
    if not isinstance(widget, Widget):
        raise TypeError("CheckInList is not a widget")
    return widget


class DashboardScreen(CoordinatorScreen):
    """The first screen: what the coordinator needs to know today."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "open_next", "Next meeting", id="dashboard-next-meeting"),
    ]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="body", id="dashboard"):
            yield Static(id="dashboard-title", classes="section-title")
            yield Static(id="next-meeting")
            yield Static("Check in with", classes="section-title")
            yield checkins_widget()
            yield Static("Attendance", classes="section-title")
            yield Static(id="attendance-chart")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Show the next meeting and recent attendance as saved now."""
        app = coordinator_app(self)
        data = app.data()
        today = app.today()
        title = self.query_one("#dashboard-title", Static)
        meeting_text = self.query_one("#next-meeting", Static)
        chart = self.query_one("#attendance-chart", Static)
        if data.group is None:
            title.update("Welcome")
            meeting_text.update("Set up your group to begin.")
            chart.update("")
            return
        heading = safe(data.group.name)
        heading.append(f" · next meeting · today is {today:%a %d %b %Y}")
        title.update(heading)
        meeting_text.update(next_meeting_text(data, app.clock.now(), today))
        chart.update(attendance_chart(recent_attendance(data, today)))
        for child in self.query("#dashboard > *"):
            refresh = getattr(child, "refresh_data", None)
            if refresh is not None:
                refresh()

    def action_open_next(self) -> None:
        """Open the next meeting on the meetings screen."""
        app = coordinator_app(self)
        meeting = next_meeting(app.data(), app.clock.now())
        if meeting is None:
            app.notify("No meeting is planned yet.")
            return
        app.show_meeting(meeting.id)
