"""The paper register on screen: members down the side, held meetings across, one mark
per cell (● present, ◐ apologies, ○ absent, · unknown, blank when not yet a member).

Drawn line by line (Textual's line API), so only the visible cells are ever built: ten
years of fortnightly meetings scroll as smoothly as ten. The names stay put while the
meetings scroll sideways; a cursor picks one cell and the screen says it in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from coordinator.model import MARK_SYMBOLS, Mark, Meeting, Member
from coordinator.tui.widgets.marks import expected_at
from coordinator.user_text import visible

NAME_WIDTH = 18
CELL = 3
HEADER = 2
# A cell's code: a mark, None for unknown, or BLANK when they were not a member then.
BLANK = "blank"
Cell = Mark | None | str


def month_labels(starts: Sequence[tuple[int, str]], width: int) -> str:
    """The month line above the days: each label where its month begins, with at least
    one space before the next one. A label with no room (two months a column apart) is
    left out rather than run into its neighbour ("FebMar")."""
    line = [" "] * width
    free_from = 0
    for index, (position, label) in enumerate(starts):
        next_start = starts[index + 1][0] if index + 1 < len(starts) else width + 1
        end = position + len(label)
        if position < free_from or end >= next_start or end > width:
            continue
        line[position:end] = label
        free_from = end + 1
    return "".join(line)


@dataclass(frozen=True)
class GridRow:
    """One member's line of the register."""

    member_id: str
    name: str
    cells: tuple[Cell, ...]


def build_rows(members: Sequence[Member], meetings: Sequence[Meeting]) -> list[GridRow]:
    """Each member's marks across ``meetings`` (in date order)."""
    rows = []
    for member in members:
        cells: list[Cell] = []
        for meeting in meetings:
            mark = meeting.attendance.get(member.id)
            if mark is not None:
                cells.append(mark.status)
            elif expected_at(member, meeting.day):
                cells.append(None)
            else:
                cells.append(BLANK)
        rows.append(GridRow(member.id, visible(member.display_name), tuple(cells)))
    return rows


class RegisterGrid(ScrollView, can_focus=True):
    """Members x meetings, scrolling sideways through the history."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "register-grid--present",
        "register-grid--apologies",
        "register-grid--absent",
        "register-grid--unknown",
        "register-grid--header",
        "register-grid--cursor",
    }

    DEFAULT_CSS = """
    RegisterGrid {
        height: 1fr;
        background: $surface;
    }
    RegisterGrid > .register-grid--present { color: $success; }
    RegisterGrid > .register-grid--apologies { color: $warning; }
    RegisterGrid > .register-grid--absent { color: $error; }
    RegisterGrid > .register-grid--unknown { color: $text-muted; }
    RegisterGrid > .register-grid--header { color: $text-muted; text-style: bold; }
    RegisterGrid > .register-grid--cursor { text-style: reverse bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(0, -1)", "Earlier", show=False),
        Binding("right", "move(0, 1)", "Later", show=False),
        Binding("up", "move(-1, 0)", "Up", show=False),
        Binding("down", "move(1, 0)", "Down", show=False),
        Binding("home", "jump_start", "First meeting", show=False),
        Binding("end", "jump_end", "Latest meeting", show=False),
        Binding("pageup", "move(0, -10)", "10 earlier", show=False),
        Binding("pagedown", "move(0, 10)", "10 later", show=False),
        Binding("enter", "choose", "Open meeting", show=False),
    ]

    cursor_row: reactive[int] = reactive(0)
    cursor_col: reactive[int] = reactive(0)

    class CellHighlighted(Message):
        """The cursor is on ``member_id`` at ``meeting_id`` (either may be None)."""

        def __init__(self, member_id: str | None, meeting_id: str | None) -> None:
            super().__init__()
            self.member_id = member_id
            self.meeting_id = meeting_id

    class MeetingChosen(Message):
        """Enter was pressed on a meeting's column."""

        def __init__(self, meeting_id: str) -> None:
            super().__init__()
            self.meeting_id = meeting_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[GridRow] = []
        self.meetings: list[Meeting] = []

    # -- data --------------------------------------------------------------------------

    def set_register(self, members: Sequence[Member], meetings: Sequence[Meeting]) -> None:
        """Show ``members`` against ``meetings`` (in date order); the cursor keeps its
        member and meeting when they are still there, else goes to the latest meeting."""
        old_member = self.rows[self.cursor_row].member_id if self.rows else None
        old_meeting = self.meetings[self.cursor_col].id if self.meetings else None
        self.rows = build_rows(members, meetings)
        self.meetings = list(meetings)
        self.virtual_size = Size(NAME_WIDTH + CELL * len(self.meetings), HEADER + len(self.rows))
        member_ids = [row.member_id for row in self.rows]
        meeting_ids = [m.id for m in self.meetings]
        row = member_ids.index(old_member) if old_member in member_ids else 0
        col = (
            meeting_ids.index(old_meeting)
            if old_meeting in meeting_ids
            else max(len(meeting_ids) - 1, 0)
        )
        self.cursor_row, self.cursor_col = row, col
        self.call_after_refresh(self._keep_cursor_visible)
        self.refresh()

    def cell_at_cursor(self) -> tuple[GridRow | None, Meeting | None, Cell]:
        row = self.rows[self.cursor_row] if self.rows else None
        meeting = self.meetings[self.cursor_col] if self.meetings else None
        cell: Cell = BLANK
        if row is not None and meeting is not None:
            cell = row.cells[self.cursor_col]
        return row, meeting, cell

    # -- keys --------------------------------------------------------------------------

    def action_move(self, rows: int, cols: int) -> None:
        if self.rows:
            self.cursor_row = max(0, min(len(self.rows) - 1, self.cursor_row + rows))
        if self.meetings:
            self.cursor_col = max(0, min(len(self.meetings) - 1, self.cursor_col + cols))

    def action_jump_start(self) -> None:
        self.cursor_col = 0

    def action_jump_end(self) -> None:
        self.cursor_col = max(len(self.meetings) - 1, 0)

    def action_choose(self) -> None:
        if self.meetings:
            self.post_message(self.MeetingChosen(self.meetings[self.cursor_col].id))

    def watch_cursor_row(self) -> None:
        self._cursor_moved()

    def watch_cursor_col(self) -> None:
        self._cursor_moved()

    def _cursor_moved(self) -> None:
        self._keep_cursor_visible()
        self.refresh()
        row, meeting, _ = self.cell_at_cursor()
        self.post_message(
            self.CellHighlighted(row.member_id if row else None, meeting.id if meeting else None)
        )

    def _keep_cursor_visible(self) -> None:
        marks_width = max(self.size.width - NAME_WIDTH, CELL)
        x = self.scroll_offset.x
        left = self.cursor_col * CELL
        if left < x:
            x = left
        elif left + CELL > x + marks_width:
            x = left + CELL - marks_width
        rows_height = max(self.size.height - HEADER, 1)
        y = self.scroll_offset.y
        if self.cursor_row < y:
            y = self.cursor_row
        elif self.cursor_row >= y + rows_height:
            y = self.cursor_row - rows_height + 1
        self.scroll_to(x, y, animate=False)

    # -- drawing -----------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"register-grid--{name}")

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        marks_width = max(width - NAME_WIDTH, 0)
        base = self.rich_style
        if y < HEADER:
            segments = self._header_line(y, scroll_x, marks_width)
        else:
            index = scroll_y + y - HEADER
            if index >= len(self.rows):
                return Strip.blank(width, base)
            segments = self._member_line(index, scroll_x, marks_width)
        return Strip(segments).adjust_cell_length(width, base).apply_style(base)

    def _visible_columns(self, scroll_x: int, marks_width: int) -> range:
        first = scroll_x // CELL
        last = min(len(self.meetings), (scroll_x + marks_width) // CELL + 1)
        return range(first, last)

    def _crop(self, segments: list[Segment], scroll_x: int, marks_width: int) -> list[Segment]:
        """The marks area from its first visible column, cut to the space there is."""
        offset = scroll_x - (scroll_x // CELL) * CELL
        strip = Strip(segments).crop(offset, offset + marks_width)
        return list(strip)

    def _header_line(self, y: int, scroll_x: int, marks_width: int) -> list[Segment]:
        header = self._style("header")
        title = "Member" if y == 0 else ""
        segments = [Segment(title.ljust(NAME_WIDTH), header)]
        cells: list[Segment] = []
        previous_month: tuple[int, int] | None = None
        columns = self._visible_columns(scroll_x, marks_width)
        if columns.start > 0:
            before = self.meetings[columns.start - 1].day
            previous_month = (before.year, before.month)
        if y == 0:
            starts: list[tuple[int, str]] = []
            for index, col in enumerate(columns):
                day = self.meetings[col].day
                month = (day.year, day.month)
                if month != previous_month or col == columns.start:
                    starts.append((index * CELL, f"{day:%b}"))
                previous_month = month
            line = month_labels(starts, len(columns) * CELL)
            return segments + self._crop([Segment(line, header)], scroll_x, marks_width)
        for col in columns:
            day = self.meetings[col].day
            style = header + self._style("cursor") if col == self.cursor_col else header
            cells.append(Segment(f"{day.day:>2} ", style))
        return segments + self._crop(cells, scroll_x, marks_width)

    def _member_line(self, index: int, scroll_x: int, marks_width: int) -> list[Segment]:
        row = self.rows[index]
        on_row = index == self.cursor_row
        name_style = self._style("cursor") if on_row and not self.meetings else Style()
        if on_row:
            name_style += Style(bold=True)
        name = set_cell_size(row.name, NAME_WIDTH - 1)
        segments = [Segment(name + " " * (NAME_WIDTH - cell_len(name)), name_style)]
        cells: list[Segment] = []
        for col in self._visible_columns(scroll_x, marks_width):
            cell = row.cells[col]
            if cell == BLANK:
                symbol, style = " ", Style()
            else:
                mark = None if cell is None else Mark(str(cell))
                symbol = MARK_SYMBOLS[mark]
                style = self._style(mark.value if mark else "unknown")
            if on_row and col == self.cursor_col:
                style += self._style("cursor")
            cells.append(Segment(f" {symbol} ", style))
        return segments + self._crop(cells, scroll_x, marks_width)
