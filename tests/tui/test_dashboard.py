"""The dashboard: next meeting, apologies, recent attendance, keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from textual.widgets import DataTable

from coordinator.model import AttendanceMark, AwayPeriod, Mark, MeetingStatus, Reason
from coordinator.store import Store
from coordinator.trends import attendance_by_meeting
from coordinator.tui.screens.dashboard import (
    attendance_summary,
    describe_when,
    next_meeting,
    next_meeting_text,
    recent_tallies,
)
from coordinator.tui.widgets.chart import AttendancePanel
from coordinator.tui.widgets.checkins import CheckInList
from tests.found import found

from .conftest import NOW, SIZE, AppFactory, demo_group, small_group


def test_next_meeting_is_the_first_planned_one_not_yet_over() -> None:
    data = small_group()
    assert found(next_meeting(data, NOW)).id == "g3"
    after = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
    assert next_meeting(data, after) is None


def test_next_meeting_skips_cancelled_ones() -> None:
    data = small_group()
    cancelled = replace(data.meetings[-1], status=MeetingStatus.CANCELLED)
    data = replace(data, meetings=(*data.meetings[:-1], cancelled))
    assert next_meeting(data, NOW) is None
    assert "No meeting planned yet" in next_meeting_text(data, NOW, NOW.date()).plain


def test_when_is_said_in_words_with_how_soon() -> None:
    meeting = small_group().meetings[-1]
    assert describe_when(meeting, date(2026, 11, 23)) == (
        "Tuesday 1 December 2026, 14:00-16:00 (in 8 days)"
    )
    assert describe_when(meeting, date(2026, 11, 30)).endswith("(tomorrow)")
    assert describe_when(meeting, date(2026, 12, 1)).endswith("(today)")


def test_next_meeting_text_names_apologies_with_reason_and_who_is_away() -> None:
    data = small_group()
    maggie = replace(data.members[0], away=(AwayPeriod(date(2026, 11, 28), date(2026, 12, 5)),))
    data = replace(data, members=(maggie, *data.members[1:]))
    text = next_meeting_text(data, NOW, NOW.date()).plain
    assert "Where: Riverside Cafe, 1 Quay Street" in text
    assert "◐ Apologies: [red]Ann[/] (flare-up / ill health)" in text
    assert "Away (planned): Maggie" in text


def test_apologies_for_another_reason_show_their_words_literally() -> None:
    """ "Other" says nothing by itself: the dashboard shows the words given with it (as
    text, not markup, and cut short), and the reason's name only when there are none."""
    data = small_group()
    meeting = next(m for m in data.meetings if m.status is MeetingStatus.PLANNED)
    words = "[b]my daughter's wedding[/b] in Leeds, back on the 9th"
    marks = {
        **meeting.attendance,
        data.members[0].id: AttendanceMark(Mark.APOLOGIES, Reason.OTHER, words),
    }
    data = replace(
        data,
        meetings=tuple(replace(m, attendance=marks) if m is meeting else m for m in data.meetings),
    )
    text = next_meeting_text(data, NOW, NOW.date()).plain
    assert "([b]my daughter's wedding[/b]…)" in text
    assert "(other)" not in text


def test_recent_tallies_match_the_whole_history_computation() -> None:
    data = demo_group()
    full = attendance_by_meeting(data, until=NOW.date(), window=4)[-12:]
    assert recent_tallies(data, NOW.date()) == full
    assert recent_tallies(small_group(), NOW.date()) == attendance_by_meeting(
        small_group(), until=NOW.date(), window=4
    )


def test_attendance_numbers_are_said_in_words_too() -> None:
    tallies = attendance_by_meeting(small_group(), until=NOW.date())
    text = attendance_summary(tallies)
    assert "Present, oldest first: 2 1; average 1.5." in text
    assert attendance_summary([]) == ""


async def test_dashboard_shows_the_demo_groups_next_meeting(
    demo_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#next-meeting").render())
        assert "Tuesday 1 December 2026, 14:00-16:00 (in 8 days)" in shown
        assert "Riverside Cafe" in shown
        assert shown.startswith("Tuesday Crew · next meeting · today is Mon 23 Nov 2026\n")
        # The drift watch's list (worked out on a thread just after the first frame)
        # names Linda.
        checkins = app.screen.query_one(CheckInList)
        for _ in range(200):
            if not checkins.working:
                break
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert [flag.member_id for flag in checkins.flags] == ["m6"]
        chart = app.screen.query_one(AttendancePanel)
        assert len(chart.tallies) == 12
        assert chart.tallies[-1].day == date(2026, 11, 17)
        # The columns' titles close the heading, each over its column.
        titles = shown.splitlines()[-1]
        assert titles.startswith("Check in with")
        assert titles.index("Attendance") == chart.region.x - 1
        drawn = chart.render().plain.splitlines()
        # The numbers in words below the chart, wrapped to its width.
        numbers = " ".join(drawn[chart.CHART_HEIGHT :])
        assert numbers.startswith("Present, oldest first:")
        assert numbers.endswith(f"average {sum(t.present for t in chart.tallies) / 12:.1f}.")
        assert len(drawn) == chart.region.height


async def test_dashboard_follows_a_change_made_on_another_screen(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        app.save(lambda: store.set_mark("g3", "m1", AttendanceMark(Mark.APOLOGIES, Reason.WORK)))
        await pilot.press("d")
        await pilot.pause()
        shown = str(app.screen.query_one("#next-meeting").render())
        assert "Maggie (work)" in shown


async def test_n_opens_the_next_meeting(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause(0.3)
        assert app.current_mode == "meetings"
        table = app.screen.focused
        assert isinstance(table, DataTable)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == "g3"
