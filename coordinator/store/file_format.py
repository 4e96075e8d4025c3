"""The group file's format: its tables and schema version, reading its bytes (never a
device, a pipe or something far larger than any group file), parsing and checking them,
and encoding the tables to write. Pure functions over bytes and paths; the repository
and ``coordinator doctor`` use them."""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from coordinator.model import (
    ValidationError,
)
from coordinator.model.limits import check_value, quote
from coordinator.store import jsonfile
from coordinator.store.errors import SaveFailedError, UnreadableFileError
from coordinator.store.migrations import _META, MIGRATIONS, SCHEMA_VERSION

TABLES = ("group", "venues", "members", "meetings", "contacts", "settings")


def encode(data: Mapping[str, Any]) -> bytes:
    """The file's bytes for ``data`` (compact UTF-8 JSON)."""
    try:
        return jsonfile.dumps(data)
    except UnicodeEncodeError:
        # Only text we keep without checking (unknown keys from an import) can get here.
        raise SaveFailedError(
            "Could not save: some text holds a broken character (half of an emoji?) that "
            "cannot be written. Nothing was changed."
        ) from None


def read_raw(path: Path) -> dict[str, Any] | None:
    """The file's tables, or None when there is no file yet.

    Raises :class:`UnreadableFileError` (with what is wrong) for anything we cannot use.
    """
    raw = read_bytes(path)
    return None if raw is None else parse_raw(path, raw)


# The largest group file we read: some 20 times the stressed size (1,000 meetings of 50
# members is 2.8 MB), so a real group never meets it, and a wrong file (a disk image,
# /dev/zero behind a link) is refused before it fills the memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None when there is no file yet, or :class:`UnreadableFileError`.

    Only an ordinary file is read (a named pipe or a device is refused at once, never
    waited on), and at most :data:`MAX_FILE_BYTES` of it."""
    try:
        return _read_ordinary(path, MAX_FILE_BYTES, "a group file")
    except FileNotFoundError:
        return None


def read_input(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a file the coordinator chose to read in (``what``: "a roster"), or
    :class:`UnreadableFileError` saying why not: missing, a folder, a pipe or a device
    (never waited on, never read without end: ``/dev/zero`` once filled the memory),
    or larger than ``limit``."""
    try:
        return _read_ordinary(path, limit, what)
    except FileNotFoundError:
        raise UnreadableFileError(f"{_shown(path)}: there is no such file.") from None


def _read_ordinary(path: Path, limit: int, what: str) -> bytes:
    """At most ``limit`` bytes of the ordinary file at ``path``; FileNotFoundError when
    there is none, :class:`UnreadableFileError` for anything else that is wrong."""
    shown = _shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise UnreadableFileError(f"{shown} is a folder, not {what}.") from None
    except PermissionError:
        raise UnreadableFileError(f"{shown} cannot be read: permission denied.") from None
    except (OSError, ValueError) as error:
        if getattr(error, "errno", None) == errno.ELOOP:
            raise UnreadableFileError(
                f"{shown} is a symbolic link that points round in a loop."
            ) from None
        why = getattr(error, "strerror", None) or str(error)
        raise UnreadableFileError(f"{shown} cannot be read: {why}.") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFileError(f"{shown} is a folder, not {what}.")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(f"{shown} is a pipe or a device, not {what}.")
        if info.st_size > limit:
            raise UnreadableFileError(_too_large(shown, info.st_size, limit, what))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except MemoryError:
        raise UnreadableFileError(f"{shown} is too large to read into memory.") from None
    except OSError as error:
        raise UnreadableFileError(f"{shown} cannot be read: {error.strerror or error}.") from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise UnreadableFileError(_too_large(shown, len(raw), limit, what))
    return raw


def _too_large(shown: str, size: int, limit: int, what: str) -> str:
    if limit >= 1024 * 1024:
        return (
            f"{shown} is {size / 1024 / 1024:.0f} MB, far larger than {what} can be "
            f"(at most {limit // 1024 // 1024} MB); it is not one."
        )
    return (
        f"{shown} is {size // 1000} kB, larger than {what} can be (at most "
        f"{limit // 1000} kB); it is not one."
    )


def _shown(path: Path) -> str:
    """A path for a message: control characters visible, at most ~80 characters."""
    from coordinator.user_text import visible

    text = visible(str(path))
    return text if len(text) <= 80 else text[:60] + "…" + text[-19:]


@contextlib.contextmanager
def collecting_later() -> Iterator[None]:
    """Hold Python's cycle collector while a file is read and decoded.

    Reading a group file makes tens of thousands of objects that all live on and form no
    cycles; as they are made, the collector would walk the growing heap again and again
    (10-15% of reading a large file: docs/performance.md). It runs as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_raw(path: Path, raw: bytes) -> dict[str, Any]:
    """The tables in ``raw`` (the bytes of the file at ``path``), checked for shape."""
    if not raw.strip():
        raise UnreadableFileError(f"{path} is empty (it may have been cut short).")
    try:
        data = jsonfile.loads(raw)
    except UnicodeDecodeError:
        raise UnreadableFileError(f"{path} is not text; it is not a group file.") from None
    except json.JSONDecodeError as error:
        raise UnreadableFileError(
            f"{path} is damaged: not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    except RecursionError:
        raise UnreadableFileError(f"{path} is JSON nested too deeply to be a group file.") from None
    except (ValueError, OverflowError):  # Python's limit on digits in a whole number
        raise UnreadableFileError(
            f"{path} holds a number with far too many digits; it is not a group file we can use."
        ) from None
    except MemoryError:
        raise UnreadableFileError(f"{path} is too large to read into memory.") from None
    if not isinstance(data, dict):
        raise UnreadableFileError(f"{path} is JSON but not a coordinator group file.")
    if data.get("format") == "coordinator-bundle":
        raise UnreadableFileError(
            f"{path} is an exported bundle, not a group file. "
            f"Use `coordinator import {path}` to load it."
        )
    if not _has_table_shape(data):
        raise UnreadableFileError(f"{path} is JSON but not a coordinator group file.")
    try:
        # Records are checked field by field as they are read (codec and model; unknown
        # fields with check_kept), so only the tables read as they are get the whole
        # check here: settings and the version (checking every record again would add
        # some 4 times the parse time of a large file).
        for name in ("settings", _META):
            check_value(data.get(name), name)
    except ValidationError as error:
        raise UnreadableFileError(
            f"{path} holds something we cannot use ({error}); it has not been changed."
        ) from None
    meta = data.get(_META) or {}
    if meta and not any(_is_version(doc.get("schema_version")) for doc in meta.values()):
        raise UnreadableFileError(
            f"{path} has no readable file-format version; it is not a group file we can use."
        )
    version = schema_version(data)
    if version < SCHEMA_VERSION and version not in MIGRATIONS:
        raise UnreadableFileError(
            f"{path} says it is in file format {quote(version)}, which no version of "
            "coordinator wrote; it is not a group file we can use."
        )
    if version > SCHEMA_VERSION:
        raise UnreadableFileError(
            f"{path} was written by a newer version of coordinator (file format "
            f"{version}; this one reads up to {SCHEMA_VERSION}). Update coordinator."
        )
    return data


def _has_table_shape(data: Mapping[str, Any]) -> bool:
    """TinyDB's layout: known table names, each mapping numeric ids to objects. Anything
    else would crash TinyDB or be silently dropped, so it is refused up front."""
    for name, table in data.items():
        if name not in (*TABLES, _META) or not isinstance(table, dict):
            return False
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()) or not isinstance(doc, dict):
                return False
    return True


def _is_version(value: object) -> bool:
    """A file-format version: a whole number (true and false are not)."""
    return type(value) is int


def schema_version(data: Mapping[str, Any]) -> int:
    meta = data.get(_META) or {}
    for doc in meta.values():
        if isinstance(doc, dict) and _is_version(doc.get("schema_version")):
            return int(doc["schema_version"])
    # A file with records but no version predates versioning.
    return 0 if any(data.get(t) for t in TABLES) else SCHEMA_VERSION
