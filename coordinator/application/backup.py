"""Taking a backup by hand, now: one flow for ``coordinator backup`` and the app's "Back up
now" (Settings, key ``B``, and the command palette).

The copy goes into the ``backups`` folder beside the group file (0600), as a *manual*
backup (the last 5 are kept; coordinator/store/backups.py rotates them), whether the app
runs in a terminal or in a browser tab under ``coordinator web``: a backup never leaves
the data folder. The caller says where it went with :func:`backup_said`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coordinator.store import BACKUP_DIR, StoreError, read_raw, take_backup
from coordinator.store.backups import is_backup
from coordinator.user_text import visible


class BackupError(StoreError):
    """The backup could not be taken; the group file is unchanged."""


def back_up_now(path: Path, today: date) -> Path:
    """Copy the group file at ``path`` into its backups folder now; return the copy.

    Raises :class:`BackupError` with a message a coordinator can act on (no group file
    yet, a full disk, a ``backups`` that is a file)."""
    if not path.exists():
        raise BackupError(f"There is no group file at {visible(str(path))} to back up.")
    if is_backup(path):
        raise BackupError(
            f"{visible(str(path))} is a backup already; back up the group file itself "
            "(leave out --db, or give the group file's path)."
        )
    refuse_if_unreadable(path, "it was not backed up")
    try:
        taken = take_backup(path, today, kind="manual")
    except OSError as error:
        reason = error.strerror or str(error)
        raise BackupError(
            f"Could not take a backup: {visible(reason)}. The group file is unchanged."
        ) from None
    if taken is None:  # the file went between the check and the copy
        raise BackupError(f"There is no group file at {visible(str(path))} to back up.")
    return taken


def refuse_if_unreadable(path: Path, action: str) -> None:
    """Raise :class:`BackupError` when the group file at ``path`` does not read: a copy of
    it would push a good backup out of the last five kept, and the backups may be the only
    good copies of the group. ``action`` says what was refused ("backed up")."""
    try:
        read_raw(path)
    except StoreError as error:
        raise BackupError(
            f"{error} So {action}: the backups may be the only good copies of the "
            "group. Run `coordinator restore` to see them and bring one back."
        ) from None


def backup_said(taken: Path, *, in_browser: bool = False) -> str:
    """The sentence that says where a backup went: the whole path in a terminal; in a
    browser tab (which cannot open the laptop's folders) the folder's name in words."""
    if in_browser:
        return (
            f"Backed up to {visible(taken.name)} in the {BACKUP_DIR} folder beside the "
            "group file (on the computer running coordinator web)."
        )
    return f"Backed up to {visible(str(taken))}"
