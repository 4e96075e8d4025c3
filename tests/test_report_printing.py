"""Printing helpers: lp, Chromium to PDF, private files, and what to say when a tool is
missing. Fake tools stand in for lp and the browser, so nothing is really printed."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from coordinator.reports import printing

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake tools are shell scripts")


def fake_tool(folder: Path, name: str, script: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return path


def test_send_to_printer_runs_lp_on_the_file(tmp_path: Path) -> None:
    log = tmp_path / "lp.log"
    lp = fake_tool(tmp_path, "lp", f'echo "$@" > {log}\necho "request id is hp-42 (1 file(s))"\n')
    page = tmp_path / "sheet.txt"
    page.write_text("hello", encoding="utf-8")
    said = printing.send_to_printer(page, str(lp))
    assert said == "request id is hp-42 (1 file(s))"
    assert log.read_text(encoding="utf-8").split() == ["--", str(page)]


def test_a_refused_print_job_says_how_to_check_the_printer(tmp_path: Path) -> None:
    lp = fake_tool(
        tmp_path, "lp", 'echo "lp: Error - no default destination available." >&2\nexit 1\n'
    )
    page = tmp_path / "sheet.txt"
    page.write_text("hello", encoding="utf-8")
    with pytest.raises(printing.PrintError) as caught:
        printing.send_to_printer(page, str(lp))
    message = str(caught.value)
    assert "no default destination" in message
    assert "lpstat" in message
    assert str(page) in message


def test_without_lp_it_says_how_to_print_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    page = tmp_path / "summary.html"
    with pytest.raises(printing.PrintError) as caught:
        printing.send_to_printer(page)
    assert "no `lp`" in str(caught.value)
    assert "web browser" in str(caught.value)


@pytest.mark.parametrize(
    ("platform", "suffix", "expected"),
    [
        ("win32", ".txt", "Notepad"),
        ("darwin", ".txt", "TextEdit"),
        ("linux", ".txt", "CUPS"),
        ("darwin", ".html", "Cmd+P"),
        ("win32", ".html", "Ctrl+P"),
        ("linux", ".pdf", "PDF viewer"),
    ],
)
def test_how_to_print_fits_the_computer(
    monkeypatch: pytest.MonkeyPatch, platform: str, suffix: str, expected: str
) -> None:
    monkeypatch.setattr("sys.platform", platform)
    assert expected in printing.how_to_print(Path("report" + suffix))


def test_chromium_runs_headless_with_a_throwaway_profile_and_no_background_network() -> None:
    command = printing.chromium_command(
        "chromium", Path("/tmp/r.html"), Path("/tmp/r.pdf"), Path("/tmp/profile")
    )
    assert command[:2] == ["chromium", "--headless"]
    for flag in (
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--user-data-dir=/tmp/profile",
        "--print-to-pdf=/tmp/r.pdf",
    ):
        assert flag in command
    assert command[-1] == "file:///tmp/r.html"


def test_no_browser_means_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(printing, "_KNOWN_BROWSERS", ())
    assert printing.find_chromium() is None
    with pytest.raises(printing.PrintError) as caught:
        printing.html_to_pdf(tmp_path / "r.html", tmp_path / "r.pdf")
    assert "No Chromium, Chrome or Edge" in str(caught.value)
    assert "Ctrl+P" in str(caught.value) or "Cmd+P" in str(caught.value)


def test_a_browser_that_makes_no_pdf_is_reported(tmp_path: Path) -> None:
    browser = fake_tool(tmp_path, "chromium", 'echo "GPU process crashed" >&2\nexit 0\n')
    html = tmp_path / "r.html"
    html.write_text("<p>hi</p>", encoding="utf-8")
    with pytest.raises(printing.PrintError) as caught:
        printing.html_to_pdf(html, tmp_path / "r.pdf", str(browser))
    assert "made no PDF" in str(caught.value)
    assert "GPU process crashed" in str(caught.value)


def test_reports_are_written_private(tmp_path: Path, tmp_home: Path) -> None:
    folder = printing.reports_folder()
    assert folder == tmp_home / "reports"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    saved = printing.write_private(folder / "r.txt", "Margaret ●\n")
    assert saved.read_text(encoding="utf-8") == "Margaret ●\n"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_printing_html_goes_through_a_private_pdf(tmp_path: Path) -> None:
    browser = fake_tool(
        tmp_path,
        "chromium",
        'for a; do case "$a" in --print-to-pdf=*) '
        'printf "%%PDF-1.4 fake" > "${a#--print-to-pdf=}";; esac; done\n',
    )
    log = tmp_path / "lp.log"
    lp = fake_tool(tmp_path, "lp", f'echo "$2" > {log}\necho "request id is hp-9"\n')
    html = tmp_path / "summary.html"
    html.write_text("<p>hi</p>", encoding="utf-8")
    pdf = printing.html_to_pdf(html, tmp_path / "summary.pdf", str(browser))
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert printing.send_to_printer(pdf, str(lp)) == "request id is hp-9"
    assert log.read_text(encoding="utf-8").strip() == str(pdf)


def test_a_print_failure_still_says_where_the_pdf_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.reports import ReportRequest, build_report
    from tests.report_fixtures import TODAY, small_group

    monkeypatch.setattr(printing, "html_to_pdf", lambda html, pdf: pdf)
    monkeypatch.setenv("PATH", str(tmp_path))
    report = build_report(small_group(), ReportRequest(), TODAY)
    with pytest.raises(printing.PrintError) as caught:
        printing.print_report(tmp_path / "summary.html", True, report)
    message = str(caught.value)
    assert message.startswith(f"Saved {tmp_path / 'summary.pdf'}")
    assert "PDF viewer" in message
    # Other formats print their plain-text version.
    with pytest.raises(printing.PrintError) as caught:
        printing.print_report(tmp_path / "summary.csv", False, report)
    plain = tmp_path / "summary.print.txt"
    assert plain.read_text(encoding="utf-8").startswith("TUESDAY CREW: ATTENDANCE SUMMARY")
