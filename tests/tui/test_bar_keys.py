"""Every key shown in a screen's bars does what its label says, on every screen: the mode
bar's "k Label" goes to that screen there, the footer's keys are that screen's live
bindings with their actions present, and no key carries two labels (the register once
showed "Reports: ^p" above a footer whose ^p is the palette)."""

from __future__ import annotations

import re
from collections import defaultdict

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.frame import ModeBar
from coordinator.tui.screen_table import SCREENS_IN_ORDER

from .conftest import SIZE, AppFactory


def mode_bar_keys(plain: str) -> list[tuple[str | None, str]]:
    """(key, label) for each screen named in the mode bar's text; the key is None where
    the label stands alone. A key is whatever short word sits right before the label
    ("r Roster", "[g Register]") or after it ("Reports: ^p")."""
    found: list[tuple[str | None, str]] = []
    for entry in SCREENS_IN_ORDER:
        label = re.escape(entry.label)
        before = re.search(rf"(?:^|\s)\[?(\S{{1,3}}) {label}\]?(?=\s|$)", plain)
        after = re.search(rf"{label}\]?:? (\^\S+|ctrl\+\S+)", plain)
        assert entry.label in plain, f"{entry.label} missing from the bar: {plain!r}"
        if before:
            found.append((before[1], entry.label))
        elif after:
            found.append((after[1], entry.label))
        else:
            found.append((None, entry.label))
    return found


def check_bars(app: CoordinatorApp, where: str) -> None:
    screen = app.screen
    active = screen.active_bindings
    labels: dict[str, set[str]] = defaultdict(set)
    # The mode bar: each key shown leads to the screen it names.
    plain = str(screen.query_one(ModeBar).render()).strip()
    for key, label in mode_bar_keys(plain):
        if key is None:
            continue
        labels[key].add(label)
        binding = active.get(key)
        assert binding is not None, f"{where}: the bar shows {key} {label}, but {key} does nothing"
        assert binding.enabled, f"{where}: the bar's {key} {label} is switched off here"
        assert binding.binding.description == label, (
            f"{where}: the bar says {key} is {label}, but here {key} is "
            f"{binding.binding.description or binding.binding.action}"
        )
    # The footer: each key is a live binding of this screen with its action present.
    for shown in screen.query_one(Footer).query(FooterKey):
        if shown.has_class("-command-palette"):
            labels[shown.key_display].add("palette")
            continue
        binding = active.get(shown.key)
        assert binding is not None, f"{where}: the footer shows {shown.key_display}, not bound"
        if shown.description:
            assert shown.description == binding.binding.description, where
        target, name, _ = app._parse_action(binding.binding.action, binding.node)
        assert hasattr(target, f"action_{name}") or hasattr(target, f"_action_{name}"), (
            f"{where}: {shown.key_display} runs {binding.binding.action}, which is not there"
        )
        labels[shown.key_display].add(binding.binding.description)
    doubled = {key: names for key, names in labels.items() if len(names) > 1}
    assert not doubled, f"{where}: one key, two labels: {doubled}"


def test_the_bar_parser_sees_a_key_after_the_label() -> None:
    """The parser itself: the old register bar's "Reports: ^p" is read as key ^p."""
    plain = "d Dashboard r Roster m Meetings [g Register] t Trends Reports: ^p s Settings"
    keys = dict((label, key) for key, label in mode_bar_keys(plain))
    assert keys["Reports"] == "^p"
    assert keys["Register"] == "g"
    assert keys["Trends"] == "t"
    assert mode_bar_keys(plain.replace("Reports: ^p", "Reports"))[5] == (None, "Reports")


async def settle(pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.pause()
    await pilot.pause()


async def test_every_key_in_every_bar_does_what_it_says(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        check_bars(app, "dashboard")
        for entry in SCREENS_IN_ORDER[1:]:
            await pilot.press(entry.key)
            await settle(pilot)
            check_bars(app, entry.mode)
            if entry.mode == "register":
                await pilot.press("v")
                await settle(pilot)
                check_bars(app, "register grid")
                await pilot.press("v")
                await settle(pilot)
        # Every Settings tab, reached by its keys.
        for tab in ("venues", "reminders", "messages", "theme"):
            await pilot.press("right_square_bracket")
            await settle(pilot)
            check_bars(app, f"settings {tab}")
        # The pages opened on top of a screen: a member, best time and its tally.
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        check_bars(app, "member")
        await pilot.press("escape")
        for key, name in [("b", "best time"), ("t", "tally")]:
            await pilot.press(key)
            await settle(pilot)
            check_bars(app, name)
