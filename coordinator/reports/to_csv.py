"""Reports as CSV for a spreadsheet: each section's tables one after another.

Spreadsheets run a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or their
full-width forms, or any space, tab or carriage return before one) as a formula, so a
name like ``=HYPERLINK(...)`` could do harm when the file is opened. Such cells get a
leading apostrophe, which spreadsheets show as plain text (the OWASP "CSV injection"
advice).
"""

from __future__ import annotations

import csv
import io

from coordinator.reports.document import Chart, Facts, Paragraph, Report, Table, day_label
from coordinator.user_text import visible

# What starts a formula: the four ASCII signs, their full-width (＝＋－＠) and small
# (﹦﹢﹣﹫) forms, which some spreadsheets read as the same, and a tab, carriage return
# or line break before one.
_FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
    "\ufe66",
    "\ufe62",
    "\ufe63",
    "\ufe6b",
)
# Space a spreadsheet may skip before a formula: every Unicode space (no-break space
# included), zero-width ones and the byte-order mark.
_LEADING_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff"
)


def neutralise(cell: str) -> str:
    """``cell`` safe to open in a spreadsheet: formula-like text (after any leading space
    of any kind) gets a leading ``'``, and control characters are made visible (so
    printing the file cannot drive a terminal)."""
    if cell.startswith(_FORMULA_STARTS) or cell.lstrip(_LEADING_SPACE).startswith(_FORMULA_STARTS):
        return "'" + visible(cell, keep_newlines=True)
    return visible(cell, keep_newlines=True)


def to_csv(report: Report) -> str:
    """The report as CSV rows: a heading row per section, then its facts and tables."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def row(*cells: str) -> None:
        writer.writerow([neutralise(cell) for cell in cells])

    row(report.title)
    for line in report.lines:
        row(line)
    for section in report.sections:
        row()
        row(section.heading)
        for block in section.blocks:
            if isinstance(block, Facts):
                for key, value in block.items:
                    row(key, value)
            elif isinstance(block, Paragraph):
                row(block.text)
            elif isinstance(block, Table):
                if block.title:
                    row(block.title)
                if not block.rows:
                    row(block.empty)
                    continue
                row(*(c.title for c in block.columns))
                for cells in block.rows:
                    row(*cells)
            elif isinstance(block, Chart):
                row(block.title)
                row("Meeting", "Date", "Present", "Expected", f"Rolling mean ({block.window})")
                for point in block.points:
                    mean = "" if point.rolling_mean is None else f"{point.rolling_mean:.2f}"
                    row(
                        day_label(point.day),
                        point.day.isoformat(),
                        str(point.present),
                        str(point.expected),
                        mean,
                    )
    for line in report.footer:
        row(line)
    return buffer.getvalue()
