"""The bucket as a tree of prefix 'folders', listed one level at a time when expanded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyle

from bucketferry.core import RemoteObject
from bucketferry.core.units import human_size

PathRole = Qt.ItemDataRole.UserRole + 10
LoadedRole = Qt.ItemDataRole.UserRole + 11
LOADING = "Loading…"


class RemoteTreeModel(QStandardItemModel):
    """Folders carry their relative prefix in ``PathRole``; expanding one asks for its
    content through ``listing_requested`` (the window runs the listing in the worker)."""

    listing_requested = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Name", "Size", "Modified", "Hash"])

    def reset_root(self) -> None:
        self.removeRows(0, self.rowCount())
        self.listing_requested.emit("")

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
            item.setData(False, LoadedRole)
            item.setEditable(False)
            placeholder = QStandardItem(LOADING)
            placeholder.setEditable(False)
            item.appendRow(placeholder)
            parent.appendRow([item, *self._blank(3)])
        for obj in objects:
            name = obj.name.rsplit("/", 1)[-1]
            cells = [
                QStandardItem(self._file_icon(), name),
                QStandardItem(human_size(obj.size)),
                QStandardItem((obj.last_modified or "")[:19].replace("T", " ")),
                QStandardItem((obj.known_hash or "")[:12]),
            ]
            for cell in cells:
                cell.setEditable(False)
            cells[0].setToolTip(obj.name)
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
