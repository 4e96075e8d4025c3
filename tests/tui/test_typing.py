"""Typing in fields: the first letter after Tab or after a refused save adds to the text
(never replaces it), and Esc leaves a field on a screen so its keys work again."""

from __future__ import annotations

from textual.widgets import Input

from coordinator.store import Store
from coordinator.tui.modals.member_form import MemberFormModal
from coordinator.tui.screens.dashboard import DashboardScreen
from coordinator.tui.screens.settings import SettingsScreen

from .conftest import SIZE, AppFactory
from .test_forms import open_add_member


async def test_a_letter_after_tab_into_a_field_adds_to_it(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        name = app.screen.query_one("#group-name", Input)
        app.screen.set_focus(None)
        while app.focused is not name:
            await pilot.press("tab")
        await pilot.press("m")
        assert name.value == "Tuesday Crewm"


async def test_after_a_refused_save_typing_fixes_the_field_at_fault(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "a")
        await pilot.pause()
        assert isinstance(app.screen, MemberFormModal)
        await pilot.press(*"Pat")
        app.screen.query_one("#email", Input).value = "pat@example"
        await pilot.press("ctrl+s")
        await pilot.pause()
        email = app.screen.query_one("#email", Input)
        assert app.focused is email
        await pilot.press(*".org")
        assert email.value == "pat@example.org"


async def test_esc_leaves_a_field_on_a_screen_and_its_keys_act_again(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        name = app.screen.query_one("#group-name", Input)
        name.focus()
        await pilot.press("d")  # typed into the field
        assert name.value.endswith("d") and isinstance(app.screen, SettingsScreen)
        await pilot.press("backspace", "escape")
        assert app.focused is not name
        await pilot.press("d")  # now the screen key
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


def test_every_field_is_a_text_field() -> None:
    """One kind of field everywhere (the roster's search box has its own Esc: back to
    the list), so no form is left with fields that select all on focus."""
    import re
    from pathlib import Path

    import coordinator.tui

    root = Path(coordinator.tui.__file__).parent
    plain = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"(?<![.\w])Input\(", line) and path.name != "roster.py"
    ]
    assert plain == []


async def test_typing_repaints_the_field_without_laying_out_the_form_again(
    store: Store, app_factory: AppFactory
) -> None:
    """A key in a field repaints the field only (Textual laid the whole form out again on
    every key, because the text's width changed), and text longer than the field still
    scrolls so the end being typed shows."""
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_member(app, pilot)
        name = form.query_one("#name", Input)
        layouts: list[bool] = []
        original = type(name).refresh

        def counting(*args: object, layout: bool = False, **kwargs: object) -> object:
            layouts.append(layout)
            return original(name, *args, layout=layout, **kwargs)  # type: ignore[arg-type]

        name.refresh = counting  # type: ignore[method-assign, assignment]
        typed = "Bartholomew Featherstonehaugh-Cholmondeley of Little Snoring"
        await pilot.press(*typed)
        await pilot.pause()
        assert name.value == typed
        assert len(typed) > name.content_size.width  # longer than the field
        assert name.scroll_x > 0  # scrolled along to the end
        shown = app.export_screenshot()
        assert "Snoring" in shown and "Bartholomew" not in shown
        assert layouts and not any(layouts), "a key laid the form out again"
