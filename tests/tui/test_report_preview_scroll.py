"""The report preview starts at the top when the report type changes (it kept the long
summary's scroll position, so a short sheet showed an empty box)."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Select

from coordinator.clock import FixedClock
from coordinator.store import Store

from .conftest import SIZE, AppFactory, demo_group, filled_store


async def test_another_report_type_starts_at_its_top(
    db_path: Path, clock: FixedClock, app_factory: AppFactory
) -> None:
    store: Store = filled_store(db_path, clock, demo_group())
    try:
        app = app_factory(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("p")
            await pilot.pause(0.5)
            preview = app.screen.query_one("#report-preview", VerticalScroll)
            preview.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert preview.scroll_y > 5
            app.screen.query_one("#report-kind", Select).value = "sign-in"
            await pilot.pause(0.5)
            assert preview.scroll_y == 0
    finally:
        store.close()
