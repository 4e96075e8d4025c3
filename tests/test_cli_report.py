"""`coordinator report`, driven through click's test runner with a fixed clock."""

from __future__ import annotations

import csv
import io
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.cells import cell_len

from coordinator.cli import root as cli
from coordinator.clock import FixedClock
from coordinator.store import Store
from tests.report_fixtures import small_group

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cli, "SystemClock", lambda: FixedClock(NOW))
    path = tmp_path / "group.json"
    store = Store.open(path, FixedClock(NOW))
    store.replace_all(small_group())
    store.close()
    return path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--db", str(db), "report", *args], catch_exceptions=False)


def fails_with(result: Result, *words: str) -> None:
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr


def test_summary_as_plain_text_fits_80_columns(db: Path) -> None:
    result = run(db, "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("TUESDAY CREW: ATTENDANCE SUMMARY")
    # The last 3 months by default.
    assert "Mon 24 Aug 2026 to Mon 23 Nov 2026" in result.output
    assert "Margaret Ellis" in result.output
    assert all(cell_len(line) <= 80 for line in result.output.splitlines())


def test_the_terminal_view_shows_names_literally(db: Path) -> None:
    result = run(db)
    assert result.exit_code == 0, result.output
    assert "[bold]Nell[/bold]" in result.output
    assert "\x1b[31m" not in result.output


def test_output_file_takes_its_format_from_the_ending_and_is_private(
    db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "summary.csv"
    result = run(db, "--from", "2026-06-01", "--to", "2026-11-23", "-o", str(out))
    assert result.exit_code == 0, result.output
    # The path as said (a long one is shortened in the middle, as under pytest-xdist).
    assert "Saved " in result.output and out.name in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["Tuesday Crew: attendance summary"]


def test_service_summary_html_holds_no_names(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "service.html"
    result = run(db, "service", "--from", "1/6/2026", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "summary for the pain service" in html
    for member in small_group().members:
        assert member.name not in html
        if member.phone:
            assert member.phone not in html


def test_sign_in_for_a_chosen_meeting_as_markdown(db: Path) -> None:
    result = run(db, "sign-in", "--meeting", "g12", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "Tue 17 Nov 2026" in result.output
    assert "| Name | Here | Contact details we hold | Still right? |" in result.output


def test_mistakes_get_a_message_naming_the_field(db: Path) -> None:
    fails_with(run(db, "sign-in", "--meeting", "g99"), "Meeting", "g99")
    fails_with(run(db, "--from", "31/2/2026"), "From", "not a real date")
    fails_with(run(db, "--from", "2026-11-01", "--to", "2026-10-01"), "To", "before")
    fails_with(run(db, "--format", "csv", "--open"), "--open", "html")


def test_no_group_file_yet(tmp_path: Path) -> None:
    fails_with(run(tmp_path / "none.json"), "no group file")


def test_open_saves_html_in_the_reports_folder_and_opens_it(
    db: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def fake_open(uri: str) -> bool:
        opened.append(uri)
        return True

    monkeypatch.setattr("webbrowser.open", fake_open)
    result = run(db, "--open")
    assert result.exit_code == 0, result.output
    saved = tmp_home / "reports" / "summary-2026-08-24-to-2026-11-23.html"
    assert saved.is_file()
    assert opened == [saved.resolve().as_uri()]


@pytest.mark.skipif(sys.platform == "win32", reason="the fake lp is a shell script")
def test_print_sends_plain_text_to_lp(
    db: Path, tmp_path: Path, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    log = tmp_path / "lp.log"
    lp = tools / "lp"
    lp.write_text(f'#!/bin/sh\necho "$2" > {log}\necho "request id is desk-7"\n', encoding="utf-8")
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:/usr/bin:/bin")
    result = run(db, "sign-in", "--print")
    assert result.exit_code == 0, result.output
    assert "request id is desk-7" in result.output
    printed = Path(log.read_text(encoding="utf-8").strip())
    assert printed.parent == tmp_home / "reports"
    assert printed.read_text(encoding="utf-8").startswith("TUESDAY CREW: SIGN-IN SHEET")


def test_print_without_lp_says_how_to_print(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    fails_with(run(db, "--format", "text", "--print"), "no `lp`", "print it")


def test_help_explains_the_kinds_and_options(db: Path) -> None:
    result = run(db, "--help")
    assert result.exit_code == 0
    for word in (
        "SUMMARY",
        "SIGN-IN",
        "SERVICE",
        "--from",
        "--meeting",
        "--format",
        "--open",
        "--print",
        "-o",
    ):
        assert word in result.output


def test_report_does_not_load_textual(db: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from coordinator.cli import main\n"
        f"result = CliRunner().invoke(main, ['--db', {str(db)!r}, 'report', '--format', 'md'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["summary", "--meeting", "g3"], ("--meeting", "sign-in", "--from")),
        (["service", "--meeting", "g3"], ("--meeting", "sign-in", "--from")),
        (["sign-in", "--from", "2026-01-01"], ("--from", "--meeting")),
        (["sign-in", "--to", "2026-12-01"], ("--to", "--meeting")),
    ],
)
def test_an_option_the_report_does_not_use_is_said_not_dropped(
    db: Path, args: list[str], words: tuple[str, ...]
) -> None:
    fails_with(run(db, *args), *words)
