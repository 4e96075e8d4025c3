"""The register, driven by keys: each mark on disk at once, one row redrawn per key,
and the members x meetings grid."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable

from coordinator.clock import FixedClock
from coordinator.model import (
    AttendanceMark,
    Mark,
    Meeting,
    MeetingStatus,
    Member,
    MemberStatus,
    Reason,
)
from coordinator.store import Store
from coordinator.tui.modals.reason import ReasonModal
from coordinator.tui.screens.register import RegisterScreen, default_meeting
from coordinator.tui.widgets.register_grid import BLANK, RegisterGrid, build_rows
from tests.found import found
from tests.tui.conftest import SIZE, AppFactory, reopen

LONDON = ZoneInfo("Europe/London")


async def _open_register(app: App[Any], pilot: Pilot[None]) -> RegisterScreen:
    await pilot.press("g")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RegisterScreen)
    return screen


def _marks_shown(screen: RegisterScreen) -> list[str]:
    table = screen.query_one("#register-table", DataTable)
    return [table.get_row(key)[1].plain for key in table.rows]


async def test_opens_on_the_latest_held_meeting_with_literal_names(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        assert screen.meeting_id == "g2"
        table = screen.query_one("#register-table", DataTable)
        names = [table.get_row(key)[0].plain for key in table.rows]
        assert names == ["Maggie", "[red]Ann[/]", "Evil \u241b[31mEscape"]
        assert _marks_shown(screen) == ["● present", "· unknown", "· unknown"]
        svg = app.export_screenshot()
        assert "[red]Ann[/]" in svg and "\x1b" not in svg


async def test_each_key_saves_a_mark_at_once(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        await pilot.press("x")  # Maggie: absent; the cursor moves on to Ann
        await pilot.pause()
        with reopen(db_path, clock) as fresh:
            assert found(fresh.meeting("g2")).attendance["m1"].status is Mark.ABSENT
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        await pilot.press("2")  # work
        await pilot.pause()
        await pilot.press("p")  # the third member: present
        await pilot.pause()
        assert _marks_shown(screen) == [
            "○ absent (no word)",
            "◐ apologies (work)",
            "● present",
        ]
        await pilot.press("up", "u")  # Ann back to unknown
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        attendance = found(fresh.meeting("g2")).attendance
        assert attendance["m1"] == AttendanceMark(Mark.ABSENT)
        assert "m2" not in attendance
        assert attendance["m3"] == AttendanceMark(Mark.PRESENT)


async def test_apologies_cancelled_in_the_picker_change_nothing(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_register(app, pilot)
        await pilot.press("a", "escape")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        assert found(fresh.meeting("g2")).attendance["m1"].status is Mark.PRESENT


async def test_a_key_redraws_one_row_not_the_table(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        table = screen.query_one("#register-table", DataTable)
        calls: list[str] = []
        original_clear, original_add = table.clear, table.add_row

        def counting_clear(*args: object, **kwargs: object) -> object:
            calls.append("clear")
            return original_clear(*args, **kwargs)  # type: ignore[arg-type]

        def counting_add(*args: object, **kwargs: object) -> object:
            calls.append("add_row")
            return original_add(*args, **kwargs)  # type: ignore[arg-type]

        table.clear = counting_clear  # type: ignore[method-assign, assignment]
        table.add_row = counting_add  # type: ignore[method-assign, assignment]
        await pilot.press("x", "p", "x")
        await pilot.pause()
        assert calls == []
        assert _marks_shown(screen) == ["○ absent (no word)", "● present", "○ absent (no word)"]


async def test_step_between_meetings_and_take_apologies_ahead(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.meeting_id == "g1"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert screen.meeting_id == "g3"
        await pilot.press("p")  # still to come: refused
        await pilot.pause()
        await pilot.press("a", "1")  # apologies ahead are fine
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        planned = fresh.meeting("g3")
        assert planned is not None
        assert planned.attendance["m1"] == AttendanceMark(Mark.APOLOGIES, Reason.ILL_HEALTH)
        assert planned.status is MeetingStatus.PLANNED


async def test_marking_todays_planned_meeting_records_it_as_held(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    today = datetime(2026, 11, 23, 14, 0, tzinfo=LONDON)
    store.save_meeting(Meeting("g8", today, venue_id="v1"))
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        assert screen.meeting_id == "g8"
        await pilot.press("p")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        held = fresh.meeting("g8")
        assert held is not None
        assert held.status is MeetingStatus.HELD
        assert held.attendance["m1"] == AttendanceMark(Mark.PRESENT)


async def test_guests_count(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_register(app, pilot)
        await pilot.press("plus", "plus", "plus", "minus")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        assert found(fresh.meeting("g2")).guests == 2


async def test_read_only_window_saves_no_marks(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    with Store.open(db_path, clock, read_only=True) as second:
        app = app_factory(second)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _open_register(app, pilot)
            await pilot.press("x")
            await pilot.pause()
            assert _marks_shown(screen)[0] == "● present"
    with reopen(db_path, clock) as fresh:
        assert found(fresh.meeting("g2")).attendance["m1"].status is Mark.PRESENT


async def test_grid_view_moves_and_opens_a_meeting(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        grid = screen.query_one(RegisterGrid)
        assert grid.display and app.focused is grid
        row, meeting, cell = grid.cell_at_cursor()
        assert row is not None and meeting is not None
        assert (row.member_id, meeting.id, cell) == ("m1", "g2", Mark.PRESENT)
        await pilot.press("x")  # marking keys do nothing in the grid
        await pilot.press("down", "down", "left")
        await pilot.pause()
        row, meeting, cell = grid.cell_at_cursor()
        assert (found(row).member_id, found(meeting).id, cell) == ("m3", "g1", Mark.ABSENT)
        title = str(screen.query_one("#register-title").render())
        assert "Escape at Tue 03 Nov 2026: ○ absent (no word)" in title
        svg = app.export_screenshot().replace("&#160;", " ")
        assert "\x1b" not in svg and "blank: not a member" in svg
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.grid_view and screen.meeting_id == "g1"
    assert found(store.meeting("g2")).attendance["m1"].status is Mark.PRESENT


def test_grid_cells_blank_before_joining_and_after_leaving() -> None:
    meetings = [
        Meeting(f"g{i}", datetime(2026, 1, day, 14, tzinfo=LONDON), status=MeetingStatus.HELD)
        for i, day in enumerate((6, 13, 20), start=1)
    ]
    meetings[2] = meetings[2].with_mark("a", AttendanceMark(Mark.APOLOGIES))
    members = [
        Member(id="a", name="Late", joined_on=date(2026, 1, 10)),
        Member(id="b", name="[i]Gone", status=MemberStatus.LEFT, status_since=date(2026, 1, 12)),
    ]
    late, gone = build_rows(members, meetings)
    assert late.cells == (BLANK, None, Mark.APOLOGIES)
    assert gone.cells == (None, BLANK, BLANK)
    assert gone.name == "[i]Gone"


def test_default_meeting_prefers_today_then_latest_held(store: Store) -> None:
    data = store.load()
    assert found(default_meeting(data.meetings, date(2026, 11, 23))).id == "g2"
    assert found(default_meeting(data.meetings, date(2026, 12, 1))).id == "g3"
    assert found(default_meeting(data.meetings, date(2026, 1, 1))).id == "g3"


async def test_mark_colours_follow_the_theme(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        table = screen.query_one("#register-table", DataTable)
        before = str(table.get_row("m1")[1].style)
        app.theme = "gruvbox"
        await pilot.pause()
        after = str(table.get_row("m1")[1].style)
        assert before != after
        assert after == app.theme_variables["success"][:7]
        assert table.get_row("m1")[1].plain == "● present"


async def test_grid_scrolls_sideways_through_a_long_history(
    store: Store, app_factory: AppFactory
) -> None:
    first = datetime(2024, 1, 2, 14, 0, tzinfo=LONDON)
    with store.batch():
        for week in range(60):
            store.save_meeting(
                Meeting(
                    f"h{week}",
                    first + timedelta(weeks=week),
                    status=MeetingStatus.HELD,
                    attendance={"m1": AttendanceMark(Mark.PRESENT)},
                )
            )
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        grid = screen.query_one(RegisterGrid)
        assert len(grid.meetings) == 62
        assert grid.scroll_offset.x > 0  # opens on the latest meetings
        assert found(grid.cell_at_cursor()[1]).id == "g2"
        await pilot.press("home")
        await pilot.pause()
        assert grid.scroll_offset.x == 0
        assert found(grid.cell_at_cursor()[1]).id == "h0"
        title = str(screen.query_one("#register-title").render())
        assert "Maggie at Tue 02 Jan 2024: ● present" in title


async def test_members_who_joined_after_the_meeting_are_said_to_be_not_listed(
    store: Store, app_factory: AppFactory
) -> None:
    from textual.widgets import Static

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        line = screen.query_one("#register-not-listed", Static)
        assert not line.display
    store.save_member(Member("m8", "Nell Newcome", joined_on=date(2026, 11, 20)))
    store.save_member(Member("m9", "Ola \x1b[2JLate", joined_on=date(2026, 11, 21)))
    store.save_member(
        Member("m7", "Gone Gwen", joined_on=date(2026, 11, 20), status=MemberStatus.LEFT)
    )
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        line = screen.query_one("#register-not-listed", Static)
        assert line.display
        said = str(line.render())
        assert said.startswith("Not listed: 2 member(s) who joined after this meeting (")
        assert "Nell Newcome" in said and "Ola ␛[2JLate" in said
        assert "Gwen" not in said
        assert "Change their 'joined on' date if they were members then." in said.replace("\n", " ")
        assert "\x1b" not in said
        # On a later meeting they belong to, nobody is left off.
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert not line.display


async def test_the_grid_shows_nothing_of_the_register_it_left(
    store: Store, app_factory: AppFactory
) -> None:
    """The grid is about every meeting: the "Not listed" line of the one register on
    show (and the register's table) are hidden there, and back when the grid is left."""
    from textual.widgets import Static

    store.save_member(Member("m8", "Nell Newcome", joined_on=date(2026, 11, 20)))
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)
        line = screen.query_one("#register-not-listed", Static)
        table = screen.query_one("#register-table", DataTable)
        assert line.display and table.display
        await pilot.press("v")
        await pilot.pause()
        assert screen.grid_view
        assert not line.display and not table.display
        assert line.region.area == 0
        await pilot.press("v")
        await pilot.pause()
        assert line.display and table.display


def _notes_shown(screen: RegisterScreen) -> list[str]:
    table = screen.query_one("#register-table", DataTable)
    return [table.get_row(key)[2].plain for key in table.rows]


async def test_the_note_column_shows_what_each_key_saved(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    """After every key, each row's note is what the group file holds, with no refresh:
    apologies for "other" with the reason in words, a note with `n`, and a mark replaced
    or cleared (which takes its note with it)."""
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_register(app, pilot)

        async def matches_the_file() -> None:
            await pilot.pause()
            with reopen(db_path, clock) as fresh:
                data = fresh.load()
                meeting = found(fresh.meeting("g2"))
                members = {m.id: m for m in data.members}
                expected = [screen._note(members[mid], meeting).plain for mid in screen._shown_rows]
            assert _notes_shown(screen) == expected

        await pilot.press("a", "8")  # Maggie: apologies, other: the reason in words
        await pilot.pause()
        await pilot.press(*"hospital [red]appt[/]", "enter")
        await matches_the_file()
        assert "hospital [red]appt[/]" in _notes_shown(screen)[0]
        await pilot.press("up", "p")  # present again: the apology's reason goes
        await matches_the_file()
        await pilot.press("up", "n", *"brought cake", "enter")
        await matches_the_file()
        assert "brought cake" in _notes_shown(screen)[0]
        await pilot.press("u")  # unknown: the mark and its note go
        await matches_the_file()
