"""A group with nobody on the roster and no meetings: every screen says so in words
(never "everyone can come" or an empty box), and every table shows its words whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from coordinator.clock import FixedClock
from coordinator.model import GroupData
from coordinator.store import Store
from coordinator.tui.widgets.checkins import CheckInList
from tests.tui.conftest import SIZE, AppFactory, filled_store, small_group
from tests.tui.test_whole_words import tables_cut


@pytest.fixture
def nobody_store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    group = small_group()
    opened = filled_store(db_path, clock, GroupData(group=group.group, venues=group.venues))
    yield opened
    opened.close()


def first_row(app: object, selector: str) -> list[str]:
    table = app.screen.query_one(selector, DataTable)  # type: ignore[attr-defined]
    return [cell.plain for cell in table.get_row_at(0)]


async def test_every_screen_says_there_is_nobody_yet(
    nobody_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(nobody_store)
    async with app.run_test(size=SIZE) as pilot:
        checkins = app.screen.query_one(CheckInList)
        for _ in range(50):
            await pilot.pause()
            if not checkins.working:
                break
        said = str(checkins.get_option_at_index(0).prompt)
        assert said == "Nobody on the roster yet: add members on the roster (r, then a)."
        await pilot.press("r")
        await pilot.pause()
        assert first_row(app, "#roster-table")[0] == "Nobody yet: press a"
        assert tables_cut(app) == []
        await pilot.press("m")
        await pilot.pause()
        assert first_row(app, "#meetings-upcoming")[:2] == [
            "None yet.",
            "press n to plan the next ones",
        ]
        assert tables_cut(app) == []
        await pilot.press("b")
        await pilot.pause()
        await pilot.pause()
        detail = str(app.screen.query_one("#best-detail-text", Static).render())
        assert detail.startswith("Nobody is on the roster yet")
        now = str(app.screen.query_one("#best-now", Static).render())
        assert "nobody on the roster yet" in now and "0 of 0" not in now
        assert app.screen.query_one("#best-slots", DataTable).row_count == 0
