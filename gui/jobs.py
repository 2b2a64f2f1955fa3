"""Everything slow runs here, off the event loop: one QThread per job, results by signal.

A job is an object with ``run`` (in the worker thread), ``cancel`` (from any thread) and
four signals. Cancel is part of every job: it sets the engine's CancelToken, which every
transfer checks between chunks of at most 1 MiB, so a run stops within a second.

One runner serves the whole application (:func:`application_jobs`): the window and every
dialog start their jobs there, so one place keeps the threads alive until they end (a
dialog deleted on close cannot promise that) and quitting waits for all of them.
"""

from __future__ import annotations

import glob
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from bucketferry.core import (
    BucketFerryError,
    CancelToken,
    Progress,
    RemoteStorage,
    RemoteStorageConfig,
    TransactionSummary,
)
from bucketferry.core.paths import join_remote

from .keeping_words import Keeping
from .models.preview_rows import PreparedRows, prepare_rows
from .translation import Context
from .tree_states import TreeStates, plan_tree_states

log = logging.getLogger(__name__)

jobs = Context("jobs")
"""A job's title stays English: only the log shows it."""

Work = Callable[["Job"], Any]


class Job(QObject):
    """One piece of slow work; ``work(job)`` runs in the worker thread and may use
    ``job.cancel_token`` and ``job.report`` (progress)."""

    progress = Signal(object)  # Progress
    succeeded = Signal(object)  # the job's result
    failed = Signal(object)  # the exception; messages.error_words() says it for a person
    done = Signal()  # after succeeded or failed

    def __init__(self, title: str, work: Work) -> None:
        super().__init__()
        self.title = title
        self._work = work
        self.cancel_token = CancelToken()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def report(self, progress: Progress) -> None:
        self.progress.emit(progress)

    @Slot()
    def execute(self) -> None:
        try:
            result = self._work(self)
        except Exception as exc:
            if isinstance(exc, BucketFerryError):
                log.warning("%s: %s", exc.title, exc.message)
            else:  # a bug: keep the details in the log
                log.error("Unexpected error in %s", self.title, exc_info=True)
            # The traceback holds the worker's frames (a whole plan, say) alive for as long
            # as the window keeps the exception; it has been logged where it matters.
            self.failed.emit(exc.with_traceback(None))
        else:
            self.succeeded.emit(result)
        finally:
            self.done.emit()


def preview_job(
    storage: RemoteStorage,
    direction: str,
    local_folder: str,
    remote_path: str,
    include: str | None,
    exclude: str | None,
    *,
    shown: Callable[[TransactionSummary], None] | None = None,
) -> Job:
    """A dry run: the plan of a push or pull (see GUI.md for how the fields map); for a
    push, what keeps the objects it would replace (the bucket's versions are asked only
    when it would replace any); the plan's states for the two trees; and the preview
    table's rows, made here so that a large plan does not hold up the window. ``shown``
    trims the plan to what the table shows, before its rows are made."""
    remote_root = join_remote(storage.remote_base_path, remote_path)

    def work(job: Job) -> tuple[TransactionSummary, Keeping | None, TreeStates, PreparedRows]:
        keeping: Keeping | None = None
        if direction == "push":
            # The path field is a path, not a pattern: 'bar[1]' means that folder.
            path = glob.escape(remote_path) if remote_path else "."
            summary = storage.plan_push(path, local_folder, include, exclude)
            if summary.on_target_neq_md5:  # the confirmation says where they are kept
                keeping = Keeping(storage.keeps_versions(), storage.conf.backup_prefix)
        else:
            summary = storage.plan_pull(remote_path, local_folder, include, exclude)
        job.cancel_token.raise_if_cancelled()  # planning itself runs to its end
        states = plan_tree_states(summary, local_folder, remote_root)
        if shown is not None:
            shown(summary)
        return summary, keeping, states, prepare_rows(summary)

    return Job(f"Preview {direction}", work)


def run_job(
    storage: RemoteStorage,
    summary: TransactionSummary,
    selection: list[Any],
    force: bool,
    roots: tuple[str, str],
) -> Job:
    """Runs exactly the previewed, checked entries of a plan; returns the result and its
    states for the trees (``roots``: the preview's local folder and remote root). Safe
    updates (the target is still the copy last synced) need no ``force``: the confirmation
    asks only about the copies that would be lost."""

    def work(job: Job) -> tuple[TransactionSummary, TreeStates]:
        result = storage.execute(
            summary,
            force=force,
            selection=selection,
            progress=job.report,
            cancel=job.cancel_token,
            safe_updates=True,
        )
        return result, plan_tree_states(result, *roots)

    return Job("Transfer", work)


def connection_check_job(conf: RemoteStorageConfig) -> Job:
    """Opens the bucket with the given settings; fails with the reason in plain words."""

    def work(job: Job) -> str:
        RemoteStorage(conf).check()
        return jobs.tr("Connected: bucket '{bucket}' is reachable with these settings.").format(
            bucket=conf.bucket
        )

    return Job("Connection test", work)


@dataclass(frozen=True)
class DeleteListing:
    """What a delete would remove, what keeps it (versions, bucket backups), what it leaves
    alone."""

    objects: list[Any]
    keeping: Keeping
    refused: list[tuple[Any, str]]


def delete_listing_job(
    storage: RemoteStorage, paths: list[str], include: str | None, exclude: str | None
) -> Job:
    """What deleting these paths (files, or folders ending in '/', relative to the base
    path) would remove, filters applied; each object once, in name order; and what it
    would leave alone, with the reason (names that would reach another object, links in a
    folder bucket). Nothing is deleted."""

    def work(job: Job) -> DeleteListing:
        found: dict[str, Any] = {}
        refused: dict[str, tuple[Any, str]] = {}
        for path in paths:
            job.cancel_token.raise_if_cancelled()
            exact = join_remote(storage.remote_base_path, path)
            plan = storage.plan_delete(path, include, exclude)
            # A file row is that object only: the engine's delete('logs') would also
            # take a folder 'logs/' beside it.
            for obj in plan.objects:
                if path.endswith("/") or obj.name == exact:
                    found[obj.name] = obj
            for obj, why in plan.refused:
                if path.endswith("/") or obj.name == exact:
                    refused[obj.name] = (obj, why)
        return DeleteListing(
            [found[name] for name in sorted(found)],
            Keeping(storage.keeps_versions(), storage.conf.backup_prefix),
            [refused[name] for name in sorted(refused)],
        )

    return Job("Listing what to delete", work)


def delete_job(storage: RemoteStorage, objects: list[Any]) -> Job:
    """Deletes exactly the objects the user confirmed."""

    def work(job: Job) -> list[Any]:
        deleted: list[Any] = storage.delete_objects(
            objects, progress=job.report, cancel=job.cancel_token
        )
        return deleted

    return Job("Deleting", work)


def browse_job(storage: RemoteStorage, remote_path: str) -> Job:
    """One level of the remote tree: (path, sub-folders, objects)."""

    def work(job: Job) -> tuple[str, list[str], list[Any]]:
        folders, objects = storage.browse(remote_path)
        return remote_path, folders, objects

    return Job("Listing the bucket", work)


class JobRunner(QObject):
    """Starts jobs on their own threads, keeps them alive, and says when one is over.

    ``job_finished`` is emitted in the main thread after the job's thread has stopped, so
    ``busy`` is already up to date for whoever listens. Every job of the application goes
    through the one runner of :func:`application_jobs`, so listeners ignore jobs that are
    not theirs.
    """

    job_finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[Job, QThread] = {}

    def start(self, job: Job) -> Job:
        thread = QThread()
        job.moveToThread(thread)
        thread.started.connect(job.execute)
        job.done.connect(self._done)
        self._running[job] = thread
        thread.start()
        return job

    @Slot()
    def _done(self) -> None:
        job = self.sender()
        if not isinstance(job, Job):
            return
        thread = self._running.pop(job, None)
        if thread is not None:
            thread.quit()
            thread.wait()
        self.job_finished.emit(job)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def cancel_all(self) -> None:
        for job in list(self._running):
            job.cancel()

    def wait_all(self, milliseconds: int = 5000) -> None:
        for thread in list(self._running.values()):
            thread.quit()
            thread.wait(milliseconds)

    @Slot()
    def stop_all(self) -> None:
        """Cancels every job and waits for its thread (transfers stop within a second)."""
        self.cancel_all()
        self.wait_all()


_RUNNER_NAME = "applicationJobs"


def application_jobs() -> JobRunner:
    """The application's one runner, made on first use as a child of the QApplication (so
    it lives as long as the application); quitting cancels its jobs and waits for them."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("Jobs need a QApplication.")
    for child in app.findChildren(JobRunner, _RUNNER_NAME):
        return child
    runner = JobRunner(app)
    runner.setObjectName(_RUNNER_NAME)
    app.aboutToQuit.connect(runner.stop_all)
    return runner
