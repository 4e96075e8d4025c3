"""Where things live. One place, with the environment overrides tests and power users need.

- The group file: ``--db PATH``, else ``COORDINATOR_DB``, else
  ``<user data folder>/coordinator/group.json`` (platformdirs: e.g.
  ``~/.local/share/coordinator`` on Linux, ``~/Library/Application Support/coordinator``
  on macOS, ``%LOCALAPPDATA%\\coordinator`` on Windows).
- ``COORDINATOR_HOME`` moves the whole data folder (tests point it at a temp folder so
  they never touch a real one).
- The demo group has its own file, ``demo.json`` beside the real one: never the user's.
- Every file the app makes for the coordinator (reports, calendar files, contacts out)
  goes, unless they name another place, in ONE folder: :func:`output_folder`, a private
  ``coordinator reports`` folder in their Documents folder (inside the data folder when
  ``COORDINATOR_HOME`` moves it, so tests write nowhere else).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coordinator"
DB_ENV = "COORDINATOR_DB"
HOME_ENV = "COORDINATOR_HOME"
# The output folder's name in Documents, and inside a data folder moved by COORDINATOR_HOME
# (the output-path guard allows that one: coordinator.store.output_paths.REPORTS_FOLDER).
DOCUMENTS_FOLDER = "coordinator reports"
DATA_OUTPUT_FOLDER = "reports"


def data_folder() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only here: most runs name their file, and it costs ~10 ms to import

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db() -> Path:
    return data_folder() / "group.json"


def demo_db() -> Path:
    return data_folder() / "demo.json"


def resolve_db(option: str | os.PathLike[str] | None) -> Path:
    """The group file to use: the ``--db`` option, else ``COORDINATOR_DB``, else the
    default."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db()


def output_folder(*, make: bool = True) -> Path:
    """The one folder every file the app makes goes to when no other place is named:
    reports (saved, opened, printed), calendar files (.ics) and contacts out, from the app
    and from the command line alike. The coordinator's Documents folder, where they look
    for their papers (not the hidden data folder, not the home folder), in a private
    ``coordinator reports`` folder; inside the data folder when ``COORDINATOR_HOME`` is
    set. ``make`` creates it (readable by its owner only) when it is missing."""
    if os.environ.get(HOME_ENV):
        folder = data_folder() / DATA_OUTPUT_FOLDER
    else:
        import platformdirs

        folder = platformdirs.user_documents_path() / DOCUMENTS_FOLDER
    if make and not folder.is_dir():
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise FolderUnavailable.because(folder, error) from None
    return folder


class FolderUnavailable(OSError):
    """The folder for the files the app makes cannot be made; ``strerror`` says which
    folder and why, in words (a broken link to an unplugged drive, a file in its place)."""

    @classmethod
    def because(cls, folder: Path, error: OSError) -> FolderUnavailable:
        from coordinator.user_text import visible

        # The first part of the path that is there but is not a folder, if any.
        blocker = next((p for p in (folder, *folder.parents) if p.exists() or p.is_symlink()), None)
        if blocker is not None and not blocker.is_dir():
            kind = "a link to somewhere that is not there" if blocker.is_symlink() else "a file"
            why = f"{visible(str(blocker))} is {kind}, not a folder"
        else:
            why = error.strerror or str(error)
        return cls(
            error.errno,
            f"the folder for the files the app makes, {visible(str(folder))}, cannot be "
            f"made ({why}); save to a file you name instead",
        )
