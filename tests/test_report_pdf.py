"""The HTML summary printed to PDF by real headless Chromium: every member row is in the
PDF's text and the pages are A4 portrait. Skipped when no Chromium is installed
(``.ci/run`` installs it).

``COORDINATOR_UPDATE_DOCS=1`` also rewrites docs/report-summary-page1.png from the demo
group's PDF (needs ``pdftoppm`` from poppler-utils).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from coordinator.demo import build_demo
from coordinator.model import GroupData
from coordinator.reports import (
    ReportFormat,
    ReportKind,
    ReportRequest,
    build_report,
    default_period,
    printing,
    render_report,
)
from coordinator.reports.summary import people_in
from tests.report_fixtures import TODAY, small_group

BROWSER = printing.find_chromium()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BROWSER is None, reason="no Chromium to print with (.ci/run installs it)"),
]
A4_POINTS = (595.0, 842.0)
DOCS = Path(__file__).parent.parent / "docs"


def to_pdf(data: GroupData, kind: ReportKind, folder: Path, today: date = TODAY) -> PdfReader:
    report = build_report(data, ReportRequest(kind), today)
    html = printing.write_private(folder / f"{kind}.html", render_report(report, ReportFormat.HTML))
    pdf = printing.html_to_pdf(html, folder / f"{kind}.pdf", BROWSER, sandbox=False)
    return PdfReader(pdf)


def text_of(reader: PdfReader) -> str:
    # Table cells may be split over lines; compare with whitespace folded.
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def assert_a4_portrait(reader: PdfReader) -> None:
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2, (width, height)


def registered(data: GroupData, today: date) -> list[str]:
    """Everyone who belongs on the default period's register."""
    start, end = default_period(today)
    meetings = [m for m in data.held_meetings(end) if m.day >= start]
    return [m.name for m in people_in(data, meetings)]


def test_demo_summary_prints_on_two_a4_pages_with_every_member(tmp_path: Path) -> None:
    data = build_demo(TODAY)
    reader = to_pdf(data, ReportKind.SUMMARY, tmp_path)
    assert_a4_portrait(reader)
    assert len(reader.pages) == 2
    text = text_of(reader)
    assert "Tuesday Crew: attendance summary" in text
    names = registered(data, TODAY)
    assert len(names) >= 8
    for name in names:
        # Once in the register grid, once in the per-member table.
        assert text.count(name) >= 2, name
    assert "Linda Carter" in text.split("Check-ins suggested")[1]
    if os.environ.get("COORDINATOR_UPDATE_DOCS") and shutil.which("pdftoppm"):
        out = DOCS / "report-summary-page1"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(tmp_path / "summary.pdf"),
                str(out),
            ],
            check=True,
        )


def test_fixed_group_reports_page_counts_and_rows(tmp_path: Path) -> None:
    data = small_group()
    summary = to_pdf(data, ReportKind.SUMMARY, tmp_path)
    assert_a4_portrait(summary)
    assert len(summary.pages) == 2
    text = text_of(summary)
    for name in (
        "Margaret Ellis",
        "Sam Okafor",
        "Jean Morris",
        "Linda Carter",
        "Chloe Evans",
        "[bold]Nell[/bold]",
    ):
        assert text.count(name) >= 2, name

    sheet = to_pdf(data, ReportKind.SIGN_IN, tmp_path)
    assert_a4_portrait(sheet)
    assert len(sheet.pages) == 1
    sheet_text = text_of(sheet)
    for name in ("Margaret Ellis (Maggie)", "Sam Okafor", "Chloe Evans"):
        assert name in sheet_text

    service = to_pdf(data, ReportKind.SERVICE, tmp_path)
    assert_a4_portrait(service)
    assert len(service.pages) == 1
    service_text = text_of(service)
    for member in data.members:
        assert member.name not in service_text
