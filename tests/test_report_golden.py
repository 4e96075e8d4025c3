"""Golden files: each report of the fixed test group, as plain text at 80 columns and as
Markdown, must match tests/golden/ exactly.

After a deliberate change, rewrite them with
``COORDINATOR_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_golden.py``
and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.cells import cell_len

from coordinator.reports import ReportFormat, ReportKind, ReportRequest, build_report, render_report
from tests.report_fixtures import TODAY, small_group

GOLDEN = Path(__file__).parent / "golden"
WIDTH = 80
CASES = [
    ("summary", ReportKind.SUMMARY, ReportFormat.TEXT, "summary.txt"),
    ("summary-md", ReportKind.SUMMARY, ReportFormat.MARKDOWN, "summary.md"),
    ("sign-in", ReportKind.SIGN_IN, ReportFormat.TEXT, "sign-in.txt"),
    ("service", ReportKind.SERVICE, ReportFormat.TEXT, "service.txt"),
]


@pytest.mark.parametrize(("kind", "fmt", "name"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_report_matches_its_golden_file(kind: ReportKind, fmt: ReportFormat, name: str) -> None:
    report = build_report(small_group(), ReportRequest(kind), TODAY)
    rendered = render_report(report, fmt, WIDTH)
    path = GOLDEN / name
    if os.environ.get("COORDINATOR_UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8", newline="\n")
    expected = path.read_text(encoding="utf-8")
    assert rendered == expected
    if fmt is ReportFormat.TEXT:
        assert all(cell_len(line) <= WIDTH for line in rendered.splitlines())
