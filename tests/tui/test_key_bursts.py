"""Keys that arrive together (a paste, typing ahead, a fast burst) never meet a screen
half built: from every screen, the key of every other screen a few milliseconds later
(the newcomer's "s d" crashed on Settings, whose leaving check read a form that was
mounted but not yet built)."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from coordinator.store import Store
from coordinator.tui.screen_table import SCREENS_IN_ORDER

from .conftest import SIZE, AppFactory

# How long after the first key the second comes: at once, and across the first frames.
GAPS = (0.0, 0.01)


@pytest.mark.parametrize("first", [entry.key for entry in SCREENS_IN_ORDER])
async def test_a_screen_key_then_another_at_once(
    store: Store, app_factory: AppFactory, first: str
) -> None:
    keys = [entry.key for entry in SCREENS_IN_ORDER if entry.key != first]
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        for gap in GAPS:
            for second in keys:
                await pilot.press("d" if first != "d" else "r")
                await pilot.pause()
                app.post_message(events.Key(first, None))
                await asyncio.sleep(gap)
                app.post_message(events.Key(second, None))
                await pilot.pause()
                assert app.is_running, (first, second, gap)
    assert app.return_code in (0, None)


# Keys that act on a Settings tab as soon as it shows: save, venue keys, the default
# wording, typing into the first field.
TAB_KEYS = ("ctrl+s", "e", "ctrl+r")


@pytest.mark.parametrize("gap", GAPS)
async def test_settings_tabs_and_their_keys_at_once(
    store: Store, app_factory: AppFactory, gap: float
) -> None:
    """ "s" and then a tab key and that tab's keys, each a few milliseconds after the
    last: every tab is met as it is being built."""
    for key in TAB_KEYS:
        app = app_factory(store)
        async with app.run_test(size=SIZE) as pilot:
            for burst in (["s"], *[["right_square_bracket"]] * 5):
                for pressed in (*burst, key):
                    app.post_message(events.Key(pressed, None))
                    await asyncio.sleep(gap)
                await pilot.pause()
                while app.screen is not app.screen_stack[0] and len(app.screen_stack) > 1:
                    await pilot.press("escape")  # a form the key opened
                    await pilot.pause()
                assert app.is_running, (key, gap)
