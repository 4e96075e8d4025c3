"""Reports as Rich renderables, for the terminal (``coordinator report``) and the app.

Every piece of user text goes into a ``rich.text.Text`` through
:func:`coordinator.user_text.visible`, so markup such as ``[bold]`` and terminal escapes in a
name are shown literally, never obeyed.
"""

from __future__ import annotations

import io

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table as RichTable
from rich.text import Text

from coordinator.reports.document import (
    Block,
    Chart,
    Facts,
    Paragraph,
    Report,
    Table,
    day_label,
    split_columns,
)
from coordinator.user_text import visible


def _t(text: str, style: str = "") -> Text:
    return Text(visible(text), style=style)


class _Grid:
    """The register grid, cut into parts that fit the width it is drawn at (each part
    repeats the member column), so marks are never squeezed out of sight."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table
        keys = [cell_len(visible(c.title)) for c in table.columns[: table.key_columns]]
        for row in table.rows:
            for i, cell in enumerate(row[: table.key_columns]):
                keys[i] = max(keys[i], cell_len(visible(cell)))
        others = max((cell_len(c.title) for c in table.columns[table.key_columns :]), default=1)
        room = options.max_width - sum(k + 3 for k in keys) - 2
        most = max(room // (others + 3), 1)
        for index, part in enumerate(split_columns(table, most)):
            if index:
                yield Text()
            yield _plain_table(part)


def _table(table: Table) -> RenderableType:
    if table.grid and table.rows:
        return _Grid(table)
    return _plain_table(table)


def _plain_table(table: Table) -> RenderableType:
    if not table.rows:
        parts: list[RenderableType] = []
        if table.title:
            parts.append(_t(table.title, "bold"))
        parts.append(_t(table.empty, "italic"))
        return Group(*parts)
    rich = RichTable(
        box=box.SIMPLE_HEAD,
        show_lines=table.writing_space,
        padding=(0, 1),
    )
    for index, column in enumerate(table.columns):
        rich.add_column(
            _t(column.title),
            justify=column.align.value,
            overflow="fold",
            no_wrap=not column.wrap,
            min_width=column.min_width or None,
            style="bold" if table.grid and index < table.key_columns else "",
        )
    for row in table.rows:
        rich.add_row(*(_t(cell) for cell in row))
    # The title goes on its own line: as the table's title Rich would wrap it to the
    # table's width ("Left the group:" / "reasons" over a narrow table).
    return Group(_t(table.title, "bold"), rich) if table.title else rich


def _chart(chart: Chart) -> RenderableType:
    if not chart.points:
        return Group(_t(chart.title, "bold"), _t("No meetings held in this period."))
    rich = RichTable(box=box.SIMPLE_HEAD)
    rich.add_column("Meeting")
    rich.add_column("Present of expected", no_wrap=True)
    rich.add_column(f"Mean ({chart.window})", justify="right")
    for point in chart.points:
        bar = Text("█" * point.present, style="bold")
        bar.append("░" * max(point.expected - point.present, 0), style="dim")
        bar.append(f" {point.present}/{point.expected}")
        mean = "-" if point.rolling_mean is None else f"{point.rolling_mean:.1f}"
        rich.add_row(day_label(point.day), bar, mean)
    legend = Text("█ present  ░ expected but not there", style="dim")
    return Group(_t(chart.title, "bold"), rich, legend)


def _block(block: Block) -> RenderableType:
    if isinstance(block, Facts):
        facts = RichTable.grid(padding=(0, 2))
        facts.add_column(style="bold", no_wrap=True)
        facts.add_column(overflow="fold")
        for key, value in block.items:
            facts.add_row(_t(key + ":"), _t(value))
        return facts
    if isinstance(block, Paragraph):
        return _t(block.text, "italic dim" if block.small else "")
    if isinstance(block, Table):
        return _table(block)
    return _chart(block)


def to_renderable(report: Report) -> RenderableType:
    """The whole report as one Rich renderable."""
    parts: list[RenderableType] = [_t(report.title, "bold underline")]
    parts.extend(_t(line) for line in report.lines)
    for section in report.sections:
        parts.append(Text())
        parts.append(_t(section.heading, "bold reverse"))
        for block in section.blocks:
            parts.append(_block(block))
    if report.footer:
        parts.append(Text())
        parts.extend(_t(line, "dim") for line in report.footer)
    return Group(*parts)


def to_plain_rich(report: Report, width: int = 80) -> str:
    """What the terminal view shows, as text without colour (for files and tests)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        legacy_windows=False,
        emoji=False,
        highlight=False,
    )
    console.print(to_renderable(report))
    return buffer.getvalue()
