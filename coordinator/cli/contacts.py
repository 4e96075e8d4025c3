"""``coordinator check-in``: log a check-in with a member from the command line (the same
flow as the app's, :mod:`coordinator.application.contacts`).

Named in :data:`coordinator.cli.root.COMMANDS`, loaded when run.
"""

from __future__ import annotations

import click

from coordinator.cli.context import Context, find_member, pass_context
from coordinator.launch import fail

OUTCOMES = {"reached": "reached", "no-reply": "no_reply", "left-message": "left_message"}
CHANNELS = ("sms", "whatsapp", "phone", "email", "facebook", "post", "other")


@click.command("check-in")
@click.argument("member")
@click.option(
    "--outcome",
    type=click.Choice(list(OUTCOMES)),
    default="reached",
    show_default=True,
    help="Reached them, or tried and got no reply, or left a message.",
)
@click.option("--how", "channel", type=click.Choice(CHANNELS), help="Default: their usual way.")
@click.option("--on", "on", metavar="DATE", help="The day of the check-in (default: today).")
@click.option("--note", default="", help='What was said, e.g. "flare-up, hopes to come".')
@click.option(
    "--try-again-on",
    "again",
    metavar="DATE",
    help="A day to try again: they come back to the top of the check-in list then.",
)
@pass_context
def check_in(
    context: Context,
    member: str,
    outcome: str,
    channel: str | None,
    on: str | None,
    note: str,
    again: str | None,
) -> None:
    """Log a check-in with MEMBER: their id, name, known-as, or a part of a name.

    A check-in that reached them takes them off the drift watch's list until they miss
    again; "no-reply" and "left-message" keep them on it; --try-again-on brings them back
    to the top of the list on that day.

    \b
    Examples:
      coordinator check-in "Linda" --outcome no-reply --try-again-on 2026-12-05
      coordinator check-in m6 --how phone --note "flare-up, hopes to come next time"
    """
    from coordinator.application import contacts
    from coordinator.clock import today_in
    from coordinator.model import ValidationError
    from coordinator.user_text import visible

    with context.store() as store:
        data = store.load()
        if data.group is None:
            fail("The group is not set up yet: run `coordinator` to set it up.")
        person = find_member(data, member, "MEMBER")
        today = today_in(context.clock, data.group.zone)
        try:
            note_made = contacts.build_check_in(
                person,
                today=today,
                on=on if on is not None else today,
                channel=channel or person.channel,
                outcome=OUTCOMES[outcome],
                note=note,
                try_again_on=again,
            )
            said = contacts.log_check_in(store, person, note_made)
        except ValidationError as error:
            field = {"Date": "--on", "Try again on": "--try-again-on", "Note": "--note"}.get(
                error.field, error.field
            )
            fail(f"{field}: {error.problem}")
    click.echo(visible(said))
