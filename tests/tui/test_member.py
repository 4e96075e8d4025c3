"""A member's page, driven by keys: outreach in two keys, away periods, history."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select

from coordinator.clock import FixedClock
from coordinator.model import AwayPeriod, Channel, ContactOutcome, Member, OutreachNote
from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.modals.member_form import AwayPeriodModal
from coordinator.tui.modals.outreach import OutreachModal
from coordinator.tui.screens.member import MemberScreen, member_details
from tests.found import found
from tests.tui.conftest import SIZE, AppFactory, reopen


async def _open_page(app: CoordinatorApp, pilot: Pilot[None], member_id: str) -> MemberScreen:
    app.show_member(member_id)
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MemberScreen)
    return screen


async def test_log_a_contact_in_two_keys(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_page(app, pilot, "m1")
        await pilot.press("o", "enter")
        await pilot.pause()
        # No outcome by default: a quick save must not take them off the list unasked.
        modal = app.screen
        assert isinstance(modal, OutreachModal)
        assert "⚠ Outcome" in str(modal.query_one("#form-error").render())
        assert app.focused is modal.query_one("#outcome")
        modal.query_one("#outcome", Select).value = ContactOutcome.REACHED
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)
        contacts = app.screen.query_one("#member-contacts", OptionList)
        assert contacts.option_count == 1
    with reopen(db_path, clock) as fresh:
        notes = fresh.contacts()
        assert len(notes) == 1
        assert notes[0].member_id == "m1"
        assert notes[0].on == clock.now().date()
        assert notes[0].outcome is ContactOutcome.REACHED


async def test_contact_with_a_note_and_a_bad_date_is_refused_then_saved(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_page(app, pilot, "m2")
        await pilot.press("o", *"texted", "space", *"Ann", "tab", "ctrl+u", *"31/02/2026", "enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, OutreachModal)
        assert "⚠ Date" in str(modal.query_one("#form-error").render())
        modal.query_one("#outcome", Select).value = ContactOutcome.REACHED
        await pilot.press("home", "ctrl+k", *"2026-11-20", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)
    with reopen(db_path, clock) as fresh:
        [note] = fresh.contacts()
        assert (note.on, note.note) == (date(2026, 11, 20), "texted Ann")


async def test_outreach_modal_defaults_to_the_members_channel() -> None:
    member = Member(id="m5", name="Dave", channel=Channel.WHATSAPP)
    results: list[OutreachNote | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(OutreachModal(member, date(2026, 11, 23)), results.append)

    async with Host().run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]
    async with Host().run_test(size=SIZE) as pilot:
        await pilot.pause()
        pilot.app.screen.query_one("#outcome", Select).value = ContactOutcome.NO_REPLY
        await pilot.press("enter")
        await pilot.pause()
    note = results[-1]
    assert note is not None and note.channel is Channel.WHATSAPP and note.id.startswith("c")


async def test_add_and_remove_time_away(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        page = await _open_page(app, pilot, "m1")
        await pilot.press("w", "tab", *"2026-12-20", "tab", *"holiday", "enter")
        await pilot.pause()
        with reopen(db_path, clock) as fresh:
            assert found(fresh.member("m1")).away == (
                AwayPeriod(date(2026, 11, 23), date(2026, 12, 20), "holiday"),
            )
        page.query_one("#member-away", OptionList).focus()
        await pilot.pause()
        await pilot.press("delete", "y")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        assert found(fresh.member("m1")).away == ()


async def test_away_until_before_from_names_the_field(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_page(app, pilot, "m1")
        await pilot.press("w", "tab", *"2026-01-01", "enter")
        await pilot.pause()
        assert "Away until" in str(app.screen.query_one("#form-error").render())


async def test_remove_an_outreach_note(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    store.save_contact(OutreachNote("c1", "m1", date(2026, 11, 1), note="[bold]hi"))
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        page = await _open_page(app, pilot, "m1")
        contacts = page.query_one("#member-contacts", OptionList)
        assert "[bold]hi" in str(contacts.get_option_at_index(0).prompt)
        contacts.focus()
        await pilot.pause()
        await pilot.press("delete", "y")
        await pilot.pause()
    with reopen(db_path, clock) as fresh:
        assert fresh.contacts() == ()


async def test_history_uses_marks_and_words(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        page = await _open_page(app, pilot, "m3")
        table = page.query_one("#member-history", DataTable)
        marks = [table.get_row(key)[1].plain for key in table.rows]
        # Newest first: unknown at 17 Nov, absent without word at 3 Nov.
        assert marks == ["· unknown", "○ absent (no word)"]
        details = str(page.query_one("#member-details").render())
        assert "Evil \u241b[31mEscape" in details


async def test_page_closes_when_the_member_is_erased(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_page(app, pilot, "m2")
        app.save(lambda: store.erase_member("m2"))
        await pilot.pause()
        assert not isinstance(app.screen, MemberScreen)


def test_details_are_literal_and_say_status_in_words(store: Store) -> None:
    data = store.load()
    member = data.member("m2")
    assert member is not None
    text = member_details(data, member).plain
    assert text.startswith("[red]Ann[/]") and "active" in text and "Contact by SMS" in text


async def test_edit_a_logged_check_in_with_enter(
    store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    """Enter (or e) on a check-in opens it in the form; saving keeps the same check-in."""
    tried = OutreachNote("c1", "m1", date(2026, 11, 20), outcome=ContactOutcome.NO_REPLY)
    store.save_contact(tried)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        page = await _open_page(app, pilot, "m1")
        page.query_one("#member-contacts", OptionList).focus()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, OutreachModal)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, OutreachModal) and modal.existing == tried
        # Note, then Date, How, Outcome, Try again on.
        await pilot.press(*"rang", "tab", "tab", "tab", "tab", *"2026-11-19")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OutreachModal)  # before the check-in: refused
        assert "⚠ Try again on" in str(app.screen.query_one("#form-error").render())
        await pilot.press("home", "ctrl+k", *"2026-11-26", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)
        shown = str(page.query_one("#member-contacts", OptionList).get_option_at_index(0).prompt)
        assert "try again 2026-11-26" in shown
    with reopen(db_path, clock) as fresh:
        [note] = fresh.contacts()
        assert note.id == "c1" and note.outcome is ContactOutcome.NO_REPLY
        assert (note.note, note.try_again_on) == ("rang", date(2026, 11, 26))


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda m, d: OutreachModal(m, d), "again"),
        (lambda m, d: AwayPeriodModal(m, d), "away_to"),
    ],
)
async def test_examples_for_days_to_come_are_never_in_the_past(make: Any, field: str) -> None:
    """ "Try again on" and "Away until" are days still to come: their example is too."""
    today = date(2031, 5, 6)  # any day: the example follows it

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(make(Member(id="m5", name="Dave"), today))

    async with Host().run_test(size=SIZE) as pilot:
        await pilot.pause()
        placeholder = str(pilot.app.screen.query_one(f"#{field}", Input).placeholder)
    shown = re.search(r"\d{4}-\d{2}-\d{2}", placeholder)
    assert shown is not None, placeholder
    assert date.fromisoformat(shown[0]) > today


def test_our_own_line_breaks_are_never_shown_as_control_marks(clock: FixedClock) -> None:
    """The member's text has its control characters made visible (␊); the page's own
    line breaks, such as the one before "read as", must not be (it showed
    "school run␊  read as:"). Every demo member with availability or access needs."""
    from coordinator.demo import build_demo

    data = build_demo(clock.now().date())
    shown = 0
    for member in data.members:
        text = member_details(data, member).plain
        assert "␊" not in text and "␉" not in text, member.id
        shown += "read as:" in text
    assert shown >= 2  # the demo has members whose availability is read


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("ring me", "⚠ Phone has letters"),
        ("0770", "⚠ Phone is too short"),
        ("07700 900123", "may not be in use"),
        ("07911 123456", "✓ 07911 123456"),
        ("", ""),
    ],
)
def test_the_phone_is_said_as_it_is_typed(typed: str, said: str) -> None:
    from coordinator.tui.modals.member_form import phone_read

    shown = phone_read(typed, "GB").plain
    assert said in shown and (said or not shown)
