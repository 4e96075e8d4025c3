"""First run: the setup form validates, names the field, and saves through the store."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from coordinator.clock import FixedClock
from coordinator.model import RhythmUnit, ValidationError, Weekday
from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.frame import ReadOnlyBanner
from coordinator.tui.screens.setup import SetupScreen
from coordinator.tui.widgets.group_form import read_timezone, system_zone_name, zone_suggestions

from .conftest import SIZE, AppFactory, reopen


def error_text(app: CoordinatorApp) -> str:
    return str(app.screen.query_one("#setup-error", Static).render())


async def fill(app: CoordinatorApp, values: dict[str, str]) -> None:
    for widget_id, value in values.items():
        app.screen.query_one(f"#{widget_id}", Input).value = value


async def test_first_run_opens_the_setup_form(empty_store: Store, app_factory: AppFactory) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.focused is app.screen.query_one("#group-name")


async def test_other_screens_wait_until_the_group_is_set_up(
    empty_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape", "f1")
        await pilot.pause()
        await pilot.press("escape")
        app.action_go("roster")
        await pilot.pause()
        assert app.current_mode == "dashboard"
        assert isinstance(app.screen, SetupScreen)


async def test_saving_without_a_name_names_the_field_and_saves_nothing(
    empty_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Group name: is required" in error_text(app)
        assert empty_store.group() is None
        assert isinstance(app.screen, SetupScreen)


@pytest.mark.parametrize(
    ("widget_id", "value", "message"),
    [
        ("support-phone", "call Sue", "Support line phone: has letters in it"),
        ("rhythm-time", "teatime", "Usual time: 'teatime' is not a time I can read"),
        ("coordinator-email", "ann-at-home", "Coordinator's email: does not look like"),
        ("group-timezone", "Mars/Olympus", "Timezone: 'Mars/Olympus' is not a known"),
        ("rhythm-length", "5", "Length (minutes): should be between 15 and 720"),
        ("venue-address", "1 Quay Street", "Venue name: is required"),
    ],
)
async def test_a_bad_field_is_named_and_gets_the_cursor(
    empty_store: Store, app_factory: AppFactory, widget_id: str, value: str, message: str
) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Tuesday Crew")
        await fill(app, {widget_id: value})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert message in error_text(app)
        target = "venue-name" if widget_id == "venue-address" else widget_id
        assert app.focused is app.screen.query_one(f"#{target}")
        assert empty_store.group() is None


async def test_a_filled_form_is_saved_and_opens_the_dashboard(
    empty_store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Tuesday Crew")
        await fill(
            app,
            {
                "group-timezone": "Europe/London",
                "rhythm-every": "1",
                "rhythm-time": "2pm",
                "rhythm-length": "90",
                "venue-name": "Riverside Cafe",
                "venue-address": "1 Quay Street",
                "coordinator-name": "Ann Whitfield",
                "coordinator-phone": "07700 900123",
                "coordinator-email": "ann@example.org",
                "support-phone": "0117 496 0000",
                "support-note": "Mon-Fri 9-5",
            },
        )
        app.screen.query_one("#rhythm-unit", Select).value = RhythmUnit.MONTH
        app.screen.query_one("#rhythm-weekday", Select).value = Weekday.THU
        app.screen.query_one("#rhythm-nth", Select).value = -1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.current_mode == "dashboard"
        assert not isinstance(app.screen, SetupScreen)
        assert "0117 496 0000" in str(app.screen.query_one(".support-line").render())
    with reopen(db_path, clock) as again:
        data = again.load()
    group = data.group
    assert group is not None
    assert group.name == "Tuesday Crew"
    assert group.rhythm.describe() == "the last Thursday every month at 14:00"
    assert group.rhythm.time == time(14, 0)
    assert group.rhythm.duration_minutes == 90
    assert group.started_on == date(2026, 11, 23)
    assert group.coordinator.email == "ann@example.org"
    assert group.support_line.note == "Mon-Fri 9-5"
    assert [v.name for v in data.venues] == ["Riverside Cafe"]
    assert group.default_venue_id == data.venues[0].id


async def test_enter_moves_to_the_next_field(empty_store: Store, app_factory: AppFactory) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Crew", "enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#group-timezone")
        assert empty_store.group() is None


def test_timezone_default_is_the_systems_unless_it_is_just_utc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert system_zone_name() == "America/New_York"
    monkeypatch.setenv("TZ", ":Europe/Paris")
    assert system_zone_name() == "Europe/Paris"
    monkeypatch.setenv("TZ", "Not/AZone")
    monkeypatch.setattr("coordinator.tui.widgets.group_form.Path.resolve", lambda self: Path("/x"))
    assert system_zone_name() == "Europe/London"
    monkeypatch.setenv("TZ", "UTC")
    assert system_zone_name() == "Europe/London"


async def test_a_read_only_first_run_says_so_and_saves_nothing(
    empty_store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    second = Store.open(db_path, clock)
    try:
        app = app_factory(second)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.screen.query_one(ReadOnlyBanner).display
            await pilot.press(*"Tuesday Crew", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, SetupScreen)
            assert any("read-only" in n.title for n in app._notifications)
    finally:
        second.close()
    assert empty_store.group() is None


async def test_a_city_alone_as_timezone_suggests_the_full_name(
    empty_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Tuesday Crew")
        await fill(app, {"group-timezone": "London"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = error_text(app)
        assert "⚠ Timezone:" in said
        assert "did you mean Europe/London?" in said
        assert app.focused is app.screen.query_one("#group-timezone")
        assert empty_store.group() is None


async def test_a_timezone_in_other_capitals_is_accepted_as_its_real_name(
    empty_store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Tuesday Crew")
        await fill(app, {"group-timezone": "europe/PARIS"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SetupScreen), error_text(app)
    with reopen(db_path, clock) as again:
        group = again.group()
    assert group is not None and group.timezone == "Europe/Paris"


def test_zone_suggestions_find_cities_and_near_spellings() -> None:
    assert zone_suggestions("new york")[0] == "America/New_York"
    assert zone_suggestions("Europe/Londn")[0] == "Europe/London"
    assert zone_suggestions("") == []
    assert read_timezone(" Asia/Kolkata ") == "Asia/Kolkata"
    with pytest.raises(ValidationError, match="Europe/London or America/New_York"):
        read_timezone("qqqqqqqq")


async def test_enter_on_the_last_field_saves(
    empty_store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Tuesday Crew")
        await fill(app, {"group-timezone": "Europe/London", "venue-name": "Library"})
        last = list(app.screen.query_one("#setup-form").query(Input))[-1]
        last.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SetupScreen), error_text(app)
    with reopen(db_path, clock) as again:
        assert again.group() is not None
