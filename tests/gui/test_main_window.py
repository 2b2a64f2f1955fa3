"""The window driven as a user would, with real widgets (offscreen), real files, real moto."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from bucketferry.core import RemoteStorage
from bucketferry.core.stores.local_store import LocalFolderStore
from bucketferry.gui import MainWindow
from bucketferry.gui.dialogs.connection_dialog import ConnectionDialog
from tests.gui.window_driver import (
    confirm,
    connection_test_result,
    preview,
    s3_dialog,
    states,
    visible_error,
    wait_idle,
)
from tests.helpers import s3_client, tree_bytes, write

CONTRACT = (
    "connectionCombo",
    "manageConnectionsButton",
    "localPathEdit",
    "remotePathEdit",
    "includeRegexEdit",
    "excludeRegexEdit",
    "previewPushButton",
    "previewPullButton",
    "localTree",
    "remoteTree",
    "previewTable",
    "runButton",
    "cancelButton",
    "progressBar",
    "logView",
)


def test_every_widget_of_the_automation_contract_is_there(window: MainWindow):
    assert window.objectName() == "mainWindow"
    for name in CONTRACT:
        assert window.findChild(QWidget, name) is not None, name
    headers = [
        window.preview_pane.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(window.preview_pane.model.columnCount())
    ]
    assert "Path" in headers and "State" in headers
    assert window.connection_bar.connection_combo.currentText() == "Local folder"


def test_local_folder_flow_preview_confirm_run_and_pull(qtbot, window: MainWindow, tmp_path):
    data = tmp_path / "data"
    write(data / "photos/a.jpg", "a")
    write(data / "photos/2024/b.jpg", "bb")
    window.connection_bar.local_edit.setText(str(data))
    assert set(preview(qtbot, window, "push").values()) == {"new"}
    assert window.preview_pane.run_button.isEnabled()
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert set(states(window).values()) == {"synced"}
    assert "2 transferred" in window.statusBar().currentMessage()
    # Now pull into an empty folder.
    restored = tmp_path / "restored"
    restored.mkdir()
    window.connection_bar.local_edit.setText(str(restored))
    assert set(preview(qtbot, window, "pull").values()) == {"new"}
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert tree_bytes(restored) == tree_bytes(data)


def test_s3_flow_new_identical_safe_update_then_forced_pull(qtbot, window, s3_profile, tmp_path):
    _, conf = s3_profile
    data = tmp_path / "data"
    write(data / "same.txt", "same")
    write(data / "changed.txt", "old")
    window.connection_bar.local_edit.setText(str(data))
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    write(data / "changed.txt", "new content")
    write(data / "added.txt", "added")
    assert preview(qtbot, window, "push") == {
        "same.txt": "identical",
        "changed.txt": "changed_local",
        "added.txt": "new",
    }
    confirm(force=False)  # a safe update: the bucket still has the copy last synced
    window.run()
    wait_idle(qtbot, window)
    client = s3_client(conf.host, conf.port)
    body = client.get_object(Bucket=conf.bucket, Key="changed.txt")["Body"].read()
    assert body == b"new content"
    # Pull into a folder never synced: a local edit differs, a missing file is new.
    out = tmp_path / "out"
    write(out / "same.txt", "local edit")
    window.connection_bar.local_edit.setText(str(out))
    assert preview(qtbot, window, "pull") == {
        "same.txt": "differs",
        "changed.txt": "new",
        "added.txt": "new",
    }
    confirm(force=True)
    window.run()
    wait_idle(qtbot, window)
    assert tree_bytes(out) == tree_bytes(data)


def test_without_the_force_tick_differing_files_are_left_alone(qtbot, window, tmp_path):
    write(tmp_path / "elsewhere/a.txt", "one")  # in the bucket, never synced with data/
    window.connection_bar.local_edit.setText(str(tmp_path / "elsewhere"))
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    data = tmp_path / "data"
    window.connection_bar.local_edit.setText(str(data))
    write(data / "a.txt", "two")
    write(data / "b.txt", "new")
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert states(window) == {"a.txt": "differs", "b.txt": "synced"}


def test_invalid_regex_is_marked_inline_and_nothing_runs(qtbot, window, tmp_path):
    window.connection_bar.local_edit.setText(str(tmp_path))
    window.connection_bar.regex_check.setChecked(True)  # wildcards would take "data("
    window.connection_bar.include_edit.setText("data(")
    assert window.connection_bar.filter_error.isVisible()
    assert "missing )" in window.connection_bar.filter_error.text()
    assert not window.connection_bar.preview_push_button.isEnabled()
    assert not window.connection_bar.preview_pull_button.isEnabled()
    window.connection_bar.include_edit.setText("data")
    assert not window.connection_bar.filter_error.isVisible()
    assert window.connection_bar.preview_push_button.isEnabled()


def test_stale_preview_cannot_be_run(qtbot, window, tmp_path):
    write(tmp_path / "d/a.txt", "a")
    window.connection_bar.local_edit.setText(str(tmp_path / "d"))
    preview(qtbot, window, "push")
    assert window.preview_pane.run_button.isEnabled()
    window.connection_bar.exclude_edit.setText("a")
    assert not window.preview_pane.run_button.isEnabled()
    assert window.preview_pane.stale_label.isVisible()
    window.run()
    error = visible_error(window)
    assert error is not None and "out of date" in error.windowTitle()
    assert states(window) == {"a.txt": "new"}
    bucket = RemoteStorage(window.profiles.config_for("Local folder"))
    assert bucket.list_objects("") == []


def test_collisions_block_the_run_with_an_explanation(qtbot, window, tmp_path):
    write(tmp_path / "a/data/x.txt", "remote folder")
    window.connection_bar.local_edit.setText(str(tmp_path / "a"))
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    write(tmp_path / "b/data", "a file named like the remote folder")
    write(tmp_path / "b/other.txt", "fine")
    window.connection_bar.local_edit.setText(str(tmp_path / "b"))
    assert preview(qtbot, window, "push") == {
        "data": "collision",
        "other.txt": "new",
        "data/x.txt": "only_target",  # pushed from a/, shown and never touched
    }
    window.run()
    error = visible_error(window)
    assert error is not None and "collision" in error.windowTitle().lower()
    error.close()
    assert states(window)["other.txt"] == "new"
    # Unchecking the collision row lets the rest go.
    row = [
        window.preview_pane.model.item_at(r).name
        for r in range(window.preview_pane.model.rowCount())
    ].index("data")
    window.preview_pane.model.set_checked(row, False)
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert states(window) == {
        "data": "collision",
        "other.txt": "synced",
        "data/x.txt": "only_target",
    }


def test_unreachable_host_is_reported_in_plain_words(qtbot, window, s3_conf, tmp_path):
    dialog = s3_dialog(
        window,
        "nowhere",
        "some-bucket",
        "127.0.0.1",
        1,
        key="key",
        secret="secret",
        secure=False,
    )
    text = connection_test_result(qtbot, dialog)
    assert "Cannot reach" in text and "Traceback" not in text


def test_wrong_credentials_are_reported_by_the_connection_test(qtbot, window, auth_moto):
    port, _ = auth_moto
    dialog = s3_dialog(
        window,
        "wrong-key",
        "auth-bucket",
        "127.0.0.1",
        port,
        key="AKIAWRONGWRONGWRONG0",
        secret="not-the-secret",
        secure=False,
    )
    assert "Access denied" in connection_test_result(qtbot, dialog)


def test_cancel_stops_a_run_and_leaves_consistent_results(qtbot, window, tmp_path, monkeypatch):
    data = tmp_path / "data"
    for i in range(40):
        write(data / f"f{i:02d}.bin", bytes([i]) * 1000)
    original = LocalFolderStore.upload

    def slow_upload(self, *args, **kwargs):
        time.sleep(0.05)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LocalFolderStore, "upload", slow_upload)
    window.connection_bar.local_edit.setText(str(data))
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    qtbot.waitUntil(lambda: window.progress_row.progress_bar.value() > 0, timeout=10_000)
    started = time.monotonic()
    window.progress_row.cancel_button.click()
    wait_idle(qtbot, window)
    assert time.monotonic() - started < 2
    result = states(window)
    assert "synced" in result.values() and "new" in result.values()
    assert "cancelled" in window.statusBar().currentMessage()


def test_settings_are_remembered(qtbot, tmp_path):
    first = MainWindow()
    qtbot.addWidget(first)
    first.connection_bar.local_edit.setText(str(tmp_path))
    first.connection_bar.exclude_edit.setText(r".*\.tmp")
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.connection_bar.local_edit.text() == str(tmp_path)
    assert second.connection_bar.exclude_edit.text() == r".*\.tmp"


def test_tls_problem_is_reported_in_plain_words(qtbot, window, moto_endpoint):
    host, port = moto_endpoint
    dialog = s3_dialog(
        window,
        "tls",
        "some-bucket",
        host,
        port,
        key="key",
        secret="secret",
        secure=True,
    )
    assert "TLS" in connection_test_result(qtbot, dialog)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_the_secret_is_kept_for_the_session_only(
    qtbot, no_keyring, s3_conf, tmp_path
):
    conf = s3_conf()
    window = MainWindow()
    qtbot.addWidget(window)
    dialog = ConnectionDialog(window.profiles, window.secrets, window.jobs, window)
    assert dialog.session_check.isVisibleTo(dialog)
    assert "never writes secrets to disk" in dialog.keyring_note.text()
    dialog._new_profile()
    dialog.name_edit.setText("session")
    dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findData("s3-compatible"))
    dialog.key_edit.setText(conf.key)
    dialog.secret_edit.setText("Session-Only-Secret-77")
    dialog.bucket_edit.setText(conf.bucket)
    dialog.host_edit.setText(conf.host)
    dialog.port_spin.setValue(conf.port)
    dialog.secure_check.setChecked(False)
    assert not dialog.save()
    assert "session" in dialog.status_label.text().lower()
    dialog.session_check.setChecked(True)
    assert dialog.save(), dialog.status_label.text()
    assert window.secrets.get("session") == "Session-Only-Secret-77"
    config_files = [p for p in Path(os.environ["BUCKETFERRY_CONFIG_DIR"]).rglob("*") if p.is_file()]
    assert config_files
    assert all(b"Session-Only-Secret-77" not in p.read_bytes() for p in config_files)


def test_secret_goes_to_the_real_secret_service(qtbot, window, s3_profile):
    if not window.secrets.available():
        pytest.skip(
            "no Secret Service on this machine: install gnome-keyring and run the tests under "
            f"dbus-run-session with an unlocked keyring (see .ci/run); {window.secrets.reason}"
        )
    name, conf = s3_profile
    from bucketferry.core.profiles import SecretStore

    assert SecretStore().get(name) == conf.secret  # a new store reads it from the keyring
    assert not window.secrets.is_session_only(name)


def test_missing_bucket_is_reported_by_the_connection_test(qtbot, window, moto_endpoint):
    host, port = moto_endpoint
    dialog = s3_dialog(
        window,
        "typo",
        "no-such-bucket-anywhere",
        host,
        port,
        key="key",
        secret="secret",
        secure=False,
    )
    assert "Bucket not found" in connection_test_result(qtbot, dialog)


def test_editing_the_connection_makes_the_preview_stale(qtbot, window, tmp_path, local_conf):
    write(tmp_path / "d/a.txt", "a")
    window.connection_bar.local_edit.setText(str(tmp_path / "d"))
    preview(qtbot, window, "push")
    assert window.preview_is_current
    profile = window.profiles.get("Local folder")
    window.profiles.save(dataclasses.replace(profile, bucket="another"))
    window._connection_changed()  # what closing the connections dialog does
    assert not window.preview_is_current
    assert not window.preview_pane.run_button.isEnabled()


def test_failed_rows_can_be_run_again(qtbot, window, tmp_path, monkeypatch):
    write(tmp_path / "d/a.txt", "a")
    window.connection_bar.local_edit.setText(str(tmp_path / "d"))
    preview(qtbot, window, "push")
    original = LocalFolderStore.upload
    monkeypatch.setattr(
        LocalFolderStore, "upload", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full"))
    )
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    error = visible_error(window)
    assert error is not None
    error.close()
    assert states(window) == {"a.txt": "failed"}
    assert window.preview_pane.run_button.isEnabled()
    monkeypatch.setattr(LocalFolderStore, "upload", original)
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert states(window) == {"a.txt": "synced"}


def test_the_path_field_is_a_path_not_a_pattern(qtbot, window, tmp_path):
    write(tmp_path / "d/bar[1]/x.txt", "literal")
    write(tmp_path / "d/bar1/y.txt", "glob match")
    window.connection_bar.local_edit.setText(str(tmp_path / "d"))
    window.connection_bar.remote_edit.setText("bar[1]")
    assert preview(qtbot, window, "push") == {"bar[1]/x.txt": "new"}


def test_show_differences_finds_the_differing_row_when_the_top_row_cannot_be_compared(
    qtbot, window, tmp_path
):
    """The button's ``clicked(False)`` is no row number: a refused row sorted first must
    not stop the view from opening on the file that differs."""
    data = tmp_path / "data"
    write(data / "a.txt", "one")
    window.connection_bar.local_edit.setText(str(data))
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    write(data / "a.txt", "two")
    (data / "outside").symlink_to(tmp_path)  # a link out of the folder: refused
    assert preview(qtbot, window, "push") == {"a.txt": "changed_local", "outside": "refused"}
    assert window.preview_pane.model.item_at(0).name == "outside"
    window.preview_pane.diff_button.click()
    dialog = window.findChild(QWidget, "diffDialog")
    assert dialog is not None and dialog.isVisible()
    shown = window.preview_pane.table.selectionModel().selectedRows()
    assert [window.preview_pane.model.item_at(i.row()).name for i in shown] == ["a.txt"]
    dialog.close()
