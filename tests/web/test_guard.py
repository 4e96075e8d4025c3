"""The server's rules as pure functions: who is let in, the headers, the redirect file,
the page. Hostile values go through here (fast), not through the real server."""

from __future__ import annotations

import os
import stat
from email.message import Message
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings, strategies as st

from coordinator.web import browser, guard, page

PORT = 43210
KEY = guard.new_key()


def refused(
    host: str | None = f"127.0.0.1:{PORT}",
    origin: str | None = None,
    path: str = "/",
    query_key: str | None = KEY,
    cookie_key: str | None = None,
) -> str | None:
    headers = {}
    if host is not None:
        headers["Host"] = host
    if origin is not None:
        headers["Origin"] = origin
    return guard.refusal(
        port=PORT,
        key=KEY,
        path=path,
        headers=headers,
        query_key=query_key,
        cookie_key=cookie_key,
    )


def test_the_key_in_the_address_or_the_cookie_lets_the_page_in() -> None:
    assert refused() is None
    assert refused(query_key=None, cookie_key=KEY) is None
    assert refused(host=f"localhost:{PORT}") is None
    assert refused(path="/ws", origin=f"http://127.0.0.1:{PORT}") is None
    assert (
        refused(path="/ws", origin=f"http://localhost:{PORT}", query_key=None, cookie_key=KEY)
        is None
    )


def test_each_rule_refuses_on_its_own() -> None:
    assert "link" in (refused(query_key=None) or "")
    assert "link" in (refused(query_key=KEY[:-1]) or "")
    assert "link" in (refused(query_key="", cookie_key="") or "")
    assert "own address" in (refused(host=None) or "")
    assert "own address" in (refused(host=f"evil.example:{PORT}") or "")
    assert "own address" in (refused(host=f"127.0.0.1:{PORT + 1}") or "")
    assert "own address" in (refused(host="127.0.0.1") or "")
    assert "other sites" in (refused(origin="http://evil.example") or "")
    assert "other sites" in (refused(origin=f"https://127.0.0.1:{PORT}") or "")
    assert "other sites" in (refused(origin="null") or "")
    assert "own page" in (refused(path="/ws") or "")


@settings(max_examples=200)
@given(st.text(max_size=80), st.text(max_size=80), st.text(max_size=80))
def test_nothing_but_the_key_gets_in_and_no_reason_repeats_what_was_sent(
    host: str, origin: str, key: str
) -> None:
    reason = refused(host=host, origin=origin, query_key=key, cookie_key=key)
    if key != KEY:
        assert reason is not None
    if reason is not None:
        for sent in (host, origin, key):
            assert len(sent) < 4 or sent not in reason


def test_keys_are_fresh_and_long() -> None:
    keys = {guard.new_key() for _ in range(50)}
    assert len(keys) == 50
    assert all(len(key) >= 43 for key in keys)


def test_the_cookie_names_the_port_since_cookies_ignore_ports() -> None:
    assert guard.cookie_name(8000) != guard.cookie_name(8001)


def test_the_page_policy_allows_only_this_server() -> None:
    policy = guard.page_policy(f"127.0.0.1:{PORT}")
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == f"ws://127.0.0.1:{PORT}"
    assert "unsafe" not in policy
    assert "http" not in policy


@settings(max_examples=200)
@given(st.text(min_size=1, max_size=60))
def test_any_file_name_survives_the_download_header(name: str) -> None:
    header = guard.content_disposition(False, name)
    assert "\n" not in header and "\r" not in header
    message = Message()
    message["Content-Disposition"] = header
    assert message.get_content_disposition() == "attachment"
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == name
    assert header.split('filename="', 1)[1].split('"', 1)[0].isascii()


def test_the_redirect_file_is_private_and_goes_to_the_keyed_address() -> None:
    url = f"http://127.0.0.1:{PORT}/?key={KEY}"
    redirect = browser.write_redirect(url)
    try:
        assert stat.S_IMODE(redirect.stat().st_mode) == 0o600
        assert stat.S_IMODE(redirect.parent.stat().st_mode) == 0o700
        text = redirect.read_text(encoding="utf-8")
        assert f'content="0;url={url}"' in text
    finally:
        browser.remove_redirect(redirect)
    assert not redirect.parent.exists()


def test_folders_left_by_killed_servers_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    gone = tmp_path / f"{browser.PREFIX}999999999-abc"  # beyond any process id
    live = tmp_path / f"{browser.PREFIX}{os.getpid()}-def"
    other = tmp_path / "coordinator-web-notapid"
    for folder in (gone, live, other):
        folder.mkdir()
    browser.remove_stale_redirects(tmp_path)
    assert not gone.exists()
    assert live.exists() and other.exists()


def test_no_text_browser_takes_over_the_terminal_without_a_display(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert browser.has_graphical_browser() is False
    assert browser.open_page(Path("/nonexistent.html")) is False


def test_the_page_loads_only_from_this_server_and_says_closed_calmly() -> None:
    html = page.render('ws://127.0.0.1:1/ws"><script>', title="<b>x</b>")
    assert "<title>&lt;b&gt;x&lt;/b&gt;</title>" in html
    assert '"><script>' not in html
    assert "Closed. Everything is saved." in html
    for link in ("https://", "http://", "//fonts"):
        assert link not in html
    assert "<style" not in html and "onclick" not in html.lower()
    assert (page.STATIC / "page.js").exists() and (page.STATIC / "page.css").exists()
    assert "https://" not in (page.STATIC / "page.css").read_text(encoding="utf-8")
