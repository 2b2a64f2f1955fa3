"""History ▸ Runs, as drawn: the runs, below them the files of the selected one or the
plan of its undo, the undo's progress with Cancel, and the buttons. The history dialog
decides what it shows and when; this page only lays it out and fills it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import Progress
from bucketferry.core.display import printable
from bucketferry.core.journal import RunInfo

from ..models import history_model as runs
from ..models import undo_model as undo
from ..models.history_model import HistoryModel, RunFilesModel
from ..models.undo_model import UndoModel
from .progress_row import files_done_words
from .record_table import record_table


class RunsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history_model = HistoryModel(self)
        self.files_model = RunFilesModel(self)
        self.undo_model = UndoModel(self)
        self.history_table = record_table(
            "historyTable",
            self.tr("Runs"),
            self.history_model,
            {
                runs.COL_WHEN: 150,
                runs.COL_KIND: 110,
                runs.COL_WHERE: 220,
                runs.COL_FILES: 190,
                runs.COL_OUTCOME: 130,
            },
            runs.COL_LOCAL,
        )
        self.files_table = record_table(
            "runFilesTable",
            self.tr("Files of the run"),
            self.files_model,
            {runs.F_PATH: 320, runs.F_ACTION: 150, runs.F_SIZE: 80, runs.F_OUTCOME: 200},
            runs.F_KEPT,
        )
        self.undo_table = record_table(
            "undoPlanTable",
            self.tr("What undoing the run does"),
            self.undo_model,
            {undo.COL_STATE: 170, undo.COL_WHERE: 110, undo.COL_PATH: 320},
            undo.COL_WHAT,
        )
        self.lower_stack = QStackedWidget()
        self.lower_stack.addWidget(self.files_table)
        self.lower_stack.addWidget(self.undo_table)
        self.details_label = _label("runDetailsLabel", self.tr("Select a run to see its files."))
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("undoProgressBar")
        self.progress_bar.setAccessibleName(self.tr("Undo progress"))
        self.progress_label = _label("undoProgressLabel")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("undoCancelButton")
        self.cancel_button.setToolTip(self.tr("Stop the undo before its next file"))
        self.status_label = _label("historyStatusLabel")
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("refreshHistoryButton")
        self.undo_button = QPushButton(self.tr("&Undo this run…"))
        self.undo_button.setObjectName("undoRunButton")
        self.undo_button.setToolTip(
            self.tr(
                "Put back what the selected run replaced or deleted, and remove what it "
                "created; shows what it will do and asks first"
            )
        )
        self._assemble()
        self.show_progress_row(False)

    def _assemble(self) -> None:
        lower = QWidget()
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        lower_box.addWidget(self.details_label)
        lower_box.addWidget(self.lower_stack)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.history_table)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        progress = QHBoxLayout()
        progress.addWidget(self.progress_bar, 2)
        progress.addWidget(self.progress_label, 3)
        progress.addWidget(self.cancel_button)
        actions = QHBoxLayout()
        actions.addWidget(self.status_label, 1)
        actions.addWidget(self.refresh_button)
        actions.addWidget(self.undo_button)
        box = QVBoxLayout(self)
        intro = self.tr(
            "Every push, pull, delete and undo on this computer, newest first. Select a run to "
            "see its files; <i>Undo this run…</i> puts back what it replaced or deleted and "
            "removes what it created, after showing what it will do."
        )
        box.addWidget(_label("historyIntro", intro))
        box.addWidget(split, 1)
        box.addLayout(progress)
        box.addLayout(actions)

    def selected_run(self) -> RunInfo | None:
        rows = self.history_table.selectionModel().selectedRows()
        if not rows:
            return None
        run: RunInfo = self.history_model.item_at(rows[0].row())
        return run

    def show_files(self) -> None:
        self.lower_stack.setCurrentWidget(self.files_table)

    def show_plan(self) -> None:
        self.lower_stack.setCurrentWidget(self.undo_table)

    def show_progress_row(self, shown: bool) -> None:
        for widget in (self.progress_bar, self.progress_label, self.cancel_button):
            widget.setVisible(shown)

    def show_working(self, what: str, steps: int) -> None:
        """The progress row: a busy bar (``steps`` 0) or one step a file."""
        self.status_label.setText(what)
        self.progress_label.setText(what)
        self.progress_bar.setRange(0, steps)
        self.progress_bar.setValue(0)
        self.show_progress_row(True)

    def show_progress(self, progress: Progress) -> None:
        self.progress_bar.setRange(0, max(1, progress.files_total))
        self.progress_bar.setValue(progress.files_done)
        self.progress_label.setText(
            files_done_words(progress.files_done, progress.files_total)
            + f" · {printable(progress.current_file)}"
        )


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label
