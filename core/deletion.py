"""Deleting from the bucket: what a delete would remove, and removing exactly that.

A delete is planned like a push or pull, so the user sees what goes before it goes: names
that only start like the chosen path ("data2" for "data") are never included, and objects
the store cannot touch safely are listed with the reason instead of deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from re import Pattern

from .bounded import bounded_map
from .errors import BucketFerryError, CancelledError
from .journaled_runs import RunStart
from .paths import is_name_neighbour, should_skip, unsafe_object_name
from .progress import CancelToken, ProgressCallback, ProgressTracker
from .remote_object import RemoteObjectProtocol
from .reserved import refuse_reserved
from .retry import with_retries
from .stores.base import ObjectStore

log = logging.getLogger(__name__)


@dataclass
class DeletePlan:
    """Extension: what a delete would remove (``objects``), and what it leaves alone
    because touching it is not safe (``refused``: each object with the reason)."""

    objects: list[RemoteObjectProtocol] = field(default_factory=list)
    refused: list[tuple[RemoteObjectProtocol, str]] = field(default_factory=list)


def plan_delete(
    store: ObjectStore,
    full_path: str,
    base_path: str,
    include: Pattern[str] | None,
    exclude: Pattern[str] | None,
) -> DeletePlan:
    """Every object at ``full_path`` (the object, or everything below the folder) that the
    filters select, relative to ``base_path``; refused ones apart, with the reason."""
    refuse_reserved(full_path, store.reserved, "delete")
    plan = DeletePlan()
    for obj in store.list(full_path):
        if is_name_neighbour(full_path, obj.name):
            continue
        relative = obj.name[len(base_path) :].lstrip("/")
        if should_skip(relative, include, exclude):
            continue
        problem = obj.refusal or unsafe_object_name(obj.name)
        if problem is not None:
            log.warning("Leaving %s alone: %s", obj.name, problem)
            plan.refused.append((obj, problem))
        else:
            plan.objects.append(obj)
    return plan


def delete_objects(
    store: ObjectStore,
    objects: Sequence[RemoteObjectProtocol],
    *,
    workers: int,
    retries: int,
    progress: ProgressCallback | None,
    cancel: CancelToken,
    on_deleted: Callable[[RemoteObjectProtocol], None] | None,
    start: RunStart | None = None,
) -> list[RemoteObjectProtocol]:
    """Deletes these objects in parallel, retrying transient errors; see
    ``RemoteStorage.delete_objects``. With ``start``, each object is kept first (an
    object that cannot be kept is not deleted: the delete stops with the reason) and
    journaled."""
    tracker = ProgressTracker(progress, len(objects), 0)
    keeper = start.remote_keeper if start is not None else None
    journal = start.journal if start is not None else None

    def remove(obj: RemoteObjectProtocol) -> RemoteObjectProtocol:
        try:
            cancel.raise_if_cancelled()
            kept = keeper.keep(obj) if keeper is not None else None
            if kept is not None and journal is not None:
                journal.kept(obj, kept.kind, kept.where)
            with_retries(lambda: store.delete(obj.name), retries, cancel)
        except CancelledError:
            if journal is not None:
                journal.failed(obj, "cancelled", cancelled=True)
            raise
        except BucketFerryError as exc:
            if journal is not None:
                journal.failed(obj, str(exc))
            raise
        log.info("Deleted %s", obj.name)
        if journal is not None:
            journal.done(obj, None)
        if on_deleted is not None:
            on_deleted(obj)
        tracker.file_done(obj.name)
        return obj

    cancelled, stopped = False, None
    try:
        deleted = bounded_map(remove, objects, workers, name="delete")
    except CancelledError:
        cancelled = True
        raise
    except BaseException as exc:
        stopped = str(exc)
        raise
    finally:
        if start is not None:
            start.finish(cancelled, stopped)
    tracker.finish()
    return deleted
