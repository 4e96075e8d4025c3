"""A field's warning goes as soon as the field is changed, in every form: first-run setup
and Settings' group, reminders and messages forms here (the modal forms in
test_forms.py and test_every_form.py). Each form uses the one mechanism,
:class:`coordinator.tui.field_warning.FieldWarning`, and the first test holds every
form widget to it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.widget import Widget
from textual.widgets import Input, Static, TabbedContent, TextArea

import coordinator.tui.widgets
from coordinator.store import Store
from coordinator.tui.screens.settings import SettingsScreen

from .conftest import SIZE, AppFactory


def form_widgets() -> list[type[Widget]]:
    """Every widget class in coordinator.tui.widgets that shows a field's error."""
    found: list[type[Widget]] = []
    for info in pkgutil.iter_modules(coordinator.tui.widgets.__path__):
        module = importlib.import_module(f"coordinator.tui.widgets.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and "show_error" in cls.__dict__:
                assert issubclass(cls, Widget)
                found.append(cls)
    return found


def test_every_form_widget_uses_the_one_warning_mechanism() -> None:
    widgets = form_widgets()
    assert {cls.__name__ for cls in widgets} >= {"GroupForm", "RemindersForm", "MessagesForm"}
    for cls in widgets:
        source = inspect.getsource(cls)
        assert "self.warning = FieldWarning()" in source, cls.__name__
        assert "self.warning.show" in source, cls.__name__
        assert "self.warning.field_changed(event.control)" in source, cls.__name__


def error_of(app: object, line: str) -> str:
    return str(app.screen.query_one(f"#{line}", Static).render())  # type: ignore[attr-defined]


async def test_setup_form_warning_goes_when_the_field_is_changed(
    empty_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        time = app.screen.query_one("#rhythm-time", Input)
        app.screen.query_one("#group-name", Input).value = "Tuesday Crew"
        time.value = "25:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(app, "setup-error").startswith("⚠ Usual time:")
        assert app.focused is time and time.has_class("-invalid")
        await pilot.press("backspace")  # any change: checked again on save
        await pilot.pause()
        assert error_of(app, "setup-error") == ""
        assert not time.has_class("-invalid")


async def test_settings_forms_warnings_go_when_the_field_is_changed(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        tabs = screen.query_one(TabbedContent)
        # (tab, field, bad value, error line, what the message starts with)
        cases = [
            ("tab-group", "rhythm-length", "5", "settings-error", "⚠ Length (minutes):"),
            ("tab-reminders", "reminder-minutes", "soon", "reminders-error", "⚠ Reminder:"),
            ("tab-messages", "messages-region", "ZZ", "messages-error", "⚠ Phone region:"),
        ]
        for tab, field_id, bad, line, said in cases:
            screen.set_focus(None)  # as after choosing a tab by its name above the form
            tabs.active = tab
            await pilot.pause()
            field = screen.query_one(f"#{field_id}", Input)
            field.value = bad
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert error_of(app, line).startswith(said), (tab, error_of(app, line))
            assert app.focused is field and field.has_class("-invalid"), tab
            await pilot.press("backspace")
            await pilot.pause()
            assert error_of(app, line) == "", tab
            assert not field.has_class("-invalid"), tab


async def test_a_template_at_fault_is_put_in_the_editor_with_its_warning(
    store: Store, app_factory: AppFactory
) -> None:
    from coordinator.reach.templates import MessageKind
    from coordinator.tui.widgets.messages_form import MessagesForm

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one(TabbedContent).active = "tab-messages"
        await pilot.pause()
        form = app.screen.query_one(MessagesForm)
        form.drafts[MessageKind.CHECK_IN] = "   "  # another template than the one shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.kind is MessageKind.CHECK_IN
        editor = app.screen.query_one("#messages-editor", TextArea)
        assert editor.text == "   " and app.focused is editor
        assert "message: is required" in error_of(app, "messages-error")
        await pilot.press("x")
        await pilot.pause()
        assert error_of(app, "messages-error") == ""


async def test_member_form_names_a_channel_it_cannot_use_and_the_choice_fixes_it(
    store: Store, app_factory: AppFactory
) -> None:
    from textual.widgets import Select

    from coordinator.model import Channel
    from coordinator.tui.modals.member_form import MemberFormModal

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "a")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, MemberFormModal)
        await pilot.press(*"Pat")
        modal.query_one("#email", Input).value = "pat@example.org"
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = error_of(app, "form-error")
        assert said.startswith("⚠ Preferred channel: SMS needs a phone number"), said
        channel = modal.query_one("#channel", Select)
        assert app.focused is channel and channel.has_class("-invalid")
        channel.value = Channel.EMAIL
        await pilot.pause()
        assert error_of(app, "form-error") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MemberFormModal)
        # Someone with nothing to reach them by is saved, with a word.
        await pilot.press("a", *"Nadia", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MemberFormModal)
        assert any(n.title == "No way to reach them" for n in app._notifications)
    saved = {m.name: m for m in store.members()}
    assert saved["Pat"].channel is Channel.EMAIL and saved["Nadia"].channel is Channel.SMS
