"""The meetings screen's two lists read as one: which is in use is said in words, Down and
Up cross between them, and g opens the meeting the details line names."""

from __future__ import annotations

from hypothesis import given, strategies as st
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from coordinator.store import Store
from coordinator.tui.frame import ModeBar
from coordinator.tui.screens.meetings import MeetingsScreen, when
from coordinator.tui.screens.register import RegisterScreen
from coordinator.tui.widgets.register_grid import month_labels

from .conftest import SIZE, AppFactory


def _heading(screen: MeetingsScreen, table_id: str) -> str:
    return str(screen.query_one(f"#heading-{table_id}", Static).render())


async def test_down_and_up_cross_the_lists_and_g_opens_the_one_shown(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        upcoming = screen.query_one("#meetings-upcoming", DataTable)
        past = screen.query_one("#meetings-past", DataTable)
        assert _heading(screen, "meetings-upcoming").startswith("▶ Coming up (in use)")
        assert not _heading(screen, "meetings-past").startswith("▶")
        # The mode bar shows g as usual here: it opens the register (of this meeting).
        assert "g Register" in str(screen.query_one(ModeBar).render())
        for _ in range(upcoming.row_count):
            await pilot.press("down")
        await pilot.pause()
        assert screen.focused is past and past.cursor_row == 0
        assert _heading(screen, "meetings-past").startswith("▶ Past, newest first (in use)")
        details = str(screen.query_one("#meeting-details", Static).render())
        chosen = app.data().meeting(
            str(past.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value)
        )
        assert chosen is not None and when(chosen) in details
        await pilot.press("up")
        await pilot.pause()
        assert screen.focused is upcoming and upcoming.cursor_row == upcoming.row_count - 1
        await pilot.press("down")
        await pilot.pause()
        # The focus leaves the lists (as after a form): g still means the meeting shown.
        screen.set_focus(None)
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()
        register = app.screen
        assert isinstance(register, RegisterScreen)
        assert register.meeting_id == chosen.id


@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12, unique=True),
    st.lists(st.sampled_from(["Jan", "Feb", "Mar", "Apr", "May"]), min_size=12, max_size=12),
)
def test_month_labels_never_run_together(columns: list[int], names: list[str]) -> None:
    width = 41 * 3
    starts = [(column * 3, names[index]) for index, column in enumerate(sorted(columns))]
    line = month_labels(starts, width)
    assert len(line) == width
    words = line.split()
    # Every word is a whole label: none cut, none joined to its neighbour ("FebMar").
    assert all(word in names for word in words)
    assert line.count(" ") >= len(words) - 1


def test_month_labels_keep_each_month_with_room() -> None:
    # Two meetings a month (two columns of three): every month gets its label.
    line = month_labels([(0, "Feb"), (6, "Mar"), (12, "Apr")], 18)
    assert line == "Feb   Mar   Apr   "
    # One column apart: the later label is kept, never "FebMar".
    assert "FebMar" not in month_labels([(0, "Feb"), (3, "Mar")], 9)
