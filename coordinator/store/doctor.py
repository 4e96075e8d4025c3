"""``coordinator doctor``: look the group file over and say what was found, in plain words.

Only reads, unless asked to fix the two things that are safe to fix: file modes that let
others read the data, and temp files an interrupted save left behind. Everything else
(a damaged file, broken references) is reported with what to do about it.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from coordinator.clock import Clock
from coordinator.model import GroupData, MeetingStatus, MemberStatus
from coordinator.store.repository import (
    SCHEMA_VERSION,
    Backup,
    Store,
    StoreError,
    all_orphan_temp_files,
    backup_folder,
    list_backups,
    lock_is_held,
    lock_path,
    read_raw,
    schema_version,
)
from coordinator.user_text import plural

# A backup older than this is worth a mention (the file has not changed for a while, or
# backups have stopped being taken).
STALE_BACKUP_DAYS = 31


class Level(StrEnum):
    OK = "ok"
    NOTE = "note"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Finding:
    level: Level
    text: str


def examine(path: Path, clock: Clock, *, fix: bool = False) -> list[Finding]:
    """Check the group file at ``path`` and everything around it."""
    found: list[Finding] = []
    backups = list_backups(path)
    if not path.exists():
        if backups:
            found.append(
                _problem(
                    f"There is no group file at {path}, but {plural(len(backups), 'backup')} "
                    f"of it {'exists' if len(backups) == 1 else 'exist'}. "
                    "`coordinator restore` lists them and puts one back."
                )
            )
        else:
            found.append(
                _problem(
                    f"There is no group file at {path} yet. Run `coordinator` to set up your "
                    "group, or `coordinator import FILE` to load a bundle."
                )
            )
        return found
    found.append(Finding(Level.OK, f"The group file is at {path}."))
    found += _check_shapes(path)
    found += _check_modes(path, backups, fix=fix)
    locked = lock_is_held(path)
    found += _check_content(path, clock)
    if locked:
        found.append(
            Finding(
                Level.NOTE,
                "Another coordinator window has the file open right now (that is fine; "
                "these checks only read).",
            )
        )
    else:
        found.append(Finding(Level.OK, "No other window has the file open."))
    found += _check_temp_files(path, fix=fix and not locked)
    found += _check_backups(backups, clock.now().date())
    return found


def _problem(text: str) -> Finding:
    return Finding(Level.PROBLEM, text)


def _check_shapes(path: Path) -> list[Finding]:
    """The files beside the group file are what they should be: the lock a file, the
    backups folder a folder, the group file itself writable by its owner."""
    found = []
    lock = lock_path(path)
    if lock.is_symlink() or (lock.exists() and not lock.is_file()):
        found.append(
            _problem(
                f"{lock} should be a small lock file but is "
                f"{'a link' if lock.is_symlink() else 'a folder or something else'}, so the "
                "group cannot be changed. Move it aside (it holds nothing of the group's)."
            )
        )
    folder = backup_folder(path)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        found.append(
            _problem(
                f"{folder} should be the backups folder but is "
                f"{'a link' if folder.is_symlink() else 'a file'}, so no backup can be taken "
                "(and changes fail, since one is taken first each day). Move it aside."
            )
        )
    try:
        mode = path.stat().st_mode
    except OSError:
        return found
    if sys.platform != "win32" and not mode & stat.S_IWUSR:
        found.append(
            Finding(
                Level.NOTE,
                f"The group file is read-only (permissions {stat.S_IMODE(mode):04o}), so "
                "coordinator only shows it. `chmod u+w` on it allows changes again.",
            )
        )
    return found


def _check_modes(path: Path, backups: list[Backup], *, fix: bool) -> list[Finding]:
    """Only the owner may read the data: files 0600, folders 0700."""
    if sys.platform == "win32":
        return [Finding(Level.NOTE, "File permissions are not checked on Windows.")]
    wanted: list[tuple[Path, int, str]] = [
        (path.parent, 0o700, "The data folder"),
        (path, 0o600, "The group file"),
        (lock_path(path), 0o600, "The lock file"),
        (backup_folder(path), 0o700, "The backups folder"),
    ]
    wanted += [(b.path, 0o600, f"Backup {b.path.name}") for b in backups]
    found = []
    for target, mode, label in wanted:
        try:
            info = target.lstat()  # never through a link: --fix must not chmod its target
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode):
            if target != path.parent:
                found.append(
                    Finding(
                        Level.NOTE,
                        f"{label} is a link; its permissions are not checked or changed "
                        "(doctor never follows links).",
                    )
                )
            continue
        is_folder = stat.S_ISDIR(info.st_mode)
        if is_folder != (mode == 0o700) or not (is_folder or stat.S_ISREG(info.st_mode)):
            continue  # the wrong kind of thing: said by _check_shapes
        actual = stat.S_IMODE(info.st_mode)
        if target == path and not actual & stat.S_IWUSR:
            mode = 0o400  # read-only on purpose (_check_shapes says so): kept read-only
        if actual == mode:
            continue
        what = f"{label} has permissions {actual:04o}; it should be {mode:04o} (owner only)"
        if is_folder and actual & stat.S_ISVTX:
            # A shared folder such as /tmp: never ours to lock down.
            found.append(
                _problem(
                    f"The group file is in a shared folder ({target}) that others can use. "
                    "Move it to a private folder (the default location is one)."
                )
            )
            continue
        if fix:
            try:
                _chmod_no_follow(target, mode)
            except OSError as error:
                found.append(_problem(f"{what}, and it could not be fixed: {error.strerror}."))
            else:
                found.append(Finding(Level.OK, f"Fixed: {what}."))
            continue
        found.append(_problem(f"{what}. `coordinator doctor --fix` sets it."))
    if not found:
        found.append(Finding(Level.OK, "Only you can read the file, its folder and backups."))
    return found


def _chmod_no_follow(target: Path, mode: int) -> None:
    """chmod ``target`` itself, never what a link points at: opened without following
    links (a link is refused by the system), checked to be what was looked at, then
    changed through the open file."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(target, flags)
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            raise OSError(errno.EINVAL, "it is not an ordinary file or folder")
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def _check_content(path: Path, clock: Clock) -> list[Finding]:
    try:
        raw = read_raw(path)
    except StoreError as error:
        return [_problem(f"{error} Restore a backup with `coordinator restore`.")]
    assert raw is not None
    found = []
    version = schema_version(raw)
    if version == SCHEMA_VERSION:
        found.append(Finding(Level.OK, f"The file is in the current format (version {version})."))
    else:
        found.append(
            Finding(
                Level.NOTE,
                f"The file is in an older format (version {version}); it is upgraded the "
                "next time the group is opened, after a backup.",
            )
        )
    try:
        with Store.open(path, clock, read_only=True) as store:
            data = store.load()
    except StoreError as error:
        return [*found, _problem(f"{error} Restore a backup with `coordinator restore`.")]
    found.append(Finding(Level.OK, _counts(data)))
    groups = raw.get("group")
    if isinstance(groups, dict) and len(groups) > 1:
        # The app reads the first and the next save of the group details keeps only it.
        found.append(
            _problem(
                f"The file holds {len(groups)} group records; only the first is used, and "
                "the next change to the group's details keeps only that one. Restore a "
                "backup with `coordinator restore` if the other is the right one."
            )
        )
    found += _check_references(data)
    return found


def _counts(data: GroupData) -> str:
    statuses = Counter(m.status for m in data.members)
    kinds = Counter(m.status for m in data.meetings)
    marks = sum(len(m.attendance) for m in data.meetings)
    group = data.group.name if data.group else "(group not set up yet)"
    return (
        f"{group}: {plural(len(data.members), 'member')} "
        f"({statuses[MemberStatus.ACTIVE]} active, "
        f"{statuses[MemberStatus.PAUSED]} paused, {statuses[MemberStatus.LEFT]} left), "
        f"{plural(len(data.venues), 'venue')}, {plural(len(data.meetings), 'meeting')} "
        f"({kinds[MeetingStatus.HELD]} held, {kinds[MeetingStatus.PLANNED]} planned, "
        f"{kinds[MeetingStatus.CANCELLED]} cancelled), {plural(marks, 'attendance mark')}, "
        f"{plural(len(data.contacts), 'outreach note')}."
    )


def _check_references(data: GroupData) -> list[Finding]:
    """Every id a record points at should exist, and ids should be unique."""
    found = []
    members = {m.id for m in data.members}
    venues = {v.id for v in data.venues}
    for kind, ids in (
        ("member", [m.id for m in data.members]),
        ("venue", [v.id for v in data.venues]),
        ("meeting", [m.id for m in data.meetings]),
        ("outreach note", [c.id for c in data.contacts]),
    ):
        twice = sorted(i for i, n in Counter(ids).items() if n > 1)
        if twice:
            found.append(_problem(f"More than one {kind} has the id {', '.join(twice)}."))
    stray_marks = [
        (meeting.id, member_id)
        for meeting in data.meetings
        for member_id in meeting.attendance
        if member_id not in members
    ]
    if stray_marks:
        meetings = sorted({m for m, _ in stray_marks})
        found.append(
            _problem(
                f"{plural(len(stray_marks), 'attendance mark')} "
                f"{'is' if len(stray_marks) == 1 else 'are'} for people not on the roster "
                f"(in meetings {', '.join(meetings[:5])}{' ...' if len(meetings) > 5 else ''})."
            )
        )
    lost_venues = [m.id for m in data.meetings if m.venue_id and m.venue_id not in venues]
    if lost_venues:
        found.append(
            _problem(
                f"{plural(len(lost_venues), 'meeting')} "
                f"{'names' if len(lost_venues) == 1 else 'name'} a venue that is not in the list: "
                f"{', '.join(lost_venues[:5])}{' ...' if len(lost_venues) > 5 else ''}."
            )
        )
    lost_notes = [c.id for c in data.contacts if c.member_id not in members]
    if lost_notes:
        found.append(
            _problem(
                f"{plural(len(lost_notes), 'outreach note')} "
                f"{'is' if len(lost_notes) == 1 else 'are'} about people not on the roster."
            )
        )
    group = data.group
    if group is not None and group.default_venue_id and group.default_venue_id not in venues:
        found.append(_problem("The group's usual venue is not in the list of venues."))
    if group is not None and group.deputy_member_id and group.deputy_member_id not in members:
        found.append(_problem("The group's deputy is not on the roster."))
    if not found:
        found.append(Finding(Level.OK, "Every mark, meeting and note points at a real record."))
    return found


def _check_temp_files(path: Path, *, fix: bool) -> list[Finding]:
    orphans = all_orphan_temp_files(path)
    if not orphans:
        return []
    if fix:
        for orphan in orphans:
            orphan.unlink(missing_ok=True)  # unlink never follows a link
        return [
            Finding(
                Level.OK,
                f"Fixed: removed {plural(len(orphans), 'temp file')} left by an "
                "interrupted save (they never held the only copy of anything).",
            )
        ]
    return [
        Finding(
            Level.NOTE,
            f"{plural(len(orphans), 'temp file')} {'was' if len(orphans) == 1 else 'were'} "
            f"left by an interrupted save; {'it is' if len(orphans) == 1 else 'they are'} "
            "removed the next time the group is opened (or now, with --fix).",
        )
    ]


def _check_backups(backups: list[Backup], today: date) -> list[Finding]:
    if not backups:
        return [
            Finding(
                Level.NOTE,
                "There are no backups yet. One is taken before the first change of each day; "
                "`coordinator backup` takes one now.",
            )
        ]
    newest = backups[0]
    age = (today - newest.taken_on).days
    found = [
        Finding(
            Level.OK,
            f"{plural(len(backups), 'backup')}; the newest is from {newest.taken_on.isoformat()} "
            f"({_days(age)}), the oldest from {backups[-1].taken_on.isoformat()}.",
        )
    ]
    if age > STALE_BACKUP_DAYS:
        found.append(
            Finding(
                Level.NOTE,
                f"The newest backup is {age} days old. That is fine if nothing has changed "
                "since; `coordinator backup` takes a fresh one.",
            )
        )
    broken = []
    for backup in backups:
        try:
            read_raw(backup.path)
        except StoreError:
            broken.append(backup.path.name)
    if broken:
        found.append(
            Finding(
                Level.NOTE,
                f"{plural(len(broken), 'backup')} {'does' if len(broken) == 1 else 'do'} "
                "not read and could not be restored: "
                f"{', '.join(broken)}.",
            )
        )
    return found


def _days(age: int) -> str:
    if age <= 0:
        return "today"
    return "yesterday" if age == 1 else f"{age} days ago"
