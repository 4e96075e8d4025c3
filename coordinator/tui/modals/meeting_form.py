"""Add a one-off meeting or edit one (move it, change the place, record topics, guests
and notes), and ask how many meetings to plan from the rhythm."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from typing import ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select

from coordinator.model import (
    MAX_GUESTS,
    SUGGESTED_TOPICS,
    GroupData,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Rhythm,
    ValidationError,
    check_text,
    parse_date,
    parse_int,
    parse_time,
)
from coordinator.schedule import local_start
from coordinator.store import new_id
from coordinator.tui.modals.form import FormModal
from coordinator.user_text import visible

KIND_WORDS: dict[MeetingKind, str] = {
    MeetingKind.REGULAR: "regular meeting",
    MeetingKind.SOCIAL: "social / outing",
    MeetingKind.SPECIAL: "special",
}
MEETING_STATUS_WORDS: dict[MeetingStatus, str] = {
    MeetingStatus.PLANNED: "planned",
    MeetingStatus.HELD: "held",
    MeetingStatus.CANCELLED: "cancelled",
}
# The venue choice that means "type a one-off place instead".
ONE_OFF = "__one_off__"


def parse_topics(text: str) -> tuple[str, ...]:
    """Topics typed as a comma-separated list; blanks dropped, duplicates once."""
    topics: list[str] = []
    for raw in text.split(","):
        topic = raw.strip()
        if topic and topic not in topics:
            topics.append(check_text(topic, "Topics", limit=40))
    return tuple(topics)


class MeetingFormModal(FormModal[Meeting | None]):
    """Add a meeting (``meeting`` None) or edit one; dismisses with the meeting to save.

    ``focus`` picks the field the cursor starts in ("date" to move a meeting)."""

    FIELDS: ClassVar[dict[str, str]] = {
        "Date": "date",
        "Start time": "time",
        "Length (minutes)": "length",
        "Venue": "venue",
        "Place": "place",
        "Kind": "kind",
        "Status": "status",
        "Topics": "topics",
        "Topic": "topics",
        "Guests": "guests",
        "Notes": "notes",
        "Starts at": "date",
    }
    HINT_TEXT: ClassVar[str] = (
        "Enter or ctrl+s saves · Esc closes without saving. Topics: comma-separated, e.g. "
        + ", ".join(SUGGESTED_TOPICS[:4])
        + "."
    )

    def __init__(
        self, meeting: Meeting | None, data: GroupData, today: date, focus: str = "date"
    ) -> None:
        super().__init__()
        self.meeting = meeting
        self.data = data
        self.today = today
        self.first_field = focus
        group = data.group
        self.zone = group.zone if group else ZoneInfo("Europe/London")
        self.rhythm = group.rhythm if group else Rhythm()
        self.default_venue = group.default_venue_id if group else None
        # A new meeting's status follows its date (a past date: held) until the
        # coordinator picks a status themselves.
        self._status_chosen = meeting is not None
        # Values this form put in the Status field itself; their change messages are
        # not the coordinator's choice. (The field reports its first value on mount.)
        self._status_we_set: list[object] = [meeting.status if meeting else MeetingStatus.PLANNED]

    def form_title(self) -> Text:
        if self.meeting is None:
            return Text("Add a meeting")
        return Text(f"Edit the meeting of {self.meeting.starts_at:%a %d %b %Y}")

    def compose_fields(self) -> ComposeResult:
        m = self.meeting
        starts = m.starts_at if m else None
        venue_options: list[tuple[str | Text, str]] = [
            (Text(visible(v.name)), v.id) for v in self.data.venues
        ]
        venue_options.append(("a one-off place (type it below)", ONE_OFF))
        if m is not None:
            venue = m.venue_id if self.data.venue(m.venue_id) else ONE_OFF
        else:
            venue = self.default_venue if self.data.venue(self.default_venue) else ONE_OFF
        yield self.labelled(
            "Date",
            self.text_input(
                "date", (starts.date() if starts else self.today).isoformat(), "2025-03-04"
            ),
        )
        at = starts.time() if starts else self.rhythm.time
        yield self.labelled("Start time", self.text_input("time", at.strftime("%H:%M"), "14:00"))
        length = m.duration_minutes if m else self.rhythm.duration_minutes
        yield self.labelled("Length (minutes)", self.text_input("length", str(length), "120"))
        yield self.labelled(
            "Venue", Select(venue_options, value=venue, allow_blank=False, id="venue", compact=True)
        )
        yield self.labelled(
            "One-off place",
            self.text_input("place", (m.location or "") if m else "", "e.g. the park cafe"),
        )
        yield self.labelled(
            "Kind",
            Select(
                [(KIND_WORDS[k], k) for k in MeetingKind],
                value=m.kind if m else MeetingKind.REGULAR,
                allow_blank=False,
                id="kind",
                compact=True,
            ),
        )
        yield self.labelled(
            "Status",
            Select(
                [(MEETING_STATUS_WORDS[s], s) for s in MeetingStatus],
                value=m.status if m else MeetingStatus.PLANNED,
                allow_blank=False,
                id="status",
                compact=True,
            ),
        )
        yield self.labelled(
            "Topics",
            self.text_input("topics", ", ".join(m.topics) if m else "", "catch-up, pacing"),
        )
        yield self.labelled("Guests", self.text_input("guests", str(m.guests) if m else "0", "0"))
        yield self.labelled("Notes", self.text_area("notes", m.notes if m else ""))

    def _status_for(self, typed_date: str) -> MeetingStatus | None:
        """The status a new meeting on ``typed_date`` starts as (None: not a date yet)."""
        try:
            day = parse_date(typed_date, "Date")
        except ValidationError:
            return None
        if day is None:
            return None
        return MeetingStatus.HELD if day < self.today else MeetingStatus.PLANNED

    @on(Input.Changed, "#date")
    def _date_changed(self, event: Input.Changed) -> None:
        if self._status_chosen:
            return
        status = self._status_for(event.value)
        if status is None:
            return
        select = self.query_one("#status", Select)
        if select.value != status:
            self._status_we_set.append(status)
            select.value = status

    @on(Select.Changed, "#status")
    def _status_changed(self, event: Select.Changed) -> None:
        if event.value in self._status_we_set:
            self._status_we_set.remove(event.value)
            return
        self._status_chosen = True

    def build(self) -> Meeting | None:
        day = parse_date(self.text("date"), "Date")
        assert day is not None  # a required date is never None
        at = parse_time(self.text("time"), "Start time")
        length = parse_int(self.text("length"), "Length (minutes)", 15, 24 * 60)
        venue = self.choice("venue")
        place = self.text("place").strip()
        venue_id = None if venue in (None, ONE_OFF) else str(venue)
        location = check_text(place, "Place", limit=500) if place else None
        if venue_id is not None and location is not None:
            raise ValidationError(
                "Place", "choose a venue or type a one-off place, not both (clear one)"
            )
        status = MeetingStatus(str(self.choice("status")))
        if status is MeetingStatus.HELD and day > self.today:
            raise ValidationError("Status", "a meeting in the future cannot be held yet")
        fields = {
            # A time the clocks skip that day is refused here, with the reason.
            "starts_at": local_start(day, at, self.zone),
            "duration_minutes": length,
            "venue_id": venue_id,
            "location": location,
            "kind": MeetingKind(str(self.choice("kind"))),
            "status": status,
            "topics": parse_topics(self.text("topics")),
            "guests": parse_int(self.text("guests"), "Guests", 0, MAX_GUESTS),
            "notes": self.text("notes"),
        }
        if self.meeting is None:
            return Meeting(id=new_id("g"), **fields)  # type: ignore[arg-type]
        return replace(self.meeting, **fields)  # type: ignore[arg-type]


class PlanCountModal(FormModal[int | None]):
    """How many meetings to plan from the rhythm (Enter accepts the suggestion)."""

    FIELDS: ClassVar[dict[str, str]] = {"How many": "count"}
    first_field = "count"

    def __init__(self, rhythm_words: str, suggested: int = 3) -> None:
        super().__init__()
        self.rhythm_words = rhythm_words
        self.suggested = suggested

    def form_title(self) -> Text:
        return Text(f"Plan the next meetings ({self.rhythm_words})")

    def compose_fields(self) -> ComposeResult:
        yield self.labelled("How many", self.text_input("count", str(self.suggested), "3"))

    def build(self) -> int | None:
        return parse_int(self.text("count"), "How many", 1, 52)


class MoveMeetingModal(FormModal[tuple[date, time] | None]):
    """Move a meeting: the new day and start time (the time stays unless changed)."""

    FIELDS: ClassVar[dict[str, str]] = {"Date": "date", "Start time": "time"}
    first_field = "date"
    HINT_TEXT: ClassVar[str] = (
        "Enter or ctrl+s moves it · Esc closes. Calendars update it in place when you export again."
    )

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def form_title(self) -> Text:
        return Text(f"Move the meeting of {self.meeting.starts_at:%a %d %b %Y %H:%M}")

    def compose_fields(self) -> ComposeResult:
        starts = self.meeting.starts_at
        yield self.labelled(
            "Date", self.text_input("date", starts.date().isoformat(), "2025-03-04")
        )
        yield self.labelled("Start time", self.text_input("time", f"{starts:%H:%M}", "14:00"))

    def build(self) -> tuple[date, time] | None:
        day = parse_date(self.text("date"), "Date")
        assert day is not None  # a required date is never None
        at = parse_time(self.text("time"), "Start time")
        zone = self.meeting.starts_at.tzinfo
        if isinstance(zone, ZoneInfo):
            local_start(day, at, zone)  # a time the clocks skip is refused here
        return day, at
