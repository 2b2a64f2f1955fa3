"""A read-only table over a plain list of engine records, one row each.

The history's tables (runs, a run's files, an undo plan, the bucket's backups) are never
edited by the user; each model says only how a record reads in a column (text,
tooltip, icon, colour, a sort value), the way Vorta's archive model does. ``ItemRole``
gives the record itself, so views and tests never parse display text.

``HEADERS`` are marked with ``QT_TRANSLATE_NOOP("<the class's name>", "Header")`` (the
class that defines them) and shown translated in that context.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..translation import Context

AnyIndex = QModelIndex | QPersistentModelIndex

ItemRole = Qt.ItemDataRole.UserRole + 1
"""The record behind a row (any column)."""
MISSING = "\u2013"  # an en dash: "nothing there", quieter than a hyphen


class ListTableModel(QAbstractTableModel):
    """Subclasses set ``HEADERS`` and implement :meth:`text`; the other hooks are
    optional. Rows stay in the engine's order (runs newest first, files as run)."""

    HEADERS: tuple[str, ...] = ()
    RIGHT_ALIGNED: tuple[int, ...] = ()
    """Columns of numbers and sizes."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []
        owner = next(c for c in type(self).__mro__ if "HEADERS" in vars(c))
        self._headers = Context(owner.__name__)
        """The translations of the headers: the context of the class that names them."""

    # --- content -----------------------------------------------------------------------

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[Any]:
        return list(self._items)

    def item_at(self, row: int) -> Any:
        return self._items[row]

    def refresh(self) -> None:
        """The records changed in place (an undo's steps got their results)."""
        if self._items:
            last = self.index(len(self._items) - 1, len(self.HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # --- what a subclass says ------------------------------------------------------------

    def text(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, item: Any, column: int) -> str | None:
        return None

    def decoration(self, item: Any, column: int) -> Any:
        return None

    def foreground(self, item: Any, column: int) -> Any:
        return None

    def extra(self, item: Any, column: int, role: int) -> Any:
        """Other roles (a stable state string for tests, say)."""
        return None

    # --- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers.tr(self.HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self._items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(item, column)
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.extra(item, column, role)
