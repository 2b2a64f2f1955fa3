"""What a run records as it begins: its files in the journal, and the keeper of what it
replaces in the bucket. One place for pushes, pulls and deletes, so they are journaled and
kept alike (an undo, whose files are its plan's steps, begins its own in undo.py with the
same journal and keeper)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from .bucket_backups import RemoteKeeper
from .config import RemoteStorageConfig, endpoint_of
from .journal import (
    LOCAL,
    REMOTE,
    ActiveRun,
    PlannedFile,
    RunJournal,
    RunPlace,
    file_copy,
    object_copy,
)
from .remote_object import RemoteObjectProtocol
from .stores.base import ObjectStore
from .summary import TransactionSummary
from .sync_object import SyncObject


@dataclass(frozen=True)
class RunStart:
    """A run's journal entry and the keeper of the objects it replaces or deletes."""

    journal: ActiveRun
    remote_keeper: RemoteKeeper | None

    def finish(self, cancelled: bool, stopped: str | None) -> None:
        if stopped is not None:
            self.journal.finish("stopped", stopped)
        else:
            self.journal.finish("cancelled" if cancelled else "finished")


def place_of(conf: RemoteStorageConfig, base_path: str, local_root: str | None) -> RunPlace:
    root = os.path.realpath(local_root) if local_root else None
    return RunPlace(endpoint_of(conf), conf.bucket, base_path, root)


def _planned(direction: str, item: SyncObject) -> PlannedFile:
    local = file_copy(item.local_stat, item.known_local_hash) if item.local_stat else None
    remote = object_copy(item.remote_obj) if item.remote_obj is not None else None
    if direction == "push":
        action = "replace" if remote is not None else "upload"
        return PlannedFile(
            REMOTE, item.remote_path, item.local_path, action, item.local_size, local, remote
        )
    action = "replace" if local is not None else "download"
    return PlannedFile(
        LOCAL, item.remote_path, item.local_path, action, item.remote_size, remote, local
    )


def begin_transfer(
    journal: RunJournal,
    store: ObjectStore,
    conf: RemoteStorageConfig,
    base_path: str,
    summary: TransactionSummary,
    items: Sequence[SyncObject],
    *,
    kind: str | None = None,
    undoes: str | None = None,
) -> RunStart:
    """Journals a push or pull of ``items`` (of ``summary``) as it begins; a push that
    replaces objects gets a keeper for them."""
    direction = summary.sync_direction or "push"
    local_root = summary.record.key.local_root if summary.record else summary.local_base_dir
    run = journal.begin(
        kind or direction,
        place_of(conf, base_path, local_root),
        (_planned(direction, item) for item in items),
        items,
        backup_prefix=conf.backup_prefix,
        undoes=undoes,
    )
    replacing = direction == "push" and any(item.remote_obj is not None for item in items)
    keeper = RemoteKeeper(store, run.run_id, conf.backup_prefix) if replacing else None
    return RunStart(run, keeper)


def begin_delete(
    journal: RunJournal,
    store: ObjectStore,
    conf: RemoteStorageConfig,
    base_path: str,
    objects: Sequence[RemoteObjectProtocol],
) -> RunStart:
    """Journals a delete of ``objects`` as it begins, with a keeper for them."""
    run = journal.begin(
        "delete",
        place_of(conf, base_path, None),
        (
            PlannedFile(REMOTE, o.name, None, "delete", o.size, None, object_copy(o))
            for o in objects
        ),
        objects,
        backup_prefix=conf.backup_prefix,
    )
    return RunStart(run, RemoteKeeper(store, run.run_id, conf.backup_prefix))
