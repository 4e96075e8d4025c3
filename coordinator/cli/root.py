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
from coordinator.cli import besttime, contacts, files, outputs, reach, web
from coordinator.cli.context import Context, pass_context, run_app
from coordinator.clock import SystemClock
from coordinator.launch import check_db_path


class _DbOption(click.Option):
    """``--db``, whose help names the default file, worked out only when help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = f"The group file to use (default: ${paths.DB_ENV}, else {paths.default_db()})."
        return super().get_help_record(ctx)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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
    ctx.obj = Context(check_db_path(paths.resolve_db(db)), SystemClock())
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
