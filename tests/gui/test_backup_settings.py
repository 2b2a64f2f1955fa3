"""The connections dialog keeps the bucket-backup setting: on by default, in the folder the
user names, off when unticked (saved as no backup folder), and read back as saved."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit

from bucketferry.core.reserved import DEFAULT_BACKUP_PREFIX
from bucketferry.gui import MainWindow
from bucketferry.gui.dialogs.connection_dialog import ConnectionDialog


def connections(window: MainWindow, select: str = "Local folder") -> ConnectionDialog:
    return ConnectionDialog(window.profiles, window.secrets, window.jobs, window, select=select)


def backup_widgets(dialog: ConnectionDialog) -> tuple[QCheckBox, QLineEdit]:
    check = dialog.findChild(QCheckBox, "bucketBackupsCheck")
    edit = dialog.findChild(QLineEdit, "backupPrefixEdit")
    assert check is not None and edit is not None
    return check, edit


def test_backups_are_on_by_default_in_the_default_folder(window):
    check, edit = backup_widgets(connections(window))
    assert check.isChecked() and edit.isEnabled()
    assert edit.text() == DEFAULT_BACKUP_PREFIX
    assert window.profiles.get("Local folder").backup_prefix == DEFAULT_BACKUP_PREFIX


def test_unticking_saves_no_backup_folder_and_reads_back_unticked(window):
    dialog = connections(window)
    check, edit = backup_widgets(dialog)
    check.setChecked(False)
    assert not edit.isEnabled()
    assert dialog.save(), dialog.status_label.text()
    assert window.profiles.get("Local folder").backup_prefix is None
    check, edit = backup_widgets(connections(window))
    assert not check.isChecked() and not edit.isEnabled()
    assert edit.text() == DEFAULT_BACKUP_PREFIX  # what ticking it again would use


def test_a_folder_of_ones_own_is_saved_as_the_engine_reads_it(window):
    dialog = connections(window)
    _, edit = backup_widgets(dialog)
    edit.setText("/kept/by-bucketferry/")
    assert dialog.save(), dialog.status_label.text()
    assert window.profiles.get("Local folder").backup_prefix == "kept/by-bucketferry"
    window._connection_changed()  # as after Manage connections closes
    assert window.connection_bar.storage().conf.backup_prefix == "kept/by-bucketferry"
    _, edit = backup_widgets(connections(window))
    assert edit.text() == "kept/by-bucketferry"


def test_an_empty_folder_while_ticked_means_the_default(window):
    dialog = connections(window)
    check, edit = backup_widgets(dialog)
    check.setChecked(False)
    dialog.save()
    check.setChecked(True)
    edit.clear()
    assert dialog.save(), dialog.status_label.text()
    assert window.profiles.get("Local folder").backup_prefix == DEFAULT_BACKUP_PREFIX


def test_a_folder_that_could_escape_the_bucket_root_is_refused_with_the_reason(window):
    dialog = connections(window)
    _, edit = backup_widgets(dialog)
    edit.setText("../elsewhere")
    assert not dialog.save()
    assert "cannot hold backups" in dialog.status_label.text()
    assert window.profiles.get("Local folder").backup_prefix == DEFAULT_BACKUP_PREFIX


def test_a_new_connection_starts_with_backups_on(window):
    dialog = connections(window)
    check, edit = backup_widgets(dialog)
    check.setChecked(False)
    dialog.new_button.click()
    assert check.isChecked() and edit.isEnabled()
    assert edit.text() == DEFAULT_BACKUP_PREFIX
