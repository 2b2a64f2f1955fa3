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

import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..locations import uploads_file
from ..sqlite_file import SqliteFile

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


class UploadLedger(SqliteFile):
    """The ledger file, shared by every upload of the process; safe to use from threads."""

    what = "The ledger of uploads under way"
    set_aside_means = "Big uploads that were interrupted before start over."
    unusable_means = "Interrupted big uploads start over instead of resuming."
    schema = _SCHEMA
    schema_version = SCHEMA_VERSION

    def _use(self, work: Callable[[sqlite3.Connection], T], otherwise: T) -> T:
        return self.use(work, otherwise, transaction=True)

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
