"""The app shell: start-up, screens by key, saving, read-only, theme, the palette."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rich.text import Text
from textual.color import Color
from textual.geometry import Region
from textual.widget import Widget

from coordinator.clock import FixedClock
from coordinator.model import Venue
from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp, load_screen
from coordinator.tui.frame import ModeBar, ReadOnlyBanner, SupportLineBar, safe
from coordinator.tui.screen_table import SCREENS_IN_ORDER

from .conftest import SIZE, AppFactory, reopen, small_group


def rendered(widget: Widget) -> str:
    """What a Static shows, as plain text."""
    return str(widget.render())


async def test_starts_on_the_dashboard_with_the_support_line(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current_mode == "dashboard"
        support = rendered(app.screen.query_one(SupportLineBar))
        assert "Pain service support line" in support
        assert "0117 496 0000" in support
        # Only a window that opened read-only has the banner.
        assert not app.screen.query(ReadOnlyBanner)


async def test_each_screen_is_one_key_away_and_made_only_when_first_shown(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert set(app._screen_stacks) == {"dashboard"}
        for entry in SCREENS_IN_ORDER:
            await pilot.press(entry.key)
            await pilot.pause()
            assert app.current_mode == entry.mode
            # The support line is on every screen, and the mode bar marks where we are.
            assert app.screen.query(SupportLineBar)
            bar = rendered(app.screen.query_one(ModeBar))
            assert f"[{entry.key} {entry.label}]" in bar
        assert set(app._screen_stacks) == {entry.mode for entry in SCREENS_IN_ORDER}


def test_every_screen_module_is_installed_with_its_screen() -> None:
    for entry in SCREENS_IN_ORDER:
        screen = load_screen(entry)
        assert type(screen).__name__ == entry.class_name
        assert callable(getattr(screen, "refresh_data", None)), entry.class_name


def test_screen_modules_are_not_imported_before_they_are_shown(db_path: Path) -> None:
    """Start-up imports the dashboard only (fast first frame); the others follow."""
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        from datetime import UTC, datetime
        from pathlib import Path
        from coordinator.clock import FixedClock
        from coordinator.model import Group
        from coordinator.store import Store
        from coordinator.tui.app import build_app

        clock = FixedClock(datetime(2026, 11, 23, 10, tzinfo=UTC))
        store = Store.open(Path({str(db_path)!r}), clock)
        store.save_group(Group(name="Tuesday Crew"))

        def screens():
            return sorted(m for m in sys.modules if m.startswith("coordinator.tui.screens."))

        async def main():
            app = build_app(store, {{}}, clock)
            preload = app._preload_screens

            def first_frame_then_preload():
                # Called after the first frame: what was imported for it.
                print(",".join(screens()))
                preload()

            app._preload_screens = first_frame_then_preload
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await app.workers.wait_for_complete()
                print(",".join(screens()))

        asyncio.run(main())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    at_first_frame, afterwards = result.stdout.strip().splitlines()[-2:]
    assert at_first_frame == "coordinator.tui.screens.dashboard"
    # Then the other screens load in the background, so the first visit to each is quick.
    assert afterwards.split(",") == sorted(entry.module for entry in SCREENS_IN_ORDER)


async def test_benchmark_hook_stamps_the_first_frame_and_closes(
    store: Store, app_factory: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp = tmp_path / "stamp"
    monkeypatch.setenv("COORDINATOR_BENCH_FIRST_FRAME", str(stamp))
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
    assert float(stamp.read_text(encoding="utf-8")) > 0


async def test_save_runs_the_change_refreshes_and_says_done(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.data_version
        venue = Venue("v9", "Library")
        app.save(lambda: store.save_venue(venue), done="Saved.")
        await pilot.pause()
        assert app.data_version == before + 1
        assert any(n.message == "Saved." for n in app._notifications)
    with reopen(db_path, clock) as again:
        assert again.load().venue("v9") == venue


async def test_save_turns_a_bad_change_into_a_message(
    store: Store, app_factory: AppFactory
) -> None:
    from coordinator.model import ValidationError

    def bad() -> None:
        raise ValidationError("Phone", "has letters in it", "member m1")

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.save(bad, done="never") is None
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "member m1: Phone: has letters in it" in messages
        assert "never" not in messages


async def test_a_second_window_is_read_only_says_why_and_refuses_changes(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    # ``store`` holds the lock, so a second open of the same file is read-only.
    second = Store.open(db_path, clock)
    try:
        assert second.read_only
        app = app_factory(second)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            banner = app.screen.query_one(ReadOnlyBanner)
            assert banner.display
            assert "READ-ONLY" in rendered(banner)
            assert "Another coordinator window" in rendered(banner)
            result = app.save(lambda: second.save_venue(Venue("v9", "Library")), done="Saved.")
            assert result is None
            await pilot.pause()
            assert any("read-only" in n.title for n in app._notifications)
        assert store.load().venue("v9") is None
    finally:
        second.close()


async def test_theme_comes_from_settings_and_a_new_choice_is_kept(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    store.save_settings({"theme": "nord"})
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
    assert store.settings()["theme"] == "gruvbox"
    with reopen(db_path, clock) as again:
        assert again.settings()["theme"] == "gruvbox"


async def test_an_unknown_theme_in_settings_falls_back_quietly(
    store: Store, app_factory: AppFactory
) -> None:
    store.save_settings({"theme": "no-such-theme"})
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox"])
async def test_the_app_runs_in_several_themes(
    store: Store, app_factory: AppFactory, theme: str
) -> None:
    app = app_factory(store, {"theme": theme})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == theme
        # Applied before the first frame, in full: light or dark, and the colours.
        assert ("-dark-mode" in app.classes) is app.current_theme.dark
        assert app.screen.styles.background == Color.parse(app.theme_variables["background"])
        title = app.screen.query_one("#next-meeting").render_lines(Region(0, 0, 60, 1))[0]
        accent = Color.parse(app.theme_variables["accent"]).rich_color
        assert any(segment.style and segment.style.color == accent for segment in title)
        await pilot.press("s")
        await pilot.pause()
        assert app.current_mode == "settings"


async def test_names_that_look_like_markup_or_escapes_show_literally(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = rendered(app.screen.query_one("#next-meeting"))
        assert "[red]Ann[/]" in text
        assert "\x1b" not in text
    assert safe("Evil \x1b[31mEscape").plain == "Evil ␛[31mEscape"
    assert isinstance(safe("x"), Text)


async def test_palette_go_to_member_opens_the_roster_on_that_member(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to member maggie")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "roster"
        # The roster opens the member's page on top of itself.
        assert getattr(app.screen, "member_id", None) == "m1"


def test_palette_entries_show_names_literally() -> None:
    from textual.fuzzy import Matcher

    from coordinator.tui.palette import highlighted, record_entries

    opened: list[str] = []
    entries = list(record_entries(small_group(), opened.append, opened.append))
    texts = [entry.text for entry in entries]
    assert "Go to member Maggie (Margaret Ellis)" in texts
    assert "Go to member [red]Ann[/]" in texts
    assert "Go to member Evil ␛[31mEscape" in texts
    assert "Open meeting Tue 01 Dec 2026 14:00 at Riverside Cafe (2026-12-01)" in texts
    # Found by the date as written either way.
    for typed in ("01 Dec 2026", "2026-12-01"):
        best = max(texts, key=Matcher(typed).match)
        assert best.startswith("Open meeting Tue 01 Dec 2026"), (typed, best)
    shown = highlighted(Matcher("ann"), "Go to member [red]Ann[/]")
    assert shown.plain == "Go to member [red]Ann[/]"
    entries[1].open()
    assert opened == ["m2"]


async def test_the_screens_key_again_leaves_a_page_opened_from_it(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_member("m1")
        await pilot.pause(0.3)
        assert getattr(app.screen, "member_id", None) == "m1"
        await pilot.press("r")
        await pilot.pause()
        assert app.current_mode == "roster"
        assert len(app.screen_stack) == 1


async def test_palette_lists_every_screen(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = [command.title for command in app.get_system_commands(app.screen)]
        for entry in SCREENS_IN_ORDER:
            assert f"Go to {entry.label}" in names
        assert "Help: all keys" in names


async def test_palette_holds_the_screens_own_actions_too(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Next meeting" in commands
        assert "(key n)" in commands["Next meeting"].help
        # Textual's own scrolling and focus keys are not listed as actions.
        assert "Scroll Up" not in commands
        assert "Focus Next" not in commands
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"next meeting")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "meetings"


async def test_quit_needs_nothing_more_to_keep_the_data(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app: CoordinatorApp = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.save(lambda: store.save_venue(Venue("v7", "Hall")))
        # Read straight from disk while the app is still running: already there.
        with reopen(db_path, clock) as again:
            assert again.load().venue("v7") is not None
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
