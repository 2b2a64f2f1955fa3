"""The plan of a push or pull, and afterwards its result: accsr's summary types.

Field names, properties and the JSON representation are accsr's. Bucket Ferry adds, as
optional keyword-only extensions: per-file ``status``, ``reason`` and ``replaced_copy`` on
:class:`SyncObject`, and ``failed_files``/``cancelled``/``replaced_copies`` on
:class:`TransactionSummary`. Local hashes are computed lazily (through the hash cache), so
building a plan reads only what it must.
"""

from __future__ import annotations

import json
import os
import stat as stat_mod
from dataclasses import dataclass, field
from typing import Any, Literal

from .compare import contents_equal
from .errors import BucketFerryError
from .hashing import HashCache, default_hash_cache
from .remote_object import RemoteObject, RemoteObjectProtocol
from .states import PLAN_STATES, PlanState

SyncDirection = Literal["push", "pull"]

# Per-file states after a run (SyncObject.status).
PENDING = "pending"
SYNCED = "synced"
FAILED = "failed"
CANCELLED = "cancelled"
SKIPPED = "skipped"
REFUSED = "refused"
"""Left out because it cannot be transferred safely (a hostile or unusable name, a link
that leaves the folder, an unreadable file...); ``reason`` says why. Unlike files left out
by the filters, a refusal means the run did less than was asked."""


class _SummariesJSONEncoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, TransactionSummary):
            return o.to_dict()
        if isinstance(o, SyncObject | RemoteObject):
            return o.to_dict()
        return str(o)


class _JsonReprMixin:
    def to_json(self) -> str:
        return json.dumps(self, indent=2, sort_keys=True, cls=_SummariesJSONEncoder)

    def __repr__(self) -> str:
        return f"\n{self.__class__.__name__}: \n{self.to_json()}\n"


class SyncObject(_JsonReprMixin):
    """The sync state of one path: the local file, the remote object, or both.

    Created by RemoteStorage; given to users for introspection (as in accsr).
    """

    def __init__(
        self,
        sync_direction: SyncDirection | None,
        local_path: str | None = None,
        remote_obj: RemoteObjectProtocol | None = None,
        remote_path: str | None = None,
        remote_obj_overridden_md5_hash: Any = None,
        *,
        hash_cache: HashCache | None = None,
        local_stat: os.stat_result | None = None,
    ) -> None:
        """``remote_obj_overridden_md5_hash`` replaces the remote object's hash in the
        comparison (accsr's: from ``RemoteStorage(remote_hash_extractor=...)``); then the
        local md5 must equal it, and the provider's hash is not looked at."""
        self.sync_direction = sync_direction
        self._hash_cache = hash_cache
        if remote_obj_overridden_md5_hash is not None and remote_obj is None:
            raise ValueError(
                "remote_obj_overridden_md5_hash can only be set if remote_obj is not None"
            )
        self.remote_obj_overridden_md5_hash = remote_obj_overridden_md5_hash
        if remote_path is not None:
            remote_path = remote_path.lstrip("/")
        if remote_obj is not None and remote_obj.name.startswith("/"):
            remote_obj.name = remote_obj.name.lstrip("/")
        self.remote_obj = remote_obj
        self.exists_locally = False
        self.local_path: str | None = None
        self._local_stat: os.stat_result | None = None
        self._local_hash: str | None = None
        self._equal: bool | None = None
        self.status = PENDING
        self.reason: str | None = None
        self.replaced_copy: str | None = None
        """Extension: where a forced pull put the local version it replaced (the trash or
        the backup folder); None when nothing was replaced."""
        self.set_local_path(local_path, local_stat=local_stat)
        if self.local_path is None and remote_obj is None:
            raise ValueError("Either a local path or a remote object has to be passed.")
        if remote_path is not None:
            if remote_obj is not None and remote_obj.name != remote_path:
                raise ValueError(
                    "Passed both remote_path and remote_obj but the paths don't agree: "
                    f"{remote_path} != {remote_obj.name}"
                )
            self.remote_path = remote_path
        elif remote_obj is not None:
            self.remote_path = remote_obj.name
        else:
            raise ValueError("Either remote_path or remote_obj should be not None")

    @property
    def name(self) -> str:
        return self.remote_path

    @property
    def hash_cache(self) -> HashCache:
        return self._hash_cache or default_hash_cache()

    def set_local_path(self, path: str | None, *, local_stat: os.stat_result | None = None) -> None:
        """Changes the local path; a path that is a directory is refused (FileExistsError)."""
        if path is None:
            return
        local_path = os.path.abspath(path)
        looked_up = local_stat is None
        if local_stat is None:
            try:
                local_stat = os.stat(local_path)
            except OSError:  # missing, or cannot be looked at (too long, no permission)
                local_stat = None
        # (A stat given by the engine may be a folder's: a refused, unreadable folder.)
        if looked_up and local_stat is not None and stat_mod.S_ISDIR(local_stat.st_mode):
            raise FileExistsError(
                f"local_path needs to point to file but pointed to a directory: {local_path}"
            )
        self.local_path = local_path
        self._local_stat = local_stat
        self.exists_locally = local_stat is not None and stat_mod.S_ISREG(local_stat.st_mode)
        self._local_hash = None
        self._equal = None

    @property
    def local_stat(self) -> os.stat_result | None:
        """The stat of the local file as the plan saw it (used to detect later changes)."""
        return self._local_stat if self.exists_locally else None

    @property
    def local_size(self) -> int:
        stat = self.local_stat
        return stat.st_size if stat is not None else 0

    @property
    def local_hash(self) -> str | None:
        stat = self.local_stat
        if stat is None or self.local_path is None:
            return None
        if self._local_hash is None:
            self._local_hash = self.hash_cache.md5(self.local_path, stat)
        return self._local_hash

    @property
    def known_local_hash(self) -> str | None:
        """The local md5 if already known (computed or cached); never reads the file, so a
        user interface can show it without blocking."""
        stat = self.local_stat
        if self._local_hash is None and stat is not None and self.local_path is not None:
            self._local_hash = self.hash_cache.cached_md5(self.local_path, stat)
        return self._local_hash

    @property
    def remote_hash(self) -> Any:
        if self.remote_obj_overridden_md5_hash is not None:
            return self.remote_obj_overridden_md5_hash
        return self.remote_obj.hash if self.remote_obj is not None else None

    @property
    def remote_size(self) -> int:
        return self.remote_obj.size if self.remote_obj is not None else 0

    @property
    def exists_on_target(self) -> bool:
        """True iff the file exists on both locations."""
        return self.exists_on_remote and self.exists_locally

    @property
    def exists_on_remote(self) -> bool:
        return self.remote_obj is not None

    @property
    def equal_md5_hash_sum(self) -> bool:
        """Whether local and remote content are the same (multipart ETags understood)."""
        if not self.exists_on_target:
            return False
        if self._equal is None:
            assert self.local_path is not None and self.local_stat is not None
            remote = self.remote_obj
            if self.remote_obj_overridden_md5_hash is not None:
                self._equal = self.local_hash == self.remote_obj_overridden_md5_hash
            elif isinstance(remote, RemoteObject):
                self._equal = contents_equal(
                    self.local_path, self.local_stat, remote, self.hash_cache
                )
            else:
                self._equal = self.local_hash == getattr(remote, "hash", None)
        return self._equal

    def now_identical(
        self,
        *,
        local_stat: os.stat_result | None = None,
        local_hash: str | None = None,
        remote_hash: Any = None,
    ) -> None:
        """Extension for the engine: a transfer just made both sides the same. The local
        file is looked at afresh (or ``local_stat`` is its stat as sent), ``local_hash`` is
        its md5 where the transfer computed it, ``remote_hash`` what a
        ``remote_hash_extractor`` says of the object now in the bucket."""
        assert self.local_path is not None
        self.remote_obj_overridden_md5_hash = remote_hash
        self.set_local_path(self.local_path, local_stat=local_stat)
        self._local_hash = local_hash
        self._equal = True

    def state_after_run(self, planned: PlanState) -> PlanState:
        """Extension: after a run, the per-file result replaces the planned state."""
        if self.status == SYNCED and planned.transfers:
            return PlanState.SYNCED
        if self.status == FAILED:
            return PlanState.FAILED
        return planned

    def get_bytes_transferred(self) -> int:
        """The number of bytes (to be) transferred for this object."""
        if self.sync_direction == "push":
            if not self.exists_locally:
                raise FileNotFoundError(
                    f"Cannot retrieve size of non-existing file: {self.local_path}"
                )
            return self.local_size
        if self.sync_direction == "pull":
            if self.remote_obj is None:
                raise FileNotFoundError(
                    "Cannot retrieve size of non-existing remote object corresponding to: "
                    f"{self.local_path}"
                )
            return int(self.remote_obj.size)
        raise RuntimeError(
            f"Unknown sync direction: {self.sync_direction}. Can only be push or pull."
        )

    def to_dict(self, make_serializable: bool = True) -> dict[str, Any]:
        refused = self.status == REFUSED
        remote = self.remote_obj
        if make_serializable and isinstance(remote, RemoteObject):
            remote_value: Any = remote.to_dict()
        else:
            remote_value = remote
        return {
            "sync_direction": self.sync_direction,
            "local_path": self.local_path,
            "remote_obj": remote_value,
            "remote_path": self.remote_path,
            "exists_locally": self.exists_locally,
            "local_size": self.local_size,
            # A refused file may be unreadable: say only what is known, never read it.
            "local_hash": self.known_local_hash if refused else self.local_hash,
            "remote_hash": self.remote_hash,
            "exists_on_remote": self.exists_on_remote,
            "exists_on_target": self.exists_on_target,
            "equal_md5_hash_sum": self._equal if refused else self.equal_md5_hash_sum,
            "status": self.status,
            "reason": self.reason,
            "replaced_copy": self.replaced_copy,
        }


@dataclass(repr=False)
class TransactionSummary(_JsonReprMixin):
    """What a push or pull will do (dry run) or did. Given to users for introspection."""

    matched_source_files: list[SyncObject] = field(default_factory=list)
    not_on_target: list[SyncObject] = field(default_factory=list)
    on_target_eq_md5: list[SyncObject] = field(default_factory=list)
    on_target_neq_md5: list[SyncObject] = field(default_factory=list)
    unresolvable_collisions: dict[str, list[RemoteObjectProtocol] | str] = field(
        default_factory=dict
    )
    skipped_source_files: list[SyncObject] = field(default_factory=list)
    synced_files: list[SyncObject] = field(default_factory=list)
    sync_direction: SyncDirection | None = None
    failed_files: list[SyncObject] = field(default_factory=list, kw_only=True)
    """Extension: files that were tried and failed; each has ``reason``."""
    cancelled: bool = field(default=False, kw_only=True)
    """Extension: True if the run was cancelled before every file was tried."""
    local_base_dir: str | None = field(default=None, kw_only=True)
    """Extension: a pull's chosen local folder (absolute); pulls write only below it, never
    through a symbolic link inside it. None for pushes and hand-made summaries."""
    local_base_id: tuple[int, int] | None = field(default=None, kw_only=True, repr=False)
    """Extension: (device, inode) of ``local_base_dir`` when the plan was made, so a run
    does not write into another folder that took its name (a link swapped in)."""
    stopped_reason: str | None = field(default=None, kw_only=True)
    """Extension: why a run stopped before trying every file (the server went away, the
    credentials were refused...); the files it did not try are in ``failed_files`` with
    that reason. None when every file was tried."""

    def __post_init__(self) -> None:
        if self.sync_direction not in ("pull", "push", None):
            raise ValueError(
                "sync_direction can only be set to pull, push or None, instead got: "
                f"{self.sync_direction}"
            )

    @property
    def replaced_copies(self) -> dict[str, str]:
        """Extension: local path -> where the version that a forced pull replaced was kept."""
        return {
            s.local_path: s.replaced_copy
            for s in self.matched_source_files
            if s.local_path is not None and s.replaced_copy is not None
        }

    @property
    def refused_files(self) -> list[SyncObject]:
        """Extension: what was left out because it cannot be transferred safely, each with
        its ``reason`` (a subset of ``skipped_source_files``)."""
        return [s for s in self.skipped_source_files if s.status == REFUSED]

    def refuse(self, synced_object: SyncObject, reason: str) -> None:
        """Extension: leave ``synced_object`` out of the run because it cannot be
        transferred safely; ``reason`` is shown to the user ("its name ...")."""
        self.add_entry(synced_object, skip=True)
        synced_object.status = REFUSED
        synced_object.reason = reason

    def by_state(self) -> dict[PlanState, list[SyncObject]]:
        """Extension: every analysed file under the state the plan gives it, in the order
        of :data:`~bucketferry.core.states.PLAN_STATES` (worst first)."""
        collided = set(self.unresolvable_collisions)
        found = {
            PlanState.COLLISION: [s for s in self.matched_source_files if s.name in collided],
            PlanState.DIFFERS: self.on_target_neq_md5,
            PlanState.NEW: self.not_on_target,
            PlanState.IDENTICAL: self.on_target_eq_md5,
            PlanState.REFUSED: self.refused_files,
            PlanState.SKIPPED: [s for s in self.skipped_source_files if s.status != REFUSED],
        }
        return {state: found[state] for state in PLAN_STATES}

    @property
    def files_to_sync(self) -> list[SyncObject]:
        """Files not on the target plus files whose content differs on the target."""
        return self.not_on_target + self.on_target_neq_md5

    def size_files_to_sync(self) -> int:
        """Total bytes to transfer: local sizes for a push, remote sizes for a pull."""
        return sum(obj.get_bytes_transferred() for obj in self.files_to_sync)

    @property
    def requires_force(self) -> bool:
        """True iff the transaction would overwrite files, which needs force=True."""
        return len(self.on_target_neq_md5) != 0

    @property
    def has_unresolvable_collisions(self) -> bool:
        """True iff there is a file/folder collision that no setting can resolve."""
        return len(self.unresolvable_collisions) != 0

    @property
    def all_files_analyzed(self) -> list[SyncObject]:
        """All analysed source files, skipped ones included."""
        return self.skipped_source_files + self.matched_source_files

    def add_entry(
        self,
        synced_object: SyncObject,
        collides_with: list[RemoteObjectProtocol] | str | None = None,
        skip: bool = False,
    ) -> None:
        """Adds a SyncObject to the summary, classified by its state."""
        if skip:
            synced_object.status = SKIPPED
            self.skipped_source_files.append(synced_object)
            return
        self.matched_source_files.append(synced_object)
        if collides_with:
            self.unresolvable_collisions[synced_object.name] = collides_with
        elif synced_object.exists_on_target:
            if synced_object.equal_md5_hash_sum:
                self.on_target_eq_md5.append(synced_object)
            else:
                self.on_target_neq_md5.append(synced_object)
        else:
            self.not_on_target.append(synced_object)

    def get_short_summary_dict(self) -> dict[str, Any]:
        """A short summary of the transaction as a dictionary."""
        return {
            "sync_direction": self.sync_direction,
            "files_to_sync": len(self.files_to_sync),
            "total_size": self.size_files_to_sync(),
            "unresolvable_collisions": len(self.unresolvable_collisions),
            "synced_files": len(self.synced_files),
            "failed_files": len(self.failed_files),
            "refused_files": len(self.refused_files),
        }

    def print_short_summary(self) -> None:
        """Prints the short summary (shorter than the full repr)."""
        print(json.dumps(self.get_short_summary_dict(), indent=2))

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched_source_files": self.matched_source_files,
            "not_on_target": self.not_on_target,
            "on_target_eq_md5": self.on_target_eq_md5,
            "on_target_neq_md5": self.on_target_neq_md5,
            "unresolvable_collisions": self.unresolvable_collisions,
            "skipped_source_files": self.skipped_source_files,
            "synced_files": self.synced_files,
            "sync_direction": self.sync_direction,
            "failed_files": self.failed_files,
            "cancelled": self.cancelled,
            "stopped_reason": self.stopped_reason,
        }


@dataclass
class DeletePlan:
    """Extension: what a delete would remove (``objects``), and what it leaves alone
    because touching it is not safe (``refused``: each object with the reason)."""

    objects: list[RemoteObjectProtocol] = field(default_factory=list)
    refused: list[tuple[RemoteObjectProtocol, str]] = field(default_factory=list)


class SyncFailedError(BucketFerryError):
    """Raised by push/pull after every file was tried and some failed.

    ``summary`` holds the per-file results: what synced, what failed and why.
    """

    title = "Some files were not transferred"

    def __init__(self, message: str, summary: TransactionSummary) -> None:
        super().__init__(message)
        self.summary = summary
