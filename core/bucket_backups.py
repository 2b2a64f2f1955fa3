"""Nothing lost on the bucket side: keep each object a run is about to replace or delete.

On a bucket that keeps versions, the object's current version id is noted (the bucket
keeps the old version by itself). Otherwise the object is copied on the server (no byte
through this computer) to ``<prefix>/<run id>/<its name>`` at the bucket's root, a place
no plan, tree or listing shows (reserved.py). If the copy fails, the object is not
replaced: that file fails with the reason. ``backup_prefix=None`` turns copies off.

Housekeeping: :func:`list_backups` and :func:`prune_backups` (by the run's age, read from
the run id in each key, so backups made on other computers age the same way).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .errors import AuthenticationError, StorageError
from .journal import BACKUP_KEY, VERSION, is_run_id, run_time
from .remote_object import RemoteObjectProtocol
from .stores.base import SINGLE_COPY_LIMIT, ObjectStore
from .stores.download import StoredObject

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeptObject:
    """Where the replaced or deleted version of an object is."""

    kind: str
    """``journal.VERSION`` (``where`` is a version id) or ``journal.BACKUP_KEY``."""
    where: str

    def describe(self) -> str:
        if self.kind == VERSION:
            return f"version {self.where}"
        return self.where


def backup_key(prefix: str, run_id: str, name: str) -> str:
    return f"{prefix}/{run_id}/{name}"


class RemoteKeeper:
    """Keeps objects before one run replaces or deletes them (safe to use from threads)."""

    def __init__(self, store: ObjectStore, run_id: str, prefix: str | None) -> None:
        self.store = store
        self.run_id = run_id
        self.prefix = prefix
        self.versioned = store.versioning() is True

    def keep(self, obj: RemoteObjectProtocol) -> KeptObject | None:
        """Keeps ``obj`` (as listed or looked at) before it is replaced or deleted; None
        when nothing keeps it (backups off, no versions). Raises if keeping fails: then
        the object must not be replaced."""
        current: RemoteObjectProtocol | None = obj
        extra = getattr(obj, "extra", None) or {}
        needs_look = self.versioned and "version_id" not in extra
        if needs_look or (obj.size > SINGLE_COPY_LIMIT and not getattr(obj, "meta_data", None)):
            current = self.store.head(obj.name)  # the version id, or the metadata to copy
            if current is None:
                raise StorageError(f"'{obj.name}' is no longer in the bucket.")
        assert current is not None
        version = (getattr(current, "extra", None) or {}).get("version_id")
        if self.versioned and version:
            return KeptObject(VERSION, str(version))
        if self.prefix is None:
            return None
        key = backup_key(self.prefix, self.run_id, obj.name)
        if not isinstance(current, StoredObject):
            raise StorageError(f"'{obj.name}' cannot be copied: it was not listed by a store.")
        try:
            self.store.copy(current, key)  # retried by the store
        except AuthenticationError as exc:  # this file's problem, not the whole run's
            raise StorageError(
                f"'{obj.name}' was not replaced: keeping its current version failed, because "
                f"the server does not let this key write to '{self.prefix}/'. Allow it to, "
                "or turn off keeping replaced objects in the connection settings."
            ) from exc
        except StorageError as exc:
            raise StorageError(
                f"'{obj.name}' was not replaced: keeping its current version failed ({exc})."
            ) from exc
        log.info("Kept %s as %s", obj.name, key)
        return KeptObject(BACKUP_KEY, key)


@dataclass(frozen=True)
class BackupRun:
    """The copies one run kept in a bucket."""

    run_id: str
    started: datetime | None
    listed: tuple[StoredObject, ...]

    @property
    def objects(self) -> int:
        return len(self.listed)

    @property
    def bytes(self) -> int:
        return sum(o.size for o in self.listed)

    def to_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "started_at": self.started.isoformat() if self.started else None,
            "objects": self.objects,
            "bytes": self.bytes,
        }


def list_backups(store: ObjectStore, prefix: str) -> list[BackupRun]:
    """The backups below ``prefix``, one entry per run, oldest first."""
    by_run: dict[str, list[StoredObject]] = {}
    for obj in store.list(f"{prefix}/"):
        run_id = obj.name[len(prefix) + 1 :].partition("/")[0]
        if is_run_id(run_id):  # a folder chosen for backups may hold other things too
            by_run.setdefault(run_id, []).append(obj)
    runs = [
        BackupRun(run_id, run_time(run_id), tuple(objects)) for run_id, objects in by_run.items()
    ]
    return sorted(runs, key=lambda r: (r.started or datetime.min.replace(tzinfo=UTC), r.run_id))


def prune_backups(
    store: ObjectStore,
    prefix: str,
    older_than: timedelta,
    *,
    delete: Callable[[list[StoredObject]], None],
    now: datetime | None = None,
) -> list[BackupRun]:
    """Removes the backups of runs started more than ``older_than`` ago (``delete`` removes
    a list of objects: the engine's parallel delete); returns what was removed. Backups whose
    run id tells no time are never removed."""
    cutoff = (now or datetime.now(UTC)) - older_than
    old = [r for r in list_backups(store, prefix) if r.started is not None and r.started < cutoff]
    objects = [obj for run in old for obj in run.listed]
    if objects:
        delete(objects)
    return old
