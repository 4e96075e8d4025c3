"""The ``coordinator`` command's entry point, and opening the app.

Opening the app is what people do most, and its first frame is what they wait for. So
``coordinator`` on its own, or with only ``--db FILE``, opens the app straight away
without loading the command-line parser (click is 15-20 ms of every start on a fast
machine). Anything else, ``--help`` and every command included, goes to
:mod:`coordinator.cli`, which parses it as before and opens the app the same way.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from coordinator.clock import Clock


def app_request(args: Sequence[str]) -> tuple[bool, str | None]:
    """Whether ``args`` only ask for the app, and the ``--db`` value they give if any.

    Only the plainest forms count (nothing; ``--db FILE``; ``--db=FILE``). Anything the
    parser might read differently (a value that looks like an option, a repeated or
    empty ``--db``) is left to it.
    """
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db="):
        value = args[0].removeprefix("--db=")
        if value and not value.startswith("-"):
            return True, value
    return False, None


def main() -> None:
    """``coordinator``: the app, or a command; an unexpected error never shows a
    traceback (it could hold the group's data): a calm message names a private log."""
    try:
        _main()
    except Exception as error:  # the last line of defence: see coordinator.crash
        from coordinator.crash import crash_message, record_crash

        fail(crash_message(record_crash(error)), code=70)


def _main() -> None:
    # Starting up makes a great many objects (modules, the group's records) and no
    # garbage worth finding: the cycle collector waits until the app is up
    # (CoordinatorApp.run turns it back on) and stays off for a one-shot command,
    # 4-5% of its time at the stressed size (docs/performance.md).
    gc.disable()
    is_app, db_option = app_request(sys.argv[1:])
    if not is_app:
        from coordinator.cli import main as cli_main

        cli_main()
        return
    from coordinator import paths
    from coordinator.clock import SystemClock

    try:
        db = paths.resolve_db(db_option)
        check_db_path(db)
        open_app(db, SystemClock())
    except KeyboardInterrupt:  # before the app is up (it handles ctrl+c itself)
        fail("Aborted!")


def open_app(db: Path, clock: Clock, settings: dict[str, Any] | None = None) -> None:
    """Open the Textual app on ``db`` (this is the only path that imports Textual)."""
    from coordinator.store import Store, StoreError

    try:
        store = Store.open(db, clock)
    except StoreError as error:
        fail(f"{error}\n{restore_hint(db)}")
    from coordinator.tui.app import build_app

    try:
        app = build_app(store, {**store.settings(), **(settings or {})}, clock)
        app.run()
    finally:
        store.close()
    if app.return_code:  # the app stopped on an error it has already explained
        sys.exit(app.return_code)


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with a message on standard error (red in a terminal), never a traceback."""
    import click

    click.secho(message, err=True, fg="red")
    sys.exit(code)


def restore_hint(db: Path) -> str:
    """What to say about backups when the group file cannot be opened."""
    from coordinator.store import list_backups
    from coordinator.text import plural

    backups = list_backups(db)
    if backups:
        return (
            f"The file has not been changed. {plural(len(backups), 'backup')} "
            f"{'exists' if len(backups) == 1 else 'exist'}; "
            f"`coordinator --db {db} restore` lists them and restores one."
        )
    return "The file has not been changed, and there are no backups of it to restore."


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
