"""Where things live. One place, with the environment overrides tests and power users need.

- The group file: ``--db PATH``, else ``COORDINATOR_DB``, else
  ``<user data folder>/coordinator/group.json`` (platformdirs: e.g.
  ``~/.local/share/coordinator`` on Linux, ``~/Library/Application Support/coordinator``
  on macOS, ``%LOCALAPPDATA%\\coordinator`` on Windows).
- ``COORDINATOR_HOME`` moves the whole data folder (tests point it at a temp folder so
  they never touch a real one).
- The demo group has its own file, ``demo.json`` beside the real one: never the user's.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coordinator"
DB_ENV = "COORDINATOR_DB"
HOME_ENV = "COORDINATOR_HOME"


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
