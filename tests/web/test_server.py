"""The real server, spoken to as an attacker would: a plain HTTP client and a websocket.

Without the key, with a wrong key, with a foreign Host (DNS rebinding) or Origin (a page
at another site or port): 403, for the page and for the websocket. With the key: the
page, a cookie that carries the key from then on, and the safety headers. A second tab
is read-only; a killed server leaves no lock behind; Ctrl+C and the idle time stop it.
"""

from __future__ import annotations

import asyncio
import re
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from coordinator.store import lock_path
from coordinator.store.lockfile import FileLock, LockHeld
from tests.web.conftest import Served, start_server

pytestmark = pytest.mark.slow

ESCAPES = re.compile(rb"\x1b\[[0-9;?<>]*[A-Za-z$]|\x1b\][^\x07]*\x07")


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    async def fetch() -> tuple[int, dict[str, str], str]:
        async with (
            aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session,
            session.get(url, headers=headers, allow_redirects=False) as response,
        ):
            return response.status, dict(response.headers), await response.text()

    return asyncio.run(fetch())


def websocket_status(served: Served, query: str = "", **headers: str) -> int:
    """The status of a websocket handshake (101 when it opened)."""

    async def connect() -> int:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
            try:
                async with session.ws_connect(
                    served.url.replace("http:", "ws:") + "ws" + query, headers=headers
                ) as websocket:
                    await websocket.close()
                    return 101
            except aiohttp.WSServerHandshakeError as error:
                return error.status

    return asyncio.run(connect())


def own(served: Served) -> str:
    return served.url.rstrip("/")


def test_refuses_the_page_without_the_key_a_wrong_key_or_a_foreign_host(served: Served) -> None:
    status, _, body = get(served.url)
    assert status == 403 and "needs the link" in body
    assert get(served.url + "?key=" + "A" * len(served.key))[0] == 403
    assert get(served.url + "?key=")[0] == 403
    cookie = f"coordinator-key-{served.port}="
    assert get(served.url, Cookie=cookie + "wrong")[0] == 403
    # DNS rebinding: a foreign name pointed at 127.0.0.1 carries the right key in vain.
    assert get(served.url_with_key, Host=f"evil.example:{served.port}")[0] == 403
    assert get(served.url_with_key, Host="127.0.0.1")[0] == 403
    assert get(served.url_with_key, Origin="http://127.0.0.1:1")[0] == 403
    # The static files and downloads are behind the key too.
    assert get(served.url + "static/js/textual.js")[0] == 403
    assert get(served.url + "download/anything")[0] == 403


def test_the_key_opens_the_page_once_then_a_cookie_carries_it(served: Served) -> None:
    status, headers, body = get(served.url_with_key)
    assert status == 200
    assert "<title>Coordinator</title>" in body
    cookie = headers["Set-Cookie"]
    assert cookie.startswith(f"coordinator-key-{served.port}={served.key};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert f"connect-src ws://127.0.0.1:{served.port}" in policy
    assert "http" not in policy.replace("ws://", "")  # nothing from anywhere else
    assert "googleapis" not in body and "https://" not in body
    with_cookie = get(served.url, Cookie=f"coordinator-key-{served.port}={served.key}")
    assert with_cookie[0] == 200 and "Set-Cookie" not in with_cookie[1]
    assert get(f"http://localhost:{served.port}/?key={served.key}")[0] == 200
    # No access log: the key is in the server's output once, in the link it printed.
    assert [line for line in served.output if served.key in line] == [f"  {served.url_with_key}\n"]


def test_refuses_the_websocket_without_the_key_or_from_a_foreign_origin(served: Served) -> None:
    origin = own(served)
    key = f"?key={served.key}"
    assert websocket_status(served, Origin=origin) == 403
    assert websocket_status(served, "?key=wrong", Origin=origin) == 403
    assert websocket_status(served, key, Origin="http://evil.example") == 403
    assert websocket_status(served, key, Origin=f"http://127.0.0.1:{served.port + 1}") == 403
    assert websocket_status(served, key) == 403  # no Origin: not from a page
    assert websocket_status(served, key, Origin=origin, Host=f"evil.example:{served.port}") == 403
    cookie = f"coordinator-key-{served.port}={served.key}"
    assert websocket_status(served, Origin=origin, Cookie=cookie) == 101


async def _read_until(websocket: aiohttp.ClientWebSocketResponse, word: bytes) -> bytes:
    seen = b""
    while word not in ESCAPES.sub(b"", seen):
        message = await websocket.receive(timeout=60)
        if message.type is aiohttp.WSMsgType.BINARY:
            seen += message.data
        elif message.type is not aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"closed before {word!r}: {ESCAPES.sub(b'', seen)[-500:]!r}")
    return ESCAPES.sub(b"", seen)


def _locked(db: Path) -> bool:
    lock = FileLock(lock_path(db))
    try:
        lock.acquire()
    except LockHeld:
        return True
    lock.release()
    return False


def test_a_second_tab_is_read_only_and_a_killed_server_frees_the_lock(
    served: Served,
) -> None:
    url = served.url.replace("http:", "ws:") + f"ws?key={served.key}&width=100&height=30"
    headers = {"Origin": own(served)}

    async def two_tabs() -> tuple[bytes, bytes]:
        async with aiohttp.ClientSession() as session:
            first = await session.ws_connect(url, headers=headers)
            shown_first = await _read_until(first, b"next meeting")
            second = await session.ws_connect(url, headers=headers)
            shown_second = await _read_until(second, b"READ-ONLY")
            assert _locked(served.db)
            # SIGKILL: nothing of the server runs any more, yet the apps must go.
            served.process.send_signal(signal.SIGKILL)
            killed = time.monotonic()
            while _locked(served.db):
                assert time.monotonic() - killed < 1.0, "the lock outlived the server by 1 s"
                await asyncio.sleep(0.02)
            return shown_first, shown_second

    shown_first, shown_second = asyncio.run(two_tabs())
    assert b"READ-ONLY" not in shown_first
    assert b"Another coordinator window has this group open" in shown_second


def children(server: int) -> list[str]:
    """The server's child processes (Linux's /proc)."""
    listed = Path(f"/proc/{server}/task/{server}/children")
    if not listed.exists():
        pytest.skip("no /proc here to see the processes")
    return listed.read_text().split()


def app_commands(server: int) -> list[list[str]]:
    """The command lines of the server's child processes: the app, with no shell between."""
    return [
        Path(f"/proc/{child}/cmdline").read_bytes().decode().rstrip("\0").split("\0")
        for child in children(server)
    ]


def test_ctrl_c_stops_the_server_and_its_app_promptly_and_no_process_shows_the_key(
    served: Served,
) -> None:
    url = served.url.replace("http:", "ws:") + f"ws?key={served.key}"

    async def tab_then_ctrl_c() -> float:
        async with aiohttp.ClientSession() as session:
            tab = await session.ws_connect(url, headers={"Origin": own(served)})
            await _read_until(tab, b"next meeting")
            assert app_commands(served.process.pid) == [
                [sys.executable, "-m", "coordinator.web.child", "--db", str(served.db)]
            ]
            # The key is in no process list and no app's environment.
            for pid in [served.process.pid, *children(served.process.pid)]:
                for part in ("cmdline", "environ"):
                    assert served.key.encode() not in Path(f"/proc/{pid}/{part}").read_bytes()
            served.process.send_signal(signal.SIGINT)
            asked = time.monotonic()
            await asyncio.to_thread(served.process.wait, 10)
            return time.monotonic() - asked

    took = asyncio.run(tab_then_ctrl_c())
    assert took < 5, f"Ctrl+C took {took:.1f} s"
    assert served.process.returncode == 0
    assert not _locked(served.db)
    assert "Stopped. Everything is saved." in "".join(served.output)


def test_stops_by_itself_after_the_idle_time_with_no_tab(group_file: Path, tmp_home: Path) -> None:
    server = start_server(group_file, tmp_home, "--idle-minutes", "0.02")  # 1.2 s
    try:
        assert server.process.wait(15) == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()
    assert "it also stops after 0.02 minutes with no tab open" in "".join(server.output)
