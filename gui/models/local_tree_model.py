"""The local folder as a tree (Qt's file-system model), coloured by the current plan.

Sizes and times are said as everywhere else in the window (``human_size``, ``local_time``)
rather than in QFileSystemModel's own words ("2.93 KiB", "30 11 2026 06:07"), so a row here
and the same file's row in the preview read alike.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QFileSystemModel

from bucketferry.core.states import PlanState
from bucketferry.core.units import human_size, local_time

from ..tree_states import TreeStates
from .tree_colours import PLAN_ROLES, PlanColours

COL_SIZE = 1
COL_TYPE = 2
"""QFileSystemModel's column of file types ("Folder", "txt File"), which the tree hides."""
COL_MODIFIED = 3
HEADERS = {
    COL_SIZE: str(QT_TRANSLATE_NOOP("LocalTreeModel", "Size")),
    COL_MODIFIED: str(QT_TRANSLATE_NOOP("LocalTreeModel", "Modified")),
}
"""The headers the bucket's tree has for the same columns (in English; shown translated)."""


class LocalTreeModel(QFileSystemModel):
    """Rows whose path the plan knows get the state's colour and a tooltip that says it;
    folders take the worst state inside them (see TreeStates)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self._plan = PlanColours()

    def set_states(self, states: TreeStates | None) -> None:
        self._plan.set(states.local if states is not None else {})
        root = self.index(self.rootPath())
        if root.isValid():  # repaint what is shown; children repaint as they are fetched
            self.dataChanged.emit(root, root)
            self.layoutChanged.emit()

    def state_of(self, index: QModelIndex | QPersistentModelIndex) -> PlanState | None:
        if not self._plan.states or not index.isValid():
            return None
        return self._plan.states.get(os.path.normpath(self.filePath(index)))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and section in HEADERS
        ):
            return self.tr(HEADERS[section])
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role in PLAN_ROLES and (state := self.state_of(index)) is not None:
            shown = self._plan.role_data(state, role, index.column(), self.isDir(index))
            if shown is not None:
                return shown
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column in (COL_SIZE, COL_MODIFIED):
            said = self._said(index, column)
            if said is not None:
                return said
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_SIZE and not self.isDir(index):
            return self.tr("{size} bytes").format(size=f"{self.size(index):,}")
        return super().data(index, role)

    def _said(self, index: QModelIndex | QPersistentModelIndex, column: int) -> str | None:
        if not index.isValid():
            return None
        if column == COL_SIZE:
            return "" if self.isDir(index) else human_size(self.size(index))
        modified = self.lastModified(index)
        if not modified.isValid():
            return None
        return local_time(modified.toMSecsSinceEpoch() / 1000)
