"""Every list keeps its place: when the record under the cursor goes (marked as left,
erased, deleted, a flag acknowledged) the cursor moves to its neighbour, not the top row;
when a record is added the cursor stays on the record it was on.

One mechanism (coordinator.tui.widgets.keep_place) used by every list, tested here for
every screen with one; the choice of neighbour itself is tested as a pure function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st
from textual.widgets import DataTable, OptionList, TabbedContent

from coordinator.clock import FixedClock
from coordinator.model import (
    AttendanceMark,
    Mark,
    MeetingStatus,
    MemberStatus,
    OutreachNote,
    Reason,
    Venue,
)
from coordinator.store import Store
from coordinator.tui.app import CoordinatorApp
from coordinator.tui.widgets.keep_place import (
    key_at_cursor,
    option_keys,
    place_after_change,
    table_keys,
)

from .conftest import NOW, SIZE, AppFactory, demo_group, filled_store

# --- the choice of neighbour ---------------------------------------------------------


@given(
    old=st.lists(st.sampled_from("abcdefghij"), unique=True, min_size=1),
    data=st.data(),
)
def test_the_cursor_goes_to_the_same_record_or_its_nearest_neighbour(
    old: list[str], data: st.DataObject
) -> None:
    selected = data.draw(st.sampled_from(old))
    new = data.draw(st.lists(st.sampled_from("abcdefghijklm"), unique=True))
    chosen = place_after_change(old, selected, new)
    if not new:
        assert chosen is None
    elif selected in new:
        assert chosen == selected
    else:
        at = old.index(selected)
        after = [k for k in old[at + 1 :] if k in new]
        before = [k for k in reversed(old[:at]) if k in new]
        assert chosen == (after or before or new)[0]


# --- every screen with a list ----------------------------------------------------------


@pytest.fixture
def demo_store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    opened = filled_store(db_path, clock, demo_group())
    yield opened
    opened.close()


Keys = Callable[[CoordinatorApp], list[str]]
Selected = Callable[[CoordinatorApp], str | None]


def _table(selector: str) -> tuple[Callable[[CoordinatorApp], Any], Keys, Selected]:
    def widget(app: CoordinatorApp) -> DataTable[Any]:
        return app.screen.query_one(selector, DataTable)

    return widget, lambda app: table_keys(widget(app)), lambda app: key_at_cursor(widget(app))


def _options(selector: str) -> tuple[Callable[[CoordinatorApp], Any], Keys, Selected]:
    def widget(app: CoordinatorApp) -> OptionList:
        return app.screen.query_one(selector, OptionList)

    def selected(app: CoordinatorApp) -> str | None:
        options = widget(app)
        index = options.highlighted
        return None if index is None else options.get_option_at_index(index).id

    return widget, lambda app: option_keys(widget(app)), selected


def _mark_left(store: Store, member_id: str) -> None:
    member = store.member(member_id)
    assert member is not None
    day = NOW.date()
    store.save_member(
        replace(member, status=MemberStatus.LEFT, status_since=day, status_reason=Reason.MOVED)
    )


def _acknowledge(store: Store, member_id: str) -> None:
    store.save_contact(OutreachNote(id=f"c-{member_id}-x", member_id=member_id, on=NOW.date()))


def _cancel_meeting(store: Store, meeting_id: str) -> None:
    store.delete_meeting(meeting_id)


def _many_drifting(store: Store) -> None:
    """Five members silent at the last three held meetings: five flags to move among."""
    held = [m for m in store.meetings() if m.status is MeetingStatus.HELD][-3:]
    active = [m for m in store.members() if m.status is MemberStatus.ACTIVE][:5]
    for meeting in held:
        for member in active:
            store.set_mark(meeting.id, member.id, AttendanceMark(Mark.ABSENT))


async def _open_venues(app: CoordinatorApp, pilot: Any) -> None:
    await pilot.press("s")
    await pilot.pause()
    app.screen.query_one(TabbedContent).active = "tab-venues"
    await pilot.pause()


async def _open_member(app: CoordinatorApp, pilot: Any) -> None:
    await pilot.press("r")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def _press(app: CoordinatorApp, pilot: Any, key: str) -> None:
    await pilot.press(key)
    await pilot.pause()


SCREENS: dict[str, tuple[Any, ...]] = {
    # name: (how to open, the list, how a record leaves it)
    "roster": (lambda a, p: _press(a, p, "r"), _table("#roster-table"), _mark_left),
    "roster-erase": (
        lambda a, p: _press(a, p, "r"),
        _table("#roster-table"),
        lambda s, k: s.erase_member(k),
    ),
    "meetings-past": (
        lambda a, p: _press(a, p, "m"),
        _table("#meetings-past"),
        _cancel_meeting,
    ),
    "register": (
        lambda a, p: _press(a, p, "g"),
        _table("#register-table"),
        lambda s, k: s.erase_member(k),
    ),
    "dashboard-check-ins": (
        lambda a, p: _press(a, p, "d"),
        _options("#checkins"),
        _acknowledge,
    ),
    "venues": (_open_venues, _table("#venues"), lambda s, k: s.delete_venue(k)),
    "member-history": (_open_member, _table("#member-history"), _cancel_meeting),
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_the_cursor_stays_on_its_record_or_its_neighbour(
    name: str, demo_store: Store, app_factory: AppFactory
) -> None:
    open_screen, (widget, keys, selected), remove = SCREENS[name]
    if name == "dashboard-check-ins":
        _many_drifting(demo_store)
    if name == "venues":
        demo_store.save_venue(Venue(id="v9", name="Library", address="2 High St"))
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot)
        await pilot.pause(0.3)  # the check-ins are worked out on a thread
        await pilot.pause()
        before = keys(app)
        assert len(before) >= 3, f"{name}: the demo shows too few rows to test"
        target = widget(app)
        target.focus()
        # The second row: the one above it must not catch the cursor.
        if isinstance(target, DataTable):
            target.move_cursor(row=1)
        else:
            target.highlighted = 1
        await pilot.pause()
        chosen = selected(app)
        assert chosen == before[1]
        remove(demo_store, chosen)
        app.data_changed()
        await pilot.pause(0.3)
        await pilot.pause()
        after = keys(app)
        assert chosen not in after, f"{name}: the record did not leave the list"
        # The next row down (it was not the top row before, so a cursor that fell back
        # to the top fails here).
        assert before[2] in after
        assert selected(app) == before[2], f"{name}: the cursor left the neighbour"


async def test_a_meeting_added_above_keeps_the_cursor_on_its_meeting(
    demo_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _press(app, pilot, "m")
        widget, keys, selected = _table("#meetings-past")
        table = widget(app)
        table.focus()
        table.move_cursor(row=2)
        await pilot.pause()
        chosen = selected(app)
        newest = demo_store.meeting(keys(app)[0])
        assert newest is not None
        demo_store.save_meeting(
            replace(newest, id="g-new", starts_at=newest.starts_at - timedelta(days=1))
        )
        app.data_changed()
        await pilot.pause()
        assert "g-new" in keys(app)
        assert selected(app) == chosen


async def test_marking_the_sixth_member_as_left_by_keys_keeps_the_cursor_near(
    demo_store: Store, app_factory: AppFactory
) -> None:
    """The walk in the issue: the 6th member, l, a reason; the next key acts on the 7th."""
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _press(app, pilot, "r")
        _widget, keys, selected = _table("#roster-table")
        before = keys(app)
        for _ in range(5):
            await pilot.press("down")
        await pilot.pause()
        sixth = selected(app)
        assert sixth == before[5]
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")  # the first reason offered
        await pilot.pause()
        await pilot.pause()
        member = demo_store.member(sixth)
        assert member is not None and member.status is MemberStatus.LEFT
        after = keys(app)
        if sixth in after:  # a filter that shows leavers keeps them in place
            assert selected(app) == sixth
        else:
            assert selected(app) == place_after_change(before, sixth, after) == before[6]


async def test_home_and_end_go_to_the_first_and_last_record(
    demo_store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _press(app, pilot, "r")
        widget, keys, selected = _table("#roster-table")
        widget(app).focus()
        await pilot.press("end")
        assert selected(app) == keys(app)[-1]
        await pilot.press("home")
        assert selected(app) == keys(app)[0]
