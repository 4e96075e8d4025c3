"""One way out for every file the app makes (coordinator/tui/deliver.py): written to
disk in a terminal, handed to the browser under ``coordinator web``, and said in the
right words ("Saved PATH" or "Downloaded NAME"). A stand-in app records what the real
one would pass to Textual's ``deliver_text``/``deliver_binary``; the real download in
Chromium is tests/web/test_browser.py."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from textual.app import App

from coordinator.reports import ReportFormat, ReportRequest, build_report
from coordinator.store.output_paths import check_output
from coordinator.tui.deliver import (
    PRINT_IN_TAB,
    deliver_file,
    keys_hint,
    report_in_browser,
    suggested_name,
)
from tests.report_fixtures import TODAY, small_group


class StandInApp:
    """Just what deliver.py uses of an App: is it in a browser, and the two deliveries."""

    def __init__(self, is_web: bool) -> None:
        self.is_web = is_web
        self.sent: list[dict[str, Any]] = []
        self.from_thread = 0

    def deliver_text(self, file: Any, **options: Any) -> str:
        self.sent.append({"data": file.read(), **options})
        return "key"

    def deliver_binary(self, file: Any, **options: Any) -> str:
        self.sent.append({"data": file.read(), **options})
        return "key"

    def call_from_thread(self, callback: Callable[[], None]) -> None:
        self.from_thread += 1
        callback()


def app(is_web: bool) -> tuple[StandInApp, App[Any]]:
    stand_in = StandInApp(is_web)
    return stand_in, cast(App[Any], stand_in)


def test_in_a_terminal_the_file_is_written_and_the_path_said(tmp_path: Path) -> None:
    stand_in, real = app(is_web=False)
    target = tmp_path / "meetings.ics"
    delivered = deliver_file(real, target, b"BEGIN:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert delivered.said == f"Saved {target}"
    assert stand_in.sent == []


def test_in_a_tab_the_file_is_a_download_named_like_the_target(tmp_path: Path) -> None:
    stand_in, real = app(is_web=True)
    target = tmp_path / "next 3 meetings é.ics"
    delivered = deliver_file(real, target, "BEGIN:VCALENDAR\r\n")
    assert not target.exists()
    assert delivered.said == "Downloaded next 3 meetings é.ics"
    assert f"{delivered.verb} x {delivered.preposition} y" == "Downloaded x as y"
    [sent] = stand_in.sent
    assert sent["data"] == "BEGIN:VCALENDAR\r\n"
    assert sent["save_filename"] == "next 3 meetings é.ics"
    assert sent["open_method"] == "download"
    assert sent["mime_type"] == "text/calendar"


def test_forms_suggest_a_path_in_a_terminal_and_a_name_in_a_tab(tmp_path: Path) -> None:
    target = tmp_path / "Tuesday Crew next 3.ics"
    assert suggested_name(app(is_web=False)[1], target) == str(target)
    assert suggested_name(app(is_web=True)[1], target) == "Tuesday Crew next 3.ics"


def test_the_reports_hint_speaks_of_downloads_and_tabs_only_in_a_tab() -> None:
    assert keys_hint(app(is_web=False)[1]) is None
    assert "download" in (keys_hint(app(is_web=True)[1]) or "")


def test_binary_files_go_as_binary_and_worker_threads_go_through_the_app(
    tmp_path: Path,
) -> None:
    stand_in, real = app(is_web=True)
    done: list[str] = []
    worker = threading.Thread(
        target=lambda: done.append(deliver_file(real, tmp_path / "r.pdf", b"%PDF-").said)
    )
    worker.start()
    worker.join()
    assert done == ["Downloaded r.pdf"]
    assert stand_in.from_thread == 1
    assert stand_in.sent[0]["mime_type"] == "application/pdf"
    assert stand_in.sent[0]["data"] == b"%PDF-"


@pytest.mark.parametrize(
    ("open_it", "print_it", "said", "how", "suffix"),
    [
        (False, False, "Downloaded summary.md", "download", ".md"),
        (True, False, "Opened summary.html in a new tab.", "browser", ".html"),
        (False, True, PRINT_IN_TAB, "browser", ".html"),
    ],
)
def test_reports_in_a_tab_download_or_open_to_print(
    tmp_path: Path, open_it: bool, print_it: bool, said: str, how: str, suffix: str
) -> None:
    report = build_report(small_group(), ReportRequest(), TODAY)
    stand_in, real = app(is_web=True)
    target = tmp_path / "summary.md"
    answer = report_in_browser(
        real, report, ReportFormat.MARKDOWN, target, open_it=open_it, print_it=print_it
    )
    assert answer == [said]
    [sent] = stand_in.sent
    assert sent["open_method"] == how
    assert sent["save_filename"] == "summary" + suffix
    assert not target.exists()
    stand_in, real = app(is_web=False)
    assert (
        report_in_browser(real, report, ReportFormat.MARKDOWN, target, open_it=True, print_it=False)
        is None
    )
    assert stand_in.sent == []


def test_a_checked_target_is_written_by_output_paths_or_downloaded_by_its_asked_name(
    tmp_path: Path,
) -> None:
    db = tmp_path / "group.json"
    real = tmp_path / "real.ics"
    asked = tmp_path / "asked.ics"
    asked.symlink_to(real)
    target = check_output(asked, db, what="Save to")
    stand_in, real_app = app(is_web=False)
    delivered = deliver_file(real_app, target, b"BEGIN:VCALENDAR\r\n")
    assert real.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert delivered.said == f"Saved {target.shown}"
    stand_in, real_app = app(is_web=True)
    assert deliver_file(real_app, target, b"X").said == "Downloaded asked.ics"
    assert stand_in.sent[0]["save_filename"] == "asked.ics"
