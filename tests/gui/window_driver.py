"""Driving the main window as a user would: shared by the window's test modules."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from bucketferry.gui import MainWindow
from bucketferry.gui.dialogs.connection_dialog import ConnectionDialog
from bucketferry.gui.models.preview_model import COL_STATE, StateRole


def wait_idle(qtbot, win: MainWindow, timeout: int = 30_000) -> None:
    qtbot.waitUntil(lambda: not win.jobs.busy, timeout=timeout)


def when_shown(object_name: str, handle: Callable[[QWidget], None]) -> None:
    """Act on a (modal) top-level dialog as soon as it is visible."""

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == object_name and widget.isVisible():
                handle(widget)
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def s3_dialog(
    window: MainWindow,
    name: str,
    bucket: str,
    host: str,
    port: int,
    key: str = "key",
    secret: str = "secret",
    secure: bool = False,
) -> ConnectionDialog:
    """The connections dialog with a new S3-compatible profile typed in (not saved)."""
    dialog = ConnectionDialog(window.profiles, window.secrets, window.jobs, window)
    dialog._new_profile()
    dialog.name_edit.setText(name)
    dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findData("s3-compatible"))
    dialog.key_edit.setText(key)
    dialog.secret_edit.setText(secret)
    dialog.bucket_edit.setText(bucket)
    dialog.host_edit.setText(host)
    dialog.port_spin.setValue(port)
    dialog.secure_check.setChecked(secure)
    return dialog


def connection_test_result(qtbot, dialog: ConnectionDialog) -> str:
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=20_000)
    return dialog.status_label.text()


def states(win: MainWindow) -> dict[str, str]:
    model = win.preview_pane.model
    return {
        model.item_at(row).name: model.index(row, COL_STATE).data(StateRole)
        for row in range(model.rowCount())
    }


def preview(qtbot, win: MainWindow, direction: str) -> dict[str, str]:
    button = (
        win.connection_bar.preview_push_button
        if direction == "push"
        else win.connection_bar.preview_pull_button
    )
    button.click()
    qtbot.waitUntil(lambda: win.preview_is_current, timeout=30_000)
    wait_idle(qtbot, win)
    return states(win)


def confirm(force: bool) -> None:
    def handle(dialog: QWidget) -> None:
        if force:
            dialog.findChild(QWidget, "forceCheckBox").setChecked(True)
        dialog.findChild(QWidget, "confirmButton").click()

    when_shown("confirmDialog", handle)


def visible_error(win: MainWindow) -> QWidget | None:
    for widget in win.findChildren(QWidget, "errorDialog"):
        if widget.isVisible():
            return widget
    return None
