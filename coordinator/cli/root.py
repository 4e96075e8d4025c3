"""The ``coordinator`` command group: opens the app, or runs one job without it.

The composition root: it builds the store, the clock and the app. Commands other than
the app import only what they need, and never Textual, so they start fast. The commands
live in modules by what they work on (:mod:`.files`, :mod:`.outputs`, ...) and are named
here in :data:`COMMANDS`; a command's module is imported only when that command runs (or
``--help`` lists them all). What they share (the context, date options) is in
:mod:`.context`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from coordinator import paths
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


# Every command: its name -> (module in coordinator.cli, the click command's name there).
COMMANDS: dict[str, tuple[str, str]] = {
    "backup": ("files", "backup"),
    "restore": ("files", "restore"),
    "doctor": ("files", "doctor"),
    "import": ("files", "import_command"),
    "export": ("files", "export_command"),
    "demo": ("files", "demo"),
    "report": ("outputs", "report"),
    "at-risk": ("outputs", "at_risk"),
    "ics": ("outputs", "ics_command"),
    "web": ("web", "web"),
    "best-time": ("besttime", "best_time"),
    "rhythm": ("besttime", "rhythm_group"),
    "message": ("reach", "message_command"),
    "contacts": ("reach", "contacts_command"),
    "import-roster": ("reach", "import_roster_command"),
    "check-in": ("contacts", "check_in"),
    "meeting": ("meeting", "meeting_group"),
}


class CoordinatorGroup(click.Group):
    """The ``coordinator`` command. The README says every command takes ``--db``; so
    every command under it does, before or after its name (``coordinator at-risk --db
    FILE``), however and whenever the command was added (one rule, not one per command).

    Commands are loaded by name from :data:`COMMANDS` when first asked for, so
    ``coordinator at-risk`` does not import the code of the other sixteen."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module_name, attribute = COMMANDS[cmd_name]
            module = importlib.import_module(f"coordinator.cli.{module_name}")
            self.add_command(getattr(module, attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        # Ctrl+C while a command runs: click would say only "Aborted!", even when the
        # change had been saved a moment before (every save is whole and on disk when it
        # returns), and the coordinator would do it twice. Say what is true either way.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(
                "\nStopped (ctrl+c). Every change saved before it is kept, so the last one "
                "may have been saved: look (in the app, or the command's list) before doing "
                "it again.",
                err=True,
            )
            ctx.exit(130)

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
