"""The slow steps of View ▸ History, as jobs of the application's runner (gui/jobs.py):
reading the run journal, planning and running an undo, listing and pruning the bucket's
backups. Each only calls the engine; none runs on the event loop.

Results carry what they were asked about (a run id, a number of days), so a dialog can
drop an answer that comes after the user moved on to something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bucketferry.core import BucketFerryError, RemoteStorage
from bucketferry.core.bucket_backups import BackupRun
from bucketferry.core.config import endpoint_of
from bucketferry.core.journal import REMOTE, FileStep, RunInfo
from bucketferry.core.profiles import ProfileStore
from bucketferry.core.undo import UndoPlan

from .jobs import Job
from .keeping_words import Keeping

Connections = dict[tuple[str, str], str]
"""(endpoint, bucket) -> the name of the connection that reaches it."""


@dataclass(frozen=True)
class History:
    runs: list[RunInfo]
    """Newest first."""
    connections: Connections
    """The connections' names, to say "Local folder" rather than an endpoint."""


def history_job(storage: RemoteStorage, profiles: ProfileStore) -> Job:
    """Every recorded run on this computer (of every connection), and which connection
    reaches each bucket."""

    def work(job: Job) -> History:
        connections: Connections = {}
        for profile in profiles.list():
            try:
                conf = profile.to_config()
            except BucketFerryError:  # unusable profiles name nothing
                continue
            connections.setdefault((endpoint_of(conf), conf.bucket), profile.name)
        return History(storage.history(), connections)

    return Job("Reading the history", work)


def run_files_job(storage: RemoteStorage, run_id: str) -> Job:
    """The files of one run: (run id, its FileSteps in order)."""

    def work(job: Job) -> tuple[str, list[FileStep]]:
        return run_id, storage.journal.files(run_id)

    return Job("Reading a run's files", work)


@dataclass(frozen=True)
class UndoPreview:
    plan: UndoPlan
    keeping: Keeping | None
    """What keeps the objects the undo would replace or remove (None: it touches none that
    exist now)."""


def undo_plan_job(storage: RemoteStorage, run_id: str) -> Job:
    """What undoing ``run_id`` would do; fails with the engine's words (e.g. the run was on
    another bucket than this connection's)."""

    def work(job: Job) -> UndoPreview:
        plan = storage.plan_undo(run_id)
        job.cancel_token.raise_if_cancelled()
        replaces = any(s.file.side == REMOTE and s.current is not None for s in plan.to_do)
        keeping = (
            Keeping(storage.keeps_versions(), storage.conf.backup_prefix) if replaces else None
        )
        return UndoPreview(plan, keeping)

    return Job("Planning the undo", work)


def undo_job(storage: RemoteStorage, plan: UndoPlan) -> Job:
    """Carries out the plan (its steps' ``status``/``reason`` say how each went); Cancel
    stops before the next file."""

    def work(job: Job) -> UndoPlan:
        return storage.undo(plan, progress=job.report, cancel=job.cancel_token)

    return Job("Undoing a run", work)


def backups_job(storage: RemoteStorage) -> Job:
    """The copies runs kept in this connection's bucket, one entry per run, oldest first;
    fails with the engine's words when the connection keeps none."""

    def work(job: Job) -> list[BackupRun]:
        return storage.backups()

    return Job("Listing the bucket's backups", work)


def prune_job(storage: RemoteStorage, days: int, *, dryrun: bool) -> Job:
    """Removes (or, with ``dryrun``, lists) the backups of runs older than ``days``:
    (days, dryrun, the runs whose backups go)."""

    def work(job: Job) -> tuple[int, bool, list[BackupRun]]:
        return days, dryrun, storage.prune_backups(timedelta(days=days), dryrun=dryrun)

    return Job("Removing old backups", work)
