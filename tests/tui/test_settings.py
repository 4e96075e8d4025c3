"""Settings: group details, venues and theme, each saved through the store at once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, OptionList, Select, Static, TabbedContent

from coordinator.clock import FixedClock
from coordinator.invites import ics
from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.venue_form import VenueForm
from coordinator.tui.screens.settings import SettingsScreen
from coordinator.tui.widgets.reminders_form import RemindersForm
from coordinator.watch import WatchSettings

from .conftest import SIZE, AppFactory, reopen


async def open_settings(app: CoordinatorApp, pilot: Pilot[None], tab: str = "tab-group") -> None:
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)
    app.screen.query_one(TabbedContent).active = tab
    await pilot.pause()


async def test_settings_shows_the_saved_group(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        screen = app.screen
        assert screen.query_one("#group-name", Input).value == "Tuesday Crew"
        assert screen.query_one("#support-phone", Input).value == "0117 496 0000"
        assert screen.query_one("#group-venue", Select).value == "v1"
        assert screen.query_one("#group-deputy", Select).value is Select.NULL


async def test_changing_group_details_is_saved_by_keys(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        name = app.screen.query_one("#group-name", Input)
        name.focus()
        await pilot.press("end", *" (north)")
        app.screen.query_one("#support-note", Input).value = "out of hours call 111"
        app.screen.query_one("#group-deputy", Select).value = "m1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "out of hours call 111" in str(app.screen.query_one(".support-line").render())
    with reopen(db_path, clock) as again:
        group = again.group()
    assert group is not None
    assert group.name == "Tuesday Crew (north)"
    assert group.support_line.note == "out of hours call 111"
    assert group.deputy_member_id == "m1"
    assert group.default_venue_id == "v1"


async def test_the_save_button_saves_too(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        app.screen.query_one("#group-name", Input).value = "Thursday Crew"
        app.screen.query_one("#settings-save", Button).press()
        await pilot.pause()
    group = store.group()
    assert group is not None
    assert group.name == "Thursday Crew"


async def test_a_bad_field_is_named_and_nothing_is_saved(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        app.screen.query_one("#coordinator-phone", Input).value = "ring me"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#settings-error", Static).render())
        assert "Coordinator's phone: has letters in it" in error
        assert app.focused is app.screen.query_one("#coordinator-phone")
    group = store.group()
    assert group is not None
    assert group.coordinator.phone == "07700 900123"


async def test_unsaved_typing_survives_a_change_elsewhere_and_is_mentioned(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        app.screen.query_one("#group-name", Input).value = "Renamed"
        app.data_changed()
        await pilot.pause()
        assert app.screen.query_one("#group-name", Input).value == "Renamed"
        await pilot.press("d")
        await pilot.pause()
        assert any("not saved yet" in n.message for n in app._notifications)


async def test_add_edit_and_remove_a_venue_by_keys(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot, "tab-venues")
        app.screen.query_one("#venues", DataTable).focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, VenueForm)
        await pilot.press(*"[b]Library[/b]", "tab", *"2 High St")
        await pilot.press("ctrl+s")
        await pilot.pause()
        names = [v.name for v in store.venues()]
        assert names == ["Riverside Cafe", "[b]Library[/b]"]
        table = app.screen.query_one("#venues", DataTable)
        assert table.row_count == 2

        table.move_cursor(row=1)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, VenueForm)
        app.screen.query_one("#venue-name", Input).value = "Library"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [v.name for v in store.venues()] == ["Riverside Cafe", "Library"]

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
    with reopen(db_path, clock) as again:
        assert [v.name for v in again.venues()] == ["Riverside Cafe"]


async def test_removing_a_venue_can_be_called_off(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot, "tab-venues")
        app.screen.query_one("#venues", DataTable).focus()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
    assert [v.id for v in store.venues()] == ["v1"]


async def test_venue_keys_only_work_on_the_venues_tab(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot, "tab-theme")
        app.screen.query_one("#themes", OptionList).focus()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
    assert [v.id for v in store.venues()] == ["v1"]


async def test_picking_a_theme_applies_and_keeps_it(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot, "tab-theme")
        themes = app.screen.query_one("#themes", OptionList)
        themes.focus()
        themes.highlighted = themes.get_option_index("nord")
        # Said in plain words, the default first.
        assert "Standard, dark (the default)" in str(themes.get_option_at_index(0).prompt)
        assert "Nord, dark" in str(themes.get_option("nord").prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    with reopen(db_path, clock) as again:
        assert again.settings()["theme"] == "nord"


async def test_read_only_window_refuses_settings_changes(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    second = Store.open(db_path, clock)
    try:
        app = app_factory(second)
        async with app.run_test(size=SIZE) as pilot:
            await open_settings(app, pilot)
            app.screen.query_one("#group-name", Input).value = "Changed"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert any("read-only" in n.title for n in app._notifications)
    finally:
        second.close()
    group = store.group()
    assert group is not None
    assert group.name == "Tuesday Crew"


async def test_a_saved_escape_shows_as_a_symbol_and_survives_a_save(
    store: Store, app_factory: AppFactory
) -> None:
    group = store.group()
    assert group is not None
    store.save_group(replace(group, name="Crew \x1b[31m[red]x[/]"))
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        assert app.screen.query_one("#group-name", Input).value == "Crew ␛[31m[red]x[/]"
        app.screen.query_one("#support-note", Input).value = "changed"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = store.group()
    assert saved is not None
    assert saved.name == "Crew \x1b[31m[red]x[/]"
    assert saved.support_line.note == "changed"


async def test_reminder_and_long_gap_rule_are_saved(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot, "tab-reminders")
        screen = app.screen
        # Said in words ("1 day"), not as 1440 minutes.
        assert screen.query_one("#reminder-minutes", Input).value == "1 day"
        assert screen.query_one("#watch-gap-misses", Input).value == "2"
        screen.query_one("#reminder-minutes", Input).value = "none"
        screen.query_one("#watch-gap-misses", Input).value = "3"
        screen.query_one("#watch-gap-weeks", Input).value = "8"
        await pilot.press("ctrl+s")
        await pilot.pause()
    with reopen(db_path, clock) as again:
        settings = again.settings()
    assert ics.alarm_minutes(settings) is None
    watch = WatchSettings.from_settings(settings)
    assert (watch.long_gap_misses, watch.long_gap_weeks) == (3, 8)
    assert watch.watch_score == WatchSettings().watch_score


async def test_the_time_away_rule_is_turned_on_and_off_in_words(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    """The drift watch's rule for a miss without word after time away: on by default,
    "no" turns it off, "yes" on again at the default share, and a share of its own saved
    before is kept while it stays on."""
    default = WatchSettings().away_usual
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot, "tab-reminders")
        field = app.screen.query_one("#watch-after-away", Input)
        assert field.value == "yes"
        field.focus()
        field.value = ""
        await pilot.press("N", "o", "ctrl+s")
        await pilot.pause()
        assert WatchSettings.from_settings(store.settings()).away_usual > 1.0
        field.value = "y"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert WatchSettings.from_settings(store.settings()).away_usual == default
        # A share of its own, set some other way (the group file), is shown as "yes"...
        store.save_settings({**store.settings(), "watch": {"away_usual": 0.5}})
        app.screen.query_one(RemindersForm).fill(store.settings())
        assert field.value == "yes"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert WatchSettings.from_settings(store.settings()).away_usual == 0.5  # ...and kept
        field.value = "no"
        await pilot.press("ctrl+s")
        await pilot.pause()
    with reopen(db_path, clock) as again:
        assert WatchSettings.from_settings(again.settings()).away_usual > 1.0


async def test_a_bad_reminder_is_named_and_not_saved(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot, "tab-reminders")
        app.screen.query_one("#reminder-minutes", Input).value = "a fortnight"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#reminders-error", Static).render())
        assert "Reminder: 'a fortnight' should be a time before the meeting" in error
        assert app.focused is app.screen.query_one("#reminder-minutes")
    assert ics.ALARM_SETTING not in store.settings()


async def test_other_tabs_are_built_when_first_opened_with_the_data_as_then(
    store: Store, app_factory: AppFactory
) -> None:
    from coordinator.model import Venue

    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(app, pilot)
        screen = app.screen
        assert screen.query_one("#group-name", Input).value == "Tuesday Crew"
        # Only the tab on show is built as the screen opens.
        assert not screen.query("#venues")
        assert not screen.query(RemindersForm)
        assert not screen.query("#themes")
        # A change made before a tab is first opened is in it when it is.
        app.save(lambda: app.store.save_venue(Venue("v2", "Library", "2 High St")))
        await pilot.pause()
        screen.query_one(TabbedContent).active = "tab-venues"
        await pilot.pause()
        table = screen.query_one("#venues", DataTable)
        names = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
        assert names == ["Riverside Cafe", "Library"]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, VenueForm)
        await pilot.press("escape")
        await pilot.pause()
        screen.query_one(TabbedContent).active = "tab-reminders"
        await pilot.pause()
        assert screen.query_one("#watch-gap-misses", Input).value == str(
            WatchSettings().long_gap_misses
        )
        screen.query_one(TabbedContent).active = "tab-theme"
        await pilot.pause()
        themes = screen.query_one("#themes", OptionList)
        assert themes.option_count == len(app.available_themes)
