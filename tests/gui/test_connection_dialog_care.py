"""The connections dialog does not lose work: closing it (Close, Esc, the window's close
button), choosing another connection or starting a new one with unsaved changes asks
Save / Discard / Cancel; a result of any length can be read whole (it wraps, the dialog
grows, the text can be selected); Save says that it worked and selects the connection.
Driven through the real widgets, shown, against moto's S3 on 127.0.0.1."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QMessageBox, QPushButton

from bucketferry.gui import MainWindow
from bucketferry.gui.dialogs.connection_dialog import ConnectionDialog
from tests.gui.window_driver import connection_test_result, s3_dialog

Button = QMessageBox.StandardButton


def shown(qtbot, dialog: ConnectionDialog) -> ConnectionDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def typed_connection(qtbot, window: MainWindow, s3_conf, name: str = "minio") -> ConnectionDialog:
    """A new connection to a real bucket, typed in and shown, not saved."""
    conf = s3_conf()
    dialog = s3_dialog(window, name, conf.bucket, conf.host, conf.port, secure=False)
    dialog.session_check.setChecked(not window.secrets.available())
    return shown(qtbot, dialog)


def question(qtbot, dialog: ConnectionDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: _box(dialog) is not None, timeout=5_000)
    box = _box(dialog)
    assert box is not None
    return box


def _box(dialog: ConnectionDialog) -> QMessageBox | None:
    box = dialog.findChild(QMessageBox, "saveChangesBox")
    return box if box is not None and box.isVisible() else None


def answer(qtbot, dialog: ConnectionDialog, button: QMessageBox.StandardButton) -> None:
    box = question(qtbot, dialog)
    box.button(button).click()
    qtbot.waitUntil(lambda: _box(dialog) is None, timeout=5_000)


def close_button(dialog: ConnectionDialog) -> QPushButton:
    found = [b for b in dialog.findChildren(QPushButton) if b.text() == "Close"]
    assert len(found) == 1
    return found[0]


def test_closing_after_a_passed_test_asks_to_save_and_cancel_keeps_everything(
    qtbot, window, s3_conf
):
    dialog = typed_connection(qtbot, window, s3_conf, "minio at home")
    assert connection_test_result(qtbot, dialog).startswith("Connected")
    close_button(dialog).click()
    box = question(qtbot, dialog)
    assert box.text() == "Save the changes to 'minio at home'?"
    assert box.informativeText() == "Discard drops this new connection."
    assert {box.standardButton(b) for b in box.buttons()} == {
        Button.Save,
        Button.Discard,
        Button.Cancel,
    }
    assert box.defaultButton() is box.button(Button.Save)
    answer(qtbot, dialog, Button.Cancel)
    assert dialog.isVisible()
    assert dialog.name_edit.text() == "minio at home" and dialog.host_edit.text()
    assert "minio at home" not in [p.name for p in window.profiles.list()]

    close_button(dialog).click()
    answer(qtbot, dialog, Button.Save)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    saved = window.profiles.get("minio at home")
    assert (saved.host, saved.secure) == (dialog.host_edit.text(), False)


def test_escape_with_unsaved_changes_asks_and_discard_closes_without_saving(qtbot, window, s3_conf):
    dialog = typed_connection(qtbot, window, s3_conf, "scratch")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert question(qtbot, dialog).text() == "Save the changes to 'scratch'?"
    assert dialog.isVisible()
    answer(qtbot, dialog, Button.Discard)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert "scratch" not in [p.name for p in window.profiles.list()]


def test_the_window_close_button_asks_too_and_escape_in_the_question_cancels(
    qtbot, window, s3_conf
):
    dialog = typed_connection(qtbot, window, s3_conf)
    dialog.close()  # what the title bar's close button does
    box = question(qtbot, dialog)
    assert dialog.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _box(dialog) is None, timeout=5_000)
    assert dialog.isVisible() and dialog.name_edit.text() == "minio"


def test_an_edit_to_a_saved_connection_counts_and_nothing_changed_closes_at_once(
    qtbot, window: MainWindow
):
    dialog = shown(
        qtbot,
        ConnectionDialog(window.profiles, window.secrets, window.jobs, window, "Local folder"),
    )
    assert not dialog.has_unsaved_changes()
    dialog.base_path_edit.setText("photos")
    assert dialog.has_unsaved_changes()
    dialog.base_path_edit.setText("")  # back as saved: nothing to ask about
    assert not dialog.has_unsaved_changes()
    close_button(dialog).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert dialog.findChild(QMessageBox, "saveChangesBox") is None


def test_choosing_another_connection_or_new_asks_first(qtbot, window: MainWindow, s3_conf):
    dialog = typed_connection(qtbot, window, s3_conf, "first")
    assert dialog.save()
    profiles = dialog.findChild(QListWidget, "profileList")
    assert profiles is not None
    dialog.bucket_edit.setText("another-bucket")
    other = profiles.findItems("Local folder", Qt.MatchFlag.MatchExactly)[0]
    profiles.setCurrentItem(other)
    box = question(qtbot, dialog)
    assert box.text() == "Save the changes to 'first'?"
    assert box.informativeText() == "Discard keeps 'first' as it was last saved."
    assert profiles.currentItem().text() == "first"  # stays until answered
    answer(qtbot, dialog, Button.Cancel)
    assert dialog.bucket_edit.text() == "another-bucket"

    profiles.setCurrentItem(other)
    answer(qtbot, dialog, Button.Discard)
    assert profiles.currentItem().text() == "Local folder"
    assert dialog.name_edit.text() == "Local folder"
    assert window.profiles.get("first").bucket != "another-bucket"

    dialog.base_path_edit.setText("kept")
    dialog.new_button.click()
    answer(qtbot, dialog, Button.Save)
    assert window.profiles.get("Local folder").base_path == "kept"
    assert dialog.name_edit.text() == "" and not dialog.has_unsaved_changes()


def test_save_says_it_worked_and_selects_the_connection(qtbot, window, s3_conf):
    dialog = typed_connection(qtbot, window, s3_conf, "offsite")
    dialog.save_button.click()
    assert dialog.status_label.text() == "Saved 'offsite'."
    assert dialog.status_label.isVisible()
    assert dialog.selected_name() == "offsite"
    assert dialog.findChild(QListWidget, "profileList").currentItem().isSelected()
    assert not dialog.has_unsaved_changes()
    close_button(dialog).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_a_long_tls_error_wraps_can_be_selected_and_is_shown_whole(qtbot, window, moto_endpoint):
    host, port = moto_endpoint
    dialog = s3_dialog(window, "tls by mistake", "some-bucket", host, port, secure=True)
    shown(qtbot, dialog)
    dialog.resize(560, dialog.height())  # narrow: the message takes several lines
    text = connection_test_result(qtbot, dialog)
    assert "does not speak TLS" in text and "untick Use TLS" in text
    assert "HTTPSConnectionPool" not in text and "SSLError" not in text
    label = dialog.findChild(QLabel, "connectionStatusLabel")
    assert label is dialog.status_label and label.wordWrap()
    flags = label.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard

    def whole() -> bool:
        needed = label.heightForWidth(label.width())
        bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
        return needed > 2 * label.fontMetrics().lineSpacing() and (
            label.height() >= needed and bottom <= dialog.height()
        )

    qtbot.waitUntil(whole, timeout=5_000)
    buttons = dialog.test_button.mapTo(dialog, dialog.test_button.rect().topLeft()).y()
    assert label.mapTo(dialog, label.rect().bottomLeft()).y() < buttons  # not under them


def test_the_keyring_note_and_preset_help_are_shown_whole(qtbot, window: MainWindow):
    dialog = shown(qtbot, ConnectionDialog(window.profiles, window.secrets, window.jobs, window))
    dialog._new_profile()
    presets = dialog.findChild(QComboBox, "presetCombo")
    presets.setCurrentIndex(presets.findData("b2"))
    dialog.resize(420, 200)  # smaller than the form: it grows back to fit

    def whole(label: QLabel) -> bool:
        bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
        return label.height() >= label.heightForWidth(label.width()) and (bottom <= dialog.height())

    for name in ("keyringNote", "presetHelpLabel"):
        label = dialog.findChild(QLabel, name)
        assert label is not None and label.wordWrap() and label.text()
        qtbot.waitUntil(lambda label=label: whole(label), timeout=5_000)
