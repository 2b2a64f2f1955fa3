"""The main window: choose where, preview, look, confirm, run, watch, cancel.

The window assembles its parts and decides what follows what; it holds no storage logic
and draws no rows. The connection bar says where and what (gui/widgets/connection_bar.py),
the trees show both sides, the preview pane shows the plan, the progress row the running
job; the preview session (gui/preview_session.py) owns the plan, whether it is current
and the jobs that make or run it. Every slow step runs as a job on a worker thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from bucketferry.core import BucketFerryError, CancelledError, RemoteStorage, TransactionSummary
from bucketferry.core.profiles import ProfileStore
from bucketferry.core.states import PlanState

from .dialogs.confirm_dialog import confirm_run
from .dialogs.connection_dialog import ConnectionDialog
from .dialogs.export_dialog import ask_export_path, save_export
from .dialogs.guide_dialog import show_guide
from .dialogs.history_dialog import HistoryDialog
from .dialogs.run_report import run_problems, run_status, show_replaced_copies
from .jobs import application_jobs
from .messages import error_words, show_error, show_failure
from .preview_session import PreviewSession
from .preview_words import preview_status
from .remote_delete import RemoteDelete
from .share_flow import ShareFlow
from .widgets.connection_bar import ConnectionBar
from .widgets.file_trees import FileTrees
from .widgets.log_dock import LogDock
from .widgets.preview_pane import PreviewPane
from .widgets.progress_row import ProgressRow
from .window_actions import APP_NAME, WindowActions, show_about
from .window_settings import app_settings, fit_on_screen, flag, restore_window, save_window

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.profiles = ProfileStore()
        self.profiles.ensure_default()
        self.secrets = self.profiles.secrets
        self.jobs = application_jobs()
        self.settings = app_settings()
        self.session = PreviewSession(self.jobs, self)
        self.connection_bar = ConnectionBar(self.profiles)
        self.trees = FileTrees(self.jobs)
        self.preview_pane = PreviewPane()
        self.progress_row = ProgressRow()
        self.log_dock = LogDock(self)
        self.menu_actions = WindowActions(self)
        self.remote_delete = RemoteDelete(self, self.session, self.connection_bar, self.trees)
        self.share_flow = ShareFlow(self, self.menu_actions, self.connection_bar, self.trees)
        self._assemble()
        self.statusBar().showMessage(
            self.tr("Choose a folder, then preview a push or a pull (F5).")
        )
        self.connection_bar.load_profiles()
        self._restore_settings()
        self.connection_bar.forget_connection()
        self._wire()
        self._update_actions()
        self._fitted = False
        QTimer.singleShot(0, self._refresh_trees)

    # --- construction --------------------------------------------------------------------

    def _assemble(self) -> None:
        bar = self.addToolBar(self.tr("Sync"))
        bar.setObjectName("syncToolBar")
        bar.setMovable(False)
        bar.addWidget(self.connection_bar)
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.preview_pane)
        box.addWidget(self.progress_row)
        main = QSplitter(Qt.Orientation.Vertical)
        main.setObjectName("mainSplitter")
        main.addWidget(self.trees)
        main.addWidget(lower)
        main.setStretchFactor(0, 2)
        main.setStretchFactor(1, 3)
        main.setSizes([400, 600])  # the trees get their share, not what the table leaves
        self.setCentralWidget(main)
        self.resize(1200, 800)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.resizeDocks([self.log_dock], [110], Qt.Orientation.Vertical)
        self.menu_actions.fill_menus(self, self.log_dock.toggleViewAction())
        self.trees.offer_on_remote(self.menu_actions.delete_remote, QKeySequence.StandardKey.Delete)

    def _wire(self) -> None:
        bar, pane, session = self.connection_bar, self.preview_pane, self.session
        actions = self.menu_actions
        for action, slot in (
            (actions.manage, self._manage_connections),
            (actions.export, self._choose_export),
            (actions.quit, self.close),
            (actions.preview_push, lambda: self.preview("push")),
            (actions.preview_pull, lambda: self.preview("pull")),
            (actions.run, self.run),
            (actions.diff, self.show_differences),
            (actions.cancel, self.cancel),
            (actions.delete_remote, self.delete_remote),
            (actions.history, self.show_history),
            (actions.refresh, self._refresh_trees),
            (actions.guide, lambda: show_guide(self)),
            (actions.about, lambda: show_about(self)),
        ):
            action.triggered.connect(slot)
        actions.show_hidden.toggled.connect(self._show_hidden)
        bar.manage_requested.connect(self._manage_connections)
        bar.preview_requested.connect(self.preview)
        bar.connection_changed.connect(self._connection_changed)
        bar.inputs_edited.connect(self._inputs_changed)
        bar.folders_chosen.connect(self._refresh_trees)
        self.trees.listing_failed.connect(self._listing_failed)
        pane.run_button.clicked.connect(self.run)
        pane.diff_button.clicked.connect(self.show_differences)
        pane.table.doubleClicked.connect(lambda index: self.show_differences(index.row()))
        pane.model.totals_changed.connect(self._update_totals)
        self.progress_row.cancel_button.clicked.connect(self.cancel)
        session.planned.connect(self._planned)
        session.preview_failed.connect(self._preview_failed)
        session.ran.connect(self._ran)
        session.run_failed.connect(lambda error: show_failure(self, error))
        session.busy.connect(self._busy)
        session.transfer_started.connect(self._transfer_started)
        session.progress.connect(self.progress_row.show_progress)
        session.job_ended.connect(self._job_ended)
        self.remote_delete.bucket_changed.connect(self._bucket_changed)

    # --- settings ------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        restore_window(self, self.settings)
        self.connection_bar.restore(self.settings)
        shown = flag(self.settings, "view/show_hidden", False)
        self.menu_actions.show_hidden.setChecked(shown)
        self.connection_bar.show_hidden = self.trees.show_hidden = shown

    def save_settings(self) -> None:
        save_window(self, self.settings)
        self.settings.setValue("view/show_hidden", self.menu_actions.show_hidden.isChecked())
        self.connection_bar.save(self.settings)
        self.settings.sync()

    def showEvent(self, event: QShowEvent) -> None:
        """Fits the window on its screen once more, now that its frame is known."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            fit_on_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.jobs.stop_all()  # transfers stop within a second; a preview ends on its own
        self.log_dock.detach()
        super().closeEvent(event)

    # --- connections and inputs ------------------------------------------------------------

    def _manage_connections(self) -> None:
        bar = self.connection_bar
        dialog = ConnectionDialog(
            self.profiles, self.secrets, self.jobs, self, select=bar.connection_name()
        )
        dialog.exec()
        bar.load_profiles(select=dialog.selected_name())
        self._connection_changed()

    def _connection_changed(self) -> None:
        """A new or edited connection: previews made with the old settings become stale."""
        self.connection_bar.forget_connection()
        self._inputs_changed()
        self._refresh_trees()

    def storage(self, quiet: bool = False) -> RemoteStorage | None:
        """The RemoteStorage of the chosen profile, or None after saying why (unless quiet:
        the remote tree then just stays empty)."""
        try:
            return self.connection_bar.storage()
        except BucketFerryError as exc:
            if not quiet:
                show_failure(self, exc)
            return None

    def _inputs_changed(self) -> None:
        self.connection_bar.show_filter_problem()
        self._update_actions()
        self._show_tree_states()

    @property
    def preview_is_current(self) -> bool:
        return self.session.is_current(self.connection_bar.inputs(self.session.direction))

    @property
    def working(self) -> bool:
        """A preview or a run is in progress (background listings do not count)."""
        return self.session.working

    def _update_actions(self) -> None:
        working, has_plan = self.working, self.session.summary is not None
        bar = self.connection_bar
        can_preview = not working and bar.has_local_folder() and bar.filter_problem() is None
        self.connection_bar.set_locked(working, can_preview)
        self.menu_actions.preview_push.setEnabled(can_preview)
        self.menu_actions.preview_pull.setEnabled(can_preview)
        current = self.preview_is_current
        can_run = not working and current and self.preview_pane.model.totals()[0] > 0
        self.preview_pane.run_button.setEnabled(can_run)
        self.menu_actions.run.setEnabled(can_run)
        self.preview_pane.stale_label.setVisible(has_plan and not current)
        self.progress_row.cancel_button.setEnabled(working)
        self.menu_actions.cancel.setEnabled(working)
        self.menu_actions.delete_remote.setEnabled(not working)
        self.preview_pane.diff_button.setEnabled(self.preview_pane.comparable)
        self.menu_actions.diff.setEnabled(self.preview_pane.comparable)
        self.menu_actions.export.setEnabled(not working and has_plan)

    def _refresh_trees(self) -> None:
        """Both trees read afresh (View ▸ Refresh, each preview and run, new inputs)."""
        bar = self.connection_bar
        self.trees.show_folders(
            bar.typed_local_folder(), self.storage(quiet=True), bar.remote_path()
        )
        self._show_tree_states()

    def _show_hidden(self, shown: bool) -> None:
        """Hidden files in the trees and in the next preview, or in neither."""
        self.connection_bar.show_hidden = self.trees.show_hidden = shown
        self._inputs_changed()
        self._refresh_trees()

    def _show_tree_states(self) -> None:
        """The trees show the plan's colours only while that plan is current."""
        self.trees.set_states(self.session.tree_states if self.preview_is_current else None)

    def _listing_failed(self, error: Exception) -> None:
        self.statusBar().showMessage("{}: {}".format(*error_words(error)))

    # --- preview and run -------------------------------------------------------------------

    def preview(self, direction: str) -> None:
        if self.working:
            return
        problem = self.connection_bar.filter_problem()
        if problem is not None:
            show_failure(self, problem[1])
            return
        if (folder_problem := self.connection_bar.folder_problem(direction)) is not None:
            show_error(self, *folder_problem)
            return
        inputs = self.connection_bar.inputs(direction)
        storage = self.storage()
        if storage is None:
            return
        self.session.preview(storage, inputs)

    def _busy(self, what: str) -> None:
        self.progress_row.start_busy(what)
        self.statusBar().showMessage(what)
        self._update_actions()

    def _transfer_started(self) -> None:
        self.progress_row.start_transfer()
        self._update_actions()

    def _preview_failed(self, error: Exception) -> None:
        if isinstance(error, CancelledError):
            self.statusBar().showMessage(self.tr("Preview cancelled."))
            return
        self.statusBar().showMessage(
            self.tr("Preview failed: {reason}.").format(reason=error_words(error)[0])
        )
        show_failure(self, error)

    def _planned(self) -> None:
        summary, direction = self.session.summary, self.session.direction
        assert summary is not None  # a plan was just made
        self.preview_pane.show_plan(summary, direction, rows=self.session.rows)
        self._refresh_trees()  # what the plan compared: a file changed, an object added
        counts = self.preview_pane.model.counts()
        said = ", ".join(f"{counts[s]} {s}" for s in PlanState if counts[s])
        log.info("Preview %s: %s", direction, said)
        files, size, _ = self.preview_pane.model.totals()
        self.statusBar().showMessage(preview_status(direction, counts, files, size))

    def _update_totals(self) -> None:
        if self.session.summary is None:
            return
        self.preview_pane.show_totals()
        self._update_actions()

    def run(self) -> None:
        session, model = self.session, self.preview_pane.model
        if session.summary is None or session.inputs is None or self.working:
            return
        if not self.preview_is_current:
            show_error(
                self,
                self.tr("Preview is out of date"),
                self.tr("The inputs changed since the preview. Preview again first."),
            )
            return
        inputs = session.inputs
        remote = self.connection_bar.remote_label(inputs.remote_path)
        choice = confirm_run(
            self, model, session.direction, inputs.local_folder, remote, session.keeping,
            pushed_folder=inputs.pushed_folder,
        )  # fmt: skip
        storage = self.storage() if choice is not None else None  # asked after the dialog
        if choice is not None and storage is not None:
            session.run(storage, *choice)

    def _ran(self, summary: TransactionSummary) -> None:
        self.preview_pane.show_results()
        message = run_status(summary)
        self.statusBar().showMessage(message)
        log.info("Run finished: %s", message)
        self._refresh_trees()
        if summary.replaced_copies:
            show_replaced_copies(self, summary.replaced_copies, self.session.direction)
        problems = run_problems(summary)
        if problems is not None:
            show_error(self, *problems)

    def _job_ended(self) -> None:
        if self.statusBar().currentMessage() == self.progress_row.busy_words:
            self.statusBar().clearMessage()  # "Listing…" no more, and nothing else was said
        self.progress_row.stop()
        self._update_actions()
        self._update_totals()

    def cancel(self) -> None:
        if self.session.cancel():
            self.progress_row.cancelling()
            log.info("Cancel requested")

    def show_differences(self, row: int | None = None) -> None:
        """Compares with the bucket of the plan, even if another connection is chosen now."""
        storage = self.session.plan_storage
        if storage is not None:
            # clicked/triggered pass a bool, which is an int too, but no row
            chosen = row if isinstance(row, int) and not isinstance(row, bool) else None
            self.preview_pane.show_differences(storage, chosen, self.settings)

    # --- delete remote -------------------------------------------------------------------

    def delete_remote(self) -> None:
        """Lists what would go (filters applied), asks, then deletes exactly that list."""
        if not self.working:
            self.remote_delete.start()

    def _bucket_changed(self, message: str) -> None:
        """After deleting: a plan made before no longer describes the bucket."""
        self.statusBar().showMessage(message)
        if self.session.summary is not None:
            self.session.outdate()
            self._update_actions()
        self._refresh_trees()

    def show_history(self) -> HistoryDialog:
        """View ▸ History (window-modal): runs, files, undo, the bucket's backups."""
        bar = self.connection_bar
        dialog = HistoryDialog(bar.storage, self.jobs, self.profiles, lambda: self.working, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.bucket_changed.connect(self._bucket_changed)
        dialog.open()
        return dialog

    # --- export --------------------------------------------------------------------------

    def _choose_export(self) -> None:
        if self.session.summary is None:
            return
        path = ask_export_path(self, self.settings, self.session.direction)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        """Saves what the table shows (plan or result): CSV for .csv, the summary's JSON
        otherwise. Says so in the status bar, or why not in a dialog."""
        if self.session.summary is None:
            return False
        if not save_export(self, path, self.session.summary, self.preview_pane.model.rows()):
            return False
        self.statusBar().showMessage(self.tr("Exported to {path}").format(path=path))
        log.info("Exported the %s preview to %s", self.session.direction, path)
        return True
