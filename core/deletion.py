"""Deleting from the bucket: what a delete would remove, and removing exactly that.

A delete is planned like a push or pull, so the user sees what goes before it goes: names
that only start like the chosen path ("data2" for "data") are never included, and objects
the store cannot touch safely are listed with the reason instead of deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from re import Pattern

from .paths import is_name_neighbour, should_skip, unsafe_object_name
from .progress import CancelToken, ProgressCallback, ProgressTracker
from .remote_object import RemoteObjectProtocol
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
) -> list[RemoteObjectProtocol]:
    """Deletes these objects in parallel, retrying transient errors; see
    ``RemoteStorage.delete_objects``."""
    tracker = ProgressTracker(progress, len(objects), 0)

    def remove(obj: RemoteObjectProtocol) -> RemoteObjectProtocol:
        cancel.raise_if_cancelled()
        with_retries(lambda: store.delete(obj.name), retries, cancel)
        log.info("Deleted %s", obj.name)
        if on_deleted is not None:
            on_deleted(obj)
        tracker.file_done(obj.name)
        return obj

    with ThreadPoolExecutor(workers, thread_name_prefix="delete") as pool:
        deleted = list(pool.map(remove, objects))
    tracker.finish()
    return deleted
