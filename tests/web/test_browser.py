"""``coordinator web`` in a real Chromium (the system's, driven by Playwright; no browser
is ever downloaded): the dashboard appears with the keyboard already in it, ``r g p``
marks someone present and the mark is on disk, a calendar file arrives as a download,
an HTML report opens in a new
tab to print, and with every request beyond the laptop blocked the page works and made none.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from coordinator.clock import SystemClock
from coordinator.model import Mark
from coordinator.store import Store
from tests.web.conftest import Served

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ESCAPES = re.compile(r"\x1b\[[0-9;?<>]*[A-Za-z$]|\x1b\][^\x07]*\x07")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (/usr/bin/chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Screen:
    """What the app has sent to the tab, as plain text (the terminal draws on a canvas)."""

    def __init__(self) -> None:
        self.raw: list[str] = []

    def received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            self.raw.append(payload.decode("utf-8", "replace"))

    @property
    def text(self) -> str:
        return ESCAPES.sub("", "".join(self.raw))

    def press(self, page: Any, key: str, then_shows: str) -> None:
        """Press ``key`` and wait until the app has drawn ``then_shows`` since."""
        before = len(self.raw)
        page.keyboard.press(key)
        wait_for(
            page,
            lambda: then_shows in ESCAPES.sub("", "".join(self.raw[before:])),
            f"{then_shows!r} after {key}",
            20,
        )


def wait_for(page: Any, check: Callable[[], bool], what: str, seconds: float = 30) -> None:
    """Wait for ``check``, letting Playwright deliver its events meanwhile."""
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        page.wait_for_timeout(100)


def present_marks(db: Path) -> list[tuple[str, str]]:
    with Store.open(db, SystemClock(), read_only=True) as store:
        data = store.load()
    return [
        (meeting.id, member)
        for meeting in data.meetings
        for member, mark in meeting.attendance.items()
        if mark.status is Mark.PRESENT
    ]


def test_the_app_works_in_chromium_with_nothing_beyond_the_laptop(
    served: Served, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 720})
    outside: list[str] = []

    def only_the_laptop(route: Any) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_laptop)
    downloads: list[Any] = []

    def keep(download: Any) -> None:
        downloads.append(download)

    context.on("page", lambda tab: tab.on("download", keep))
    page = context.new_page()
    screen = Screen()
    page.on("websocket", lambda ws: ws.on("framereceived", screen.received))
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective));"
    )

    page.goto(served.url_with_key)
    wait_for(page, lambda: "next meeting" in screen.text, "the dashboard")
    assert page.title() == "Coordinator"
    assert page.url == served.url  # the key left the address bar
    assert page.evaluate("() => document.activeElement.className") == "xterm-helper-textarea"
    assert page.evaluate("() => window.__violations") == []
    assert present_marks(served.db) == []

    # No click first: the keyboard is in the terminal from the start.
    screen.press(page, "r", "Roster")
    screen.press(page, "g", "absent (no word)")  # the register (every mark absent)
    screen.press(page, "p", "present")
    wait_for(page, lambda: len(present_marks(served.db)) == 1, "the present mark on disk", 15)

    # Meetings, export the highlighted meeting's calendar file: a download, not a path.
    screen.press(page, "m", "Plan")
    screen.press(page, "e", "Save to")
    page.keyboard.press("Control+s")
    wait_for(page, lambda: bool(downloads), "the .ics download", 15)
    download = downloads[0]
    assert download.suggested_filename.endswith(".ics")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"BEGIN:VCALENDAR")
    wait_for(page, lambda: "Downloaded" in screen.text, "the word Downloaded", 10)
    assert str(Path.home()) + "/" not in screen.text  # no path on the laptop's disk shown

    # Reports, open: the HTML report in a new tab, for the browser's own print dialog.
    page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    screen.press(page, "p", "Attendance summary")
    with context.expect_page(timeout=20000) as opened:
        page.keyboard.press("o")
    report = opened.value
    report.wait_for_load_state()
    assert "Tuesday Crew" in report.content()
    wait_for(page, lambda: "Ctrl+P" in screen.text or "new tab" in screen.text, "the tab message")

    assert outside == []
    assert page.evaluate("() => window.__violations") == []
    # The blocker is live: a request beyond the laptop is stopped and counted.
    probe = context.new_page()
    with pytest.raises(sync_api.Error):
        probe.goto("http://example.com/")
    assert outside == ["http://example.com/"]
    context.close()
