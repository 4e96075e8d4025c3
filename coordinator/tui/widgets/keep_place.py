"""Lists that keep their place: the cursor stays on the same record when rows come and go.

Every table and option list that shows records is refilled through :func:`refill_table`
or :func:`refill_options`, keyed by the record's id. After a refill the cursor is on the
record it was on; if that record has gone (marked as left under a filter that hides
leavers, erased, cancelled, a flag acknowledged), on its neighbour, the next one in the
old order that is still shown, else the one before. So the next key (``o`` to log a
contact, ``z`` to pause) acts on the row the coordinator sees highlighted, never on the
top row the cursor fell back to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, OptionList
from textual.widgets.option_list import Option


def place_after_change(old: Sequence[str], selected: str | None, new: Sequence[str]) -> str | None:
    """Where the cursor goes when the rows ``old`` (cursor on ``selected``) become
    ``new``: the same record, else its nearest neighbour still shown (the next first,
    then the one before), else the first row; None when there is nothing to choose."""
    if not new:
        return None
    shown = set(new)
    if selected is not None and selected in shown:
        return selected
    if selected is not None and selected in old:
        at = old.index(selected)
        for key in old[at + 1 :]:
            if key in shown:
                return key
        for key in reversed(old[:at]):
            if key in shown:
                return key
    return new[0]


def table_keys(table: DataTable[Any]) -> list[str]:
    """The record ids of the table's rows, top to bottom (rows without one left out)."""
    return [str(row.key.value) for row in table.ordered_rows if row.key.value is not None]


def key_at_cursor(table: DataTable[Any]) -> str | None:
    """The record id of the row under the cursor, if there is one."""
    if table.row_count == 0 or not table.is_valid_row_index(table.cursor_row):
        return None
    value = table.ordered_rows[table.cursor_row].key.value
    return None if value is None else str(value)


def refill_table(
    table: DataTable[Any],
    rows: Iterable[tuple[str, Sequence[Text]]],
    *,
    empty: Sequence[Text] | None = None,
    keep: str | None = None,
) -> None:
    """Show ``rows`` (record id, cells) in ``table``, the cursor kept on its record or
    its neighbour (:func:`place_after_change`). ``empty`` is the row shown when there
    are none (it has no id, so no action can take it for a record). ``keep`` puts the
    cursor on that record instead, when it is shown."""
    old = table_keys(table)
    selected = key_at_cursor(table)
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if table.row_count == 0:
        if empty is not None:
            table.add_row(*empty)
        return
    new = table_keys(table)
    target = keep if keep is not None and keep in new else place_after_change(old, selected, new)
    if target is not None:
        table.move_cursor(row=table.get_row_index(target), scroll=True)


def option_keys(options: OptionList) -> list[str]:
    """The ids of an option list's options, top to bottom."""
    return [o.id for o in options.options if o.id is not None]


def refill_options(
    options: OptionList, new_options: Iterable[Option], *, empty: Option | None = None
) -> None:
    """Show ``new_options`` (each with its record's id) in ``options``, the highlight kept
    on its record or its neighbour."""
    old = option_keys(options)
    highlighted = options.highlighted
    selected = None
    if highlighted is not None and 0 <= highlighted < options.option_count:
        selected = options.get_option_at_index(highlighted).id
    options.clear_options()
    options.add_options(list(new_options))
    if options.option_count == 0:
        if empty is not None:
            options.add_option(empty)
        return
    new = option_keys(options)
    target = place_after_change(old, selected, new)
    if target is not None:
        options.highlighted = options.get_option_index(target)


class RecordTable(DataTable[Any]):
    """The table every list of records uses: Home and End go to the first and last
    record (Textual's own scroll sideways, which does nothing in a list of rows)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "first_row", "First", show=False),
        Binding("end", "last_row", "Last", show=False),
    ]

    def action_first_row(self) -> None:
        """Put the cursor on the first row."""
        if self.row_count:
            self.move_cursor(row=0, scroll=True)

    def action_last_row(self) -> None:
        """Put the cursor on the last row."""
        if self.row_count:
            self.move_cursor(row=self.row_count - 1, scroll=True)
