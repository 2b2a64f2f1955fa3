"""The window's commands and the menus that list them.

Each command is a QAction with the usual shortcut and an objectName (keyboard use, tests
and assistive technology find it by that name); the window connects what they do and
enables them.
"""

from __future__ import annotations

from importlib.metadata import version

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

APP_NAME = "Bucket Ferry"


def _action(window: QMainWindow, text: str, name: str, *keys: str | QKeySequence) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.setShortcuts([QKeySequence(key) for key in keys])
    return action


class WindowActions:
    def __init__(self, window: QMainWindow) -> None:
        self.manage = _action(window, "&Manage connections…", "manageAction")
        self.export = _action(window, "&Export preview…", "exportAction", "Ctrl+E")
        quit_keys = QKeySequence(QKeySequence.StandardKey.Quit)
        self.quit = _action(window, "&Quit", "quitAction", quit_keys)
        self.preview_push = _action(window, "Preview &push", "previewPushAction", "F5")
        self.preview_pull = _action(window, "Preview p&ull", "previewPullAction", "Shift+F5")
        self.run = _action(window, "&Run…", "runAction", "Ctrl+Return", "Ctrl+Enter")
        self.diff = _action(window, "Show &differences…", "diffAction", "Ctrl+D")
        self.cancel = _action(window, "&Cancel", "cancelAction", "Esc")
        self.delete_remote = _action(window, "&Delete remote…", "deleteRemoteAction")
        self.delete_remote.setToolTip("Delete the selected files or folders from the bucket")
        self.history = _action(window, "&History…", "historyAction", "Ctrl+H")
        self.history.setToolTip("Past runs, their files, undo, and the bucket's backups")
        self.refresh = _action(window, "&Refresh", "refreshAction", "Ctrl+R")
        self.refresh.setToolTip("Read both folders again (this computer and the bucket)")
        self.show_hidden = _action(window, "Show hi&dden files", "showHiddenAction")
        self.show_hidden.setCheckable(True)
        self.show_hidden.setToolTip(
            "Hidden files (names starting with '.') are shown in the trees and sent by a "
            "push or pull only while this is ticked"
        )
        self.about = _action(window, "&About Bucket Ferry", "aboutAction")

    def fill_menus(self, window: QMainWindow, log_toggle: QAction) -> None:
        """File, Sync, View (Refresh, Show hidden files, History, and ``log_toggle`` shows
        or hides the log) and Help."""
        menu = window.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.manage)
        file_menu.addAction(self.export)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        sync_menu = menu.addMenu("&Sync")
        for action in (
            self.preview_push,
            self.preview_pull,
            self.diff,
            self.run,
            self.cancel,
        ):
            sync_menu.addAction(action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.delete_remote)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.refresh)
        view_menu.addAction(self.show_hidden)
        view_menu.addSeparator()
        view_menu.addAction(self.history)
        view_menu.addAction(log_toggle)
        menu.addMenu("&Help").addAction(self.about)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        f"About {APP_NAME}",
        f"<b>{APP_NAME}</b> {version('bucketferry')}<br>"
        "Moves files between a folder and a bucket, and shows you exactly what a push "
        "or pull will do before it does it.",
    )
