"""History ▸ Backups in this bucket: the copies runs kept in the connection's bucket, one
row per run, and removing those older than a number of days.

Removing asks first, naming exactly what would go: the engine lists it (a dry run), the
person confirms, then the engine removes it. Both steps run as jobs; those runs can no
longer be undone afterwards, and the confirmation says so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import BucketFerryError, RemoteStorage
from bucketferry.core.bucket_backups import BackupRun
from bucketferry.core.display import printable
from bucketferry.core.units import human_size

from ..history_jobs import backups_job, prune_job
from ..jobs import Job, JobRunner
from ..messages import error_words, show_failure
from ..models.backups_model import COL_RUN, COL_STARTED, BackupsModel
from ..translation import Context
from ..widgets.record_table import record_table

DEFAULT_DAYS = 30

backups_tab = Context("backups_tab")


def _totals(runs: list[BackupRun]) -> str:
    """'2 runs, 5 objects, 1.2 MB'."""
    objects = sum(r.objects for r in runs)
    size = sum(r.bytes for r in runs)
    return ", ".join(
        (
            backups_tab.tr("%n run(s)", "", len(runs)),
            backups_tab.tr("%n object(s)", "", objects),
            human_size(size),
        )
    )


class BackupsTab(QWidget):
    """Lists on :meth:`load` (the dialog calls it when the tab is first shown)."""

    def __init__(
        self,
        storage: Callable[[], RemoteStorage],
        jobs: JobRunner,
        describe: Callable[[str], str | None],
        parent: QWidget | None = None,
    ) -> None:
        """``describe`` says which run a backup belongs to (None: a run not recorded
        here)."""
        super().__init__(parent)
        self._describe = describe
        self._storage_of = storage
        self._jobs = jobs
        self._job: Job | None = None
        self._removed = ""
        """What the last removal did: said again with the fresh listing that follows it."""
        self._list_again = False
        self.loaded = False
        self.model = BackupsModel(self)
        self.where_label = QLabel()
        self.where_label.setObjectName("backupsWhereLabel")
        self.where_label.setWordWrap(True)
        self.table = record_table(
            "backupsTable",
            self.tr("Backups in this bucket"),
            self.model,
            {COL_STARTED: 160},
            COL_RUN,
        )
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("pruneDaysSpin")
        self.days_spin.setAccessibleName(self.tr("Age in days of the backups to remove"))
        self.days_spin.setRange(0, 3650)
        self.days_spin.setValue(DEFAULT_DAYS)
        self.prune_button = QPushButton()
        self.prune_button.setObjectName("pruneBackupsButton")
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("refreshBackupsButton")
        self.status_label = QLabel()
        self.status_label.setObjectName("backupsStatusLabel")
        self.status_label.setWordWrap(True)
        row = QHBoxLayout()
        older = QLabel(self.tr("&Older than"))
        older.setBuddy(self.days_spin)
        row.addWidget(older)
        row.addWidget(self.days_spin)
        row.addWidget(self.prune_button)
        row.addStretch()
        row.addWidget(self.refresh_button)
        box = QVBoxLayout(self)
        box.addWidget(self.where_label)
        box.addWidget(self.table)
        box.addLayout(row)
        box.addWidget(self.status_label)
        self.days_spin.valueChanged.connect(self._name_prune_button)
        self.prune_button.clicked.connect(self.ask_prune)
        self.refresh_button.clicked.connect(self.load)
        jobs.job_finished.connect(self._job_finished)
        self._name_prune_button()

    def _name_prune_button(self) -> None:
        days = self.days_spin.value()
        self.days_spin.setSuffix(backups_tab.tr(" day(s)", "", days))
        self.prune_button.setText(backups_tab.tr("&Remove backups older than %n day(s)…", "", days))

    def _storage(self) -> RemoteStorage | None:
        try:
            return self._storage_of()
        except BucketFerryError as exc:
            self._say_error(exc)
            return None

    def _say_error(self, error: BaseException) -> None:
        title, message = error_words(error)
        self.status_label.setText(f"{title}: {message}")

    def _start(self, job: Job, what: str) -> None:
        self._job = job
        self.status_label.setText(what)
        self._update_buttons()
        self._jobs.start(job)

    def _update_buttons(self) -> None:
        idle = self._job is None
        self.refresh_button.setEnabled(idle)
        self.prune_button.setEnabled(idle and self.model.rowCount() > 0)
        self.days_spin.setEnabled(idle)

    @Slot(object)
    def _job_finished(self, job: Job) -> None:
        if job is self._job:
            self._job = None
            self._update_buttons()
            if self._list_again:  # after a removal, now that this tab is free for it
                self._list_again = False
                self.load()

    # --- listing -------------------------------------------------------------------------

    @Slot()
    def load(self) -> None:
        storage = self._storage()
        if storage is None or self._job is not None:
            return
        self.loaded = True
        prefix = storage.conf.backup_prefix
        bucket = printable(storage.conf.bucket)
        self.where_label.setText(
            self.tr(
                "Copies that runs kept before replacing or deleting objects in the bucket "
                "<b>{bucket}</b>, under <b>{folder}/</b>. Undo puts them back; remove old "
                "ones here."
            ).format(bucket=bucket, folder=printable(prefix))
            if prefix
            else self.tr(
                "This connection keeps no copies in the bucket <b>{bucket}</b> (turn them on "
                "in Manage connections)."
            ).format(bucket=bucket)
        )
        job = backups_job(storage)
        job.succeeded.connect(self._listed)
        job.failed.connect(self._list_failed)
        self._start(job, self.tr("Listing the backups…"))

    @Slot(object)
    def _listed(self, backups: list[BackupRun]) -> None:
        runs = {b.run_id: said for b in backups if (said := self._describe(b.run_id))}
        self.model.set_backups(backups, runs)
        said = (
            self.tr("Kept: {totals}.").format(totals=_totals(backups))
            if backups
            else self.tr("No backups in this bucket.")
        )
        self.status_label.setText(f"{self._removed} {said}".strip())
        self._removed = ""

    @Slot(object)
    def _list_failed(self, error: Exception) -> None:
        self.model.set_backups([], {})
        self._removed = ""
        self._say_error(error)

    # --- removing old backups ------------------------------------------------------------

    @Slot()
    def ask_prune(self) -> None:
        """Lists what would go (a dry run), then asks."""
        storage = self._storage()
        if storage is None or self._job is not None:
            return
        job = prune_job(storage, self.days_spin.value(), dryrun=True)
        job.succeeded.connect(self._confirm_prune)
        job.failed.connect(self._prune_failed)
        self._start(job, self.tr("Looking for old backups…"))

    @Slot(object)
    def _confirm_prune(self, result: tuple[int, bool, list[BackupRun]]) -> None:
        days, _, runs = result
        if not runs:
            self.status_label.setText(
                backups_tab.tr("No backups are older than %n day(s).", "", days)
            )
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Remove old backups?"),
            backups_tab.tr(
                "Remove the backups older than %n day(s) from the bucket: {totals}?\n\n"
                "They cannot be recovered afterwards, and those runs can then no longer be "
                "undone.",
                "",
                days,
            ).format(totals=_totals(runs)),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("pruneConfirmDialog")
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("confirmPruneButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        remove.clicked.connect(lambda: self._prune(days))
        self.status_label.setText(
            backups_tab.tr("Older than %n day(s): {totals}.", "", days).format(totals=_totals(runs))
        )
        box.open()

    def _prune(self, days: int) -> None:
        storage = self._storage()
        if storage is None or self._job is not None:
            return
        job = prune_job(storage, days, dryrun=False)
        job.succeeded.connect(self._pruned)
        job.failed.connect(self._prune_failed)
        self._start(job, backups_tab.tr("Removing the backups older than %n day(s)…", "", days))

    @Slot(object)
    def _pruned(self, result: tuple[int, bool, list[BackupRun]]) -> None:
        days, _, runs = result
        self._removed = backups_tab.tr(
            "Removed the backups older than %n day(s) ({totals}).", "", days
        ).format(totals=_totals(runs))
        self.status_label.setText(self._removed)
        self._list_again = True

    @Slot(object)
    def _prune_failed(self, error: Exception) -> None:
        """Some backups may be gone already: the listing that follows shows what is left."""
        show_failure(self, error)
        self._say_error(error)
        self._list_again = True
