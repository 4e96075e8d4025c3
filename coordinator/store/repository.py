"""The group's records on disk: the :class:`Store` repository (reads, saves, batches,
the lock and the read-only second window, migrations, restore).

Durability rules (DESIGN.md §3):
- every change is written to a temporary file in the same folder, flushed, fsynced and
  renamed over the old file, then the folder is fsynced; a kill at any moment leaves
  either the old or the new file, both readable;
- one writer: a lock file; a second process opens read-only and says why;
- private: file and backups 0600, folder 0700;
- a backup before the first change of each day, rotated; a file we cannot read is
  never overwritten.

The Store keeps these rules and talks to its storage, :mod:`.storage` (the file's tables
in memory, changed through TinyDB: the only module importing it), through
:class:`~coordinator.store.storage.GroupFileTables`; the building blocks beside it:
:mod:`.file_format` (reading, checking and encoding the file's bytes), :mod:`.migrations`
(the schema version and forward migrations), :mod:`.errors` (what goes wrong, in words),
:mod:`.lockfile` (the one-writer lock), :mod:`.durable` (atomic, private writes) and
:mod:`.backups` (taking, listing and rotating backups). Their names are re-exported here
and from :mod:`coordinator.store`.

Documents are kept in the bundle's shape (:mod:`coordinator.store.codec`), one table per
kind of record. Attendance lives inside meeting documents. Records are read straight
from the parsed tables; TinyDB is imported and used for the first change (a read-only
command never needs it, and the app's first frame does not wait for it).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from coordinator.clock import Clock
from coordinator.model import (
    AttendanceMark,
    Group,
    GroupData,
    Meeting,
    Member,
    OutreachNote,
    ValidationError,
    Venue,
)
from coordinator.model.limits import quote
from coordinator.store import codec
from coordinator.store.backups import (
    BACKUP_DIR as BACKUP_DIR,
    Backup as Backup,
    all_orphan_temp_files as all_orphan_temp_files,
    backup_folder as backup_folder,
    clean_all_orphan_temp_files as clean_all_orphan_temp_files,
    is_backup,
    list_backups as list_backups,
    rotate_backups as rotate_backups,
    take_backup as take_backup,
)
from coordinator.store.durable import (
    atomic_write as atomic_write,
    clean_orphan_temp_files as clean_orphan_temp_files,
    fsync_folder as fsync_folder,
    make_private_folder as make_private_folder,
    orphan_temp_files as orphan_temp_files,
)
from coordinator.store.errors import (
    ReadOnlyError as ReadOnlyError,
    SaveFailedError as SaveFailedError,
    StoreError as StoreError,
    UnreadableFileError as UnreadableFileError,
)
from coordinator.store.file_format import (
    MAX_FILE_BYTES as MAX_FILE_BYTES,
    TABLES as TABLES,
    _shown,
    collecting_later as collecting_later,
    encode as encode,
    parse_raw as parse_raw,
    read_bytes as read_bytes,
    read_raw as read_raw,
    schema_version as schema_version,
)
from coordinator.store.lockfile import (
    FileLock,
    LockHeld,
    _lock_problem,
    holding_lock as holding_lock,
    lock_is_held as lock_is_held,
    lock_path as lock_path,
)
from coordinator.store.migrations import (
    MIGRATIONS as MIGRATIONS,
    SCHEMA_VERSION as SCHEMA_VERSION,
)
from coordinator.store.storage import GroupFileTables


def _without_member(value: Any, member_id: str) -> Any:
    """A settings value with ``member_id`` gone wherever it stands as a key or a list
    item (the best-time tally's replies are keyed by member id), so an erased person
    leaves nothing behind in work in progress either."""
    if isinstance(value, dict):
        return {
            key: _without_member(item, member_id) for key, item in value.items() if key != member_id
        }
    if isinstance(value, list):
        return [_without_member(item, member_id) for item in value if item != member_id]
    return value


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is written (an atomic write replaces it: a new inode)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def _explain_os_error(error: OSError, path: Path) -> str:
    what = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission was denied",
        errno.EPERM: "permission was denied",
        errno.ENOENT: "its folder has gone",
    }.get(error.errno or 0, error.strerror or str(error))
    return (
        f"Could not save to {path}: {what}. The file still holds what was saved before; "
        "free some space or fix the folder, then try again."
    )


# --- restoring a backup ---------------------------------------------------------------


def check_restorable(backup: Path, clock: Clock) -> bytes:
    """The bytes of ``backup`` when it can be restored: it reads whole and holds a group
    (an empty JSON object reads as a new, empty group file: restoring it would leave the
    coordinator with nothing on screen); else :class:`UnreadableFileError` saying why."""
    content = read_bytes(backup)
    if content is None:
        raise UnreadableFileError(f"{backup} does not exist.")
    with Store.open(backup, clock, read_only=True) as check:
        held = check.load()
    if not held.holds_anything():
        raise UnreadableFileError(
            f"{_shown(backup)} holds no group: there is nothing in it to restore."
        )
    return content


def restore_backup(path: Path, backup: Path, clock: Clock) -> Path | None:
    """Put ``backup`` in place of the group file at ``path``.

    The backup is checked first (every record must read; a backup that does not is
    refused with :class:`UnreadableFileError`), the current file is kept as a
    ``pre-restore`` backup (even if it is damaged), then the backup's bytes are
    written atomically. Returns the pre-restore backup, or None if there was no file.
    """
    content = check_restorable(backup, clock)
    protected = _write_protected(path)
    if protected:
        raise ReadOnlyError(protected)
    with holding_lock(path):
        try:
            kept = take_backup(path, clock.now().date(), kind="pre-restore")
            atomic_write(path, content)
        except OSError as error:
            raise SaveFailedError(_explain_os_error(error, path)) from None
        rotate_backups(path, made=kept)
    return kept


# --- the repository -----------------------------------------------------------------


def _write_protected(path: Path) -> str | None:
    """Why the group file at ``path`` must not be changed, if its owner made it read-only
    (``chmod 400``): a coordinator who does that wants it kept as it is, so the window
    only shows it, rather than replacing it with a writable copy on the next save."""
    if is_backup(path):
        return (
            f"{_shown(path)} is a backup, so this window only shows it: a backup is never "
            "changed. To go back to it, open the group file and use `coordinator restore`."
        )
    if sys.platform == "win32":
        return None
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_mode & stat.S_IWUSR:
        return None
    shown = _shown(path)
    return (
        f"The group file {shown} is read-only (permissions {stat.S_IMODE(info.st_mode):04o}), "
        "so this window only shows it. To make changes, allow writing to it "
        f"(`chmod u+w {shown}`) and open it again."
    )


def new_id(prefix: str) -> str:
    """A fresh id that is never reused, so calendar UIDs stay unique forever."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


class Store:
    """The group's records, read and written as model objects.

    Open with :meth:`open`; use as a context manager or call :meth:`close`. Every
    ``save_*`` is on disk when it returns, or raises a :class:`StoreError`.
    """

    def __init__(self, path: Path, clock: Clock, *, read_only: bool = False) -> None:
        # A link to the group file: the real file is the one saved (replaced atomically
        # where it is), and its lock and backups live beside it, so the link stays good.
        with contextlib.suppress(OSError, ValueError):
            if path.is_symlink():
                path = Path(os.path.realpath(path))
        self.path = path
        self.clock = clock
        self.read_only = read_only
        self.read_only_reason: str | None = "Opened read-only." if read_only else None
        # Asked for read-only (a viewer): never takes the lock over later.
        self.asked_read_only = read_only
        self._lock: FileLock | None = None
        self._backed_up_on: date | None = None
        self._data: GroupData | None = None
        if not read_only:
            self._acquire_lock()
        self._tables = GroupFileTables(
            self.path, read_only=self.read_only, write_file=self._write_file
        )
        # The file as this window last read it (see follow_file).
        self._file_stamp = _file_stamp(self.path)
        try:
            if not self.read_only:
                clean_all_orphan_temp_files(self.path)
            raw = self._tables.read()
            if raw is not None and schema_version(raw) < SCHEMA_VERSION and not self.read_only:
                self._migrate(raw)
            self.load()
        except BaseException:
            self.close()
            raise

    @classmethod
    def open(cls, path: Path, clock: Clock, *, read_only: bool = False) -> Store:
        return cls(path, clock, read_only=read_only)

    def _acquire_lock(self) -> None:
        protected = _write_protected(self.path)
        if protected:
            self._go_read_only(protected)
            return
        try:
            make_private_folder(self.path.parent)
        except OSError as error:
            self._go_read_only(f"The folder {self.path.parent} cannot be used: {error.strerror}.")
            return
        lock = FileLock(lock_path(self.path))
        try:
            lock.acquire()
        except LockHeld:
            self._go_read_only(
                "Another coordinator window has this group open, so this one is read-only. "
                "Close the other window to make changes here."
            )
            return
        except OSError as error:
            self._go_read_only(
                f"{_lock_problem(self.path, error)} This window is read-only: nothing can be "
                "saved until that is fixed."
                if lock_path(self.path).is_dir()
                else f"The folder {self.path.parent} cannot be written ({error.strerror}), so "
                "this window is read-only: nothing can be saved until that is fixed."
            )
            return
        self._lock = lock

    def try_take_over(self) -> bool:
        """Become writable if the window that held the lock has closed.

        Takes the lock without waiting; on success the file is read again from disk
        (the other window may have changed it) and this store can save. Returns whether
        it is writable now. A store opened read-only on purpose stays read-only."""
        if not self.read_only:
            return True
        if self.asked_read_only:
            return False
        self._acquire_lock()
        if self._lock is None:
            return False
        tables = self._tables
        was_reason = self.read_only_reason
        self.read_only = False
        self.read_only_reason = None
        tables.read_only = False
        tables.unload()
        self._data = None
        try:
            clean_all_orphan_temp_files(self.path)
            raw = tables.read_again()
            if raw is not None and schema_version(raw) < SCHEMA_VERSION:
                self._migrate(raw)
            self.load()
        except (StoreError, OSError) as error:
            # The file cannot be used here after all: let go of it and stay a viewer.
            self.close()
            self._go_read_only(str(error) or (was_reason or "This window is read-only."))
            tables.read_only = True
            tables.unload()
            self._data = None
            return False
        return True

    def follow_file(self) -> bool:
        """A read-only window: read the file again if another window has changed it
        since (its size, modification time or identity differ); returns whether the
        data changed. A file that cannot be read at this moment (a broken copy put in
        its place) is left for the next look: the window keeps what it showed."""
        if not self.read_only:
            return False
        stamp = _file_stamp(self.path)
        if stamp is None or stamp == self._file_stamp:
            return False
        kept_tables, kept_data = self._tables.held(), self._data
        self._data = None
        try:
            raw = self._tables.read_again()
            if raw is not None and schema_version(raw) > SCHEMA_VERSION:
                raise UnreadableFileError("written by a newer version")
            data = self.load()
        except (StoreError, OSError, ValueError):
            self._tables.put_back(kept_tables)
            self._data = kept_data
            return False
        self._file_stamp = stamp
        return data != kept_data

    def _go_read_only(self, reason: str) -> None:
        self.read_only = True
        self.read_only_reason = reason

    def close(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------

    def _before_write(self) -> None:
        """First change of the day: back up the file as it was, then rotate."""
        today = self.clock.now().date()
        if self._backed_up_on == today:
            return
        backups = list_backups(self.path)
        if not any(b.taken_on == today and b.kind == "daily" for b in backups):
            take_backup(self.path, today)  # which rotates, keeping the one it took
        self._backed_up_on = today

    def _write_file(self, tables: dict[str, Any]) -> bytes:
        """Write ``tables`` to the group file durably (the day's backup first) and return
        the bytes now on disk; any failure is a :class:`SaveFailedError` in words, and the
        file keeps what was saved before. The storage calls this for every write."""
        try:
            self._before_write()
            data = encode(tables)
            atomic_write(self.path, data)
        except OSError as error:
            raise SaveFailedError(_explain_os_error(error, self.path)) from None
        except (ValueError, TypeError, OverflowError, RecursionError, MemoryError) as error:
            # Something in the records could not be written (never expected: values are
            # checked on the way in). The file keeps what was saved before.
            raise SaveFailedError(
                f"Could not save to {_shown(self.path)}: the records could not be written "
                f"({type(error).__name__}). The file still holds what was saved before."
            ) from None
        return data

    def _migrate(self, raw: dict[str, Any]) -> None:
        """Bring an older file up to date: migrate in memory, check every record reads,
        back the file up as it was, then write. A file whose records do not read is
        refused before anything is written."""
        version = schema_version(raw)
        data = json.loads(json.dumps(raw))
        while version < SCHEMA_VERSION:
            data = MIGRATIONS[version](data)
            version += 1
        self._tables.stage(data)
        self._data = None
        self.load()
        today = self.clock.now().date()
        try:
            take_backup(self.path, today, kind="pre-migration")
        except OSError as error:
            raise SaveFailedError(_explain_os_error(error, self.path)) from None
        self._backed_up_on = today  # the pre-migration copy is today's backup
        self._tables.flush()

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(self.read_only_reason or "This window is read-only.")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Several changes written to disk once, together, or not at all."""
        self._check_writable()
        try:
            with self._tables.batch():
                yield
        finally:
            self._data = None

    def _upsert(self, table: str, doc: dict[str, Any]) -> None:
        self._check_writable()
        with self._tables.batch():
            self._tables.stamp_version()
            self._tables.upsert(table, doc)

    def _remove(self, table: str, record_id: str) -> None:
        self._check_writable()
        with self._tables.batch():
            self._tables.remove(table, "id", record_id)

    # -- reading ---------------------------------------------------------------------

    def load(self) -> GroupData:
        """Everything, as one object for the services. Cached until the next change."""
        if self._data is None:
            try:
                with collecting_later():
                    self._data = self._read_all()
            except ValidationError as error:
                raise UnreadableFileError(
                    f"{self.path} holds a record that is not valid ({error}). "
                    "It has not been changed."
                ) from None
            except (
                ValueError,
                TypeError,
                KeyError,
                AttributeError,
                OverflowError,
                RecursionError,
                MemoryError,
            ) as error:  # whatever else a hand-edited file provokes: a message, not a crash
                raise UnreadableFileError(
                    f"{self.path} holds something that cannot be read "
                    f"({type(error).__name__}). It has not been changed."
                ) from None
        return self._data

    def _zone(self, group: Group | None) -> ZoneInfo:
        return group.zone if group else ZoneInfo("Europe/London")

    def _read_all(self) -> GroupData:
        # The codec keeps nothing of the documents it reads, so they are not copied.
        group_docs = self._tables.docs("group")
        group = codec.group_from_doc(group_docs[0]) if group_docs else None
        zone = self._zone(group)
        data = GroupData(
            group=group,
            venues=tuple(codec.venue_from_doc(d) for d in self._tables.docs("venues")),
            members=tuple(codec.member_from_doc(d) for d in self._tables.docs("members")),
            meetings=tuple(codec.meeting_from_doc(d, zone) for d in self._tables.docs("meetings")),
            contacts=tuple(codec.contact_from_doc(d) for d in self._tables.docs("contacts")),
        )
        # A hand-edited file can hold two records with one id; every screen and command
        # finds records by id, so it is refused here with a message.
        for kind, records in (
            ("venue", data.venues),
            ("member", data.members),
            ("meeting", data.meetings),
            ("outreach note", data.contacts),
        ):
            ids = [r.id for r in records]
            if len(set(ids)) != len(ids):
                twice = next(i for n, i in enumerate(ids) if i in ids[:n])
                raise ValidationError("id", f"{quote(twice)} is used by more than one {kind}")
        return data

    def group(self) -> Group | None:
        return self.load().group

    def members(self) -> tuple[Member, ...]:
        return self.load().members

    def member(self, member_id: str) -> Member | None:
        return self.load().member(member_id)

    def venues(self) -> tuple[Venue, ...]:
        return self.load().venues

    def meetings(self) -> tuple[Meeting, ...]:
        return self.load().meetings

    def meeting(self, meeting_id: str) -> Meeting | None:
        return self.load().meeting(meeting_id)

    def contacts(self) -> tuple[OutreachNote, ...]:
        return self.load().contacts

    def settings(self) -> dict[str, Any]:
        docs = self._tables.docs("settings")
        return dict(docs[0]) if docs else {}

    # -- saving (each on disk when it returns) -----------------------------------------

    def save_group(self, group: Group) -> None:
        """Save the group's details. A change of timezone keeps meetings' wall times; as
        that moves every meeting in absolute time, their sequences are bumped so
        calendars that imported them update (one write)."""
        self._check_writable()
        old = self.load().group
        moved = old is not None and old.timezone != group.timezone
        with self._tables.batch():
            self._tables.stamp_version()
            self._tables.replace("group", [codec.group_to_doc(group)])
            if moved:
                self._bump(lambda meeting: True)
        self._data = None

    def save_venue(self, venue: Venue) -> None:
        """Save a venue. A new name or address changes the place in calendar invites, so
        meetings there get their sequence bumped (one write)."""
        old = self.load().venue(venue.id)
        place_changed = old is not None and (old.name, old.address) != (
            venue.name,
            venue.address,
        )
        if not place_changed:
            self._upsert("venues", codec.venue_to_doc(venue))
            self._replace_in_cache(venues=_swap(self.load().venues, venue))
            return
        with self.batch():
            self._tables.upsert("venues", codec.venue_to_doc(venue))
            self._bump(lambda meeting: meeting.venue_id == venue.id)

    def _bump(self, affected: Callable[[Meeting], bool]) -> None:
        """Raise the sequence of the meetings ``affected`` picks (inside a batch): their
        entry in calendars changed, whatever their status (DESIGN.md §5 rule 3)."""
        for meeting in self.load().meetings:
            if affected(meeting):
                self._write_meeting(replace(meeting, sequence=meeting.sequence + 1))

    def delete_venue(self, venue_id: str) -> None:
        """Remove a venue; meetings there keep its name as their one-off place, and as
        that changes their place in calendars, their sequence goes up."""
        data = self.load()
        venue = data.venue(venue_id)
        if venue is None:
            return
        with self.batch():
            for meeting in data.meetings:
                if meeting.venue_id == venue_id:
                    self._write_meeting(
                        replace(
                            meeting,
                            venue_id=None,
                            location=venue.name,
                            sequence=meeting.sequence + 1,
                        )
                    )
            self._tables.remove("venues", "id", venue_id)
            group = data.group
            if group is not None and group.default_venue_id == venue_id:
                no_venue = replace(group, default_venue_id=None)
                self._tables.replace("group", [codec.group_to_doc(no_venue)])

    def save_member(self, member: Member) -> None:
        self._upsert("members", codec.member_to_doc(member))
        self._replace_in_cache(members=_swap(self.load().members, member))

    def erase_member(self, member_id: str) -> None:
        """Remove a person entirely: their record, their marks and their outreach notes.

        Backups still hold them until ``coordinator backup --purge``."""
        data = self.load()
        with self.batch():
            self._tables.remove("members", "id", member_id)
            self._tables.remove("contacts", "member_id", member_id)
            for meeting in data.meetings:
                if member_id in meeting.attendance:
                    self._write_meeting(meeting.with_mark(member_id, None))
            group = data.group
            if group is not None and group.deputy_member_id == member_id:
                no_deputy = replace(group, deputy_member_id=None)
                self._tables.replace("group", [codec.group_to_doc(no_deputy)])
            settings = self.settings()
            scrubbed = _without_member(settings, member_id)
            if scrubbed != settings:
                self._tables.replace("settings", [scrubbed])

    def save_meeting(self, meeting: Meeting) -> Meeting:
        """Save a meeting. If its time, length, place or cancelled state changed from
        what is stored, its ``sequence`` is bumped (calendars need that to update).
        Returns the meeting as saved."""
        old = self.meeting(meeting.id)
        if old is not None and old.changed_for_calendars(meeting):
            meeting = replace(meeting, sequence=max(old.sequence, meeting.sequence) + 1)
        self._upsert("meetings", codec.meeting_to_doc(meeting))
        self._replace_in_cache(meetings=_swap(self.load().meetings, meeting))
        return meeting

    def _write_meeting(self, meeting: Meeting) -> None:
        self._tables.upsert("meetings", codec.meeting_to_doc(meeting))

    def delete_meeting(self, meeting_id: str) -> None:
        self._remove("meetings", meeting_id)
        data = self.load()
        self._replace_in_cache(meetings=tuple(m for m in data.meetings if m.id != meeting_id))

    def set_mark(self, meeting_id: str, member_id: str, mark: AttendanceMark | None) -> Meeting:
        """Record one attendance mark (None clears it back to unknown). Returns the
        meeting as saved."""
        meeting = self.meeting(meeting_id)
        if meeting is None:
            raise StoreError(f"There is no meeting {meeting_id}.")
        updated = meeting.with_mark(member_id, mark)
        self._upsert("meetings", codec.meeting_to_doc(updated))
        self._replace_in_cache(meetings=_swap(self.load().meetings, updated))
        return updated

    def save_contact(self, note: OutreachNote) -> None:
        self._upsert("contacts", codec.contact_to_doc(note))
        self._replace_in_cache(contacts=_swap(self.load().contacts, note))

    def delete_contact(self, contact_id: str) -> None:
        self._remove("contacts", contact_id)
        data = self.load()
        self._replace_in_cache(contacts=tuple(c for c in data.contacts if c.id != contact_id))

    def save_settings(self, settings: Mapping[str, Any]) -> None:
        self._check_writable()
        with self._tables.batch():
            self._tables.replace("settings", [dict(settings)])

    def replace_all(self, data: GroupData) -> None:
        """Replace every record with ``data`` in one write (import, restore of a
        bundle). Settings are kept."""
        with self.batch():
            self._tables.stamp_version()
            group = [] if data.group is None else [codec.group_to_doc(data.group)]
            self._tables.replace("group", group)
            self._tables.replace("venues", (codec.venue_to_doc(v) for v in data.venues))
            self._tables.replace("members", (codec.member_to_doc(m) for m in data.members))
            self._tables.replace("meetings", (codec.meeting_to_doc(m) for m in data.meetings))
            self._tables.replace("contacts", (codec.contact_to_doc(c) for c in data.contacts))

    def _replace_in_cache(self, **changes: Any) -> None:
        if self._data is not None:
            self._data = replace(self._data, **changes)


_Rec = TypeVar("_Rec", Member, Venue, Meeting, OutreachNote)


def _swap(items: tuple[_Rec, ...], item: _Rec) -> tuple[_Rec, ...]:
    """``items`` with ``item`` replacing the one with its id, or appended."""
    out = list(items)
    for i, existing in enumerate(out):
        if existing.id == item.id:
            out[i] = item
            return tuple(out)
    out.append(item)
    return tuple(out)
