"""A read-only second window follows the file: what the editing window saves appears in
it (a member added, a member erased), each list keeping its place."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from coordinator.clock import FixedClock
from coordinator.model import Member
from coordinator.store import Store
from coordinator.tui.widgets.keep_place import key_at_cursor, table_keys

from .conftest import SIZE, AppFactory


def test_a_viewer_store_reads_the_file_again_only_when_it_changed(
    store: Store, db_path: Path, clock: FixedClock
) -> None:
    with Store.open(db_path, clock, read_only=True) as viewer:
        assert viewer.follow_file() is False  # nothing changed yet
        store.save_member(Member(id="m9", name="Nadia Okafor"))
        assert viewer.follow_file() is True
        assert viewer.member("m9") is not None
        assert viewer.follow_file() is False


def test_a_broken_file_put_in_place_leaves_the_viewer_as_it_was(
    store: Store, db_path: Path, clock: FixedClock
) -> None:
    with Store.open(db_path, clock, read_only=True) as viewer:
        before = viewer.load()
        db_path.write_text("{ not json")
        assert viewer.follow_file() is False
        assert viewer.load() == before


def test_the_editing_window_does_not_follow(store: Store) -> None:
    assert store.follow_file() is False


async def test_a_second_window_shows_the_first_windows_changes(
    store: Store, db_path: Path, clock: FixedClock, app_factory: AppFactory
) -> None:
    viewer = Store.open(db_path, clock, read_only=True)
    app = app_factory(viewer)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("r")
            await pilot.pause()
            table = app.screen.query_one("#roster-table", DataTable)
            table.move_cursor(row=1)
            before = table_keys(table)
            chosen = key_at_cursor(table)
            store.save_member(Member(id="m9", name="Nadia Okafor"))
            store.erase_member(before[0])
            await pilot.pause(1.6)  # the window looks once a second
            after = table_keys(app.screen.query_one("#roster-table", DataTable))
            assert "m9" in after and before[0] not in after
            assert key_at_cursor(app.screen.query_one("#roster-table", DataTable)) == chosen
    finally:
        viewer.close()
