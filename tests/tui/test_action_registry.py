"""One registry of actions (coordinator.tui.actions, read from the screens' bindings):
every action of every screen can be found in the command palette from any other screen,
by its name or by the words a coordinator would type, and is listed in Help on its own
screen; Help makes no false promise about a key. The palette holds the coordinator's
actions only (not Textual's screenshot or key panel), and its Quit asks like q does."""

from __future__ import annotations

import importlib
from typing import Any

from hypothesis import given, strategies as st
from textual import events
from textual.command import Hit
from textual.screen import Screen
from textual.widgets import Input, TabbedContent

from coordinator.store import Store
from coordinator.tui.actions import SEARCH_WORDS, every_action, own_bindings, words_match
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.palette import ActionsProvider
from coordinator.tui.screen_table import SCREENS_IN_ORDER
from coordinator.tui.screens.help import keys_for, merged

from .conftest import SIZE, AppFactory

SCREENS = [
    (e.mode, e.label, getattr(importlib.import_module(e.module), e.class_name))
    for e in SCREENS_IN_ORDER
]
# The pages opened on top of a screen have keys of their own too.
PAGES: list[type[Screen[Any]]] = [
    getattr(importlib.import_module(f"coordinator.tui.screens.{module}"), name)
    for module, name in [("member", "MemberScreen"), ("best_time", "BestTimeScreen")]
] + [importlib.import_module("coordinator.tui.screens.tally").TallyScreen]
# What a newcomer typed into the palette and found nothing for (issue 15, the walk).
WORDS_TYPED = [
    "message",
    "backup",
    "print",
    "calendar",
    "export",
    "check in",
    "held",
    "cancel",
    "venue",
    "plan",
]
# Textual's own commands that are no business of a coordinator's.
TEXTUAL_ONLY = {"Screenshot", "Keys", "Maximize", "Minimize", "Theme"}


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
        # The pages opened on top of a screen: on the page, each of its keys is in the
        # palette by name and in Help.
        app.action_go("roster")
        await pilot.pause()
        for key, page in zip(["enter", "escape,b", "t"], PAGES, strict=True):
            for part in key.split(","):
                await pilot.press(part)
                await pilot.pause()
                await pilot.pause()
            assert isinstance(app.screen, page), (page, app.screen)
            titles = {c.title for c in app.get_system_commands(app.screen)}
            listed = {e.description for e in merged(keys_for(app.screen))}
            for binding in own_bindings(page):
                if app._check_action_state(binding.action, app.screen) is not False:
                    assert binding.description in titles, (page.__name__, binding.action)
                assert any(binding.description in d for d in listed), (page, binding.action)


def test_every_binding_has_its_search_words_and_no_words_are_left_over() -> None:
    """Each action of every screen and page has an id and words in SEARCH_WORDS (the
    one place they are written); an entry whose binding has gone is caught too."""
    ids: set[str] = {f"go-{e.mode}" for e in SCREENS_IN_ORDER}
    ids |= {"best-time", "help", "quit", "theme", "try-edit"}
    missing = []
    for cls in [cls for _mode, _label, cls in SCREENS] + PAGES:
        for binding in own_bindings(cls):
            if binding.action == "leave_search":
                continue  # the roster's way out of its search box, not an action to find
            if binding.id is None or binding.id not in SEARCH_WORDS:
                missing.append((cls.__name__, binding.id or binding.action))
            ids.add(binding.id or "")
    assert not missing, f"no search words for: {missing}"
    assert not set(SEARCH_WORDS) - ids, f"words for no action: {set(SEARCH_WORDS) - ids}"


async def palette_hits(app: CoordinatorApp, query: str) -> list[Hit]:
    """What the palette's action provider finds for ``query`` on the screen on show."""
    provider = ActionsProvider(app.screen)
    return [hit async for hit in provider.search(query) if isinstance(hit, Hit)]


async def test_the_words_a_coordinator_types_find_an_action_on_every_screen(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        for entry in SCREENS_IN_ORDER:
            app.action_go(entry.mode)
            await pilot.pause()
            for word in WORDS_TYPED:
                assert await palette_hits(app, word), f"{entry.label}: nothing for {word!r}"
        found = {hit.text for hit in await palette_hits(app, "backup")}
        assert "Back up now" in found  # on Settings: its own key
        found = {hit.text for hit in await palette_hits(app, "calendar")}
        assert "Meetings: Export .ics" in found


async def test_the_palette_holds_no_textual_system_commands_and_quit_asks_first(
    store: Store, app_factory: AppFactory
) -> None:
    from coordinator.tui.modals.unsaved import DiscardModal
    from coordinator.tui.screens.settings import SettingsScreen

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert not titles & TEXTUAL_ONLY, titles & TEXTUAL_ONLY
        assert {"Quit", "Change the theme"} <= titles
        for query in ("screenshot", "maximize"):
            assert not await palette_hits(app, query)
        # Typing not saved yet: Quit from the palette asks, as q does.
        name = app.screen.query_one("#group-name", Input)
        name.focus()
        await pilot.press("end", *" North")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quit")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, DiscardModal)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_an_action_of_another_tab_is_done_from_the_palette(
    store: Store, app_factory: AppFactory
) -> None:
    """On Settings' Group tab the venue keys are off; found in the palette, "Add venue"
    shows the Venues tab and opens the venue form there."""
    from coordinator.tui.modals.venue_form import VenueForm

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        hits = {hit.text: hit for hit in await palette_hits(app, "add venue")}
        assert "Add venue" in hits
        app.call_later(hits["Add venue"].command)
        for _ in range(100):
            await pilot.pause()
            if isinstance(app.screen, VenueForm):
                break
        assert isinstance(app.screen, VenueForm)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "tab-venues"


async def test_an_action_of_another_tab_is_done_from_another_screen(
    store: Store, app_factory: AppFactory
) -> None:
    """From the dashboard, before Settings was ever opened: "Settings: Edit venue" builds
    the Venues tab and edits the selected venue."""
    from coordinator.tui.modals.venue_form import VenueForm

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        hits = {hit.text: hit for hit in await palette_hits(app, "edit venue")}
        app.call_later(hits["Settings: Edit venue"].command)
        for _ in range(100):  # Settings is made, then its tab, then the form
            await pilot.pause()
            if isinstance(app.screen, VenueForm):
                break
        assert isinstance(app.screen, VenueForm)
        assert app.screen.query_one("#venue-name", Input).value == "Riverside Cafe"


# -- the words themselves (pure) ---------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@given(st.lists(WORD, min_size=1, max_size=6), st.data())
def test_typing_the_start_of_any_of_its_words_finds_an_action(
    words: list[str], data: st.DataObject
) -> None:
    typed = [
        word[: data.draw(st.integers(1, len(word)))]
        for word in data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=3))
    ]
    # Any case, any punctuation between the words ("Check-in", "check in").
    query = data.draw(st.sampled_from([" ", "-", ", "])).join(typed).upper()
    assert words_match(query, " ".join(words)) is not None


@given(st.lists(WORD, min_size=1, max_size=6), WORD)
def test_a_word_that_starts_none_of_its_words_finds_nothing(words: list[str], typed: str) -> None:
    if any(word.startswith(typed) for word in words):
        return
    assert words_match(f"{words[0]} {typed}", " ".join(words)) is None
    assert words_match("", " ".join(words)) is None
    assert words_match(" - ", " ".join(words)) is None


def test_the_first_word_typed_says_how_early_it_comes() -> None:
    assert words_match("cal", "export calendar ics") == 1
    assert words_match("check in", "Log check-in") == 1
    assert words_match("exp", "export calendar ics") == 0


async def test_keys_typed_just_after_quit_act_on_nothing(
    store: Store, app_factory: AppFactory
) -> None:
    """q then e at once on Meetings: the export form used to open as the app closed and
    the half-built form was reported as a crash; now the app just closes."""
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        # Both keys arrive before the app has closed.
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key("e", "e"))
        await pilot.pause()
    assert app.return_code == 0
    assert not [s for s in app.screen_stack if type(s).__name__ == "IcsExportModal"]
