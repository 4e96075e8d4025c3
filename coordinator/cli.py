"""The ``coordinator`` command: opens the app, or runs one job without it.

The composition root: it builds the store, the clock and the app. Commands other than
the app import only what they need, and never Textual, so they start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from coordinator import paths
from coordinator.clock import Clock, SystemClock
from coordinator.text import plural

if TYPE_CHECKING:
    from rich.console import RenderableType

    from coordinator.ics import IcsFile
    from coordinator.model import GroupData
    from coordinator.store import Store
    from coordinator.watch import DriftFlag


class Context:
    """What every command gets: where the file is and what time it is."""

    def __init__(self, db: Path, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    @contextmanager
    def store(self, *, read_only: bool = False, must_exist: bool = True) -> Iterator[Store]:
        """Open the group file, turning every store problem into a clear message."""
        from coordinator.store import Store, StoreError

        if must_exist and not self.db.exists():
            fail(
                f"There is no group file at {self.db} yet. Run `coordinator` to set up "
                "your group, `coordinator demo` to try a demo group, or "
                "`coordinator import FILE` to load a bundle."
            )
        try:
            store = Store.open(self.db, self.clock, read_only=read_only)
        except StoreError as error:
            fail(f"{error}\n{restore_hint(self.db)}")
        try:
            yield store
        except StoreError as error:
            fail(str(error))
        finally:
            store.close()


def restore_hint(db: Path) -> str:
    from coordinator.store import list_backups

    backups = list_backups(db)
    if backups:
        return (
            f"The file has not been changed. {plural(len(backups), 'backup')} "
            f"{'exists' if len(backups) == 1 else 'exist'}; "
            f"`coordinator --db {db} restore` lists them and restores one."
        )
    return "The file has not been changed, and there are no backups of it to restore."


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with a message on standard error, never a traceback."""
    click.secho(message, err=True, fg="red")
    sys.exit(code)


def parse_day(value: str | None, label: str) -> date | None:
    """A date option (``--as-of``, ``--from``, ``--to``) as typed, or a clear message."""
    if value is None:
        return None
    from coordinator.model import ValidationError, parse_date

    try:
        return parse_date(value, label)
    except ValidationError as error:
        fail(str(error))


pass_context = click.make_pass_decorator(Context)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"The group file to use (default: ${paths.DB_ENV}, else {paths.default_db()}).",
)
@click.version_option(package_name="coordinator")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """Keep a peer support group's roster, meetings and attendance on this laptop.

    With no command, opens the app. Nothing is ever sent over the network.
    """
    ctx.obj = Context(paths.resolve_db(db), SystemClock())
    check_db_path(ctx.obj.db)
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj, ctx.obj.db)


def run_app(context: Context, db: Path, settings: dict[str, Any] | None = None) -> None:
    """Open the Textual app on ``db`` (this is the only path that imports Textual)."""
    from coordinator.store import Store, StoreError

    try:
        store = Store.open(db, context.clock)
    except StoreError as error:
        fail(f"{error}\n{restore_hint(db)}")
    from coordinator.tui.app import build_app

    try:
        app = build_app(store, {**store.settings(), **(settings or {})}, context.clock)
        app.run()
    finally:
        store.close()


@main.command()
@pass_context
def locate(context: Context) -> None:
    """Print where the group file is (and whether it exists yet)."""
    click.echo(str(context.db))
    if not context.db.exists():
        click.echo("(not created yet)", err=True)


def now_utc(context: Context) -> datetime:
    return context.clock.now().astimezone(UTC)


# --- backups, restore and the doctor --------------------------------------------------


@main.command()
@click.option(
    "--purge",
    is_flag=True,
    help="Delete every backup instead (after erasing someone, so no copy of them is left).",
)
@click.option("--yes", is_flag=True, help="With --purge: do not ask for confirmation.")
@pass_context
def backup(context: Context, purge: bool, yes: bool) -> None:
    """Take a backup of the group file now and say where it is.

    Backups live in a `backups` folder beside the group file, readable only by you. One is
    also taken before the first change of each day; the last 14 of those are kept, plus
    the first of each of the last 12 months, plus the last 5 taken by hand.
    """
    from coordinator.store import backup_folder, list_backups, rotate_backups, take_backup
    from coordinator.text import visible

    if purge:
        backups = list_backups(context.db)
        if not backups:
            click.echo("There are no backups to delete.")
            return
        question = (
            f"Delete {'the' if len(backups) == 1 else 'all'} {plural(len(backups), 'backup')} "
            f"of {visible(str(context.db))}? "
            "They cannot be got back."
        )
        if not yes and not click.confirm(question, default=False):
            click.echo("Nothing was deleted.")
            return
        failed = []
        # Half-written copies from an interrupted backup hold the same data: they go too.
        half_written = [
            p
            for p in (backup_folder(context.db).iterdir() if backups else [])
            if p.name.startswith(f".{context.db.stem}.") and p.name.endswith(".tmp")
        ]
        for target in [item.path for item in backups] + half_written:
            try:
                target.unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                failed.append(f"{visible(target.name)} ({error.strerror})")
        if failed:
            fail("Could not delete: " + ", ".join(failed))
        click.echo(f"Deleted {plural(len(backups), 'backup')}.")
        return
    if not context.db.exists():
        fail(f"There is no group file at {visible(str(context.db))} to back up.")
    try:
        taken = take_backup(context.db, context.clock.now().date(), kind="manual")
        rotate_backups(context.db)
    except OSError as error:
        fail(f"Could not take a backup: {error.strerror}. The group file is unchanged.")
    assert taken is not None
    click.echo(f"Backed up to {visible(str(taken))}")


@main.command()
@click.argument("which", required=False)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation before restoring.")
@pass_context
def restore(context: Context, which: str | None, yes: bool) -> None:
    """List the backups, or put one back: `coordinator restore 2` (by number) or
    `coordinator restore PATH` (any backup or group file).

    The current file is backed up first (as a pre-restore backup), so a restore can be
    undone by restoring that. A backup that does not read is refused.
    """
    from coordinator.store import StoreError, list_backups, read_raw, restore_backup
    from coordinator.text import visible

    backups = list_backups(context.db)
    if which is None:
        if not backups:
            click.echo(f"There are no backups of {visible(str(context.db))} yet.")
            return
        click.echo(f"Backups of {visible(str(context.db))}, newest first:")
        for number, item in enumerate(backups, start=1):
            try:
                raw = read_raw(item.path) or {}
                what = (
                    f"{plural(len(raw.get('members', {})), 'member')}, "
                    f"{plural(len(raw.get('meetings', {})), 'meeting')}"
                )
            except StoreError:
                what = "does not read: cannot be restored"
            click.echo(
                f"{number:>3}. {item.taken_on.isoformat()}  {item.kind:<13} {what}  "
                f"({visible(item.path.name)})"
            )
        click.echo("Restore one with `coordinator restore NUMBER`.")
        return
    if which.isascii() and which.isdigit():
        number = int(which)
        if not 1 <= number <= len(backups):
            fail(
                f"There is no backup number {number}; there are {len(backups)}. "
                "`coordinator restore` lists them."
            )
        source = backups[number - 1].path
    else:
        source = Path(which).expanduser()
        try:
            is_file = source.is_file()
        except (OSError, ValueError):
            is_file = False
        if not is_file:
            fail(f"{visible(which)} is not a backup number or a file.")
    if source.resolve() == context.db.resolve():
        fail("That is the group file itself; choose a backup.")
    if not yes and not click.confirm(
        f"Replace {visible(str(context.db))} with {visible(source.name)}? "
        "The current file is kept as a backup first.",
        default=False,
    ):
        click.echo("Nothing was changed.")
        return
    try:
        kept = restore_backup(context.db, source, context.clock)
    except StoreError as error:
        fail(f"{visible(str(error))}\nNothing was changed.")
    click.echo(f"Restored {visible(source.name)}.")
    if kept is not None:
        click.echo(f"The file as it was is kept as {visible(str(kept))}")


@main.command()
@click.option("--fix", is_flag=True, help="Fix what is safe to fix: permissions, temp files.")
@pass_context
def doctor(context: Context, fix: bool) -> None:
    """Check the group file: that it reads, its format, who can read it, whether another
    window has it open, the records and what they point at, and the backups.

    Exits with status 1 when it finds a problem.
    """
    from coordinator.doctor import Level, examine
    from coordinator.text import visible

    marks = {Level.OK: "✓ ok     ", Level.NOTE: "• note   ", Level.PROBLEM: "✗ PROBLEM"}
    findings = examine(context.db, context.clock, fix=fix)
    for finding in findings:
        click.echo(f"{marks[finding.level]} {visible(finding.text)}")
    problems = sum(1 for f in findings if f.level is Level.PROBLEM)
    if problems:
        click.echo(f"{plural(problems, 'problem')} found.")
        sys.exit(1)
    click.echo("No problems found.")


@main.command()
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
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Save to this file instead of showing it.",
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
    from coordinator import printing
    from coordinator.clock import today_in
    from coordinator.model import ValidationError
    from coordinator.report import (
        SUFFIXES,
        ReportFormat,
        ReportKind,
        ReportRequest,
        build_report,
        format_for,
        render_report,
    )

    chosen = format_for(fmt, output.suffix if output else None, open_it=open_it)
    if print_it and chosen is ReportFormat.RICH:
        chosen = ReportFormat.TEXT  # a printer gets the plain text made for it
    if open_it and chosen is not ReportFormat.HTML:
        fail("--open shows HTML in your browser: use --format html (or leave --format out).")
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

        from coordinator.report_rich import to_renderable

        Console(highlight=False).print(to_renderable(made))
        return
    body = render_report(made, chosen)
    target = output
    if target is None and (open_it or print_it):
        target = printing.reports_folder() / f"{made.slug}{SUFFIXES[chosen]}"
    if target is None:
        click.echo(body, nl=False)
        return
    try:
        printing.write_private(target, body)
    except OSError as error:
        fail(f"Could not save {target}: {error.strerror or error}. Choose another -o file.")
    click.echo(f"Saved {target}")
    if open_it and not printing.open_in_browser(target):
        click.echo(f"No web browser could be started: open {target} yourself.")
    if print_it:
        try:
            for said in printing.print_report(target, chosen is ReportFormat.HTML, made):
                click.echo(said)
        except printing.PrintError as error:
            fail(str(error))


# --- import, export, demo (the bundle and the demo group) ---------------------------


def _read_bundle_source(source: Path) -> bytes:
    """The bytes of ``source`` ("-" is standard input), or a clear message."""
    if str(source) == "-":
        return sys.stdin.buffer.read()
    try:
        return source.read_bytes()
    except FileNotFoundError:
        fail(f"{source}: there is no such file.")
    except IsADirectoryError:
        fail(f"{source} is a folder, not a bundle file.")
    except PermissionError:
        fail(f"{source} cannot be read: permission denied.")
    except OSError as error:
        fail(f"{source} cannot be read: {error.strerror}.")


def _counts(data: GroupData) -> str:
    return (
        f"{plural(len(data.members), 'member')}, {plural(len(data.meetings), 'meeting')}, "
        f"{plural(len(data.venues), 'venue')}, {plural(len(data.contacts), 'outreach note')}"
    )


@main.command("import")
@click.argument(
    "source", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True)
)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the group already in the group file (a backup of it is taken first).",
)
@pass_context
def import_command(context: Context, source: Path, replace: bool) -> None:
    """Load a bundle FILE (a whole group, as written by `coordinator export`).

    The bundle is checked in full first: if anything in it is wrong, nothing is
    imported and the message names the record and field. A group file that already
    holds a group is only overwritten with --replace, after a backup ("-" reads the
    bundle from standard input).
    """
    from coordinator.bundle import KEPT_KEYS_SETTING, BundleError, import_bundle
    from coordinator.clock import today_in
    from coordinator.store import take_backup
    from coordinator.text import visible

    try:
        data = import_bundle(_read_bundle_source(source))
    except BundleError as error:
        fail(f"{source}: {visible(str(error))}. Nothing was imported.")
    assert data.group is not None  # import_bundle refuses a bundle without one
    with context.store(must_exist=False) as store:
        if store.read_only:
            fail(f"{store.read_only_reason} Close the other window and import again.")
        existing = store.group()
        if existing is not None and not replace:
            fail(
                f"{context.db} already holds the group {visible(existing.name)!r}. "
                "Use --replace to overwrite it (a backup is taken first), or --db to "
                "import into another file."
            )
        backup = None
        if context.db.exists():
            zone = existing.zone if existing else data.group.zone
            backup = take_backup(context.db, today_in(context.clock, zone), kind="pre-import")
        settings = store.settings()
        settings.pop("demo", None)  # whatever was here, it is a real group now
        settings.pop(KEPT_KEYS_SETTING, None)
        if data.extra:
            settings[KEPT_KEYS_SETTING] = dict(data.extra)
        with store.batch():
            store.replace_all(data)
            store.save_settings(settings)
    click.echo(f"Imported {visible(data.group.name)!r} ({_counts(data)}) into {context.db}.")
    if backup is not None:
        click.echo(f"The file as it was is backed up in {backup}.")


@main.command("export")
@click.argument(
    "target", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True)
)
@pass_context
def export_command(context: Context, target: Path) -> None:
    """Write the whole group to a bundle FILE ("-" for standard output).

    The bundle is the file to hand over to a new coordinator or to keep as a copy: one
    JSON file holding the group, venues, members, meetings, attendance and outreach
    notes. It is created readable only by you; it holds names and health details, so
    share it only with the person taking over.
    """
    from dataclasses import replace as with_changes

    from coordinator.bundle import KEPT_KEYS_SETTING, BundleError, dumps, export_bundle
    from coordinator.store import UnreadableFileError, atomic_write, read_raw

    to_stdout = str(target) == "-"
    if not to_stdout:
        if target.resolve() == context.db.resolve():
            fail(f"{target} is the group file itself; choose another name for the bundle.")
        try:
            is_group_file = read_raw(target) is not None
        except UnreadableFileError:
            is_group_file = False
        if is_group_file:
            fail(f"{target} is a group file; exporting over it would destroy it. Use another name.")
    with context.store(read_only=True) as store:
        data = store.load()
        kept = store.settings().get(KEPT_KEYS_SETTING)
    if isinstance(kept, dict) and kept:
        data = with_changes(data, extra=kept)
    try:
        text = dumps(export_bundle(data, now_utc(context)))
    except BundleError as error:
        fail(f"{error}. Run `coordinator` to set up the group first.")
    if to_stdout:
        click.echo(text, nl=False)
        return
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as error:
        fail(f"Could not write {target}: {error.strerror or error}. Nothing was exported.")
    click.echo(
        f"Exported the group ({_counts(data)}) to {target}, readable only by you. "
        "It holds personal details: share it only with the next coordinator.",
        err=True,
    )


@main.command()
@click.option("--fresh", is_flag=True, help="Start the demo again (your changes to it are lost).")
@click.option(
    "--no-open", "no_open", is_flag=True, help="Only write the demo file and say where it is."
)
@pass_context
def demo(context: Context, fresh: bool, no_open: bool) -> None:
    """Try coordinator on a made-up group, "Tuesday Crew", without touching your own.

    The demo lives in its own file (see `coordinator locate`; --db picks another), with a
    year of meetings up to today. Changes you make to it are kept until --fresh. It never
    writes over a file that holds a real group.
    """
    from coordinator.clock import today_in
    from coordinator.demo import ZONE, build_demo
    from coordinator.text import visible

    # Only an explicit --db moves the demo: COORDINATOR_DB names the user's real group.
    explicit = click.get_current_context().find_root().params.get("db") is not None
    target = context.db if explicit else paths.demo_db()
    demo_context = Context(target, context.clock)
    with demo_context.store(must_exist=False) as store:
        existing = store.group()
        settings = store.settings()
        if existing is not None and not settings.get("demo"):
            fail(
                f"{target} holds your group {visible(existing.name)!r}, not the demo; "
                "the demo never writes over it. Leave out --db to use the demo's own file."
            )
        if (existing is None or fresh) and store.read_only:
            fail(f"{store.read_only_reason} Close the other window and try again.")
        if existing is None or fresh:
            data = build_demo(today_in(context.clock, ZONE))
            with store.batch():
                store.replace_all(data)
                store.save_settings({**settings, "demo": True})
            made = "Wrote a fresh demo group"
        else:
            made = "Reusing the demo group (with your changes; --fresh starts again)"
    if no_open:
        click.echo(f"{made} in {target}.")
        click.echo(f"Open it with: coordinator --db {target}")
        return
    run_app(context, target)


def check_db_path(db: Path) -> None:
    """Stop with a clear message if the group file's path cannot even be looked at (too
    long, or a name the system refuses), instead of a traceback in every command."""
    from coordinator.text import visible

    shown = visible(str(db))
    if len(shown) > 80:
        shown = shown[:60] + "…" + shown[-19:]
    try:
        is_folder = not db.name or db.is_dir()
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or str(error)
        fail(f"The group file path {shown} cannot be used: {why}. Check the --db option.")
    if is_folder:
        fail(f"{shown} is a folder; --db needs the group file itself, e.g. {shown}/group.json.")


# --- at-risk (the drift watch) -------------------------------------------------------


@main.command("at-risk")
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
    before someone joined are taken into account. A check-in logged after the latest
    miss takes them off the list until they miss again. Nothing is changed or sent.

    \b
    Examples:
      coordinator at-risk
      coordinator at-risk --as-of 2026-03-01 --json
    """
    import json

    from coordinator.clock import today_in
    from coordinator.model import ValidationError
    from coordinator.watch import WatchSettings, check_ins

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
    flags = check_ins(data, today, settings)
    if as_json:
        click.echo(json.dumps([flag.to_json() for flag in flags], indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    Console(highlight=False).print(_flags_table(flags, today))


def _flags_table(flags: list[DriftFlag], today: date) -> RenderableType:
    """The check-in list as a table that fits 80 columns; names and reasons as data."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from coordinator.text import visible
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


@main.command("ics")
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
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    help="Write to FILE (default: standard output).",
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
    """
    from coordinator import ics

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
    # Only a cancellation or the series has something to save; other exports only read.
    writes = kind in (ics.ExportKind.CANCELLATION, ics.ExportKind.SERIES)
    with context.store(read_only=not writes) as store:
        settings = store.settings()
        try:
            reminder = ics.alarm_minutes(settings) if alarm is None else ics.parse_alarm(alarm)
            request = ics.ExportRequest(
                kind, meeting_id or cancel_id, count, first, last, alarm=reminder
            )
            made = ics.make_export(store.load(), now_utc(context), request, settings)
        except ics.IcsError as error:
            fail(str(error))
        notes = _record_ics_export(store, made, settings)
    to_stdout = output is None or str(output) == "-"
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(made.content)
        sys.stdout.buffer.flush()
    else:
        assert output is not None
        _write_ics(output, made.content)
    for note in notes:
        click.echo(note, err=True)
    if not to_stdout:
        click.echo(f"Wrote {made.what} to {output}.")


def _record_ics_export(store: Store, made: IcsFile, settings: dict[str, Any]) -> list[str]:
    """Save what an export changes (a meeting now cancelled, the series' state) before the
    file is written; say what was done."""
    from coordinator.ics import SERIES_SETTING

    notes = []
    if made.cancel is not None:
        if store.read_only:
            fail(f"{store.read_only_reason} The meeting was not cancelled; no file was written.")
        store.save_meeting(made.cancel)
        notes.append(f"Marked the meeting on {made.cancel.starts_at:%a %d %b %Y} cancelled.")
    state = made.series_state
    if state is not None and settings.get(SERIES_SETTING) != state.to_setting():
        if store.read_only:
            notes.append(
                "This window is read-only, so the series' update count was not saved; "
                "export the series again after closing the other window."
            )
        else:
            store.save_settings({**settings, SERIES_SETTING: state.to_setting()})
    return notes


def _write_ics(target: Path, content: bytes) -> None:
    """Write an .ics file atomically, or stop with a clear message."""
    from coordinator.store import atomic_write
    from coordinator.text import visible

    try:
        if not target.parent.is_dir():
            fail(f"Output: the folder {target.parent} does not exist; create it or choose another.")
        atomic_write(target, content)
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or str(error)
        fail(f"Output: could not write {visible(str(target))}: {why}. Nothing was written.")
