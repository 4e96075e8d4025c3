"""Toasts stay few and brief; the other screens' modules load in the background."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from coordinator.store import Store
from coordinator.tui import app as app_module
from coordinator.tui.app import ERROR_TIMEOUT, MAX_TOASTS, CoordinatorApp
from coordinator.tui.screen_table import SCREENS_IN_ORDER

from .conftest import SIZE, AppFactory


async def test_never_more_than_two_toasts_and_routine_ones_are_short(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for number in range(5):
            app.notify(f"Saved {number}")
        app.notify("Disk full", severity="error")
        await pilot.pause()
        shown = list(app._notifications)
        assert len(shown) == MAX_TOASTS == 2
        # The newest stay: the last routine one and the problem.
        assert [n.message for n in shown] == ["Saved 4", "Disk full"]
        assert shown[0].timeout == CoordinatorApp.NOTIFICATION_TIMEOUT == 3
        assert shown[1].timeout == ERROR_TIMEOUT


async def test_screen_modules_are_imported_after_the_first_frame(
    store: Store, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    class Recording:
        @staticmethod
        def import_module(name: str) -> ModuleType:
            asked.append(name)
            return importlib.import_module(name)

    monkeypatch.setattr(app_module, "importlib", Recording)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        # Before any key is pressed, every screen's module is asked for (in the background,
        # once the first frame is drawn: wait for that, up to 5 s).
        wanted = {entry.module for entry in SCREENS_IN_ORDER}
        for _ in range(100):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if set(asked) >= wanted:
                break
        assert set(asked) >= wanted
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SettingsScreen"
