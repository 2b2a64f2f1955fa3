"""Undo a whole run: put back what it replaced or deleted, remove what it created.

The undo is planned first, like any push or pull, and shown before it runs. Each file of
the run is compared with what is there now:

- still what the run left (``after``; for a file whose outcome a killed run did not
  record, what it was to write, ``source``): it is undone: the version from before the
  run is put back from where the run kept it (trash, backup folder, backup copy in the
  bucket, older version), or a file the run created is removed;
- already what it was before the run (``before``): nothing to do (an undo run twice
  changes nothing the second time);
- anything else: it changed after the run and is left alone, listed as a conflict with
  the reason.

An undo is itself a run: journaled, and what it replaces or removes is kept first (local
files in the trash, objects as backups), so nothing is lost by undoing either.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .bounded import bounded_map
from .bucket_backups import RemoteKeeper
from .config import RemoteStorageConfig
from .errors import BucketFerryError, CancelledError, ConfigurationError
from .hashing import HashCache
from .journal import (
    BACKUP_FOLDER,
    BACKUP_KEY,
    CANCELLED,
    DONE,
    FAILED,
    LOCAL,
    REMOTE,
    TRASH,
    VERSION,
    ActiveRun,
    Copy,
    FileStep,
    PlannedFile,
    RunInfo,
    RunJournal,
    file_copy,
    local_kept_kind,
    object_copy,
)
from .journaled_runs import place_of
from .local_folders import LinkFinder
from .locations import backup_dir as default_backup_dir
from .paths import common_folder
from .progress import CancelToken, ProgressCallback, ProgressTracker
from .states import PlanState
from .stores.base import ObjectStore
from .stores.download import StoredObject
from .trash import ReplacedFileKeeper, put_back

log = logging.getLogger(__name__)

RESTORE, REMOVE = "restore", "remove"
LOOK_ONE_BY_ONE = 50
"""Up to this many objects, planning an undo looks at each instead of listing their
common folder (which, for files at the bucket's root, is the whole bucket)."""


@dataclass
class UndoStep:
    """One file of the run and what undoing it does."""

    file: FileStep
    action: str | None
    """RESTORE (put back the version from before the run), REMOVE (the run created it),
    or None (nothing to do, or not possible: see ``reason``)."""
    state: PlanState
    """How a preview shows it: NEW (put back, nothing there now), DIFFERS (put back over
    what the run wrote), DELETED_SOURCE (removed), IDENTICAL (already as before),
    CONFLICT (changed after the run), SKIPPED (cannot be undone)."""
    reason: str
    current: Copy | None
    status: str = "pending"
    """'pending', then 'done' or 'failed' (``reason`` then says why)."""

    @property
    def path(self) -> str:
        return (
            self.file.local_path
            if self.file.side == LOCAL and self.file.local_path
            else self.file.name
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "name": self.file.name,
            "side": self.file.side,
            "action": self.action,
            "state": self.state.value,
            "reason": self.reason,
            "status": self.status,
        }


@dataclass
class UndoPlan:
    """The undo of one run, as planned (and, after :func:`run_undo`, as done)."""

    run: RunInfo
    steps: list[UndoStep] = field(default_factory=list)
    undo_run_id: str | None = None

    @property
    def to_do(self) -> list[UndoStep]:
        return [s for s in self.steps if s.action is not None]

    @property
    def conflicts(self) -> list[UndoStep]:
        return [s for s in self.steps if s.state == PlanState.CONFLICT]

    @property
    def failed(self) -> list[UndoStep]:
        return [s for s in self.steps if s.status == "failed"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run.to_dict(),
            "undo_run_id": self.undo_run_id,
            "to_do": len(self.to_do),
            "conflicts": len(self.conflicts),
            "steps": [s.to_dict() for s in self.steps],
        }


def _same(a: Copy | None, b: Copy | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.same_content(b)


class _Sides:
    """What is there now, on the side a run changed."""

    def __init__(self, store: ObjectStore, hash_cache: HashCache, files: Sequence[FileStep]):
        self.store = store
        self.hash_cache = hash_cache
        names = [f.name for f in files if f.side == REMOTE]
        self.objects: dict[str, StoredObject] = {}
        if len(names) > LOOK_ONE_BY_ONE:  # one listing of the run's folder
            self.objects = {o.name: o for o in store.list(common_folder(names))}
        else:  # a few files, perhaps at the root of a large bucket: a look at each
            self.objects = {o.name: o for o in map(store.head, names) if o is not None}
        keys = [f.kept_where for f in files if f.kept_kind == BACKUP_KEY and f.kept_where]
        self.backups = {o.name for o in store.list(common_folder(keys))} if keys else set()
        """The run's backup copies still in the bucket (``backups prune`` removes them)."""

    def remote(self, name: str, compare_with: Sequence[Copy | None]) -> Copy | None:
        obj = self.objects.get(name)
        if obj is None:
            return None
        found = object_copy(obj)
        wants_md5 = any(c is not None and c.md5 and c.size == found.size for c in compare_with)
        if found.md5 is None and wants_md5:  # a listing shows no metadata: look closer
            looked = self.store.head(name)
            if looked is None:
                return None
            self.objects[name] = looked
            found = object_copy(looked)
        return found

    def local(self, path: str, compare_with: Sequence[Copy | None]) -> Copy | None:
        """The file now; hashed whenever its size matches a copy whose md5 is known, so
        an edit that kept the size and the time (``touch -r``) is still seen."""
        found = local_copy(path)
        if (
            found is not None
            and found.size >= 0
            and any(c is not None and c.md5 and c.size == found.size for c in compare_with)
        ):
            st = os.lstat(path)
            found = file_copy(st, self.hash_cache.md5(path, st))
        return found


def local_copy(path: str) -> Copy | None:
    """A local file as the journal compares it; a folder, link or anything else that took
    its name matches nothing (size -1); None when nothing is there."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return Copy(-1)
    return file_copy(st) if stat.S_ISREG(st.st_mode) else Copy(-1)


def _source_as_written(file: FileStep, sides: _Sides) -> Copy | None:
    """What a file the run did not record an outcome for would be if it had been written:
    the source, with its md5 worked out where the journal had none (a pushed file that is
    still as it was planned)."""
    source = file.source
    if source is None or source.md5 or file.side != REMOTE or not file.local_path:
        return source
    try:
        st = os.stat(file.local_path)
    except OSError:
        return source
    if (st.st_size, st.st_mtime_ns) != (source.size, source.mtime_ns):
        return source
    md5 = sides.hash_cache.md5(file.local_path, st)
    return source._replace(hash=md5, md5=md5)


def _kept_is_there(file: FileStep, sides: _Sides) -> bool:
    """Whether the version kept before the run is still there (an old version is assumed
    to be: telling would cost a request per file; if it is gone, that file fails)."""
    if file.kept_kind in (TRASH, BACKUP_FOLDER):
        return bool(file.kept_where) and os.path.lexists(file.kept_where or "")
    if file.kept_kind == BACKUP_KEY:
        return file.kept_where in sides.backups
    return file.kept_kind == VERSION


def _step(file: FileStep, sides: _Sides) -> UndoStep:
    # Not done (planned, kept, failed, cancelled) is not "unchanged": a killed run did
    # not record its last files, and an upload whose answer was lost fails on its retry
    # although the server stored it. Such files are judged by what is there now.
    after = file.after if file.outcome == DONE else _source_as_written(file, sides)
    if file.action == "delete":
        after = None
    compare = (file.before, after)
    if file.side == REMOTE:
        current = sides.remote(file.name, compare)
    else:
        current = sides.local(file.local_path or "", compare)
    if _same(current, file.before):
        why = (
            "the run did not change it"
            if file.outcome in (FAILED, CANCELLED)
            else ("already as before the run")
        )
        return UndoStep(file, None, PlanState.IDENTICAL, why, current)
    if not _same(current, after):
        if current is None:
            why = "it was deleted after the run"
        elif after is None:
            why = "a file of that name was added after the run"
        else:
            why = "it changed after the run"
        return UndoStep(file, None, PlanState.CONFLICT, f"left alone: {why}", current)
    if file.before is None:
        return UndoStep(file, REMOVE, PlanState.DELETED_SOURCE, "the run created it", current)
    if not _kept_is_there(file, sides):
        why = (
            "its version from before the run was not kept"
            if file.kept_kind is None
            else f"its version from before the run is no longer at {file.kept_where}"
        )
        return UndoStep(file, None, PlanState.SKIPPED, f"cannot be put back: {why}", current)
    state = PlanState.NEW if current is None else PlanState.DIFFERS
    return UndoStep(file, RESTORE, state, "put back the version from before the run", current)


def plan_undo(
    journal: RunJournal,
    run_id: str,
    store: ObjectStore,
    conf: RemoteStorageConfig,
    base_path: str,
    hash_cache: HashCache,
) -> UndoPlan:
    """The undo of the run ``run_id`` (or the one run whose id starts with it)."""
    matches = journal.matching(run_id)
    if len(matches) > 1:
        raise ConfigurationError(
            f"{len(matches)} runs start with '{run_id}' ({', '.join(r.id for r in matches[:3])}"
            f"{'…' if len(matches) > 3 else ''}). Give more of the run's id.",
            title="Which run?",
        )
    if not matches:
        raise ConfigurationError(
            f"No run '{run_id}' is recorded on this computer. `bucketferry history` lists "
            "the runs that can be undone.",
            title="No such run",
        )
    [run] = matches
    place = place_of(conf, run.place.base_path, None)
    if (place.endpoint, place.bucket) != (run.place.endpoint, run.place.bucket):
        raise ConfigurationError(
            f"Run {run.id} was on bucket '{run.place.bucket}' ({run.place.endpoint}), not on "
            f"this connection's bucket '{conf.bucket}' ({place.endpoint}). Connect to that "
            "bucket to undo it.",
            title="The run was on another bucket",
        )
    files = journal.files(run.id)
    sides = _Sides(store, hash_cache, files)
    return UndoPlan(run, [_step(f, sides) for f in files])


_CHANGED_SINCE_PLANNED = (
    "it changed after the undo was planned; it was left alone. Plan the undo again."
)


class _Undoer:
    """Carries out one undo plan's steps, keeping whatever they replace or remove."""

    def __init__(
        self,
        store: ObjectStore,
        journal: ActiveRun,
        remote_keeper: RemoteKeeper | None,
        local_keeper: ReplacedFileKeeper | None,
        local_root: str | None,
    ) -> None:
        self.store = store
        self.journal = journal
        self.remote_keeper = remote_keeper
        self.local_keeper = local_keeper
        self.local_root = local_root

    def __call__(self, step: UndoStep) -> None:
        file = step.file
        if file.side == REMOTE:
            self._remote(step, file)
        else:
            self._local(step, file)

    def _remote(self, step: UndoStep, file: FileStep) -> None:
        current = self.store.head(file.name)  # still what the plan saw?
        if not _same(object_copy(current) if current is not None else None, step.current):
            raise BucketFerryError(_CHANGED_SINCE_PLANNED)
        if current is not None and self.remote_keeper is not None:
            kept = self.remote_keeper.keep(current)
            if kept is not None:
                self.journal.kept(step, kept.kind, kept.where)
        if step.action == REMOVE:
            self.store.delete(file.name)
            return
        assert file.before is not None and file.kept_where is not None
        if file.kept_kind == VERSION:
            size, etag = file.before.size, file.before.hash
            source = StoredObject(file.name, size, etag, self.store.provider, store=self.store)
            self.store.copy(source, file.name, version=file.kept_where)
            return
        backup = self.store.head(file.kept_where)
        if backup is None:
            raise BucketFerryError(f"Its backup {file.kept_where} is no longer in the bucket.")
        self.store.copy(backup, file.name)

    def _local(self, step: UndoStep, file: FileStep) -> None:
        path = file.local_path
        assert path is not None
        if not _same(local_copy(path), step.current):  # still what the plan saw?
            raise BucketFerryError(_CHANGED_SINCE_PLANNED)
        inside = self.local_root is not None and path.startswith(self.local_root + os.sep)
        if inside:  # never through a link swapped in for one of its folders, as pulls
            assert self.local_root is not None
            parts = os.path.relpath(path, self.local_root).split(os.sep)[:-1]
            obstacle = LinkFinder(self.local_root).obstacle(parts)
            if obstacle is not None:
                raise BucketFerryError(f"it was left alone: {obstacle.reason}.")
        if step.current is not None:
            if self.local_keeper is None:
                raise BucketFerryError("Keeping local files is turned off; nothing was changed.")
            relative = (
                os.path.relpath(path, self.local_root)
                if inside and self.local_root
                else os.path.basename(path)
            )
            kept = self.local_keeper.keep(path, relative.replace(os.sep, "/"))
            self.journal.kept(step, local_kept_kind(kept), kept.path)
            if step.action == REMOVE:
                if not kept.moved:
                    os.unlink(path)
                return
        assert file.kept_where is not None
        put_back(file.kept_where, path, replace=step.current is not None)


def run_undo(
    plan: UndoPlan,
    journal: RunJournal,
    store: ObjectStore,
    conf: RemoteStorageConfig,
    *,
    workers: int,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> UndoPlan:
    """Carries out the plan's steps (the ones with an action), in parallel; per-file
    failures are in each step's ``status``/``reason``, never raised."""
    steps = plan.to_do
    cancel = cancel or CancelToken()
    planned = [
        PlannedFile(
            s.file.side,
            s.file.name,
            s.file.local_path,
            s.action or "",
            s.file.before.size if s.file.before else 0,
            s.file.before,
            s.current,
        )
        for s in steps
    ]
    active = journal.begin(
        "undo",
        plan.run.place,
        planned,
        steps,
        backup_prefix=conf.backup_prefix,
        undoes=plan.run.id,
    )
    plan.undo_run_id = active.run_id
    replaces_objects = any(s.file.side == REMOTE and s.current is not None for s in steps)
    remote_keeper = (
        RemoteKeeper(store, active.run_id, conf.backup_prefix) if replaces_objects else None
    )
    backups = conf.backup_dir or str(default_backup_dir(store.bucket_name))
    local_keeper = (
        ReplacedFileKeeper(backups, local_root=plan.run.place.local_root)
        if conf.keep_replaced
        else None
    )
    undoer = _Undoer(store, active, remote_keeper, local_keeper, plan.run.place.local_root)
    tracker = ProgressTracker(progress, len(steps), 0)

    def one(step: UndoStep) -> None:
        try:
            cancel.raise_if_cancelled()
            undoer(step)
        except CancelledError:
            step.status, step.reason = "failed", "cancelled"
            active.failed(step, "cancelled", cancelled=True)
            return
        except (BucketFerryError, OSError) as exc:
            step.status, step.reason = "failed", str(exc)
            log.warning("Undoing %s failed: %s", step.path, exc)
            active.failed(step, str(exc))
        else:
            step.status = "done"
            active.done(step, step.file.before)
        tracker.file_done(step.path)

    try:
        bounded_map(one, steps, workers, name="undo")
    finally:
        cancelled = cancel.cancelled
        active.finish("cancelled" if cancelled else "finished")
    tracker.finish()
    return plan
