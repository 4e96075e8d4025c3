"""When something goes wrong that nobody planned for: a calm message, the details kept private.

A traceback on screen can carry anything the program held (names, phone numbers, notes in
an error's message or a variable), so neither the command line nor the app ever shows one.
The details go to a private log file (``0600``, in the data folder, which is ``0700``) that
the message names, for whoever helps the coordinator to read; the screen says only what
happened in general and where the details are.
"""

from __future__ import annotations

import os
import stat
import traceback
from datetime import UTC, datetime
from pathlib import Path

LOG_NAME = "crash.log"
# A crash log that grew past this is started again (the newest details matter).
_MAX_LOG_BYTES = 1_000_000


def crash_log_path() -> Path:
    """The private file that holds the details of unexpected errors."""
    from coordinator.paths import data_folder

    return data_folder() / LOG_NAME


def record_crash(error: BaseException, log: Path | None = None) -> Path | None:
    """Append ``error``'s traceback to the private log; the log's path, or None when it
    could not be written (a full disk, a read-only folder)."""
    path = log or crash_log_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Never through a link (it could point at any file of the coordinator's, which
        # would be appended to and made private) and never into a pipe or a device.
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        flags |= getattr(os, "O_NONBLOCK", 0)
        if path.is_file() and not path.is_symlink() and path.stat().st_size > _MAX_LOG_BYTES:
            flags |= os.O_TRUNC
        fd = os.open(path, flags, 0o600)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        os.fchmod(fd, 0o600)  # even if it was made by hand with wider rights
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as out:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            out.write(f"--- {stamp}\n")
            out.write("".join(traceback.format_exception(error)))
            out.write("\n")
    except OSError:
        return None
    return path


def crash_message(log: Path | None) -> str:
    """What the coordinator reads after an unexpected error (nothing from their data)."""
    where = (
        f"The details are in a private file: {log}\n"
        "It may hold names from your group, so look at it before you share it with "
        "whoever helps you with the app."
        if log is not None
        else "The details could not be written to a file (is the disk full?)."
    )
    return (
        "Sorry: coordinator hit a problem it did not expect and stopped.\n"
        "Every change you saved before this is safe: each one is written to disk when "
        "it is made.\n" + where
    )
