"""Bucket Ferry's additions to accsr's ``RemoteStorage``: browsing, showing differences,
the run history with undo, and the bucket's backups. A base class of ``RemoteStorage``
(remote_storage.py keeps accsr's API itself)."""

from __future__ import annotations

from abc import abstractmethod
from datetime import timedelta

from .bucket_backups import BackupRun, list_backups, prune_backups
from .config import RemoteStorageConfig
from .deletion import delete_objects
from .errors import ConfigurationError
from .hashing import HashCache
from .journal import RunInfo, RunJournal
from .paths import base_length, join_remote
from .progress import CancelToken, ProgressCallback
from .remote_object import RemoteObject
from .reserved import refuse_reserved
from .sharing import lifetimes
from .sharing.shares import Revoked, Share, list_shares, request_files, revoke_share, share_path
from .stores.base import ObjectStore
from .stores.download import StoredObject, read_small
from .sync_record import SyncRecord
from .undo import UndoPlan, plan_undo, run_undo


class StorageExtras:
    """Needs what ``RemoteStorage`` provides: its store, configuration, base path, hash
    cache, sync record and the number of parallel transfers (declared here, abstract)."""

    @property
    @abstractmethod
    def conf(self) -> RemoteStorageConfig: ...

    @property
    @abstractmethod
    def store(self) -> ObjectStore: ...

    @property
    @abstractmethod
    def remote_base_path(self) -> str: ...

    @property
    @abstractmethod
    def hash_cache(self) -> HashCache: ...

    @property
    @abstractmethod
    def sync_record(self) -> SyncRecord: ...

    @abstractmethod
    def _workers(self, workers: int | None) -> int: ...

    # --- browsing ----------------------------------------------------------------------

    def browse(self, remote_path: str = "") -> tuple[list[str], list[StoredObject]]:
        """One level of the bucket below ``remote_path`` (relative to the base path):
        sub-folders (relative, ending in '/') and the objects directly in it."""
        full = join_remote(self.remote_base_path, remote_path)
        if full and not full.endswith("/"):
            full += "/"
        folders, objects = self.store.browse(full)
        cut = base_length(self.remote_base_path)
        return [f[cut:] for f in folders], objects

    def keeps_versions(self) -> bool | None:
        """Whether a replaced or deleted object stays recoverable as an older version:
        True, False, or None when the provider cannot tell."""
        return self.store.versioning()

    def read_object(
        self, name: str, limit: int, *, cancel: CancelToken | None = None
    ) -> tuple[RemoteObject, bytes]:
        """The object ``name`` (its full name in the bucket, as in ``SyncObject.remote_path``)
        and its bytes, for showing differences. Refuses objects above ``limit`` bytes with
        ``TooLargeToShowError`` before reading any of them; ``FileNotFoundError`` when gone."""
        return read_small(self.store, name, limit, cancel or CancelToken())

    # --- history and undo --------------------------------------------------------------

    @property
    def journal(self) -> RunJournal:
        """Every run on this computer (in the sync record's file; see journal.py)."""
        return RunJournal(self.sync_record)

    def history(self, limit: int | None = None) -> list[RunInfo]:
        """The recorded runs, newest first (of every connection)."""
        return self.journal.runs(limit)

    def plan_undo(self, run_id: str) -> UndoPlan:
        """What undoing the run ``run_id`` would do, file by file (see undo.py); the run
        must have been on this bucket."""
        return plan_undo(
            self.journal, run_id, self.store, self.conf, self.remote_base_path, self.hash_cache
        )

    def undo(
        self,
        plan: UndoPlan,
        *,
        workers: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> UndoPlan:
        """Carries out an undo plan from :meth:`plan_undo`; per-file results are in its
        steps (``status``, ``reason``)."""
        return run_undo(
            plan,
            self.journal,
            self.store,
            self.conf,
            workers=self._workers(workers),
            progress=progress,
            cancel=cancel,
        )

    # --- backups in the bucket ---------------------------------------------------------

    def _backup_prefix(self) -> str:
        if self.conf.backup_prefix is None:
            raise ConfigurationError(
                "This connection keeps no backups in the bucket (its backup folder is turned off).",
                title="No backups are kept",
            )
        return self.conf.backup_prefix

    def backups(self) -> list[BackupRun]:
        """The copies that runs kept in this bucket, one entry per run, oldest first."""
        return list_backups(self.store, self._backup_prefix())

    def prune_backups(
        self,
        older_than: timedelta,
        *,
        dryrun: bool = False,
        workers: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[BackupRun]:
        """Removes (or with ``dryrun`` only lists) the backups of runs older than
        ``older_than``. On cancel, stops and raises CancelledError; what was removed stays
        removed."""
        store = self.store

        def delete(objects: list[StoredObject]) -> None:
            if dryrun:
                return
            delete_objects(
                store,
                objects,
                workers=self._workers(workers),
                retries=self.conf.retries,
                progress=progress,
                cancel=cancel or CancelToken(),
                on_deleted=None,
            )

        return prune_backups(store, self._backup_prefix(), older_than, delete=delete)

    # --- share and request links -------------------------------------------------------

    def _shared_path(self, remote_path: str, verb: str) -> str:
        full = join_remote(self.remote_base_path, remote_path)
        refuse_reserved(full, self.store.reserved, verb)
        return full + "/" if remote_path.endswith("/") and full else full

    def check_links(self, *, uploads: bool = False) -> None:
        """Raises ``LinksUnavailableError``, saying why, unless this bucket can make share
        links (with ``uploads``: request links); sends and writes nothing."""
        self.store.check_links(uploads=uploads)

    def share(self, remote_path: str, *, expires: timedelta = lifetimes.DEFAULT) -> Share:
        """A link that downloads ``remote_path`` (relative to the base path; a file, or a
        folder: then an index page of its files) without an account until ``expires`` has
        passed (at most 7 days). ``LinksUnavailableError`` for a local-folder bucket."""
        return share_path(self.store, self._shared_path(remote_path, "share"), expires)

    def request_files(
        self,
        remote_path: str = "",
        *,
        expires: timedelta = lifetimes.DEFAULT,
        max_size: int | None = None,
    ) -> Share:
        """A link to an upload page through which anyone with the link can send files into
        ``<remote_path>/incoming/<id>/`` (each at most ``max_size`` bytes) until it expires."""
        full = self._shared_path(remote_path, "receive files into")
        return request_files(self.store, full, expires, max_size)

    def shares(self) -> list[Share]:
        """The shares and requests recorded in this bucket, newest first, each with a
        fresh link for the time it has left."""
        return list_shares(self.store)

    def revoke_share(self, share_id: str) -> Revoked:
        """Deletes a share's pages; ``still_reachable`` says what works until it expires."""
        return revoke_share(self.store, share_id)
