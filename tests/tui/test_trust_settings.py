"""Leaving Settings straight after opening it (``s`` then ``d`` within a moment) went
back to the dashboard with a crash (``'Select.NULL' is not a valid RhythmUnit``): a choice
read in the moment it was still being filled, when it holds no value yet."""

from __future__ import annotations

from textual.widgets import Select

from coordinator.store import Store
from coordinator.tui.screens.dashboard import DashboardScreen
from coordinator.tui.screens.settings import SettingsScreen

from .conftest import SIZE, AppFactory


async def test_leaving_settings_while_a_choice_is_being_filled_does_not_crash(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        for select_id in ("#rhythm-unit", "#rhythm-weekday", "#rhythm-nth"):
            # As Textual holds it in that moment (no value chosen yet).
            # Textual's documented form (the class's reactive), which mypy calls ambiguous
            # on a generic class.
            select = app.screen.query_one(select_id, Select)
            select.set_reactive(Select.value, Select.NULL)  # type: ignore[misc]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        # Nothing said to be unsaved: nothing was typed.
        assert not [n for n in app._notifications if n.title == "Not saved yet"]
    assert app.return_code in (0, None)
