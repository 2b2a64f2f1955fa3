"""The plan as a table: one chip per state (count and filter), a path filter, the rows with
their checkboxes, the totals of what a run would transfer, and the buttons to look closer
(Show differences), to tick many rows at once (Ticks) and to run (Push…/Pull…).

The pane shows; the window decides when its buttons are enabled and what they do. The
rows' own commands (tick, untick, compare, copy the path, open the folder) are in
``row_actions``; the table's keyboard and column widths in ``preview_table``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import RemoteStorage, TransactionSummary
from bucketferry.core.states import REPLACING, PlanState
from bucketferry.core.units import human_size

from ..colour_contrast import readable
from ..dialogs.diff_dialog import DiffDialog
from ..models.preview_model import COL_STATE, COMPARABLE, PreviewModel, StateRole
from ..models.preview_rows import PreparedRows
from ..sync_states import (
    notice_palette_change,
    state_color,
    state_icon,
    state_label,
    state_meaning,
)
from ..translation import Context
from .flow_layout import FlowLayout
from .preview_table import PreviewTable
from .row_actions import RowActions

AFTER_A_RUN = (PlanState.SYNCED, PlanState.FAILED)
"""States whose chips show only once a run has given them rows."""

preview_pane = Context("preview_pane")
"""For the counts (``%n``); everything else is ``self.tr``."""


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
        self.totals_label = QLabel(self.tr("No preview yet."))
        self.totals_label.setObjectName("totalsLabel")
        self.stale_label = QLabel(
            self.tr("The inputs changed since this preview: preview again to run.")
        )
        self.stale_label.setObjectName("staleLabel")
        self.stale_label.hide()
        self.diff_button = QPushButton(self.tr("Show &differences"))
        self.diff_button.setObjectName("diffButton")
        self.diff_button.setToolTip(
            self.tr(
                "Local and remote copy side by side, for the selected row or the first that "
                "differs (Ctrl+D, or double-click a row)"
            )
        )
        self.run_button = QPushButton(self.tr("Push…"))
        self.run_button.setObjectName("runButton")
        self.run_button.setToolTip(self.tr("Review and run the checked rows (Ctrl+Enter)"))
        self.ticks_button = QToolButton()
        self.ticks_button.setObjectName("ticksButton")
        self.ticks_button.setText(self.tr("&Ticks"))
        self.ticks_button.setToolTip(
            self.tr(
                "Tick, untick or invert every row the filter shows (Ctrl++, Ctrl+-, *); "
                "Space ticks or unticks the selected rows"
            )
        )
        self.ticks_button.setMenu(self.row_actions.ticks_menu(self))
        self.ticks_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bottom.addWidget(self.totals_label)
        bottom.addWidget(self.stale_label)
        bottom.addStretch()
        bottom.addWidget(self.ticks_button)
        bottom.addWidget(self.diff_button)
        bottom.addWidget(self.run_button)
        box.addLayout(bottom)
        self.update_chips()
        self._use_palette()

    def _build_chips(self) -> QHBoxLayout:
        """The chips wrap onto more lines when the pane is narrow (FlowLayout)."""
        chips_row = QHBoxLayout()
        top = Qt.AlignmentFlag.AlignTop
        chips_row.addWidget(QLabel(self.tr("Preview:")), 0, top | Qt.AlignmentFlag.AlignLeft)
        chips_box = QWidget()
        flow = FlowLayout(chips_box)
        self.chips: dict[PlanState, QToolButton] = {}
        for state in PlanState:
            chip = QToolButton()
            chip.setObjectName(f"{state.value}Chip")
            chip.setCheckable(True)
            label = state_label(state)
            chip.setText(label)  # words from the start, not only once there is a plan
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setToolTip(self.tr("Show only: {meaning}").format(meaning=state_meaning(state)))
            chip.setAccessibleName(self.tr("Show only {state}").format(state=label))
            chip.toggled.connect(self._apply_filter)
            self.chips[state] = chip
            flow.addWidget(chip)
        chips_row.addWidget(chips_box, 1)
        self.table_filter = QLineEdit()
        self.table_filter.setObjectName("previewFilterEdit")
        self.table_filter.setPlaceholderText(self.tr("filter by path"))
        self.table_filter.setAccessibleName(self.tr("Filter the preview by path"))
        self.table_filter.setClearButtonEnabled(True)
        self.table_filter.textChanged.connect(self._apply_filter)
        chips_row.addWidget(self.table_filter, 0, top)
        return chips_row

    def _build_table(self) -> PreviewTable:
        self.table = PreviewTable(self.model)
        self.row_actions = RowActions(self.table, self.model, self)
        return self.table

    # --- light and dark ----------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """The system switched between light and dark: the colours follow."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            notice_palette_change()
            self._use_palette()
            for view in self.window().findChildren(QAbstractItemView):  # the trees too
                view.viewport().update()

    def _use_palette(self) -> None:
        for state, chip in self.chips.items():
            chip.setIcon(state_icon(state))
        background = self.palette().color(QPalette.ColorRole.Window)
        warning = readable(state_color(PlanState.DIFFERS), background)
        self.stale_label.setStyleSheet(f"color: {warning.name()};")

    # --- showing a plan ----------------------------------------------------------------------

    def show_plan(
        self, summary: TransactionSummary, direction: str, *, rows: PreparedRows | None = None
    ) -> None:
        """``rows``: the plan's rows, made in the preview's worker (see preview_rows)."""
        self.model.set_summary(summary, prepared=rows)
        self.run_button.setText(self.tr("Push…") if direction == "push" else self.tr("Pull…"))
        self.update_chips()

    def show_results(self) -> None:
        """The run's per-file results, in the rows of the plan."""
        self.model.refresh_results()
        self.update_chips()

    def update_chips(self) -> None:
        """Each chip says its state's word, and how many rows have it once there is a
        plan; the chips of a run's results show once a run gave them rows."""
        counts = self.model.counts()
        planned = self.model.summary is not None
        self.comparable = any(counts[state] for state in COMPARABLE)
        for state, chip in self.chips.items():
            label = state_label(state)
            chip.setText(
                self.tr("{state} {count}").format(state=label, count=counts[state])
                if planned
                else label
            )
            chip.setVisible(counts[state] > 0 or state not in AFTER_A_RUN)
        present = [state for state in PlanState if counts[state]]
        self.table.show_states(present, self.model.has_later_marks())

    def show_totals(self) -> None:
        files, size, overwrites = self.model.totals()
        said = (
            preview_pane.tr(
                "%n file(s) · {size} to transfer · {overwrites} of them only if you allow "
                "overwriting",
                "",
                files,
            )
            if overwrites
            else preview_pane.tr("%n file(s) · {size} to transfer", "", files)
        )
        self.totals_label.setText(said.format(size=human_size(size), overwrites=overwrites))

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
