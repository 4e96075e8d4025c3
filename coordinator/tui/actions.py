"""Every screen's actions, read from the screens' own key bindings: one registry that the
command palette lists (from any screen) and the tests hold Help to.

A screen's ``BINDINGS`` are where its keys are declared (the footer shows them), so the
palette built from them can never miss an action the footer offers, nor list one that
has gone. This module imports nothing from :mod:`coordinator.tui.app`: the app passes
its table of screens in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from textual.binding import Binding
from textual.screen import Screen


class ScreenAction(NamedTuple):
    """One action of one screen: where, by which key, what it does."""

    mode: str
    screen_label: str
    key: str
    description: str
    tooltip: str
    action: str


def own_bindings(screen_class: type[Screen[Any]]) -> list[Binding]:
    """The screen's own bindings (its classes', not Textual's), most derived first, one
    per action and description."""
    seen: set[tuple[str, str]] = set()
    found: list[Binding] = []
    for cls in screen_class.__mro__:
        if cls.__module__.startswith("textual") or "BINDINGS" not in vars(cls):
            continue
        for binding in Binding.make_bindings(vars(cls)["BINDINGS"]):
            if binding.system or not binding.description:
                continue
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            found.append(binding)
    return found


def every_action(screens: Iterable[tuple[str, str, type[Screen[Any]]]]) -> list[ScreenAction]:
    """The actions of every screen, given as (mode, label, class)."""
    return [
        ScreenAction(
            mode,
            label,
            binding.key_display or binding.key.split(",")[0],
            binding.description,
            binding.tooltip,
            binding.action,
        )
        for mode, label, cls in screens
        for binding in own_bindings(cls)
    ]
