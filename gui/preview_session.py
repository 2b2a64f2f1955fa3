"""The preview on screen: what it was made from, the plan it gave, and the jobs around it.

A preview is tied to the exact inputs it was made from (:class:`PreviewInputs`); any change
makes it stale, and so does deleting from the bucket it describes. The window asks
:meth:`PreviewSession.is_current` before it lets a run start.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from bucketferry.core import RemoteStorage, SyncObject, TransactionSummary
from bucketferry.core.paths import base_length, join_remote
from bucketferry.core.profiles import Profile
from bucketferry.core.units import files_count

from .filter_patterns import hidden_regex
from .jobs import Job, JobRunner, preview_job, run_job
from .keeping_words import Keeping
from .models.preview_rows import PreparedRows
from .tree_states import TreeStates

log = logging.getLogger(__name__)

FILTERED_OUT = "filtered out by include/exclude"
"""The engine's reason for a file its filters leave out."""


@dataclass(frozen=True)
class PreviewInputs:
    """Everything a plan depends on, compared as a whole to tell whether it is current."""

    direction: str  # "push" or "pull"
    connection: str  # the profile's name
    local_folder: str  # absolute
    remote_path: str  # below the base path, without surrounding '/'; empty: everything
    include: str | None  # the engine's regular expressions, made from the filter fields
    exclude: str | None  # (wildcards by default; see filter_patterns), hidden files added
    profile: Profile | None  # the connection's settings: editing them outdates the plan
    show_hidden: bool = True  # False: ``exclude`` leaves out hidden files

    @property
    def pushed_folder(self) -> str:
        """The local folder a push of these inputs sends (the confirmation counts the
        empty folders in it, which a bucket cannot keep)."""
        return os.path.join(self.local_folder, *self.remote_path.split("/"))


class PreviewSession(QObject):
    """Owns the current plan and the one preview, run or run-like job at a time.

    A failed or cancelled preview keeps the plan that was there. After a run, ``summary``
    holds the per-file results (the same SyncObjects, their status updated) and
    ``tree_states`` colours the trees by them.
    """

    planned = Signal()
    """A new plan replaced the previous one."""
    preview_failed = Signal(object)  # the exception
    ran = Signal(object)  # the run's TransactionSummary
    run_failed = Signal(object)  # the exception
    busy = Signal(str)
    """A job of unknown length began (previewing, deleting); the words say what it does."""
    transfer_started = Signal()
    """A run began; ``progress`` reports follow."""
    progress = Signal(object)  # Progress of the running job
    job_ended = Signal()
    """The preview or run-like job ended (after its result or failure was sent)."""

    def __init__(self, jobs: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.summary: TransactionSummary | None = None
        self.inputs: PreviewInputs | None = None
        self.plan_storage: RemoteStorage | None = None
        """The bucket the plan compared with, even if another connection is chosen now."""
        self.keeping: Keeping | None = None
        """What keeps the objects a push of the plan replaces (None: it replaces none)."""
        self.tree_states: TreeStates | None = None
        self.rows: PreparedRows | None = None
        """The preview table's rows of ``summary``, made in the preview's worker."""
        self._outdated = False
        self._asked: tuple[RemoteStorage, PreviewInputs] | None = None
        """What the running preview compares: it becomes the plan's when the plan comes."""
        self._preview_job: Job | None = None
        self._run_job: Job | None = None
        self._jobs = jobs
        jobs.job_finished.connect(self._job_finished)

    @property
    def direction(self) -> str:
        return self.inputs.direction if self.inputs is not None else "push"

    @property
    def working(self) -> bool:
        """A preview or a run-like job is in progress (background listings do not count)."""
        return self._preview_job is not None or self._run_job is not None

    def is_current(self, inputs: PreviewInputs) -> bool:
        """Whether the plan was made from exactly ``inputs`` and still describes the bucket."""
        return self.summary is not None and not self._outdated and self.inputs == inputs

    def outdate(self) -> None:
        """The bucket changed under the plan (a delete): it may no longer be run."""
        self._outdated = True

    # --- jobs ------------------------------------------------------------------------------

    def preview(self, storage: RemoteStorage, inputs: PreviewInputs) -> None:
        """Plans in the worker; ``planned`` or ``preview_failed`` follows."""
        job = preview_job(
            storage,
            inputs.direction,
            inputs.local_folder,
            inputs.remote_path,
            inputs.include,
            inputs.exclude,
            shown=functools.partial(_leave_out_hidden, storage=storage, inputs=inputs),
        )
        # Bound slots only: Qt delivers them in this object's (the main) thread, where a
        # lambda or partial would run in the worker's.
        job.succeeded.connect(self._preview_ready)
        job.failed.connect(self.preview_failed)
        self._asked = storage, inputs
        self._preview_job = job
        self._jobs.start(job)
        self.busy.emit(
            self.tr("Previewing push…")
            if inputs.direction == "push"
            else self.tr("Previewing pull…")
        )

    def run(self, storage: RemoteStorage, selection: list[SyncObject], force: bool) -> None:
        """Runs ``selection`` (entries of the current plan); ``ran`` or ``run_failed``
        follows. Only for a current plan."""
        assert self.summary is not None and self.inputs is not None
        roots = (
            self.inputs.local_folder,
            join_remote(storage.remote_base_path, self.inputs.remote_path),
        )
        job = run_job(storage, self.summary, selection, force, roots)
        job.succeeded.connect(self._run_finished)
        job.failed.connect(self.run_failed)
        self._start_run_like(job)
        log.info("%s of %d files started", self.direction.capitalize(), len(selection))
        self.transfer_started.emit()

    def operate(self, job: Job, what: str) -> None:
        """Starts a run-like job (deleting): Cancel stops it, and it keeps the inputs
        locked, until it is over. ``what`` it does is said; its caller handles its result."""
        self._start_run_like(job)
        self.busy.emit(what)

    def _start_run_like(self, job: Job) -> None:
        job.progress.connect(self.progress)
        self._run_job = job
        self._jobs.start(job)

    def cancel(self) -> bool:
        """Asks the running preview or run to stop; False if there was none."""
        running = [job for job in (self._run_job, self._preview_job) if job is not None]
        for job in running:
            job.cancel()
        return bool(running)

    @Slot(object)
    def _preview_ready(
        self, result: tuple[TransactionSummary, Keeping | None, TreeStates, PreparedRows]
    ) -> None:
        assert self._asked is not None  # set with the one preview job
        self.summary, self.keeping, self.tree_states, self.rows = result
        (self.plan_storage, self.inputs), self._outdated = self._asked, False
        self.planned.emit()

    @Slot(object)
    def _run_finished(self, result: tuple[TransactionSummary, TreeStates]) -> None:
        summary, self.tree_states = result
        self.ran.emit(summary)

    @Slot(object)
    def _job_finished(self, job: Job) -> None:
        if job is self._preview_job:
            self._preview_job = None
        elif job is self._run_job:
            self._run_job = None
        else:
            return
        self.job_ended.emit()


def _leave_out_hidden(
    summary: TransactionSummary, *, storage: RemoteStorage, inputs: PreviewInputs
) -> None:
    """While the window hides hidden files, the plan does not list them either (the
    engine lists them as filtered out): the table then shows what the trees show, each
    file that will be sent and the others the user's filters leave out. Runs in the
    preview's worker, before the table's rows are made."""
    if inputs.show_hidden:
        return
    hidden = re.compile(hidden_regex(inputs.remote_path))
    cut = base_length(storage.remote_base_path)
    kept = [
        item
        for item in summary.skipped_source_files
        if item.reason != FILTERED_OUT or not hidden.match(item.name[cut:])
    ]
    if len(kept) != len(summary.skipped_source_files):
        left_out = len(summary.skipped_source_files) - len(kept)
        log.info("%s left out (View ▸ Show hidden files)", files_count(left_out, "hidden file"))
        summary.skipped_source_files = kept
