"""A real ``coordinator web`` server on a demo group, for the security and browser tests.

The server runs as the coordinator runs it (``python -m coordinator ... web``) in its
own process, so killing it is a real kill. The demo group is made with every mark of
every held meeting set to absent, so a "present" on disk can only be the test's.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from coordinator.clock import SystemClock
from coordinator.demo import build_demo
from coordinator.model import AttendanceMark, GroupData, Mark
from coordinator.store import Store

LINK = re.compile(r"(http://127\.0\.0\.1:(\d+)/)\?key=(\S+)")
START_SECONDS = 30


@dataclass
class Served:
    """A running server: its address, port, key, process and group file."""

    url: str
    port: int
    key: str
    process: subprocess.Popen[str]
    db: Path
    output: list[str]

    @property
    def url_with_key(self) -> str:
        return f"{self.url}?key={self.key}"


def all_absent(data: GroupData) -> GroupData:
    meetings = tuple(
        replace(
            meeting,
            attendance={member: AttendanceMark(Mark.ABSENT) for member in meeting.attendance},
        )
        for meeting in data.meetings
    )
    return replace(data, meetings=meetings)


def make_group(path: Path) -> None:
    clock = SystemClock()
    with Store.open(path, clock) as store:
        store.replace_all(all_absent(build_demo(clock.now().date())))


def start_server(db: Path, home: Path, *extra: str) -> Served:
    """Start ``coordinator web --no-browser`` and wait for the link it prints."""
    env = {**os.environ, "COORDINATOR_HOME": str(home)}
    env.pop("COORDINATOR_DB", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "coordinator", "--db", str(db), "web", "--no-browser", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    output: list[str] = []
    found: list[re.Match[str]] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if not found and (match := LINK.search(line)):
                found.append(match)
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(START_SECONDS) or not found:
        process.kill()
        raise AssertionError("the server did not start: " + "".join(output))
    match = found[0]
    return Served(match[1], int(match[2]), match[3], process, db, output)


def stop(served: Served) -> None:
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGINT)
        try:
            served.process.wait(15)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait(5)


@pytest.fixture
def group_file(tmp_path: Path) -> Path:
    path = tmp_path / "group.json"
    make_group(path)
    return path


@pytest.fixture
def served(group_file: Path, tmp_home: Path) -> Iterator[Served]:
    server = start_server(group_file, tmp_home, "--idle-minutes", "0")
    try:
        yield server
    finally:
        stop(server)
