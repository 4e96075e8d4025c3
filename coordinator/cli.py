"""The ``coordinator`` command: opens the app, or runs one job without it.

The composition root: it builds the store, the clock and the app. Commands other than
the app import only what they need, and never Textual, so they start fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coordinator import paths
from coordinator.clock import Clock, SystemClock
from coordinator.launch import check_db_path, fail, open_app, restore_hint

if TYPE_CHECKING:
    from coordinator.store import Store


class Context:
    """What every command gets: where the file is and what time it is."""

    def __init__(self, db: Path, clock: Clock, db_option: Path | None = None) -> None:
        self.db = db
        self.clock = clock
        # The file named by --db before the command, if it was (see _db_after_command).
        self.db_option = db_option

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


def run_app(context: Context, db: Path, settings: dict[str, Any] | None = None) -> None:
    """Open the Textual app on ``db``."""
    open_app(db, context.clock, settings)


@main.command()
@pass_context
def locate(context: Context) -> None:
    """Print where the group file is (and whether it exists yet)."""
    click.echo(str(context.db))
    if not context.db.exists():
        click.echo("(not created yet)", err=True)


def now_utc(context: Context) -> datetime:
    return context.clock.now().astimezone(UTC)


# The commands live in two modules by what they do; importing them registers them here.
from coordinator import cli_files, cli_outputs  # noqa: E402, F401
