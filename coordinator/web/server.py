"""``coordinator web``'s server: textual-serve's, made safe to leave running on a laptop.

textual-serve's :class:`~textual_serve.server.Server` gives the websocket protocol, the
app process per tab and the downloads; this subclass changes what it must:

- it listens on 127.0.0.1 only, on a socket bound before it starts (a free port);
- every request passes :func:`coordinator.web.guard.refusal` (key, Host, Origin) or gets
  403, and every answer carries no-store, no-referrer and a strict content policy;
- no access log (it would hold the key), no logo, no tracebacks with local values;
- the page is :mod:`coordinator.web.page` (nothing from the internet);
- the app runs as ``python -m coordinator.web.child`` with no shell in between, and is
  told to quit (then killed if it will not) when its tab's connection ends;
- Ctrl+C stops it within seconds, and so does an idle time with no tab open.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import socket
import sys
from asyncio.subprocess import PIPE, Process
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from coordinator.web import guard, page
from coordinator.web.child import PARENT_ENV

# How long an app is given to close by itself when its tab goes, and the server to stop.
APP_QUIT_SECONDS = 3.0
SHUTDOWN_SECONDS = 2.0
# Bounds on what a tab may ask for: a terminal's size, one message.
MAX_COLUMNS, MAX_ROWS = 500, 200
MAX_MESSAGE_BYTES = 1 << 20


class WebError(Exception):
    """The server could not start; the message says why and what to do."""


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise WebError(
                f"Port {port} is already in use. Leave out --port to use a free one."
            ) from None
        if error.errno == errno.EACCES:
            raise WebError(
                f"Port {port} needs special rights. Leave out --port to use a free one."
            ) from None
        raise WebError(f"Could not listen on port {port}: {error.strerror}.") from None
    sock.listen(16)
    sock.setblocking(False)
    return sock


class AppProcess(AppService):
    """One tab's app: run without a shell, and never left running when the tab goes."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        environment[PARENT_ENV] = str(os.getpid())
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=environment
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def close(self) -> None:
        """Ask the app to quit and wait for it; kill it if it has not gone in a few seconds.
        Waiting for it here (not leaving it to the event loop's end) also reaps it."""
        with contextlib.suppress(TimeoutError, OSError, RuntimeError):
            await asyncio.wait_for(self.stop(), APP_QUIT_SECONDS)
        process = self._process
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), APP_QUIT_SECONDS)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), APP_QUIT_SECONDS)


class CoordinatorServer(Server):
    """textual-serve's server on a bound socket, behind this run's key."""

    def __init__(
        self,
        db: Path,
        sock: socket.socket,
        key: str,
        *,
        idle_seconds: float = 600.0,
        title: str = page.TITLE,
    ) -> None:
        self.sock = sock
        port = int(sock.getsockname()[1])
        super().__init__(command="", host="127.0.0.1", port=port, title=title)
        self.key = key
        self.argv = [sys.executable, "-m", "coordinator.web.child", "--db", str(db)]
        self.idle_seconds = idle_seconds
        self.stopping = asyncio.Event()
        self._tabs: set[AppProcess] = set()
        self._sockets: set[web.WebSocketResponse] = set()
        self._last_change = 0.0

    # -- addresses ----------------------------------------------------------------

    @property
    def url(self) -> str:
        """The address, without the key (safe to print)."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def url_with_key(self) -> str:
        """The address that lets a browser in (never put on a command line)."""
        return f"{self.url}?{guard.KEY_PARAM}={self.key}"

    # -- the aiohttp application --------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=64 * 1024)
        app.router.add_get("/", self.handle_index)
        app.router.add_get("/ws", self.handle_websocket)
        app.router.add_get("/download/{key}", self.handle_download)
        app.router.add_static("/static", self.statics_path, show_index=False)
        app.router.add_static("/page", page.STATIC, show_index=False)
        app.on_response_prepare.append(self._add_headers)
        app.on_shutdown.append(self._close_tabs)
        return app

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        reason = guard.refusal(
            port=self.port,
            key=self.key,
            path=request.path,
            headers=request.headers,
            query_key=request.query.get(guard.KEY_PARAM),
            cookie_key=request.cookies.get(guard.cookie_name(self.port)),
        )
        if reason is not None:
            return web.Response(status=403, text=reason + "\n")
        response: web.StreamResponse = await handler(request)
        return response

    async def _add_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(guard.COMMON_HEADERS)
        if request.path.startswith("/download/"):
            response.headers["Content-Security-Policy"] = guard.DELIVERY_POLICY
        else:
            host = request.headers.get("Host", f"127.0.0.1:{self.port}")
            if host not in guard.own_hosts(self.port):
                host = f"127.0.0.1:{self.port}"
            response.headers["Content-Security-Policy"] = guard.page_policy(host)

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page; when the key came in the address, it goes into a cookie from here on."""
        host = request.headers["Host"]  # checked by the guard
        response = web.Response(
            text=page.render(f"ws://{host}/ws", self.title), content_type="text/html"
        )
        given = request.query.get(guard.KEY_PARAM)
        if guard.key_matches(self.key, given):
            response.set_cookie(
                guard.cookie_name(self.port),
                self.key,
                path="/",
                httponly=True,
                samesite="Strict",
            )
        return response

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the app delivered: once, with its name intact."""
        delivery = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(delivery)
        except KeyError:
            return web.Response(status=404, text="That download has gone; export it again.\n")
        response = web.StreamResponse()
        content_type = meta.mime_type
        if meta.encoding:
            content_type += f"; charset={meta.encoding}"
        response.headers["Content-Type"] = content_type
        response.headers["Content-Disposition"] = guard.content_disposition(
            meta.open_method == "browser", meta.file_name
        )
        await response.prepare(request)
        async for chunk in self.download_manager.download(delivery):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: its own app process, for as long as the connection lasts."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        width = min(max(to_int(request.query.get("width", "80"), 80), 10), MAX_COLUMNS)
        height = min(max(to_int(request.query.get("height", "24"), 24), 5), MAX_ROWS)
        await websocket.prepare(request)
        tab = AppProcess(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self._tabs.add(tab)
        self._sockets.add(websocket)
        self._touch()
        try:
            await tab.start(width, height)
            # A message the protocol does not expect ends this tab's session, quietly.
            with contextlib.suppress(ValueError, TypeError, KeyError, AssertionError):
                await self._process_messages(websocket, tab)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            await tab.close()
            await websocket.close()
            self._tabs.discard(tab)
            self._sockets.discard(websocket)
            self._touch()
        return websocket

    async def _close_tabs(self, app: web.Application) -> None:
        for websocket in list(self._sockets):
            with contextlib.suppress(Exception):
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")
        await asyncio.gather(*(tab.close() for tab in list(self._tabs)))

    # -- running ------------------------------------------------------------------

    def _touch(self) -> None:
        self._last_change = asyncio.get_running_loop().time()

    async def _watch_idle(self) -> None:
        loop = asyncio.get_running_loop()
        while not self.stopping.is_set():
            await asyncio.sleep(min(self.idle_seconds / 4, 5.0))
            idle = loop.time() - self._last_change
            if not self._sockets and idle >= self.idle_seconds:
                self.stopping.set()

    async def run(self, started: Callable[[], None]) -> None:
        """Serve until Ctrl+C, SIGTERM, or the idle time with no tab open."""
        # Neither a log of requests (it would hold the key) nor textual-serve's messages.
        logging.getLogger("aiohttp.access").disabled = True
        logging.getLogger("textual-serve").setLevel(logging.CRITICAL)
        loop = asyncio.get_running_loop()
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            # Windows' event loops have no signal handlers (they raise NotImplementedError);
            # there Ctrl+C reaches the loop as KeyboardInterrupt instead.
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(stop_signal, self.stopping.set)
        runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        site = web.SockSite(runner, self.sock, shutdown_timeout=SHUTDOWN_SECONDS)
        self._touch()
        watcher = None
        try:
            await site.start()
            if self.idle_seconds > 0:
                watcher = asyncio.create_task(self._watch_idle())
            started()
            await self.stopping.wait()
        finally:
            if watcher is not None:
                watcher.cancel()
            await runner.cleanup()


def serve(
    db: Path,
    *,
    port: int = 0,
    open_browser: bool = True,
    idle_seconds: float = 600.0,
    say: Callable[[str], None],
) -> None:
    """Serve the app on ``db`` until Ctrl+C or the idle time; raises :class:`WebError`."""
    from coordinator.web import browser

    sock = bind(port)
    server = CoordinatorServer(db.absolute(), sock, guard.new_key(), idle_seconds=idle_seconds)
    redirect = browser.write_redirect(server.url_with_key)

    def started() -> None:
        say(f"The coordinator is open at {server.url} (this laptop only).")
        if idle_seconds > 0:
            minutes = f"{idle_seconds / 60:g} minute{'' if idle_seconds == 60 else 's'}"
            say(f"Ctrl+C stops it; it also stops after {minutes} with no tab open.")
        else:
            say("Ctrl+C stops it.")
        # The link holds the key: it is said here, in the coordinator's own terminal, never
        # put on a command line (a browser some sandboxes keep out of /tmp may need it).
        if open_browser and browser.open_page(redirect):
            say("It is in your browser now. If no tab appeared, open this link on this laptop:")
        else:
            if open_browser:
                say("No browser could be started from here.")
            say("Open this link in a browser on this laptop:")
        say(f"  {server.url_with_key}")
        say(f"(or the file {redirect})")

    try:
        asyncio.run(server.run(started))
    except KeyboardInterrupt:  # where the loop cannot catch Ctrl+C itself (Windows)
        pass
    finally:
        sock.close()
        browser.remove_redirect(redirect)
    say("Stopped. Everything is saved.")
