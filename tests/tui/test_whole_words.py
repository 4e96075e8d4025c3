"""Words shown whole at 80x24: every table on every screen (each cell wrapped at spaces,
never cut mid-word, never off the right edge), and list entries whose wrapped lines stay
under their indent (coordinator/tui/widgets/whole_words.py)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, TabbedContent

from coordinator.store import Store
from coordinator.tui.widgets.whole_words import KeepIndent
from tests.tui.conftest import SIZE, AppFactory


def cut_cells(table: DataTable[Any]) -> list[str]:
    """What ``table`` does not show whole: the cells (and headings) whose words are cut
    by their column's width or its row's height, or lie past the table's right edge."""
    console = table.app.console
    shown_width = table.scrollable_content_region.width
    found: list[str] = []
    left = 0
    for column_index, column in enumerate(table.ordered_columns):
        width = column.content_width if column.auto_width else column.width
        right = left + column.get_render_width(table)
        cells: list[tuple[str, Any, int]] = [("heading", column.label, 1)]
        for row_index, row in enumerate(table.ordered_rows):
            value = table.get_row_at(row_index)[column_index]
            cells.append((f"row {row_index}", value, table.rows[row.key].height))
        for where, value, height in cells:
            text = value if isinstance(value, Text) else Text(str(value))
            plain = text.plain
            if not plain.strip():
                continue
            name = f"{table.id} {where}, column {column.label.plain!r}: {plain!r}"
            if right - table.cell_padding > shown_width:
                found.append(f"{name} runs past the right edge ({right} > {shown_width})")
                continue
            if text.no_wrap:
                lines = plain.split("\n")
            else:
                lines = [line.plain for line in text.wrap(console, width, overflow="fold")]
            # Wrapped at spaces, a word longer than the column folds onto the next line
            # (every letter shown); a cell is cut when its lines outgrow the row.
            if any(cell_len(line) > width for line in lines) or len(lines) > height:
                found.append(f"{name} is cut ({len(lines)} line(s) of {width} in {height})")
        left = right
    return found


def tables_cut(app: App[Any]) -> list[str]:
    """:func:`cut_cells` over every table of the screen on show."""
    return [
        problem
        for table in app.screen.query(DataTable)
        if table.display and table.region.area
        for problem in cut_cells(table)
    ]


EVERY_TABLE = {
    "roster-table",
    "member-history",
    "meetings-upcoming",
    "meetings-past",
    "register-table",
    "best-slots",
    "tally-grid",
    "venues",
}


async def walk(app: App[Any]) -> tuple[list[str], set[str]]:
    """Every screen with a table, at 80x24: what is cut, and which tables were seen."""
    problems: list[str] = []
    seen: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:

        async def look(*keys: str) -> None:
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.pause()
            problems.extend(f"{type(app.screen).__name__}: {p}" for p in tables_cut(app))
            seen.update(
                str(t.id) for t in app.screen.query(DataTable) if t.display and t.region.area
            )

        await look("r")
        await look("enter")  # a member's page
        await look("m")
        await look("g")
        for _ in range(12):  # every register back to the spring
            await look("left_square_bracket")
        await look("t")
        await look("p")
        await look("s")
        app.screen.query_one(TabbedContent).active = "tab-venues"
        await look()
        await look("b")
        await look("t")  # the tally
    return problems, seen


async def test_every_table_shows_its_words_whole_at_80_columns(
    demo_store: Store, app_factory: AppFactory
) -> None:
    problems, seen = await walk(app_factory(demo_store))
    assert problems == []
    assert seen >= EVERY_TABLE, seen  # every table was looked at, on screen


async def test_long_words_everywhere_are_wrapped_not_cut(
    demo_store: Store, app_factory: AppFactory
) -> None:
    """The demo with long names, addresses, access notes, availability and mark notes."""
    from dataclasses import replace

    data = demo_store.load()
    long_name = "Margaret Elizabeth Montgomery-Smythe of Clifton"
    members = tuple(
        replace(
            m,
            name=long_name if m.id == "m1" else m.name,
            known_as="" if m.id == "m1" else m.known_as,
            availability="not Mondays, not after 4pm; school run on Thursdays until July",
        )
        for m in data.members
    )
    venues = tuple(
        replace(
            v,
            name=f"{v.name} (the upstairs room at the back)",
            address="Unit 4, The Old Riverside Warehouse, 1 Quay Street, Bristol BS1 4QA",
            access_notes="step-free from the car park side; accessible toilet on the ground "
            "floor; hearing loop at the front desk",
        )
        for v in data.venues
    )
    demo_store.replace_all(replace(data, members=members, venues=venues))
    _register_with_long_notes(demo_store)
    problems, seen = await walk(app_factory(demo_store))
    assert problems == []
    assert seen >= EVERY_TABLE, seen


def _register_with_long_notes(store: Store) -> None:
    """The latest held meeting's marks get notes longer than any column at 80 columns."""
    from dataclasses import replace

    meeting = [m for m in store.load().meetings if m.attendance][-1]
    for member_id, mark in meeting.attendance.items():
        note = "childcare fell through at the last minute, sends love; " + "x" * 30
        store.set_mark(meeting.id, member_id, replace(mark, note=note))


async def test_a_long_note_on_a_mark_wraps_whole_in_the_register(
    demo_store: Store, app_factory: AppFactory
) -> None:
    _register_with_long_notes(demo_store)
    app = app_factory(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()
        assert tables_cut(app) == []
        table = app.screen.query_one("#register-table", DataTable)
        assert max(row.height for row in table.ordered_rows) > 2


WORDS = st.text(alphabet="abcdefghij", min_size=1, max_size=14)
LINES = st.lists(
    st.tuples(
        st.sampled_from([0, 2, 4, 6]), st.booleans(), st.lists(WORDS, min_size=1, max_size=12)
    ),
    min_size=1,
    max_size=5,
)


@given(lines=LINES, width=st.integers(min_value=24, max_value=60))
def test_wrapped_lines_stay_under_their_indent(
    lines: list[tuple[int, bool, list[str]]], width: int
) -> None:
    """Each line's words come out whole and in order, no wider than the column, and every
    line it wraps onto starts under its words (after its indent and its bullet)."""
    console = Console()
    sources = [
        " " * indent + ("· " if bullet else "") + " ".join(words) for indent, bullet, words in lines
    ]
    whole = [line.plain for line in KeepIndent(Text("\n".join(sources))).lines(console, width)]
    each: list[str] = []
    for (indent, bullet, words), source in zip(lines, sources, strict=True):
        shown = [line.plain for line in KeepIndent(Text(source)).lines(console, width)]
        hang = indent + (2 if bullet else 0)
        assert shown[0].startswith(source[:hang])
        for line in shown[1:]:
            assert line[:hang] == " " * hang and line[hang : hang + 1] != " ", shown
        assert all(cell_len(line) <= width for line in shown)
        assert [w for line in shown for w in line[hang:].split()] == words
        each.extend(shown)
    assert whole == each
