"""Which copy changed since the last sync: the sync record applied to a plan.

A plan sees that two copies differ; the record (sync_record.py) holds both copies as they
were when last the same. A copy that still matches its side of the record did not change;
so a path whose local copy changed and whose bucket copy did not is ``changed_local``, the
other way round ``changed_remote``, both changed ``conflict``. A record entry counts only
while at least one side still matches it exactly: with neither, the path is a conflict,
never a silent overwrite. Without an entry the state stays ``differs`` (never synced here).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable

from .config import RemoteStorageConfig, endpoint_of
from .states import PlanState
from .summary import TransactionSummary
from .sync_object import SyncObject
from .sync_record import FLUSH_COUNT, Entry, PairKey, PairRecord, Sides, SyncRecord
from .sync_record import now as time_now


def _etag(value: object) -> str | None:
    return str(value).strip('"').lower() if value else None


def _sides_now(item: SyncObject) -> Sides | None:
    """Both copies of ``item`` as they are now (the columns a record entry compares), for a
    path whose copies are the same; None if either side is not known."""
    stat, remote = item.local_stat, item.remote_obj
    if stat is None or remote is None:
        return None
    etag = _etag(getattr(remote, "known_hash", None) or remote.hash)
    return stat.st_size, stat.st_mtime_ns, item.known_local_hash, int(remote.size), etag


def _local_unchanged(item: SyncObject, entry: Entry) -> bool:
    """The content decides where it was recorded: a file touched, or changed back to what
    was synced, is unchanged; one edited in place with its old time restored is not."""
    stat = item.local_stat
    if stat is None or stat.st_size != entry.local_size:
        return False
    if entry.local_md5 is not None:
        return item.local_hash == entry.local_md5
    return stat.st_mtime_ns == entry.local_mtime_ns


def _remote_unchanged(item: SyncObject, entry: Entry) -> bool:
    remote = item.remote_obj
    if remote is None or int(remote.size) != entry.remote_size:
        return False
    return entry.remote_etag is not None and _etag(remote.hash) == entry.remote_etag


def state_of(item: SyncObject, entry: Entry | None) -> PlanState:
    """The state of a path whose two copies differ."""
    if entry is None:
        return PlanState.DIFFERS
    local_same, remote_same = _local_unchanged(item, entry), _remote_unchanged(item, entry)
    if remote_same and not local_same:
        return PlanState.CHANGED_LOCAL
    if local_same and not remote_same:
        return PlanState.CHANGED_REMOTE
    return PlanState.CONFLICT


def apply_record(summary: TransactionSummary, record: PairRecord) -> None:
    """Refines the plan's states with the record, and records what the preview found
    identical that the record does not say yet (a preview that finds everything as it was
    writes nothing). The paths are visited in order beside the record (see
    ``PairRecord.entries_of``): a plan never holds the whole record."""
    differing = {id(item) for item in summary.on_target_neq_md5}
    gone = {id(item) for item in summary.only_on_target}
    items = [*summary.on_target_neq_md5, *summary.only_on_target, *summary.on_target_eq_md5]
    relative = record.relative
    items.sort(key=lambda item: relative(item.remote_path))
    paths = [relative(item.remote_path) for item in items]
    stamp, found = time_now(), []
    for item, path, entry in zip(items, paths, record.entries_of(paths), strict=True):
        if id(item) in differing:
            item.state = state_of(item, entry)
        elif id(item) in gone:
            if entry is None:
                continue
            item.state = PlanState.DELETED_SOURCE
        else:
            sides = _sides_now(item)
            if sides is not None and (entry is None or entry.sides != sides):
                found.append((path, _entry(item, sides, stamp)))
                if len(found) == FLUSH_COUNT:
                    record.remember(found)
                    found = []
        item.last_synced = entry.synced_at if entry is not None else None
    record.remember(found)


def recorder(summary: TransactionSummary) -> Callable[[SyncObject], None] | None:
    """What a run calls as each file completes (from its worker threads): records it."""
    record = summary.record
    if record is None:
        return None

    def remember(item: SyncObject) -> None:
        sides = _sides_now(item)
        if sides is not None:
            entry = _entry(item, sides, time_now())
            record.remember([(record.relative(item.remote_path), entry)], now=False)

    return remember


def _entry(item: SyncObject, sides: Sides, stamp: str) -> Entry:
    """The entry that records ``item``, whose copies are now the same (``sides``)."""
    return Entry(*sides, getattr(item.remote_obj, "last_modified", None), stamp)


def pair_for(
    record: SyncRecord, conf: RemoteStorageConfig, base_path: str, local_root: str
) -> PairRecord:
    """The record of this bucket place and this local folder (see sync_record.py)."""
    endpoint = endpoint_of(conf)
    root = os.path.realpath(local_root)
    try:
        st = os.stat(root)
        local_id: tuple[int, int] | None = (st.st_dev, st.st_ino)
    except OSError:
        local_id = None  # a pull makes it
    return record.pair(PairKey(endpoint, conf.bucket, base_path, root, local_id))


def pushed_folder(
    path: str, local_path_prefix: str | None, remote_of: Callable[[str], str]
) -> str | None:
    """The bucket folder ('base/results/') that a push of a local folder stands for, so
    the plan can show what is only in the bucket; None for files and wildcards."""
    path = os.fspath(path)  # accsr's callers pass Path objects too
    base = os.path.abspath(local_path_prefix) if local_path_prefix else os.getcwd()
    target = path if os.path.isabs(path) else os.path.join(base, path)
    if glob.has_magic(path) or not os.path.isdir(target):
        return None
    relative = os.path.relpath(target, base)
    folder = remote_of("" if relative == os.curdir else relative)
    return folder.rstrip("/") + "/" if folder else ""


def pulled_folder(summary: TransactionSummary, full_path: str, base_path: str) -> str | None:
    """The folder below the base path that a pull of ``full_path`` fills ('' for all of
    it), so the plan can show what is only on this computer; None for a single file."""
    base = base_path.strip("/")
    if full_path.rstrip("/") == base:
        return ""
    folder = full_path.rstrip("/") + "/"
    if any(s.remote_path.startswith(folder) for s in summary.all_files_analyzed):
        return folder[len(base) + 1 if base else 0 :].rstrip("/")
    return None
