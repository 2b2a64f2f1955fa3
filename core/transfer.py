"""Run a plan: parallel transfers with retries, progress, cancellation, atomic downloads.

Guarantees:
- A download is written to a temporary file beside the target, verified (size, and md5
  where the server gives one), and only then renamed into place. On failure or cancel the
  temporary file is removed; the previous version of the target is untouched.
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
import functools
import hashlib
import logging
import os
import stat as stat_mod
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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
    IntegrityError,
    ServerNotAnsweringError,
    TransientStorageError,
    UnsafeLocalPathError,
)
from .hashing import MD5_META_KEY, PLAIN_MD5, HashCache, file_identity
from .local_folders import (
    BaseReplaced,
    Blocked,
    KeptChanging,
    OpenFolders,
    SafeFolder,
    blocked_reason,
)
from .locations import backup_dir as default_backup_dir
from .paths import common_folder
from .progress import CancelToken, ProgressCallback, ProgressTracker
from .remote_object import RemoteObject
from .retry import with_retries
from .stores.base import ObjectStore
from .summary import CANCELLED, FAILED, SYNCED, SyncObject, TransactionSummary
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


def _some(names: list[str], limit: int = 10) -> str:
    """A readable list of names for a message: the first few, then how many more."""
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return file_identity(a) == file_identity(b)


def _stat_in(folder: SafeFolder, name: str) -> os.stat_result | None:
    try:
        return folder.lstat(name)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _check_local_target(
    folder: SafeFolder, name: str, shown: str, expected: os.stat_result | None
) -> os.stat_result | None:
    """The local target must still be what the plan saw (or still be absent)."""
    current = _stat_in(folder, name)
    if expected is None and current is not None:
        raise ChangedSincePreviewError(
            f"{shown} appeared after the preview; it was not overwritten. Preview again."
        )
    if expected is not None and (current is None or not _same_file(current, expected)):
        raise ChangedSincePreviewError(
            f"{shown} changed after the preview; it was not overwritten. Preview again."
        )
    return current


def _short_arrival(store: ObjectStore, obj: RemoteObject, written: int) -> BucketFerryError:
    """Why a download brought another number of bytes than the listing said: the object
    was replaced since (say so; retrying cannot help), or the connection broke (retry)."""
    try:
        current = store.head(obj.name)
    except BucketFerryError:
        current = None
    if written > obj.size or (
        current is not None and (current.size != obj.size or current.hash != obj.hash)
    ):
        now = f"it now has {current.size} bytes" if current is not None else "it changed"
        return ChangedSincePreviewError(
            f"'{obj.name}' changed in the bucket after the preview ({now}; the preview saw "
            f"{obj.size}); it was not pulled. Preview again."
        )
    return TransientStorageError(f"'{obj.name}' arrived with {written} of {obj.size} bytes.")


def _download_to_temp(
    store: ObjectStore,
    obj: RemoteObject,
    folder: SafeFolder,
    name: str,
    cancel: CancelToken,
    on_bytes: Callable[[int], None],
) -> tuple[str, str]:
    """Stream the object into a new temporary file in ``folder``; return (its name,
    md5). Verified: size, and the md5 the bucket reports."""
    fd, tmp = folder.open_temp(name)
    try:
        hasher = hashlib.md5()
        written = 0
        with os.fdopen(fd, "wb") as out, store.open_read(obj) as reader:
            for chunk in reader:
                cancel.raise_if_cancelled()
                written += len(chunk)
                if written > obj.size:  # never more than the listing said: a full disk
                    raise _short_arrival(store, obj, written)
                out.write(chunk)
                hasher.update(chunk)
                on_bytes(len(chunk))
            meta_md5 = reader.meta_data.get(MD5_META_KEY)
        if written != obj.size:
            raise _short_arrival(store, obj, written)
        digest = hasher.hexdigest()
        # The server's plain md5 ETag is evidence of what it stores; the md5 in metadata is
        # what some uploader claimed, so it counts only where the ETag says nothing.
        etag = (obj.hash or "").strip('"').lower()
        reference = etag if PLAIN_MD5.match(etag) else (meta_md5 or "").lower()
        if PLAIN_MD5.match(reference) and reference != digest:
            raise IntegrityError(
                f"'{obj.name}' arrived with different content than the bucket reports "
                "(md5 mismatch). It may have changed during the download; try again."
            )
        return tmp, digest
    except BaseException:
        with contextlib.suppress(OSError):
            folder.unlink(tmp)
        raise


@contextlib.contextmanager
def _target_folder(target: str, folders: OpenFolders | None) -> Iterator[SafeFolder]:
    """The folder ``target`` goes into: reached from the run's chosen folder without
    following links (a link on the way fails the file with UnsafeLocalPathError), or,
    without one, the target's own folder as the caller named it."""
    if folders is None:
        folders = OpenFolders(os.path.dirname(os.path.abspath(target)), limit=0)
        parts: list[str] = []
    else:
        parts = os.path.relpath(target, folders.base).split(os.sep)[:-1]
        if any(part in (os.curdir, os.pardir) for part in parts):
            raise UnsafeLocalPathError(f"{target} is not inside {folders.base}.")
    try:
        with folders.folder(parts) as folder:
            yield folder
    except Blocked as exc:
        raise UnsafeLocalPathError(
            f"{target} was not written: {blocked_reason(exc)}. Bucket Ferry writes only into "
            "real folders inside the chosen folder."
        ) from None
    except BaseReplaced:
        raise ChangedSincePreviewError(
            f"{folders.base} is not the folder that was previewed (it was replaced or moved); "
            f"{target} was not written. Preview again."
        ) from None
    except KeptChanging as exc:
        raise TransientStorageError(
            f"The local folder '{exc.relative}' kept changing while {target} was being "
            "written; trying again."
        ) from None


def _check_kept(kept: KeptCopy, existing: os.stat_result, target: str) -> None:
    """The trash works by path, the replacement by the open folder: make sure the copy the
    trash kept is of the very file about to be replaced (not of another one that took its
    path meanwhile), or the replaced file would be lost."""
    try:
        st = os.lstat(kept.path)
    except OSError:
        st = None
    same = st is not None and (
        (st.st_dev, st.st_ino) == (existing.st_dev, existing.st_ino)
        or (st.st_size, st.st_mtime_ns) == (existing.st_size, existing.st_mtime_ns)  # a copy
    )
    if not same:
        raise ChangedSincePreviewError(
            f"{target} changed while its old version was being kept; it was not overwritten. "
            "Preview again."
        )


def download_object(
    store: ObjectStore,
    obj: RemoteObject,
    target: str,
    *,
    folders: OpenFolders | None = None,
    overwrite_existing: bool = False,
    expected_local: os.stat_result | None = None,
    check_target: bool = False,
    cancel: CancelToken | None = None,
    on_bytes: Callable[[int], None] = lambda n: None,
    hash_cache: HashCache | None = None,
    keep_replaced: Callable[[str], KeptCopy] | None = None,
) -> KeptCopy | None:
    """Atomically place the object's content at ``target``.

    With ``folders`` (a pull's chosen folder, containing ``target``), every folder from
    there to the target is reached without following links (see local_folders.py);
    otherwise the target's folder is the caller's explicit choice and is used as it is.
    With ``check_target``, the target must still match ``expected_local`` (None: absent).
    ``keep_replaced`` keeps an existing target's version before it is replaced; what it
    returns (where that version went) is returned.
    """
    cancel = cancel or CancelToken()
    name = os.path.basename(target)
    with _target_folder(target, folders) as folder:
        existing = _stat_in(folder, name)
        if not check_target and existing is not None and stat_mod.S_ISDIR(existing.st_mode):
            raise CollisionError(f"Cannot pull '{obj.name}': {target} is a folder.")
        if not overwrite_existing and not check_target and existing is not None:
            raise ForceRequiredError(f"{target} already exists and overwriting was not allowed.")
        tmp, digest = _download_to_temp(store, obj, folder, name, cancel, on_bytes)
        kept: KeptCopy | None = None
        try:
            cancel.raise_if_cancelled()
            if check_target:
                existing = _check_local_target(folder, name, target, expected_local)
            else:
                existing = _stat_in(folder, name)
            if keep_replaced is not None and existing is not None:
                kept = keep_replaced(target)
                _check_kept(kept, existing, target)
            folder.replace(tmp, name)
        except BaseException:
            if kept is not None:
                kept.undo()
            with contextlib.suppress(OSError):
                folder.unlink(tmp)
            raise
        if hash_cache is not None:
            hash_cache.remember(target, folder.lstat(name), digest)
    return kept


def path_in_pulled_folder(local_path: str, remote_name: str) -> str:
    """The file's path inside the folder it was pulled into, for naming its backup: the
    end of its local path that matches the end of its name in the bucket (the run does
    not know the bucket's base path, so a local folder named like the base path's last
    part is included too)."""
    local_parts = Path(local_path).parts
    remote_parts = remote_name.split("/")
    shared = 1  # the file's own name, at least
    limit = min(len(local_parts) - 1, len(remote_parts))
    while shared < limit and local_parts[-1 - shared] == remote_parts[-1 - shared]:
        shared += 1
    return "/".join(local_parts[-shared:])


def _pulled_into(items: Iterable[SyncObject]) -> str | None:
    """The folder a pull writes into, as far as its files tell (the plan does not keep
    it): for each file, its local path without its path in the pulled folder. That guess
    is the real folder or one above it, never one below, so a trash that must stay out of
    the real folder stays out of it. None without files."""
    roots = []
    for item in items:
        if item.local_path is not None:
            inside = path_in_pulled_folder(item.local_path, item.remote_path)
            roots.append(Path(item.local_path).parents[len(inside.split("/")) - 1])
    return os.path.commonpath(roots) if roots else None


_PROC_FD = os.path.isdir("/proc/self/fd")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@contextlib.contextmanager
def _opened_as_previewed(
    path: str, seen: os.stat_result | None
) -> Iterator[tuple[str, os.stat_result]]:
    """The file to push, opened and checked to be the very version the preview showed
    (not another file swapped in under its name, a link to elsewhere, or a pipe, whose
    read would hang): yields where to read it and its stat. Where the system can name an
    open descriptor (Linux's /proc/self/fd), that name is what the hash and the upload
    read, so a swap after the check cannot change what is sent; elsewhere, the path."""
    fd = os.open(path, _OPEN_FLAGS)  # O_NONBLOCK: opening a pipe does not wait
    try:
        st = os.fstat(fd)
        if seen is not None and file_identity(st) != file_identity(seen):
            raise ChangedSincePreviewError(
                f"{path} changed after the preview; it was not sent. Preview again."
            )
        yield (f"/proc/self/fd/{fd}" if _PROC_FD else path), st
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
        known_remote: dict[str, RemoteObject] | None,
        keeper: ReplacedFileKeeper | None,
    ) -> None:
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
        try:
            with ThreadPoolExecutor(self.workers, thread_name_prefix="transfer") as pool:
                list(pool.map(self._one, self.items))
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
            sent = 0

        if self.fatal is not None:
            self._not_tried(item, self.fatal)
            return
        transfer = self._push if self.summary.sync_direction == "push" else self._pull
        try:
            self.cancel.raise_if_cancelled()
            with_retries(
                lambda: _attempt(lambda: transfer(item, on_bytes)),
                self.retries,
                self.cancel,
                on_retry,
            )
        except CancelledError:
            item.status, item.reason = CANCELLED, "cancelled"
            on_retry()
            return
        except BucketFerryError as exc:
            self._failed(item, exc, on_retry)
            return
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            self._failed(item, BucketFerryError(f"{exc.strerror or exc}{where}"), on_retry)
            return
        item.status, item.reason = SYNCED, None
        item._equal = True
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
        with self.lock:
            self.summary.failed_files.append(item)
        self.tracker.file_done(item.name)

    def _not_tried(self, item: SyncObject, fatal: BucketFerryError) -> None:
        """After a run-stopping error: the file fails with its reason, unlogged (the log
        says it once, not once per file)."""
        item.status, item.reason = FAILED, str(fatal)
        with self.lock:
            self.summary.failed_files.append(item)
        self.tracker.file_done(item.name)

    def _push(self, item: SyncObject, on_bytes: Callable[[int], None]) -> None:
        assert item.local_path is not None
        with _opened_as_previewed(item.local_path, item.local_stat) as (source, st):
            self._send(item, source, st, on_bytes)

    def _send(
        self, item: SyncObject, source: str, st: os.stat_result, on_bytes: Callable[[int], None]
    ) -> None:
        """Uploads the checked file, read from ``source`` (see _opened_as_previewed)."""
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
        elif self.known_remote is not None and item.remote_path in self.known_remote:
            raise ChangedSincePreviewError(
                f"'{item.remote_path}' appeared in the bucket after the preview; it was not "
                "overwritten. Preview again."
            )
        md5 = self.hash_cache.md5(item.local_path, st, read_from=source)
        item.remote_obj = self.store.upload(
            source,
            item.remote_path,
            size=st.st_size,
            md5=md5,
            on_bytes=on_bytes,
            cancel=self.cancel,
        )
        item.set_local_path(item.local_path, local_stat=st)
        item._local_hash = md5

    def _pull(self, item: SyncObject, on_bytes: Callable[[int], None]) -> None:
        assert item.local_path is not None and isinstance(item.remote_obj, RemoteObject)
        keep: Callable[[str], KeptCopy] | None = None
        if self.keeper is not None and item.local_stat is not None:  # it replaces a file
            relative = path_in_pulled_folder(item.local_path, item.remote_path)
            keep = functools.partial(self.keeper.keep, relative_path=relative)
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
        item.set_local_path(item.local_path)


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
) -> TransactionSummary:
    """Run the plan's files to sync (or the selected subset); never raises per-file errors.

    Files already synced by an earlier run of the same summary are not sent again.
    A pull keeps every local file it replaces (``force``) in the trash, or else in a
    dated sub-folder of ``backup_dir`` (None: ``default_backup_dir`` of the bucket), unless
    ``keep_replaced`` is False.
    """
    wanted = None if selection is None else {id(s) for s in selection}

    def chosen(s: SyncObject) -> bool:
        return wanted is None or id(s) in wanted

    chosen_names = {s.name for s in summary.matched_source_files if chosen(s)}
    collisions = [name for name in summary.unresolvable_collisions if name in chosen_names]
    if collisions:
        raise CollisionError(
            "Found name collisions of files with folders, not syncing anything. Affected "
            f"names: {_some(collisions)}. Suggestion: perform a dry run, look at the "
            "collisions, and rename or exclude those paths."
        )
    overwrites = [s.name for s in summary.on_target_neq_md5 if chosen(s)]
    if overwrites and not force:
        raise ForceRequiredError(
            "Operation requires overwriting of objects but `force=False`. Affected names: "
            f"{_some(overwrites)}. Suggestion: perform a dry run, review the differences, "
            "and run again with force=True to overwrite them."
        )
    items = [s for s in summary.files_to_sync if chosen(s) and s.status != SYNCED]
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
            local_root=summary.local_base_dir or _pulled_into(replacing),
        )
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
    )
    try:
        run.run()
    finally:
        hash_cache.save()
    summary.cancelled = any(s.status == CANCELLED for s in items)
    summary.stopped_reason = str(run.fatal) if run.fatal is not None else None
    if run.fatal is not None:
        log.warning("The run stopped: %s", run.fatal)
    if run.fatal is not None and not summary.synced_files:
        raise run.fatal
    return summary
