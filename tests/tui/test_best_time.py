"""The best-time screen, the tally of replies and moving the planned meetings, by keys."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from coordinator.besttime.tally import Reply, Tally
from coordinator.clock import FixedClock
from coordinator.model import MeetingStatus
from coordinator.store import Store
from coordinator.tui.modals.slot_choice import NoticeModal, SlotChoiceModal, TallyOptionModal
from coordinator.tui.screens.best_time import BestTimeScreen
from coordinator.tui.screens.tally import TallyScreen
from tests.tui.conftest import SIZE, AppFactory, reopen
from tests.tui.test_settings import open_settings


def planned_starts(store: Store) -> list[tuple[str, str, int]]:
    return [
        (m.id, m.starts_at.strftime("%a %Y-%m-%d %H:%M"), m.sequence)
        for m in store.load().meetings
        if m.status is MeetingStatus.PLANNED
    ]


async def test_tally_three_dates_pick_one_and_the_meetings_move(
    demo_store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    before = planned_starts(demo_store)
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BestTimeScreen)
        now = str(app.screen.query_one("#best-now", Static).render())
        assert "Now: Tuesday 14:00-16:00 at Riverside Cafe: 8 of 8 can come" in now
        assert app.screen.query_one("#best-slots", DataTable).row_count > 5
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TallyScreen)
        for day, at in (("2026-12-03", "10:00"), ("2026-12-02", "14:00"), ("2026-12-04", "11:00")):
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, TallyOptionModal)
            app.screen.query_one("#option-day", Input).value = day
            app.screen.query_one("#option-time", Input).value = at
            await pilot.press("ctrl+s")
            await pilot.pause()
        grid = app.screen.query_one("#tally-grid", DataTable)
        assert len(grid.columns) == 5  # member, A, B, C, availability
        grid.move_cursor(row=0, column=3)
        await pilot.press(*"yymnyyyy")
        await pilot.pause()
        saved = Tally.from_settings(demo_store.settings())
        assert len(saved.options) == 3
        tally_screen = app.screen
        assert isinstance(tally_screen, TallyScreen)
        rows = [m.id for m in tally_screen.members()]
        assert saved.reply(rows[0], 2) is Reply.YES and saved.reply(rows[2], 2) is Reply.MAYBE
        assert "»C Fri 4 Dec 11:00" in str(app.screen.query_one("#tally-options").render())
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, SlotChoiceModal)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, NoticeModal)
        notice = app.screen.notice
        assert "every 2 weeks on Friday at 11:00" in notice
        await pilot.press("escape")
    after = planned_starts(demo_store)
    assert [mid for mid, _, _ in after] == [mid for mid, _, _ in before]
    assert after[0][1] == "Fri 2026-12-04 11:00"
    assert all(start.startswith("Fri") and start.endswith("11:00") for _, start, _ in after)
    assert [seq for _, _, seq in after] == [seq + 1 for _, _, seq in before]
    with reopen(db_path, clock) as again:
        group = again.group()
        kept = Tally.from_settings(again.settings())
    assert group is not None and group.rhythm.time == time(11, 0)
    assert kept.chosen == 2 and len(kept.options) == 3  # the tally survives a restart


async def test_changing_the_usual_time_in_settings_offers_to_move_planned_meetings(
    demo_store: Store, app_factory: AppFactory
) -> None:
    before = planned_starts(demo_store)
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        app.screen.query_one("#rhythm-time", Input).value = "10:30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        title = str(app.screen.query_one(".confirm-title", Static).render())
        assert f"Move the {len(before)} planned meetings to every 2 weeks on Tuesday at 10:30?" in (
            title
        )
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, NoticeModal)
    after = planned_starts(demo_store)
    assert all(start.endswith("10:30") for _, start, _ in after)
    assert [seq for _, _, seq in after] == [seq + 1 for _, _, seq in before]


async def test_the_member_form_shows_what_it_understood_as_it_is_typed(
    demo_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        field = app.screen.query_one("#availability", Input)
        field.focus()
        await pilot.press(*"not Mondays, not after 4pm; school run")
        await pilot.pause()
        read = str(app.screen.query_one("#availability-read", Static).render())
        assert "✓ not on Mondays · ✓ not after 16:00 · ? 'school run' not understood" in read


async def test_nobody_has_said_is_not_everyone_can_come(
    store: Store, app_factory: AppFactory
) -> None:
    """The small group's members have said nothing about when they can come: the screen
    says so, and never "everyone can come"."""
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BestTimeScreen)
        table = screen.query_one("#best-slots", DataTable)
        cannot = {str(table.get_row_at(i)[-1]) for i in range(table.row_count)}
        assert cannot == {"nobody has said yet"}
        detail = str(screen.query_one("#best-detail-text", Static).render())
        assert "Nobody has said when they can come yet (3 active members" in detail
        assert "veryone" not in detail


async def test_best_time_opens_over_any_screen_and_goes_back_to_it(
    demo_store: Store, app_factory: AppFactory
) -> None:
    """b then Esc comes back to the screen it was opened from; leaving Best time for
    another screen closes it, so each screen's key shows that screen afterwards (Esc used
    to land on Meetings, and m then opened Best time again)."""
    from coordinator.tui.screen_table import SCREENS_IN_ORDER
    from coordinator.tui.screens.best_time import BestTimeScreen

    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        for entry in SCREENS_IN_ORDER:
            await pilot.press(entry.key)
            await pilot.pause()
            shown = type(app.screen)
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, BestTimeScreen), entry.mode
            await pilot.press("escape")
            await pilot.pause()
            assert type(app.screen) is shown and app.current_mode == entry.mode, entry.mode
        # Keys Best time uses for its own work (t: the tally) are not screen keys there.
        own = {b.key for b in BestTimeScreen.BINDINGS if isinstance(b, Binding)}
        for entry in SCREENS_IN_ORDER:
            if entry.key in own:
                continue
            await pilot.press("b")
            await pilot.pause()
            await pilot.press(entry.key)
            await pilot.pause()
            assert not isinstance(app.screen, BestTimeScreen), entry.mode
            assert app.current_mode == entry.mode
