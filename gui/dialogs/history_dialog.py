"""View ▸ History: every recorded run, the files of the one selected, undoing it, and the
copies runs kept in the bucket.

Undo follows the window's own pattern: plan (a job), look (the plan in the table, drawn
like a preview), confirm (what will be put back, removed and left alone, and where what
the undo replaces goes), run with progress and Cancel (a job), then the result in the same
rows. The undo uses the window's current connection: a run made on another bucket is
refused with the engine's words. The dialog only calls the engine, always in jobs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import BucketFerryError, CancelledError, RemoteStorage
from bucketferry.core.display import printable
from bucketferry.core.journal import FileStep, RunInfo
from bucketferry.core.profiles import ProfileStore
from bucketferry.core.undo import UndoPlan

from ..history_jobs import History, UndoPreview, history_job, run_files_job
from ..history_words import counts_words, place_words, plan_words, result_words, run_title
from ..jobs import Job, JobRunner
from ..messages import error_words, show_error, show_failure
from ..translation import Context
from ..undo_flow import UndoFlow
from ..widgets.runs_page import RunsPage
from .backups_tab import BackupsTab
from .undo_confirm_dialog import UndoConfirmDialog

SHOWN = 5
"""Failed files named in the message after an undo."""

history_dialog = Context("history_dialog")


class HistoryDialog(QDialog):
    """``storage`` gives the window's current connection (raises BucketFerryError with the
    words for the user); ``busy`` says whether the window runs a preview or a transfer, in
    which case no undo starts."""

    bucket_changed = Signal(str)
    """An undo ended (all, part or none of it done): the window's trees and plan are out of
    date. The words say what happened."""

    def __init__(
        self,
        storage: Callable[[], RemoteStorage],
        jobs: JobRunner,
        profiles: ProfileStore,
        busy: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("History"))
        self._storage_of = storage
        self._jobs = jobs
        self._profiles = profiles
        self._busy = busy
        self._reading: Job | None = None
        """The history job under way."""
        self._keep_lower = False
        """Set while the history is read again: the lower table keeps what it shows."""
        self._close_when_done = False
        self.undo_flow = UndoFlow(jobs, self)
        self.page = RunsPage()
        self.backups_tab = BackupsTab(storage, jobs, self.page.history_model.describe, self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("historyTabs")
        self.tabs.addTab(self.page, self.tr("&Runs"))
        self.tabs.addTab(self.backups_tab, self.tr("&Backups in this bucket"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(1180, 720)
        self._wire()
        self._update_buttons()
        self.refresh()

    def _wire(self) -> None:
        page, flow = self.page, self.undo_flow
        self.tabs.currentChanged.connect(self._tab_changed)
        page.history_table.selectionModel().currentRowChanged.connect(self._run_selected)
        page.undo_button.clicked.connect(self.plan_undo)
        page.refresh_button.clicked.connect(self.refresh)
        page.cancel_button.clicked.connect(self.cancel)
        self._jobs.job_finished.connect(self._job_finished)
        flow.planned.connect(self._plan_ready)
        flow.undone.connect(self._undone)
        flow.failed.connect(self._undo_failed)
        flow.progress.connect(page.show_progress)
        flow.ended.connect(self._undo_ended)

    # --- common ----------------------------------------------------------------------------

    def _storage(self, quiet: bool = False) -> RemoteStorage | None:
        """The window's connection, or None after saying why: in the status line when
        ``quiet`` (reading), in a dialog otherwise (an undo asked for)."""
        try:
            return self._storage_of()
        except BucketFerryError as exc:
            if quiet:
                self._read_failed(exc)
            else:
                show_failure(self, exc)
            return None

    @property
    def undoing(self) -> bool:
        """An undo is being planned or run."""
        return self.undo_flow.working

    def _update_buttons(self) -> None:
        page, undoing = self.page, self.undo_flow.working
        page.undo_button.setEnabled(not undoing and page.selected_run() is not None)
        page.refresh_button.setEnabled(self._reading is None)
        page.history_table.setEnabled(not undoing)
        page.cancel_button.setEnabled(undoing)

    @Slot(object)
    def _job_finished(self, job: Job) -> None:
        if job is self._reading:
            self._reading = None
            self._update_buttons()

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.backups_tab and not self.backups_tab.loaded:
            self.backups_tab.load()

    # --- the runs and their files ------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Reads the history again, keeping the selected run selected."""
        storage = self._storage(quiet=True)
        if storage is None or self._reading is not None:
            return
        job = history_job(storage, self._profiles)
        job.succeeded.connect(self._history_read)
        job.failed.connect(self._read_failed)
        self._reading = job
        self._update_buttons()
        self._jobs.start(job)

    @Slot(object)
    def _history_read(self, history: History) -> None:
        page = self.page
        chosen = page.selected_run()
        page.history_model.set_history(history.runs, history.connections)
        row = page.history_model.row_of(chosen.id) if chosen is not None else None
        if not history.runs:
            page.details_label.setText(self.tr("No runs are recorded on this computer yet."))
        elif row is not None:  # the same run: what the lower table shows stays
            self._keep_lower = True
            page.history_table.selectRow(row)
            self._keep_lower = False
        else:
            page.history_table.selectRow(0)
        self._update_buttons()

    @Slot(object)
    def _read_failed(self, error: Exception) -> None:
        self.page.status_label.setText("{}: {}".format(*error_words(error)))

    @Slot(QModelIndex, QModelIndex)
    def _run_selected(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._update_buttons()
        if self._keep_lower or not current.isValid():
            return
        page = self.page
        run: RunInfo = page.history_model.item_at(current.row())
        page.details_label.setText(
            self.tr("Files of {run}: {counts}.").format(
                run=run_title(run), counts=counts_words(run)
            )
        )
        page.files_model.set_items([])
        page.show_files()
        storage = self._storage(quiet=True)
        if storage is not None:
            job = run_files_job(storage, run.id)
            job.succeeded.connect(self._files_read)
            job.failed.connect(self._read_failed)
            self._jobs.start(job)

    @Slot(object)
    def _files_read(self, result: tuple[str, list[FileStep]]) -> None:
        run_id, files = result
        chosen = self.page.selected_run()
        if chosen is not None and chosen.id == run_id:  # not an answer the user moved on from
            self.page.files_model.set_items(files)

    # --- undo ------------------------------------------------------------------------------

    @Slot()
    def plan_undo(self) -> None:
        """Works out what undoing the selected run would do; shows it, then asks."""
        run = self.page.selected_run()
        if run is None or self.undo_flow.working:
            return
        if self._busy():
            show_error(
                self,
                self.tr("A preview or run is under way"),
                self.tr(
                    "Wait until the window's preview or run has ended (or cancel it), then undo."
                ),
            )
            return
        storage = self._storage()
        if storage is None:
            return
        self.undo_flow.plan(storage, run.id)
        self.page.show_working(
            self.tr("Working out what undoing {run} would do…").format(run=run_title(run)), 0
        )
        self._update_buttons()

    @Slot(object)
    def _plan_ready(self, preview: UndoPreview) -> None:
        page, plan = self.page, preview.plan
        page.undo_model.set_items(plan.steps)
        page.show_plan()
        page.details_label.setText(
            self.tr("Undoing {run} would {plan}.").format(
                run=run_title(plan.run), plan=plan_words(plan)
            )
        )
        if not plan.to_do:
            page.status_label.setText(self.tr("Nothing to undo: nothing was changed."))
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Nothing to undo"),
                self.tr(
                    "Every file of {run} is already as before the run, changed after it, or "
                    "cannot be put back: the table says which, and why."
                ).format(run=run_title(plan.run)),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setObjectName("nothingToUndoDialog")
            box.open()
            return
        page.status_label.setText(self.tr("Check the plan above, then confirm."))
        where = place_words(plan.run, page.history_model.connection(plan.run))
        dialog = UndoConfirmDialog(plan, preview.keeping, where, self)
        dialog.accepted.connect(self._run_undo)
        not_undone = self.tr("Not undone: nothing changed.")
        dialog.rejected.connect(lambda: page.status_label.setText(not_undone))
        dialog.open()

    @Slot()
    def _run_undo(self) -> None:
        if self.undo_flow.run():
            steps = sum(1 for step in self.page.undo_model.steps() if step.action is not None)
            self.page.show_working(self.tr("Undoing…"), max(1, steps))
            self._update_buttons()

    @Slot(object)
    def _undone(self, plan: UndoPlan) -> None:
        page, said = self.page, result_words(plan)
        page.undo_model.refresh()
        undid = self.tr("Undid {run}: {result}.").format(run=run_title(plan.run), result=said)
        page.details_label.setText(undid)
        page.status_label.setText(self.tr("Undo done: {result}.").format(result=said))
        failed = [s for s in plan.failed if s.reason != "cancelled"]
        if failed:
            lines = "\n".join(
                f"• {printable(s.path)}: {printable(s.reason)}" for s in failed[:SHOWN]
            )
            more = (
                "\n" + history_dialog.tr("… and %n more.", "", len(failed) - SHOWN)
                if len(failed) > SHOWN
                else ""
            )
            said_failed = history_dialog.tr(
                "%n file(s) could not be undone; the others were.", "", len(failed)
            )
            show_error(
                self, self.tr("Some files were not undone"), f"{said_failed}\n\n{lines}{more}"
            )
        self.bucket_changed.emit(undid)
        self.refresh()  # the undo is a run of its own; the result stays in view

    @Slot(object)
    def _undo_failed(self, error: Exception) -> None:
        if isinstance(error, CancelledError):
            self.page.status_label.setText(self.tr("Cancelled: nothing was changed."))
            return
        self.page.status_label.setText("{}: {}".format(*error_words(error)))
        show_failure(self, error)

    @Slot()
    def _undo_ended(self) -> None:
        self.page.show_progress_row(False)
        self._update_buttons()
        if self._close_when_done:
            super().reject()

    @Slot()
    def cancel(self) -> None:
        if self.undo_flow.working:
            self.undo_flow.cancel()
            self.page.progress_label.setText(self.tr("Cancelling…"))

    def reject(self) -> None:
        """Closing while an undo runs cancels it; the dialog closes once it has stopped."""
        if self.undo_flow.working:
            self._close_when_done = True
            self.cancel()
            return
        super().reject()
