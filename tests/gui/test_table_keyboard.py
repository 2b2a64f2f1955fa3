"""The preview table used from the keyboard and its rows' menu: Tab leaves the table, Space
ticks every selected row, ticks for many rows at once, and the row commands (compare, copy
the path, open the local folder). Real window (offscreen), real files, the local-folder
bucket."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from bucketferry.core import RemoteStorage
from bucketferry.gui import MainWindow
from bucketferry.gui.models.preview_model import COL_CONTENT, COL_PATH, COL_STATE
from tests.gui.window_driver import preview
from tests.helpers import write

ROW_ACTIONS = (
    "tickRowsAction",
    "untickRowsAction",
    "invertTicksAction",
    "copyPathAction",
    "openLocalFolderAction",
    "showRowDifferencesAction",
)


def planned(qtbot, window: MainWindow, tmp_path: Path, new_files: int = 4) -> Path:
    """A push preview: ``new_files`` new files, one identical and one changed here."""
    data = tmp_path / "data"
    write(data / "same.txt", "same")
    write(data / "docs/edited.txt", "first")
    RemoteStorage(window.profiles.config_for("Local folder")).push(".", local_path_prefix=str(data))
    write(data / "docs/edited.txt", "second version")
    for number in range(new_files):
        write(data / f"new/file{number}.txt", "n" * (number + 1))
    window.connection_bar.local_edit.setText(str(data))
    preview(qtbot, window, "push")
    return data


def row_of(window: MainWindow, name: str) -> int:
    model = window.preview_pane.model
    return [model.item_at(r).name for r in range(model.rowCount())].index(name)


def ticks(window: MainWindow) -> dict[str, bool]:
    """Every row with a box: whether it is ticked."""
    model = window.preview_pane.model
    return {
        model.item_at(r).name: model.is_checked(r)
        for r in range(model.rowCount())
        if model.checkable(r)
    }


def action(window: MainWindow, name: str) -> QAction:
    found = window.preview_pane.findChild(QAction, name)
    assert found is not None, name
    return found


def select_rows(window: MainWindow, *rows: int) -> None:
    """Exactly ``rows`` selected (as Ctrl+click would), whatever keys QTest left held."""
    table, model = window.preview_pane.table, window.preview_pane.model
    selection = QItemSelection()
    for row in rows:
        selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
    table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.selectionModel().setCurrentIndex(
        model.index(rows[-1], COL_STATE), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def focus_table(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    table = window.preview_pane.table
    table.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(table.hasFocus, timeout=5_000)


def test_tab_leaves_the_table_for_the_next_control(qtbot, window, tmp_path):
    planned(qtbot, window, tmp_path)
    table = window.preview_pane.table
    assert not table.tabKeyNavigation()
    focus_table(qtbot, window)
    table.setCurrentIndex(window.preview_pane.model.index(0, COL_STATE))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is not None and focus is not table and not table.isAncestorOf(focus)
    focus_table(qtbot, window)
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert not table.hasFocus()


def test_space_ticks_every_selected_row_in_any_column(qtbot, window, tmp_path):
    planned(qtbot, window, tmp_path)
    pane, model = window.preview_pane, window.preview_pane.model
    first, second = row_of(window, "new/file0.txt"), row_of(window, "new/file1.txt")
    model.set_checked(first, False)  # the selection now has mixed ticks
    focus_table(qtbot, window)
    table = pane.table
    select_rows(window, first, second)
    table.selectionModel().setCurrentIndex(  # the cursor in another column than the boxes
        model.index(second, COL_CONTENT), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    qtbot.keyClick(table, Qt.Key.Key_Space)  # mixed: all get the tick
    assert model.is_checked(first) and model.is_checked(second)
    qtbot.keyClick(table, Qt.Key.Key_Space)  # all ticked: all lose it
    assert not model.is_checked(first) and not model.is_checked(second)
    others = {k: v for k, v in ticks(window).items() if k not in ("new/file0.txt", "new/file1.txt")}
    assert all(others.values())  # rows not selected are left alone
    files, _, _ = model.totals()
    assert files == len(others)
    assert pane.totals_label.text().startswith(f"{len(others)} files")
    # Ctrl+A selects every row; Space then ticks all of them (identical rows have no box)
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(table.selected_rows()) == model.rowCount()
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert all(ticks(window).values())
    assert (
        model.index(row_of(window, "same.txt"), COL_STATE).data(Qt.ItemDataRole.CheckStateRole)
        is None
    )


def test_tick_all_none_and_invert_by_menu_and_keys(qtbot, window, tmp_path):
    planned(qtbot, window, tmp_path)
    pane = window.preview_pane
    names = set(ticks(window))
    menu = pane.ticks_button.menu()
    assert {a.objectName() for a in menu.actions()} >= {
        "tickAllAction",
        "untickAllAction",
        "invertTicksAction",
    }
    action(window, "untickAllAction").trigger()
    assert not any(ticks(window).values())
    assert not pane.run_button.isEnabled()  # nothing left to run
    pane.model.set_checked(row_of(window, "new/file2.txt"), True)
    action(window, "invertTicksAction").trigger()
    assert {n for n, on in ticks(window).items() if not on} == {"new/file2.txt"}
    action(window, "tickAllAction").trigger()
    assert set(ticks(window)) == names and all(ticks(window).values())
    # the same from the keyboard, while the table has the focus
    focus_table(qtbot, window)
    table = pane.table
    qtbot.keyClick(table, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert not any(ticks(window).values())
    qtbot.keyClick(table, Qt.Key.Key_Asterisk)
    assert all(ticks(window).values())
    select_rows(window, row_of(window, "new/file3.txt"))
    qtbot.keyClick(table, Qt.Key.Key_Minus)
    assert {n for n, on in ticks(window).items() if not on} == {"new/file3.txt"}
    qtbot.keyClick(table, Qt.Key.Key_Plus)
    assert all(ticks(window).values())
    # a filter narrows "all" to the rows it shows
    pane.table_filter.setText("file1")
    action(window, "untickAllAction").trigger()
    pane.table_filter.setText("")
    assert {n for n, on in ticks(window).items() if not on} == {"new/file1.txt"}


def open_row_menu(qtbot, window: MainWindow, row: int) -> QMenu:
    """A right click on ``row``: the menu opens (without blocking) at the click."""
    table = window.preview_pane.table
    position = table.visualRect(window.preview_pane.model.index(row, COL_PATH)).center()
    QApplication.sendEvent(
        table.viewport(),
        QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, position, table.viewport().mapToGlobal(position)
        ),
    )
    menus: list[QMenu] = []

    def shown() -> bool:
        menus[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMenu) and w.objectName() == "previewRowMenu" and w.isVisible()
        ]
        return bool(menus)

    qtbot.waitUntil(shown, timeout=5_000)
    return menus[0]


def test_the_row_menu_has_the_row_commands_and_acts_on_the_clicked_row(qtbot, window, tmp_path):
    planned(qtbot, window, tmp_path)
    model = window.preview_pane.model
    row = row_of(window, "new/file1.txt")
    menu = open_row_menu(qtbot, window, row)
    names = {a.objectName() for a in menu.actions() if not a.isSeparator()}
    assert names >= set(ROW_ACTIONS)
    assert window.preview_pane.table.selected_rows() == [row]  # the right click selected it
    shown = {a.objectName(): a for a in menu.actions()}
    assert not shown["showRowDifferencesAction"].isEnabled()  # a new file: nothing to compare
    assert shown["openLocalFolderAction"].isEnabled()
    shown["untickRowsAction"].trigger()
    menu.close()
    assert not model.is_checked(row)
    assert {n for n, on in ticks(window).items() if not on} == {"new/file1.txt"}
    menu = open_row_menu(qtbot, window, row)
    {a.objectName(): a for a in menu.actions()}["tickRowsAction"].trigger()
    menu.close()
    assert model.is_checked(row)
    # the keyboard's menu key opens it at the current row
    table = window.preview_pane.table
    table.setCurrentIndex(model.index(row_of(window, "same.txt"), COL_STATE))
    QApplication.sendEvent(
        table.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), QPoint(0, 0)),
    )
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMenu) and w.objectName() == "previewRowMenu" and w.isVisible()
            for w in QApplication.topLevelWidgets()
        ),
        timeout=5_000,
    )
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu) and widget.isVisible():
            assert action(window, "showRowDifferencesAction").isEnabled()  # identical
            widget.close()


def test_show_differences_from_the_row_menu_opens_that_row(qtbot, window, tmp_path):
    planned(qtbot, window, tmp_path)
    row = row_of(window, "docs/edited.txt")
    select_rows(window, row)
    window.preview_pane.row_actions.update_enabled()
    differences = action(window, "showRowDifferencesAction")
    assert differences.isEnabled()
    differences.trigger()
    dialog = window.findChild(QWidget, "diffDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.item.name == "docs/edited.txt"
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    dialog.close()


def test_copy_path_puts_the_selected_paths_on_the_clipboard(qtbot, window, tmp_path):
    planned(qtbot, window, tmp_path)
    table = window.preview_pane.table
    QGuiApplication.clipboard().clear()
    select_rows(window, row_of(window, "new/file0.txt"))
    action(window, "copyPathAction").trigger()
    assert QGuiApplication.clipboard().text() == "new/file0.txt"
    select_rows(window, row_of(window, "new/file0.txt"), row_of(window, "docs/edited.txt"))
    focus_table(qtbot, window)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert sorted(QGuiApplication.clipboard().text().splitlines()) == [
        "docs/edited.txt",
        "new/file0.txt",
    ]


class UrlCatcher(QObject):
    """Stands in for the file manager: QDesktopServices hands it the file: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def file_manager():
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


def test_open_the_local_folder_opens_the_folder_that_holds_the_file(
    qtbot, window, tmp_path, file_manager
):
    data = planned(qtbot, window, tmp_path)
    select_rows(window, row_of(window, "docs/edited.txt"))
    action(window, "openLocalFolderAction").trigger()
    assert file_manager.urls == [QUrl.fromLocalFile(str(data / "docs"))]
    # a pull of a file with no folder here yet: the nearest folder that exists
    target = tmp_path / "restore"
    target.mkdir()
    window.connection_bar.local_edit.setText(str(target))
    preview(qtbot, window, "pull")
    select_rows(window, row_of(window, "docs/edited.txt"))
    window.preview_pane.row_actions.update_enabled()
    assert action(window, "openLocalFolderAction").isEnabled()
    action(window, "openLocalFolderAction").trigger()
    assert file_manager.urls[-1] == QUrl.fromLocalFile(str(target))
