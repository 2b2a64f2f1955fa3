"""The preview's rows as a table that can be used from the keyboard, and whose Path column
gets the room.

- Tab and Shift+Tab leave the table for the next and previous control (as everywhere else
  in the window) instead of walking its cells; the arrow keys move between rows.
- Space ticks or unticks every selected row, in whichever column the cursor is: all of
  them get the box, or, when they all have it already, all lose it.
- The Path column takes whatever width the other columns leave, and is never narrower
  than any of them: the others are as wide as their words need (measured from the font,
  not from 100,000 rows), and when the window is too narrow for all of that the table
  scrolls sideways instead of cutting the path to "…". A path cut all the same (a very
  long one) loses its middle, not the file's name.
- On a dark base the rows' boxes get an outline that stands out (see TickBoxDelegate).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from bucketferry.core.states import PlanState

from ..colour_contrast import mix, readable
from ..models.preview_model import (
    COL_CONTENT,
    COL_LOCAL_MTIME,
    COL_LOCAL_SIZE,
    COL_PATH,
    COL_REMOTE_MTIME,
    COL_REMOTE_SIZE,
    COL_STATE,
    DIFFERENT,
    HEADERS,
    NOT_COMPARED,
    SAME,
    PreviewModel,
    content_shown,
    later_mark,
)
from ..sync_states import state_label

WIDEST_SIZE = "999.9 MB"
"""The widest that ``human_size`` says."""
WIDEST_TIME = "2026-12-31 23:59:59"
"""What ``local_time`` says: always this long."""
CELL_PADDING = 18
"""Room around a cell's text (margins of the cell and of the focus frame), in pixels."""
PATH_SHARE = 0.3
"""The least share of the table's width that Path gets when the window is narrow."""
BOX_CONTRAST = 3.0
"""WCAG's least contrast for the outline of a control (success criterion 1.4.11)."""


class TickBoxDelegate(QStyledItemDelegate):
    """Draws the row's box as the style does and, on a dark base, outlines it in a colour
    that stands out from the row: styles made for light palettes (Fusion among them) draw
    an empty box there almost in the colour of the row, so an unticked row looked as if it
    had no box at all."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        palette: QPalette = option.palette
        base = palette.color(QPalette.ColorRole.Base)
        if base.lightness() >= 128 or not index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            return
        widget = option.widget
        shown = QStyleOptionViewItem(option)
        self.initStyleOption(shown, index)
        style = widget.style() if widget is not None else QApplication.style()
        box = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, shown, widget)
        text = palette.color(QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(readable(mix(base, text, 0.5), base, BOX_CONTRAST), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        side = min(box.width(), box.height()) - 1
        centre = box.center()
        painter.drawRoundedRect(
            QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side), 2, 2
        )
        painter.restore()


class PreviewTable(QTableView):
    """``menu_requested`` carries the viewport position where the row menu should open (a
    right click, the menu key or Shift+F10); the pane fills and opens the menu."""

    menu_requested = Signal(QPoint)

    def __init__(self, model: PreviewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewTable")
        self.setAccessibleName(self.tr("Preview"))
        self.setModel(model)
        self._model = model
        self._states: Iterable[PlanState] = PlanState
        self._later = False
        self._fitting = False
        self.setTabKeyNavigation(False)
        self.setSortingEnabled(True)
        self.sortByColumn(COL_STATE, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a cut path keeps its file name
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.hide()
        self.setItemDelegateForColumn(COL_STATE, TickBoxDelegate(self))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._section_resized)
        self.fit_columns()

    # --- which rows ------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        """The selected rows in the table's order, read from the selection's ranges (a
        selection of 100,000 rows is one range, not 100,000 indexes); the current row when
        nothing is selected."""
        rows: set[int] = set()
        selection = self.selectionModel().selection()
        for number in range(selection.count()):
            selected = selection.at(number)
            rows.update(range(selected.top(), selected.bottom() + 1))
        if not rows and self.currentIndex().isValid():
            rows.add(self.currentIndex().row())
        return sorted(rows)

    def toggle_selected_ticks(self) -> int:
        """Space: the selected rows with a box all get it, unless all have it already;
        then all lose it. Returns how many boxes changed."""
        model = self._model
        rows = [row for row in self.selected_rows() if model.checkable(row)]
        if not rows:
            return 0
        tick = not all(model.is_checked(row) for row in rows)
        return model.set_rows_checked(rows, tick)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.toggle_selected_ticks()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        position = event.pos()
        if event.reason() != QContextMenuEvent.Reason.Mouse:
            current = self.currentIndex()  # the keyboard's menu opens at the current row
            rect = self.visualRect(current) if current.isValid() else None
            position = rect.bottomLeft() if rect is not None else QPoint(0, 0)
        else:
            clicked = self.indexAt(position)
            selection = self.selectionModel()
            if clicked.isValid() and not selection.isRowSelected(clicked.row()):
                selection.setCurrentIndex(
                    clicked,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        self.menu_requested.emit(position)
        event.accept()

    # --- column widths ---------------------------------------------------------------------

    def show_states(self, states: Iterable[PlanState], later: bool) -> None:
        """Fits the columns to a new plan: ``states`` are those its rows have, ``later``
        whether some modified time carries the "later" mark."""
        self._states = list(states) or PlanState
        self._later = later
        self.fit_columns()

    def column_widths(self) -> dict[int, int]:
        """What every column but Path needs: the widest of its header and its words."""
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        style = self.style()
        box = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
        icon = self.iconSize().width() if self.iconSize().isValid() else 0
        icon = icon or style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self)
        time_width = metrics.horizontalAdvance(WIDEST_TIME)
        if self._later:
            time_width = QFontMetrics(bold).horizontalAdvance(WIDEST_TIME + later_mark())
        label = max(metrics.horizontalAdvance(state_label(state)) for state in self._states)
        words = {
            COL_STATE: box + icon + 12 + label,
            COL_LOCAL_SIZE: metrics.horizontalAdvance(WIDEST_SIZE),
            COL_REMOTE_SIZE: metrics.horizontalAdvance(WIDEST_SIZE),
            COL_LOCAL_MTIME: time_width,
            COL_REMOTE_MTIME: time_width,
            COL_CONTENT: max(
                metrics.horizontalAdvance(content_shown(word))
                for word in (SAME, DIFFERENT, NOT_COMPARED)
            ),
        }
        header = self.horizontalHeader()
        return {
            column: max(width + CELL_PADDING, header.sectionSizeFromContents(column).width())
            for column, width in words.items()
        }

    def fit_columns(self) -> None:
        """Every column as wide as its words; Path gets the rest (see :meth:`fit_path`)."""
        header = self.horizontalHeader()
        self._fitting = True
        try:
            for column, width in self.column_widths().items():
                header.resizeSection(column, width)
        finally:
            self._fitting = False
        self.fit_path()

    def fit_path(self) -> None:
        """Path takes the width the other columns leave; in a narrow window at least
        :data:`PATH_SHARE` of the table and more than any other column (the table then
        scrolls sideways for the rest)."""
        header = self.horizontalHeader()
        others = [header.sectionSize(c) for c in range(len(HEADERS)) if c != COL_PATH]
        width = self.viewport().width()
        least = max(max(others) + 1, round(width * PATH_SHARE))
        self._fitting = True
        try:
            header.resizeSection(COL_PATH, max(width - sum(others), least))
        finally:
            self._fitting = False

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != COL_PATH:  # a person widened another column
            self.fit_path()

    def viewportEvent(self, event: QEvent) -> bool:
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:  # also when a scroll bar comes or goes
            self.fit_path()
        return handled

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns()
