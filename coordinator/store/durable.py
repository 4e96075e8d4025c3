"""Writing files so that a crash never leaves half of one, readable by the owner only.

Used by the store for the group file and its backups, and by exports (.ics, bundles):
temp file in the same folder (0600), flush, fsync, rename over the old file, fsync the
folder. Windows cannot open folders to sync them; there the rename is as durable as the
platform allows.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import uuid
from pathlib import Path

# Filesystems that cannot sync a folder say so with these; the rename has happened and
# is as durable as they allow, so the save stands (as SQLite does).
_NO_FOLDER_SYNC = frozenset(
    {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES, errno.EPERM}
)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Windows cannot open folders; there the
    rename itself is as durable as the platform allows."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as error:
        if error.errno in _NO_FOLDER_SYNC:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in _NO_FOLDER_SYNC:
            raise
    finally:
        os.close(fd)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each readable by the owner only.

    A folder that already exists keeps its permissions: it may be shared (``/tmp``) or
    the user's home, which are not ours to change. ``coordinator doctor`` reports a data
    folder others can read, and ``--fix`` tightens it."""
    missing = []
    current = folder
    while not current.is_dir() and current.parent != current:
        missing.append(current)
        current = current.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:
            if not created.is_dir():
                raise
            continue
        with contextlib.suppress(OSError):
            created.chmod(0o700)  # mkdir's mode is cut by the umask


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old or the new file, never a
    mixture: temp file in the same folder (0600), flush, fsync, rename, fsync folder."""
    folder = path.parent
    tmp = folder / f".{path.name}.{uuid.uuid4().hex[:12]}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(folder)


def temp_name_pattern(name: str) -> re.Pattern[str]:
    """The names :func:`atomic_write` gives its temp files for a file called ``name``."""
    return re.compile(rf"^\.{re.escape(name)}\.[0-9a-f]{{12}}\.tmp\Z")


def orphan_temp_files(path: Path) -> list[Path]:
    """Temp files a killed save left behind next to ``path``: only ours (our naming
    pattern) and only ordinary files (a link or a folder of that name is left alone)."""
    pattern = temp_name_pattern(path.name)
    found = []
    with contextlib.suppress(OSError):
        found = [c for c in path.parent.iterdir() if pattern.match(c.name) and _plain_file(c)]
    return found


def _plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def clean_orphan_temp_files(path: Path) -> list[Path]:
    """Remove temp files a killed save left behind next to ``path``."""
    return remove_files(orphan_temp_files(path))


def remove_files(files: list[Path]) -> list[Path]:
    """Remove ``files`` (never following a link); returns those removed."""
    removed = []
    for candidate in files:
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed
