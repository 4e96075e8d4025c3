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
from pathlib import Path


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
