"""Nothing typed is thrown away without asking: Esc in a form and quitting (q, ctrl+q)
ask first when a form or Settings holds typing; with nothing typed they act at once."""

from __future__ import annotations

from textual.widgets import Input

from coordinator.store import Store
from coordinator.tui.modals.form import FormModal
from coordinator.tui.modals.member_form import MemberFormModal
from coordinator.tui.modals.unsaved import DiscardModal
from coordinator.tui.screens.settings import SettingsScreen

from .conftest import SIZE, AppFactory


async def test_quitting_with_a_half_filled_form_asks_and_no_keeps_the_typing(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "a")
        await pilot.pause()
        assert isinstance(app.screen, MemberFormModal)
        await pilot.press(*"Nadia")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MemberFormModal)
        assert app.screen.query_one("#name", Input).value == "Nadia"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code in (0, None)


async def test_esc_in_a_form_with_typing_asks_and_without_typing_closes(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal)  # nothing typed: closed at once
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Nadia", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal | DiscardModal)
        assert not [m for m in store.members() if m.name == "Nadia"]


async def test_quitting_from_another_screen_asks_about_typing_left_in_settings(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        name = app.screen.query_one("#group-name", Input)
        name.focus()
        await pilot.press("end", *" North")
        app.screen.set_focus(None)
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)
        assert "the group details in Settings" in str(app.screen.body_text)
        await pilot.press("escape")  # go back
        await pilot.pause()
        assert app.is_running


async def test_quitting_with_nothing_typed_does_not_ask(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, DiscardModal)
        assert not app.is_running


async def test_keys_typed_while_quitting_act_on_nothing_from_every_screen(
    store: Store, app_factory: AppFactory
) -> None:
    """A quick "q m a" (or any keys after q) used to open screens and forms while the app
    closed, which crashed. From every screen, keys after q are ignored; the app ends well."""
    from textual import events

    from coordinator.tui.screen_table import SCREENS_IN_ORDER

    typed_after = [entry.key for entry in SCREENS_IN_ORDER] + ["a", "n", "e", "question_mark"]
    for entry in SCREENS_IN_ORDER:
        app = app_factory(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(entry.key)
            await pilot.pause()
            for key in ["q", *typed_after]:
                app.post_message(events.Key(key, None))
            await pilot.pause()
            await pilot.pause()
        assert app.return_code == 0, entry.mode


async def test_quitting_on_settings_asks_once_without_a_stale_leaving_warning(
    store: Store, app_factory: AppFactory
) -> None:
    """The quit guard is a pop-up over Settings: Settings' own "you left with changes"
    warning (for switching screens) must not also appear, telling them to go back
    where they already are."""
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        name = app.screen.query_one("#group-name", Input)
        name.focus()
        await pilot.press("end", *" North", "escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)
        assert not [n for n in app._notifications if n.title == "Not saved yet"]
