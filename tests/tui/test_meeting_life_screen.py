"""The Meetings screen runs a meeting's life through coordinator/application/meetings.py:
the move modal refuses a time the clocks skip; `c` on a cancelled meeting puts it back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from coordinator.clock import FixedClock
from coordinator.model import MeetingStatus
from coordinator.store import Store
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.meeting_form import MoveMeetingModal
from tests.tui.conftest import SIZE, AppFactory, reopen

LONDON = ZoneInfo("Europe/London")


async def test_move_refuses_a_skipped_time_then_moves_and_keeps_the_rhythm_day(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("v", "home", "ctrl+k", *"2027-03-28", "tab", "home", "ctrl+k")
        await pilot.press(*"01:30", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MoveMeetingModal)
        error = str(form.query_one("#form-error").render())
        assert "01:30 does not exist on Sun 28 Mar 2027" in error
        await pilot.press("home", "ctrl+k", *"11:00", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, MoveMeetingModal)
    with reopen(db_path, clock) as fresh:
        moved = fresh.meeting("g3")
        assert moved is not None
        assert moved.starts_at == datetime(2027, 3, 28, 11, 0, tzinfo=LONDON)
        assert moved.sequence == 1


async def test_c_on_a_cancelled_meeting_puts_it_back_on(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("c", "y")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        back = fresh.meeting("g3")
        assert back is not None
        assert back.status is MeetingStatus.PLANNED and back.sequence == 2
