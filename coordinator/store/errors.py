"""What goes wrong with a group file, said so a coordinator can act on it: every
problem the store raises is a :class:`StoreError`."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the group's file, said so a coordinator can act on it."""


class ReadOnlyError(StoreError):
    """This window may not change the file (another one holds it)."""


class UnreadableFileError(StoreError):
    """The file exists but cannot be read; it is left exactly as it is."""


class SaveFailedError(StoreError):
    """A save did not reach the disk (disk full, folder gone or read-only).

    The file on disk still holds the last saved state."""
