"""Nothing typed is thrown away without asking: one guard for every form and for quitting.

A screen or modal that holds typing says so through ``unsaved_typing()``: a short
description of what would be lost ("the member form", "the group details in Settings"),
or None. Every form modal has it (it compares its fields with what they showed when it
opened); Settings has it for its group form. Closing such a form with Esc, and quitting
the app (q, ctrl+q) while any screen in any mode holds typing, asks first.

This module imports nothing from :mod:`coordinator.tui.app`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioSet, Select, TextArea

from coordinator.tui.modals.confirm import ConfirmModal


def field_values(root: Widget | Screen[Any]) -> dict[str, object]:
    """What every field under ``root`` holds now, by widget id (to compare later): the
    text of an Input or TextArea, the value of a Select or Checkbox, the choice made in a
    RadioSet (its buttons are not counted on their own)."""
    values: dict[str, object] = {}
    for widget in root.query("Input, TextArea, Select, Checkbox, RadioSet"):
        if widget.id is None:
            continue
        if isinstance(widget, RadioSet):
            values[widget.id] = widget.pressed_index
        elif isinstance(widget, Input):
            values[widget.id] = widget.value
        elif isinstance(widget, TextArea):
            if not widget.read_only:
                values[widget.id] = widget.text
        elif isinstance(widget, Select | Checkbox):
            values[widget.id] = widget.value
    return values


def unsaved_in(screens: Iterable[Screen[Any]]) -> list[str]:
    """What each of ``screens`` holds that is typed and not saved."""
    found = []
    for screen in screens:
        check: Callable[[], str | None] | None = getattr(screen, "unsaved_typing", None)
        if check is None or not screen.is_mounted:
            continue
        what = check()
        if what:
            found.append(what)
    return found


def every_screen(app: App[Any]) -> list[Screen[Any]]:
    """Every screen the app holds, in every mode (a screen not on show keeps its typing)."""
    screens: list[Screen[Any]] = []
    for stack in app._screen_stacks.values():
        for screen in stack:
            if screen not in screens:
                screens.append(screen)
    return screens


class DiscardModal(ConfirmModal):
    """ "Throw away what you typed?" It changes nothing, so a read-only window asks it too."""

    EDITS_DATA = False


def discard_question(lost: list[str], doing: str) -> DiscardModal:
    """The question before ``doing`` (e.g. "Quit") throws away ``lost``."""
    body = Text("Not saved yet: ")
    body.append(", ".join(lost))
    body.append(". What you typed there will be lost.")
    return DiscardModal(
        f"{doing} without saving?",
        body,
        yes=f"{doing}, lose it",
        no="Go back",
    )


def ask_before_discarding(
    app: App[Any], lost: list[str], doing: str, then: Callable[[], object]
) -> None:
    """Run ``then`` at once when nothing is lost, else only after a yes."""
    if not lost:
        then()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    app.push_screen(discard_question(lost, doing), answered)
