"""One writer per group file: a non-blocking exclusive lock on a ``.lock`` file beside it.

The operating system holds the lock for the open lock file and lets it go when the
process ends, however it ends, so a crash or a kill never leaves a stale lock. Two locks
on the same file conflict even inside one process (each has its own open file), which
is what makes a second window, or a second store, read-only.

Standard library only: ``fcntl.flock`` on Linux and macOS, ``msvcrt.locking`` on Windows.
(The filelock package did this before; importing it alone cost 16 to 38 ms of every start
of the app, depending on its version, for these few calls: docs/performance.md.)
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from coordinator.store.durable import make_private_folder
from coordinator.store.errors import ReadOnlyError, StoreError
from coordinator.store.file_format import _shown


class LockHeld(Exception):
    """Someone else (another window, or another store in this process) holds the lock."""


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EDEADLK):
                raise LockHeld(str(error)) from None
            raise

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise LockHeld(str(error)) from None

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class FileLock:
    """An exclusive lock on the file at ``path`` (made, private, if it is not there)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now or raise :class:`LockHeld` (never waits); :class:`OSError`
        when the lock file cannot be made or locked at all."""
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        """Let the lock go (closing the file would too)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            with contextlib.suppress(OSError):
                _unlock(fd)
        finally:
            os.close(fd)


# --- the lock on a group file -----------------------------------------------------------


def lock_path(path: Path) -> Path:
    """The lock file that says a window has the group file at ``path`` open."""
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def holding_lock(path: Path) -> Iterator[None]:
    """Hold the group file's lock for a whole-file job such as a restore.

    Raises :class:`ReadOnlyError` while another window has the file open."""
    lock = FileLock(lock_path(path))
    try:
        make_private_folder(path.parent)
        lock.acquire()
    except LockHeld:
        raise ReadOnlyError(
            "Another coordinator window has this group open. Close it, then try again."
        ) from None
    except OSError as error:
        raise StoreError(_lock_problem(path, error)) from None
    try:
        yield
    finally:
        lock.release()


def _lock_problem(path: Path, error: OSError) -> str:
    """What is wrong when the lock file cannot be made or locked."""
    lock = lock_path(path)
    if lock.is_dir():
        return (
            f"{_shown(lock)} is a folder, not a lock file, so the group cannot be changed. "
            "Remove that folder (`coordinator doctor` checks it) and try again."
        )
    return f"The folder {_shown(path.parent)} cannot be written ({error.strerror or error})."


def lock_is_held(path: Path) -> bool:
    """Does a window have the group file at ``path`` open right now?"""
    if not lock_path(path).is_file():
        return False
    try:
        with holding_lock(path):
            return False
    except ReadOnlyError:
        return True
    except StoreError:  # the lock cannot even be tried (a read-only folder): no one can
        return False
