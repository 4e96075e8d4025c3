"""Reports: pick the kind, the period and the format, see a preview, then save, open
in the browser or print.

The screen only collects choices and shows results: the content comes from
:func:`coordinator.reports.build_report`, the formats from the renderers and the paper
from :mod:`coordinator.reports.printing`. Saving, opening and printing run in a worker thread,
since Chromium and ``lp`` can take a few seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from coordinator.model import MeetingStatus, ValidationError, parse_date
from coordinator.reports import (
    FORMAT_LABELS,
    KIND_LABELS,
    SUFFIXES,
    Report,
    ReportFormat,
    ReportKind,
    ReportRequest,
    build_report,
    day_label,
    default_period,
    printing,
    render_report,
)
from coordinator.reports.document import period_of
from coordinator.reports.to_rich import to_renderable
from coordinator.store.output_paths import OutputRefused, save
from coordinator.tui import deliver
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, safe
from coordinator.tui.modals.save_as import SaveAsModal
from coordinator.tui.text_field import TextField
from coordinator.user_text import visible

# Said where data is coming, for the moment before it is shown.
LOADING = "Loading…"
# How many past meetings the sign-in list offers besides the planned ones.
PAST_MEETINGS_OFFERED = 6


def read_report_request(
    kind: ReportKind,
    typed: Mapping[str, str],
    meeting_id: str | None,
    settings: Mapping[str, Any],
    today: date,
) -> ReportRequest:
    """The report asked for, from the period as typed (``report-from``, ``report-to``:
    empty means the default); raises :class:`ValidationError` naming "From" or "To"
    (a date that cannot be read, one outside the years the app keeps, or To before
    From). No screen needed: hostile values are checked through here by the thousand."""
    start = parse_date(typed["report-from"], "From", required=False)
    end = parse_date(typed["report-to"], "To", required=False)
    request = ReportRequest(kind, start, end, meeting_id, settings)
    if kind is not ReportKind.SIGN_IN:
        period_of(request, today)  # To before From is said now, naming "To"
    return request


class RenderedOnce:
    """A report's renderable that is drawn once for each width and then replayed.

    Textual draws a Rich renderable in full to learn its height, again to show it, and
    again for the height whenever the preview is laid out anew (as the screen opens):
    for a long report that was most of the time the screen took to open. The report is
    text, tables and groups, which lay out by width alone, so the lines drawn for a
    width are the same whatever height Textual asks for.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._drawn: tuple[tuple[object, ...], list[Segment]] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (
            console,
            options.size,
            options.legacy_windows,
            options.min_width,
            options.max_width,
            options.is_terminal,
            options.encoding,
            options.justify,
            options.overflow,
            options.no_wrap,
            options.highlight,
            options.markup,
        )
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, list(console.render(self.renderable, options)))
        return self._drawn[1]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class ReportsScreen(CoordinatorScreen):
    """Choose a report, preview it, then save, open or print it."""

    DEFAULT_CSS = """
    ReportsScreen .report-choices {
        height: auto;
    }
    ReportsScreen .report-choices Select {
        width: 1fr;
    }
    ReportsScreen .report-choices Input {
        width: 1fr;
    }
    ReportsScreen .report-choices Label {
        padding: 1 1 0 1;
        width: auto;
    }
    ReportsScreen #report-meeting {
        width: 2fr;
    }
    ReportsScreen #report-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    ReportsScreen #report-status.problem {
        color: $error;
        text-style: bold;
    }
    ReportsScreen #report-preview {
        height: 1fr;
        /* Room for the scrollbar from the start: the preview is laid out once, not
           again when a long report brings the scrollbar in and narrows it. */
        scrollbar-gutter: stable;
        border: round $primary;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "save", "Save", id="reports-save"),
        Binding("o", "open", "Open in browser", id="reports-open"),
        Binding("P", "print", "Print", id="reports-print"),
        Binding("f5", "preview", "Preview", id="reports-preview"),
    ]

    # One body container of its own; the key checks look at no widget, so the footer
    # shows its keys with the first frame.
    BODY_CONTAINER = False
    FOOTER_KEYS_AT_ONCE = True
    AUTO_FOCUS = "#report-kind"

    def __init__(self) -> None:
        super().__init__()
        self.report: Report | None = None
        self._meeting_choices: list[tuple[str, str]] = []
        # The folder the coordinator last saved a report to (offered again).
        self._last_folder: Path | None = None
        # The choices the preview on show was built from (None: build it again).
        self._previewed: tuple[object, ...] | None = None

    def compose_body(self) -> ComposeResult:
        # The default period is in the fields from the start (not typed in after).
        start, end = default_period(coordinator_app(self).today())
        with Vertical(classes="body"):
            with Horizontal(classes="report-choices"):
                yield Select(
                    [(label, kind.value) for kind, label in KIND_LABELS.items()],
                    value=ReportKind.SUMMARY.value,
                    allow_blank=False,
                    id="report-kind",
                    tooltip="Which report",
                )
                yield Select(
                    [(label, fmt.value) for fmt, label in FORMAT_LABELS.items()],
                    value=ReportFormat.RICH.value,
                    allow_blank=False,
                    id="report-format",
                    tooltip="Which format to save, open or print",
                )
            with Horizontal(classes="report-choices"):
                yield Label("From")
                yield TextField(start.isoformat(), id="report-from", placeholder="2026-08-24")
                yield Label("to")
                yield TextField(end.isoformat(), id="report-to", placeholder="2026-11-23")
                yield Select(
                    [],
                    prompt="next meeting",
                    id="report-meeting",
                    # Only the sign-in sheet asks which meeting (not the default kind).
                    disabled=True,
                    tooltip="Sign-in sheet: which meeting",
                )
            yield Static(id="report-status")
            with VerticalScroll(id="report-preview"):
                yield Static(LOADING, id="report-body")

    def on_mount(self) -> None:
        # The screen is shown at once with "Loading…" in the preview, which is built
        # just after that first frame: laying out a long preview is the slow part, and
        # Textual lays a new screen out more than once as it opens.
        self.call_after_refresh(self._first_preview)

    def _first_preview(self) -> None:
        if self._previewed is None:
            self.refresh_data()

    # -- choices -----------------------------------------------------------------------

    def _kind(self) -> ReportKind:
        return ReportKind(str(self.query_one("#report-kind", Select).value))

    def _format(self) -> ReportFormat:
        return ReportFormat(str(self.query_one("#report-format", Select).value))

    def _meeting_options(self) -> None:
        app = coordinator_app(self)
        data, today = app.data(), app.today()
        planned = [m for m in data.meetings if m.status is MeetingStatus.PLANNED and m.day >= today]
        past = data.held_meetings()[-PAST_MEETINGS_OFFERED:]
        choices = [*planned[:PAST_MEETINGS_OFFERED], *reversed(past)]
        options = [
            (f"{day_label(m.day)} {m.starts_at:%H:%M}, {data.place_of(m)}", m.id) for m in choices
        ]
        # Only when the list really changed: setting options (and the value) posts
        # Select.Changed, which rebuilds the preview, which would come back here.
        if options == self._meeting_choices:
            return
        self._meeting_choices = options
        select: Select[str] = self.query_one("#report-meeting", Select)
        keep = select.value
        with self.prevent(Select.Changed):
            select.set_options([(safe(label), key) for label, key in options])
            if isinstance(keep, str) and any(m.id == keep for m in choices):
                select.value = keep

    def _request(self) -> ReportRequest:
        typed = {
            widget_id: self.query_one(f"#{widget_id}", Input).value
            for widget_id in ("report-from", "report-to")
        }
        meeting = self.query_one("#report-meeting", Select).value
        app = coordinator_app(self)
        return read_report_request(
            self._kind(),
            typed,
            meeting if isinstance(meeting, str) else None,
            app.store.settings(),
            app.today(),
        )

    # -- preview -----------------------------------------------------------------------

    def _choices(self) -> tuple[object, ...]:
        """Everything on screen the preview depends on."""
        return (
            self.query_one("#report-kind", Select).value,
            self.query_one("#report-format", Select).value,
            self.query_one("#report-from", Input).value,
            self.query_one("#report-to", Input).value,
            self.query_one("#report-meeting", Select).value,
        )

    def _refresh_if_changed(self) -> None:
        """Rebuild the preview only if a choice differs from the one it shows (the
        selects announce their first value as the screen opens, and leaving a date
        field that was not changed changes nothing)."""
        if self._previewed is not None and self._choices() != self._previewed:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Rebuild the preview from the store's data and the choices on screen."""
        sign_in = self._kind() is ReportKind.SIGN_IN
        if sign_in:
            # Only the sign-in sheet asks which meeting: the list is made when that
            # report is chosen (and again with each change while it is), not before.
            self._meeting_options()
        self.query_one("#report-meeting", Select).disabled = not sign_in
        for selector in ("#report-from", "#report-to"):
            self.query_one(selector, Input).disabled = sign_in
        app = coordinator_app(self)
        try:
            self.report = build_report(app.data(), self._request(), app.today())
        except ValidationError as error:
            self.report = None
            self._previewed = self._choices()
            self._say(str(error), problem=True)
            self.query_one("#report-body", Static).update(
                Text("Fix the choice above to see the report.")
            )
            return
        fmt = self._format()
        self._say(deliver.keys_hint(self.app) or self._keys_hint(fmt))
        body = self.query_one("#report-body", Static)
        body.update(self._preview(self.report, fmt))
        choices = self._choices()
        if self._previewed is None or self._previewed[:2] != choices[:2]:
            # Another report or format: start at its top (the old scroll position could
            # sit past the end of a shorter report, showing an empty box).
            self.query_one("#report-preview", VerticalScroll).scroll_home(animate=False)
        self._previewed = choices

    def _preview(self, report: Report, fmt: ReportFormat) -> RenderableType:
        if fmt in (ReportFormat.RICH, ReportFormat.HTML):
            return RenderedOnce(to_renderable(report))
        return safe(render_report(report, fmt))

    @staticmethod
    def _keys_hint(fmt: ReportFormat) -> str:
        if fmt is ReportFormat.HTML:
            return "w save, o open in the browser, P print (as a PDF). Preview shown as text."
        return "w save, P print (as plain text). o opens the HTML version."

    def _say(self, message: str, problem: bool = False) -> None:
        status = self.query_one("#report-status", Static)
        status.set_class(problem, "problem")
        status.update(Text(("Problem: " if problem else "") + visible(message)))

    @on(Select.Changed)
    def _choice_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._refresh_if_changed()

    @on(Input.Submitted)
    def _date_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self._refresh_if_changed()

    @on(Input.Blurred)
    def _date_left(self, event: Input.Blurred) -> None:
        self._refresh_if_changed()

    def action_preview(self) -> None:
        self.refresh_data()

    # -- save, open, print ---------------------------------------------------------------

    def _target(self, fmt: ReportFormat) -> Path | None:
        self.refresh_data()
        if self.report is None:
            self.notify("Fix the choice shown in red first.", severity="error")
            return None
        try:
            folder = printing.reports_folder()
        except OSError as error:
            self.notify(
                visible(f"Not saved: {error.strerror or error}."),
                severity="error",
                markup=False,
            )
            return None
        return folder / f"{self.report.slug}{SUFFIXES[fmt]}"

    def action_save(self) -> None:
        """Save where the coordinator chooses: the name offered is in the folder they
        last saved to this time, else their Documents folder (printing.reports_folder)."""
        fmt = self._format()
        target = self._target(fmt)
        report = self.report
        if target is None or report is None:
            return
        if self._last_folder is not None:
            target = self._last_folder / target.name

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._last_folder = path.parent
                self._save_and(report, fmt, path, open_it=False, print_it=False)

        self.app.push_screen(SaveAsModal(target), chosen)

    def action_open(self) -> None:
        target = self._target(ReportFormat.HTML)
        if target is not None and self.report is not None:
            self._save_and(self.report, ReportFormat.HTML, target, open_it=True, print_it=False)

    def action_print(self) -> None:
        fmt = ReportFormat.HTML if self._format() is ReportFormat.HTML else ReportFormat.TEXT
        target = self._target(fmt)
        if target is not None and self.report is not None:
            self._save_and(self.report, fmt, target, open_it=False, print_it=True)

    @work(thread=True, exclusive=True, group="report-output")
    def _save_and(
        self, report: Report, fmt: ReportFormat, target: Path, *, open_it: bool, print_it: bool
    ) -> None:
        if (
            said := deliver.report_in_browser(
                self.app, report, fmt, target, open_it=open_it, print_it=print_it
            )
        ) is not None:
            self.app.call_from_thread(self._done, said, False)
            return
        db = coordinator_app(self).store.path
        try:
            save(target, db, render_report(report, fmt), what="Save")
        except OutputRefused as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        except OSError as error:
            self.app.call_from_thread(
                self.notify,
                visible(f"Could not save {target}: {error.strerror}"),
                severity="error",
                markup=False,
            )
            return
        said = [f"Saved {target}"]
        if open_it and not printing.open_in_browser(target):
            said.append(f"No browser could be started: open {target} yourself.")
        if print_it:
            try:
                said.extend(printing.print_report(target, fmt is ReportFormat.HTML, report, db=db))
            except printing.PrintError as error:
                said.append(str(error))
                self.app.call_from_thread(self._done, said, True)
                return
        self.app.call_from_thread(self._done, said, False)

    def _done(self, said: list[str], problem: bool) -> None:
        message = "\n".join(said)
        # Paths and printer messages are text, never markup ("C:\\[x]" or "a[/]b").
        self.notify(
            visible(message, keep_newlines=True),
            severity="warning" if problem else "information",
            timeout=8,
            markup=False,
        )
        self._say(said[-1], problem=problem)
