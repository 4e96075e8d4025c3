"""The QR code as a real terminal shows it: the app in tmux (a private server), the
dashboard's check-in list, `c` for the message, `r` for the QR code; the screen is
captured as text, drawn as an image (half blocks as pixels) and read with zbarimg, which
must give back the exact wa.me link. Skipped without tmux or zbarimg."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coordinator.clock import SystemClock, today_in
from coordinator.demo import ZONE, build_demo
from coordinator.model import Channel
from coordinator.reach.messages import compose, next_meeting
from coordinator.reach.templates import MessageKind
from coordinator.store import Store
from tests.reach.qr_image import decode, half_blocks_to_png, zbarimg

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(zbarimg() is None, reason="zbarimg (zbar-tools) is not installed"),
]

COORDINATOR = Path(sys.executable).with_name("coordinator")
TIMEOUT = 60.0


class Pane:
    def __init__(self, home: Path, width: int, height: int) -> None:
        self.socket = f"coordinator-qr-{uuid.uuid4().hex[:8]}"
        self.home = home
        self.size = (width, height)

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return done.stdout

    def start(self, *command: str) -> None:
        width, height = self.size
        env = {**os.environ, "TERM": "xterm-256color"}
        env.pop("COORDINATOR_DB", None)
        # pytest-xdist's workers carry COLUMNS=80 and LINES=24, which would win over the
        # pane's real size (shutil.get_terminal_size reads them first).
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        # The window is sized (and fixed at that size) before the app starts in it, so a
        # slow start on a busy machine never sees tmux's default 80x24 first.
        subprocess.run(
            [
                *("tmux", "-L", self.socket, "-f", os.devnull, "new-session", "-d", "-s", "qr"),
                *("-x", str(width), "-y", str(height), "sleep", "600"),
            ],
            check=True,
            env=env,
            timeout=30,
        )
        self.tmux("set-option", "-t", "qr", "window-size", "manual")
        self.tmux("resize-window", "-t", "qr", "-x", str(width), "-y", str(height))
        subprocess.run(
            [
                *("tmux", "-L", self.socket, "respawn-pane", "-k", "-t", "qr"),
                *("env", f"COORDINATOR_HOME={self.home}", *command),
            ],
            check=True,
            env=env,
            timeout=30,
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "qr")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "qr", key)
            time.sleep(0.2)

    def wait_for(self, what: Callable[[str], bool], label: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if what(shown):
                return shown
            time.sleep(0.25)
        raise AssertionError(f"waited for {label}; the screen shows:\n{shown}")

    def stop(self) -> None:
        self.tmux("kill-server")


def _group_file(home: Path, kind: MessageKind) -> tuple[Path, str]:
    """The demo group with working numbers; Linda (on the check-in list) on WhatsApp.
    Returns the file and the link her check-in message should have."""
    today = today_in(SystemClock(), ZONE)
    data = build_demo(today)
    members = tuple(
        replace(
            m,
            phone=f"07400 1234{i:02d}" if m.phone else "",
            channel=Channel.WHATSAPP if m.id == "m6" else m.channel,
        )
        for i, m in enumerate(data.members)
    )
    data = replace(data, members=members)
    path = home / "group.json"
    with Store.open(path, SystemClock()) as store:
        store.replace_all(data)
    now = SystemClock().now()
    made = compose(data, {}, kind, member=data.member("m6"), meeting=next_meeting(data, now, kind))
    assert made.link is not None and made.link.startswith("https://wa.me/447400123405?text=")
    return path, made.link


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "home"
    folder.mkdir()
    yield folder


@pytest.mark.parametrize(
    ("size", "with_text", "key"),
    [((110, 52), True, "3"), ((80, 24), False, "3"), ((80, 24), True, "6")],
    ids=["check-in at 110x52", "chat only at 80x24", "short note at 80x24"],
)
def test_the_qr_on_screen_scans_to_the_exact_link(
    home: Path, tmp_path: Path, size: tuple[int, int], with_text: bool, key: str
) -> None:
    kind = MessageKind.SHORT if key == "6" else MessageKind.CHECK_IN
    path, link = _group_file(home, kind)
    pane = Pane(home, *size)
    try:
        pane.start(str(COORDINATOR), "--db", str(path))
        pane.wait_for(lambda s: "Linda Carter" in s and "reach out" in s, "the check-in list")
        pane.keys("c")
        pane.wait_for(lambda s: "Message for Linda Carter" in s, "the message")
        pane.keys(key)
        pane.keys("r")
        if not with_text:
            pane.wait_for(lambda s: "press c for the chat alone" in s, "too big, said")
            pane.keys("c")
            link = link.split("?", 1)[0]
        shown = pane.wait_for(lambda s: "Scan with your phone" in s, "the QR code")
        # On a busy machine the words can be on screen a moment before every block of the
        # code is drawn: read the screen again (a few times) until the drawing is whole.
        image = half_blocks_to_png(shown.splitlines(), tmp_path / "screen.png", scale=6)
        for _ in range(20):
            if decode(image):
                break
            time.sleep(0.25)
            image = half_blocks_to_png(pane.screen().splitlines(), tmp_path / "screen.png", scale=6)
    finally:
        pane.stop()
    assert decode(image) == [link]
