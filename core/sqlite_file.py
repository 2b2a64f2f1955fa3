"""A small SQLite file the engine keeps beside its data (the sync record, the ledger of
uploads under way) that helps but is never a condition for a run.

Why one class: both files must behave alike when something is wrong with them. A damaged
file is set aside (renamed, kept for inspection) and a new one started; one that cannot be
used now (locked by another program for more than five seconds, on an unwritable or full
disk, written by a newer version) is left alone, and this process goes on without it. Each
is said once in the log, in the words of the file's own consequence. One connection
behind a lock serves every thread of the process; WAL mode with ``synchronous=NORMAL``
survives a killed process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class SqliteFile:
    """Subclasses say what the file is and holds; :meth:`use` runs work on it."""

    what: ClassVar[str]
    """The file in words, for the log: "The sync record"."""
    set_aside_means: ClassVar[str]
    """What a damaged file, set aside, costs the user (a sentence)."""
    unusable_means: ClassVar[str]
    """What going on without the file costs the user (a sentence)."""
    schema: ClassVar[str]
    schema_version: ClassVar[int]
    readable_versions: ClassVar[tuple[int, ...]] = (0,)
    """Versions (besides ``schema_version``) the schema script upgrades in place; 0 is a
    new file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._unusable = False

    def use(
        self,
        work: Callable[[sqlite3.Connection], T],
        otherwise: T,
        *,
        transaction: bool = False,
    ) -> T:
        """Runs ``work`` on the open database (as one transaction, if asked); ``otherwise``
        once the file proved unusable, so no caller ever fails because of it."""
        with self._lock:
            if self._db is None and not self._unusable:
                self._db = self._open()
            if self._db is None:
                return otherwise
            try:
                if not transaction:
                    return work(self._db)
                with self._db:  # committed, or rolled back on error
                    return work(self._db)
            except sqlite3.Error as exc:
                self._give_up(f"it cannot be used ({exc})")
                return otherwise

    @property
    def usable(self) -> bool:
        """False once the file proved unusable: this process goes on without it."""
        return not self._unusable

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None

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
                if version not in (*self.readable_versions, self.schema_version):
                    raise sqlite3.OperationalError(
                        f"it was written by a newer Bucket Ferry (format {version})"
                    )
                db.executescript(self.schema)
                db.execute(f"PRAGMA user_version={self.schema_version}")
                db.commit()
                return db
            except (sqlite3.Error, OSError) as exc:
                if db is not None:  # closed before its files are renamed or left alone
                    db.close()
                damaged = isinstance(exc, sqlite3.DatabaseError) and not isinstance(
                    exc,
                    sqlite3.OperationalError,  # locked by another process, unopenable
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
            "%s %s could not be read (%s); it was set aside as %s and a new one is started. %s",
            self.what,
            self.path,
            exc,
            kept,
            self.set_aside_means,
        )

    def _give_up(self, why: str) -> None:
        if not self._unusable:
            log.warning("%s %s is not used: %s. %s", self.what, self.path, why, self.unusable_means)
        self._unusable = True
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
