"""accsr's ``RemoteStorage``, name for name, on Bucket Ferry's engine.

Switching from accsr is one import: ``from bucketferry.core import RemoteStorage``.
Extensions are keyword-only: ``workers``, ``progress``, ``cancel`` on push/pull, and
:meth:`RemoteStorage.execute` to run a previewed plan (or part of it) as the user saw it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .api_progress import ApiFeedback
from .changes import recorder
from .config import EMBEDDED_BUCKET, Provider, RemoteStorageConfig, embedded_default_config
from .deletion import DeletePlan, delete_objects, plan_delete
from .errors import ConfigurationError
from .hashing import HashCache, default_hash_cache
from .journaled_runs import begin_delete, begin_transfer
from .paths import (
    Regex,
    compile_filter,
    is_name_neighbour,
    join_remote,
    merge_path_regex,
    strip_abspath,
)
from .plan import push_remote_path
from .previews import Place, preview_pull, preview_push
from .progress import CancelToken, ProgressCallback
from .remote_object import RemoteObjectProtocol
from .storage_extras import StorageExtras
from .stores import libcloud_container, libcloud_driver, make_store
from .stores.base import ObjectStore
from .summary import TransactionSummary
from .sync_object import SyncObject
from .sync_record import SyncRecord, default_sync_record
from .transfer import RunHooks, execute

log = logging.getLogger(__name__)

MAX_WORKERS = 64
"""More parallel transfers than this only queue at the server and run out of open files
(each worker holds a connection and a file)."""


class RemoteStorage(StorageExtras):
    """Push, pull, list and delete files in one bucket below a base path."""

    def __init__(
        self,
        conf: RemoteStorageConfig,
        add_extra_to_upload: Callable[[SyncObject], Mapping[str, Any] | None] | None = None,
        remote_hash_extractor: Callable[[RemoteObjectProtocol], Any] | None = None,
        *,
        hash_cache: HashCache | None = None,
        sync_record: SyncRecord | None = None,
    ) -> None:
        """accsr's hooks: ``add_extra_to_upload`` gives, for each file about to be pushed,
        libcloud's upload options (``content_type``, ``meta_data``, ``acl``);
        ``remote_hash_extractor`` gives, for each object, the hash its local file's md5 is
        compared with instead of the provider's hash (both also apply to
        :meth:`execute`)."""
        self.add_extra_to_upload = add_extra_to_upload
        self.remote_hash_extractor = remote_hash_extractor
        self._conf = conf
        self._provider = conf.provider
        self._remote_base_path = ""
        self.set_remote_base_path(conf.base_path)
        self._hash_cache = hash_cache
        self._sync_record = sync_record
        self._store: ObjectStore | None = None
        self._store_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RemoteStorage(provider={self.provider!r}, bucket={self.conf.bucket!r})"

    # --- accsr's properties ------------------------------------------------------------

    @property
    def conf(self) -> RemoteStorageConfig:
        return self._conf

    @property
    def provider(self) -> str:
        return self._provider

    @property
    def remote_base_path(self) -> str:
        return self._remote_base_path

    def set_remote_base_path(self, path: str | None) -> None:
        """Changes the base path; push and pull only affect files below it.

        Surrounding slashes are dropped ('team/' is 'team'): a trailing one would make
        names like 'team//plan.txt', which S3 clients quietly turn into 'team/plan.txt'.
        """
        path = "" if path is None else path.strip().strip("/")
        if (
            any(part in (".", "..") for part in path.split("/"))
            or "\\" in path
            or any(ord(c) < 32 or c == "\x7f" for c in path)
        ):
            raise ConfigurationError(
                f"The base path {path!r} in the bucket cannot contain '.' or '..' folders, "
                "backslashes or control characters: it names a place inside the bucket, such "
                "as 'team/data'."
            )
        self._remote_base_path = path.strip()

    @property
    def hash_cache(self) -> HashCache:
        return self._hash_cache or default_hash_cache()

    @property
    def sync_record(self) -> SyncRecord:
        """What both sides were when last synced (see sync_record.py)."""
        return self._sync_record or default_sync_record()

    @property
    def store(self) -> ObjectStore:
        """Bucket Ferry's thread-safe access to the bucket (what the engine uses)."""
        with self._store_lock:
            if self._store is None:
                self._store = make_store(self._conf, self.hash_cache)
            return self._store

    @property
    def driver(self) -> Any:
        """The libcloud driver of the calling thread (a local-storage driver for folders)."""
        return libcloud_driver(self.store)

    @property
    def bucket(self) -> Any:
        """The libcloud container of the bucket (for code that used accsr's ``bucket``)."""
        return libcloud_container(self.store)

    def create_bucket(self, exist_ok: bool = True) -> None:
        self.store.create_bucket(exist_ok=exist_ok)

    def check(self) -> None:
        """Raise a clear error unless the bucket is reachable with these credentials."""
        self.store.check()

    # --- paths -------------------------------------------------------------------------

    def _full_remote_path(self, remote_path: str) -> str:
        return join_remote(self.remote_base_path, remote_path)

    def get_push_remote_path(self, local_path: str) -> str:
        """The full path within the bucket that ``local_path`` is pushed to."""
        return push_remote_path(self.remote_base_path, local_path)

    # --- push / pull -------------------------------------------------------------------

    def _workers(self, workers: int | None) -> int:
        """Parallel transfers. Copies into a local-folder bucket are CPU and disk work, not
        waiting on a network: more threads than cores only fight over the GIL (and starve
        a window's event loop), so they get at most one per core."""
        chosen = min(MAX_WORKERS, max(1, workers if workers is not None else self.conf.workers))
        if self.provider == Provider.LOCAL.value:
            chosen = min(chosen, os.cpu_count() or 2)
        return chosen

    def plan_push(
        self,
        path: str,
        local_path_prefix: str | None = None,
        include_regex: Regex = None,
        exclude_regex: Regex = None,
        *,
        workers: int | None = None,
        follow_links: bool = False,
    ) -> TransactionSummary:
        """The push plan (what ``push(..., dryrun=True)`` returns).

        Symbolic links that lead outside the folder pushed from (``local_path_prefix``, or
        the working directory) are refused and listed with the reason, unless
        ``follow_links``: then what they point to is sent, files and folders alike."""
        return preview_push(
            self._place(workers),
            path,
            local_path_prefix,
            compile_filter(include_regex, "include"),
            compile_filter(exclude_regex, "exclude"),
            follow_links,
        )

    def plan_pull(
        self,
        remote_path: str,
        local_base_dir: str = "",
        include_regex: Regex = None,
        exclude_regex: Regex = None,
        convert_to_linux_path: bool = True,
        *,
        workers: int | None = None,
    ) -> TransactionSummary:
        """The pull plan (what ``pull(..., dryrun=True)`` returns)."""
        if convert_to_linux_path:
            remote_path = remote_path.replace("\\", "/")
        summary = preview_pull(
            self._place(workers),
            self._full_remote_path(remote_path),
            os.path.abspath(local_base_dir),
            compile_filter(include_regex, "include"),
            compile_filter(exclude_regex, "exclude"),
        )
        if not summary.all_files_analyzed:
            log.warning("No files found in remote storage under path: %s", remote_path)
        return summary

    def _place(self, workers: int | None) -> Place:
        return Place(
            self.store,
            self.conf,
            self.remote_base_path,
            self.hash_cache,
            self.sync_record,
            self._workers(workers),
            self.remote_hash_extractor,
        )

    def execute(
        self,
        summary: TransactionSummary,
        *,
        force: bool = False,
        selection: Iterable[Any] | None = None,
        workers: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        safe_updates: bool = True,
    ) -> TransactionSummary:
        """Run a plan exactly as previewed (or only the ``selection`` of its entries).

        Returns the summary with per-file results (``status``/``reason``; ``synced_files``,
        ``failed_files``); per-file failures are not raised. Anything that would be
        overwritten is first checked to still be what the plan saw. Replacing a copy that
        changed since the last sync, or whose history is unknown, needs ``force``; a safe
        update (the target is still the copy last synced) does not, unless
        ``safe_updates`` is False (accsr's rule, which ``push``/``pull`` keep).
        """
        return self._execute(
            summary, force, selection, workers, progress, cancel, True, safe_updates=safe_updates
        )

    def _execute(
        self,
        summary: TransactionSummary,
        force: bool,
        selection: Iterable[Any] | None,
        workers: int | None,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        recheck: bool,
        on_start: Callable[[SyncObject], None] | None = None,
        *,
        safe_updates: bool = False,
    ) -> TransactionSummary:
        """``recheck``: list the bucket again first (a plan made a while ago); push/pull
        skip that, their plan is seconds old."""
        return execute(
            self.store,
            summary,
            force=force,
            selection=selection,
            workers=self._workers(workers),
            retries=self.conf.retries,
            progress=progress,
            cancel=cancel,
            hash_cache=self.hash_cache,
            recheck_remote=recheck,
            keep_replaced=self.conf.keep_replaced,
            backup_dir=self.conf.backup_dir,
            hooks=RunHooks(
                self.add_extra_to_upload,
                self.remote_hash_extractor,
                on_start,
                on_synced=recorder(summary),
            ),
            safe_updates=safe_updates,
            begin=lambda items: begin_transfer(
                self.journal, self.store, self.conf, self.remote_base_path, summary, items
            ),
        )

    def _run(
        self,
        summary: TransactionSummary,
        dryrun: bool,
        force: bool,
        workers: int | None,
        progress: ProgressCallback | None,
        cancel: CancelToken | None,
        feedback: ApiFeedback,
    ) -> TransactionSummary:
        if dryrun:
            summary.warn_if_it_would_fail(force)
            return summary
        bucket = self.conf.bucket
        with feedback.transferring(summary, force, bucket, progress) as (report, announce):
            self._execute(summary, force, None, workers, report, cancel, False, announce)
        summary.raise_if_failed()
        return summary

    def push(
        self,
        path: str,
        local_path_prefix: str | None = None,
        force: bool = False,
        include_regex: Regex = None,
        exclude_regex: Regex = None,
        dryrun: bool = False,
        path_regex: Regex = None,
        use_pbar: bool | None = None,
        *,
        workers: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        follow_links: bool = False,
    ) -> TransactionSummary:
        """Upload files to ``remote_base_path/<path relative to local_path_prefix>``.

        Files whose content already matches are not uploaded. See accsr's examples 1-5 for
        ``path``/``local_path_prefix``; globs are allowed in ``path``. What cannot be sent
        safely is left out and listed in ``refused_files`` (see ``plan_push``).
        """
        include_regex = merge_path_regex(include_regex, path_regex)
        feedback = ApiFeedback(self.conf, use_pbar)
        with feedback.scanning(f"files in {os.path.join(local_path_prefix or '', path)}") as seen:
            summary = self.plan_push(
                path,
                local_path_prefix,
                include_regex,
                exclude_regex,
                workers=workers,
                follow_links=follow_links,
            )
            seen(len(summary.all_files_analyzed))
        return self._run(summary, dryrun, force, workers, progress, cancel, feedback)

    def pull(
        self,
        remote_path: str,
        local_base_dir: str = "",
        force: bool = False,
        include_regex: Regex = None,
        exclude_regex: Regex = None,
        convert_to_linux_path: bool = True,
        dryrun: bool = False,
        path_regex: Regex = None,
        strip_abspath_prefix: str | None = None,
        strip_abs_local_base_dir: bool = True,
        use_pbar: bool | None = None,
        *,
        workers: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> TransactionSummary:
        """Download a file or folder below ``remote_path`` to ``local_base_dir/<path>``.

        An absolute ``remote_path`` (say, the path of a local file that was pushed) has
        ``strip_abspath_prefix`` cut off its start, by default the absolute
        ``local_base_dir`` (``strip_abs_local_base_dir``), so pulling a path back puts it
        where it was. A path that is not below that prefix is refused (ValueError)."""
        include_regex = merge_path_regex(include_regex, path_regex)
        if strip_abs_local_base_dir and os.path.isabs(local_base_dir):
            if strip_abspath_prefix is not None:
                raise ConfigurationError(
                    "Cannot specify both strip_abspath_prefix and strip_abs_local_base_dir "
                    "(with an absolute local_base_dir, the latter strips local_base_dir). "
                    "Pass strip_abs_local_base_dir=False to strip another prefix."
                )
            strip_abspath_prefix = local_base_dir
        if strip_abspath_prefix is not None:
            remote_path = strip_abspath(remote_path, strip_abspath_prefix)
        feedback = ApiFeedback(self.conf, use_pbar)
        where = f"{self.conf.bucket}/{self._full_remote_path(remote_path)}"
        with feedback.scanning(f"remote paths in {where}") as seen:
            summary = self.plan_pull(
                remote_path,
                local_base_dir,
                include_regex,
                exclude_regex,
                convert_to_linux_path,
                workers=workers,
            )
            seen(len(summary.all_files_analyzed))
        return self._run(summary, dryrun, force, workers, progress, cancel, feedback)

    # --- delete / list -----------------------------------------------------------------

    def plan_delete(
        self, remote_path: str, include_regex: Regex = None, exclude_regex: Regex = None
    ) -> DeletePlan:
        """What ``delete`` would remove, and what it would leave alone with the reason
        (names that would reach another object, objects the store cannot touch safely)."""
        return plan_delete(
            self.store,
            self._full_remote_path(remote_path),
            self.remote_base_path,
            compile_filter(include_regex, "include"),
            compile_filter(exclude_regex, "exclude"),
        )

    def delete(
        self,
        remote_path: str,
        include_regex: Regex = None,
        exclude_regex: Regex = None,
        path_regex: Regex = None,
        *,
        dryrun: bool = False,
        workers: int | None = None,
    ) -> list[RemoteObjectProtocol]:
        """Delete a file or everything below a folder; returns what was (or would be) deleted."""
        include_regex = merge_path_regex(include_regex, path_regex)
        selected = self.plan_delete(remote_path, include_regex, exclude_regex).objects
        if not selected:
            log.warning(
                "No such remote file or directory: %s. Not deleting anything",
                self._full_remote_path(remote_path),
            )
            return []
        if not dryrun:
            self.delete_objects(selected, workers=workers)
        return list(selected)

    def delete_objects(
        self,
        objects: Sequence[RemoteObjectProtocol],
        *,
        workers: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
        on_deleted: Callable[[RemoteObjectProtocol], None] | None = None,
    ) -> list[RemoteObjectProtocol]:
        """Delete exactly these objects (as listed by ``delete(..., dryrun=True)``), in
        parallel, retrying transient errors. Objects added since that listing are left
        alone. On cancel, stops and raises CancelledError; what was deleted stays deleted.

        ``on_deleted`` is called (from the worker threads) for each object once it is
        gone, so a caller can say what was deleted even when this raises; by then every
        worker has stopped."""
        store = self.store
        return delete_objects(
            store,
            objects,
            workers=self._workers(workers),
            retries=self.conf.retries,
            progress=progress,
            cancel=cancel or CancelToken(),
            on_deleted=on_deleted,
            start=begin_delete(self.journal, store, self.conf, self.remote_base_path, objects),
        )

    def list_objects(
        self, remote_path: str, *, name_neighbours: bool = True
    ) -> list[RemoteObjectProtocol]:
        """Every object whose name starts with ``remote_path`` (below the base path): a plain
        prefix listing, as in accsr, so "sample" lists "sample.txt" and "sample_2.txt" too.
        Plans are stricter: a push, pull or delete of "sample" never touches those, and
        ``name_neighbours=False`` lists as they see it: the object itself, or everything
        below the folder."""
        full = self._full_remote_path(remote_path)
        listed = self.store.list(full)
        if name_neighbours:
            return list(listed)
        return [o for o in listed if not is_name_neighbour(full, o.name)]


def embedded_storage(bucket: str = EMBEDDED_BUCKET, base_path: str = "") -> RemoteStorage:
    """A RemoteStorage on the local-folder bucket in the user's data directory, created
    on first use: the no-account default."""
    storage = RemoteStorage(embedded_default_config(bucket, base_path))
    storage.create_bucket(exist_ok=True)
    return storage
