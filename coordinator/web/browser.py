"""Opening the browser on the keyed address without the key ever being on a command line.

A browser is started with its address as an argument, which any account on the laptop
can read in the process list. So, as Jupyter does, the keyed address goes into a small
page in a private folder (0700, the file 0600) that sends the browser on, and the
browser is given that file's name instead.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from html import escape
from pathlib import Path

PREFIX = "coordinator-web-"


def write_redirect(url: str) -> Path:
    """A private page that sends the browser to ``url``; its folder is the caller's to
    remove (:func:`remove_redirect`). Folders left by servers that were killed are
    removed first."""
    remove_stale_redirects()
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))  # 0700
    page = folder / "open-coordinator.html"
    target = escape(url, quote=True)
    text = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="referrer" content="no-referrer">'
        f'<meta http-equiv="refresh" content="0;url={target}">'
        "<title>Opening the coordinator</title></head>"
        f'<body><p><a href="{target}">Open the coordinator</a></p></body></html>\n'
    )
    fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return page


def remove_redirect(page: Path) -> None:
    """Remove the redirect page and its folder (the key is useless by then anyway)."""
    shutil.rmtree(page.parent, ignore_errors=True)


def remove_stale_redirects(folder: Path | None = None) -> None:
    """Remove this account's redirect folders whose server is gone (killed outright, it
    could not remove its own); their keys are useless, but they should not pile up."""
    where = Path(tempfile.gettempdir()) if folder is None else folder
    try:
        candidates = list(where.glob(f"{PREFIX}*-*"))
    except OSError:
        return
    for candidate in candidates:
        pid_text = candidate.name.removeprefix(PREFIX).split("-", 1)[0]
        try:
            if not pid_text.isdigit() or candidate.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            shutil.rmtree(candidate, ignore_errors=True)
        except (OSError, AttributeError):  # not ours to judge, or no uids (Windows)
            continue


def has_graphical_browser() -> bool:
    """Whether a browser window can be opened here (not a text browser in this terminal)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_page(page: Path) -> bool:
    """Open ``page`` in the default browser; False when there is none to use."""
    if not has_graphical_browser():
        return False
    import webbrowser

    try:
        return webbrowser.open(page.as_uri())
    except webbrowser.Error:
        return False
