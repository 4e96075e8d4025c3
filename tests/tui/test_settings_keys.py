"""Settings by keyboard alone: [ and ] step through the tabs, 1-5 open one (shown in the
footer, listed in Help), and B backs the group file up now, saying where it went."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TabbedContent

from coordinator.store import Store, list_backups
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.screens.help import keys_for, merged
from coordinator.tui.screens.settings import SettingsScreen

from .conftest import SIZE, AppFactory


def active_tab(app: CoordinatorApp) -> str:
    return app.screen.query_one(TabbedContent).active


async def test_the_tabs_by_keys_alone(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert active_tab(app) == "tab-group"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert active_tab(app) == "tab-venues"
        await pilot.press("5")
        await pilot.pause()
        assert active_tab(app) == "tab-theme"
        await pilot.press("right_square_bracket")  # round the end
        await pilot.pause()
        assert active_tab(app) == "tab-group"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert active_tab(app) == "tab-theme"
        await pilot.press("3")
        await pilot.pause()
        assert active_tab(app) == "tab-reminders"
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        assert active_tab(app) == "tab-group"
        # In a field, the keys are the field's: 1 is typed, the tab stays.
        name = app.screen.query_one("#group-name", Input)
        name.focus()
        await pilot.press("2")
        await pilot.pause()
        assert active_tab(app) == "tab-group"
        assert name.value.endswith("2")
        # Help lists every tab key.
        listed = {(e.keys, e.description) for e in merged(keys_for(app.screen))}
        for keys, words in [("[", "Previous tab"), ("]", "Next tab"), ("4", "Messages tab")]:
            assert (keys, words) in listed


async def test_b_backs_up_now_and_says_where(
    store: Store, app_factory: AppFactory, db_path: Path
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        before = list_backups(db_path)
        await pilot.press("B")
        await pilot.pause()
        taken = [b for b in list_backups(db_path) if b not in before]
        assert [b.kind for b in taken] == ["manual"]
        assert taken[0].path.parent == db_path.parent / "backups"
        assert taken[0].path.read_bytes() == db_path.read_bytes()
        said = [n.message for n in app._notifications]
        assert f"Backed up to {taken[0].path}" in said


async def test_a_backup_that_cannot_be_taken_is_said_calmly(
    store: Store, app_factory: AppFactory, db_path: Path
) -> None:
    (db_path.parent / "backups").mkdir(exist_ok=True)
    for old in (db_path.parent / "backups").iterdir():
        old.unlink()
    (db_path.parent / "backups").rmdir()
    (db_path.parent / "backups").write_text("in the way", encoding="utf-8")
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        shown = [(n.title, n.message) for n in app._notifications]
        assert any(
            title == "Not backed up" and message.startswith("Could not take a backup")
            for title, message in shown
        ), shown
        assert app.is_running


async def test_under_coordinator_web_the_backup_stays_in_the_data_folder(
    store: Store, app_factory: AppFactory, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a browser tab nothing is downloaded: the copy is beside the group file, and the
    message names the file (the tab cannot open the laptop's folders)."""
    monkeypatch.setattr(CoordinatorApp, "is_web", property(lambda _app: True))
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        taken = [b for b in list_backups(db_path) if b.kind == "manual"]
        assert len(taken) == 1
        said = " ".join(n.message for n in app._notifications)
        assert taken[0].path.name in said
        assert str(taken[0].path.parent) not in said
        assert "backups folder beside the group file" in said
