"""Printable reports. Each report is built once, purely, into a small document
(:mod:`.document`: the types every builder and renderer share, plus ``build_report`` and
``render_report``); builders named for what they make (:mod:`.summary` the attendance
summary, :mod:`.sign_in` the sign-in sheet, :mod:`.pain_service` the name-free summary for
the pain service); renderers named for their format (:mod:`.to_text` plain text and
Markdown, :mod:`.to_rich`, :mod:`.to_csv`, :mod:`.to_html`); and :mod:`.printing` (a PDF
through a browser, or the system's printer). The document's names are re-exported here;
builders and renderers are imported from their own modules, only when needed."""

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
    build_report,
    day_label,
    default_period,
    format_for,
    percent,
    period_of,
    render_report,
    split_columns,
)

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
