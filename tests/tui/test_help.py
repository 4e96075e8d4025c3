"""Help lists every key, read from the bindings themselves."""

from __future__ import annotations

from textual.widgets import Static

from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.frame import ModeBar
from coordinator.tui.screen_table import SCREENS_IN_ORDER
from coordinator.tui.screens.dashboard import DashboardScreen
from coordinator.tui.screens.help import HelpScreen, keys_for, merged
from coordinator.tui.screens.settings import SettingsScreen

from .conftest import SIZE, AppFactory


def help_text(app: CoordinatorApp) -> str:
    table = app.screen.query_one("#help-keys", Static).content
    # Render the table to plain text at the help box's width.
    from rich.console import Console

    console = Console(width=74, record=True, color_system=None)
    console.print(table)
    return console.export_text()


async def test_question_mark_lists_every_app_key_and_the_screens_own(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        for entry in SCREENS_IN_ORDER:
            assert entry.label in text
        assert "Next meeting" in text  # the dashboard's own key
        assert "?, f1" in text
        assert "Command palette" in text
        assert "Quit (asks first about typing not saved)" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_f1_opens_help_for_the_screen_on_show(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        for words in ("Save", "Add venue", "Edit venue", "Remove", "Back up now", "Next tab"):
            assert words in text
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)


async def test_help_is_built_from_the_bindings(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        entries = merged(keys_for(app.screen))
        screen_keys = {(e.keys, e.description) for e in entries if e.where == "This screen"}
        assert ("n", "Next meeting") in screen_keys
        everywhere = {e.description: e.keys for e in entries if e.where == "Everywhere"}
        for entry in SCREENS_IN_ORDER:
            assert everywhere[entry.label] == entry.key
        # Each (where, what) pair is listed once, with all its keys.
        pairs = [(e.where, e.description) for e in entries]
        assert len(pairs) == len(set(pairs))


async def test_a_screen_key_that_hides_an_app_key_is_said_plainly(
    store: Store, app_factory: AppFactory
) -> None:
    """The register uses p for present, so there p is not Reports: help and the mode bar
    both say so instead of promising a key that does something else."""
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        entries = merged(keys_for(app.screen))
        reports = next(e for e in entries if e.description.startswith("Reports"))
        assert reports.where == "Everywhere"
        assert "on this screen p is Present; ctrl+p finds it" in reports.description
        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        # The register's own keys come before Textual's general ones (tab, copy).
        assert text.index("Present") < text.index("Focus Next")
        await pilot.press("escape")
        await pilot.pause()
        bar = str(app.screen.query_one(ModeBar).render())
        # Reports is named with no key: p is Present here, and ^p is the palette.
        assert " Reports " in bar
        assert "p Reports" not in bar
        assert "^p" not in bar
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Go to Reports"].endswith("(no key on this screen)")
        assert commands["Go to Trends"].endswith("(key t)")
        assert "d Dashboard" in bar


def test_a_screen_outside_the_bar_is_named_in_words() -> None:
    from textual.screen import Screen

    from coordinator.tui.screens.help import screen_label

    class BestTimeScreen(Screen[None]):
        pass

    class TallyScreen(Screen[None]):
        pass

    assert screen_label(BestTimeScreen()) == "Best time"
    assert screen_label(TallyScreen()) == "Tally"
