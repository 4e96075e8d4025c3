"""A few pictures of the real app at 80x24 with the demo group and a fixed clock.

Kept few on purpose: they break on Textual upgrades, so the Pilot tests carry the
behaviour and these only catch layout regressions. After a deliberate change, look at
the new pictures and run ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from coordinator.clock import FixedClock
from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp, build_app
from coordinator.tui.widgets.checkins import CheckInList

from .conftest import NOW, SIZE, demo_group

SnapCompare = Callable[..., bool]


@pytest.fixture
def demo_app(tmp_path: Path) -> Iterator[CoordinatorApp]:
    clock = FixedClock(NOW)
    store = Store.open(tmp_path / "group.json", clock)
    store.replace_all(demo_group())
    # A fixed theme, so a changed default theme does not redraw every picture.
    yield build_app(store, {"theme": "textual-dark"}, clock)
    store.close()


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the dashboard is complete: the drift watch works out its check-in list
    on a thread that starts just after the first frame (later still on a busy machine)."""
    checkins = pilot.app.screen.query_one(CheckInList)
    for _ in range(200):
        await pilot.pause()
        if not checkins.working:
            break
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


def test_dashboard(snap_compare: SnapCompare, demo_app: CoordinatorApp) -> None:
    assert snap_compare(demo_app, terminal_size=SIZE, run_before=settle)


def test_roster(snap_compare: SnapCompare, demo_app: CoordinatorApp) -> None:
    assert snap_compare(demo_app, press=["r"], terminal_size=SIZE, run_before=settle)


def test_register(snap_compare: SnapCompare, demo_app: CoordinatorApp) -> None:
    assert snap_compare(demo_app, press=["g"], terminal_size=SIZE, run_before=settle)
