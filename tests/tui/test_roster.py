"""The roster, driven by keys: every change is checked in a freshly opened store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from coordinator.clock import FixedClock
from coordinator.model import Member, MemberStatus, OutreachNote, Reason
from coordinator.store import Store
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.member_form import MemberFormModal
from coordinator.tui.screens.member import MemberScreen
from coordinator.tui.screens.roster import RosterScreen, erase_warning, matches
from tests.found import found
from tests.tui.conftest import SIZE, AppFactory, reopen


async def _open_roster(pilot: Pilot[None]) -> None:
    await pilot.press("r")
    await pilot.pause()


def _row_ids(app: App[Any]) -> list[str]:
    screen = app.screen
    table = screen.query_one("#roster-table", DataTable)
    return [str(key.value) for key in table.rows]


async def test_names_with_markup_and_escapes_show_literally(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot)
        assert isinstance(app.screen, RosterScreen)
        table = app.screen.query_one("#roster-table", DataTable)
        names = [table.get_row(key)[0].plain for key in table.rows]
        assert "[red]Ann[/]" in names
        assert "Evil \u241b[31mEscape" in names
        svg = app.export_screenshot()
        assert "[red]Ann[/]" in svg
        assert "\x1b" not in svg


async def test_add_member_by_keys_is_saved(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MemberFormModal)
        await pilot.press(*"Bea", "space", *"Long", "tab", "tab", *"07912 345679", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
    with reopen(db_path, clock) as fresh:
        added = [m for m in fresh.members() if m.name == "Bea Long"]
        assert len(added) == 1
        assert added[0].phone == "07912 345679"
        assert added[0].status is MemberStatus.ACTIVE
        assert added[0].joined_on == clock.now().date()


async def test_bad_phone_names_the_field_and_keeps_what_was_typed(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot)
        await pilot.press("a", *"Cy", "tab", "tab", *"07x", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberFormModal)
        error = str(form.query_one("#form-error").render())
        assert "Phone" in error and "letters" in error
        assert form.query_one("#name", Input).value == "Cy"
        assert app.focused is form.query_one("#phone", Input)
        # Numbers are checked with phonenumbers as typed: why it is wrong, not just that.
        await pilot.press("backspace", "1", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MemberFormModal)
        error = str(form.query_one("#form-error").render())
        assert "Phone" in error and "is too short" in error
        await pilot.press("backspace", *"912 345678", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
    with reopen(db_path, clock) as fresh:
        assert [m.phone for m in fresh.members() if m.name == "Cy"] == ["07912 345678"]


async def test_edit_keeps_other_fields_and_escapes_in_a_name(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot)
        await pilot.press("down", "down", "e")  # m3, whose name holds an escape
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberFormModal)
        assert "\x1b" not in form.query_one("#name", Input).value
        await pilot.press("tab", *"Evie", "ctrl+s")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        member = fresh.member("m3")
        assert member is not None
        assert member.known_as == "Evie"
        assert member.name == "Evil \x1b[31mEscape"  # untouched field kept exactly


async def test_pause_resume_and_leave_with_reason(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot)
        await pilot.press("z")  # Maggie pauses
        await pilot.pause()
        with reopen(db_path, clock) as fresh:
            assert found(fresh.member("m1")).status is MemberStatus.PAUSED
        await pilot.press("z")  # and comes back
        await pilot.pause()
        with reopen(db_path, clock) as fresh:
            assert found(fresh.member("m1")).status is MemberStatus.ACTIVE
        await pilot.press("down", "l")
        await pilot.pause()
        await pilot.press("5")  # the fifth leaving reason: time unsuitable
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        left = fresh.member("m2")
        assert left is not None
        assert left.status is MemberStatus.LEFT
        assert left.status_reason is Reason.TIME_UNSUITABLE
        assert left.status_since == clock.now().date()


async def test_erase_confirms_and_removes_person_marks_and_notes(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    store.save_contact(OutreachNote("c1", "m3", clock.now().date(), note="texted"))
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot)
        await pilot.press("down", "down", "delete")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        said = confirm.body_text.plain
        assert "backup --purge" in said and "1 attendance mark" in said
        await pilot.press("enter")  # focus starts on "No": Enter never erases
        await pilot.pause()
        with reopen(db_path, clock) as fresh:
            assert fresh.member("m3") is not None
        await pilot.press("delete", "y")
        await pilot.pause()
        assert "m3" not in _row_ids(app)
    with reopen(db_path, clock) as fresh:
        assert fresh.member("m3") is None
        assert not [c for c in fresh.contacts() if c.member_id == "m3"]
        assert all("m3" not in m.attendance for m in fresh.meetings())


async def test_filter_and_search(store: Store, app_factory: AppFactory) -> None:
    store.save_member(Member(id="m9", name="Old Friend", status=MemberStatus.LEFT))
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot)
        assert "m9" not in _row_ids(app)  # everyday view: active and paused
        await pilot.press("f", "f", "f")  # active -> paused -> left
        await pilot.pause()
        assert _row_ids(app) == ["m9"]
        await pilot.press("f")  # everyone
        await pilot.pause()
        assert len(_row_ids(app)) == 4
        await pilot.press("slash", *"maggie")
        await pilot.pause()
        assert _row_ids(app) == ["m1"]
        await pilot.press("enter")  # back to the table, still filtered
        await pilot.pause()
        assert isinstance(app.focused, DataTable)
        await pilot.press("enter")  # opens the page
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)
        assert app.screen.member_id == "m1"


async def test_show_member_opens_their_page(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        app.show_member("m2")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)
        assert app.screen.member_id == "m2"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)


async def test_read_only_window_changes_nothing(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    with Store.open(db_path, clock, read_only=True) as second:
        app = app_factory(second)
        async with app.run_test(size=SIZE) as pilot:
            await _open_roster(pilot)
            await pilot.press("z")
            await pilot.pause()
    with reopen(db_path, clock) as fresh:
        assert found(fresh.member("m1")).status is MemberStatus.ACTIVE


def test_search_matches_any_part_ignoring_case(store: Store) -> None:
    maggie = store.member("m1")
    assert maggie is not None
    assert matches(maggie, "ELLIS") and matches(maggie, "mag") and matches(maggie, "")
    assert not matches(maggie, "zed")


def test_erase_warning_counts_what_goes(store: Store) -> None:
    member = store.member("m1")
    assert member is not None
    said = erase_warning(store.load(), member).plain
    assert "2 attendance marks" in said and "0 outreach notes" in said


async def test_bad_join_date_names_the_field(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_roster(pilot)
        await pilot.press("a", *"Di", *(["tab"] * 7), "home", "ctrl+k", *"soon", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberFormModal)
        assert "Joined on" in str(form.query_one("#form-error").render())
        assert app.focused is form.query_one("#joined_on", Input)
        assert form.query_one("#name", Input).value == "Di"
