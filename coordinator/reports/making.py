"""Making a report: build the requested document, then render it in one format.

The builders and renderers are imported only when asked for, so making one report
loads one builder and one renderer. They import :mod:`.document`, never this module.
"""

from __future__ import annotations

from datetime import date

from coordinator.model import GroupData, ValidationError
from coordinator.reports.document import Report, ReportFormat, ReportKind, ReportRequest, period_of


def build_report(data: GroupData, request: ReportRequest, today: date) -> Report:
    """Build the content of the requested report (pure: ``today`` is passed in)."""
    if data.group is None:
        raise ValidationError("Group", "is not set up yet; run `coordinator` to set it up")
    if request.kind is ReportKind.SIGN_IN:
        from coordinator.reports.sign_in import build_sign_in

        return build_sign_in(data, today, request.meeting_id)
    start, end = period_of(request, today)
    if request.kind is ReportKind.SERVICE:
        from coordinator.reports.pain_service import build_service_summary

        return build_service_summary(data, start, end, today)
    from coordinator.reports.summary import build_summary

    return build_summary(data, start, end, today, request.settings)


def render_report(report: Report, fmt: ReportFormat, width: int = 80) -> str:
    """The report as text in ``fmt`` (Rich is rendered without colour at ``width``)."""
    if fmt is ReportFormat.TEXT:
        from coordinator.reports.to_text import to_text

        return to_text(report, width)
    if fmt is ReportFormat.MARKDOWN:
        from coordinator.reports.to_text import to_markdown

        return to_markdown(report)
    if fmt is ReportFormat.CSV:
        from coordinator.reports.to_csv import to_csv

        return to_csv(report)
    if fmt is ReportFormat.HTML:
        from coordinator.reports.to_html import to_html

        return to_html(report)
    from coordinator.reports.to_rich import to_plain_rich

    return to_plain_rich(report, width)
