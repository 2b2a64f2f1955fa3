"""The sync record: what both copies of each path were the last time they were the same.

A preview can only see that two copies differ; the record says which one changed since
they were last synced, so a push or pull can tell a safe update (the target is still the
copy last synced) from replacing somebody's newer work.

One record per pair of places: a bucket's endpoint, name and base path, and a local folder
by its real path and its (device, inode), so a folder replaced by another one under the
same path starts without a record instead of inheriting one that describes other files.
Entries are written as each file completes (SQLite in WAL mode), so a killed run leaves a
record that is right for what completed. A damaged record is set aside (renamed, kept)
with a warning and a new one started; one that cannot be used now (locked by another
program for more than five seconds, on an unwritable or full disk, written by a newer
version) is left alone and this process goes on without it. Either way the run goes on: a
missing record only makes states less precise (``differs``), never lets anything be
overwritten.

The same file holds the run journal (journal.py), through this class's connection and
write queue.
"""

from __future__ import annotations

import atexit
import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple, TypeVar

from .locations import record_file
from .sqlite_file import SqliteFile

log = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA_VERSION = 2
"""1: the record; 2: the run journal's tables too (journal.py), added to a 1 as it opens."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS pairs (
    id INTEGER PRIMARY KEY,
    endpoint TEXT NOT NULL,
    bucket TEXT NOT NULL,
    base_path TEXT NOT NULL,
    local_root TEXT NOT NULL,
    local_dev INTEGER,
    local_ino INTEGER,
    UNIQUE (endpoint, bucket, base_path, local_root)
);
CREATE TABLE IF NOT EXISTS entries (
    pair INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    local_size INTEGER NOT NULL,
    local_mtime_ns INTEGER NOT NULL,
    local_md5 TEXT,
    remote_size INTEGER NOT NULL,
    remote_etag TEXT,
    remote_modified TEXT,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (pair, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT,
    note TEXT,
    endpoint TEXT NOT NULL,
    bucket TEXT NOT NULL,
    base_path TEXT NOT NULL,
    local_root TEXT,
    undoes TEXT,
    backup_prefix TEXT
);
CREATE TABLE IF NOT EXISTS run_files (
    run TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    side TEXT NOT NULL,
    name TEXT NOT NULL,
    local_path TEXT,
    action TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT,
    source TEXT,
    before TEXT,
    after TEXT,
    kept_kind TEXT,
    kept_where TEXT,
    PRIMARY KEY (run, seq)
) WITHOUT ROWID;
"""
_WRITE_ENTRY = "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
FLUSH_SECONDS = 0.25
FLUSH_COUNT = 1000


@dataclass(frozen=True)
class PairKey:
    """The two places a record is about."""

    endpoint: str
    bucket: str
    base_path: str
    local_root: str
    local_id: tuple[int, int] | None
    """(device, inode) of ``local_root``; None while it does not exist yet."""


Sides = tuple[int, int, str | None, int, str | None]
"""Sizes, local mtime_ns, local md5, remote ETag: what tells whether a copy changed."""


class Entry(NamedTuple):
    """Both copies of one path at the moment they were last the same (a tuple: a preview
    reads one per file, and tuples are made ten times faster than frozen dataclasses)."""

    local_size: int
    local_mtime_ns: int
    local_md5: str | None
    remote_size: int
    remote_etag: str | None
    remote_modified: str | None
    synced_at: str

    @property
    def sides(self) -> Sides:
        """What is compared to tell whether a copy changed (the times aside)."""
        return self[:5]


class SyncRecord(SqliteFile):
    """The record file, shared by every run in this process; safe to use from threads."""

    what = "The sync record"
    set_aside_means = "Until files are synced again, changed files show as 'differs'."
    unusable_means = "Changed files show as 'differs'."
    schema = _SCHEMA
    schema_version = SCHEMA_VERSION
    readable_versions = (0, 1)
    PAGE = 2000
    """Entries read at a time: a plan of any size holds one page of its record."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._pending_lock = threading.Lock()
        self._pending: dict[str, list[tuple[object, ...]]] = {}
        self._pending_rows = 0
        self._flushed = time.monotonic()
        _open_records.add(self)

    def pair(self, key: PairKey) -> PairRecord:
        """The record of one pair of places (created on first use)."""
        return PairRecord(self, self.use(lambda db: self._pair_id(db, key), None), key)

    def _pair_id(self, db: sqlite3.Connection, key: PairKey) -> int:
        where = (key.endpoint, key.bucket, key.base_path, key.local_root)
        row = db.execute(
            "SELECT id, local_dev, local_ino FROM pairs "
            "WHERE endpoint=? AND bucket=? AND base_path=? AND local_root=?",
            where,
        ).fetchone()
        dev, ino = key.local_id if key.local_id is not None else (None, None)
        if row is None:
            cursor = db.execute(
                "INSERT INTO pairs (endpoint, bucket, base_path, local_root, local_dev, "
                "local_ino) VALUES (?, ?, ?, ?, ?, ?)",
                (*where, dev, ino),
            )
            db.commit()
            assert cursor.lastrowid is not None
            return cursor.lastrowid
        pair_id, known_dev, known_ino = row
        if key.local_id is not None and (known_dev, known_ino) != (dev, ino):
            if known_dev is not None:
                log.info(
                    "%s is another folder than the one last synced with this bucket (it was "
                    "replaced or moved); its sync record starts anew.",
                    key.local_root,
                )
                db.execute("DELETE FROM entries WHERE pair=?", (pair_id,))
            db.execute("UPDATE pairs SET local_dev=?, local_ino=? WHERE id=?", (dev, ino, pair_id))
            db.commit()
        return int(pair_id)

    def _page(self, pair_id: int, first: str, last: str) -> list[tuple[str, Entry]]:
        """Up to :attr:`PAGE` entries from ``first`` to ``last``, in path order (SQLite
        compares the UTF-8 bytes, which orders as Python orders the texts). Texts that
        repeat are kept once: the remote ETag that is the local md5 (and size), the time
        a run synced a folder's files at."""

        def load(db: sqlite3.Connection) -> list[tuple[str, Entry]]:
            rows = db.execute(
                "SELECT path, local_size, local_mtime_ns, local_md5, remote_size, "
                "remote_etag, remote_modified, synced_at FROM entries "
                "WHERE pair=? AND path>=? AND path<=? ORDER BY path LIMIT ?",
                (pair_id, first, last, self.PAGE),
            )
            entries: list[tuple[str, Entry]] = []
            previous_synced_at = ""
            for path, local_size, mtime_ns, md5, remote_size, etag, modified, synced_at in rows:
                if synced_at == previous_synced_at:
                    synced_at = previous_synced_at
                previous_synced_at = synced_at
                entry = Entry(
                    local_size,
                    mtime_ns,
                    md5,
                    local_size if remote_size == local_size else remote_size,
                    md5 if etag == md5 else etag,
                    modified,
                    synced_at,
                )
                entries.append((path, entry))
            return entries

        return self.use(load, [])

    def _store(self, pair_id: int, entries: list[tuple[str, Entry]], *, now: bool) -> None:
        """Queues entries (see :meth:`queue`). A kill loses at most a moment's entries;
        such a path then still has its previous entry or none, which makes it look
        identical or, once edited, a conflict: never a safe update that is not one."""
        self.queue(_WRITE_ENTRY, [(pair_id, path, *entry) for path, entry in entries], now=now)

    def queue(self, statement: str, rows: Iterable[tuple[object, ...]], *, now: bool) -> None:
        """Queues rows for ``statement`` and writes the queue when ``now``, when it is
        long, or when the last write is a moment ago: one commit per file costs 90 us
        (9 s per 100,000 files)."""
        with self._pending_lock:
            queued = self._pending.setdefault(statement, [])
            before = len(queued)
            queued.extend(rows)
            self._pending_rows += len(queued) - before
            due = now or self._pending_rows >= FLUSH_COUNT
            due = due or time.monotonic() - self._flushed >= FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self) -> None:
        """Writes everything queued, in one transaction (a run calls it when it ends)."""
        with self._pending_lock:
            pending, self._pending, self._pending_rows = self._pending, {}, 0
            self._flushed = time.monotonic()
        if not pending:
            return

        def store(db: sqlite3.Connection) -> None:
            for statement, rows in pending.items():
                db.executemany(statement, rows)
            db.commit()

        self.use(store, None)

    def close(self) -> None:
        self.flush()
        super().close()


class PairRecord:
    """The record of one pair, as a plan and its run use it."""

    def __init__(self, record: SyncRecord, pair_id: int | None, key: PairKey) -> None:
        self._record = record
        self._pair_id = pair_id
        self.key = key
        base = key.base_path.strip("/")
        self._below = f"{base}/" if base else ""

    def relative(self, name: str) -> str:
        """An object's name below the base path: the key of its entry (and its path in
        the local folder)."""
        below = self._below
        return name[len(below) :] if below and name.startswith(below) else name

    def entries_of(self, paths: Sequence[str]) -> Iterator[Entry | None]:
        """The entry of each of ``paths`` (sorted), in their order. The record is read
        beside them a page at a time, each page starting at the next path asked for: a
        plan of 100,000 files holds one page of its record, and a few paths far apart
        read a few rows each, not the whole record between them. What a run still has
        queued is written first, so that it is read back."""
        self._record.flush()
        page: list[tuple[str, Entry]] = []
        at = 0
        more = self._pair_id is not None  # a page shorter than PAGE reached paths[-1]
        for path in paths:
            while at < len(page) and page[at][0] < path:
                at += 1
            if at == len(page) and more and self._pair_id is not None:
                page, at = self._record._page(self._pair_id, path, paths[-1]), 0
                more = len(page) == self._record.PAGE
            yield page[at][1] if at < len(page) and page[at][0] == path else None

    def flush(self) -> None:
        """Writes what a run recorded so far."""
        self._record.flush()

    def remember(self, found: Iterable[tuple[str, Entry]], *, now: bool = True) -> None:
        """Stores entries; ``now=False`` lets a run's entries be written together, within
        a fraction of a second (see ``SyncRecord._store``)."""
        changed = list(found)
        if changed and self._pair_id is not None:
            self._record._store(self._pair_id, changed, now=now)


_last_stamp: tuple[int, str] = (-1, "")


def now() -> str:
    """The time a sync is recorded at: ISO 8601 in UTC, to the second (made once a
    second: a run records thousands of files a second)."""
    global _last_stamp
    second, text = _last_stamp
    current = int(time.time())
    if current != second:
        text = datetime.fromtimestamp(current, UTC).isoformat()
        _last_stamp = (current, text)
    return text


_default: SyncRecord | None = None
_default_lock = threading.Lock()
_open_records: weakref.WeakSet[SyncRecord] = weakref.WeakSet()
"""Every record in this process, so what is queued is written when the process ends (a
weak set: registering each one with atexit would keep it, and its open files, forever)."""


@atexit.register
def _flush_all() -> None:
    for record in list(_open_records):
        record.flush()


def default_sync_record() -> SyncRecord:
    """The user's record, shared by every RemoteStorage in this process."""
    global _default
    with _default_lock:
        wanted = record_file()
        if _default is None or _default.path != wanted:
            if _default is not None:
                _default.close()  # its files stay open otherwise
            _default = SyncRecord(wanted)
        return _default
