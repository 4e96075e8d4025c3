"""Tab only ever lands where the coordinator can see it land: never on a scrolling box
around fields (an invisible stop: the first Tab on Settings used to do nothing visible).
A box holding only text stays a stop, so its text can be scrolled by keyboard."""

from __future__ import annotations

from textual.app import App
from textual.containers import ScrollableContainer
from textual.widget import Widget

from coordinator.store import Store
from coordinator.tui.screen_table import SCREENS_IN_ORDER

from .conftest import SIZE, AppFactory

TABS = 24  # enough to pass every scrolling box of each screen and form (they come early)


def _invisible_stop(widget: Widget | None) -> bool:
    """A scrolling box that took the focus although something inside it can take it."""
    if not isinstance(widget, ScrollableContainer):
        return False
    return any(child.focusable for child in widget.query("*") if child is not widget)


async def _tab_round(app: App[None], pilot: object) -> list[str]:
    stops = []
    for _ in range(TABS):
        await pilot.press("tab")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        if _invisible_stop(app.focused):
            stops.append(repr(app.focused))
    return stops


async def test_no_screen_has_an_invisible_tab_stop(store: Store, app_factory: AppFactory) -> None:
    found: dict[str, list[str]] = {}
    for entry in SCREENS_IN_ORDER:
        app = app_factory(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(entry.key)
            await pilot.pause()
            if stops := await _tab_round(app, pilot):
                found[entry.mode] = sorted(set(stops))
    assert found == {}


# A form of each kind the app opens: (screen key, keys that open it).
FORMS = {
    "add member": ("r", ["a"]),
    "add meeting": ("m", ["a"]),
    "calendar export": ("m", ["e"]),
    "log a check-in": ("r", ["l"]),
}


async def test_no_form_has_an_invisible_tab_stop(store: Store, app_factory: AppFactory) -> None:
    found: dict[str, list[str]] = {}
    for name, (screen_key, keys) in FORMS.items():
        app = app_factory(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(screen_key)
            await pilot.pause()
            base = app.screen
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            assert app.screen is not base, name  # the form opened
            if stops := await _tab_round(app, pilot):
                found[name] = sorted(set(stops))
    assert found == {}
