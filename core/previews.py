"""A preview: scan the local side, list the bucket once, plan, and apply the sync record.

What ``RemoteStorage.plan_push``/``plan_pull`` (and so ``push``/``pull``) do before anything
moves; the window and the command line show the result and run it as shown.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from re import Pattern
from typing import Any

from .changes import apply_record, pair_for, pulled_folder, pushed_folder
from .config import RemoteStorageConfig
from .errors import PathNotChildError
from .hashing import HashCache
from .paths import base_length, local_path_for
from .plan import plan_pull, plan_push, pull_target_only, push_remote_path
from .remote_object import RemoteObjectProtocol
from .reserved import refuse_reserved
from .scan import scan_local
from .stores.base import ObjectStore
from .summary import TransactionSummary
from .sync_record import SyncRecord


@dataclass(frozen=True)
class Place:
    """The bucket side of a preview, and how to look at it."""

    store: ObjectStore
    conf: RemoteStorageConfig
    base_path: str
    hash_cache: HashCache
    record: SyncRecord
    workers: int
    hash_of: Callable[[RemoteObjectProtocol], Any] | None


def _with_record(place: Place, summary: TransactionSummary, local_root: str) -> None:
    """Refines the plan's states with the sync record of these two places, and hands the
    record to the run, which records each file it transfers."""
    pair = pair_for(place.record, place.conf, place.base_path, local_root)
    apply_record(summary, pair)
    summary.record = pair


def preview_push(
    place: Place,
    path: str,
    local_path_prefix: str | None,
    include: Pattern[str] | None,
    exclude: Pattern[str] | None,
    follow_links: bool,
) -> TransactionSummary:
    """See ``RemoteStorage.plan_push``."""
    files = scan_local(path, local_path_prefix, follow_links=follow_links)

    def remote_of(relative: str) -> str:
        return push_remote_path(place.base_path, relative)

    remote_paths = [remote_of(f.relative) for f in files]
    for remote_path in remote_paths:
        refuse_reserved(remote_path, place.store.reserved, "push into")
        if ".." in remote_path.split("/"):
            raise PathNotChildError(
                f"'{path}' reaches outside the local folder ('..'), so its place in the "
                "bucket would be ambiguous. Choose a local_path_prefix that contains it."
            )
    try:
        summary = plan_push(
            place.store,
            files,
            remote_paths,
            include,
            exclude,
            place.hash_cache,
            place.workers,
            hash_of=place.hash_of,
            covered=pushed_folder(path, local_path_prefix, remote_of),
            cut=base_length(place.base_path),
        )
        _with_record(place, summary, local_path_prefix or os.getcwd())
    finally:
        place.hash_cache.save()
    return summary


def preview_pull(
    place: Place,
    full_path: str,
    local_base_dir: str,
    include: Pattern[str] | None,
    exclude: Pattern[str] | None,
) -> TransactionSummary:
    """See ``RemoteStorage.plan_pull``; ``full_path`` includes the base path."""
    refuse_reserved(full_path, place.store.reserved, "pull from")
    try:
        summary = plan_pull(
            place.store,
            full_path,
            place.base_path,
            local_base_dir,
            include,
            exclude,
            place.hash_cache,
            place.workers,
            hash_of=place.hash_of,
        )
        folder = pulled_folder(summary, full_path, place.base_path)
        if folder is not None:
            target = local_path_for(local_base_dir, folder) if folder else local_base_dir
            pull_target_only(summary, target, local_base_dir, place.base_path, include, exclude)
        _with_record(place, summary, local_base_dir)
    finally:
        place.hash_cache.save()
    return summary
