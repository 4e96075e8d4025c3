"""The report document every builder makes and every renderer reads: a leaf module.

A report is a small document (:class:`Report`: title, a few lines under it, sections of
facts, paragraphs, tables and a chart). The builders turn :class:`GroupData` into that
document and know nothing about formats; the renderers turn any document into one
format and know nothing about attendance (:mod:`coordinator.reports.making` picks
them):

- :mod:`coordinator.reports.summary` - attendance summary for a period;
- :mod:`coordinator.reports.sign_in` - sign-in sheet for one meeting;
- :mod:`coordinator.reports.pain_service` - the name-free summary for the pain service;
- :mod:`coordinator.reports.to_text` - plain text (80 columns, for a printer) and Markdown;
- :mod:`coordinator.reports.to_csv` - CSV with formula-like cells neutralised;
- :mod:`coordinator.reports.to_html` - one self-contained HTML file for A4 printing;
- :mod:`coordinator.reports.to_rich` - Rich renderables for the terminal and the app.

User text (names, topics, places) stays data in every format: made visible in text,
escaped in Markdown and HTML, neutralised in CSV.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from coordinator.model import ValidationError, check_day


class ReportKind(StrEnum):
    SUMMARY = "summary"
    SIGN_IN = "sign-in"
    SERVICE = "service"


KIND_LABELS: dict[ReportKind, str] = {
    ReportKind.SUMMARY: "Attendance summary",
    ReportKind.SIGN_IN: "Sign-in sheet",
    ReportKind.SERVICE: "Pain service, no names",
}


class ReportFormat(StrEnum):
    RICH = "rich"
    TEXT = "text"
    MARKDOWN = "md"
    CSV = "csv"
    HTML = "html"


FORMAT_LABELS: dict[ReportFormat, str] = {
    ReportFormat.RICH: "terminal",
    ReportFormat.TEXT: "plain text (printer)",
    ReportFormat.MARKDOWN: "Markdown",
    ReportFormat.CSV: "CSV (spreadsheet)",
    ReportFormat.HTML: "HTML (browser, A4)",  # short: one line in the app at 80 columns
}
# File name endings; the terminal format saves as plain text.
SUFFIXES: dict[ReportFormat, str] = {
    ReportFormat.RICH: ".txt",
    ReportFormat.TEXT: ".txt",
    ReportFormat.MARKDOWN: ".md",
    ReportFormat.CSV: ".csv",
    ReportFormat.HTML: ".html",
}


class Align(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


# --- the document ----------------------------------------------------------------------


class Column(NamedTuple):
    """A table column. ``wrap`` columns may be wrapped onto several lines to fit;
    ``min_width`` (in characters) leaves room to write by hand."""

    title: str
    align: Align = Align.LEFT
    wrap: bool = False
    min_width: int = 0


@dataclass(frozen=True)
class Table:
    """Rows of text cells under column titles.

    ``key_columns`` leading columns are repeated when a wide table (the register grid)
    is split to fit a page; ``writing_space`` leaves room to write by hand (sign-in
    sheets); ``empty`` is said when there are no rows.
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    key_columns: int = 1
    grid: bool = False
    writing_space: bool = False
    empty: str = "None."

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"row {row!r} has {len(row)} cells for {len(self.columns)}")


class Facts(NamedTuple):
    """Short labelled values: "Meetings held: 7"."""

    items: tuple[tuple[str, str], ...]


class Paragraph(NamedTuple):
    """A sentence or two. ``small`` is for notes and legends."""

    text: str
    small: bool = False


class ChartPoint(NamedTuple):
    day: date
    present: int
    expected: int
    rolling_mean: float | None = None


class Chart(NamedTuple):
    """Attendance per meeting: people present, people expected, and the rolling mean."""

    title: str
    points: tuple[ChartPoint, ...]
    window: int = 4


Block = Facts | Paragraph | Table | Chart


class Section(NamedTuple):
    heading: str
    blocks: tuple[Block, ...]


class Report(NamedTuple):
    """One report's content, ready for any renderer."""

    kind: ReportKind
    title: str
    lines: tuple[str, ...]
    sections: tuple[Section, ...]
    footer: tuple[str, ...] = ()
    made_on: date | None = None
    # A short name for files: "summary-2026-08-23-to-2026-11-23".
    slug: str = "report"


# --- choosing what to build --------------------------------------------------------------


@dataclass(frozen=True)
class ReportRequest:
    """What the coordinator asked for; dates are in the group's zone."""

    kind: ReportKind = ReportKind.SUMMARY
    start: date | None = None
    end: date | None = None
    meeting_id: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_day(self.start, "From")
        check_day(self.end, "To")


def default_period(today: date, months: int = 3) -> tuple[date, date]:
    """The last ``months`` months up to and including ``today``."""
    return months_before(today, months) + timedelta(days=1), today


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, or that month's last day when it
    is shorter (31 May, 3 months before: 28 or 29 Feb), as ``dateutil``'s
    ``relativedelta`` counts; by hand, so a report does not import dateutil for it."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def period_of(request: ReportRequest, today: date) -> tuple[date, date]:
    """The request's period, filling gaps from the default (the last 3 months)."""
    start, end = default_period(request.end or today)
    start = request.start or start
    end = request.end or end
    if end < start:
        raise ValidationError("To", f"{end:%d %b %Y} is before the from date {start:%d %b %Y}")
    return start, end


def format_for(fmt: str | None, suffix: str | None, *, open_it: bool = False) -> ReportFormat:
    """The format asked for, else the one a file ending names (``.html``, ``.md``,
    ``.csv``; anything else is plain text), else HTML to open, else the terminal view."""
    if fmt is not None:
        return ReportFormat(fmt)
    if suffix is not None:
        endings = {".htm": ReportFormat.HTML, ".markdown": ReportFormat.MARKDOWN}
        endings.update({end: f for f, end in SUFFIXES.items() if f is not ReportFormat.RICH})
        return endings.get(suffix.lower(), ReportFormat.TEXT)
    return ReportFormat.HTML if open_it else ReportFormat.RICH


def split_columns(table: Table, most: int) -> list[Table]:
    """``table`` cut into tables of at most ``most`` non-key columns each, repeating the
    key columns (the member's name in the register grid) in every part."""
    keys = table.key_columns
    rest = range(keys, len(table.columns))
    if len(rest) <= most:
        return [table]
    parts = []
    for begin in range(keys, len(table.columns), max(most, 1)):
        chosen = [*range(keys), *range(begin, min(begin + max(most, 1), len(table.columns)))]
        parts.append(
            Table(
                tuple(table.columns[i] for i in chosen),
                tuple(tuple(row[i] for i in chosen) for row in table.rows),
                title=table.title if begin == keys else "",
                key_columns=keys,
                grid=table.grid,
                writing_space=table.writing_space,
                empty=table.empty,
            )
        )
    return parts


def day_label(day: date) -> str:
    """A date as a coordinator writes it: "Tue 4 Mar 2025"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage; a dash when there is nothing to
    divide by."""
    if whole <= 0:
        return "-"
    return f"{round(100 * part / whole)}%"


def about(value: float) -> str:
    """A number of people that may be an average: "8" when whole, else "about 8" (never
    "8.0" or "7.6" people)."""
    if float(value).is_integer():
        return str(int(value))
    return f"about {round(value)}"
