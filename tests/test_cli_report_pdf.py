"""`report -o x.pdf` makes a real PDF (the HTML report printed by Chromium), or says
plainly that it cannot and writes nothing: never plain text under a .pdf name."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coordinator.reports import printing
from tests.test_cli_report import db, fails_with, run  # noqa: F401 (the fixture)

BROWSER = printing.find_chromium()


@pytest.mark.slow
@pytest.mark.skipif(BROWSER is None, reason="no Chromium to print with (.ci/run installs it)")
def test_a_pdf_file_gets_a_real_pdf(db: Path, tmp_path: Path) -> None:  # noqa: F811
    from pypdf import PdfReader

    target = tmp_path / "summary.pdf"
    result = run(db, "summary", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    assert "Attendance" in "".join(page.extract_text() for page in PdfReader(target).pages)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.html"))  # the page it was printed from is not left


def test_without_a_browser_no_pdf_is_made_and_it_says_why(
    db: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(printing, "find_chromium", lambda: None)
    target = tmp_path / "summary.pdf"
    fails_with(run(db, "summary", "-o", str(target)), "No PDF was made", "summary.html")
    assert not target.exists()


def test_a_text_format_is_not_saved_under_a_pdf_name(db: Path, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "summary.pdf"
    fails_with(run(db, "summary", "--format", "text", "-o", str(target)), "--format text")
    assert not target.exists()
