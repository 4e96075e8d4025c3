"""``coordinator`` commands for reaching people (DESIGN.md §7): ``message`` (text, link or
QR code for one member or the group), ``contacts`` (vCard, CSV or a phone list out) and
``import-roster`` (a spreadsheet CSV or vCard file in, previewed, all or nothing).

Named in :data:`coordinator.cli.root.COMMANDS`, loaded when run. Nothing is ever sent. The
work is in :mod:`coordinator.reach` and :mod:`coordinator.application` (shared with the app);
output paths are checked by the project's guard, :mod:`coordinator.store.output_paths`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from coordinator.cli.context import Context, find_member, print_data
from coordinator.launch import fail
from coordinator.user_text import visible

pass_context = click.make_pass_decorator(Context)


# --- message ---------------------------------------------------------------------------


@click.command("message")
@click.argument(
    "kind", type=click.Choice(["reminder", "change", "check-in", "welcome", "details", "short"])
)
@click.option(
    "--member",
    "member_id",
    metavar="ID",
    help="The member (id or name); without it, the message for the whole group's WhatsApp chat.",
)
@click.option(
    "--meeting",
    "meeting_id",
    metavar="ID|DATE",
    help="The meeting it is about (default: the next one).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "link", "qr"]),
    default="text",
    show_default=True,
    help="The text to copy, JSON {text, channel, link}, the link alone, or the "
    "link as a QR code to scan with your phone.",
)
@pass_context
def message_command(
    context: Context, kind: str, member_id: str | None, meeting_id: str | None, fmt: str
) -> None:
    """Make a message from your templates, ready to send from your phone.

    KIND is reminder, change (or cancellation), check-in, welcome, details (are
    your contact details still right?) or short (a short note whose QR code fits a
    small terminal). The link opens WhatsApp, Messages or email
    with the text filled in, for the member's preferred channel. Nothing is sent.

    \b
    Examples:
      coordinator message reminder                    # for the group's WhatsApp chat
      coordinator message check-in --member Sam --format qr
      coordinator message reminder --member m3 --format json
    """
    from coordinator.invites.ics import IcsError, find_meeting
    from coordinator.model import ValidationError
    from coordinator.reach.messages import compose, next_meeting
    from coordinator.reach.templates import parse_kind

    which = parse_kind(kind)
    with context.store(read_only=True) as store:
        data = store.load()
        settings = store.settings()
    if data.group is None:
        fail("The group is not set up yet: run `coordinator` to set it up.")
    now = context.clock.now()
    member = find_member(data, member_id, "--member") if member_id is not None else None
    try:
        meeting = (
            find_meeting(data, meeting_id, now)
            if meeting_id is not None
            else next_meeting(data, now, which)
        )
        made = compose(data, settings, which, member=member, meeting=meeting)
    except (ValidationError, IcsError) as error:
        fail(str(error))
    if made.unknown:
        names = ", ".join("{" + name + "}" for name in made.unknown)
        click.echo(f"Note: the template has placeholders I do not know: {names}", err=True)
    if made.warning:
        click.echo(f"Note: {made.warning}", err=True)
    if made.instead:
        click.echo(f"Note: {made.instead}", err=True)
    if fmt == "json":
        print_data(json.dumps(made.as_json(), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "text":
        print_data(visible(made.text, keep_newlines=True) + "\n")
    elif made.link is None:
        fail(made.no_link or "No link for this member: copy the text instead.")
    elif fmt == "link":
        print_data(made.link + "\n")
    else:
        _echo_qr(made.link)


def _echo_qr(link: str) -> None:
    from coordinator.reach.qr import QrTooLong, qr_text

    try:
        code = qr_text(link)
    except QrTooLong as error:
        fail(str(error))
    on_terminal = sys.stdout.isatty()
    if on_terminal:
        import shutil

        columns, rows = shutil.get_terminal_size()
        if code.width > columns or code.height > rows:
            click.echo(
                f"This QR code needs {code.width}x{code.height} characters; the terminal is "
                f"{columns}x{rows}. Make it bigger (or the font smaller), or use "
                "`coordinator message short` for a smaller code.",
                err=True,
            )
    for line in code.lines:
        # On a terminal: dark modules drawn black on white whatever the terminal's theme.
        click.echo(click.style(line, fg="black", bg="white") if on_terminal else line)
    click.echo(f"Scan with your phone's camera: {code.width} columns wide.", err=True)


# --- contacts --------------------------------------------------------------------------


@click.command("contacts")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["vcard", "csv", "text"]),
    default="vcard",
    show_default=True,
    help="vcard (for a phone's contacts), csv (a spreadsheet) or text (a phone list to print).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),  # the output-path guard judges it
    default=None,
    help="Save to this file (readable only by you) instead of printing it.",
)
@click.option(
    "--save",
    is_flag=True,
    help="Save in the folder every file the app makes goes to (your Documents folder, "
    "'coordinator reports'), as contacts.vcf (.csv, .txt).",
)
@click.option(
    "--shareable",
    is_flag=True,
    help="Only members whose consent says their contact may be shared with the "
    "group (for a list handed round).",
)
@pass_context
def contacts_command(
    context: Context, fmt: str, output: Path | None, save: bool, shareable: bool
) -> None:
    """Write the active members' contact details: names, phones and emails only.

    Without --shareable the list is for your own phone or records; with it, only
    those who agreed to share their contact with the group are listed.

    \b
    Examples:
      coordinator contacts -o group.vcf          # then open group.vcf on your phone
      coordinator contacts --save --format csv   # Documents/coordinator reports/contacts.csv
      coordinator contacts --format text --shareable | lp
    """
    from coordinator.application.contacts_out import (
        ContactsOutError,
        default_file_name,
        make_contacts,
        refuse_output,
        write_contacts,
    )
    from coordinator.clock import today_in
    from coordinator.paths import output_folder

    if save and output is not None:
        fail("Choose one of -o FILE and --save.")
    if save:
        try:
            output = output_folder() / default_file_name(fmt, shareable=shareable)
        except OSError as error:
            fail(f"Contacts: {error.strerror or error}. Nothing was written.")
    if output is not None and (refused := refuse_output(output, context.db)) is not None:
        fail(refused)
    with context.store(read_only=True) as store:
        data = store.load()
        settings = store.settings()
    if data.group is None:
        fail("The group is not set up yet: run `coordinator` to set it up.")
    today = today_in(context.clock, data.group.zone)
    try:
        body, count = make_contacts(data, settings, fmt, shareable=shareable, today=today)
        if output is None:
            print_data(body)
            return
        shown, note = write_contacts(output, context.db, body)
    except ContactsOutError as error:
        fail(str(error))
    if note is not None:
        click.echo(note, err=True)
    if str(output) != "-":
        who = "who agreed to share" if shareable else "active"
        click.echo(f"Saved {count} {who} member(s) to {shown}.", err=True)


# --- import-roster ---------------------------------------------------------------------


@click.command("import-roster")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path))  # read_input judges it
@click.option("--dry-run", is_flag=True, help="Show what would be imported; change nothing.")
@click.option(
    "--skip-duplicates",
    is_flag=True,
    help="Leave out rows that match someone already on the roster (or an earlier "
    "row) instead of stopping.",
)
@click.option("--yes", "-y", is_flag=True, help="Import without asking (when nothing is wrong).")
@pass_context
def import_roster_command(
    context: Context, source: Path, dry_run: bool, skip_duplicates: bool, yes: bool
) -> None:
    """Add members from a spreadsheet CSV or a vCard (.vcf) file.

    Columns are recognised by their headings (Name or First name + Surname, Known as,
    Mobile/Phone/Tel, Email, WhatsApp, Notes...). First a preview shows which column
    became which field, what each row will become, and every problem by row and
    column; nothing is imported until each problem is fixed and you say yes, and then
    every row is added together or none is.
    """
    from coordinator.application.roster_import import RosterNotReady, import_roster
    from coordinator.clock import today_in
    from coordinator.reach.phones import phone_region
    from coordinator.reach.roster_in import MAX_BYTES, RosterFileError, preview_lines, read_roster
    from coordinator.store import UnreadableFileError, new_id
    from coordinator.store.file_format import read_input

    try:
        raw = read_input(source, MAX_BYTES, "a roster")
    except UnreadableFileError as error:
        fail(f"{error} Nothing was imported.")
    with context.store(read_only=dry_run) as store:
        data = store.load()
        group = data.group
        if group is None:
            fail("The group is not set up yet: run `coordinator` to set it up first.")
        region = phone_region(store.settings(), group.timezone)
        try:
            preview = read_roster(
                raw, data.members, region, lambda: new_id("m"), skip_duplicates=skip_duplicates
            )
        except RosterFileError as error:
            fail(str(error))
        for line in preview_lines(preview, region):
            click.echo(visible(line))
        if not preview.ready:
            fail("Nothing was imported." if not dry_run else "(dry run: nothing changed)")
        if dry_run:
            click.echo("(dry run: nothing changed)")
            return
        if not yes and not click.confirm(f"Add these {len(preview.members)} members?"):
            click.echo("Nothing was imported.")
            return
        try:
            added = import_roster(store, preview, today_in(context.clock, group.zone))
        except RosterNotReady as error:
            fail(str(error))
    click.echo(f"Added {len(added)} members to the roster.")
