"""The run journal: every push, pull, delete and undo, file by file, as it happens.

A run is written before its first file moves: the run and each file it plans, with what
the target was before (``before``) and what is to be written (``source``). As it goes, each
file gets where its replaced version was kept (trash path, backup folder, backup key or
version id) the moment it is kept, before anything is replaced, and its outcome and what
the target became (``after``) as it completes, written within a quarter of a second. So a
killed run's journal is right for what completed, and what it missed (a last file's
outcome) can still be told from the two sides: undo.py compares them with ``source``.

The journal lives in the sync record's SQLite file (sync_record.py), through its
connection and write queue; like the record it never stops a run: when the file cannot be
used, runs go on unrecorded and history says so.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from .file_stat import FileStat
from .hashing import MD5_META_KEY, PLAIN_MD5
from .remote_object import RemoteObject, RemoteObjectProtocol
from .sync_record import SyncRecord
from .trash import KeptCopy

REMOTE, LOCAL = "remote", "local"
"""Which copy a run changed: the bucket's object or the local file."""

PLANNED, KEPT, DONE, FAILED, CANCELLED = "planned", "kept", "done", "failed", "cancelled"
"""A file's outcome: planned (not known to have happened), kept (its replaced version is
kept; the replacement may or may not have happened), done, failed, cancelled."""

TRASH, BACKUP_FOLDER, BACKUP_KEY, VERSION = "trash", "backup_folder", "backup_key", "version"
"""Where a replaced or deleted version was kept."""


class Copy(NamedTuple):
    """One copy of a file as the journal knows it: enough to tell later whether the copy
    there now is still this one."""

    size: int
    hash: str | None = None
    """An object's ETag (an md5, or '<md5>-<parts>'); a local file's md5 where known."""
    md5: str | None = None
    """The content's md5 where known (Bucket Ferry's metadata, or a plain ETag)."""
    mtime_ns: int | None = None
    """Local files and objects in a folder bucket."""
    version: str | None = None
    """The object's version id, in a bucket that keeps versions."""

    def to_text(self) -> str:
        return json.dumps(list(self))

    @classmethod
    def from_text(cls, text: str | None) -> Copy | None:
        return None if text is None else cls(*json.loads(text))

    def same_content(self, other: Copy) -> bool:
        """Whether ``other`` is this copy (as far as both can tell)."""
        if self.size != other.size:
            return False
        if self.md5 and other.md5:
            return self.md5 == other.md5
        if self.hash and other.hash:
            return self.hash == other.hash
        return self.mtime_ns is not None and self.mtime_ns == other.mtime_ns


def object_copy(obj: RemoteObjectProtocol) -> Copy:
    """An object, from a listing or a HEAD. Its hash is the one listed; a folder bucket's
    object gives its md5 (from the hash cache, or read once), which undo compares."""
    known = obj.hash
    if isinstance(obj, RemoteObject):  # read without making (and keeping) either
        meta = obj.peek_meta_data()
        mtime_ns, version = obj.extra_value("mtime_ns"), obj.extra_value("version_id")
    else:
        meta, extra = getattr(obj, "meta_data", None) or {}, getattr(obj, "extra", None) or {}
        mtime_ns, version = extra.get("mtime_ns"), extra.get("version_id")
    md5 = meta.get(MD5_META_KEY) or (known if known and PLAIN_MD5.match(known) else None)
    if obj.provider == "local":  # a folder bucket: the hash is the content's md5
        md5 = md5 or known
    return Copy(obj.size, known, md5, mtime_ns, version)


def local_kept_kind(kept: KeptCopy) -> str:
    """Where a kept local file went, as the journal names it."""
    return TRASH if kept.info_path is not None else BACKUP_FOLDER


def file_copy(st: FileStat, md5: str | None = None) -> Copy:
    return Copy(st.st_size, md5, md5, st.st_mtime_ns)


class PlannedFile(NamedTuple):
    """One file of a run, as the run begins."""

    side: str
    name: str
    """The object's full name in the bucket."""
    local_path: str | None
    action: str
    """'upload', 'replace', 'download', 'delete', 'restore', 'remove'."""
    bytes: int
    source: Copy | None
    """What is to be written (None: the target is to be removed)."""
    before: Copy | None
    """What the target is before the run (None: it does not exist)."""


class FileStep(NamedTuple):
    """One file of a recorded run."""

    seq: int
    side: str
    name: str
    local_path: str | None
    action: str
    bytes: int
    outcome: str
    reason: str | None
    source: Copy | None
    before: Copy | None
    after: Copy | None
    kept_kind: str | None
    kept_where: str | None


@dataclass(frozen=True)
class RunPlace:
    """Where a run happened."""

    endpoint: str
    bucket: str
    base_path: str
    local_root: str | None = None


@dataclass(frozen=True)
class RunInfo:
    """One recorded run, with its files counted by outcome."""

    id: str
    kind: str
    """'push', 'pull', 'delete' or 'undo'."""
    started_at: str
    finished_at: str | None
    outcome: str | None
    """'finished', 'cancelled', 'stopped'; None: still running, or killed."""
    note: str | None
    place: RunPlace
    undoes: str | None
    backup_prefix: str | None
    counts: dict[str, int] = field(default_factory=dict)
    bytes_done: int = 0

    @property
    def files(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "outcome": self.outcome or "interrupted",
            "note": self.note,
            "endpoint": self.place.endpoint,
            "bucket": self.place.bucket,
            "base_path": self.place.base_path,
            "local_folder": self.place.local_root,
            "undoes": self.undoes,
            "files": self.files,
            "counts": dict(self.counts),
            "bytes_done": self.bytes_done,
        }


def new_run_id(now: datetime | None = None) -> str:
    """Sortable by time (to the millisecond), readable, unique: '20261130-121501.042-3fa2'
    (UTC)."""
    moment = now or datetime.now(UTC)
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    return f"{stamp}.{moment.microsecond // 1000:03}-{secrets.token_hex(2)}"


RUN_ID = re.compile(r"\d{8}-\d{6}\.\d{3}-[0-9a-f]{4}")


def is_run_id(text: str) -> bool:
    return RUN_ID.fullmatch(text) is not None


def run_time(run_id: str) -> datetime | None:
    """When a run started, read from its id (so backups can be aged without a journal)."""
    try:
        return datetime.strptime(run_id[:15], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


_UPDATE_OUTCOME = "UPDATE run_files SET outcome=?, reason=?, after=? WHERE run=? AND seq=?"


class ActiveRun:
    """A run being recorded; safe to use from the transfer threads. Files are named by
    the objects the run was begun with (a plan's entries, or listed objects)."""

    def __init__(self, record: SyncRecord, run_id: str, items: Sequence[object]) -> None:
        self._record = record
        self.run_id = run_id
        # Each item's place in ``items``, found by its id(): the ids sorted in one array,
        # the places beside them in another, 16 bytes a file (a dict took 90; the items
        # outlive the run, so an id stays theirs).
        order = sorted(range(len(items)), key=lambda seq: id(items[seq]))
        self._ids = array("Q", (id(items[seq]) for seq in order))
        self._seqs = array("Q", order)

    def _seq(self, item: object) -> int:
        key = id(item)
        at = bisect_left(self._ids, key)
        if at == len(self._ids) or self._ids[at] != key:
            raise KeyError(f"{item!r} is not a file of run {self.run_id}")
        return self._seqs[at]

    def kept(self, item: object, kind: str, where: str) -> None:
        """Where a file's replaced version went: written at once, before the replacement."""
        seq = self._seq(item)

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                "UPDATE run_files SET outcome=?, kept_kind=?, kept_where=? WHERE run=? AND seq=?",
                (KEPT, kind, where, self.run_id, seq),
            )
            db.commit()

        self._record.use(write, None)

    def done(self, item: object, after: Copy | None) -> None:
        after_text = after.to_text() if after else None
        row = (DONE, None, after_text, self.run_id, self._seq(item))
        self._record.queue(_UPDATE_OUTCOME, [row], now=False)

    def failed(self, item: object, reason: str, *, cancelled: bool = False) -> None:
        row = (CANCELLED if cancelled else FAILED, reason, None, self.run_id, self._seq(item))
        self._record.queue(_UPDATE_OUTCOME, [row], now=False)

    def finish(self, outcome: str, note: str | None = None) -> None:
        self._record.flush()

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                "UPDATE runs SET finished_at=?, outcome=?, note=? WHERE id=?",
                (_now(), outcome, note, self.run_id),
            )
            db.commit()

        self._record.use(write, None)


class RunJournal:
    """The journal of every run on this computer (in the sync record's file)."""

    def __init__(self, record: SyncRecord) -> None:
        self._record = record

    def begin(
        self,
        kind: str,
        place: RunPlace,
        files: Iterable[PlannedFile],
        items: Sequence[object],
        *,
        backup_prefix: str | None,
        undoes: str | None = None,
    ) -> ActiveRun:
        """Records the run and every file it plans (one transaction), before any moves;
        ``items[i]`` is what the run calls the i-th of ``files``, which may be made as
        they are written (100,000 of them are never all in memory at once)."""
        run_id = new_run_id()

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO runs (id, kind, started_at, endpoint, bucket, base_path, "
                "local_root, undoes, backup_prefix) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    kind,
                    _now(),
                    place.endpoint,
                    place.bucket,
                    place.base_path,
                    place.local_root,
                    undoes,
                    backup_prefix,
                ),
            )
            db.executemany(
                "INSERT INTO run_files (run, seq, side, name, local_path, action, bytes, "
                "outcome, source, before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        run_id,
                        seq,
                        f.side,
                        f.name,
                        f.local_path,
                        f.action,
                        f.bytes,
                        PLANNED,
                        f.source.to_text() if f.source else None,
                        f.before.to_text() if f.before else None,
                    )
                    for seq, f in enumerate(files)
                ),
            )
            db.commit()

        self._record.use(write, None)
        return ActiveRun(self._record, run_id, items)

    def runs(self, limit: int | None = None) -> list[RunInfo]:
        """Every recorded run, newest first."""
        self._record.flush()

        def read(db: sqlite3.Connection) -> list[RunInfo]:
            rows = db.execute(
                "SELECT id, kind, started_at, finished_at, outcome, note, endpoint, bucket, "
                "base_path, local_root, undoes, backup_prefix FROM runs "
                "ORDER BY started_at DESC, rowid DESC" + (" LIMIT ?" if limit else ""),
                (limit,) if limit else (),
            ).fetchall()
            counts: dict[str, Counter[str]] = {}
            done_bytes: Counter[str] = Counter()
            for run, outcome, count, size in db.execute(
                "SELECT run, outcome, COUNT(*), SUM(bytes) FROM run_files GROUP BY run, outcome"
            ):
                counts.setdefault(run, Counter())[outcome] = count
                if outcome == DONE:
                    done_bytes[run] = size or 0
            return [
                _run_info(row, counts.get(row[0], Counter()), done_bytes[row[0]]) for row in rows
            ]

        return self._record.use(read, [])

    def matching(self, run_id: str) -> list[RunInfo]:
        """The run with this id, else every run whose id starts with it."""
        runs = self.runs()
        exact = [r for r in runs if r.id == run_id]
        return exact or ([r for r in runs if r.id.startswith(run_id)] if run_id else [])

    def files(self, run_id: str) -> list[FileStep]:
        self._record.flush()

        def read(db: sqlite3.Connection) -> list[FileStep]:
            rows = db.execute(
                "SELECT seq, side, name, local_path, action, bytes, outcome, reason, source, "
                "before, after, kept_kind, kept_where FROM run_files WHERE run=? ORDER BY seq",
                (run_id,),
            ).fetchall()
            return [_file_step(row) for row in rows]

        return self._record.use(read, [])

    @property
    def usable(self) -> bool:
        """Whether runs are being recorded (the file can be opened)."""
        return bool(self._record.use(lambda db: True, False))


def _file_step(row: Sequence[Any]) -> FileStep:
    seq, side, name, local_path, action, size, outcome, reason = row[:8]
    source, before, after = (Copy.from_text(text) for text in row[8:11])
    return FileStep(
        seq,
        side,
        name,
        local_path,
        action,
        size,
        outcome,
        reason,
        source,
        before,
        after,
        row[11],
        row[12],
    )


def _run_info(row: Iterable[Any], counts: Counter[str], bytes_done: int) -> RunInfo:
    (
        run_id,
        kind,
        started,
        finished,
        outcome,
        note,
        endpoint,
        bucket,
        base,
        root,
        undoes,
        prefix,
    ) = row
    return RunInfo(
        run_id,
        kind,
        started,
        finished,
        outcome,
        note,
        RunPlace(endpoint, bucket, base, root),
        undoes,
        prefix,
        dict(counts),
        bytes_done,
    )
