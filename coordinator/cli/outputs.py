"""``coordinator`` commands that make something from the group's records: the drift
watch's list (``at-risk``), reports (``report``) and calendar invites (``ics``).

The commands are registered on the group in :mod:`coordinator.cli.root`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from coordinator.cli.context import (
    Context,
    now_utc,
    parse_day,
    pass_context,
    print_data,
)
from coordinator.launch import fail

if TYPE_CHECKING:
    from rich.console import RenderableType

    from coordinator.invites.ics import ExportKind
    from coordinator.model import GroupData
    from coordinator.store.output_paths import OutputTarget
    from coordinator.watch import DriftFlag


@click.command()
@click.argument(
    "kind", type=click.Choice(["summary", "sign-in", "service"]), default="summary", required=False
)
@click.option(
    "--from", "start", metavar="DATE", help="First day of the period (default: 3 months ago)."
)
@click.option("--to", "end", metavar="DATE", help="Last day of the period (default: today).")
@click.option(
    "--meeting",
    "meeting_id",
    metavar="ID",
    help="sign-in: the meeting, by id or date (default: the next one).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["rich", "text", "md", "csv", "html"]),
    default=None,
    help="rich (terminal, the default), text (80 columns), md, csv or html (A4 printing). "
    "With -o and no --format, taken from the file's ending.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    default=None,
    help="Save to this file instead of showing it (private to you; never over the group "
    "file or its backups).",
)
@click.option("--open", "open_it", is_flag=True, help="Open the HTML report in your web browser.")
@click.option(
    "--print",
    "print_it",
    is_flag=True,
    help="Send it to the printer with `lp` (HTML as a PDF made by Chromium, others as plain "
    "text); without `lp`, says how to print it.",
)
@pass_context
def report(
    context: Context,
    kind: str,
    start: str | None,
    end: str | None,
    meeting_id: str | None,
    fmt: str | None,
    output: Path | None,
    open_it: bool,
    print_it: bool,
) -> None:
    """Make a report: an attendance SUMMARY for a period, a SIGN-IN sheet for a meeting,
    or a SERVICE summary for the pain service (no names, small numbers hidden).

    \b
    Examples:
      coordinator report                              summary of the last 3 months
      coordinator report summary --format html --open
      coordinator report sign-in --print              sheet for the next meeting
      coordinator report service --from 2026-01-01 --to 2026-06-30 -o service.html
    """
    from coordinator.clock import today_in
    from coordinator.model import ValidationError
    from coordinator.reports import (
        SUFFIXES,
        ReportFormat,
        ReportKind,
        ReportRequest,
        build_report,
        format_for,
        render_report,
    )

    # An option the report does not use is said, never silently dropped.
    if meeting_id is not None and kind != "sign-in":
        fail(
            f"--meeting picks the meeting of a sign-in sheet; the {kind} report covers a "
            "period: use --from and --to."
        )
    if kind == "sign-in" and (start is not None or end is not None):
        fail(
            "--from and --to set a summary's period; a sign-in sheet is for one meeting: "
            "use --meeting (its id or date)."
        )
    if output is not None and str(output) == "-":
        output = None  # standard output, as without -o
    # A .pdf is the HTML report printed by a browser (never plain text with a .pdf name).
    wants_pdf = output is not None and output.suffix.lower() == ".pdf"
    if wants_pdf and fmt not in (None, "html"):
        fail(
            f"A PDF is made from the HTML report, so --format {fmt} cannot be saved as "
            f"{output}. Leave --format out, or save to a file ending in "
            f"{SUFFIXES[ReportFormat(fmt)]}."
        )
    chosen = (
        ReportFormat.HTML
        if wants_pdf
        else format_for(fmt, output.suffix if output else None, open_it=open_it)
    )
    if print_it and chosen is ReportFormat.RICH:
        chosen = ReportFormat.TEXT  # a printer gets the plain text made for it
    if open_it and chosen is not ReportFormat.HTML:
        fail("--open shows HTML in your browser: use --format html (or leave --format out).")
    checked = None
    if output is not None:  # refused before anything is made (the group file, a folder...)
        from coordinator.store import output_paths

        try:
            checked = output_paths.check_output(output, context.db, what="Output")
        except output_paths.OutputRefused as error:
            fail(str(error))
        if checked.kind is not output_paths.Kind.FILE and (open_it or print_it):
            fail(f"--open and --print need an ordinary file; {checked.shown} is not one.")
    first, last = parse_day(start, "From"), parse_day(end, "To")
    with context.store(read_only=True) as store:
        data = store.load()
        if data.group is None:
            fail("The group is not set up yet: run `coordinator` to set it up.")
        today = today_in(context.clock, data.group.zone)
        request = ReportRequest(ReportKind(kind), first, last, meeting_id, store.settings())
        try:
            made = build_report(data, request, today)
        except ValidationError as error:
            fail(str(error))
    if chosen is ReportFormat.RICH and output is None and not print_it:
        from rich.console import Console

        from coordinator.reports.to_rich import to_renderable

        Console(highlight=False).print(to_renderable(made))
        return
    body = render_report(made, chosen)
    if output is None and not (open_it or print_it):
        print_data(body)
        return
    from coordinator.reports import printing
    from coordinator.store import output_paths

    if checked is not None and wants_pdf:
        if checked.kind is not output_paths.Kind.FILE or checked.real is None:
            fail(f"A PDF needs an ordinary file; {checked.shown} is not one.")
        if checked.note:
            click.echo(checked.note, err=True)
        _save_pdf(body, checked.real)
        if open_it and not printing.open_in_browser(checked.real):
            click.echo(f"No web browser could be started: open {checked.shown} yourself.")
        if print_it:
            try:
                click.echo(printing.send_to_printer(checked.real))
            except printing.PrintError as error:
                fail(str(error))
        return
    try:
        if checked is None:
            folder = printing.reports_folder()
            checked = output_paths.check_output(
                folder / f"{made.slug}{SUFFIXES[chosen]}", context.db, what="Output"
            )
        output_paths.write_output(checked, body)
    except output_paths.OutputRefused as error:
        fail(str(error))
    except OSError as error:
        fail(
            f"Could not save {checked.shown if checked else 'the report'}: "
            f"{error.strerror or error}. Choose another -o file."
        )
    if checked.note:
        click.echo(checked.note, err=True)
    click.echo(f"Saved {checked.shown}", err=True)  # -o /dev/stdout: never in the report
    assert checked.real is not None
    target = checked.real
    if open_it and not printing.open_in_browser(target):
        click.echo(f"No web browser could be started: open {target} yourself.")
    if print_it:
        try:
            for said in printing.print_report(
                target, chosen is ReportFormat.HTML, made, db=context.db
            ):
                click.echo(said)
        except printing.PrintError as error:
            fail(str(error))


def _save_pdf(html: str, output: Path) -> None:
    """Print the HTML report ``html`` to the PDF ``output`` with Chromium, or stop with a
    message (and no file) when no browser can make it."""
    import tempfile

    from coordinator.reports import printing

    instead = f"Save it as HTML instead (-o {output.with_suffix('.html')}) and print that "
    instead += "from your web browser."
    browser = printing.find_chromium()
    if browser is None:
        fail(
            f"No PDF was made: a PDF is printed by Chromium, Chrome or Edge, and none was "
            f"found on this computer. {instead}"
        )
    with tempfile.TemporaryDirectory(prefix="coordinator-report-") as folder:
        page = printing.write_private(Path(folder) / "report.html", html)
        try:
            printing.html_to_pdf(page, output, browser)
        except printing.PrintError as error:
            reason = str(error).split(". ")[0]
            fail(f"No PDF was made ({reason}). {instead}")
        except OSError as error:
            fail(f"Could not save {output}: {error.strerror or error}. Choose another -o file.")
    click.echo(f"Saved {output}")


# --- at-risk (the drift watch) -------------------------------------------------------


@click.command("at-risk")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Judge as though this day were today, using only meetings held on or before it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the flags as JSON (for scripts).")
@pass_context
def at_risk(context: Context, as_of: str | None, as_json: bool) -> None:
    """Who to check in with, and why (the drift watch).

    Lists members whose recent meetings look unusual for them: missed without word,
    or coming much less than they used to. Planned time away, apologies and meetings
    before someone joined are taken into account. A check-in that reached them, logged
    after the latest miss, takes them off the list until they miss again ("no reply" and
    "left a message" do not); a check-in's "try again on" day brings them back to the
    top. Nothing is changed or sent.

    \b
    Examples:
      coordinator at-risk
      coordinator at-risk --as-of 2026-03-01 --json
    """
    import json

    from coordinator.clock import today_in
    from coordinator.model import ValidationError
    from coordinator.watch import WatchSettings, at_risk_json, check_ins

    day = parse_day(as_of, "--as-of")
    with context.store(read_only=True) as store:
        data = store.load()
        if data.group is None:
            fail("The group is not set up yet: run `coordinator` to set it up.")
        try:
            settings = WatchSettings.from_settings(store.settings())
        except ValidationError as error:
            fail(f"{error}. Fix it in the app's Settings screen.")
        today = day or today_in(context.clock, data.group.zone)
    if as_json:
        # The very function the drift benchmark judges the watch through.
        flags_json = at_risk_json(data, today, settings)
        print_data(json.dumps(flags_json, indent=2, ensure_ascii=False) + "\n")
        return
    flags = check_ins(data, today, settings)
    from rich.console import Console

    Console(highlight=False).print(_flags_table(flags, today))


def _flags_table(flags: list[DriftFlag], today: date) -> RenderableType:
    """The check-in list as a table that fits 80 columns; names and reasons as data."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from coordinator.user_text import visible
    from coordinator.watch import level_label

    def short(day: date | None, none: str) -> str:
        if day is None:
            return none
        # Day without a leading zero, built by hand: "%-d" does not work on Windows.
        shown = f"{day.day} {day:%b}"
        return shown if day.year == today.year else f"{shown} {day.year}"

    if not flags:
        return Text(f"Nobody to check in with as of {today:%a %d %b %Y}.")
    table = Table(
        title=f"Who to check in with, as of {today:%a %d %b %Y}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Level", no_wrap=True)
    table.add_column("Member", max_width=18)
    table.add_column("Why", ratio=1, min_width=24)
    table.add_column("Last\ncame", no_wrap=True)
    table.add_column("Last\ncontact", no_wrap=True)
    for flag in flags:
        table.add_row(
            Text(level_label(flag.level)),
            Text(visible(flag.name)),
            Text("\n".join(f"· {reason}" for reason in flag.reasons)),
            Text(short(flag.last_attended, "never")),
            Text(short(flag.last_contact, "none")),
        )
    return table


# --- ics (calendar invites) ----------------------------------------------------------


@click.command("ics")
@click.option(
    "--next",
    "count",
    type=click.IntRange(1, 500),
    help="The next N meetings that are on; cancelled ones among them are included too, so "
    "calendars learn they are off.",
)
@click.option("--from", "start", metavar="DATE", help="First day (upcoming meetings or series).")
@click.option("--to", "end", metavar="DATE", help="Last day (upcoming meetings or series).")
@click.option("--series", is_flag=True, help="The standing series from the group's rhythm.")
@click.option("--meeting", "meeting_id", metavar="ID|DATE", help="One meeting: its id or date.")
@click.option(
    "--cancel",
    "cancel_id",
    metavar="ID|DATE",
    help="A cancellation of that meeting (marks it cancelled here too, if it is not yet).",
)
@click.option(
    "--alarm",
    metavar="MINUTES",
    help="Reminder this many minutes before, or 'none' (default: the setting, a day before).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Write to FILE (default: standard output); never over the group file or its backups.",
)
@click.option(
    "--save",
    is_flag=True,
    help="Save in the folder every file the app makes goes to (your Documents folder, "
    "'coordinator reports'), under the name the app would give it.",
)
@pass_context
def ics_command(
    context: Context,
    count: int | None,
    start: str | None,
    end: str | None,
    series: bool,
    meeting_id: str | None,
    cancel_id: str | None,
    alarm: str | None,
    output: Path | None,
    save: bool,
) -> None:
    """Write calendar invites (.ics) for the group's meetings.

    With no choice, all upcoming meetings. Files can be opened or imported by Google,
    Outlook, Apple Calendar, Thunderbird and others; exporting again updates what people
    imported before instead of making duplicates. Invites hold the time, the place and
    how to send apologies to you; never members' names, attendance or notes.

    Send either the upcoming meetings or the standing series, not both: they are separate
    events in people's calendars.

    \b
    Examples:
      coordinator ics --next 3 -o next-meetings.ics
      coordinator ics --from 2026-01-01 --to 2026-06-30 -o spring.ics
      coordinator ics --series -o tuesday-crew.ics
      coordinator ics --meeting 2026-12-01 -o meeting.ics
      coordinator ics --cancel g12 -o cancelled.ics
      coordinator ics --next 3 --save     # Documents/coordinator reports/<group>-upcoming.ics
    """
    from coordinator.application.calendar_export import save_export_changes
    from coordinator.invites import ics

    ranged = start is not None or end is not None
    chosen = [
        name
        for name, given in (
            ("--next", count is not None),
            ("--from/--to", ranged and not series),
            ("--series", series),
            ("--meeting", meeting_id is not None),
            ("--cancel", cancel_id is not None),
        )
        if given
    ]
    if len(chosen) > 1:
        fail(f"Choose one of {', '.join(chosen)} (see `coordinator ics --help`).")
    if save and output is not None:
        fail("Choose one of -o FILE and --save.")
    first = parse_day(start, "--from")
    last = parse_day(end, "--to")
    if series:
        kind = ics.ExportKind.SERIES
    elif meeting_id is not None:
        kind = ics.ExportKind.MEETING
    elif cancel_id is not None:
        kind = ics.ExportKind.CANCELLATION
    else:
        kind = ics.ExportKind.UPCOMING
    to_stdout = (output is None or str(output) == "-") and not save
    checked = None
    if not to_stdout and not save:  # refused before anything is saved or made
        from coordinator.store import output_paths

        assert output is not None
        try:
            checked = output_paths.check_output(output, context.db, what="Output")
        except output_paths.OutputRefused as error:
            fail(str(error))
    # Only a cancellation or the series has something to save; other exports only read.
    writes = kind in (ics.ExportKind.CANCELLATION, ics.ExportKind.SERIES)
    with context.store(read_only=not writes) as store:
        if save:  # the name the app gives it, in the one output folder
            checked = _saved_target(context, store.load(), kind, meeting_id or cancel_id)
        settings = store.settings()
        try:
            reminder = ics.alarm_minutes(settings) if alarm is None else ics.parse_alarm(alarm)
            request = ics.ExportRequest(
                kind, meeting_id or cancel_id, count, first, last, alarm=reminder
            )
            made = ics.make_export(store.load(), now_utc(context), request, settings)
        except ics.IcsError as error:
            fail(str(error))
        notes = save_export_changes(store, made).notes
    if to_stdout:
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(made.content)
            sys.stdout.buffer.flush()
        except OSError as error:
            _not_written("standard output", error, notes)
    else:
        assert checked is not None
        _write_ics(checked, made.content, notes)
    for note in notes:
        click.echo(note, err=True)
    if checked is not None:
        if checked.note:
            click.echo(checked.note, err=True)
        click.echo(f"Wrote {made.what} to {checked.shown}.", err=True)
    if made.warning is not None:
        how = " `coordinator ics --series` writes the series." if made.resend_series else ""
        click.echo(made.warning + how, err=True)


def _saved_target(
    context: Context, data: GroupData, kind: ExportKind, meeting: str | None
) -> OutputTarget:
    """Where ``ics --save`` writes: :func:`coordinator.paths.output_folder`, under the
    name the app's calendar window offers."""
    from coordinator.invites import ics
    from coordinator.paths import output_folder
    from coordinator.store import output_paths

    try:
        chosen = ics.find_meeting(data, meeting, context.clock.now()) if meeting else None
        name = ics.default_filename(data, kind, chosen)
        target = output_folder() / name
        return output_paths.check_output(target, context.db, what="Output")
    except ics.IcsError as error:
        fail(str(error))
    except output_paths.OutputRefused as error:
        fail(str(error))
    except OSError as error:
        fail(f"Output: {error.strerror or error}.")


def _write_ics(target: OutputTarget, content: bytes, saved: Sequence[str] = ()) -> None:
    """Write an .ics file where :mod:`coordinator.store.output_paths` allowed, or stop with a
    clear message (``saved``: what was already saved in the group file, said too)."""
    from coordinator.store.output_paths import write_output

    try:
        write_output(target, content)
    except OSError as error:
        _not_written(target.shown, error, saved)


def _not_written(where: str, error: OSError, saved: Sequence[str]) -> NoReturn:
    """Stop: the calendar file could not be written. When the group file was already
    changed (a cancellation, the series' update count), say so, and that running the
    same command again writes the file."""
    why = error.strerror or str(error)
    if not saved:
        fail(f"Output: could not write {where}: {why}. Nothing was written.")
    fail(
        f"Output: could not write {where}: {why}. The calendar file was not written, but "
        f"the group file was changed: {' '.join(saved)} Run the same command again to "
        "write the file."
    )
