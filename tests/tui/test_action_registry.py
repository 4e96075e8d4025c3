"""One registry of actions (coordinator.tui.actions, read from the screens' bindings):
every action of every screen can be found in the command palette from any other screen,
and is listed in Help on its own screen; Help makes no false promise about a key."""

from __future__ import annotations

import importlib

from coordinator.store import Store
from coordinator.tui.actions import every_action, own_bindings
from coordinator.tui.screen_table import SCREENS_IN_ORDER
from coordinator.tui.screens.help import keys_for, merged

from .conftest import SIZE, AppFactory

SCREENS = [
    (e.mode, e.label, getattr(importlib.import_module(e.module), e.class_name))
    for e in SCREENS_IN_ORDER
]


def test_the_registry_holds_the_actions_the_issue_missed() -> None:
    found = {(a.screen_label, a.action) for a in every_action(SCREENS)}
    for label, action in [
        ("Meetings", "cancel"),
        ("Meetings", "plan"),
        ("Meetings", "held"),
        ("Roster", "log_contact"),
        ("Settings", "add_venue"),
    ]:
        assert any(lbl == label and act.startswith(action) for lbl, act in found), (label, action)


async def test_every_action_is_in_the_palette_and_in_help(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        for entry, (_mode, label, cls) in zip(SCREENS_IN_ORDER, SCREENS, strict=True):
            # From any other screen, the palette finds it by name.
            other = "roster" if entry.mode == "dashboard" else "dashboard"
            app.action_go(other)
            await pilot.pause()
            titles = {c.title for c in app.get_system_commands(app.screen)}
            for binding in own_bindings(cls):
                assert f"{label}: {binding.description}" in titles, (label, binding.action)
            # On its own screen, Help lists it.
            app.action_go(entry.mode)
            await pilot.pause()
            listed = {e.description for e in merged(keys_for(app.screen))}
            for binding in own_bindings(cls):
                assert any(binding.description in d for d in listed), (label, binding.action)
            assert not [d for d in listed if "not here" in d]
