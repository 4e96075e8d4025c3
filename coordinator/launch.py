"""Opening the app, and stopping with a clear message when the group file cannot be used.

Both ways in use these: the entry point (:mod:`coordinator.__main__`) when ``coordinator``
is run on its own, and the command line (:mod:`coordinator.cli`) for ``--db``, the demo
and every command's failures. Nothing here loads click or Textual until it is needed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from coordinator.clock import Clock


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


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with a message on standard error (red in a terminal), never a traceback."""
    import click

    click.secho(message, err=True, fg="red")
    sys.exit(code)


def restore_hint(db: Path) -> str:
    """What to say about backups when the group file cannot be opened."""
    from coordinator.store import list_backups
    from coordinator.user_text import plural

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
    from coordinator.user_text import visible

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
