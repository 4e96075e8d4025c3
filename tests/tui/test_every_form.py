"""Every modal that collects input behaves like every other form, and none can escape.

The modals are found, not listed: every :class:`~textual.screen.ModalScreen` the app's
modules define. One that builds a field a person can type in or choose with (Input,
TextField, Select, Checkbox, RadioSet, an editable TextArea, a form's text_input) must
be an :class:`InputModal`, which gives it the same keys and the same guard: ctrl+s (and
Enter in a field) does what it is for, Esc closes but asks first when anything was
typed or chosen, quitting asks too, and a field's warning goes once it is changed. A
new modal that collects input without it fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from textual.screen import ModalScreen
from textual.widgets import Input, Static

import coordinator.tui
from coordinator.invites import ics
from coordinator.store import Store
from coordinator.tui.modals.form import FormModal, InputModal
from coordinator.tui.modals.ics_export import IcsExportModal
from coordinator.tui.modals.unsaved import DiscardModal

from .conftest import SIZE, AppFactory


def app_modals() -> list[type[ModalScreen[Any]]]:
    """Every ModalScreen class defined in coordinator.tui (its modules all imported)."""
    for module in pkgutil.walk_packages(coordinator.tui.__path__, "coordinator.tui."):
        importlib.import_module(module.name)
    found: list[type[ModalScreen[Any]]] = []
    todo: list[type[ModalScreen[Any]]] = list(ModalScreen.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("coordinator.") and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


MODALS = app_modals()

# What makes a field a person types in or chooses with, in a class's source.
_FIELD = re.compile(
    r"\b(Input|TextField|Select|Checkbox|TickBox|RadioSet|ChoiceList)(\[[^\]]*\])?\("
    r"|\bself\.(text_input|text_area)\("
)
_TEXT_AREA = re.compile(r"\bTextArea\((?P<args>[^()]*(\([^()]*\)[^()]*)*)\)", re.S)


def collects_input(cls: type[ModalScreen[Any]]) -> bool:
    """Does the class (or a base of it in the app) build a field one can change?"""
    for klass in cls.__mro__:
        if not klass.__module__.startswith("coordinator.") or klass in (InputModal, FormModal):
            continue
        source = inspect.getsource(klass)
        if _FIELD.search(source):
            return True
        for call in _TEXT_AREA.finditer(source):
            if "read_only=True" not in call["args"]:
                return True
    return False


def keys_of(cls: type[ModalScreen[Any]]) -> dict[str, str]:
    """key -> action, from the class's bindings (the nearest class wins)."""
    keys: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        for binding in klass.__dict__.get("BINDINGS", []):
            if isinstance(binding, tuple):
                continue
            for key in binding.key.split(","):
                keys[key.strip()] = binding.action
    return keys


def test_the_modals_are_found() -> None:
    """The search finds the forms and the pickers (it is not finding nothing)."""
    names = {cls.__name__ for cls in MODALS}
    assert {"MemberFormModal", "IcsExportModal", "ConfirmModal", "HelpScreen"} <= names
    assert len(MODALS) >= 15


@pytest.mark.parametrize("modal", MODALS, ids=lambda cls: cls.__name__)
def test_a_modal_that_collects_input_is_an_input_modal(modal: type[ModalScreen[Any]]) -> None:
    if collects_input(modal):
        assert issubclass(modal, InputModal), (
            f"{modal.__name__} holds fields but is not an InputModal: Esc would throw "
            "typing away without asking, and Enter / ctrl+s would not act as in every form"
        )


# The concrete ones (InputModal and FormModal are the bases they are built on).
INPUT_MODALS = [
    cls for cls in MODALS if issubclass(cls, InputModal) and cls not in (InputModal, FormModal)
]


@pytest.mark.parametrize("modal", INPUT_MODALS, ids=lambda cls: cls.__name__)
def test_every_input_modal_saves_with_ctrl_s_and_enter_and_asks_on_esc(
    modal: type[InputModal[Any]],
) -> None:
    keys = keys_of(modal)
    assert keys.get("ctrl+s") == "save", keys
    assert keys.get("escape") == "cancel", keys
    # The guard and the Enter handling are InputModal's own, not replaced.
    for name in ("action_cancel", "unsaved_typing", "_submitted", "_field_changed"):
        assert getattr(modal, name) is getattr(InputModal, name), f"{modal.__name__}.{name}"
    assert modal.action_save is not InputModal.action_save, modal.__name__


def test_found_input_modals_include_every_form() -> None:
    names = {cls.__name__ for cls in INPUT_MODALS}
    for form in ("MemberFormModal", "MeetingFormModal", "VenueForm", "OutreachModal"):
        assert form in names
    assert "IcsExportModal" in names


# -- the calendar export window, driven by keys ---------------------------------------


async def test_calendar_export_asks_before_losing_choices_and_enter_exports(
    store: Store, app_factory: AppFactory, tmp_path: Path
) -> None:
    app = app_factory(store)
    results: list[Path | None] = []
    target = tmp_path / "next.ics"
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(IcsExportModal("g3"), results.append)
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, IcsExportModal)
        await pilot.press("down", "space")  # "Upcoming meetings", chosen
        await pilot.pause()
        assert modal.chosen() is ics.ExportKind.UPCOMING
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)  # a choice was made: it asks
        await pilot.press("n")  # go back: the choice is still there
        await pilot.pause()
        assert isinstance(app.screen, IcsExportModal)
        assert modal.chosen() is ics.ExportKind.UPCOMING
        await pilot.press("ctrl+q")  # quitting asks too
        await pilot.pause()
        assert isinstance(app.screen, DiscardModal)
        assert "the calendar export's choices" in str(app.screen.body_text)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, IcsExportModal)
        modal.query_one("#ics-path", Input).value = str(target)
        modal.query_one("#ics-kind").focus()
        await pilot.press("enter")  # Enter on the choice already made exports
        await pilot.pause()
        assert "Saved" in str(modal.query_one("#ics-done", Static).render())
        await pilot.press("escape")  # exported: nothing to lose, it closes at once
        await pilot.pause()
        assert not isinstance(app.screen, IcsExportModal | DiscardModal)
    assert results == [target]
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


async def test_calendar_export_warning_goes_when_the_field_is_fixed(
    store: Store, app_factory: AppFactory, tmp_path: Path
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(IcsExportModal("g3"))
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, IcsExportModal)
        modal.query_one("#ics-path", Input).value = str(tmp_path / "x.ics")
        alarm = modal.query_one("#ics-alarm", Input)
        alarm.value = "[bold]soon\x1b[31m"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = modal.query_one("#ics-error", Static)
        assert str(error.render()).startswith("⚠ Reminder:")
        assert app.focused is alarm and alarm.has_class("-invalid")
        await pilot.press("backspace")
        await pilot.pause()
        assert str(error.render()) == ""
        assert not alarm.has_class("-invalid")
