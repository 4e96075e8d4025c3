"""The Trends screen and the text chart: readable at 80x24, theme-following, by keys."""

from __future__ import annotations

from datetime import date, timedelta

from rich.cells import cell_len
from textual.widgets import Static

from coordinator.model import Reason
from coordinator.store import Store
from coordinator.trends import MeetingTally, ReasonsBreakdown
from coordinator.tui.screens.trends import TrendsScreen, reasons_text, size_line
from coordinator.tui.widgets.chart import AttendanceChart, chart_text
from tests.tui.conftest import SIZE, AppFactory


def tallies(presents: list[int], expected: int = 8) -> list[MeetingTally]:
    start = date(2025, 11, 4)
    found = []
    for i, present in enumerate(presents):
        recent = presents[max(0, i - 3) : i + 1]
        found.append(
            MeetingTally(
                meeting_id=f"g{i + 1}",
                day=start + timedelta(days=14 * i),
                present=present,
                apologies=0,
                absent=expected - present,
                unknown=0,
                expected=expected,
                guests=0,
                rolling_mean=sum(recent) / len(recent),
            )
        )
    return found


def test_chart_has_axes_labels_and_legend_within_the_width() -> None:
    text = chart_text(tallies([6, 7, 5, 8, 6, 4] * 5), width=76, height=10)
    lines = text.plain.splitlines()
    assert len(lines) <= 10
    assert all(cell_len(line) <= 76 for line in lines)
    assert lines[0].startswith("8 ┤")  # the top of the count axis
    assert any(line.startswith("0 └") for line in lines)
    assert "Nov" in text.plain and "Dec" in text.plain and "2026" in text.plain
    assert "█ present at each meeting" in lines[-1]
    assert "• average of the last 4" in lines[-1]
    assert "█" in text.plain and "•" in text.plain


def test_chart_shows_the_latest_meetings_when_narrow() -> None:
    many = tallies(list(range(1, 9)) * 10)
    text = chart_text(many, width=30, height=8)
    assert all(cell_len(line) <= 30 for line in text.plain.splitlines())
    assert chart_text([], 80, 10).plain.startswith("No meetings held yet")


def test_half_steps_and_mean_marks() -> None:
    # One meeting with 3 of 4 present, mean 3: the bar fills 3 of 4 rows of a 4-row plot.
    text = chart_text(tallies([3], expected=4), width=20, height=7).plain.splitlines()
    plot = [line.split("┤")[1] if "┤" in line else "" for line in text[:4]]
    assert plot[0].strip() == ""
    assert all(row.strip() in ("█", "•") for row in plot[1:])


def test_size_line_and_reasons_text() -> None:
    line = size_line(
        [(date(2025, 1, 7), 9), (date(2025, 6, 3), 8), (date(2025, 11, 4), 7)], active_now=4
    )
    assert line.plain.startswith("07 Jan 2025  9 █")
    assert " 7  04 Nov 2025\n" in line.plain
    # The last meeting's count and today's roster are both said, each with what it counts.
    assert "Down 2; lowest 7, highest 9. Active on the roster today: 4." in line.plain
    assert size_line([], active_now=4).plain == (
        "No meetings held in this period. Active on the roster today: 4."
    )
    breakdown = ReasonsBreakdown(
        apologies=((Reason.TIME_UNSUITABLE, 4), (Reason.WORK, 1)),
        leaving=(),
        hint="The time or venue not suiting is the most common reason (4 of 5).",
    )
    shown = reasons_text(breakdown).plain
    assert shown.startswith("! The time or venue not suiting")
    assert "time unsuitable" in shown and "none in this period" in shown


async def test_trends_screen_at_80x24_by_keys(demo_store: Store, app_factory: AppFactory) -> None:
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        chart = screen.query_one(AttendanceChart)
        assert chart.size.width <= 80
        drawn = chart.render().plain.splitlines()
        assert any("┤" in line for line in drawn)
        assert all(cell_len(line) <= chart.size.width for line in drawn)
        assert "present at each meeting" in drawn[-1]
        # A year of fortnightly meetings, oldest first.
        assert 24 <= len(chart.tallies) <= 27
        marks = str(screen.query_one("#trends-marks", Static).render())
        assert "Linda" in marks and "○○○" in marks
        reasons = str(screen.query_one("#trends-reasons", Static).render())
        assert "flare-up / ill health" in reasons
        assert "time unsuitable" in reasons
        topics = str(screen.query_one("#trends-topics", Static).render())
        assert "catch-up" in topics
        period = str(screen.query_one("#trends-period", Static).render())
        assert "since" in period
        await pilot.press("a")
        await pilot.pause()
        assert "all meetings" in str(screen.query_one("#trends-period", Static).render())
        # The page scrolls by keyboard to the topics at the bottom.
        await pilot.press("end")
        await pilot.pause()
        assert screen.query_one("#trends-topics").region.y < SIZE[1]


async def test_chart_follows_the_theme(demo_store: Store, app_factory: AppFactory) -> None:
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        chart = app.screen.query_one(AttendanceChart)
        first = chart.get_component_rich_style("chart--bar").color
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        chart.refresh()
        await pilot.pause()
        assert chart.get_component_rich_style("chart--bar").color != first
