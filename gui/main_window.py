"""The main window: choose where, preview, look, confirm, run, watch, cancel.

The window holds no storage logic: it builds a RemoteStorage from the chosen profile and
hands every slow step (preview, run, listing, connection test) to a job on a worker thread.
A preview is tied to the exact inputs it was made from; any change marks it stale and the
run button stays disabled until the user previews again.
"""

from __future__ import annotations

import logging
import os
import re
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import (
    BucketFerryError,
    CancelledError,
    Progress,
    RemoteStorage,
    TransactionSummary,
)
from bucketferry.core.display import by_reason, printable, waiting_words
from bucketferry.core.locations import config_dir
from bucketferry.core.logfile import EscapingFormatter
from bucketferry.core.paths import join_remote
from bucketferry.core.profiles import ProfileStore
from bucketferry.core.units import files_count, human_duration, human_size
from bucketferry.core.waiting import server_waits

from .dialogs.confirm_dialog import ConfirmDialog, versions_note
from .dialogs.connection_dialog import ConnectionDialog
from .dialogs.delete_dialog import DeleteDialog
from .dialogs.diff_dialog import DiffDialog
from .export import export
from .jobs import (
    DeleteListing,
    Job,
    JobRunner,
    browse_job,
    delete_job,
    delete_listing_job,
    preview_job,
    run_job,
)
from .models.local_tree_model import LocalTreeModel
from .models.preview_model import COL_PATH, COL_STATE, PreviewModel, StateRole
from .models.remote_tree_model import FullNameRole, RemoteTreeModel
from .sync_states import DIFFERS, IDENTICAL, STATE_ORDER, STYLES, state_icon
from .tree_states import TreeStates

log = logging.getLogger(__name__)
APP_NAME = "Bucket Ferry"
COMPARABLE = (DIFFERS, IDENTICAL)  # rows with a copy on both sides
WAIT_POLL_MS = 500
"""How often the progress row asks whether the server keeps a request waiting."""


def app_settings() -> QSettings:
    """Window state and last-used choices, in the same config folder as the profiles."""
    return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)


class _LogBridge(QObject, logging.Handler):
    """Forwards log records from any thread to the log dock (through a queued signal)."""

    record = Signal(str)

    def __init__(self) -> None:
        QObject.__init__(self)
        logging.Handler.__init__(self, logging.INFO)
        self.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:  # type: ignore[override]
        self.record.emit(self.format(record))


def _refused_text(refused: list[tuple[str, str]]) -> str:
    """What a run left alone for safety, by reason: a few names under each of the first
    reasons, so a thousand refusals for one reason stay one short paragraph."""
    groups = by_reason(refused)
    count = files_count(len(refused))
    lines = [f"{count} were left alone, since they cannot be transferred safely:"]
    for reason, names in groups[:5]:
        shown = ", ".join(printable(name) for name in names[:3])
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        lines.append(f"• {printable(reason)} ({files_count(len(names))}): {shown}{more}")
    if len(groups) > 5:
        lines.append(f"… and {len(groups) - 5} other reasons (see the log).")
    return "\n".join(lines)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.profiles = ProfileStore()
        self.profiles.ensure_default()
        self.secrets = self.profiles.secrets
        self.jobs = JobRunner(self)
        self.settings = app_settings()
        self.model = PreviewModel(self)
        self.remote_model = RemoteTreeModel(self)
        self._summary: TransactionSummary | None = None
        self._preview_inputs: tuple[Any, ...] | None = None
        self._direction = "push"
        self._preview_job: Job | None = None
        self._run_job: Job | None = None
        self._storage: RemoteStorage | None = None
        self._pending_inputs: tuple[Any, ...] = ()
        self._profile_snapshot: Any = None
        self._tree_generation = 0  # listings requested for an older tree are dropped
        self._preview_storage: RemoteStorage | None = None  # what the preview compared with
        self._pending_storage: RemoteStorage | None = None
        self._tree_states: TreeStates | None = None
        self._keeps_versions: bool | None = None
        self._comparable = False  # the plan has rows with a copy on both sides

        self._build_toolbar()
        self._build_center()
        self._build_log_dock()
        self._build_menus()
        self.statusBar().showMessage("Choose a folder, then preview a push or a pull (F5).")
        self._load_profiles()
        self._restore_settings()
        self._take_profile_snapshot()
        self._wire()
        self._update_actions()
        QTimer.singleShot(0, self._refresh_trees)

    # --- construction --------------------------------------------------------------------

    def _labelled(self, text: str, widget: QWidget) -> QWidget:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("Sync")
        bar.setObjectName("syncToolBar")
        bar.setMovable(False)
        holder = QWidget()
        rows = QVBoxLayout(holder)
        rows.setContentsMargins(4, 2, 4, 2)
        first, second = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(first)
        rows.addLayout(second)

        self.connection_combo = QComboBox()
        self.connection_combo.setObjectName("connectionCombo")
        self.connection_combo.setAccessibleName("Connection")
        self.connection_combo.setMinimumWidth(160)
        self.manage_button = QPushButton("&Manage…")
        self.manage_button.setObjectName("manageConnectionsButton")
        self.local_edit = QLineEdit()
        self.local_edit.setObjectName("localPathEdit")
        self.local_edit.setAccessibleName("Local folder")
        self.local_edit.setPlaceholderText("local folder")
        self.browse_button = QToolButton()
        self.browse_button.setText("…")
        self.browse_button.setToolTip("Choose the local folder")
        self.browse_button.setAccessibleName("Choose local folder")
        self.remote_edit = QLineEdit()
        self.remote_edit.setObjectName("remotePathEdit")
        self.remote_edit.setAccessibleName("Path in the bucket")
        self.remote_edit.setPlaceholderText("path below the base path (empty: everything)")
        first.addWidget(self._labelled("&Connection", self.connection_combo))
        first.addWidget(self.connection_combo)
        first.addWidget(self.manage_button)
        first.addWidget(self._labelled("&Local:", self.local_edit))
        first.addWidget(self.local_edit, 2)
        first.addWidget(self.browse_button)
        first.addWidget(self._labelled("&Remote:", self.remote_edit))
        first.addWidget(self.remote_edit, 2)

        self.include_edit = QLineEdit()
        self.include_edit.setObjectName("includeRegexEdit")
        self.include_edit.setAccessibleName("Include filter (regular expression)")
        self.include_edit.setPlaceholderText("regex, e.g. .*\\.csv$")
        self.exclude_edit = QLineEdit()
        self.exclude_edit.setObjectName("excludeRegexEdit")
        self.exclude_edit.setAccessibleName("Exclude filter (regular expression)")
        self.exclude_edit.setPlaceholderText("regex; wins over include")
        self.filter_error = QLabel()
        self.filter_error.setObjectName("filterErrorLabel")
        self.filter_error.setStyleSheet("color: #b3261e;")
        self.filter_error.hide()
        self.preview_push_button = QPushButton("Preview &push ▲")
        self.preview_push_button.setObjectName("previewPushButton")
        self.preview_push_button.setToolTip("Show what pushing would do (F5)")
        self.preview_pull_button = QPushButton("Preview p&ull ▼")
        self.preview_pull_button.setObjectName("previewPullButton")
        self.preview_pull_button.setToolTip("Show what pulling would do (Shift+F5)")
        second.addWidget(self._labelled("&Include", self.include_edit))
        second.addWidget(self.include_edit, 1)
        second.addWidget(self._labelled("E&xclude", self.exclude_edit))
        second.addWidget(self.exclude_edit, 1)
        second.addWidget(self.filter_error)
        second.addWidget(self.preview_push_button)
        second.addWidget(self.preview_pull_button)
        bar.addWidget(holder)

    def _build_center(self) -> None:
        self.local_fs = LocalTreeModel(self)
        self.local_tree = QTreeView()
        self.local_tree.setObjectName("localTree")
        self.local_tree.setAccessibleName("Local files")
        self.local_tree.setModel(self.local_fs)
        self.local_tree.setColumnHidden(2, True)  # file type
        self.remote_tree = QTreeView()
        self.remote_tree.setObjectName("remoteTree")
        self.remote_tree.setAccessibleName("Files in the bucket")
        self.remote_tree.setModel(self.remote_model)
        self.remote_tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for tree, width in ((self.local_tree, 260), (self.remote_tree, 260)):
            tree.header().resizeSection(0, width)
        trees = QSplitter(Qt.Orientation.Horizontal)
        trees.addWidget(self.local_tree)
        trees.addWidget(self.remote_tree)

        preview = QWidget()
        box = QVBoxLayout(preview)
        box.setContentsMargins(4, 4, 4, 4)
        chips_row = QHBoxLayout()
        chips_row.addWidget(QLabel("Preview:"))
        self.chips: dict[str, QToolButton] = {}
        for state in STATE_ORDER:
            chip = QToolButton()
            chip.setObjectName(f"{state}Chip")
            chip.setCheckable(True)
            chip.setIcon(state_icon(state))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setToolTip(f"Show only: {STYLES[state].description}")
            chip.toggled.connect(self._apply_table_filter)
            self.chips[state] = chip
            chips_row.addWidget(chip)
        chips_row.addStretch()
        self.table_filter = QLineEdit()
        self.table_filter.setObjectName("previewFilterEdit")
        self.table_filter.setPlaceholderText("filter by path")
        self.table_filter.setAccessibleName("Filter the preview by path")
        self.table_filter.setClearButtonEnabled(True)
        chips_row.addWidget(self.table_filter)
        box.addLayout(chips_row)

        self.table = QTableView()
        self.table.setObjectName("previewTable")
        self.table.setAccessibleName("Preview")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_PATH, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 120), (2, 90), (3, 95), (4, 150), (5, 150), (6, 150)):
            header.resizeSection(column, width)
        box.addWidget(self.table)

        bottom = QHBoxLayout()
        self.totals_label = QLabel("No preview yet.")
        self.totals_label.setObjectName("totalsLabel")
        self.stale_label = QLabel("The inputs changed since this preview: preview again to run.")
        self.stale_label.setObjectName("staleLabel")
        self.stale_label.setStyleSheet("color: #b35c00;")
        self.stale_label.hide()
        self.diff_button = QPushButton("Show &differences")
        self.diff_button.setObjectName("diffButton")
        self.diff_button.setToolTip(
            "Local and remote copy side by side, for the selected row or the first that "
            "differs (Ctrl+D, or double-click a row)"
        )
        self.run_button = QPushButton("Push…")
        self.run_button.setObjectName("runButton")
        self.run_button.setToolTip("Review and run the checked rows (Ctrl+Enter)")
        bottom.addWidget(self.totals_label)
        bottom.addWidget(self.stale_label)
        bottom.addStretch()
        bottom.addWidget(self.diff_button)
        bottom.addWidget(self.run_button)
        box.addLayout(bottom)

        progress_row = QHBoxLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setAccessibleName("Progress")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("progressLabel")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip("Stop the running job (Esc)")
        progress_row.addWidget(self.progress_bar, 2)
        progress_row.addWidget(self.progress_label, 3)
        progress_row.addWidget(self.cancel_button)
        box.addLayout(progress_row)
        self._progress_text = ""
        self._waiting_text = ""
        # Runs only while a job does: asks the engine's watch (a lock and a dict, never
        # blocking) whether a request has had no answer for a while, and says so.
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(WAIT_POLL_MS)
        self._wait_timer.timeout.connect(self._show_waiting)

        main = QSplitter(Qt.Orientation.Vertical)
        main.setObjectName("mainSplitter")
        main.addWidget(trees)
        main.addWidget(preview)
        main.setStretchFactor(0, 2)
        main.setStretchFactor(1, 3)
        self.setCentralWidget(main)
        self.resize(1200, 800)

    def _build_log_dock(self) -> None:
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("logView")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(5000)
        self.log_dock = QDockWidget("Log", self)
        self.log_dock.setObjectName("logDock")
        self.log_dock.setWidget(self.log_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.log_bridge = _LogBridge()
        self.log_bridge.record.connect(self.log_view.appendPlainText)
        engine_log = logging.getLogger("bucketferry")
        self._set_log_level = engine_log.level == logging.NOTSET
        if self._set_log_level:
            engine_log.setLevel(logging.INFO)
        engine_log.addHandler(self.log_bridge)
        self.resizeDocks([self.log_dock], [110], Qt.Orientation.Vertical)

    def _action(self, text: str, shortcut: Any, slot: Any, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(
            self._action("&Manage connections…", None, self._manage_connections, "manageAction")
        )
        self.export_action = self._action(
            "&Export preview…", QKeySequence("Ctrl+E"), self._choose_export, "exportAction"
        )
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, "quitAction")
        )
        sync_menu = menu.addMenu("&Sync")
        self.preview_push_action = self._action(
            "Preview &push", QKeySequence("F5"), lambda: self.preview("push"), "previewPushAction"
        )
        self.preview_pull_action = self._action(
            "Preview p&ull",
            QKeySequence("Shift+F5"),
            lambda: self.preview("pull"),
            "previewPullAction",
        )
        self.run_action = self._action(
            "&Run…",
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")],
            self.run,
            "runAction",
        )
        self.diff_action = self._action(
            "Show &differences…", QKeySequence("Ctrl+D"), self.show_differences, "diffAction"
        )
        self.cancel_action = self._action(
            "&Cancel", QKeySequence("Esc"), self.cancel, "cancelAction"
        )
        self.delete_remote_action = self._action(
            "&Delete remote…", None, self.delete_remote, "deleteRemoteAction"
        )
        self.delete_remote_action.setToolTip("Delete the selected files or folders from the bucket")
        for action in (
            self.preview_push_action,
            self.preview_pull_action,
            self.diff_action,
            self.run_action,
            self.cancel_action,
        ):
            sync_menu.addAction(action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.delete_remote_action)
        self.remote_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.remote_tree.addAction(self.delete_remote_action)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.remote_tree)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_remote)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.log_dock.toggleViewAction())
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&About Bucket Ferry", None, self._about, "aboutAction"))

    def _wire(self) -> None:
        self.manage_button.clicked.connect(self._manage_connections)
        self.browse_button.clicked.connect(self._choose_folder)
        self.preview_push_button.clicked.connect(lambda: self.preview("push"))
        self.preview_pull_button.clicked.connect(lambda: self.preview("pull"))
        self.run_button.clicked.connect(self.run)
        self.diff_button.clicked.connect(self.show_differences)
        self.table.doubleClicked.connect(lambda index: self.show_differences(index.row()))
        self.cancel_button.clicked.connect(self.cancel)
        self.table_filter.textChanged.connect(self._apply_table_filter)
        self.remote_tree.expanded.connect(self.remote_model.on_expanded)
        self.remote_model.listing_requested.connect(self._list_remote)
        self.connection_combo.currentIndexChanged.connect(self._connection_changed)
        for edit in (self.local_edit, self.remote_edit):
            edit.textChanged.connect(self._inputs_changed)
            edit.editingFinished.connect(self._refresh_trees)
        for edit in (self.include_edit, self.exclude_edit):
            edit.textChanged.connect(self._inputs_changed)
        self.model.totals_changed.connect(self._update_totals)
        self.jobs.job_finished.connect(self._job_finished)

    # --- settings ------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        profile = self.settings.value("last/profile")
        if isinstance(profile, str):
            index = self.connection_combo.findText(profile)
            if index >= 0:
                self.connection_combo.setCurrentIndex(index)
        self.local_edit.setText(str(self.settings.value("last/local", str(Path.home()))))
        self.remote_edit.setText(str(self.settings.value("last/remote", "")))
        self.include_edit.setText(str(self.settings.value("last/include", "")))
        self.exclude_edit.setText(str(self.settings.value("last/exclude", "")))

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("last/profile", self.connection_combo.currentText())
        self.settings.setValue("last/local", self.local_edit.text())
        self.settings.setValue("last/remote", self.remote_edit.text())
        self.settings.setValue("last/include", self.include_edit.text())
        self.settings.setValue("last/exclude", self.exclude_edit.text())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.jobs.cancel_all()
        self.jobs.wait_all()  # transfers stop within a second; a preview ends on its own
        engine_log = logging.getLogger("bucketferry")
        engine_log.removeHandler(self.log_bridge)
        if self._set_log_level:
            engine_log.setLevel(logging.NOTSET)
        super().closeEvent(event)

    # --- connections ---------------------------------------------------------------------

    def _load_profiles(self, select: str | None = None) -> None:
        current = select or self.connection_combo.currentText()
        self.connection_combo.blockSignals(True)
        self.connection_combo.clear()
        for profile in self.profiles.list():
            self.connection_combo.addItem(profile.name)
        index = self.connection_combo.findText(current) if current else -1
        self.connection_combo.setCurrentIndex(max(0, index))
        self.connection_combo.blockSignals(False)

    def _manage_connections(self) -> None:
        dialog = ConnectionDialog(
            self.profiles, self.secrets, self.jobs, self, select=self.connection_combo.currentText()
        )
        dialog.exec()
        self._load_profiles(select=dialog.selected_name())
        self._connection_changed()

    def _connection_changed(self) -> None:
        """A new or edited connection: previews made with the old settings become stale."""
        self._storage = None
        self._take_profile_snapshot()
        self._inputs_changed()
        self._refresh_trees()

    def _take_profile_snapshot(self) -> None:
        """The chosen profile's settings, part of what a preview is valid for."""
        name = self.connection_combo.currentText()
        try:
            self._profile_snapshot = self.profiles.get(name) if name else None
        except BucketFerryError:
            self._profile_snapshot = None

    def storage(self, quiet: bool = False) -> RemoteStorage | None:
        """The RemoteStorage of the chosen profile, or None after saying why (unless quiet:
        the remote tree then just stays empty)."""
        if self._storage is not None:
            return self._storage
        name = self.connection_combo.currentText()
        try:
            conf = self.profiles.config_for(name)
        except BucketFerryError as exc:
            if not quiet:
                self._error(exc.title, exc.message)
            return None
        self._storage = RemoteStorage(conf)
        return self._storage

    # --- inputs and staleness ------------------------------------------------------------

    def _inputs(self, direction: str) -> tuple[Any, ...]:
        return (
            direction,
            self.connection_combo.currentText(),
            os.path.abspath(os.path.expanduser(self.local_edit.text().strip() or ".")),
            self.remote_edit.text().strip().strip("/"),
            self.include_edit.text() or None,
            self.exclude_edit.text() or None,
            self._profile_snapshot,  # last: the others are read by position
        )

    def _filter_problem(self) -> str | None:
        for which, edit in (("Include", self.include_edit), ("Exclude", self.exclude_edit)):
            try:
                re.compile(edit.text())
            except re.error as exc:
                edit.setStyleSheet("border: 2px solid #b3261e;")
                edit.setToolTip(f"Not a valid regular expression: {exc}")
                return f"{which} filter: {exc}"
            edit.setStyleSheet("")
            edit.setToolTip("")
        return None

    def _inputs_changed(self) -> None:
        problem = self._filter_problem()
        self.filter_error.setText(problem or "")
        self.filter_error.setVisible(bool(problem))
        self._update_actions()
        self._show_tree_states()

    @property
    def preview_is_current(self) -> bool:
        return self._summary is not None and self._preview_inputs == self._inputs(self._direction)

    @property
    def working(self) -> bool:
        """A preview or a run is in progress (background listings do not count)."""
        return self._preview_job is not None or self._run_job is not None

    def _update_actions(self) -> None:
        idle = not self.working
        valid = self._filter_problem() is None
        for widget in (
            self.preview_push_button,
            self.preview_pull_button,
            self.preview_push_action,
            self.preview_pull_action,
        ):
            widget.setEnabled(idle and valid)
        current = self.preview_is_current
        can_run = idle and current and self.model.totals()[0] > 0
        self.run_button.setEnabled(can_run)
        self.run_action.setEnabled(can_run)
        self.stale_label.setVisible(self._summary is not None and not current)
        self.cancel_button.setEnabled(self.working)
        self.cancel_action.setEnabled(self.working)
        self.delete_remote_action.setEnabled(idle)
        self.diff_button.setEnabled(self._comparable)
        self.diff_action.setEnabled(self._comparable)
        self.export_action.setEnabled(idle and self._summary is not None)
        for control in (
            self.connection_combo,
            self.manage_button,
            self.local_edit,
            self.remote_edit,
        ):
            control.setEnabled(not self.working)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Choose the local folder", self.local_edit.text()
        )
        if folder:
            self.local_edit.setText(folder)
            self._refresh_trees()

    def _refresh_trees(self) -> None:
        self._tree_generation += 1
        folder = os.path.expanduser(self.local_edit.text().strip())
        if folder and os.path.isdir(folder):
            root = self.local_fs.setRootPath(folder)
            self.local_tree.setRootIndex(root)
        self.remote_model.reset_root(self._remote_root())

    def _remote_root(self) -> str:
        """The full name in the bucket of what the remote tree shows (ends in '/')."""
        storage = self.storage(quiet=True)
        base = storage.remote_base_path if storage is not None else ""
        remote = self.remote_edit.text().strip().strip("/")
        path = "/".join(p for p in (base.strip("/"), remote) if p)
        return path + "/" if path else ""

    def _show_tree_states(self) -> None:
        """The trees show the plan's colours only while that plan is current."""
        states = self._tree_states if self.preview_is_current else None
        self.local_fs.set_states(states)
        self.remote_model.set_states(states)

    def _list_remote(self, path: str) -> None:
        storage = self.storage(quiet=True)
        if storage is None:
            return
        remote = self.remote_edit.text().strip().strip("/")
        full = "/".join(p for p in (remote, path.strip("/")) if p)
        cut = len(remote) + 1 if remote else 0
        job = browse_job(storage, full)
        job.succeeded.connect(partial(self._remote_listed, self._tree_generation, path, cut))
        job.failed.connect(self._listing_failed)
        self.jobs.start(job)

    def _remote_listed(
        self, generation: int, path: str, cut: int, result: tuple[str, list[str], list[Any]]
    ) -> None:
        """Fills the folder the listing was asked for, unless the tree was reset since
        (another connection, path or a refresh): its names would mean something else now."""
        if generation != self._tree_generation:
            return
        _, folders, objects = result
        self.remote_model.fill(path, [f[cut:] for f in folders], objects)

    def _listing_failed(self, title: str, message: str) -> None:
        self.statusBar().showMessage(f"{title}: {message}")

    # --- preview -------------------------------------------------------------------------

    def preview(self, direction: str) -> None:
        if self.working:
            return
        problem = self._filter_problem()
        if problem:
            self._error("Invalid filter", f"{problem}. Fix the filter, then preview again.")
            return
        inputs = self._inputs(direction)
        local = inputs[2]
        if direction == "push" and not os.path.isdir(local):
            self._error(
                "Folder not found", f"The local folder {local} does not exist. Choose another."
            )
            return
        storage = self.storage()
        if storage is None:
            return
        self._pending_storage = storage
        job = preview_job(storage, direction, local, inputs[3], inputs[4], inputs[5])
        job.succeeded.connect(self._preview_ready)
        job.failed.connect(self._preview_failed)
        self._pending_inputs = inputs
        self._preview_job = job
        self.progress_bar.setRange(0, 0)
        self._set_progress_text(f"Previewing {direction}…")
        self.statusBar().showMessage(f"Previewing {direction}…")
        self._wait_timer.start()
        self.jobs.start(job)
        self._update_actions()

    def _preview_failed(self, title: str, message: str) -> None:
        if title == CancelledError.title:
            self.statusBar().showMessage("Preview cancelled.")
            return
        self._error(title, message)

    def _preview_ready(self, result: tuple[TransactionSummary, bool | None, TreeStates]) -> None:
        summary, self._keeps_versions, self._tree_states = result
        self._preview_storage = self._pending_storage
        inputs = self._pending_inputs
        self._summary = summary
        self._direction = str(inputs[0])
        self._preview_inputs = inputs
        self.model.set_summary(summary)
        self.run_button.setText("Push…" if self._direction == "push" else "Pull…")
        self._update_chips()
        self._show_tree_states()
        counts = self.model.counts()
        log.info(
            "Preview %s: %s",
            self._direction,
            ", ".join(f"{counts[s]} {s}" for s in STATE_ORDER if counts[s]),
        )
        self.statusBar().showMessage("Preview ready. Check the rows to run, then Push…/Pull….")

    def _update_chips(self) -> None:
        counts = self.model.counts()
        self._comparable = any(counts[state] for state in COMPARABLE)
        for state, chip in self.chips.items():
            chip.setText(f"{STYLES[state].label} {counts[state]}")
            chip.setVisible(counts[state] > 0 or state not in ("synced", "failed"))

    def _apply_table_filter(self) -> None:
        chosen = {s for s, chip in self.chips.items() if chip.isChecked()}
        self.model.set_filter(chosen or None, self.table_filter.text())

    def _update_totals(self) -> None:
        if self._summary is None:
            return
        files, size, overwrites = self.model.totals()
        self.totals_label.setText(
            f"{files_count(files)} · {human_size(size)} to transfer"
            + (f" · {overwrites} would overwrite" if overwrites else "")
        )
        self._update_actions()

    # --- run -----------------------------------------------------------------------------

    def run(self) -> None:
        if self._summary is None or self.working:
            return
        if not self.preview_is_current:
            self._error(
                "Preview is out of date",
                "The inputs changed since the preview. Preview again first.",
            )
            return
        collisions = self.model.checked_collisions()
        if collisions:
            names = ", ".join(c.name for c in collisions[:5])
            self._error(
                "Name collisions block the run",
                f"{len(collisions)} paths are a file on one side and a folder on the other "
                f"({names}{'…' if len(collisions) > 5 else ''}). Rename them, exclude them with "
                "a filter, or uncheck their rows.",
            )
            return
        files = self.model.selected_for_run()
        if not files:
            QMessageBox.information(self, "Nothing to do", "No checked row needs a transfer.")
            return
        overwrites = self.model.checked_overwrites()
        assert self._preview_inputs is not None  # a current preview has its inputs
        local, remote = str(self._preview_inputs[2]), self._remote_label()
        source, target = (local, remote) if self._direction == "push" else (remote, local)
        note = (
            versions_note(self._keeps_versions, "the replaced copies in the bucket")
            if self._direction == "push"
            else "The replaced local versions go to the trash (or a backup folder) first, so "
            "you can get them back."
        )
        dialog = ConfirmDialog(self._direction, source, target, files, overwrites, note, self)
        if dialog.exec() != ConfirmDialog.DialogCode.Accepted:
            return
        force = dialog.force
        left_out = set() if force else {id(f) for f in overwrites}
        selection = [f for f in files if id(f) not in left_out]
        storage = self.storage()
        if storage is None:
            return
        roots = (local, join_remote(storage.remote_base_path, str(self._preview_inputs[3])))
        job = run_job(storage, self._summary, selection, force, roots)
        job.progress.connect(self._show_progress)
        job.succeeded.connect(self._run_finished)
        job.failed.connect(self._error)
        self._run_job = job
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        log.info("%s of %d files started", self._direction.capitalize(), len(selection))
        self._wait_timer.start()
        self.jobs.start(job)
        self._update_actions()

    def _remote_label(self) -> str:
        storage = self.storage(quiet=True)
        path = str(self._preview_inputs[3]) if self._preview_inputs else ""
        if storage is None:
            return path
        where = "/".join(p for p in (storage.remote_base_path.strip("/"), path) if p)
        return f"{self.connection_combo.currentText()}: {storage.conf.bucket}/{where}"

    def _show_progress(self, progress: Progress) -> None:
        fraction = progress.bytes_done / progress.bytes_total if progress.bytes_total else 1.0
        self.progress_bar.setValue(int(fraction * 1000))
        speed = progress.bytes_per_second
        left = (progress.bytes_total - progress.bytes_done) / speed if speed > 0 else 0
        self._set_progress_text(
            f"{fraction:.0%} · {human_size(progress.bytes_done)}/{human_size(progress.bytes_total)}"
            f" · {human_size(speed)}/s · {human_duration(left)} left"
            f" · {progress.files_done}/{progress.files_total} files"
            f" · {printable(progress.current_file)}"
        )

    def _set_progress_text(self, text: str) -> None:
        """What the job is doing; the waiting notice, while there is one, follows it."""
        self._progress_text = text
        self.progress_label.setText(
            f"{text} · {self._waiting_text}" if text and self._waiting_text else text
        )

    def _show_waiting(self) -> None:
        """Says "waiting for the server: 12 s, listing 'data/'…" once a request has had
        no answer for ``waiting.WORTH_SAYING`` seconds, so a silent server does not look
        like a frozen window; the words go once answers flow again."""
        words = waiting_words(server_waits.longest())
        if words != self._waiting_text:
            self._waiting_text = words
            self._set_progress_text(self._progress_text)

    def _run_finished(self, result: tuple[TransactionSummary, TreeStates]) -> None:
        summary, self._tree_states = result
        self.model.refresh_results()
        self._update_chips()
        self._show_tree_states()
        synced, failed = len(summary.synced_files), len(summary.failed_files)
        refused = summary.refused_files
        message = f"{synced} transferred, {failed} failed" + (
            f", {len(refused)} refused" if refused else ""
        )
        message += " (cancelled)" if summary.cancelled else ""
        kept = summary.replaced_copies
        if kept:
            message += f"; the old versions of {files_count(len(kept))} were kept for you"
        self.statusBar().showMessage(message)
        log.info("Run finished: %s", message)
        self._refresh_trees()
        if kept:
            self._show_replaced_copies(kept)
        parts = []
        if failed:
            reasons = "\n".join(
                f"• {printable(f.name)}: {printable(f.reason or '')}"
                for f in summary.failed_files[:5]
            )
            parts.append(
                f"{failed} files failed; the others were transferred. Run again to retry."
                f"\n\n{reasons}"
            )
        if refused:
            parts.append(_refused_text([(f.name, f.reason or "") for f in refused]))
        if parts:
            title = "Some files were not transferred" if failed else "Some files were left alone"
            self._error(title, "\n\n".join(parts))

    def _show_replaced_copies(self, kept: dict[str, str]) -> None:
        """Says where the local versions a forced pull replaced are now (non-modal)."""
        lines = "\n".join(f"• {local}\n    → {where}" for local, where in list(kept.items())[:5])
        more = f"\n… and {len(kept) - 5} more (see the log)." if len(kept) > 5 else ""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Replaced files are kept",
            f"The pull replaced {files_count(len(kept))} on this computer. The old versions "
            f"were moved out of the way first, and can be restored from there:\n\n{lines}{more}",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("replacedCopiesDialog")
        box.open()

    def _job_finished(self, job: Job) -> None:
        if job is self._preview_job:
            self._preview_job = None
        elif job is self._run_job:
            self._run_job = None
        else:
            return
        self._wait_timer.stop()
        self._waiting_text = ""
        self.progress_bar.setRange(0, 1000)
        self._set_progress_text("" if self.progress_bar.value() == 0 else self._progress_text)
        self._update_actions()
        self._update_totals()

    def cancel(self) -> None:
        for job in (self._run_job, self._preview_job):
            if job is not None:
                job.cancel()
                self._set_progress_text("Cancelling…")
                log.info("Cancel requested")

    # --- differences ---------------------------------------------------------------------

    def _row_to_compare(self, row: int | None) -> int | None:
        """``row`` if it can be compared, else the selected row, else the first that
        differs (then the first identical one) in the table's order."""
        candidates = [row] if row is not None else []
        candidates += [i.row() for i in self.table.selectionModel().selectedRows(COL_STATE)]
        for candidate in candidates:
            if self.model.index(candidate, COL_STATE).data(StateRole) in COMPARABLE:
                return candidate
        if row is not None:  # a double-click on a row that has nothing to compare
            return None
        for state in COMPARABLE:
            first = self.model.next_row_in_state(0, 1, state)
            if first is not None:
                return first
        return None

    def show_differences(self, row: int | None = None) -> None:
        """Opens the differences view (non-modal; it fetches in its own worker)."""
        chosen = self._row_to_compare(row if isinstance(row, int) else None)
        storage = self._preview_storage  # the bucket of the plan, even if another is chosen now
        if chosen is None or storage is None:
            return
        dialog = DiffDialog(self, storage, self.model, chosen, settings=self.settings)
        dialog.row_changed.connect(self.table.selectRow)
        self.table.selectRow(chosen)
        dialog.show()

    # --- delete remote -------------------------------------------------------------------

    def _selected_remote_paths(self) -> list[str]:
        """The selected rows of the remote tree, relative to the base path (folders end in
        '/'), without those inside another selected folder."""
        storage = self.storage(quiet=True)
        base = (
            storage.remote_base_path.strip("/") + "/"
            if storage and storage.remote_base_path
            else ""
        )
        names = sorted(
            {
                name[len(base) :]
                for index in self.remote_tree.selectionModel().selectedRows(0)
                if isinstance(name := index.data(FullNameRole), str) and name.startswith(base)
            }
        )
        return [
            n
            for n in names
            if not any(n != f and n.startswith(f) for f in names if f.endswith("/"))
        ]

    def delete_remote(self) -> None:
        """Lists what would go (filters applied), asks, then deletes exactly that list."""
        if self.working:
            return
        paths = self._selected_remote_paths()
        if not paths:
            self._error(
                "Nothing selected",
                "Select files or folders in the bucket's tree (right side), then choose "
                "Delete remote… again.",
            )
            return
        storage = self.storage()
        if storage is None or self._filter_problem():
            return
        job = delete_listing_job(
            storage, paths, self.include_edit.text() or None, self.exclude_edit.text() or None
        )
        job.succeeded.connect(self._confirm_delete)
        job.failed.connect(self._error)
        self._start_operation(job, "Listing what to delete…")

    def _confirm_delete(self, listing: DeleteListing) -> None:
        objects = listing.objects
        if not objects:
            left = (
                f" {files_count(len(listing.refused), 'object')} that match cannot be deleted "
                "safely and are left alone."
                if listing.refused
                else ""
            )
            QMessageBox.information(
                self,
                "Nothing to delete",
                "No file in the bucket matches the selection and the include/exclude filters."
                + left,
            )
            return
        storage = self.storage()
        if storage is None:
            return
        where = f"{self.connection_combo.currentText()}: {storage.conf.bucket}"
        dialog = DeleteDialog(where, objects, listing.keeps_versions, self, listing.refused)
        # After the listing job's own bookkeeping, so the window is idle when the next starts.
        dialog.accepted.connect(lambda: self._delete(storage, objects))
        dialog.open()

    def _delete(self, storage: RemoteStorage, objects: list[Any]) -> None:
        job = delete_job(storage, objects)
        job.progress.connect(self._show_progress)
        job.succeeded.connect(self._deleted)
        job.failed.connect(self._delete_failed)
        self._start_operation(job, f"Deleting {files_count(len(objects))}…")

    def _deleted(self, objects: list[Any]) -> None:
        self.statusBar().showMessage(f"Deleted {files_count(len(objects))} from the bucket.")
        self._bucket_changed()

    def _delete_failed(self, title: str, message: str) -> None:
        """Part of the list may be gone already: say so, and show the bucket as it is."""
        stopped = "Deleting was cancelled" if title == CancelledError.title else title
        self.statusBar().showMessage(f"{stopped}; the bucket's tree shows what is left.")
        if title != CancelledError.title:
            self._error(
                title,
                f"{message}\n\nFiles deleted before this stay deleted; the tree of "
                "the bucket shows what is left.",
            )
        self._bucket_changed()

    def _bucket_changed(self) -> None:
        """After deleting: a plan made before no longer describes the bucket."""
        if self._summary is not None:
            self._preview_inputs = None
            self._update_actions()
            self._show_tree_states()
        self._refresh_trees()

    def _start_operation(self, job: Job, what: str) -> None:
        """A run-like job: Cancel stops it, and the inputs stay locked until it is over."""
        self._run_job = job
        self.progress_bar.setRange(0, 0)
        self._set_progress_text(what)
        self.statusBar().showMessage(what)
        self._wait_timer.start()
        self.jobs.start(job)
        self._update_actions()

    # --- export --------------------------------------------------------------------------

    def _choose_export(self) -> None:
        if self._summary is None:
            return
        # Not the sync folder by default: the next push would upload the export.
        folder = str(self.settings.value("last/exportFolder", str(Path.home())))
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export the preview",
            os.path.join(folder, f"bucketferry-{self._direction}.csv"),
            "CSV (*.csv);;JSON (*.json)",
        )
        if not path:
            return
        if not os.path.splitext(path)[1]:
            path += ".json" if "json" in chosen.lower() else ".csv"
        self.settings.setValue("last/exportFolder", os.path.dirname(path))
        self.export_to(path)

    def export_to(self, path: str) -> bool:
        """Saves what the table shows (plan or result): CSV for .csv, the summary's JSON
        otherwise. Says so in the status bar, or why not in a dialog."""
        if self._summary is None:
            return False
        try:
            export(path, self._summary, self.model.rows())
        except OSError as exc:
            self._error("Could not export", f"Saving {path} failed: {exc.strerror or exc}.")
            return False
        self.statusBar().showMessage(f"Exported to {path}")
        log.info("Exported the %s preview to %s", self._direction, path)
        return True

    # --- messages ------------------------------------------------------------------------

    def _error(self, title: str, message: str) -> None:
        log.warning("%s: %s", title, message)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("errorDialog")
        box.open()

    def _about(self) -> None:
        from importlib.metadata import version

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {version('bucketferry')}<br>"
            "Moves files between a folder and a bucket, and shows you exactly what a push "
            "or pull will do before it does it.",
        )
