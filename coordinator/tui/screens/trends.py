"""Trends: attendance per meeting, group size, each member's recent marks, why people
sent apologies or left, and what meetings covered.

Everything shown comes from :mod:`coordinator.trends`; this screen only lays it out.
The period is the last 12 months or all time (``a`` switches).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from coordinator.model import MARK_SYMBOLS, MARK_WORDS, GroupData, Mark, MemberStatus, active_on
from coordinator.trends import (
    PlaceOrSlotAttendance,
    ReasonsBreakdown,
    attendance_by_meeting,
    attendance_by_slot,
    attendance_by_venue,
    group_size,
    reason_label,
    reasons_breakdown,
    recent_marks,
    sparkline,
    topic_totals,
    topics_over_time,
)
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, safe
from coordinator.tui.widgets.chart import AttendanceChart
from coordinator.user_text import plural

ROLLING_WINDOW = 4
RECENT_MARKS = 8
LEVELS = "▁▂▃▄▅▆▇█"


def size_line(sizes: list[tuple[date, int]], active_now: int) -> Text:
    """Group size over time as a text chart with the first and last counts, then in
    words; ``active_now`` is today's count as the roster shows it (status active), which
    differs from the last meeting's when someone joined or left since."""
    now = f"Active on the roster today: {active_now}."
    if not sizes:
        return Text(f"No meetings held in this period. {now}")
    counts = [n for _, n in sizes]
    low, high = min(counts), max(counts)
    # Bars from zero, so losing one member of eight looks like one in eight.
    blocks = "".join(LEVELS[round(n / max(high, 1) * (len(LEVELS) - 1))] for n in counts[-40:])
    first_day, first = sizes[0]
    last_day, last = sizes[-1]
    text = Text(f"{first_day:%d %b %Y} {first:>2} ")
    text.append(blocks, "bold")
    text.append(f" {last:<2} {last_day:%d %b %Y}\n")
    if last != first:
        change = "Up" if last > first else "Down"
        text.append(f"{change} {abs(last - first)}; lowest {low}, highest {high}. {now}")
    else:
        text.append(f"Steady; lowest {low}, highest {high}. {now}")
    return text


def marks_text(data: GroupData, until: date) -> Text:
    """Each current member's last marks as a sparkline, oldest first."""
    members = active_on(data.members, until)
    if not members:
        return Text("Nobody on the roster yet.")
    width = max(len(m.display_name) for m in members)
    width = min(width, 24)
    text = Text()
    for member in sorted(members, key=lambda m: m.display_name.casefold()):
        marks = recent_marks(data, member.id, RECENT_MARKS, until)
        name = safe(member.display_name)
        name.truncate(width, overflow="ellipsis", pad=True)
        text.append_text(name)
        text.append(f"  {sparkline(marks):<{RECENT_MARKS}}  ")
        came = sum(m is Mark.PRESENT for m in marks)
        text.append(f"came to {came} of {len(marks)}\n" if marks else "no meetings yet\n")
    legend = "   ".join(
        f"{MARK_SYMBOLS[m]} {MARK_WORDS[m]}" for m in (Mark.PRESENT, Mark.APOLOGIES, Mark.ABSENT)
    )
    text.append(f"{legend}   {MARK_SYMBOLS[None]} {MARK_WORDS[None]}", "dim")
    return text


BAR_CELLS = 20


def bar_cells(count: int, largest: int) -> int:
    """A count's bar length on a scale where ``largest`` fills BAR_CELLS (never 0 for a
    count above 0)."""
    if count <= 0:
        return 0
    return max(round(count * BAR_CELLS / max(largest, 1)), 1)


def reasons_text(breakdown: ReasonsBreakdown) -> Text:
    """Apologies and leaving reasons with counts and bars, and the hint if any."""
    text = Text()
    if breakdown.hint:
        text.append("! ", "bold")
        text.append(breakdown.hint + "\n\n", "bold")
    # One scale for every bar (the largest count is BAR_CELLS long), so bar lengths
    # stay in proportion to the counts, here and between the two lists.
    largest = max((count for _, count in (*breakdown.apologies, *breakdown.leaving)), default=1)
    for title, rows, total in (
        ("Apologies", breakdown.apologies, breakdown.apologies_total),
        ("Left the group", breakdown.leaving, breakdown.leaving_total),
    ):
        text.append(f"{title} ({total})\n", "bold")
        if not rows:
            text.append("  none in this period\n")
        for reason, count in rows:
            bar = "■" * bar_cells(count, largest)
            text.append(f"  {reason_label(reason):<24}{count:>4}  {bar}\n")
    text.rstrip()
    return text


def places_text(data: GroupData, start: date | None, until: date) -> Text:
    """Attendance by slot (weekday and time) and by place, when there is more than one
    to compare; otherwise where and when the group has met, in a line."""
    slots = attendance_by_slot(data, start, until)
    places = attendance_by_venue(data, start, until)
    if not slots:
        return Text("No meetings held in this period.")
    text = Text()
    for title, rows in (("When", slots), ("Where", places)):
        if len(rows) == 1:
            text.append(f"{title}: always ", "bold")
            text.append_text(safe(rows[0].label))
            text.append(f" ({plural(rows[0].meetings, 'meeting')}).\n")
            continue
        text.append(f"{title}:\n", "bold")
        for row in rows:
            text.append_text(_place_row(row))
    if len(slots) == 1 and len(places) == 1:
        text.append("Best time (b) compares other days, times and venues.")
    text.rstrip()
    return text


def _place_row(row: PlaceOrSlotAttendance) -> Text:
    label = safe(row.label)
    label.truncate(26, overflow="ellipsis", pad=True)
    text = Text("  ")
    text.append_text(label)
    rate = "" if row.rate is None else f" ({round(row.rate * 100)}% of those expected)"
    text.append(f" {plural(row.meetings, 'meeting'):>12}: {row.mean_present:.1f} came{rate}\n")
    return text


def topics_text(data: GroupData, start: date | None, until: date) -> Text:
    """Topics per quarter, most covered first, and the totals."""
    periods = topics_over_time(data, start, until, per="quarter")
    if not periods:
        return Text("No meetings held in this period.")
    text = Text()
    for period in periods:
        text.append(f"{period.label} ({plural(period.meetings, 'meeting')}): ", "bold")
        if period.topics:
            text.append_text(safe(", ".join(f"{name} {n}" for name, n in period.topics)))
        else:
            text.append("no topics recorded")
        text.append("\n")
    totals = topic_totals(periods)
    if totals:
        text.append("Overall: ", "bold")
        text.append_text(safe(", ".join(f"{name} {n}" for name, n in totals[:8])))
    text.rstrip()
    return text


class TrendsScreen(CoordinatorScreen):
    """Attendance trends, group size, members' marks, reasons and topics."""

    DEFAULT_CSS = """
    TrendsScreen #trends-chart {
        height: 12;
    }
    TrendsScreen .trends-text {
        height: auto;
    }
    TrendsScreen #trends-period {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "toggle_period",
            "Year / all",
            id="trends-period",
            tooltip="Show the last 12 months or the whole history",
        ),
    ]

    # One body container of its own; the key checks look at no widget, so the footer
    # shows its keys with the first frame.
    BODY_CONTAINER = False
    FOOTER_KEYS_AT_ONCE = True
    AUTO_FOCUS = "#trends"

    def __init__(self) -> None:
        super().__init__()
        self.all_time = False

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="body", id="trends"):
            yield Static(id="trends-period")
            yield Static("Attendance per meeting", classes="section-title")
            yield AttendanceChart(id="trends-chart")
            yield Static(
                "Group size (members expected at each meeting held)", classes="section-title"
            )
            yield Static(id="trends-size", classes="trends-text")
            yield Static(f"Recent marks (last {RECENT_MARKS})", classes="section-title")
            yield Static(id="trends-marks", classes="trends-text")
            yield Static("Why people sent apologies or left", classes="section-title")
            yield Static(id="trends-reasons", classes="trends-text")
            yield Static("By day, time and place", classes="section-title")
            yield Static(id="trends-places", classes="trends-text")
            yield Static("Topics over time", classes="section-title")
            yield Static(id="trends-topics", classes="trends-text")

    def on_mount(self) -> None:
        self.refresh_data()

    def period_start(self, today: date) -> date | None:
        """The first day shown: a year ago, or None for all time."""
        return None if self.all_time else today - timedelta(days=365)

    def refresh_data(self) -> None:
        """Recompute every section from the saved data."""
        app = coordinator_app(self)
        data = app.data()
        today = app.today()
        start = self.period_start(today)
        period = "all meetings so far" if start is None else f"since {start:%d %b %Y}"
        self.query_one("#trends-period", Static).update(
            Text(
                f"Showing {period} (press a for {'the last year' if start is None else 'all time'})"
            )
        )
        tallies = [
            t
            for t in attendance_by_meeting(data, today, ROLLING_WINDOW)
            if start is None or t.day >= start
        ]
        self.query_one("#trends-chart", AttendanceChart).show(tallies, ROLLING_WINDOW)
        sizes = [(d, n) for d, n in group_size(data, today) if start is None or d >= start]
        active_now = sum(m.status is MemberStatus.ACTIVE for m in data.members)
        self.query_one("#trends-size", Static).update(size_line(sizes, active_now))
        self.query_one("#trends-marks", Static).update(marks_text(data, today))
        self.query_one("#trends-reasons", Static).update(
            reasons_text(reasons_breakdown(data, start, today))
        )
        self.query_one("#trends-topics", Static).update(topics_text(data, start, today))
        self.query_one("#trends-places", Static).update(places_text(data, start, today))

    def action_toggle_period(self) -> None:
        """Switch between the last 12 months and all time."""
        self.all_time = not self.all_time
        self.refresh_data()
