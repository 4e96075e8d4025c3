"""The group file's tables, held in memory and changed through TinyDB: the only module
that imports TinyDB.

The file is one JSON object of tables (``group``, ``venues``, ``members``, ...), each
mapping TinyDB's numeric document ids to documents in the bundle's shape. The
:class:`coordinator.store.Store` reads documents straight from :class:`GroupFileTables`
and changes them through its few methods (upsert, remove, replace a table, stamp the
version, batch); how the tables reach the disk (the day's backup, the encoding, the
atomic write, what a failure is called) is the Store's ``write_file``, handed in.

TinyDB is imported with the first change: reading a file never needs it, so commands
and the app's first frame do not wait for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from coordinator.store import jsonfile
from coordinator.store.errors import ReadOnlyError
from coordinator.store.file_format import collecting_later, parse_raw, read_bytes
from coordinator.store.migrations import _META, SCHEMA_VERSION

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.queries import QueryInstance


def prepare_for_changes() -> None:
    """Import TinyDB ahead of the first change (the app does this in the background after
    its first frame, so the coordinator's first edit does not wait for it)."""
    import tinydb  # noqa: F401


def _where(field: str, value: object) -> QueryInstance:
    """TinyDB's "documents whose ``field`` is ``value``" (imported with the first change)."""
    from tinydb import Query

    query: QueryInstance = Query()[field] == value
    return query


class HeldTables(NamedTuple):
    """What :class:`DurableStorage` held at one moment, to put back (see
    :meth:`GroupFileTables.held`)."""

    tables: dict[str, Any] | None
    loaded: bool
    on_disk: bytes | None


class DurableStorage:
    """TinyDB storage that reads from memory and writes through ``write_file``.

    It is TinyDB's storage interface (``read``, ``write``, ``close``) without TinyDB's
    base class, so reading a file never imports TinyDB: the store reads records
    straight from these tables and brings TinyDB in for its first change.

    TinyDB reads the whole database before every operation; we keep the parsed tables
    in memory and only touch the disk to write. ``write_file`` writes the tables durably
    and returns the bytes now on disk, or raises; a failed write drops the in-memory copy
    so it is read back from the (unchanged) file.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool,
        write_file: Callable[[dict[str, Any]], bytes],
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._write_file = write_file
        self._cache: dict[str, Any] | None = None
        self._loaded = False
        self._batch = 0
        self._dirty = False
        # The bytes last read from or written to the file: what is safely on disk. A
        # failed change restores the tables from them (TinyDB edits the cached tables in
        # place before it writes), so a save that fails because the folder or the file
        # has gone never makes the next save write a file missing earlier records.
        self._on_disk: bytes | None = None

    def read(self) -> dict[str, Any] | None:
        if not self._loaded:
            raw = read_bytes(self.path)
            with collecting_later():
                self._cache = None if raw is None else parse_raw(self.path, raw)
            self._on_disk = raw
            self._loaded = True
        return self._cache

    def unload(self) -> None:
        """Let the next read come from the file rather than from memory."""
        self._loaded = False

    def held(self) -> HeldTables:
        return HeldTables(self._cache, self._loaded, self._on_disk)

    def put_back(self, held: HeldTables) -> None:
        self._cache, self._loaded, self._on_disk = held

    def stage(self, data: dict[str, Any]) -> None:
        """Hold ``data`` in memory as the tables without writing them (yet)."""
        self._cache = data
        self._loaded = True

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            self._forget()
            raise ReadOnlyError("This window is read-only; nothing was changed.")
        self._cache = data
        self._loaded = True
        if self._batch:
            self._dirty = True
            return
        self.flush()

    def flush(self) -> None:
        """Write the tables held in memory to the file (through ``write_file``)."""
        assert self._cache is not None
        try:
            self._on_disk = self._write_file(self._cache)
        except BaseException:
            self._forget()
            raise

    def _forget(self) -> None:
        """Drop unsaved changes: back to what is on disk."""
        if self._on_disk is not None:
            self._cache = jsonfile.loads(self._on_disk)
            self._loaded = True
        else:
            self._cache = None
            self._loaded = False

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several table changes into one write; all or nothing."""
        self._batch += 1
        try:
            yield
        except BaseException:
            self._batch -= 1
            if self._batch == 0:
                self._dirty = False
                self._forget()
            raise
        self._batch -= 1
        if self._batch == 0 and self._dirty:
            self._dirty = False
            self.flush()

    def close(self) -> None:
        pass


class GroupFileTables:
    """The group file's tables: read from memory, changed through TinyDB (made, and
    imported, on the first change), written through ``write_file`` once per change or
    per batch. The whole of what the :class:`coordinator.store.Store` asks of its
    storage."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool,
        write_file: Callable[[dict[str, Any]], bytes],
    ) -> None:
        self.storage = DurableStorage(path, read_only=read_only, write_file=write_file)
        self._tinydb: TinyDB | None = None

    @property
    def read_only(self) -> bool:
        return self.storage.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self.storage.read_only = value

    @property
    def _db(self) -> TinyDB:
        """TinyDB over our storage, made (and imported) on the first change: reading
        needs neither, so commands and the app's first frame start sooner."""
        if self._tinydb is None:
            from tinydb import TinyDB

            storage = self.storage
            self._tinydb = TinyDB(storage=lambda: storage)
        return self._tinydb

    # -- reading ---------------------------------------------------------------------

    def read(self) -> dict[str, Any] | None:
        """All the tables (None when there is no file yet), from memory after the first
        read."""
        return self.storage.read()

    def docs(self, table: str) -> list[dict[str, Any]]:
        """The documents of one table, in the file's order, read from memory."""
        raw = self.storage.read() or {}
        return list((raw.get(table) or {}).values())

    def read_again(self) -> dict[str, Any] | None:
        """Read the file again (another window may have changed it)."""
        self.storage.unload()
        raw = self.storage.read()
        # TinyDB keeps query results per table; they describe the file as it was.
        if self._tinydb is not None:
            for name in self._tinydb.tables():
                self._tinydb.table(name).clear_cache()
        return raw

    def unload(self) -> None:
        """Let the next read come from the file rather than from memory."""
        self.storage.unload()

    def held(self) -> HeldTables:
        """The tables as held now, for :meth:`put_back` if reading again fails."""
        return self.storage.held()

    def put_back(self, held: HeldTables) -> None:
        self.storage.put_back(held)

    # -- changing --------------------------------------------------------------------

    def stage(self, data: dict[str, Any]) -> None:
        """Hold ``data`` as the tables without writing them (a migration, before its
        backup); :meth:`flush` writes them."""
        self.storage.stage(data)

    def flush(self) -> None:
        self.storage.flush()

    def batch(self) -> contextlib.AbstractContextManager[None]:
        """Several changes, one write, all or nothing (batches nest)."""
        return self.storage.batch()

    def stamp_version(self) -> None:
        """Write the schema version into a file that has none yet."""
        meta = self._db.table(_META)
        if not meta.all():
            meta.insert({"schema_version": SCHEMA_VERSION})

    def upsert(self, table: str, doc: dict[str, Any]) -> None:
        """Put ``doc`` in place of the document with its id, or add it."""
        self._db.table(table).upsert(doc, _where("id", doc["id"]))

    def remove(self, table: str, field: str, value: object) -> None:
        """Remove the documents whose ``field`` is ``value``."""
        self._db.table(table).remove(_where(field, value))

    def replace(self, table: str, docs: Iterable[dict[str, Any]]) -> None:
        """Empty ``table`` and fill it with ``docs``."""
        chosen = self._db.table(table)
        chosen.truncate()
        chosen.insert_multiple(docs)
