"""One path in a plan: the local file, the remote object, or both (accsr's SyncObject).

Field names, properties and the JSON representation are accsr's. Bucket Ferry adds, as
optional extensions: per-file ``status``, ``reason``, ``state``, ``last_synced`` and
``replaced_copy``. Local hashes are computed lazily (through the hash cache), so building a
plan reads only what it must.
"""

from __future__ import annotations

import json
import os
import stat as stat_mod
from typing import Any, Literal

from .compare import contents_equal
from .file_stat import FileStat, slim_stat
from .hashing import HashCache, default_hash_cache, file_identity
from .remote_object import RemoteObject, RemoteObjectProtocol
from .states import PlanState
from .units import moment_of

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
        to_dict = getattr(o, "to_dict", None)  # summaries, entries, objects
        return to_dict() if callable(to_dict) else str(o)


def json_text(value: Any) -> str:
    """accsr's JSON of a summary, an entry or an object: indented by 2, keys sorted."""
    return json.dumps(value, indent=2, sort_keys=True, cls=_SummariesJSONEncoder)


class JsonReprMixin:
    """accsr's ``to_json`` and a repr that shows it."""

    __slots__ = ()

    def to_json(self) -> str:
        return json_text(self)

    def __repr__(self) -> str:
        return f"\n{self.__class__.__name__}: \n{self.to_json()}\n"


class SyncObject(JsonReprMixin):
    """The sync state of one path: the local file, the remote object, or both.

    Created by RemoteStorage; given to users for introspection (as in accsr). Slots, not
    a ``__dict__``: a plan holds one per file (152 bytes instead of 208).
    """

    __slots__ = (
        "_equal",
        "_hash_cache",
        "_local_hash",
        "_local_stat",
        "exists_locally",
        "last_synced",
        "local_path",
        "reason",
        "remote_obj",
        "remote_obj_overridden_md5_hash",
        "remote_path",
        "replaced_copy",
        "state",
        "status",
        "sync_direction",
    )

    def __init__(
        self,
        sync_direction: SyncDirection | None,
        local_path: str | None = None,
        remote_obj: RemoteObjectProtocol | None = None,
        remote_path: str | None = None,
        remote_obj_overridden_md5_hash: Any = None,
        *,
        hash_cache: HashCache | None = None,
        local_stat: FileStat | None = None,
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
        self._local_stat: FileStat | None = None
        self._local_hash: str | None = None
        self._equal: bool | None = None
        self.status = PENDING
        self.state: PlanState | None = None
        """Extension: what the plan does with this path (set when it is added to a
        summary; the sync record refines DIFFERS into CHANGED_LOCAL/CHANGED_REMOTE/
        CONFLICT)."""
        self.last_synced: str | None = None
        """Extension: when the sync record last saw both sides the same (ISO 8601, UTC),
        if it did."""
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
            # The object's own name (the same text): a plan keeps one string per path.
            self.remote_path = remote_obj.name if remote_obj is not None else remote_path
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

    def set_local_path(self, path: str | None, *, local_stat: FileStat | None = None) -> None:
        """Changes the local path; a path that is a directory is refused (FileExistsError)."""
        if path is None:
            return
        local_path = os.path.abspath(path)
        if local_path == path:
            local_path = path  # the caller's string (a scan's): one copy per path, not two
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
        self._local_stat = slim_stat(local_stat) if local_stat is not None else None
        self.exists_locally = local_stat is not None and stat_mod.S_ISREG(local_stat.st_mode)
        self._local_hash = None
        self._equal = None

    @property
    def local_stat(self) -> FileStat | None:
        """The stat of the local file as the plan saw it (used to detect later changes):
        its kind, device, size, times and inode; other fields are None (see
        :func:`~.file_stat.slim_stat`, so that a plan of many files stays small)."""
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
                    self.local_path,
                    self.local_stat,
                    remote,
                    self.hash_cache,
                    lambda: self.local_hash,
                )
                if self._equal and remote.known_hash == self._local_hash:
                    remote.hash = self._local_hash  # the same md5 text, kept once per file
            else:
                self._equal = self.local_hash == getattr(remote, "hash", None)
        return self._equal

    def now_identical(
        self,
        *,
        local_stat: FileStat | None = None,
        local_hash: str | None = None,
        remote_hash: Any = None,
    ) -> None:
        """Extension for the engine: a transfer just made both sides the same. The local
        file is looked at afresh (or ``local_stat`` is its stat as sent), ``local_hash`` is
        its md5 where the transfer computed it, ``remote_hash`` what a
        ``remote_hash_extractor`` says of the object now in the bucket."""
        assert self.local_path is not None
        self.remote_obj_overridden_md5_hash = remote_hash
        planned = self._local_stat
        if (
            local_stat is not None
            and planned is not None
            and file_identity(local_stat) == file_identity(planned)
            and (local_stat.st_mode, local_stat.st_dev) == (planned.st_mode, planned.st_dev)
        ):
            local_stat = planned  # the version planned was sent: no second stat kept
        self.set_local_path(self.local_path, local_stat=local_stat)
        self._local_hash = local_hash
        self._equal = True

    @property
    def safe_update(self) -> bool:
        """Extension: copying replaces only the copy that was last synced (the target did
        not change since), so nothing unsynced is lost and no force is needed where the
        caller allows safe updates (``RemoteStorage.execute``)."""
        wanted = (
            PlanState.CHANGED_LOCAL if self.sync_direction == "push" else PlanState.CHANGED_REMOTE
        )
        return self.state == wanted

    @property
    def later_side(self) -> Literal["local", "remote"] | None:
        """Extension: which copy was modified later, by the clocks at hand (the local
        file's modification time, the object's upload time); None where either is
        unknown. For DIFFERS rows, which have no sync record to say which copy changed."""
        stat = self.local_stat
        uploaded = getattr(self.remote_obj, "last_modified", None)
        if stat is None or not uploaded:
            return None
        remote_time = moment_of(str(uploaded))  # ISO 8601, or an HTTP date (Azure's heads)
        if remote_time is None:
            return None
        return "local" if stat.st_mtime_ns / 1e9 > remote_time.timestamp() else "remote"

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
            "state": self.state,
            "last_synced": self.last_synced,
            "status": self.status,
            "reason": self.reason,
            "replaced_copy": self.replaced_copy,
        }
