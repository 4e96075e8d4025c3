"""Getting a report onto paper: ``lp``, the browser, and Chromium to make a PDF.

Nothing here touches the network: Chromium runs headless on a local file with a
throw-away profile and its background services turned off. Every tool is optional;
when one is missing the message says what to do instead (on Windows and macOS without
``lp``, open the file and print it from there).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

from coordinator import paths
from coordinator.reports.document import Report
from coordinator.reports.to_text import to_text
from coordinator.store.durable import atomic_write, make_private_folder
from coordinator.store.output_paths import OutputRefused, check_output

CHROMIUM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
)
# Where browsers live when they are not on PATH (macOS apps, Windows program folders).
_KNOWN_BROWSERS = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
)
PDF_TIMEOUT_SECONDS = 120


class PrintError(Exception):
    """Printing or converting did not happen; the message says what to do instead."""


DOCUMENTS_FOLDER = paths.DOCUMENTS_FOLDER


def reports_folder() -> Path:
    """Where reports go when no file is named: :func:`coordinator.paths.output_folder`,
    the one folder for every file the app makes (made private when it is missing)."""
    folder = paths.output_folder(make=False)
    try:
        make_private_folder(folder)
    except OSError as error:
        raise paths.FolderUnavailable.because(folder, error) from None
    return folder


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically, readable by its owner only whether or
    not it existed (reports hold names and attendance)."""
    atomic_write(path, text.encode("utf-8"))
    return path


def how_to_print(path: Path) -> str:
    """Plain instructions for printing ``path`` by hand on this kind of computer."""
    if path.suffix.lower() == ".pdf":
        keys = "Cmd+P" if sys.platform == "darwin" else "Ctrl+P"
        return f"Open {path} in a PDF viewer or web browser and press {keys} to print it."
    if path.suffix.lower() in (".html", ".htm"):
        keys = "Cmd+P" if sys.platform == "darwin" else "Ctrl+P"
        return (
            f"Open {path} in your web browser and press {keys} to print it "
            "(choose A4 and portrait)."
        )
    if sys.platform == "win32":
        return f"Open {path} in Notepad and choose File > Print (or right-click it > Print)."
    if sys.platform == "darwin":
        return f"Open {path} in TextEdit and press Cmd+P."
    return (
        f"Open {path} in a text editor and print it from there, or install CUPS "
        "(it provides the `lp` command) and try again."
    )


def find_lp() -> str | None:
    return shutil.which("lp")


def send_to_printer(path: Path, lp: str | None = None) -> str:
    """Send ``path`` (text or PDF) to the default printer with ``lp``; returns what lp
    said. Raises :class:`PrintError` with instructions when ``lp`` is missing or fails."""
    import subprocess  # here, not at the top: only printing needs it (quicker start)

    lp = lp or find_lp()
    if lp is None:
        raise PrintError(f"There is no `lp` printing command here. {how_to_print(path)}")
    try:
        done = subprocess.run(
            [lp, "--", str(path)], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PrintError(f"`lp` did not run ({error}). {how_to_print(path)}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
        raise PrintError(
            f"The printer did not take the job: {said}. Check a printer is set up "
            f"(`lpstat -p -d` lists them). {how_to_print(path)}"
        )
    return done.stdout.strip() or "Sent to the printer."


def find_chromium() -> str | None:
    """A Chromium-family browser that can print to PDF, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for candidate in _KNOWN_BROWSERS:
        if Path(candidate).is_file():
            return candidate
    return None


def chromium_command(
    browser: str, html: Path, pdf: Path, profile: Path, sandbox: bool | None = None
) -> list[str]:
    """The headless Chromium command that prints ``html`` to ``pdf`` with no network
    activity of its own (no sync, updates or background fetches).

    ``sandbox`` None means: keep Chromium's sandbox except as root, where it cannot
    start (containers, CI); a person's own account keeps it."""
    command = [browser, "--headless"]
    if sandbox is None:
        sandbox = not (hasattr(os, "geteuid") and os.geteuid() == 0)
    if not sandbox:
        command.append("--no-sandbox")
    command += [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        html.resolve().as_uri(),
    ]
    return command


def html_to_pdf(
    html: Path,
    pdf: Path,
    browser: str | None = None,
    timeout: float = PDF_TIMEOUT_SECONDS,
    sandbox: bool | None = None,
) -> Path:
    """Print the HTML file ``html`` to ``pdf`` with headless Chromium (A4 comes from the
    page's own print CSS). Raises :class:`PrintError` when no browser is found or it
    makes no PDF."""
    import subprocess
    import tempfile

    browser = browser or find_chromium()
    if browser is None:
        raise PrintError(
            "No Chromium, Chrome or Edge was found to make a PDF. " + how_to_print(html)
        )
    with contextlib.suppress(FileNotFoundError):
        pdf.unlink()
    with tempfile.TemporaryDirectory(prefix="coordinator-chromium-") as profile:
        command = chromium_command(browser, html, pdf, Path(profile), sandbox)
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise PrintError(
                f"The browser took longer than {timeout:.0f} seconds to make the PDF. "
                + how_to_print(html)
            ) from None
        except OSError as error:
            raise PrintError(f"The browser did not start ({error}). {how_to_print(html)}") from None
    if not pdf.is_file() or pdf.stat().st_size == 0:
        said = _last_lines(done.stderr)
        raise PrintError(f"The browser made no PDF ({said}). {how_to_print(html)}")
    with contextlib.suppress(OSError):
        pdf.chmod(0o600)  # it holds names, like the HTML it came from
    return pdf


def _last_lines(text: str, count: int = 3) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "it gave no reason"


def print_report(saved: Path, is_html: bool, report: Report, db: Path | None = None) -> list[str]:
    """Print a saved report: HTML through a PDF made beside it, plain text as it is, any
    other format as its plain-text version. Returns what to tell the coordinator. With
    ``db`` (the group file), the files made beside ``saved`` are checked like any output
    (never over the group file or a backup)."""
    said: list[str] = []

    def beside(suffix: str) -> Path:
        target = saved.with_suffix(suffix)
        if db is not None:
            try:
                check_output(target, db, what="Printing")
            except OutputRefused as error:
                raise PrintError(str(error)) from None
        return target

    if is_html:
        paper = html_to_pdf(saved, beside(".pdf"))
        said.append(f"Saved {paper}")
    elif saved.suffix.lower() == ".txt":
        paper = saved
    else:
        paper = write_private(beside(".print.txt"), to_text(report))
        said.append(f"Printing the plain-text version, saved as {paper}")
    try:
        said.append(send_to_printer(paper))
    except PrintError as error:
        raise PrintError(" ".join([*said, str(error)])) from None
    return said


def open_in_browser(path: Path) -> bool:
    """Show ``path`` in the default web browser; False when there is none to use."""
    import webbrowser

    try:
        return webbrowser.open(path.resolve().as_uri())
    except webbrowser.Error:
        return False
