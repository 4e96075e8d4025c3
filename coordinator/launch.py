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
    from coordinator.user_text import plural

    backups = list_backups(db)
    if backups:
        return (
            f"The file has not been changed. {plural(len(backups), 'backup')} "
            f"{'exists' if len(backups) == 1 else 'exist'}; "
            f"`coordinator --db {db} restore` lists them and restores one."
        )
    return "The file has not been changed, and there are no backups of it to restore."


def check_db_path(db: Path) -> Path:
    """The group file to use, with links followed, or stop at once with a clear message
    if ``db`` cannot be a group file: a folder, a named pipe or a device (reading one
    would wait for ever or never end), a symbolic link loop, a name the system refuses.

    A link to a group file is followed, and said once: saves replace the real file (its
    lock and backups live beside it), so the link keeps pointing at the group."""
    import errno
    import os
    import stat

    from coordinator.user_text import visible

    shown = visible(str(db))
    if len(shown) > 80:
        shown = shown[:60] + "…" + shown[-19:]
    try:
        if not db.name:
            fail(f"{shown} is a folder; --db needs the group file itself, e.g. {shown}/group.json.")
        info = os.stat(db)
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as error:
        if getattr(error, "errno", None) == errno.ELOOP:
            fail(
                f"The group file path {shown} is a symbolic link that points round in a loop. "
                "Check the --db option."
            )
        why = getattr(error, "strerror", None) or str(error)
        fail(f"The group file path {shown} cannot be used: {why}. Check the --db option.")
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            fail(f"{shown} is a folder; --db needs the group file itself, e.g. {shown}/group.json.")
        if not stat.S_ISREG(info.st_mode):
            what = (
                "a named pipe"
                if stat.S_ISFIFO(info.st_mode)
                else "a device"
                if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "not an ordinary file"
            )
            fail(f"{shown} is {what}, not a group file. Check the --db option.")
    try:
        is_link = db.is_symlink()
    except OSError:
        is_link = False
    if not is_link:
        return db
    real = Path(os.path.realpath(db))
    real_shown = visible(str(real))
    import click

    click.echo(
        f"Note: {shown} is a link to {real_shown}; that file is the group file used "
        "(saves replace it, and its backups are kept beside it).",
        err=True,
    )
    return real
