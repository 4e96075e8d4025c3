"""``coordinator`` commands that work on whole files: import, export and the demo (the
bundle), and backup, restore and doctor (the group file's safety).

The commands are registered on the group in :mod:`coordinator.cli.root`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coordinator import paths
from coordinator.cli.context import (
    Context,
    now_utc,
    pass_context,
    print_data,
    run_app,
)
from coordinator.launch import check_db_path, fail
from coordinator.user_text import plural

if TYPE_CHECKING:
    from coordinator.model import GroupData
    from coordinator.store.doctor import Finding

# --- backups, restore and the doctor --------------------------------------------------


@click.command()
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
    from coordinator.store import backup_folder, list_backups
    from coordinator.user_text import visible

    if purge:
        from coordinator.application.backup import BackupError, refuse_if_unreadable

        backups = list_backups(context.db)
        if not backups:
            click.echo("There are no backups to delete.")
            return
        if context.db.exists():
            try:
                refuse_if_unreadable(context.db, "no backup was deleted")
            except BackupError as error:
                fail(str(error))
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
    from coordinator.application.backup import BackupError, back_up_now, backup_said

    try:
        taken = back_up_now(context.db, context.clock.now().date())
    except BackupError as error:
        fail(str(error))
    click.echo(backup_said(taken))


@click.command()
@click.argument("which", required=False)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation before restoring.")
@pass_context
def restore(context: Context, which: str | None, yes: bool) -> None:
    """List the backups, or put one back: `coordinator restore 2` (by number) or
    `coordinator restore PATH` (any backup or group file).

    The current file is backed up first (as a pre-restore backup), so a restore can be
    undone by restoring that. A backup that does not read is refused.
    """
    from coordinator.store import (
        StoreError,
        check_restorable,
        list_backups,
        read_raw,
        restore_backup,
    )
    from coordinator.user_text import visible

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
                f"There is no backup number {number}; "
                f"{'there is only 1' if len(backups) == 1 else f'there are {len(backups)}'}. "
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
    try:  # checked before asking: no "Replace?" for a file that cannot be restored
        check_restorable(source, context.clock)
    except StoreError as error:
        fail(f"{visible(str(error))}\nNothing was changed.")
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


@click.command()
@click.option("--fix", is_flag=True, help="Fix what is safe to fix: permissions, temp files.")
@pass_context
def doctor(context: Context, fix: bool) -> None:
    """Check the group file: that it reads, its format, who can read it, whether another
    window has it open, the records and what they point at, and the backups.

    Exits with status 1 when it finds a problem.
    """
    from coordinator.store.doctor import Level, examine
    from coordinator.user_text import visible

    marks = {Level.OK: "✓ ok     ", Level.NOTE: "• note   ", Level.PROBLEM: "✗ PROBLEM"}
    findings = examine(context.db, context.clock, fix=fix)
    findings += _settings_findings(context)
    for finding in findings:
        click.echo(f"{marks[finding.level]} {visible(finding.text)}")
    problems = sum(1 for f in findings if f.level is Level.PROBLEM)
    if problems:
        click.echo(f"{plural(problems, 'problem')} found.")
        sys.exit(1)
    click.echo("No problems found.")


def _settings_findings(context: Context) -> list[Finding]:
    """What the file's readers would quietly pass over, each owner judging its own: the
    standing series' state (the next series export would start its numbering again), and
    settings that would fall back to their defaults without a word."""
    from coordinator.invites.ics import alarm_problem, calendar_state_problem
    from coordinator.model import ValidationError
    from coordinator.reach.phones import region_problem
    from coordinator.reach.templates import templates_problem
    from coordinator.store import Store, StoreError
    from coordinator.store.doctor import Finding, Level
    from coordinator.watch.settings import WatchSettings

    try:
        with Store.open(context.db, context.clock, read_only=True) as store:
            group = store.group()
            settings = store.settings()
    except StoreError:
        return []  # the file itself does not read: examine said so
    found = []
    damaged = calendar_state_problem(group)
    if damaged is not None:
        found.append(
            Finding(
                Level.PROBLEM,
                f"What is kept of the standing series sent before does not read ({damaged}): "
                "the next series export would start its numbering again, and calendars "
                "that added it may ignore it. `coordinator restore` can bring back a "
                "backup from before it changed.",
            )
        )
    problems = [alarm_problem(settings), region_problem(settings), templates_problem(settings)]
    try:
        WatchSettings.from_settings(settings)
    except ValidationError as error:
        problems.append(f"a drift watch setting cannot be used: {error}")
    for problem in problems:
        if problem is not None:
            found.append(
                Finding(Level.PROBLEM, f"Settings: {problem}. Set it again in the app's Settings.")
            )
    return found


# --- import, export, demo (the bundle and the demo group) ---------------------------


def _read_bundle_source(source: Path) -> bytes:
    """The bytes of ``source`` ("-" is standard input; a pipe or a device is read too), at
    most :data:`coordinator.store.MAX_FILE_BYTES` of them, or a clear message."""
    from coordinator.store import file_format

    MAX_FILE_BYTES = file_format.MAX_FILE_BYTES  # read when used: tests shrink it
    from coordinator.user_text import visible

    shown = visible(str(source))
    if len(shown) > 80:
        shown = shown[:60] + "…" + shown[-19:]
    try:
        if str(source) == "-":
            raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with source.open("rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        fail(f"{shown}: there is no such file.")
    except IsADirectoryError:
        fail(f"{shown} is a folder, not a bundle file.")
    except PermissionError:
        fail(f"{shown} cannot be read: permission denied.")
    except MemoryError:
        fail(f"{shown} is too large to be a bundle. Nothing was imported.")
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or str(error)
        fail(f"{shown} cannot be read: {why}.")
    if len(raw) > MAX_FILE_BYTES:
        fail(
            f"{shown} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB, far larger than any "
            "bundle; it is not one. Nothing was imported."
        )
    return raw


def _counts(data: GroupData) -> str:
    return (
        f"{plural(len(data.members), 'member')}, {plural(len(data.meetings), 'meeting')}, "
        f"{plural(len(data.venues), 'venue')}, {plural(len(data.contacts), 'outreach note')}"
    )


@click.command("import")
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
    from coordinator.bundle import (
        KEPT_KEYS_SETTING,
        BundleError,
        carry_calendar_identity,
        import_bundle,
    )
    from coordinator.clock import today_in
    from coordinator.store import take_backup
    from coordinator.user_text import visible

    try:
        data = import_bundle(_read_bundle_source(source))
    except BundleError as error:
        fail(f"{source}: {visible(str(error))}. Nothing was imported.")
    assert data.group is not None  # import_bundle refuses a bundle without one
    incoming = data.group
    from coordinator.invites.ics import calendar_state_problem

    if (damaged := calendar_state_problem(incoming)) is not None:
        # Imported, the calendars that hold the series would ignore its next export.
        fail(f"{source}: group: {visible(damaged)}. Nothing was imported.")
    with context.store(must_exist=False) as store:
        if store.read_only:
            fail(f"{store.read_only_reason} Nothing was imported.")
        current = store.load()
        existing = current.group
        if current.holds_anything() and not replace:
            held = (
                f"the group {visible(existing.name)!r}"
                if existing is not None
                else f"records of a group ({_counts(current)}) without its details"
            )
            fail(
                f"{context.db} already holds {held}. "
                "Use --replace to overwrite it (a backup is taken first), or --db to "
                "import into another file."
            )
        if current.holds_anything():
            # Calendars only take an update with a higher SEQUENCE than they hold.
            data = carry_calendar_identity(current, data)
        backup = None
        if context.db.exists():
            zone = existing.zone if existing else incoming.zone
            try:
                backup = take_backup(context.db, today_in(context.clock, zone), kind="pre-import")
            except OSError as error:
                fail(
                    f"Could not back up {visible(str(context.db))} before importing: "
                    f"{visible(error.strerror or str(error))}. Nothing was imported."
                )
        settings = store.settings()
        settings.pop("demo", None)  # whatever was here, it is a real group now
        settings.pop(KEPT_KEYS_SETTING, None)
        if data.extra:
            settings[KEPT_KEYS_SETTING] = dict(data.extra)
        with store.batch():
            store.replace_all(data)
            store.save_settings(settings)
    click.echo(f"Imported {visible(incoming.name)!r} ({_counts(data)}) into {context.db}.")
    if backup is not None:
        click.echo(f"The file as it was is backed up in {backup}.")


@click.command("export")
@click.argument("target", metavar="FILE", type=click.Path(path_type=Path, allow_dash=True))
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
    from coordinator.store import output_paths

    to_stdout = str(target) == "-"
    try:  # refused before anything is made: the group file, a backup, a folder...
        checked = output_paths.check_output(target, context.db, what="Bundle")
    except output_paths.OutputRefused as error:
        fail(str(error))
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
        print_data(text)
        return
    try:
        output_paths.write_output(checked, text.encode("utf-8"))
    except OSError as error:
        fail(f"Could not write {checked.shown}: {error.strerror or error}. Nothing was exported.")
    if checked.note:
        click.echo(checked.note, err=True)
    private = ", readable only by you" if checked.kind is output_paths.Kind.FILE else ""
    click.echo(
        f"Exported the group ({_counts(data)}) to {checked.shown}{private}. "
        "It holds personal details: share it only with the next coordinator.",
        err=True,
    )


@click.command()
@click.option("--fresh", is_flag=True, help="Start the demo again (your changes to it are lost).")
@click.option(
    "--no-open", "no_open", is_flag=True, help="Only write the demo file and say where it is."
)
@click.option(
    "--path",
    "path_only",
    is_flag=True,
    help="Only print the demo file's path (writes nothing), for "
    '`coordinator --db "$(coordinator demo --path)" ...`.',
)
@pass_context
def demo(context: Context, fresh: bool, no_open: bool, path_only: bool) -> None:
    """Try coordinator on a made-up group, "Tuesday Crew", without touching your own.

    The demo lives in its own file (see `coordinator locate`; --db picks another), with a
    year of meetings up to today. Changes you make to it are kept until --fresh. It never
    writes over a file that holds a real group. Other commands act on the demo with
    `coordinator --db "$(coordinator demo --path)" COMMAND`.
    """
    from coordinator.clock import today_in
    from coordinator.demo import ZONE, build_demo
    from coordinator.user_text import visible

    # Only an explicit --db moves the demo: COORDINATOR_DB names the user's real group.
    explicit = context.db_option is not None
    target = context.db if explicit else check_db_path(paths.demo_db())
    if path_only:
        click.echo(str(target))
        return
    demo_context = Context(target, context.clock)
    with demo_context.store(must_exist=False) as store:
        current = store.load()
        existing = current.group
        settings = store.settings()
        if current.holds_anything() and not settings.get("demo"):
            held = (
                f"your group {visible(existing.name)!r}"
                if existing is not None
                else f"a group's records ({_counts(current)})"
            )
            fail(
                f"{target} holds {held}, not the demo; "
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
