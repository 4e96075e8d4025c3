"""The ``coordinator`` command group: opens the app, or runs one job without it.

The composition root: it builds the store, the clock and the app. Commands other than
the app import only what they need, and never Textual, so they start fast. The commands
live in :mod:`.files` and :mod:`.outputs` and are registered here with ``add_command``;
what they share (the context, date options) is in :mod:`.context`.
"""

from __future__ import annotations

from pathlib import Path

import click

from coordinator import paths
from coordinator.cli import besttime, contacts, files, meeting, outputs, reach, web
from coordinator.cli.context import Context, pass_context, run_app
from coordinator.clock import SystemClock
from coordinator.launch import check_db_path, fail


class _DbOption(click.Option):
    """``--db``, whose help names the default file, worked out only when help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = f"The group file to use (default: ${paths.DB_ENV}, else {paths.default_db()})."
        return super().get_help_record(ctx)


def _db_after_command(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    """``--db FILE`` given after the command's name: the same as before it."""
    context = ctx.find_object(Context)
    if value is None or context is None:
        return
    chosen = value.expanduser()
    if context.db_option is not None and context.db_option != chosen:
        fail(
            f"--db names two different files ({context.db_option} and {chosen}); "
            "give it once, before or after the command."
        )
    context.db = check_db_path(chosen)
    context.db_option = chosen


def take_db_option(command: click.Command) -> None:
    """Let ``command`` (and every command under it) take ``--db`` after its name."""
    if not any(param.name == "db" for param in command.params):
        command.params.append(
            _DbOption(
                ["--db", "db"],
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                expose_value=False,
                callback=_db_after_command,
            )
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            take_db_option(sub)


class CoordinatorGroup(click.Group):
    """The ``coordinator`` command. The README says every command takes ``--db``; so
    every command under it does, before or after its name (``coordinator at-risk --db
    FILE``), however and whenever the command was added (one rule, not one per command)."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            take_db_option(command)
        return name, command, rest


@click.group(
    cls=CoordinatorGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    cls=_DbOption,
)
@click.version_option(package_name="coordinator")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """Keep a peer support group's roster, meetings and attendance on this laptop.

    With no command, opens the app. Nothing is ever sent over the network.
    """
    ctx.obj = Context(
        check_db_path(paths.resolve_db(db)), SystemClock(), db.expanduser() if db else None
    )
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj, ctx.obj.db)


@main.command()
@pass_context
def locate(context: Context) -> None:
    """Print where the group file is (and whether it exists yet)."""
    click.echo(str(context.db))
    if not context.db.exists():
        click.echo("(not created yet)", err=True)


# The commands, in modules by what they work on, registered here by name.
main.add_command(files.backup)
main.add_command(files.restore)
main.add_command(files.doctor)
main.add_command(files.import_command)
main.add_command(files.export_command)
main.add_command(files.demo)
main.add_command(outputs.report)
main.add_command(outputs.at_risk)
main.add_command(outputs.ics_command)
main.add_command(web.web)
main.add_command(besttime.best_time)
main.add_command(besttime.rhythm_group)
for _command in reach.COMMANDS:
    main.add_command(_command)
main.add_command(contacts.check_in)
main.add_command(meeting.meeting_group)
