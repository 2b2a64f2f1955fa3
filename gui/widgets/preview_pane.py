"""The plan as a table: one chip per state (count and filter), a path filter, the rows with
their checkboxes, the totals of what a run would transfer, and the buttons to look closer
(Show differences) and to run (Push…/Pull…).

The pane shows; the window decides when its buttons are enabled and what they do.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import RemoteStorage, TransactionSummary
from bucketferry.core.states import REPLACING, PlanState
from bucketferry.core.units import files_count, human_size

from ..dialogs.diff_dialog import DiffDialog
from ..models.preview_model import (
    COL_HASHES,
    COL_LOCAL_MTIME,
    COL_LOCAL_SIZE,
    COL_PATH,
    COL_REMOTE_MTIME,
    COL_REMOTE_SIZE,
    COL_STATE,
    PreviewModel,
    StateRole,
)
from ..sync_states import state_icon
from .flow_layout import FlowLayout

COMPARABLE = (*REPLACING, PlanState.IDENTICAL)
"""Rows with a copy on both sides, which Show differences can compare."""
AFTER_A_RUN = (PlanState.SYNCED, PlanState.FAILED)
"""States whose chips show only once a run has given them rows."""
COLUMN_WIDTHS = {
    COL_STATE: 190,
    COL_LOCAL_SIZE: 90,
    COL_REMOTE_SIZE: 95,
    COL_LOCAL_MTIME: 200,
    COL_REMOTE_MTIME: 200,
    COL_HASHES: 150,
}


class PreviewPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PreviewModel(self)
        self.comparable = False
        """Whether the plan has rows with a copy on both sides."""
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(self._build_chips())
        box.addWidget(self._build_table())
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

    def _build_chips(self) -> QHBoxLayout:
        """The chips wrap onto more lines when the pane is narrow (FlowLayout)."""
        chips_row = QHBoxLayout()
        top = Qt.AlignmentFlag.AlignTop
        chips_row.addWidget(QLabel("Preview:"), 0, top | Qt.AlignmentFlag.AlignLeft)
        chips_box = QWidget()
        flow = FlowLayout(chips_box)
        self.chips: dict[PlanState, QToolButton] = {}
        for state in PlanState:
            chip = QToolButton()
            chip.setObjectName(f"{state.value}Chip")
            chip.setCheckable(True)
            chip.setIcon(state_icon(state))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setToolTip(f"Show only: {state.meaning}")
            chip.toggled.connect(self._apply_filter)
            self.chips[state] = chip
            flow.addWidget(chip)
        chips_row.addWidget(chips_box, 1)
        self.table_filter = QLineEdit()
        self.table_filter.setObjectName("previewFilterEdit")
        self.table_filter.setPlaceholderText("filter by path")
        self.table_filter.setAccessibleName("Filter the preview by path")
        self.table_filter.setClearButtonEnabled(True)
        self.table_filter.textChanged.connect(self._apply_filter)
        chips_row.addWidget(self.table_filter, 0, top)
        return chips_row

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setObjectName("previewTable")
        self.table.setAccessibleName("Preview")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_STATE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_PATH, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        return self.table

    # --- showing a plan ----------------------------------------------------------------------

    def show_plan(self, summary: TransactionSummary, direction: str) -> None:
        self.model.set_summary(summary)
        self.run_button.setText("Push…" if direction == "push" else "Pull…")
        self.update_chips()

    def show_results(self) -> None:
        """The run's per-file results, in the rows of the plan."""
        self.model.refresh_results()
        self.update_chips()

    def update_chips(self) -> None:
        counts = self.model.counts()
        self.comparable = any(counts[state] for state in COMPARABLE)
        for state, chip in self.chips.items():
            chip.setText(f"{state.label} {counts[state]}")
            chip.setVisible(counts[state] > 0 or state not in AFTER_A_RUN)

    def show_totals(self) -> None:
        files, size, overwrites = self.model.totals()
        self.totals_label.setText(
            f"{files_count(files)} · {human_size(size)} to transfer"
            + (f" · {overwrites} of them only if you allow overwriting" if overwrites else "")
        )

    @Slot()
    def _apply_filter(self) -> None:
        chosen = {state.value for state, chip in self.chips.items() if chip.isChecked()}
        self.model.set_filter(chosen or None, self.table_filter.text())

    # --- which row ---------------------------------------------------------------------------

    def row_to_compare(self, row: int | None) -> int | None:
        """``row`` if it can be compared, else the selected row, else the first whose
        copies differ (then the first identical one) in the table's order."""
        candidates = [row] if row is not None else []
        candidates += [i.row() for i in self.table.selectionModel().selectedRows(COL_STATE)]
        for candidate in candidates:
            if self.model.index(candidate, COL_STATE).data(StateRole) in COMPARABLE:
                return candidate
        if row is not None:  # a double-click on a row that has nothing to compare
            return None
        first = self.model.next_row_in_state(0, 1, REPLACING)
        return first if first is not None else self.model.next_row_in_state(0, 1, "identical")

    def show_differences(
        self, storage: RemoteStorage, row: int | None, settings: QSettings
    ) -> None:
        """Opens the differences view (non-modal; it fetches in its own worker) for
        :meth:`row_to_compare`, and keeps the table's selection on the row it shows."""
        chosen = self.row_to_compare(row)
        if chosen is None:
            return
        dialog = DiffDialog(self.window(), storage, self.model, chosen, settings=settings)
        dialog.row_changed.connect(self.table.selectRow)
        self.table.selectRow(chosen)
        dialog.show()
