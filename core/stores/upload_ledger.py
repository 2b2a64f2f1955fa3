"""The ledger of big uploads under way: which multipart upload of which object, of which
version of which file, and the md5 of every part the server took, so the next push of the
same unchanged file sends only the parts that are missing (upload_resume.py).

One SQLite file in the data folder (:func:`~bucketferry.core.locations.uploads_file`),
written a row at a time: one row when an upload begins, one per part as the server
accepts it, deleted when the object is made or the upload abandoned; never rewritten
whole. WAL mode with ``synchronous=NORMAL``: a killed process (even ``kill -9``) loses at
most the part being recorded, never the file; parts the ledger missed are simply sent
again. One connection behind a lock serves every thread of the process; other processes
(the window beside the command line) wait up to five seconds for each other's writes.

Resuming is a saving, never a condition: a ledger that cannot be used (a damaged file is
set aside and a new one started; a locked, unwritable or newer one is left alone) is said
once in the log, and uploads then work as without it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..locations import uploads_file

log = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY,
    endpoint TEXT NOT NULL,
    bucket TEXT NOT NULL,
    name TEXT NOT NULL,
    upload_id TEXT NOT NULL,
    part_size INTEGER NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    md5 TEXT NOT NULL,
    headers TEXT NOT NULL,
    started REAL NOT NULL,
    UNIQUE (endpoint, bucket, name)
);
CREATE TABLE IF NOT EXISTS parts (
    upload INTEGER NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    md5 TEXT NOT NULL,
    PRIMARY KEY (upload, number)
) WITHOUT ROWID;
"""
_COLUMNS = (
    "id, endpoint, bucket, name, upload_id, part_size, size, mtime_ns, inode, md5, headers, started"
)


@dataclass(frozen=True)
class Place:
    """A bucket on a server (``config.endpoint_of``), as the ledger names it."""

    endpoint: str
    bucket: str


@dataclass(frozen=True)
class FileVersion:
    """What an upload is of: one version of a file, cut into parts of one size, sent with
    one set of headers (content type, metadata, options; kept as a digest)."""

    size: int
    mtime_ns: int
    inode: int
    md5: str
    part_size: int
    headers: str

    @classmethod
    def of(cls, st: os.stat_result, md5: str, part_size: int, headers: str) -> FileVersion:
        return cls(st.st_size, st.st_mtime_ns, st.st_ino, md5, part_size, headers)


@dataclass(frozen=True)
class Remembered:
    """One upload under way, as the ledger knows it."""

    row: int
    place: Place
    name: str
    upload_id: str
    version: FileVersion
    started: float
    """When it was begun (seconds since the epoch, this computer's clock)."""
    parts: dict[int, str] = field(default_factory=dict)
    """Part number -> md5 of what was sent, for each part the server accepted."""


def _remembered(row: Any, parts: dict[int, str]) -> Remembered:
    """A row of ``uploads`` (its columns in the order of ``_COLUMNS``)."""
    row_id, endpoint, bucket, name, upload_id, part_size, size, mtime, inode, md5, headers, at = row
    version = FileVersion(size, mtime, inode, md5, part_size, headers)
    return Remembered(row_id, Place(endpoint, bucket), name, upload_id, version, at, parts)


class UploadLedger:
    """The ledger file, shared by every upload of the process; safe to use from threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._unusable = False

    def _use(self, work: Callable[[sqlite3.Connection], T], otherwise: T) -> T:
        with self._lock:
            if self._db is None and not self._unusable:
                self._db = self._open()
            if self._db is None:
                return otherwise
            try:
                with self._db:  # one transaction: committed, or rolled back on error
                    return work(self._db)
            except sqlite3.Error as exc:
                self._give_up(f"it cannot be used ({exc})")
                return otherwise

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            db: sqlite3.Connection | None = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("PRAGMA foreign_keys=ON")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, SCHEMA_VERSION):
                    raise sqlite3.OperationalError(
                        f"it was written by a newer Bucket Ferry (format {version})"
                    )
                db.executescript(_SCHEMA)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                db.commit()
                return db
            except (sqlite3.Error, OSError) as exc:
                if db is not None:
                    db.close()
                damaged = isinstance(exc, sqlite3.DatabaseError) and not isinstance(
                    exc, sqlite3.OperationalError
                )
                if attempt == 0 and damaged:
                    self._set_aside(exc)
                    continue
                self._give_up(f"it cannot be opened ({exc})")
        return None

    def _set_aside(self, exc: Exception) -> None:
        kept = self.path.with_name(f"{self.path.name}.unreadable-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.replace(f"{self.path}{suffix}", f"{kept}{suffix}")
        log.warning(
            "The ledger of uploads under way %s could not be read (%s); it was set aside as "
            "%s. Big uploads that were interrupted before start over.",
            self.path,
            exc,
            kept,
        )

    def _give_up(self, why: str) -> None:
        if not self._unusable:
            log.warning(
                "The ledger of uploads under way %s is not used: %s. Interrupted big uploads "
                "start over instead of resuming.",
                self.path,
                why,
            )
        self._unusable = True
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    # --- what uploads ask --------------------------------------------------------------

    def find(self, place: Place, name: str) -> Remembered | None:
        """The upload under way of ``name``, with its parts; None if there is none."""

        def find(db: sqlite3.Connection) -> Remembered | None:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM uploads WHERE endpoint=? AND bucket=? AND name=?",
                (place.endpoint, place.bucket, name),
            ).fetchone()
            if row is None:
                return None
            parts = db.execute("SELECT number, md5 FROM parts WHERE upload=?", (row[0],))
            return _remembered(row, {int(n): str(md5) for n, md5 in parts})

        return self._use(find, None)

    def begin(
        self, place: Place, name: str, upload_id: str, version: FileVersion, started: float
    ) -> int | None:
        """Remembers an upload just begun (in place of any other of the same object, which
        the caller abandoned); its row, or None when the ledger cannot be used."""

        def begin(db: sqlite3.Connection) -> int:
            db.execute(
                "DELETE FROM uploads WHERE endpoint=? AND bucket=? AND name=?",
                (place.endpoint, place.bucket, name),
            )
            cursor = db.execute(
                f"INSERT INTO uploads ({_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    place.endpoint,
                    place.bucket,
                    name,
                    upload_id,
                    version.part_size,
                    version.size,
                    version.mtime_ns,
                    version.inode,
                    version.md5,
                    version.headers,
                    started,
                ),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        return self._use(begin, None)

    def part_sent(self, row: int, number: int, md5: str) -> None:
        """The server took part ``number`` of upload ``row``, whose content has ``md5``."""
        self._use(
            lambda db: db.execute(
                "INSERT OR REPLACE INTO parts (upload, number, md5) VALUES (?, ?, ?)",
                (row, number, md5),
            ),
            None,
        )

    def forget(self, row: int) -> None:
        """The upload was completed or abandoned: nothing to resume any more."""
        self._use(lambda db: db.execute("DELETE FROM uploads WHERE id=?", (row,)), None)

    def started_before(self, place: Place, moment: float) -> list[Remembered]:
        """The uploads to ``place`` begun before ``moment`` (seconds since the epoch)."""

        def old(db: sqlite3.Connection) -> list[Remembered]:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM uploads WHERE endpoint=? AND bucket=? AND started<? "
                "ORDER BY started",
                (place.endpoint, place.bucket, moment),
            ).fetchall()
            return [_remembered(row, {}) for row in rows]

        return self._use(old, [])

    def upload_ids(self, place: Place) -> dict[str, int]:
        """Every upload id remembered for ``place`` -> its row."""

        def ids(db: sqlite3.Connection) -> dict[str, int]:
            rows = db.execute(
                "SELECT upload_id, id FROM uploads WHERE endpoint=? AND bucket=?",
                (place.endpoint, place.bucket),
            )
            return {str(upload_id): int(row) for upload_id, row in rows}

        return self._use(ids, {})

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None


_default: UploadLedger | None = None
_default_lock = threading.Lock()


def default_ledger() -> UploadLedger:
    """The user's ledger, shared by every store in this process (a new one when the data
    folder moved, as tests move it)."""
    global _default
    with _default_lock:
        wanted = uploads_file()
        if _default is None or _default.path != wanted:
            if _default is not None:
                _default.close()
            _default = UploadLedger(wanted)
        return _default
