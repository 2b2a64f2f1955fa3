"""The local folder as a tree (Qt's file-system model), coloured by the current plan."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QFileSystemModel

from ..sync_states import STYLES
from ..tree_states import TreeStates
from .tree_colours import state_brushes


class LocalTreeModel(QFileSystemModel):
    """Rows whose path the plan knows get the state's colour and a tooltip that says it;
    folders take the worst state inside them (see TreeStates)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self._states: dict[str, str] = {}
        self._brushes: dict[str, tuple[QBrush, QBrush]] = {}

    def set_states(self, states: TreeStates | None) -> None:
        self._states = states.local if states is not None else {}
        self._brushes = state_brushes()
        root = self.index(self.rootPath())
        if root.isValid():  # repaint what is shown; children repaint as they are fetched
            self.dataChanged.emit(root, root)
            self.layoutChanged.emit()

    def state_of(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        if not self._states or not index.isValid():
            return None
        return self._states.get(os.path.normpath(self.filePath(index)))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            state = self.state_of(index)
            if state is not None:
                foreground, background = self._brushes[state]
                return foreground if role == Qt.ItemDataRole.ForegroundRole else background
        elif role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            state = self.state_of(index)
            if state is not None:
                return f"{STYLES[state].label}: {STYLES[state].description}"
        return super().data(index, role)
