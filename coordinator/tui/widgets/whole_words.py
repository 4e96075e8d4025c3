"""Tables whose words are shown whole: wrapped at spaces, never cut mid-word or off the edge.

At 80 columns a table of records cannot give every column the width its longest cell
wants. Cutting a cell ("planned time aw", "St Mark's Commun") shows a coordinator half a
fact; a column past the right edge hides it. :class:`WholeWordsTable` does neither:

- one column (``stretch``) takes the width the others leave, so the table never runs
  past the right edge of its box (however wide the terminal);
- every row is as tall as its longest cell wrapped at spaces (Textual's auto-height
  rows), so a long note or venue takes two lines instead of losing its end;
- a cell changed in place that needs another height makes the rows be laid out again.

Cells made with ``one_line`` (no wrap, ellipsis) are wrapped here all the same: a
record's words matter more than a tidy single line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import events
from textual.widgets._data_table import CellType, ColumnKey, RowKey

from coordinator.tui.widgets.keep_place import RecordTable, refill_table

# The stretching column is never narrower than this: a word of ~12 letters fits whole.
MIN_STRETCH = 12
# Line starts that a wrapped line hangs under (KeepIndent).
BULLETS = ("· ", "• ", "- ")


def wrapping(cell: object) -> object:
    """``cell`` as text that wraps at spaces in its column (a long word folds onto the
    next line rather than being cut); anything that is not text is left alone."""
    if isinstance(cell, Text):
        wrapped = cell.copy()
    elif isinstance(cell, str):
        wrapped = Text(cell)
    else:
        return cell
    wrapped.no_wrap = False
    wrapped.overflow = "fold"
    return wrapped


def lines_needed(console: Console, cell: object, width: int) -> int:
    """How many lines ``cell`` takes wrapped at spaces in a column ``width`` wide."""
    if not isinstance(cell, Text) or width <= 0:
        return 1
    return max(1, len(cell.wrap(console, width, overflow="fold")))


class WholeWordsTable(RecordTable):
    """A record table that shows every cell's words whole (see the module's docstring).

    ``stretch`` is the key of the column that takes the width the others leave."""

    def __init__(self, *args: Any, stretch: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stretch = stretch

    def stretch_width(self) -> int:
        """The width the stretching column gets: the table's, less the other columns and
        the room for a scroll bar (so it stays the same when one appears)."""
        shown = self.size.width or self.app.size.width
        scrollbar = self.styles.scrollbar_size_vertical
        others = sum(
            column.get_render_width(self)
            for key, column in self.columns.items()
            if key.value != self.stretch
        )
        return max(MIN_STRETCH, shown - scrollbar - others - 2 * self.cell_padding)

    def _fit_stretch(self) -> bool:
        """Give the stretching column its width; True when that changed it."""
        column = self.columns.get(ColumnKey(self.stretch))
        if column is None:
            return False
        width = self.stretch_width()
        if not column.auto_width and column.width == width:
            return False
        column.auto_width = False
        column.width = width
        return True

    def add_row(
        self,
        *cells: CellType,
        height: int | None = None,
        key: str | None = None,
        label: object = None,
    ) -> RowKey:
        """A row as tall as its longest cell wrapped at spaces (``height`` None)."""
        self._fit_stretch()
        return super().add_row(
            *(wrapping(cell) for cell in cells),
            height=height,
            key=key,
            label=label,  # type: ignore[arg-type]
        )

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: CellType,
        *,
        update_width: bool = False,
    ) -> None:
        """Change one cell; when it needs another row height, lay the rows out again."""
        super().update_cell(row_key, column_key, wrapping(value), update_width=update_width)
        row = self.rows.get(RowKey(row_key) if isinstance(row_key, str) else row_key)
        if row is None or not row.auto_height or row.height == 0:
            return
        if self._row_lines(row.key) != row.height:
            self.reflow()

    def _row_lines(self, row_key: RowKey) -> int:
        cells = self.get_row(row_key)
        return max(
            (
                lines_needed(self.app.console, cell, self._text_width(column.key))
                for cell, column in zip(cells, self.ordered_columns, strict=False)
            ),
            default=1,
        )

    def _text_width(self, key: ColumnKey) -> int:
        column = self.columns[key]
        return column.content_width if column.auto_width else column.width

    def reflow(self) -> None:
        """Lay every row out again (the same rows, the cursor on the same record)."""
        rows: list[tuple[str, Sequence[Any]]] = []
        unkeyed: list[Sequence[Any]] = []
        for row in self.ordered_rows:
            cells = self.get_row(row.key)
            if row.key.value is None:
                unkeyed.append(cells)
            else:
                rows.append((str(row.key.value), cells))
        refill_table(self, rows, empty=unkeyed[0] if unkeyed else None)

    def on_resize(self, _event: events.Resize) -> None:
        """A new width: the stretching column follows it, and the rows are wrapped again."""
        if self._fit_stretch() and self.row_count:
            self.reflow()


class KeepIndent:
    """Text whose wrapped lines stay under their own line's indent.

    A list entry such as the check-in list's ("▲ reach out Linda", then reasons indented
    by four spaces) would otherwise wrap a long reason back to the first column, where it
    reads as a new entry. Each line of the text is wrapped at spaces in the width left
    after its leading spaces, and its continuation lines get the same indent. ``str()``
    and ``plain`` give the words, as for a :class:`~rich.text.Text`."""

    def __init__(self, text: Text) -> None:
        self.text = text

    @property
    def plain(self) -> str:
        return self.text.plain

    def __str__(self) -> str:
        return self.text.plain

    def lines(self, console: Console, width: int) -> list[Text]:
        """The lines as shown ``width`` columns wide."""
        shown: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            words = line.plain.lstrip(" ")
            # A very narrow column keeps at least half its width for the words.
            indent = min(len(line.plain) - len(words), width // 2)
            # A bulleted line ("· reason") hangs its continuation under the words.
            bullet = 2 if words.startswith(BULLETS) and indent + 2 < width // 2 else 0
            head = line[indent : indent + bullet]
            body = line[indent + bullet :]
            body.rstrip()
            parts = body.wrap(console, max(1, width - indent - bullet), overflow="fold")
            for number, part in enumerate(parts or [Text()]):
                out = Text(" " * indent, end="")
                out.append_text(head if number == 0 else Text(" " * bullet))
                out.append_text(part)
                out.no_wrap = True
                shown.append(out)
        return shown

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from (
            Text("\n").join(self.lines(console, options.max_width)).split("\n", allow_blank=True)
        )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)
