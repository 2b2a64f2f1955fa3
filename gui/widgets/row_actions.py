"""What a person can do with rows of the preview besides looking: tick and untick them
(the selected ones, or all that the filter shows), compare the two copies, copy the path,
open the folder that holds the file.

Each command is a QAction with an objectName (tests and assistive technology find it by
that name) and, where there is a usual key, a shortcut that acts while the table has the
focus (so "+" or Ctrl+C typed in a text field elsewhere stays the field's). The same
actions fill the rows' context menu and the pane's "Ticks" menu.

Keys, as in file managers that select by groups: Space toggles the selected rows, "+"
ticks and "-" unticks them, "*" inverts every shown tick, Ctrl++ / Ctrl+- tick or untick
every shown row, Ctrl+A selects all rows, Ctrl+C copies the selected paths.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ..messages import show_error
from ..models.preview_model import COL_PATH, COMPARABLE, PreviewModel, StateRole
from ..translation import Context
from .preview_table import PreviewTable

row_actions = Context("row_actions")


def _action(
    parent: QObject, text: str, name: str, tip: str, *keys: str | QKeySequence.StandardKey
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    sequences: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, str):
            sequences.append(QKeySequence(key))
        else:
            sequences += QKeySequence.keyBindings(key)
    if sequences:
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return action


def existing_folder(path: str) -> str:
    """The folder that holds ``path``, or the nearest folder above it that exists (a file
    a pull would bring may have no folder here yet)."""
    folder = os.path.dirname(os.path.abspath(path))
    while folder and not os.path.isdir(folder):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return folder


class RowActions:
    def __init__(self, table: PreviewTable, model: PreviewModel, parent: QWidget) -> None:
        self.table = table
        self.model = model
        self._parent = parent
        self.tick_rows = _action(
            parent,
            row_actions.tr("&Include (tick)"),
            "tickRowsAction",
            row_actions.tr("Tick the selected rows: part of the run"),
            "+",
        )
        self.untick_rows = _action(
            parent,
            row_actions.tr("&Exclude (untick)"),
            "untickRowsAction",
            row_actions.tr("Untick the selected rows: left out of the run"),
            "-",
        )
        self.tick_all = _action(
            parent,
            row_actions.tr("Tick &all"),
            "tickAllAction",
            row_actions.tr("Tick every row the filter shows"),
            "Ctrl++",
        )
        self.untick_all = _action(
            parent,
            row_actions.tr("Untick a&ll"),
            "untickAllAction",
            row_actions.tr("Untick every row the filter shows: nothing is left to run"),
            "Ctrl+-",
        )
        self.invert_ticks = _action(
            parent,
            row_actions.tr("In&vert ticks"),
            "invertTicksAction",
            row_actions.tr("Tick the unticked rows the filter shows and untick the ticked ones"),
            "*",
        )
        self.show_differences = _action(
            parent,
            row_actions.tr("Show &differences"),
            "showRowDifferencesAction",
            row_actions.tr("The local and the bucket's copy of this file side by side"),
        )
        self.copy_path = _action(
            parent,
            row_actions.tr("&Copy path"),
            "copyPathAction",
            row_actions.tr("Copy the paths of the selected rows, one per line"),
            QKeySequence.StandardKey.Copy,
        )
        self.open_local_folder = _action(
            parent,
            row_actions.tr("&Open the local folder"),
            "openLocalFolderAction",
            row_actions.tr("Show the folder on this computer that holds the file"),
        )
        for action, slot in (
            (self.tick_rows, lambda: self._tick_selected(True)),
            (self.untick_rows, lambda: self._tick_selected(False)),
            (self.tick_all, lambda: model.set_all_checked(True)),
            (self.untick_all, lambda: model.set_all_checked(False)),
            (self.invert_ticks, lambda: model.set_all_checked(None)),
            (self.show_differences, self.compare_row),
            (self.copy_path, self.copy_paths),
            (self.open_local_folder, self.open_folder),
        ):
            action.triggered.connect(slot)
            table.addAction(action)  # the shortcuts act while the table has the focus
        table.menu_requested.connect(self._popup)

    # --- menus -------------------------------------------------------------------------------

    def ticks_menu(self, parent: QWidget) -> QMenu:
        """The pane's "Ticks" button: every shown row at once."""
        menu = QMenu(parent)
        menu.setObjectName("ticksMenu")
        for action in (self.tick_all, self.untick_all, self.invert_ticks):
            menu.addAction(action)
        return menu

    def row_menu(self) -> QMenu:
        """The context menu of the selected rows, its commands enabled where they apply."""
        self.update_enabled()
        menu = QMenu(self.table)
        menu.setObjectName("previewRowMenu")
        for group in (
            (self.tick_rows, self.untick_rows),
            (self.tick_all, self.untick_all, self.invert_ticks),
            (self.show_differences, self.copy_path, self.open_local_folder),
        ):
            if menu.actions():
                menu.addSeparator()
            for action in group:
                menu.addAction(action)
        return menu

    def _popup(self, position: QPoint) -> None:
        menu = self.row_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def update_enabled(self) -> None:
        rows = self.table.selected_rows()
        model = self.model
        boxes = any(model.checkable(row) for row in rows)
        self.tick_rows.setEnabled(boxes)
        self.untick_rows.setEnabled(boxes)
        self.show_differences.setEnabled(self._row_to_compare() is not None)
        self.copy_path.setEnabled(bool(rows))
        self.open_local_folder.setEnabled(self.local_folder() is not None)

    # --- what the commands do ----------------------------------------------------------------

    def _tick_selected(self, checked: bool) -> None:
        model = self.model
        model.set_rows_checked(self.table.selected_rows(), checked)

    def _focus_row(self) -> int | None:
        """The row a one-row command acts on: the current row if selected, else the first
        selected one."""
        rows = self.table.selected_rows()
        current = self.table.currentIndex()
        if current.isValid() and current.row() in rows:
            return current.row()
        return rows[0] if rows else None

    def _row_to_compare(self) -> int | None:
        row = self._focus_row()
        if row is None or self.model.index(row, 0).data(StateRole) not in COMPARABLE:
            return None
        return row

    def compare_row(self) -> None:
        """Asks the window for the differences view the way a double-click on the row does
        (the window listens to the table's ``doubleClicked``)."""
        row = self._row_to_compare()
        if row is not None:
            self.table.doubleClicked.emit(self.model.index(row, COL_PATH))

    def paths(self) -> list[str]:
        """The Path column of the selected rows, in the table's order."""
        return [str(self.model.index(row, COL_PATH).data()) for row in self.table.selected_rows()]

    def copy_paths(self) -> None:
        paths = self.paths()
        if paths:
            QGuiApplication.clipboard().setText("\n".join(paths))

    def local_folder(self) -> str | None:
        """The folder on this computer that holds the row's file (or would: the nearest
        one that exists), None for a row with no local side."""
        row = self._focus_row()
        if row is None:
            return None
        path = self.model.item_at(row).local_path
        return existing_folder(path) if path else None

    def local_folder_url(self) -> QUrl | None:
        folder = self.local_folder()
        return QUrl.fromLocalFile(folder) if folder else None

    def open_folder(self) -> None:
        """Opens the folder in the system's file manager (QDesktopServices)."""
        url = self.local_folder_url()
        if url is None:
            return
        if not QDesktopServices.openUrl(url):
            show_error(
                self._parent,
                row_actions.tr("Could not open the folder"),
                row_actions.tr("No program opened {folder}. Open it in your file manager.").format(
                    folder=url.toLocalFile()
                ),
            )
