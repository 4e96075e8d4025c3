"""At 80x24 every screen's footer shows its important keys whole (none cut off at the
right edge or hidden behind the command-palette key); the keys left out of the footer are
still in help and the command palette."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent
from textual.widgets._footer import FooterKey

from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.frame import textual_keys
from coordinator.tui.screens.help import keys_for

from .conftest import SIZE, AppFactory

# Per screen: the keys (as the footer shows them) that must be visible in the footer.
IMPORTANT = {
    "dashboard": {"n", "l", "?", "q"},
    "roster": {"a", "e", "o", "f", "/", "?", "q"},
    "member": {"esc", "o", "w", "e", "?", "q"},
    "meetings": {"n", "a", "g", "h", "c", "?", "q"},
    "register": {"p", "a", "x", "v", "?", "q"},
    "register grid": {"v", "?", "q"},
    "trends": {"a", "?", "q"},
    "reports": {"w", "o", "?", "q"},
    "settings": {"^s", "[", "]", "?", "q"},
    "settings venues": {"a", "e", "x", "[", "]", "?", "q"},
    "best time": {"c", "a", "t", "esc", "?", "q"},
    "tally": {"y", "m", "n", "c", "esc", "?", "q"},
}


def footer_keys(app: CoordinatorApp) -> dict[str, bool]:
    """Each key in the footer (as displayed) and whether it is whole on screen."""
    footer = app.screen.query_one(Footer)
    keys = list(footer.query(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    assert palette, "the command palette key should be in the footer"
    limit = min(palette[0].region.x, app.size.width)
    shown: dict[str, bool] = {}
    for key in keys:
        if key.has_class("-command-palette"):
            continue
        region = key.region
        whole = region.width > 0 and region.right <= limit
        shown[key.key_display] = whole
    return shown


def hidden_bindings(screen: Screen[Any]) -> list[Binding]:
    """The screen's own keys (not Textual's tab and copy) that the footer leaves out."""
    general = textual_keys(screen)
    return [
        binding
        for key, binding in screen._bindings
        if not binding.show
        and binding.description
        and not binding.system
        and (key, binding.action) not in general
    ]


def assert_footer(app: CoordinatorApp, name: str) -> None:
    shown = footer_keys(app)
    cut = sorted(key for key, whole in shown.items() if not whole)
    assert not cut, f"{name}: footer keys cut off at 80 columns: {cut}"
    missing = IMPORTANT[name] - set(shown)
    assert not missing, f"{name}: important keys not in the footer: {sorted(missing)}"
    # Whatever the footer leaves out is in help and in the command palette.
    screen = app.screen
    helped = {entry.description for entry in keys_for(screen)}
    palette = {command.title for command in app.get_system_commands(screen)}
    for binding in hidden_bindings(screen):
        if binding.action == "leave_search":
            continue  # the roster's escape/down out of the search box: not an action to find
        assert binding.description in helped, f"{name}: {binding.description} not in help"
        if app._check_action_state(binding.action, screen) is not False:
            assert binding.description in palette, f"{name}: {binding.description} not in palette"


async def test_every_screen_footer_fits_80_columns(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_footer(app, "dashboard")
        for key, name in [("r", "roster"), ("m", "meetings"), ("g", "register")]:
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert_footer(app, name)
        await pilot.press("v")
        await pilot.pause()
        await pilot.pause()
        assert_footer(app, "register grid")
        await pilot.press("v")
        for key, name in [("t", "trends"), ("p", "reports"), ("s", "settings")]:
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert_footer(app, name)
        app.screen.query_one(TabbedContent).active = "tab-venues"
        await pilot.pause()
        await pilot.pause()
        assert_footer(app, "settings venues")
        app.action_go("roster")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert_footer(app, "member")


async def test_best_time_and_tally_footers_fit_and_the_bar_says_where(
    store: Store, app_factory: AppFactory
) -> None:
    from coordinator.tui.frame import ModeBar

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        for key, name in [("b", "best time"), ("t", "tally")]:
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert_footer(app, name)
            bar = app.screen.query_one(ModeBar).render_line(0).text
            assert "[m Meetings]" not in bar, f"{name}: the bar marks Meetings: {bar}"
            assert "[" not in bar, f"{name}: the bar marks a screen that is not on show: {bar}"
