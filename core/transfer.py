"""Run a plan: parallel transfers with retries, progress, cancellation, atomic downloads.

Guarantees:
- A download is atomic and verified (see stores/download.py).
- Before replacing anything, the target is checked against what the plan saw; if it
  changed since, that file fails with ``ChangedSincePreviewError`` instead.
- Nothing is lost by forcing a pull: a local file that is replaced is first put in the
  desktop's trash or a dated backup folder (see trash.py), and the file's result says
  where (``SyncObject.replaced_copy``). The order: the new version is downloaded and
  verified beside the target, then the old one is kept (a hard link into the trash, so
  the target's name never stands empty; where hard links are impossible, a rename, which
  leaves the name empty for the microseconds until the next step), then the new version
  is renamed into place. If the old version cannot be kept anywhere, that file fails and
  stays as it was.
- Transient failures are retried with exponential backoff; errors that retrying cannot fix
  (refused credentials, missing bucket, unreachable host) stop the whole run at once.
- Cancel is checked between chunks of at most 1 MiB, so every worker stops within a second.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .bounded import bounded_map
from .bucket_backups import RemoteKeeper
from .config import RESUMABLE_UPLOADS_PROVIDER
from .errors import (
    AuthenticationError,
    BucketFerryError,
    BucketNotFoundError,
    CancelledError,
    ChangedSincePreviewError,
    CollisionError,
    ConfigurationError,
    ConnectionFailedError,
    ForceRequiredError,
    ServerNotAnsweringError,
    TransientStorageError,
)
from .file_stat import FileStat
from .hashing import HashCache, file_identity
from .journal import ActiveRun, Copy, file_copy, local_kept_kind, object_copy
from .journaled_runs import RunStart
from .local_folders import OpenFolders
from .locations import backup_dir as default_backup_dir
from .paths import common_folder
from .progress import CancelToken, ProgressCallback, ProgressTracker, reporting_resumes
from .remote_object import RemoteObject, RemoteObjectProtocol
from .retry import with_retries
from .stores.base import ObjectStore
from .stores.download import StoredObject, download_object
from .summary import TransactionSummary
from .sync_object import CANCELLED, FAILED, SYNCED, SyncObject
from .trash import KeptCopy, ReplacedFileKeeper

log = logging.getLogger(__name__)

FATAL_ERRORS = (
    AuthenticationError,
    BucketNotFoundError,
    ConnectionFailedError,
    ConfigurationError,
    ServerNotAnsweringError,  # raised once the retries are used up
)
"""Errors that every other file would meet as well: the first one stops the run (files not
tried yet fail with its reason, and ``TransactionSummary.stopped_reason`` says it once)."""

_OUT_OF_FILES = (errno.EMFILE, errno.ENFILE)


@dataclass(frozen=True)
class RunHooks:
    """What accsr's ``RemoteStorage`` lets a caller add to each file of a run."""

    extra_for: Callable[[SyncObject], Mapping[str, Any] | None] | None = None
    """``add_extra_to_upload``: libcloud upload options for a file about to be pushed."""
    hash_of: Callable[[RemoteObjectProtocol], Any] | None = None
    """``remote_hash_extractor``: the hash to remember for the object a push made."""
    on_start: Callable[[SyncObject], None] | None = None
    """Called once as each file's transfer begins (accsr's progress messages)."""
    on_synced: Callable[[SyncObject], None] | None = None
    """Called as each file's transfer completes (from the worker threads)."""


def _attempt(action: Callable[[], None]) -> None:
    """Runs one try; running out of open files is a passing limit (other workers close
    theirs), so it is retried with backoff like a busy server rather than failing."""
    try:
        action()
    except BucketFerryError:
        raise
    except OSError as exc:
        if exc.errno in _OUT_OF_FILES:
            raise TransientStorageError(
                "The system ran out of open files; trying again. Fewer parallel transfers "
                "(workers) avoid this."
            ) from exc
        raise


def _first_collision(summary: TransactionSummary, name: str) -> str:
    """Where the first collision is, in words that name the clashing path (accsr's
    messages say "directory: <path>", and code written for accsr matches on that)."""
    item = next(s for s in summary.matched_source_files if s.name == name)
    if summary.sync_direction == "pull":
        where = item.local_path or name
    else:
        where = f"'{name}' in the bucket"
    why = f" ({item.reason})" if item.reason else ""
    return f"One name, both a file and a directory: {where}{why}."


def _some(names: list[str], limit: int = 10) -> str:
    """A readable list of names for a message: the first few, then how many more."""
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


_PROC_FD = os.path.isdir("/proc/self/fd")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@contextlib.contextmanager
def _opened_as_previewed(
    path: str, seen: FileStat | None
) -> Iterator[tuple[str, os.stat_result, int]]:
    """The file to push, opened and checked to be the very version the preview showed
    (not another file swapped in under its name, a link to elsewhere, or a pipe, whose
    read would hang): yields where to read it, its stat and the open descriptor, which
    the hash reads. Where the system can name an open descriptor (Linux's
    /proc/self/fd), that name is what the upload reads, so a swap after the check cannot
    change what is sent; elsewhere, the path."""
    fd = os.open(path, _OPEN_FLAGS)  # O_NONBLOCK: opening a pipe does not wait
    try:
        st = os.fstat(fd)
        if seen is not None and file_identity(st) != file_identity(seen):
            raise ChangedSincePreviewError(
                f"{path} changed after the preview; it was not sent. Preview again."
            )
        yield (f"/proc/self/fd/{fd}" if _PROC_FD else path), st, fd
    finally:
        os.close(fd)


class _Run:
    """One execution of a plan; owns the worker pool and the shared counters."""

    def __init__(
        self,
        store: ObjectStore,
        summary: TransactionSummary,
        items: list[SyncObject],
        *,
        workers: int,
        retries: int,
        progress: ProgressCallback | None,
        cancel: CancelToken,
        hash_cache: HashCache,
        known_remote: dict[str, StoredObject] | None,
        keeper: ReplacedFileKeeper | None,
        hooks: RunHooks,
        remote_keeper: RemoteKeeper | None,
        journal: ActiveRun | None,
    ) -> None:
        self.hooks, self.remote_keeper, self.journal = hooks, remote_keeper, journal
        self.store = store
        self.summary = summary
        self.items = items
        self.workers = max(1, workers)
        self.retries = retries
        self.cancel = cancel
        self.hash_cache = hash_cache
        self.known_remote = known_remote
        self.keeper = keeper
        self.fatal: BucketFerryError | None = None
        base = summary.local_base_dir if summary.sync_direction == "pull" else None
        self.folders = (
            OpenFolders(base, base_id=summary.local_base_id) if base is not None else None
        )
        self.lock = threading.Lock()
        self.tracker = ProgressTracker(
            progress,
            files_total=len(items),
            bytes_total=sum(s.get_bytes_transferred() for s in items),
        )

    def run(self) -> None:
        limit, workers = self.store.serial_below, self.workers
        small = [s for s in self.items if s.get_bytes_transferred() < limit] if limit else []
        try:
            with self.store.transferring():
                if small:  # see ObjectStore.serial_below: the large files first, side by side
                    large = [s for s in self.items if s.get_bytes_transferred() >= limit]
                    bounded_map(self._one, large, workers, name="transfer")
                    workers = 1
                bounded_map(self._one, small or self.items, workers, name="transfer")
        finally:
            if self.folders is not None:
                self.folders.close()
        self.tracker.finish()

    def _one(self, item: SyncObject) -> None:
        sent = 0

        def on_bytes(count: int) -> None:
            nonlocal sent
            sent += count
            self.tracker.add_bytes(count, item.name)

        def on_retry() -> None:
            nonlocal sent
            self.tracker.add_bytes(-sent)
            self.tracker.resume(item.name, 0, 0)  # a retry says again what is there
            sent = 0

        if self.fatal is not None:
            self._not_tried(item, self.fatal)
            return
        transfer = self._push if self.summary.sync_direction == "push" else self._pull
        try:
            self.cancel.raise_if_cancelled()
            if self.hooks.on_start is not None:
                self.hooks.on_start(item)
            with reporting_resumes(partial(self.tracker.resume, item.name)):
                with_retries(
                    lambda: _attempt(lambda: transfer(item, on_bytes)),
                    self.retries,
                    self.cancel,
                    on_retry,
                )
        except CancelledError:
            item.status, item.reason = CANCELLED, "cancelled"
            on_retry()
            if self.journal is not None:
                self.journal.failed(item, "cancelled", cancelled=True)
            return
        except BucketFerryError as exc:
            self._failed(item, exc, on_retry)
            return
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            self._failed(item, BucketFerryError(f"{exc.strerror or exc}{where}"), on_retry)
            return
        item.status, item.reason = SYNCED, None
        if self.journal is not None:
            self.journal.done(item, self._after(item))
        if self.hooks.on_synced is not None:
            self.hooks.on_synced(item)
        with self.lock:
            self.summary.synced_files.append(item)
        self.tracker.file_done(item.name)

    def _failed(
        self, item: SyncObject, exc: BucketFerryError, on_retry: Callable[[], None]
    ) -> None:
        on_retry()
        if isinstance(exc, FATAL_ERRORS):
            with self.lock:
                if self.fatal is None:
                    self.fatal = exc
        item.status, item.reason = FAILED, str(exc)
        log.warning("%s failed: %s", item.name, exc)
        if self.journal is not None:
            self.journal.failed(item, str(exc))
        with self.lock:
            self.summary.failed_files.append(item)
        self.tracker.file_done(item.name)

    def _not_tried(self, item: SyncObject, fatal: BucketFerryError) -> None:
        """After a run-stopping error: the file fails with its reason, unlogged (the log
        says it once, not once per file)."""
        item.status, item.reason = FAILED, str(fatal)
        if self.journal is not None:
            self.journal.failed(item, str(fatal))
        with self.lock:
            self.summary.failed_files.append(item)
        self.tracker.file_done(item.name)

    def _after(self, item: SyncObject) -> Copy | None:
        """What the run left where it wrote (for the journal)."""
        if self.summary.sync_direction == "push":
            return object_copy(item.remote_obj) if item.remote_obj is not None else None
        assert item.local_path is not None and item.remote_obj is not None
        try:
            st = os.stat(item.local_path)
        except OSError:  # moved away the moment it arrived: undo will find it changed
            return None
        return file_copy(st, object_copy(item.remote_obj).md5)

    def _push(self, item: SyncObject, on_bytes: Callable[[int], None]) -> None:
        assert item.local_path is not None
        with _opened_as_previewed(item.local_path, item.local_stat) as (source, st, fd):
            self._send(item, source, st, fd, on_bytes)

    def _send(
        self,
        item: SyncObject,
        source: str,
        st: os.stat_result,
        fd: int,
        on_bytes: Callable[[int], None],
    ) -> None:
        """Uploads the checked file, hashed from ``fd`` and read from ``source`` (see
        _opened_as_previewed)."""
        assert item.local_path is not None
        planned = item.remote_obj
        if planned is not None:
            # An overwrite: the remote object must still be the one the user saw.
            current = self.store.head(item.remote_path)
            if (
                current is None
                or current.size != planned.size
                or current.extra.get("mtime_ns") != getattr(planned, "extra", {}).get("mtime_ns")
                or current.hash != planned.hash
            ):
                raise ChangedSincePreviewError(
                    f"'{item.remote_path}' changed in the bucket after the preview; it was not "
                    "overwritten. Preview again."
                )
            if self.remote_keeper is not None:
                kept = self.remote_keeper.keep(current)
                if kept is not None:
                    item.replaced_copy = kept.describe()
                    if self.journal is not None:
                        self.journal.kept(item, kept.kind, kept.where)
        elif self.known_remote is not None and item.remote_path in self.known_remote:
            raise ChangedSincePreviewError(
                f"'{item.remote_path}' appeared in the bucket after the preview; it was not "
                "overwritten. Preview again."
            )
        md5 = self.hash_cache.md5(item.local_path, st, read_from=fd)
        hooks = self.hooks
        item.remote_obj = self.store.upload(
            source,
            item.remote_path,
            size=st.st_size,
            md5=md5,
            on_bytes=on_bytes,
            cancel=self.cancel,
            extra=hooks.extra_for(item) if hooks.extra_for is not None else None,
        )
        remote_hash = hooks.hash_of(item.remote_obj) if hooks.hash_of is not None else None
        item.now_identical(local_stat=st, local_hash=md5, remote_hash=remote_hash)

    def _pull(self, item: SyncObject, on_bytes: Callable[[int], None]) -> None:
        assert item.local_path is not None and isinstance(item.remote_obj, RemoteObject)
        keep: Callable[[str], KeptCopy] | None = None
        if self.keeper is not None and item.local_stat is not None:  # it replaces a file
            keeper, relative = self.keeper, self._path_in_pull(item.local_path)

            def keep(path: str) -> KeptCopy:
                """Keeps the old version and journals where, before the new one's rename."""
                kept = keeper.keep(path, relative_path=relative)
                if self.journal is not None:
                    self.journal.kept(item, local_kept_kind(kept), kept.path)
                return kept

        kept = download_object(
            self.store,
            item.remote_obj,
            item.local_path,
            expected_local=item.local_stat,
            check_target=True,
            cancel=self.cancel,
            on_bytes=on_bytes,
            hash_cache=self.hash_cache,
            keep_replaced=keep,
            folders=self.folders,
        )
        if kept is not None:
            item.replaced_copy = kept.path
        item.now_identical()

    def _path_in_pull(self, local_path: str) -> str:
        """The file's path inside the folder the plan pulls into (how its backup is
        named); a plan made by hand may not say which folder that is."""
        base = self.summary.local_base_dir
        if base is None:
            return os.path.basename(local_path)
        return Path(os.path.relpath(local_path, base)).as_posix()


def execute(
    store: ObjectStore,
    summary: TransactionSummary,
    *,
    force: bool,
    selection: Iterable[SyncObject] | None,
    workers: int,
    retries: int,
    progress: ProgressCallback | None,
    cancel: CancelToken | None,
    hash_cache: HashCache,
    recheck_remote: bool,
    keep_replaced: bool = True,
    backup_dir: str | None = None,
    hooks: RunHooks = RunHooks(),
    safe_updates: bool = False,
    begin: Callable[[list[SyncObject]], RunStart] | None = None,
) -> TransactionSummary:
    """Run the plan's files to sync (or the selected subset); never raises per-file errors.

    Files already synced by an earlier run of the same summary are not sent again.
    A pull keeps every local file it replaces (``force``) in the trash, or else in a
    dated sub-folder of ``backup_dir`` (None: ``default_backup_dir`` of the bucket), unless
    ``keep_replaced`` is False. With ``safe_updates``, files whose target is still the
    copy last synced (``SyncObject.safe_update``) are replaced without ``force``.
    ``begin`` journals the files about to be tried (see journaled_runs.py); a push keeps
    every object it replaces with the keeper it gives, and each file's outcome goes to
    its journal as it completes.
    """
    wanted = None if selection is None else {id(s) for s in selection}

    def chosen(s: SyncObject) -> bool:
        return wanted is None or id(s) in wanted

    collisions = []
    if summary.unresolvable_collisions:  # (no set of every name for a plan without any)
        chosen_names = {s.name for s in summary.matched_source_files if chosen(s)}
        collisions = [name for name in summary.unresolvable_collisions if name in chosen_names]
    if collisions:
        raise CollisionError(
            "Found name collisions of files with folders, not syncing anything. "
            f"{_first_collision(summary, collisions[0])} Affected names: {_some(collisions)}. "
            "Suggestion: perform a dry run, look at the collisions, and rename or exclude "
            "those paths."
        )
    overwrites = [
        s.name
        for s in summary.on_target_neq_md5
        if chosen(s) and not (safe_updates and s.safe_update)
    ]
    if overwrites and not force:
        raise ForceRequiredError(
            "Operation requires overwriting of objects but `force=False`. Affected names: "
            f"{_some(overwrites)}. Suggestion: perform a dry run, review the differences, "
            "and run again with force=True to overwrite them."
        )
    items = [s for s in summary.files_to_sync if chosen(s) and s.status != SYNCED]
    if summary.failed_files:
        retried = {id(s) for s in items}
        summary.failed_files = [s for s in summary.failed_files if id(s) not in retried]
    cancel = cancel or CancelToken()
    known_remote = None
    if recheck_remote and summary.sync_direction == "push" and items:
        new_names = [s.remote_path for s in items if s.remote_obj is None]
        if new_names:
            known_remote = {o.name: o for o in store.list(common_folder(new_names))}
    keeper = None
    replacing = [s for s in items if s.local_stat is not None]
    if keep_replaced and summary.sync_direction == "pull" and replacing:
        keeper = ReplacedFileKeeper(
            backup_dir or default_backup_dir(store.bucket_name),
            local_root=summary.local_base_dir,
        )
    if store.provider == RESUMABLE_UPLOADS_PROVIDER:
        from .stores.upload_resume import abandon_stale_uploads  # network code: S3 only

        abandon_stale_uploads(store)  # this computer's uploads left unfinished for a week
    start = begin(items) if begin is not None else None
    run = _Run(
        store,
        summary,
        items,
        workers=workers,
        retries=retries,
        progress=progress,
        cancel=cancel,
        hash_cache=hash_cache,
        known_remote=known_remote,
        keeper=keeper,
        hooks=hooks,
        remote_keeper=start.remote_keeper if start is not None else None,
        journal=start.journal if start is not None else None,
    )
    try:
        run.run()
    finally:
        hash_cache.save()
        if summary.record is not None:
            summary.record.flush()
        summary.cancelled = any(s.status == CANCELLED for s in items)
        summary.stopped_reason = str(run.fatal) if run.fatal is not None else None
        if start is not None:
            start.finish(summary.cancelled, summary.stopped_reason)
    if run.fatal is not None:
        log.warning("The run stopped: %s", run.fatal)
    if run.fatal is not None and not summary.synced_files:
        raise run.fatal
    return summary
