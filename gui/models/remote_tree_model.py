"""The bucket as a tree of prefix 'folders', listed one level at a time when expanded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyle

from bucketferry.core import RemoteObject
from bucketferry.core.states import PlanState
from bucketferry.core.units import human_size, local_time

from ..tree_states import TreeStates
from .tree_colours import COL_NAME, PLAN_ROLES, PlanColours

PathRole = Qt.ItemDataRole.UserRole + 10
LoadedRole = Qt.ItemDataRole.UserRole + 11
FullNameRole = Qt.ItemDataRole.UserRole + 12  # the object's name, or a prefix ending in '/'
LOADING = str(QT_TRANSLATE_NOOP("RemoteTreeModel", "Loading…"))
FINGERPRINT = str(
    QT_TRANSLATE_NOOP(
        "RemoteTreeModel",
        "The bucket's checksum of the content: two copies with the same checksum hold the "
        "same bytes.",
    )
)
"""In English, like LOADING; the model shows them translated."""


class RemoteTreeModel(QStandardItemModel):
    """Folders carry their prefix relative to the shown root in ``PathRole``; expanding one
    asks for its content through ``listing_requested`` (the window runs the listing in the
    worker). Every row knows its full name in the bucket (``FullNameRole``), by which the
    plan's states colour it."""

    listing_requested = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Size"), self.tr("Modified"), self.tr("Checksum")]
        )
        self._root_prefix = ""
        self._plan = PlanColours()

    def reset_root(self, root_prefix: str = "") -> None:
        """Lists the bucket again from the top; ``root_prefix`` is the full name of the
        shown root (base path and remote path), ending in '/' unless empty."""
        self._root_prefix = root_prefix
        self.removeRows(0, self.rowCount())
        self.listing_requested.emit("")

    def set_states(self, states: TreeStates | None) -> None:
        self._plan.set(states.remote if states is not None else {})
        if self.rowCount():
            self.layoutChanged.emit()

    def state_of(self, index: QModelIndex | QPersistentModelIndex) -> PlanState | None:
        if not self._plan.states or not index.isValid():
            return None
        name = super().data(index.sibling(index.row(), COL_NAME), FullNameRole)
        return self._plan.states.get(name) if isinstance(name, str) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role in PLAN_ROLES:
            state = self.state_of(index)
            name = super().data(index.sibling(index.row(), COL_NAME), FullNameRole)
            folder = state is not None and str(name).endswith("/")
            shown = self._plan.role_data(state, role, index.column(), folder)
            if shown is not None:
                if role == Qt.ItemDataRole.ToolTipRole:  # the full name first
                    return f"{super().data(index, FullNameRole)}\n{shown}"
                return shown
        return super().data(index, role)

    def _folder_icon(self) -> Any:
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DirIcon)

    def _file_icon(self) -> Any:
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def find_folder(self, path: str) -> QStandardItem | None:
        if not path:
            return self.invisibleRootItem()
        parent = self.invisibleRootItem()
        for depth in range(1, path.rstrip("/").count("/") + 2):
            wanted = "/".join(path.rstrip("/").split("/")[:depth]) + "/"
            for row in range(parent.rowCount()):
                child = parent.child(row)
                if child is not None and child.data(PathRole) == wanted:
                    parent = child
                    break
            else:
                return None
        return parent

    def fill(self, path: str, folders: list[str], objects: list[RemoteObject]) -> None:
        parent = self.find_folder(path)
        if parent is None:
            return
        parent.removeRows(0, parent.rowCount())
        for folder in folders:
            name = folder.rstrip("/").rsplit("/", 1)[-1] + "/"
            item = QStandardItem(self._folder_icon(), name)
            item.setData(folder, PathRole)
            item.setData(self._root_prefix + folder, FullNameRole)
            item.setData(False, LoadedRole)
            item.setEditable(False)
            placeholder = QStandardItem(self.tr(LOADING))
            placeholder.setEditable(False)
            item.appendRow(placeholder)
            parent.appendRow([item, *self._blank(3)])
        for obj in objects:
            name = obj.name.rsplit("/", 1)[-1]
            cells = [
                QStandardItem(self._file_icon(), name),
                QStandardItem(human_size(obj.size)),
                QStandardItem(local_time(obj.last_modified) or ""),
                QStandardItem((obj.known_hash or "")[:12]),
            ]
            for cell in cells:
                cell.setEditable(False)
            cells[1].setToolTip(self.tr("{size} bytes").format(size=f"{obj.size:,}"))
            cells[1].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if obj.known_hash:
                cells[3].setToolTip(f"{self.tr(FINGERPRINT)}\n{obj.known_hash}")
            cells[0].setToolTip(obj.name)
            cells[0].setData(obj.name, FullNameRole)
            parent.appendRow(cells)
        if parent is not self.invisibleRootItem():
            parent.setData(True, LoadedRole)

    @staticmethod
    def _blank(count: int) -> list[QStandardItem]:
        cells = [QStandardItem("") for _ in range(count)]
        for cell in cells:
            cell.setEditable(False)
        return cells

    def on_expanded(self, index: QModelIndex) -> None:
        item = self.itemFromIndex(index)
        if item is not None and item.data(PathRole) and not item.data(LoadedRole):
            self.listing_requested.emit(item.data(PathRole))
