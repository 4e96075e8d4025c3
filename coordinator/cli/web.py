"""``coordinator web``: the same app in a browser tab, on this laptop only.

Registered in :mod:`coordinator.cli`. The server's modules (aiohttp, textual-serve) are
imported only when this command runs, so every other command starts as fast as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coordinator import paths
from coordinator.launch import check_db_path, fail, restore_hint

if TYPE_CHECKING:
    from coordinator.cli.context import Context


@click.command()
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The group file to use (as `coordinator --db FILE web`).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default="a free port",
    help="The port on 127.0.0.1 to listen on.",
)
@click.option("--no-browser", is_flag=True, help="Print the link instead of opening a browser.")
@click.option(
    "--idle-minutes",
    type=click.FloatRange(0, 24 * 60),
    default=10.0,
    show_default=True,
    help="Stop after this long with no tab open (0: never).",
)
@click.pass_obj
def web(
    context: Context, db: Path | None, port: int, no_browser: bool, idle_minutes: float
) -> None:
    """Open the app in a browser tab instead of the terminal.

    It runs on this laptop only (127.0.0.1), behind a key that changes every time, and
    nothing is sent beyond the laptop. A second tab is read-only, as a second window is.
    """
    path = context.db if db is None else paths.resolve_db(db)
    check_db_path(path)
    if path.exists():
        # A file the app cannot open is said here, not as a tab that closes at once.
        from coordinator.store import Store, StoreError

        try:
            Store.open(path, context.clock, read_only=True).close()
        except StoreError as error:
            fail(f"{error}\n{restore_hint(path)}")
    from coordinator.web.server import WebError, serve

    try:
        serve(
            path,
            port=port,
            open_browser=not no_browser,
            idle_seconds=idle_minutes * 60,
            say=click.echo,
        )
    except WebError as error:
        fail(str(error))
