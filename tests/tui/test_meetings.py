"""The meetings screen, driven by keys: plan, add, move, cancel, held, edit, delete."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Select

from coordinator.clock import FixedClock
from coordinator.model import Meeting, MeetingKind, MeetingStatus
from coordinator.store import Store
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.meeting_form import MeetingFormModal, parse_topics
from coordinator.tui.screens.meetings import MeetingsScreen, tally
from coordinator.tui.screens.register import RegisterScreen
from tests.found import found
from tests.tui.conftest import SIZE, AppFactory, reopen

LONDON = ZoneInfo("Europe/London")


async def _open_meetings(pilot: Pilot[None]) -> None:
    await pilot.press("m")
    await pilot.pause()


def _past_planned(store: Store) -> None:
    """A meeting on Friday 20 November that nobody marked as held yet."""
    store.save_meeting(Meeting("g9", datetime(2026, 11, 20, 14, 0, tzinfo=LONDON), venue_id="v1"))


async def test_plan_next_three_from_the_rhythm(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    with reopen(db_path, clock) as fresh:
        planned = [m for m in fresh.meetings() if m.status is MeetingStatus.PLANNED]
        assert [m.day for m in planned] == [
            date(2026, 12, 1),
            date(2026, 12, 15),
            date(2026, 12, 29),
            date(2027, 1, 12),
        ]
        assert all(m.starts_at.hour == 14 and m.venue_id == "v1" for m in planned)


async def test_add_a_one_off_social(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MeetingFormModal)
        await pilot.press("home", "ctrl+k", *"5 Dec 2026", "tab", "ctrl+u", *"11am")
        await pilot.press("tab", "tab", "tab", *"The", "space", *"park")  # one-off place
        await pilot.press("ctrl+s")
        await pilot.pause()
        # A venue and a one-off place at once is refused, naming the field.
        assert isinstance(app.screen, MeetingFormModal)
        assert "Place" in str(app.screen.query_one("#form-error").render())
        app.screen.query_one("#venue", Select).value = "__one_off__"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    with reopen(db_path, clock) as fresh:
        [added] = [m for m in fresh.meetings() if m.day == date(2026, 12, 5)]
        assert added.starts_at == datetime(2026, 12, 5, 11, 0, tzinfo=LONDON)
        assert (added.venue_id, added.location) == (None, "The park")
        assert added.status is MeetingStatus.PLANNED and added.kind is MeetingKind.REGULAR


async def test_impossible_date_names_the_field(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("a", "home", "ctrl+k", *"31/02/2026", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetingFormModal)
        assert "Date" in str(form.query_one("#form-error").render())


async def test_move_bumps_the_sequence(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("v", "home", "ctrl+k", *"2026-12-02", "enter")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        moved = fresh.meeting("g3")
        assert moved is not None
        assert moved.starts_at == datetime(2026, 12, 2, 14, 0, tzinfo=LONDON)
        assert moved.sequence == 1
        assert "m2" in moved.attendance  # apologies already sent are kept


async def test_cancel_asks_first_then_bumps_the_sequence(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        with reopen(db_path, clock) as fresh:
            assert found(fresh.meeting("g3")).status is MeetingStatus.PLANNED
        await pilot.press("c", "y")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        cancelled = fresh.meeting("g3")
        assert cancelled is not None
        assert cancelled.status is MeetingStatus.CANCELLED and cancelled.sequence == 1


async def test_mark_held_only_once_it_has_happened(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    _past_planned(store)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("h")  # g3 is still to come
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        app.screen.show_meeting("g9")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        assert found(fresh.meeting("g3")).status is MeetingStatus.PLANNED
        assert found(fresh.meeting("g9")).status is MeetingStatus.HELD


async def test_edit_topics_guests_and_notes_of_a_past_meeting(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("tab")  # the past list, newest (g2) first
        await pilot.pause()
        await pilot.press("enter")  # edit opens in the topics field for a held meeting
        await pilot.pause()
        assert isinstance(app.screen, MeetingFormModal)
        await pilot.press(*"pacing,", "space", *"[b]tag[/b]", "tab", "ctrl+u", "2", "tab")
        await pilot.press(*"Good", "space", *"day", "ctrl+s")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        edited = fresh.meeting("g2")
        assert edited is not None
        assert edited.topics == ("pacing", "[b]tag[/b]")
        assert (edited.guests, edited.notes, edited.sequence) == (2, "Good day", 0)


async def test_register_key_opens_that_meetings_register(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("tab", "down", "g")  # g1
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        assert app.screen.meeting_id == "g1"


async def test_delete_only_meetings_without_marks(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    _past_planned(store)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("delete")  # g3 holds apologies: refused
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        app.screen.show_meeting("g9")
        await pilot.press("delete", "y")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        assert fresh.meeting("g3") is not None
        assert fresh.meeting("g9") is None


async def test_lists_split_upcoming_and_past(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        screen = app.screen
        upcoming = screen.query_one("#meetings-upcoming", DataTable)
        past = screen.query_one("#meetings-past", DataTable)
        assert [k.value for k in upcoming.rows] == ["g3"]
        assert [k.value for k in past.rows] == ["g2", "g1"]


def test_tally_and_topics_in_words() -> None:
    meeting = Meeting("g1", datetime(2026, 11, 3, 14, tzinfo=LONDON))
    assert tally(meeting) == Text("-")
    assert parse_topics(" pacing, , catch-up,pacing ") == ("pacing", "catch-up")


async def test_export_key_opens_the_calendar_export_for_that_meeting(
    store: Store, app_factory: AppFactory
) -> None:
    from coordinator.tui.modals.ics_export import IcsExportModal

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_meetings(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, IcsExportModal)
