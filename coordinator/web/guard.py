"""Who may use the server, and the headers every answer carries: pure rules, no I/O.

The server listens on 127.0.0.1 only, but that alone keeps out neither another account
on the laptop nor a web page the coordinator has open (a page at another local port, or
a foreign name pointed at 127.0.0.1 by DNS rebinding). So every request must carry this
run's key (in the address the first time, then in a cookie), name this server in its
``Host``, and, for the websocket, come from a page of this server (``Origin``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import quote

KEY_PARAM = "key"
# Names the server answers to; the browser is sent to the first.
HOST_NAMES = ("127.0.0.1", "localhost")
# The style textual.js (textual-serve's bundle) adds to the page as a <style> element (put
# in empty, then filled); the content policy allows exactly these two texts by their
# hashes, and nothing else inline.
TEXTUAL_JS_STYLE = (
    "h1{color:#fff;background-color:#000}body{margin:0;padding:0}"
    ".textual-terminal{width:100vw;height:100vh}"
)


def new_key() -> str:
    """A fresh random key for one run of the server (256 bits)."""
    return secrets.token_urlsafe(32)


def cookie_name(port: int) -> str:
    """The key's cookie; cookies are shared between ports, so the port is in the name."""
    return f"coordinator-key-{port}"


def own_hosts(port: int) -> frozenset[str]:
    """The ``Host`` values of this server's own address."""
    return frozenset(f"{name}:{port}" for name in HOST_NAMES)


def own_origins(port: int) -> frozenset[str]:
    """The ``Origin`` values of this server's own pages."""
    return frozenset(f"http://{host}" for host in own_hosts(port))


def key_matches(expected: str, given: str | None) -> bool:
    """Whether ``given`` is this run's key (compared in constant time)."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def refusal(
    *,
    port: int,
    key: str,
    path: str,
    headers: Mapping[str, str],
    query_key: str | None,
    cookie_key: str | None,
) -> str | None:
    """Why a request is refused (403), or None when it may go on.

    ``headers`` are the request's headers (case-insensitive mapping); ``query_key`` and
    ``cookie_key`` what the request carried as the key. The reason names the rule, never
    the key or anything the request sent.
    """
    if headers.get("Host") not in own_hosts(port):
        return "This server answers only to its own address."
    origin = headers.get("Origin")
    if origin is not None and origin not in own_origins(port):
        return "Requests from other sites are refused."
    if path == "/ws" and origin is None:
        return "The connection must come from the coordinator's own page."
    if not (key_matches(key, query_key) or key_matches(key, cookie_key)):
        return (
            "This page needs the link that `coordinator web` opened (it holds a key that "
            "changes every time). Run `coordinator web` again to get a new one."
        )
    return None


def _sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_policy(host: str) -> str:
    """The content security policy of the app's page: only this server, and its websocket."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            f"style-src 'self' {_sha256_source('')} {_sha256_source(TEXTUAL_JS_STYLE)}",
            "font-src 'self'",
            "img-src 'self' data:",
            f"connect-src ws://{host}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


# A delivered file (a report opened to print, a download): its own inline style and
# inline SVG chart, nothing fetched, no script, and a sandbox of its own.
DELIVERY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

# On every answer: nothing kept in a cache (the pages hold members' details), no address
# passed on, not framed, types as declared.
COMMON_HEADERS: Mapping[str, str] = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def content_disposition(inline: bool, file_name: str) -> str:
    """A ``Content-Disposition`` header that survives any file name (RFC 6266): a plain
    ASCII fallback, and the real name encoded."""
    fallback = "".join(
        c if c.isascii() and (c.isalnum() or c in "._- ") else "_" for c in file_name
    ).strip()
    fallback = fallback or "download"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"
