"""The connections dialog's preset chooser and its Azure Blob Storage entry, driven through
the real widgets by their object names."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from bucketferry.gui import MainWindow
from bucketferry.gui.dialogs.connection_dialog import ConnectionDialog

ACCOUNT = "0123456789abcdef0123456789abcdef"
W = TypeVar("W", bound=QWidget)


def new_connection(qtbot, window: MainWindow, name: str = "Offsite") -> ConnectionDialog:
    dialog = ConnectionDialog(window.profiles, window.secrets, window.jobs, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._new_profile()
    dialog.name_edit.setText(name)
    dialog.key_edit.setText("0034abc")
    dialog.bucket_edit.setText("team-data-2024")
    return dialog


def child(dialog: ConnectionDialog, kind: type[W], name: str) -> W:
    found = dialog.findChild(kind, name)
    assert found is not None, name
    return found


def choose(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_choosing_a_preset_and_region_fills_in_the_endpoint(qtbot, window):
    dialog = new_connection(qtbot, window)
    presets = child(dialog, QComboBox, "presetCombo")
    regions = child(dialog, QComboBox, "presetRegionCombo")
    host = child(dialog, QLineEdit, "hostEdit")
    region = child(dialog, QLineEdit, "regionEdit")
    help_label = child(dialog, QLabel, "presetHelpLabel")

    choose(presets, "b2")
    assert regions.isVisible() and regions.findText("eu-central-003") >= 0
    assert help_label.isVisible() and help_label.wordWrap()
    assert "My Account ▸ Application Keys" in help_label.text()
    assert not child(dialog, QLineEdit, "accountIdEdit").isVisible()
    regions.setCurrentText("eu-central-003")

    assert dialog.provider_combo.currentData() == "s3-compatible"
    assert host.text() == "s3.eu-central-003.backblazeb2.com"
    assert region.text() == "eu-central-003"
    assert not host.isEnabled() and not region.isEnabled()  # the preset decides them
    assert child(dialog, QSpinBox, "portSpin").isEnabled()  # as --port does
    assert dialog.save(), dialog.status_label.text()

    saved = window.profiles.get("Offsite")
    assert (saved.provider, saved.host, saved.port, saved.secure, saved.region) == (
        "s3",
        "s3.eu-central-003.backblazeb2.com",
        None,
        True,
        "eu-central-003",
    )
    again = ConnectionDialog(window.profiles, window.secrets, window.jobs, window, select="Offsite")
    qtbot.addWidget(again)
    assert child(again, QComboBox, "presetCombo").currentData() == "b2"
    assert child(again, QComboBox, "presetRegionCombo").currentText() == "eu-central-003"


def test_amazon_s3_preset_fills_the_region_and_no_host(qtbot, window):
    dialog = new_connection(qtbot, window)
    choose(child(dialog, QComboBox, "presetCombo"), "aws")
    child(dialog, QComboBox, "presetRegionCombo").setCurrentText("eu-west-1")
    assert dialog.provider_combo.currentData() == "s3"
    assert dialog.region_edit.text() == "eu-west-1"
    assert dialog.host_edit.text() == "" and not dialog.host_edit.isEnabled()
    assert dialog.save(), dialog.status_label.text()
    saved = window.profiles.get("Offsite")
    assert (saved.host, saved.region) == (None, "eu-west-1")


def test_r2_asks_for_the_account_id_and_names_the_host_after_it(qtbot, window):
    dialog = new_connection(qtbot, window)
    choose(child(dialog, QComboBox, "presetCombo"), "r2")
    account = child(dialog, QLineEdit, "accountIdEdit")
    assert account.isVisible()
    assert not child(dialog, QComboBox, "presetRegionCombo").isVisible()  # only "auto"
    assert dialog.region_edit.text() == "auto"
    assert dialog.host_edit.text() == ""
    assert "<account id>.r2.cloudflarestorage.com" in dialog.host_edit.placeholderText()

    account.setText("not-an-id")
    assert not dialog.save()
    assert "is not a Cloudflare R2 account ID" in dialog.status_label.text()
    assert [p.name for p in window.profiles.list()] == ["Local folder"]

    account.setText(ACCOUNT)
    assert dialog.host_edit.text() == f"{ACCOUNT}.r2.cloudflarestorage.com"
    assert dialog.save(), dialog.status_label.text()
    saved = window.profiles.get("Offsite")
    assert (saved.host, saved.region) == (f"{ACCOUNT}.r2.cloudflarestorage.com", "auto")


def test_minio_leaves_the_host_port_and_tls_to_the_user(qtbot, window):
    dialog = new_connection(qtbot, window)
    choose(child(dialog, QComboBox, "presetCombo"), "minio")
    assert dialog.host_edit.isEnabled() and dialog.port_spin.value() == 9000
    assert not dialog.save()
    assert "your own server" in dialog.status_label.text()

    dialog.host_edit.setText("nas.local")
    child(dialog, QCheckBox, "secureCheck").setChecked(False)
    assert dialog.save(), dialog.status_label.text()
    saved = window.profiles.get("Offsite")
    assert (saved.host, saved.port, saved.secure, saved.region) == (
        "nas.local",
        9000,
        False,
        "us-east-1",
    )


def test_choosing_another_provider_by_hand_drops_the_preset(qtbot, window):
    dialog = new_connection(qtbot, window)
    presets = child(dialog, QComboBox, "presetCombo")
    choose(presets, "wasabi")
    assert not dialog.host_edit.isEnabled()
    choose(dialog.provider_combo, "google_storage")
    assert presets.currentData() is None
    assert not child(dialog, QLabel, "presetHelpLabel").isVisible()
    choose(dialog.provider_combo, "s3-compatible")
    assert dialog.host_edit.isEnabled() and dialog.region_edit.isEnabled()


def test_azure_relabels_the_fields_and_makes_the_endpoint_optional(qtbot, window):
    dialog = new_connection(qtbot, window)
    choose(dialog.provider_combo, "azure_blobs")
    assert dialog.provider_combo.currentText() == "Azure Blob Storage"
    assert dialog.key_label.text() == "Storage &account"
    assert dialog.secret_label.text() == "Account key"
    assert dialog.secret_label.buddy() is dialog.secret_edit
    assert not dialog.region_edit.isEnabled()
    for name, kind in (("hostEdit", QLineEdit), ("portSpin", QSpinBox), ("secureCheck", QCheckBox)):
        assert child(dialog, kind, name).isEnabled(), name
    assert "Azurite" in dialog.host_edit.placeholderText()
    assert "chinacloudapi.cn" in dialog.host_edit.toolTip()
    assert dialog.save(), dialog.status_label.text()
    saved = window.profiles.get("Offsite")
    assert (saved.provider, saved.key, saved.region, saved.host) == (
        "azure_blobs",
        "0034abc",
        None,
        None,
    )
    assert saved.needs_secret

    dialog.host_edit.setText("127.0.0.1")
    dialog.port_spin.setValue(10000)
    dialog.secure_check.setChecked(False)
    assert dialog.save(), dialog.status_label.text()
    emulator = window.profiles.get("Offsite")
    assert (emulator.host, emulator.port, emulator.secure) == ("127.0.0.1", 10000, False)

    choose(dialog.provider_combo, "s3")
    assert dialog.key_label.text() == "Access &key"
    assert dialog.secret_label.text() == "&Secret"
    assert dialog.region_edit.isEnabled()


def test_the_dialogs_widget_names_still_hold(qtbot, window):
    dialog = new_connection(qtbot, window)
    names = {
        QLineEdit: (
            "profileNameEdit",
            "keyEdit",
            "secretEdit",
            "bucketEdit",
            "regionEdit",
            "hostEdit",
            "basePathEdit",
            "accountIdEdit",
        ),
        QComboBox: ("providerCombo", "presetCombo", "presetRegionCombo"),
        QSpinBox: ("portSpin",),
        QCheckBox: ("secureCheck",),
        QLabel: ("presetHelpLabel",),
    }
    for kind, listed in names.items():
        for name in listed:
            child(dialog, kind, name)
    assert dialog.objectName() == "connectionDialog"
