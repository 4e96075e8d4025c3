"""Printable reports. Each report is built once, purely, into a small document
(:mod:`.document`: the types every builder and renderer share), then rendered;
:mod:`.making` does both (``build_report``, ``render_report``). Builders are named for
what they make (:mod:`.summary` the attendance summary, :mod:`.sign_in` the sign-in
sheet, :mod:`.pain_service` the name-free summary for the pain service); renderers for
their format (:mod:`.to_text` plain text and Markdown, :mod:`.to_rich`, :mod:`.to_csv`,
:mod:`.to_html`); :mod:`.printing` makes a PDF through a browser, or prints. The
document's names and the two ``making`` functions are re-exported here; builders and
renderers are imported from their own modules, only when needed."""

from coordinator.reports.document import (
    FORMAT_LABELS,
    KIND_LABELS,
    SUFFIXES,
    Align,
    Block,
    Chart,
    ChartPoint,
    Column,
    Facts,
    Paragraph,
    Report,
    ReportFormat,
    ReportKind,
    ReportRequest,
    Section,
    Table,
    about,
    day_label,
    default_period,
    format_for,
    percent,
    period_of,
    split_columns,
)
from coordinator.reports.making import build_report, render_report

__all__ = [
    "FORMAT_LABELS",
    "KIND_LABELS",
    "SUFFIXES",
    "Align",
    "Block",
    "Chart",
    "ChartPoint",
    "Column",
    "Facts",
    "Paragraph",
    "Report",
    "ReportFormat",
    "ReportKind",
    "ReportRequest",
    "Section",
    "Table",
    "about",
    "build_report",
    "day_label",
    "default_period",
    "format_for",
    "percent",
    "period_of",
    "render_report",
    "split_columns",
]
