"""Where a file the app makes goes: to disk in a terminal, to the browser in a tab.

Every export, report and calendar file the app writes goes through here, so it works
the same in both places: in a terminal the file is written where the coordinator chose;
under ``coordinator web`` (``app.is_web``) it is delivered to the browser with Textual's
``deliver_text``/``deliver_binary`` instead, as a download, or (a report to print) in a
new tab where the browser's own print dialog works. Messages then say "Downloaded" and
the file's name, never a path on the laptop's disk that the tab cannot see.
"""

from __future__ import annotations

import io
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from textual.app import App

from coordinator.reports import SUFFIXES, Report, ReportFormat, render_report
from coordinator.store.durable import atomic_write
from coordinator.store.output_paths import OutputTarget, write_output

mimetypes.add_type("text/calendar", ".ics")
mimetypes.add_type("text/markdown", ".md")
mimetypes.add_type("text/csv", ".csv")
mimetypes.add_type("text/vcard", ".vcf")

# What a report opened in a tab says about printing it.
PRINT_IN_TAB = "Opened in a new tab: press Ctrl+P there to print it (A4, portrait)."


@dataclass(frozen=True)
class Delivered:
    """What became of a file: saved at a path, or downloaded by the browser."""

    downloaded: bool
    where: str

    @property
    def verb(self) -> str:
        return "Downloaded" if self.downloaded else "Saved"

    @property
    def preposition(self) -> str:
        """ "Saved ... to PATH", "Downloaded ... as NAME"."""
        return "as" if self.downloaded else "to"

    @property
    def said(self) -> str:
        """The sentence for the coordinator: "Saved /path/x.ics" or "Downloaded x.ics"."""
        return f"{self.verb} {self.where}"


def in_browser(app: App[Any]) -> bool:
    """Whether the app is running in a browser tab (``coordinator web``)."""
    return bool(app.is_web)


def suggested_name(app: App[Any], target: Path) -> str:
    """The file a form suggests: the whole path in a terminal; in a tab only the name,
    since the file goes to the browser's downloads, not to a folder on the laptop."""
    return target.name if in_browser(app) else str(target)


def deliver_file(
    app: App[Any],
    target: OutputTarget | Path,
    content: bytes | str,
    *,
    open_in_tab: bool = False,
) -> Delivered:
    """Write ``content`` where ``target`` says (terminal: a target already checked by
    :func:`coordinator.store.output_paths.check_output`, or a plain path written atomically),
    or hand it to the browser as a file of the same name (tab: a download, or
    ``open_in_tab`` to show it in a new tab).

    Safe to call from a worker thread. Raises :class:`OSError` when the system refuses.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if isinstance(target, Path):
        path: Path | None = target
    else:
        path = target.path or target.real
    if not in_browser(app):
        if isinstance(target, Path):
            atomic_write(target, data)
            return Delivered(downloaded=False, where=str(target))
        write_output(target, data)
        return Delivered(downloaded=False, where=target.shown)
    name = path.name if path is not None else "download"
    send_to_browser(app, name, data, "browser" if open_in_tab else "download")
    return Delivered(downloaded=True, where=name)


def send_to_browser(
    app: App[Any], name: str, data: bytes, how: Literal["browser", "download"]
) -> None:
    """Deliver ``data`` to the tab as a file called ``name``."""
    mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    kind = mime_type.split("/", 1)[0]

    def send() -> None:
        if kind == "text":
            app.deliver_text(
                io.StringIO(data.decode("utf-8")),
                save_filename=name,
                open_method=how,
                encoding="utf-8",
                mime_type=mime_type,
            )
        else:
            app.deliver_binary(
                io.BytesIO(data), save_filename=name, open_method=how, mime_type=mime_type
            )

    if threading.current_thread() is threading.main_thread():
        send()
    else:
        app.call_from_thread(send)


def keys_hint(app: App[Any]) -> str | None:
    """The Reports screen's hint in a tab (None in a terminal, which has its own)."""
    if not in_browser(app):
        return None
    return "w download, o open in a new tab, P print (Ctrl+P in the new tab)."


def report_in_browser(
    app: App[Any], report: Report, fmt: ReportFormat, target: Path, *, open_it: bool, print_it: bool
) -> list[str] | None:
    """In a tab, deliver a report and return what to say; None in a terminal (the caller
    saves, opens and prints it there). Opening and printing show the HTML version in a
    new tab, where the browser's print dialog does the paper."""
    if not in_browser(app):
        return None
    if open_it or print_it:
        page = target.with_suffix(SUFFIXES[ReportFormat.HTML])
        send_to_browser(
            app, page.name, render_report(report, ReportFormat.HTML).encode(), "browser"
        )
        return [PRINT_IN_TAB if print_it else f"Opened {page.name} in a new tab."]
    return [deliver_file(app, target, render_report(report, fmt)).said]
