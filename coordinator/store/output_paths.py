"""What a file we write may be: the one place that decides, for every command and the app.

Reports, calendar files, bundles and PDFs hold names and health details, and a path a
person types may point anywhere: at the group file itself (``-o group.json``,
``../data/group.json``, a link or a hard link to it), at a backup, at ``/dev/null``, at
a folder. :func:`check_output` looks at where a path really goes before anything is
made, and :func:`write_output` writes there:

- ``-`` is standard output;
- a regular file (new or existing) is written atomically and privately: a temp file
  (0600) renamed over it, so it is 0600 whether or not it existed;
- a character device (``/dev/null``, a terminal) or a named pipe is written through:
  opened and written, never renamed over and never chmod'd (a pipe nobody reads is
  refused at once instead of waiting for ever);
- a folder, a disk device, a socket, a symlink loop or a missing folder is refused, and
  so is an existing file that is read-only (someone made it so to keep it);
- a symlink is followed, and the message says where the file really goes;
- the group file, its lock, its temp files, anything in its ``backups`` folder and
  anything in coordinator's own data folder (except the ``reports`` folder made for
  reports) is refused, compared by resolved path and by inode, so no spelling of the
  path gets through; so is any existing file that reads as a group file.

Every refusal is an :class:`OutputRefused` whose message names the path and says why.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from coordinator import paths
from coordinator.store.durable import atomic_write
from coordinator.store.jsonfile import loads
from coordinator.user_text import visible

REPORTS_FOLDER = "reports"
_BACKUPS = "backups"


class OutputRefused(Exception):
    """A path we will not write to; ``str()`` says which and why, in plain words."""


class Kind(StrEnum):
    STDOUT = "stdout"
    FILE = "file"  # a regular file, new or existing: written atomically, 0600
    DEVICE = "device"  # a character device or a named pipe: written through


class OutputTarget(NamedTuple):
    """Where an output really goes. ``path`` is what was asked for; ``real`` the file
    written (symlinks followed); ``note`` says so when they differ."""

    kind: Kind
    path: Path | None = None
    real: Path | None = None
    note: str | None = None

    @property
    def shown(self) -> str:
        return "standard output" if self.real is None else show(self.real)


def show(path: Path | str) -> str:
    """A path for a message: control characters made visible. Shown whole up to 400
    characters (the coordinator needs the whole path to find the file); only a freak
    path longer than that is cut in the middle."""
    text = visible(str(path))
    return text if len(text) <= 400 else text[:300] + "…" + text[-99:]


def _stat(path: Path) -> os.stat_result | None:
    """``os.stat`` (links followed), None if nothing is there."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _same(a: os.stat_result | None, b: os.stat_result | None) -> bool:
    return a is not None and b is not None and (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _protected(db: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """(files, folders, allowed folders): what the group at ``db`` and coordinator's own
    data folder must never have written over, and the exception (its reports folder)."""
    real_db = Path(os.path.realpath(db))
    files = [real_db, real_db.with_name(real_db.name + ".lock")]
    folders = [real_db.parent / _BACKUPS]
    allowed: list[Path] = []
    with contextlib.suppress(OSError, ValueError, RuntimeError):
        home = Path(os.path.realpath(paths.data_folder()))
        folders.append(home)
        allowed.append(home / REPORTS_FOLDER)
    return files, folders, allowed


def check_output(target: str | os.PathLike[str], db: Path, *, what: str = "Output") -> OutputTarget:
    """Where ``target`` may be written, or :class:`OutputRefused` saying why not.

    ``db`` is the group file in use; ``what`` names the output in messages ("Output",
    "Bundle", "Save to")."""
    raw = os.fspath(target)
    if raw == "-":
        _refuse_redirected_stdout(db, what)
        return OutputTarget(Kind.STDOUT)
    if not raw or "\0" in raw:
        raise OutputRefused(
            f"{what}: that path cannot be used (it is empty or holds a character not allowed)."
        )
    asked = Path(raw).expanduser()
    named = show(asked)
    try:
        if asked.is_symlink():
            os.stat(asked)  # raises on a loop or a link to nowhere's missing folder
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OutputRefused(
                f"{what}: {named} is a symbolic link that points round in a loop; "
                "choose another file."
            ) from None
        if not isinstance(error, FileNotFoundError):
            raise OutputRefused(f"{what}: {named} cannot be used: {error.strerror}.") from None
    try:
        real = Path(os.path.realpath(asked))
        info = _stat(real)
        if info is None and asked.is_symlink():
            # ``/dev/stdout`` into a pipe: the link goes to ``/proc/…/fd/pipe:[…]``, a
            # name that is not in any folder, yet the kernel opens it. Write through it.
            opened = _stat(asked)
            if opened is not None and (
                stat.S_ISFIFO(opened.st_mode) or stat.S_ISCHR(opened.st_mode)
            ):
                return OutputTarget(Kind.DEVICE, asked, asked, None)
        parent_info = _stat(real.parent)
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or str(error)
        raise OutputRefused(f"{what}: {named} cannot be used: {why}.") from None
    note = None
    if real != Path(os.path.abspath(asked)) and asked.is_symlink():
        note = f"{named} is a link to {show(real)}; writing there."
    shown = show(real)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"{what}: {named} is a folder; add a file name.")
    _refuse_protected(real, info, db, what, named, shown)
    if parent_info is None or not stat.S_ISDIR(parent_info.st_mode):
        raise OutputRefused(
            f"{what}: the folder {show(real.parent)} does not exist; create it or choose another."
        )
    if info is not None and stat.S_ISREG(info.st_mode) and not _writable(real, info):
        # Replacing it through a temp file would succeed (the folder is writable), but
        # someone made this file read-only to keep it as it is.
        raise OutputRefused(
            f"{what}: {shown} is read-only (permissions {stat.S_IMODE(info.st_mode):04o}); "
            "choose another file, or allow writing to it first. Nothing was written."
        )
    if info is None or stat.S_ISREG(info.st_mode):
        return OutputTarget(Kind.FILE, asked, real, note)
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return OutputTarget(Kind.DEVICE, asked, real, note)
    kind = "a disk device" if stat.S_ISBLK(info.st_mode) else "not a regular file"
    raise OutputRefused(f"{what}: {shown} is {kind}; choose an ordinary file.")


def _writable(real: Path, info: os.stat_result) -> bool:
    """May we write to the existing file at ``real``: its owner's write bit (a file made
    read-only, even by its owner), then the system's say for this user."""
    if os.name == "posix" and info.st_uid == os.geteuid() and not info.st_mode & stat.S_IWUSR:
        return False
    return os.access(real, os.W_OK)


def _refuse_redirected_stdout(db: Path, what: str) -> None:
    """``-`` writes to standard output, which the shell may have pointed at the group
    file, its lock, a backup or any file of ours (``-o - >> group.json``): the same
    refusals as for a path."""
    try:
        info = os.fstat(1)
    except OSError:
        return  # no standard output: writing will say so
    if not stat.S_ISREG(info.st_mode):
        return  # a terminal or a pipe
    files, _folders, _allowed = _protected(db)
    if any(_same(info, _stat(protected)) for protected in files):
        raise OutputRefused(
            f"{what}: standard output goes to the group file (or its lock); writing there "
            "would destroy it. Nothing was written."
        )
    try:  # where the shell sent it (Linux and most unixes name it under /proc or /dev/fd)
        real = Path(os.path.realpath(os.readlink("/proc/self/fd/1")))
    except OSError:
        return
    if _same(info, _stat(real)):
        _refuse_protected(
            real, info, db, what, "standard output", f"standard output ({show(real)})"
        )


def _refuse_protected(
    real: Path, info: os.stat_result | None, db: Path, what: str, named: str, shown: str
) -> None:
    files, folders, allowed = _protected(db)
    for protected in files:
        if real == protected or _same(info, _stat(protected)):
            thing = "the group file itself" if protected == files[0] else "the group file's lock"
            raise OutputRefused(
                f"{what}: {named} is {thing}; writing there would destroy it. "
                "Choose another file. Nothing was written."
            )
    temp = f".{files[0].name}."
    if real.parent == files[0].parent and real.name.startswith(temp) and real.name.endswith(".tmp"):
        raise OutputRefused(f"{what}: {named} is a temp file of the group file; choose another.")
    for folder in folders:
        if _inside(real, folder) and not any(_inside(real, ok) for ok in allowed):
            place = "the backups folder" if folder.name == _BACKUPS else "coordinator's data folder"
            raise OutputRefused(
                f"{what}: {shown} is in {place}, which holds the group's own files; "
                "choose a file somewhere else. Nothing was written."
            )
    if info is not None and stat.S_ISREG(info.st_mode):
        kind = _ours(real, info)
        if kind is not None and not (kind == "bundle" and what == "Bundle"):
            thing = "an exported bundle" if kind == "bundle" else "a coordinator group file"
            raise OutputRefused(
                f"{what}: {named} is {thing} (or part of one); writing there would destroy "
                "it. Choose another file. Nothing was written."
            )


# What the start of one of our files holds: a group file's tables, or a bundle's marker.
_OUR_MARKERS = (
    b'"coordinator-bundle"',
    b'"schema_version"',
    b'"meta"',
    b'"members"',
    b'"meetings"',
    b'"venues"',
    b'"contacts"',
)


def _ours(real: Path, info: os.stat_result) -> str | None:
    """Is the existing file at ``real`` one of ours: "group" (a group file, damaged,
    cut short or from a newer version included), "bundle" (an exported bundle that reads
    whole), or None. Judged from its start, so a file we cannot read is still protected:
    it may be the only copy of a group."""
    try:
        with real.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return None
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not start.startswith(b"{") or not any(marker in head for marker in _OUR_MARKERS):
        return None
    if b'"coordinator-bundle"' in head and _whole_bundle(real, info):
        return "bundle"
    return "group"


def _whole_bundle(real: Path, info: os.stat_result) -> bool:
    """Does ``real`` read whole as an exported bundle (one that export may replace)?"""
    if info.st_size > 64 * 1024 * 1024:
        return False
    try:
        data = loads(real.read_bytes())
    except (OSError, ValueError, RecursionError, MemoryError):
        return False
    return isinstance(data, dict) and data.get("format") == "coordinator-bundle"


def write_output(target: OutputTarget, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) where ``target`` says. Raises :class:`OSError` when
    the system refuses (disk full, no permission); a regular file is then left as it
    was."""
    body = data.encode("utf-8") if isinstance(data, str) else data
    if target.kind is Kind.STDOUT:
        import sys

        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    assert target.real is not None
    if target.kind is Kind.FILE:
        atomic_write(target.real, body)
        return
    _write_through(target.real, body)


def _write_through(real: Path, body: bytes) -> None:
    """Write to a device or a named pipe as it is: no temp file, no rename, no chmod. A
    pipe with no reader is refused at once (ENXIO) instead of waiting for one."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(real, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "nothing is reading from that pipe") from None
        raise
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        view = memoryview(body)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


def save(target: str | os.PathLike[str], db: Path, data: bytes | str, *, what: str) -> OutputTarget:
    """:func:`check_output` then :func:`write_output`; every problem an
    :class:`OutputRefused` with a message (the system's refusals included)."""
    checked = check_output(target, db, what=what)
    try:
        write_output(checked, data)
    except OSError as error:
        why = error.strerror or str(error)
        raise OutputRefused(
            f"{what}: could not write {checked.shown}: {why}. Nothing was written."
        ) from None
    return checked
