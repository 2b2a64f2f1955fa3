"""The window's commands and the menus that list them.

Each command is a QAction with the usual shortcut and an objectName (keyboard use, tests
and assistive technology find it by that name); the window connects what they do and
enables them.
"""

from __future__ import annotations

from importlib.metadata import version

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from .translation import Context

APP_NAME = "Bucket Ferry"
"""A name, the same in every language."""

window_actions = Context("window_actions")


def _action(window: QMainWindow, text: str, name: str, *keys: str | QKeySequence) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.setShortcuts([QKeySequence(key) for key in keys])
    return action


class WindowActions:
    def __init__(self, window: QMainWindow) -> None:
        self.manage = _action(window, window_actions.tr("&Manage connections…"), "manageAction")
        self.export = _action(
            window, window_actions.tr("&Export preview…"), "exportAction", "Ctrl+E"
        )
        quit_keys = QKeySequence(QKeySequence.StandardKey.Quit)
        self.quit = _action(window, window_actions.tr("&Quit"), "quitAction", quit_keys)
        self.preview_push = _action(
            window, window_actions.tr("Preview &push"), "previewPushAction", "F5"
        )
        self.preview_pull = _action(
            window, window_actions.tr("Preview p&ull"), "previewPullAction", "Shift+F5"
        )
        self.run = _action(
            window, window_actions.tr("&Run…"), "runAction", "Ctrl+Return", "Ctrl+Enter"
        )
        self.diff = _action(window, window_actions.tr("Show &differences…"), "diffAction", "Ctrl+D")
        self.cancel = _action(window, window_actions.tr("&Cancel"), "cancelAction", "Esc")
        self.delete_remote = _action(
            window, window_actions.tr("&Delete remote…"), "deleteRemoteAction"
        )
        self.delete_remote.setToolTip(
            window_actions.tr("Delete the selected files or folders from the bucket")
        )
        self.share = _action(window, window_actions.tr("&Share…"), "shareAction")
        self.share.setToolTip(
            window_actions.tr(
                "A link to the file or folder chosen in the bucket's tree, for people "
                "without an account"
            )
        )
        self.request_files = _action(
            window, window_actions.tr("Re&quest files…"), "requestFilesAction"
        )
        self.request_files.setToolTip(
            window_actions.tr(
                "A link through which people without an account can send you files, into "
                "the folder chosen in the bucket's tree"
            )
        )
        self.shares = _action(window, window_actions.tr("S&hares…"), "sharesAction")
        self.shares.setToolTip(
            window_actions.tr("The links made for this bucket: copy one again, or revoke it")
        )
        self.history = _action(window, window_actions.tr("&History…"), "historyAction", "Ctrl+H")
        self.history.setToolTip(
            window_actions.tr("Past runs, their files, undo, and the bucket's backups")
        )
        self.refresh = _action(window, window_actions.tr("&Refresh"), "refreshAction", "Ctrl+R")
        self.refresh.setToolTip(
            window_actions.tr("Read both folders again (this computer and the bucket)")
        )
        self.show_hidden = _action(
            window, window_actions.tr("Show hi&dden files"), "showHiddenAction"
        )
        self.show_hidden.setCheckable(True)
        self.show_hidden.setToolTip(
            window_actions.tr(
                "Hidden files (names starting with '.') are shown in the trees and sent by a "
                "push or pull only while this is ticked"
            )
        )
        self.guide = _action(
            window,
            window_actions.tr("&Getting started"),
            "guideAction",
            QKeySequence(QKeySequence.StandardKey.HelpContents),
        )
        self.about = _action(
            window, window_actions.tr("&About {name}").format(name=APP_NAME), "aboutAction"
        )

    def fill_menus(self, window: QMainWindow, log_toggle: QAction) -> None:
        """File, Sync, View (Refresh, Show hidden files, History, and ``log_toggle`` shows
        or hides the log) and Help."""
        menu = window.menuBar()
        file_menu = menu.addMenu(window_actions.tr("&File"))
        file_menu.addAction(self.manage)
        file_menu.addAction(self.export)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        sync_menu = menu.addMenu(window_actions.tr("&Sync"))
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
        sync_menu.addSeparator()
        for action in (self.share, self.request_files, self.shares):
            sync_menu.addAction(action)
        view_menu = menu.addMenu(window_actions.tr("&View"))
        view_menu.addAction(self.refresh)
        view_menu.addAction(self.show_hidden)
        view_menu.addSeparator()
        view_menu.addAction(self.history)
        view_menu.addAction(log_toggle)
        help_menu = menu.addMenu(window_actions.tr("&Help"))
        help_menu.addAction(self.guide)
        help_menu.addAction(self.about)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        window_actions.tr("About {name}").format(name=APP_NAME),
        window_actions.tr(
            "<b>{name}</b> {version}<br>Moves files between a folder and a bucket, and shows "
            "you exactly what a push or pull will do before it does it."
        ).format(name=APP_NAME, version=version("bucketferry")),
    )
