"""The dashboard's check-in list: flags with reasons, and `l` to log a check-in."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select

from coordinator.clock import FixedClock
from coordinator.model import ContactOutcome
from coordinator.store import Store
from coordinator.tui.modals.outreach import OutreachModal
from coordinator.tui.widgets.checkins import CheckInList, flag_text
from coordinator.watch import DriftFlag, Level
from tests.tui.conftest import NOW, SIZE, AppFactory, reopen


async def _checkins(app: App[None], pilot: Pilot[None]) -> CheckInList:
    """The dashboard's check-in list once its flags are shown (they are worked out on a
    thread that starts just after the first frame)."""
    checkins = app.screen.query_one(CheckInList)
    for _ in range(200):
        await pilot.pause()
        if not checkins.working:
            return checkins
        await app.workers.wait_for_complete()
    raise AssertionError("the check-in list was never worked out")


async def test_logs_a_check_in_from_the_dashboard(
    demo_store: Store, app_factory: AppFactory, db_path: Path, clock: FixedClock
) -> None:
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        checkins = await _checkins(app, pilot)
        assert [f.member_id for f in checkins.flags] == ["m6"]
        shown = checkins.get_option_at_index(0).prompt
        assert "▲ reach out" in str(shown)
        assert "missed the last 3 meetings without word" in str(shown)
        before = len(demo_store.contacts())
        checkins.focus()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, OutreachModal)
        assert app.screen.member.id == "m6"
        app.screen.query_one("#note", Input).value = "rang Linda, will try next time"
        app.screen.query_one("#outcome", Select).value = ContactOutcome.REACHED
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, OutreachModal)
        # On disk at once, and the flag is acknowledged until her next miss.
        saved = reopen(db_path, clock)
        try:
            contacts = saved.contacts()
        finally:
            saved.close()
        assert len(contacts) == before + 1
        logged = [c for c in contacts if c.note == "rang Linda, will try next time"]
        assert [(c.member_id, c.on) for c in logged] == [("m6", NOW.date())]
        await pilot.pause()
        assert checkins.flags == []
        assert "Nobody to check in with" in str(checkins.get_option_at_index(0).prompt)


async def test_cancelling_the_form_saves_nothing(
    demo_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        checkins = await _checkins(app, pilot)
        before = demo_store.contacts()
        checkins.focus()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, OutreachModal)
        await pilot.press("escape")
        await pilot.pause()
        assert demo_store.contacts() == before
        assert [f.member_id for f in checkins.flags] == ["m6"]


async def test_empty_list_says_so_and_l_explains(store: Store, app_factory: AppFactory) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        checkins = await _checkins(app, pilot)
        assert checkins.flags == []
        assert "Nobody to check in with" in str(checkins.get_option_at_index(0).prompt)
        checkins.focus()
        await pilot.press("l")
        await pilot.pause()
        assert not isinstance(app.screen, OutreachModal)


async def test_broken_settings_are_explained(store: Store, app_factory: AppFactory) -> None:
    store.save_settings({**store.settings(), "watch": {"watch_score": "high"}})
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        checkins = await _checkins(app, pilot)
        message = str(checkins.get_option_at_index(0).prompt)
        assert "settings need fixing" in message
        assert "watch_score" in message


def test_flag_text_shows_level_word_and_mark_and_names_literally() -> None:
    flag = DriftFlag(
        member_id="m1",
        name="[bold]Nell[/bold]",
        level=Level.WATCH,
        reasons=("missed the last 2 meetings without word",),
        missed_in_a_row=2,
        last_attended=None,
        last_contact=NOW.date(),
    )
    text = flag_text(flag, "[bold]Nell\x1b[/bold]")
    assert "◇ watch" in text.plain
    assert "[bold]Nell␛[/bold]" in text.plain
    assert "last came never\n    last contact 23 Nov 2026" in text.plain
    reach = flag_text(flag._replace(level=Level.REACH_OUT), "Nell")
    assert "▲ reach out" in reach.plain


def test_a_long_reason_wraps_under_the_reasons_not_to_column_one() -> None:
    from rich.console import Console

    from coordinator.tui.widgets.whole_words import KeepIndent

    flag = DriftFlag(
        member_id="m1",
        name="Nell",
        level=Level.WATCH,
        reasons=("came to 3 of the last 6 meetings; usually comes to 6 of 6",),
        missed_in_a_row=2,
        last_attended=None,
        last_contact=None,
    )
    shown = [line.plain for line in KeepIndent(flag_text(flag, "Nell")).lines(Console(), 30)]
    assert shown[1].startswith("    · came to")
    assert all(line.startswith("    ") for line in shown[1:])
    assert all(line.startswith("      ") for line in shown[2:-2])  # the reason's own lines


def test_the_empty_list_says_why_it_is_empty() -> None:
    from datetime import date

    from coordinator.model import GroupData, MemberStatus
    from coordinator.tui.widgets.checkins import empty_words
    from tests.tui.conftest import small_group

    data = small_group()
    today = date(2026, 11, 23)
    assert empty_words(data, today).startswith("Nobody to check in with today")
    assert empty_words(data, date(2026, 11, 1)) == (
        "Nobody to check in with yet: no meeting has been held to go by."
    )
    gone = tuple(replace(m, status=MemberStatus.LEFT) for m in data.members)
    assert empty_words(GroupData(group=data.group, members=gone), today) == (
        "Nobody on the roster yet: add members on the roster (r, then a)."
    )
