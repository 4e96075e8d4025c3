"""Backups of the group file: a copy before the first change of each day, and by hand,
before a restore or before a migration; kept in ``backups/`` beside the file (0600),
rotated so old data does not linger for ever (see docs/reliability.md)."""

from __future__ import annotations

import contextlib
import errno
import re
import stat
from datetime import date
from pathlib import Path
from typing import NamedTuple

from coordinator.store.durable import (
    atomic_write,
    make_private_folder,
    orphan_temp_files,
    remove_files,
)

_KEEP_DAILY = 14
_KEEP_MONTHLY = 12
_KEEP_SPECIAL = 5
BACKUP_DIR = "backups"


class Backup(NamedTuple):
    """One backup file, and the day and occasion it was taken."""

    path: Path
    taken_on: date
    kind: str  # "daily", "pre-restore", "pre-migration", "pre-import", "manual"

    @property
    def label(self) -> str:
        return f"{self.taken_on.isoformat()} ({self.kind})"


_BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)\.(?P<day>\d{4}-\d{2}-\d{2})(?:\.(?P<kind>[a-z-]+))?"
    r"(?:\.(?P<n>\d+))?\.json\Z"
)


def backup_folder(path: Path) -> Path:
    return path.parent / BACKUP_DIR


def is_backup(path: Path) -> bool:
    """Is ``path`` one of our backups (named as we name them, in a backups folder)?"""
    return path.parent.name == BACKUP_DIR and _BACKUP_NAME.match(path.name) is not None


def list_backups(path: Path) -> list[Backup]:
    """Backups of the group file at ``path``, newest first."""
    folder = backup_folder(path)
    found = []
    with contextlib.suppress(OSError):
        for candidate in folder.iterdir():
            m = _BACKUP_NAME.match(candidate.name)
            if not m or m["stem"] != path.stem:
                continue
            try:
                day = date.fromisoformat(m["day"])
            except ValueError:
                continue
            found.append(Backup(candidate, day, m["kind"] or "daily"))
    return sorted(found, key=lambda b: (b.taken_on, _mtime(b.path)), reverse=True)


def _mtime(path: Path) -> int:
    """When ``path`` was written (0 if it vanished meanwhile: another window rotating)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def take_backup(path: Path, day: date, kind: str = "daily") -> Path | None:
    """Copy the group file into the backups folder (0600). None if there is no file."""
    if not path.exists():
        return None
    folder = backup_folder(path)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(
            errno.ENOTDIR,
            f"{folder} is a file, not the backups folder; move it aside so backups can be kept",
        )
    make_private_folder(folder)
    suffix = "" if kind == "daily" else f".{kind}"
    target = folder / f"{path.stem}.{day.isoformat()}{suffix}.json"
    n = 1
    while kind != "daily" and target.exists():
        n += 1
        target = folder / f"{path.stem}.{day.isoformat()}{suffix}.{n}.json"
    atomic_write(target, path.read_bytes())
    rotate_backups(path, made=target)  # after every backup, so only the promised ones stay
    return target


def orphan_backup_temp_files(path: Path) -> list[Path]:
    """Temp copies an interrupted backup left in the backups folder: only ours (the
    atomic writer's name for one of this file's backups) and only ordinary files."""
    folder = backup_folder(path)
    found = []
    with contextlib.suppress(OSError):
        for candidate in folder.iterdir():
            m = _TEMP_NAME.match(candidate.name)
            if not m:
                continue
            inner = _BACKUP_NAME.match(m["inner"])
            if inner and inner["stem"] == path.stem and _plain_file(candidate):
                found.append(candidate)
    return found


_TEMP_NAME = re.compile(r"^\.(?P<inner>.+)\.[0-9a-f]{12}\.tmp\Z")


def _plain_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def all_orphan_temp_files(path: Path) -> list[Path]:
    """Every temp file an interrupted save or backup of ``path`` left behind."""
    return orphan_temp_files(path) + orphan_backup_temp_files(path)


def clean_all_orphan_temp_files(path: Path) -> list[Path]:
    """Remove what :func:`all_orphan_temp_files` finds; returns what was removed."""
    return remove_files(all_orphan_temp_files(path))


def rotate_backups(path: Path, made: Path | None = None) -> list[Path]:
    """Keep the last 14 daily backups and the earliest of each of the last 12 months,
    plus the last 5 of each special kind, and always ``made`` (the backup just taken:
    backups dated later than today, from a clock that was wrong or copied in by hand,
    sort as newer and must never push out the copy of the file as it is now).
    Returns what was removed."""
    keep: set[Path] = set() if made is None else {made}
    by_kind: dict[str, list[Backup]] = {}
    for backup in list_backups(path):
        by_kind.setdefault(backup.kind, []).append(backup)
    daily = by_kind.pop("daily", [])
    keep.update(b.path for b in daily[:_KEEP_DAILY])
    months: dict[tuple[int, int], Backup] = {}
    for backup in daily:  # newest first, so the last seen per month is its earliest
        months[(backup.taken_on.year, backup.taken_on.month)] = backup
    for key in sorted(months, reverse=True)[:_KEEP_MONTHLY]:
        keep.add(months[key].path)
    for backups in by_kind.values():
        keep.update(b.path for b in backups[:_KEEP_SPECIAL])
    removed = []
    for backup in daily + [b for bs in by_kind.values() for b in bs]:
        if backup.path not in keep:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed
