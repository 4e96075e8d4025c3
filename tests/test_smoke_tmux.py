"""A real terminal: the installed ``coordinator demo`` in tmux at 80x24, driven by keys.

Marks two members absent on the register of the latest meeting held, checks each mark is on
disk before quitting, quits with q and checks the saved file. Skipped where tmux is not
installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coordinator.clock import SystemClock, today_in
from coordinator.demo import ZONE, build_demo
from coordinator.model import GroupData, Mark
from coordinator.store import Store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

COORDINATOR = Path(sys.executable).with_name("coordinator")
TIMEOUT = 60.0


class Terminal:
    """One tmux session on a private server, so no one else's sessions are touched."""

    def __init__(self, home: Path) -> None:
        self.socket = f"coordinator-smoke-{uuid.uuid4().hex[:8]}"
        self.session = "smoke"
        self.home = home

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    def start(self, command: list[str]) -> None:
        env = {**os.environ, "COORDINATOR_HOME": str(self.home), "TERM": "xterm-256color"}
        env.pop("COORDINATOR_DB", None)
        env.pop("COLUMNS", None)  # pytest-xdist's workers set 80x24 here; the pane decides
        env.pop("LINES", None)
        result = subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "-f",
                os.devnull,
                "new-session",
                "-d",
                "-s",
                self.session,
                "-x",
                "80",
                "-y",
                "24",
                *("env", "-u", "COORDINATOR_DB", f"COORDINATOR_HOME={self.home}"),
                *command,
                # Keep the pane after the app exits, so its last words can be read.
                ";",
                "set-option",
                "-t",
                self.session,
                "remain-on-exit",
                "on",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
            check=False,
        )
        assert result.returncode == 0, result.stderr

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session).stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)
            time.sleep(0.15)

    def wait_for(self, what: Callable[[str], bool], label: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if what(shown):
                return shown
            time.sleep(0.2)
        raise AssertionError(f"waited {TIMEOUT:.0f}s for {label}; the screen shows:\n{shown}")

    def exited(self) -> bool:
        out = self.tmux("list-panes", "-t", self.session, "-F", "#{pane_dead}").stdout
        return out.strip() in ("1", "")

    def stop(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "home"
    home.mkdir()
    term = Terminal(home)
    yield term
    term.stop()


def marks(data: GroupData) -> dict[tuple[str, str], Mark]:
    return {
        (meeting.id, member_id): mark.status
        for meeting in data.meetings
        for member_id, mark in meeting.attendance.items()
    }


def saved(path: Path) -> GroupData:
    with Store.open(path, SystemClock(), read_only=True) as store:
        return store.load()


def test_mark_attendance_in_a_real_terminal_then_quit(terminal: Terminal) -> None:
    assert COORDINATOR.exists(), f"{COORDINATOR} is not installed"
    terminal.start([str(COORDINATOR), "demo"])
    terminal.wait_for(lambda s: "Tuesday Crew" in s and "Dashboard" in s, "the dashboard")

    demo_file = terminal.home / "demo.json"
    before = marks(saved(demo_file))
    expected = marks(build_demo(today_in(SystemClock(), ZONE)))
    assert before == expected

    terminal.keys("g")
    terminal.wait_for(lambda s: "[g Register]" in s, "the register")
    # The register opens on the latest meeting held, with the first member selected.
    terminal.keys("x")
    deadline = time.monotonic() + TIMEOUT
    while marks(saved(demo_file)) == before and time.monotonic() < deadline:
        time.sleep(0.2)
    after_one = marks(saved(demo_file))
    assert after_one != before, "the first mark was not on disk before quitting"
    terminal.keys("down", "x")
    terminal.wait_for(lambda s: s.count("○") >= 2, "two absent marks")

    terminal.keys("q")
    deadline = time.monotonic() + TIMEOUT
    while not terminal.exited() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert terminal.exited(), terminal.screen()
    assert "Traceback" not in terminal.screen()

    after = marks(saved(demo_file))
    changed = {key: mark for key, mark in after.items() if before.get(key) != mark}
    assert len(changed) == 2, changed
    assert set(changed.values()) == {Mark.ABSENT}
    meetings = {meeting_id for meeting_id, _ in changed}
    assert len(meetings) == 1
    data = saved(demo_file)
    latest_held = data.held_meetings(until=today_in(SystemClock(), ZONE))[-1]
    assert meetings == {latest_held.id}
    # The first member on the register, then another one (the register may move the
    # cursor on after a mark by itself).
    members = {member_id for _, member_id in changed}
    assert "m1" in members
    assert len(members) == 2


def test_plain_coordinator_opens_the_app_on_the_file_named_and_quits(terminal: Terminal) -> None:
    """``coordinator --db FILE`` (the path that skips the command-line parser) opens the
    same app on that file, and a folder given as the file is a message, not a traceback."""
    assert COORDINATOR.exists(), f"{COORDINATOR} is not installed"
    group = terminal.home / "elsewhere.json"
    env = {**os.environ, "COORDINATOR_HOME": str(terminal.home)}
    made = subprocess.run(
        [str(COORDINATOR), "--db", str(group), "demo", "--no-open"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    terminal.start([str(COORDINATOR), f"--db={group}"])
    terminal.wait_for(lambda s: "Tuesday Crew" in s and "Dashboard" in s, "the dashboard")
    terminal.keys("q")
    deadline = time.monotonic() + TIMEOUT
    while not terminal.exited() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert terminal.exited(), terminal.screen()
    assert "Traceback" not in terminal.screen()

    folder = subprocess.run(
        [str(COORDINATOR), "--db", str(terminal.home)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert folder.returncode == 1
    assert "is a folder; --db needs the group file itself" in folder.stderr
    assert "Traceback" not in folder.stderr
