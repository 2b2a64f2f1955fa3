"""The local folder as a tree (Qt's file-system model), coloured by the current plan."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QFileSystemModel

from bucketferry.core.states import PlanState

from ..tree_states import TreeStates
from .tree_colours import PLAN_ROLES, PlanColours

COL_TYPE = 2
"""QFileSystemModel's column of file types ("Folder", "txt File"), which the tree hides."""


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

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role in PLAN_ROLES and (state := self.state_of(index)) is not None:
            shown = self._plan.role_data(state, role, index.column(), self.isDir(index))
            if shown is not None:
                return shown
        return super().data(index, role)
