"""The forms behave the same everywhere: state in words, refused up front in a read-only
window, the same buttons and keys, errors with ⚠ naming the field, sensible defaults."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static

from coordinator.clock import FixedClock
from coordinator.model import ContactOutcome, GroupData, MeetingStatus, Member
from coordinator.store import Store
from coordinator.tui.app import TOOK_OVER, CoordinatorApp
from coordinator.tui.frame import ReadOnlyBanner
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.form import CLOSE_LABEL, FormModal, TickBox
from coordinator.tui.modals.meeting_form import MeetingFormModal
from coordinator.tui.modals.member_form import JOINED_HINT, MemberFormModal
from coordinator.tui.modals.outreach import OutreachModal

from .conftest import SIZE, AppFactory, filled_store, reopen, small_group


def shown(widget: Static | TickBox) -> str:
    return str(widget.render())


def screen_text(app: CoordinatorApp) -> str:
    return app.export_screenshot().replace("&#160;", " ")


def notes(app: CoordinatorApp) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


async def open_add_member(app: CoordinatorApp, pilot: Pilot[None]) -> MemberFormModal:
    await pilot.press("r")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    modal = app.screen
    assert isinstance(modal, MemberFormModal)
    return modal


# -- 1. a checkbox says its state in words ---------------------------------------------


async def test_consent_checkbox_says_yes_or_no_not_only_colour(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_add_member(app, pilot)
        box = modal.query_one("#share", TickBox)
        assert "[ ] no" in shown(box)
        assert "[x]" not in shown(box)
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert "[x] yes" in shown(box)
        assert "may share contact with the group" in shown(box)
        # Every theme: the words are the same, whatever the colours.
        app.theme = "textual-light"
        await pilot.pause()
        assert "[x] yes" in shown(box)


# -- 2. a read-only window refuses forms before anything is typed ------------------------


async def test_read_only_window_refuses_to_open_forms_but_still_shows(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    with Store.open(db_path, clock, read_only=True) as viewer:
        app = app_factory(viewer)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("r")
            await pilot.pause()
            screen = app.screen
            for key in ("a", "e", "o"):
                await pilot.press(key)
                await pilot.pause()
                assert app.screen is screen, key
                assert not isinstance(app.screen, FormModal)
            assert any("Read-only" in n for n in notes(app))
            assert any("Opened read-only." in n for n in notes(app))
            await pilot.press("m")
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            assert not isinstance(app.screen, MeetingFormModal)
            await pilot.press("c")
            await pilot.pause()
            assert not isinstance(app.screen, ConfirmModal)
            # Viewing still works: the register opens and shows the meeting.
            await pilot.press("g")
            await pilot.pause()
            assert app.current_mode == "register"
    assert store.load() == small_group()


# -- 3. closing the other window unlocks this one ---------------------------------------


async def test_second_window_takes_over_when_the_first_closes(
    db_path: Path, app_factory: AppFactory, clock: FixedClock
) -> None:
    first = filled_store(db_path, clock, small_group())
    second = Store.open(db_path, clock)
    try:
        assert second.read_only
        app = app_factory(second)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("r")
            await pilot.pause()
            banner = app.screen.query_one(ReadOnlyBanner)
            assert banner.display
            assert "F5" in shown(banner)
            await pilot.press("f5")
            await pilot.pause()
            assert second.read_only  # the first window is still open
            assert banner.display
            # The first window changes something, then closes.
            first.save_member(Member("m9", "Newcomer Nell"))
            first.close()
            await pilot.press("f5")
            await pilot.pause()
            assert not second.read_only
            assert not banner.display
            assert any(TOOK_OVER in n for n in notes(app))
            # The roster shows the other window's change, and forms open now.
            assert "Newcomer Nell" in screen_text(app)
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, MemberFormModal)
            await pilot.press(*"Bea", "ctrl+s")
            await pilot.pause()
        with reopen(db_path, clock) as fresh:
            assert {"Newcomer Nell", "Bea"} <= {m.name for m in fresh.members()}
    finally:
        first.close()
        second.close()


async def test_the_timer_takes_over_without_a_key(
    db_path: Path, app_factory: AppFactory, clock: FixedClock
) -> None:
    first = filled_store(db_path, clock, small_group())
    second = Store.open(db_path, clock)
    try:
        app = app_factory(second)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app._take_over_timer is not None
            first.close()
            await pilot.pause(3.5)
            assert not second.read_only
            assert not app.screen.query_one(ReadOnlyBanner).display
            assert app._take_over_timer is None
    finally:
        first.close()
        second.close()


async def test_try_to_edit_again_is_in_the_palette_only_while_read_only(
    db_path: Path, app_factory: AppFactory, clock: FixedClock
) -> None:
    first = filled_store(db_path, clock, small_group())
    second = Store.open(db_path, clock)
    try:
        app = app_factory(second)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Try to edit again" in titles
            first.close()
            assert app.take_over()
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Try to edit again" not in titles
    finally:
        first.close()
        second.close()


# -- 4. joined on: empty while setting up, else today with a hint ------------------------


async def test_joined_on_is_empty_while_no_meeting_has_been_held(
    db_path: Path, app_factory: AppFactory, clock: FixedClock
) -> None:
    data = small_group()
    store = filled_store(db_path, clock, GroupData(data.group, data.venues, data.members))
    try:
        app = app_factory(store)
        async with app.run_test(size=SIZE) as pilot:
            modal = await open_add_member(app, pilot)
            assert modal.query_one("#joined_on", Input).value == ""
            assert not modal.query(".joined-hint")
            await pilot.press(*"Bea", "ctrl+s")
            await pilot.pause()
        with reopen(db_path, clock) as fresh:
            [bea] = [m for m in fresh.members() if m.name == "Bea"]
            assert bea.joined_on is None
    finally:
        store.close()


async def test_joined_on_defaults_to_today_with_a_hint_once_meetings_are_held(
    store: Store, app_factory: AppFactory, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_add_member(app, pilot)
        assert modal.query_one("#joined_on", Input).value == "2026-11-23"
        hint = modal.query_one(".joined-hint", Static)
        assert shown(hint) == JOINED_HINT
        # Right under the field.
        field = modal.query_one("#joined_on", Input)
        assert hint.region.y == field.region.y + 1


# -- 5. the same buttons, keys and error lines everywhere --------------------------------


async def test_outreach_form_is_like_the_others(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, OutreachModal)
        assert str(modal.query_one("#form-cancel", Button).label) == CLOSE_LABEL
        assert str(modal.query_one("#form-save", Button).label) == "Save (ctrl+s)"
        modal.query_one("#on", Input).value = "2027-01-01"
        modal.query_one("#outcome", Select).value = ContactOutcome.NO_REPLY
        await pilot.press(*"rang", "ctrl+s")
        await pilot.pause()
        said = shown(modal.query_one("#form-error", Static))
        assert said.startswith("⚠ Date:")
        assert app.focused is modal.query_one("#on")
        modal.query_one("#on", Input).value = "2026-11-20"
        await pilot.pause()
        # The field was changed: its warning goes at once (checked again on save).
        assert shown(modal.query_one("#form-error", Static)) == ""
        assert not modal.query_one("#on").has_class("-invalid")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, OutreachModal)
    with reopen(db_path, clock) as fresh:
        assert [c.note for c in fresh.contacts()] == ["rang"]


async def test_every_form_says_close_without_saving(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_add_member(app, pilot)
        assert str(app.screen.query_one("#form-cancel", Button).label) == CLOSE_LABEL
        assert "Esc closes without saving" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MeetingFormModal)
        assert str(app.screen.query_one("#form-cancel", Button).label) == CLOSE_LABEL


async def test_cancelling_a_meeting_asks_in_plain_words(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        app.show_meeting("g3")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert str(modal.query_one("#yes", Button).label) == "Cancel the meeting (y)"
        assert str(modal.query_one("#no", Button).label) == "Keep it (n / Esc)"
        await pilot.press("escape")
        await pilot.pause()
    meeting = store.meeting("g3")
    assert meeting is not None and meeting.status is MeetingStatus.PLANNED


# -- 6. a meeting added with a past date is held -----------------------------------------


async def test_a_past_one_off_meeting_defaults_to_held(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, MeetingFormModal)
        status = modal.query_one("#status", Select)
        assert status.value is MeetingStatus.PLANNED
        await pilot.press("ctrl+u", *"2026-10-06")
        await pilot.pause()
        assert modal.query_one("#status", Select).value is MeetingStatus.HELD
        # A date from today on: planned again.
        await pilot.press("ctrl+u", *"2026-12-15")
        await pilot.pause()
        assert status.value is MeetingStatus.PLANNED
        await pilot.press("ctrl+u", *"2026-10-06", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingFormModal)
    with reopen(db_path, clock) as fresh:
        [added] = [m for m in fresh.meetings() if m.day == date(2026, 10, 6)]
        assert added.status is MeetingStatus.HELD


async def test_a_status_chosen_by_hand_is_kept_when_the_date_changes(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, MeetingFormModal)
        status = modal.query_one("#status", Select)
        status.value = MeetingStatus.CANCELLED
        await pilot.pause()
        modal.query_one("#date", Input).focus()
        await pilot.press("ctrl+u", *"2026-10-06")
        await pilot.pause()
        assert status.value is MeetingStatus.CANCELLED


def test_a_form_that_cannot_build_its_result_is_refused_when_it_is_made() -> None:
    with pytest.raises(TypeError, match="must say how its result is built"):

        class Unfinished(FormModal[None]):
            pass


async def test_a_drama_range_number_is_saved_with_a_gentle_word(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    """07700 900123 (possible, not known to be in use) is saved, never refused."""
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_add_member(app, pilot)
        modal.query_one("#name", Input).value = "Drama Person"
        modal.query_one("#phone", Input).value = "07700 900123"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MemberFormModal)
        said = [n.message for n in app._notifications]
        assert "The phone number may not be in use: check the digits." in said
    with reopen(db_path, clock) as fresh:
        assert [m.phone for m in fresh.members() if m.name == "Drama Person"] == ["07700 900123"]
