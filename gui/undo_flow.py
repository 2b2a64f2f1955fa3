"""Undoing a run, one at a time: plan it, then run exactly that plan, each as a job of the
application's runner, with Cancel. The history dialog shows the plan, asks, and shows
the result; this object only starts the engine's work and says how it went.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from bucketferry.core import RemoteStorage
from bucketferry.core.undo import UndoPlan

from .history_jobs import UndoPreview, undo_job, undo_plan_job
from .jobs import Job, JobRunner


class UndoFlow(QObject):
    planned = Signal(object)
    """An UndoPreview: the plan and what keeps what it would replace in the bucket."""
    undone = Signal(object)
    """The UndoPlan, its steps' ``status``/``reason`` filled in (cancelled ones too)."""
    failed = Signal(object)
    """The exception of a plan or a run that failed as a whole (another bucket, say)."""
    progress = Signal(object)  # Progress of the running undo
    ended = Signal()
    """The job's thread has stopped, after ``planned``, ``undone`` or ``failed``."""

    def __init__(self, jobs: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._job: Job | None = None
        self._planning_with: RemoteStorage | None = None
        self._planned: tuple[RemoteStorage, UndoPlan] | None = None
        """The last plan shown, and the connection it was made with: the one it runs on."""
        jobs.job_finished.connect(self._job_finished)

    @property
    def working(self) -> bool:
        return self._job is not None

    def plan(self, storage: RemoteStorage, run_id: str) -> None:
        """Plans the undo of ``run_id`` with ``storage`` (the window's connection); a run
        on another bucket fails with the engine's words."""
        job = undo_plan_job(storage, run_id)
        job.succeeded.connect(self._plan_ready)
        self._planning_with, self._planned = storage, None
        self._start(job)

    def run(self) -> bool:
        """Runs the last plan; False if there is none or a job is under way."""
        if self._planned is None or self._job is not None:
            return False
        storage, plan = self._planned
        job = undo_job(storage, plan)
        job.progress.connect(self.progress)
        job.succeeded.connect(self.undone)
        self._start(job)
        return True

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _start(self, job: Job) -> None:
        job.failed.connect(self.failed)
        self._job = job
        self._jobs.start(job)

    @Slot(object)
    def _plan_ready(self, preview: UndoPreview) -> None:
        assert self._planning_with is not None  # set with the planning job
        self._planned = self._planning_with, preview.plan
        self.planned.emit(preview)

    @Slot(object)
    def _job_finished(self, job: Job) -> None:
        if job is self._job:
            self._job = None
            self.ended.emit()
