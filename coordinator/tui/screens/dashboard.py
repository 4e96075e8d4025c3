"""The dashboard: the next meeting, who to check in with, and recent attendance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget

from coordinator.model import (
    MARK_SYMBOLS,
    GroupData,
    Mark,
    Meeting,
    MeetingStatus,
    active_on,
)
from coordinator.trends import MeetingTally, attendance_by_meeting
from coordinator.tui.field_scroll import FieldScroll
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, safe
from coordinator.tui.widgets.chart import AttendancePanel
from coordinator.tui.widgets.checkins import CheckInList
from coordinator.user_text import visible

RECENT_MEETINGS = 12
ROLLING_WINDOW = 4
# Titles on the dashboard: bold, in the theme's accent colour (as .section-title).
TITLE_STYLE = "$accent bold"
CHECKINS_TITLE = "Check in with"
ATTENDANCE_TITLE = "Attendance"


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
                entry.append_text(safe(f" ({mark.reason_words()})"))
            apologies.append(entry)
        elif member.is_away(meeting.day):
            away.append(safe(member.display_name))
    text.append(f"\n{MARK_SYMBOLS[Mark.APOLOGIES]} Apologies: ", style="bold")
    text.append_text(Text(", ").join(apologies) if apologies else Text("none yet"))
    if away:
        text.append("\n✈ Away (planned): ", style="bold")
        text.append_text(Text(", ").join(away))
    return text


def recent_tallies(
    data: GroupData, today: date, count: int = RECENT_MEETINGS, window: int = ROLLING_WINDOW
) -> list[MeetingTally]:
    """The last ``count`` held meetings' tallies, counting only the meetings they need
    (their rolling mean looks back ``window`` meetings), not the whole history."""
    held = data.held_meetings(until=today)
    if len(held) > count + window:
        first_day = held[-(count + window)].day
        data = replace(data, meetings=tuple(m for m in data.meetings if m.day >= first_day))
    return attendance_by_meeting(data, until=today, window=window)[-count:]


def attendance_summary(tallies: Sequence[MeetingTally]) -> str:
    """The chart's numbers in words, so nothing rests on the bars alone."""
    if not tallies:
        return ""
    counts = " ".join(str(t.present) for t in tallies)
    average = sum(t.present for t in tallies) / len(tallies)
    return f"Present, oldest first: {counts}; average {average:.1f}."


class DashboardScreen(CoordinatorScreen):
    """The first screen: what the coordinator needs to know today.

    Few widgets, each built with its text (nothing is filled in after mounting), so the
    first frame styles and lays out little, once; the check-in list is worked out on a
    thread just after that frame."""

    DEFAULT_CSS = """
    DashboardScreen #next-meeting {
        margin-top: 1;
    }
    DashboardScreen #dashboard-columns {
        height: auto;
    }
    DashboardScreen #checkins {
        width: 1fr;
        margin-right: 2;
    }
    """

    # The body is one scrolling container of its own.
    BODY_CONTAINER: ClassVar[bool] = False
    # Its key checks are the app's (none looks at the dashboard's widgets).
    FOOTER_KEYS_AT_ONCE: ClassVar[bool] = True
    # The check-in list is what the coordinator acts on here: it has the keys (up, down)
    # from the start.
    AUTO_FOCUS = "#checkins"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "open_next", "Next meeting", id="dashboard-next-meeting"),
        Binding(
            "l",
            "log_check_in",
            "Log check-in",
            id="dashboard-log-check-in",
            tooltip="Log a contact with the highlighted member (acknowledges the flag)",
        ),
        Binding(
            "c",
            "message",
            "Message",
            id="dashboard-message",
            tooltip="A kind check-in message for the highlighted member: text, link, QR code",
        ),
        Binding(
            "w",
            "group_message",
            "Group message",
            show=False,
            id="dashboard-group-message",
            tooltip="The next meeting's reminder for the group's WhatsApp chat (names nobody)",
        ),
    ]

    def compose_body(self) -> ComposeResult:
        heading, tallies = self._dashboard_parts()
        with FieldScroll(classes="body", id="dashboard"):
            # The group, today and the next meeting, and the titles of the two columns
            # below it: one widget.
            yield DashboardHeading(heading, id="next-meeting")
            with Horizontal(id="dashboard-columns"):
                yield CheckInList()
                yield AttendancePanel(
                    tallies, attendance_summary(tallies), window=ROLLING_WINDOW, id="attendance"
                )

    def _dashboard_parts(self) -> tuple[Content, list[MeetingTally]]:
        """The title and next meeting, and the recent meetings' tallies, as saved now."""
        app = coordinator_app(self)
        data = app.data()
        if data.group is None:
            return _heading("Welcome", Text("Set up your group to begin.")), []
        today = app.today()
        title = f"{visible(data.group.name)} · next meeting · today is {today:%a %d %b %Y}"
        meeting = next_meeting_text(data, app.clock.now(), today)
        return _heading(title, meeting), recent_tallies(data, today)

    def refresh_data(self) -> None:
        """Show the next meeting, who to check in with and recent attendance as saved now."""
        heading, tallies = self._dashboard_parts()
        self.query_one(DashboardHeading).show(heading)
        self.query_one(AttendancePanel).show_with_summary(
            tallies, attendance_summary(tallies), window=ROLLING_WINDOW
        )
        self.query_one(CheckInList).refresh_data()

    def action_log_check_in(self) -> None:
        """Log a check-in with the member highlighted on the check-in list."""
        self.query_one(CheckInList).action_log_contact()

    def action_message(self) -> None:
        """A check-in message for the member highlighted on the check-in list."""
        from coordinator.reach.templates import MessageKind
        from coordinator.tui.modals.message import open_message

        app = coordinator_app(self)
        checkins = self.query_one(CheckInList)
        flag = checkins.highlighted_flag
        member = app.data().member(flag.member_id) if flag else None
        if member is None:
            if checkins.working:
                app.notify("Still working out who to check in with; try again in a moment.")
            else:
                app.notify("Nobody is highlighted: there is no one on the check-in list.")
            return
        open_message(self, member, MessageKind.CHECK_IN)

    def action_group_message(self) -> None:
        """The reminder for the group's WhatsApp chat."""
        from coordinator.tui.modals.message import open_message

        open_message(self, None)

    def action_open_next(self) -> None:
        """Open the next meeting on the meetings screen."""
        app = coordinator_app(self)
        meeting = next_meeting(app.data(), app.clock.now())
        if meeting is None:
            app.notify("No meeting is planned yet.")
            return
        app.show_meeting(meeting.id)


class DashboardHeading(Widget):
    """The group, today and the next meeting; then, after a blank line, the titles of the
    two columns below it ("Check in with" over the check-in list, "Attendance" over the
    chart, which is ``AttendancePanel.WIDTH`` wide at the right), so the columns need no
    title widgets or containers of their own."""

    DEFAULT_CSS = """
    DashboardHeading {
        height: auto;
    }
    """

    def __init__(self, heading: Content, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.heading = heading

    def show(self, heading: Content) -> None:
        """Show this heading (the titles below it stay)."""
        self.heading = heading
        self.refresh(layout=True)

    def render(self) -> Content:
        width = self.size.width
        gap = max(width - AttendancePanel.WIDTH - len(CHECKINS_TITLE), 2)
        return Content.assemble(
            self.heading,
            "\n\n",
            (CHECKINS_TITLE, TITLE_STYLE),
            " " * gap,
            (ATTENDANCE_TITLE, TITLE_STYLE),
        )


def _heading(title: str, body: Text) -> Content:
    """``title`` (already made safe) in bold accent, then ``body`` below it."""
    return Content.assemble((title, TITLE_STYLE), "\n", Content.from_rich_text(body))
