"""Text from users is data on every screen and in every modal.

A group whose names, venue, notes, topics, group name and support line hold Rich markup
and terminal escapes is shown on each screen; what the terminal would receive must show
the markup literally (``[red]Ann[/]``) and the escapes as visible symbols (``␛[31m``),
never a raw control character.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from coordinator.clock import FixedClock
from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.widgets.checkins import CheckInList
from coordinator.user_text import visible
from tests.found import found
from tests.hostile_data import (
    ACCESS,
    ADDRESS,
    ANN,
    AWAY_NOTE,
    CONTACT_NOTE,
    COORDINATOR,
    EVIL,
    GROUP_NAME,
    KNOWN_AS,
    MARKUP_TOPIC,
    MEETING_NOTES,
    NOTES,
    PLACE,
    SUPPORT_LABEL,
    SUPPORT_NOTE,
    TOPIC,
    VENUE,
    assert_no_controls,
    hostile_group,
    screen_text,
)
from tests.tui.conftest import SIZE, AppFactory, demo_group, filled_store, reopen

WIDE = (160, 50)


@pytest.fixture
def hostile_store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    opened = filled_store(db_path, clock, hostile_group())
    yield opened
    opened.close()


def assert_literal(app: CoordinatorApp, *values: str) -> None:
    """Each value is on screen exactly as :func:`visible` shows it (markup not parsed),
    and nothing on screen is a raw control character."""
    text = screen_text(app)
    assert_no_controls(text)
    missing = [visible(value) for value in values if visible(value) not in text]
    assert not missing, f"{type(app.screen).__name__} does not show {missing} literally"


async def _keys(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.pause()


SCREENS = [
    pytest.param(
        (),
        "DashboardScreen",
        (GROUP_NAME, SUPPORT_LABEL, SUPPORT_NOTE, PLACE, ANN, KNOWN_AS),
        id="dashboard",
    ),
    pytest.param(("r",), "RosterScreen", (ANN, EVIL, KNOWN_AS), id="roster"),
    pytest.param(("m",), "MeetingsScreen", (PLACE,), id="meetings"),
    pytest.param(("g",), "RegisterScreen", (VENUE, ANN, EVIL, KNOWN_AS), id="register-take"),
    pytest.param(("g", "v"), "RegisterScreen", (ANN, EVIL, KNOWN_AS), id="register-grid"),
    pytest.param(("t",), "TrendsScreen", (ANN, EVIL, TOPIC, MARKUP_TOPIC), id="trends"),
    pytest.param(("p",), "ReportsScreen", (GROUP_NAME, ANN, EVIL), id="reports-preview"),
    pytest.param(("s",), "SettingsScreen", (GROUP_NAME, COORDINATOR, VENUE), id="settings"),
    pytest.param(("question_mark",), "HelpScreen", (SUPPORT_LABEL,), id="help"),
]


@pytest.mark.parametrize(("keys", "screen_name", "expected"), SCREENS)
async def test_every_screen_shows_user_text_literally(
    hostile_store: Store,
    app_factory: AppFactory,
    keys: tuple[str, ...],
    screen_name: str,
    expected: tuple[str, ...],
) -> None:
    app = app_factory(hostile_store)
    async with app.run_test(size=WIDE) as pilot:
        await _keys(pilot, *keys)
        assert type(app.screen).__name__ == screen_name
        assert_literal(app, *expected)
        # The same screen at the smallest supported size: cut short, never obeyed.
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert_no_controls(screen_text(app))


async def test_settings_tabs_show_venues_literally(
    hostile_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(hostile_store)
    async with app.run_test(size=WIDE) as pilot:
        await _keys(pilot, "s")
        assert_literal(app, SUPPORT_NOTE, SUPPORT_LABEL)
        app.screen.query_one(TabbedContent).active = "tab-venues"
        await pilot.pause()
        assert_literal(app, VENUE, ADDRESS, ACCESS)
        await _keys(pilot, "e")
        assert type(app.screen).__name__ == "VenueForm"
        assert_literal(app, VENUE, ADDRESS, ACCESS)
        await _keys(pilot, "escape", "x")
        assert type(app.screen).__name__ == "ConfirmModal"
        assert_literal(app, VENUE)


async def test_member_page_and_its_modals_show_text_literally(
    hostile_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(hostile_store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.show_member("m1")
        await pilot.pause()
        assert type(app.screen).__name__ == "MemberScreen"
        assert_literal(app, KNOWN_AS, NOTES, AWAY_NOTE)
        await _keys(pilot, "e")
        assert type(app.screen).__name__ == "MemberFormModal"
        assert_literal(app, KNOWN_AS)
        await _keys(pilot, "escape", "w")
        assert type(app.screen).__name__ == "AwayPeriodModal"
        assert_literal(app, KNOWN_AS)
        await _keys(pilot, "escape", "o")
        assert type(app.screen).__name__ == "OutreachModal"
        assert_literal(app, KNOWN_AS)
        await _keys(pilot, "escape")
        app.show_member("m3")
        await pilot.pause()
        assert_literal(app, EVIL, CONTACT_NOTE)
        await _keys(pilot, "e")
        assert_literal(app, EVIL)


async def test_roster_modals_show_names_literally(
    hostile_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(hostile_store)
    async with app.run_test(size=WIDE) as pilot:
        await _keys(pilot, "r", "down")  # the second row: [red]Ann[/]
        await _keys(pilot, "l")
        assert type(app.screen).__name__ == "ReasonModal"
        assert_literal(app, ANN)
        await _keys(pilot, "escape", "delete")
        assert type(app.screen).__name__ == "ConfirmModal"
        assert_literal(app, ANN)
        await _keys(pilot, "escape", "o")
        assert type(app.screen).__name__ == "OutreachModal"
        assert_literal(app, ANN)
        await _keys(pilot, "escape", "down", "e")
        assert type(app.screen).__name__ == "MemberFormModal"
        assert_literal(app, EVIL)


async def test_meeting_views_and_modals_show_text_literally(
    hostile_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(hostile_store)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.show_meeting("g1")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingsScreen"
        assert_literal(app, VENUE, MARKUP_TOPIC, TOPIC, MEETING_NOTES)
        await _keys(pilot, "enter")
        assert type(app.screen).__name__ == "MeetingFormModal"
        assert_literal(app, VENUE, MARKUP_TOPIC, MEETING_NOTES)
        await _keys(pilot, "escape")
        app.show_meeting("g3")
        await pilot.pause()
        await _keys(pilot, "enter")
        assert_literal(app, PLACE)
        await _keys(pilot, "escape", "e")
        assert type(app.screen).__name__ == "IcsExportModal"
        assert_no_controls(screen_text(app))
        await _keys(pilot, "escape", "c")
        assert type(app.screen).__name__ == "ConfirmModal"
        assert_no_controls(screen_text(app))


async def test_register_apologies_modal_and_notifications_stay_literal(
    hostile_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(hostile_store)
    async with app.run_test(size=WIDE) as pilot:
        await _keys(pilot, "g", "down", "a")
        assert type(app.screen).__name__ == "ReasonModal"
        assert_literal(app, ANN)
        await _keys(pilot, "enter")
        assert type(app.screen).__name__ == "RegisterScreen"
        assert_no_controls(screen_text(app))


async def test_saving_untouched_forms_keeps_hostile_text_exactly(
    hostile_store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    """Forms show escapes as symbols, yet saving a form left as it was must not rewrite
    the saved text with those symbols."""
    app = app_factory(hostile_store)
    async with app.run_test(size=WIDE) as pilot:
        await _keys(pilot, "s", "ctrl+s")
        app.screen.query_one(TabbedContent).active = "tab-venues"
        await pilot.pause()
        await _keys(pilot, "e")
        assert type(app.screen).__name__ == "VenueForm"
        await _keys(pilot, "ctrl+s")
        app.show_member("m3")
        await pilot.pause()
        await _keys(pilot, "e")
        assert type(app.screen).__name__ == "MemberFormModal"
        await _keys(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "MemberScreen"
    with reopen(db_path, clock) as fresh:
        data = fresh.load()
    assert data.group is not None
    assert data.group.name == GROUP_NAME
    assert data.group.coordinator.name == COORDINATOR
    assert (data.group.support_line.label, data.group.support_line.note) == (
        SUPPORT_LABEL,
        SUPPORT_NOTE,
    )
    assert [(v.name, v.address, v.access_notes) for v in data.venues] == [(VENUE, ADDRESS, ACCESS)]
    member = data.member("m3")
    assert member is not None and member.name == EVIL


async def test_a_saved_report_names_a_markup_looking_folder_literally(
    hostile_store: Store,
    app_factory: AppFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """File paths are text too: a folder called ``[b]x[/]`` (or a Windows path full of
    backslashes) is said as it is, and an unbalanced ``[/]`` never crashes the app."""
    # Folders "[b]reports[" and "]x" make the path read "[b]reports[/]x"; an escape in a
    # folder name is as real as one in a member's name.
    home = tmp_path / "[b]reports[" / "]x\x1b[31m"
    home.mkdir(parents=True)
    assert "[b]reports[/]x" in str(home)
    monkeypatch.setenv("COORDINATOR_HOME", str(home))
    app = app_factory(hostile_store)
    async with app.run_test(size=WIDE) as pilot:
        await _keys(pilot, "p")
        app.screen.query_one("#report-kind").focus()
        await _keys(pilot, "w")
        await _keys(pilot, "enter")  # the folder offered, shown with its escape as a symbol
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        saved = list((home / "reports").iterdir())
        assert len(saved) == 1
        # What each notification shows: Textual reads markup unless told not to.
        shown = [
            Content.from_markup(note.message).plain if note.markup else note.message
            for note in app._notifications
        ]
        assert any(visible(str(saved[0])) in message for message in shown), shown
        for message in shown:
            assert_no_controls(message)
        assert_literal(app, str(home))


async def test_the_check_in_list_shows_hostile_names_literally(
    db_path: Path, clock: FixedClock, app_factory: AppFactory
) -> None:
    """The demo group (which has members drifting away) with every name made hostile."""
    demo = demo_group()
    hostile_names = replace(
        demo,
        members=tuple(
            replace(m, name=f"[red]{m.name[:6]}[/]\x1b[31m", known_as="") for m in demo.members
        ),
    )
    store = filled_store(db_path, clock, hostile_names)
    try:
        app = app_factory(store)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()  # the check-ins come from a thread
            await pilot.pause()
            flagged = app.screen.query_one("#checkins", CheckInList).flags
            assert flagged, "the demo group should have someone to check in with"
            names = [found(hostile_names.member(flag.member_id)).name for flag in flagged]
            assert_literal(app, *names[:2])
            app.screen.query_one("#checkins").focus()
            await _keys(pilot, "l")
            assert type(app.screen).__name__ == "OutreachModal"
            assert_literal(app, names[0])
    finally:
        store.close()


async def test_pasted_escapes_never_reach_the_screen_or_the_file(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    """A paste reaches the app as one event; the escapes in it never reach the terminal
    through the field that shows what was pasted."""
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _keys(pilot, "r", "a")
        assert type(app.screen).__name__ == "MemberFormModal"
        app.post_message(events.Paste("Bo\x1b[2J\x1b]0;pwned\x07b"))
        await pilot.pause()
        await pilot.pause()
        assert_no_controls(screen_text(app))
        await _keys(pilot, "ctrl+s")
        assert type(app.screen).__name__ == "RosterScreen"
    with reopen(db_path, clock) as fresh:
        assert "Bob" in [m.name for m in fresh.members()]  # the escapes dropped
