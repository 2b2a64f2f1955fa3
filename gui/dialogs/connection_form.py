"""The fields of one connection in the connections dialog: provider, key, secret, bucket,
region, host, port, TLS, base path, bucket backups, and the preset that fills in the
endpoint (see :mod:`..widgets.preset_picker`). Azure: the key is the storage account, the
secret its account key, the bucket a container; host, port and TLS only for an emulator
(Azurite) or another Azure cloud.

Apart from the dialog (the list, Test connection, Save, and not losing work on close),
so each stays small enough to read at once. The object names are the automation contract
of GUI.md."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core.locations import data_dir
from bucketferry.core.profiles import Profile, SecretStore
from bucketferry.core.reserved import DEFAULT_BACKUP_PREFIX, clean_prefix

from ..widgets.preset_picker import EndpointWidgets, PresetPicker
from ..widgets.wrapped_label import WrappedLabel

# The words below are English, marked for translation and shown through ConnectionForm.tr.
PROVIDERS = (
    ("Amazon S3", "s3"),
    (str(QT_TRANSLATE_NOOP("ConnectionForm", "S3-compatible (MinIO, …)")), "s3-compatible"),
    ("Google Cloud Storage", "google_storage"),
    ("Azure Blob Storage", "azure_blobs"),
    (str(QT_TRANSLATE_NOOP("ConnectionForm", "Local folder")), "local"),
)
"""Product names read the same in every language; the others are translated."""
CUSTOM_ENDPOINT = ("s3-compatible", "azure_blobs")  # host, port and TLS are the user's
FIELD_WORDS = {  # the key, secret and bucket labels where a provider has its own words
    "local": (
        str(QT_TRANSLATE_NOOP("ConnectionForm", "&Folder of buckets")),
        str(QT_TRANSLATE_NOOP("ConnectionForm", "&Secret")),
        str(QT_TRANSLATE_NOOP("ConnectionForm", "&Bucket folder")),
    ),
    "azure_blobs": (
        str(QT_TRANSLATE_NOOP("ConnectionForm", "Storage &account")),
        str(QT_TRANSLATE_NOOP("ConnectionForm", "Account key")),
        str(QT_TRANSLATE_NOOP("ConnectionForm", "&Container")),
    ),
}
S3_WORDS = (
    str(QT_TRANSLATE_NOOP("ConnectionForm", "Access &key")),
    str(QT_TRANSLATE_NOOP("ConnectionForm", "&Secret")),
    str(QT_TRANSLATE_NOOP("ConnectionForm", "&Bucket")),
)
REGION_HINT = str(QT_TRANSLATE_NOOP("ConnectionForm", "e.g. eu-west-1 (empty: us-east-1)"))
HOST_HINT = str(QT_TRANSLATE_NOOP("ConnectionForm", "e.g. minio.example.org"))
AZURE_HOST_HINT = str(
    QT_TRANSLATE_NOOP(
        "ConnectionForm",
        "optional: Azurite or another Azure cloud, e.g. blob.core.chinacloudapi.cn",
    )
)
AZURE_HOST_TIP = str(
    QT_TRANSLATE_NOOP(
        "ConnectionForm",
        "Leave empty for Azure's public cloud. For the Azurite emulator give its host (e.g. "
        "127.0.0.1), port 10000 and no TLS; for Azure China, blob.core.chinacloudapi.cn.",
    )
)
BACKUPS_TIP = str(
    QT_TRANSLATE_NOOP(
        "ConnectionForm",
        "Before a push replaces an object, or Delete remote removes one, a copy is made in the "
        "bucket (on the server, nothing is downloaded), so View ▸ History can undo the run. A "
        "bucket that keeps versions needs no copies. View ▸ History ▸ Backups removes old copies.",
    )
)
BACKUP_FOLDER_TIP = str(
    QT_TRANSLATE_NOOP(
        "ConnectionForm",
        "The folder at the bucket's root that holds the kept copies, one sub-folder per run. "
        "Pushes, pulls and the trees leave it alone.",
    )
)


def _edit(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


class ConnectionForm(QWidget):
    """The form; :meth:`state` is what the person sees, to tell whether anything changed
    since the connection was shown (or saved)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = _edit("profileNameEdit", self.tr("Name"))
        self.provider_combo = QComboBox()
        self.provider_combo.setObjectName("providerCombo")
        for label, value in PROVIDERS:
            self.provider_combo.addItem(self.tr(label), value)
        self.key_edit = _edit("keyEdit", self.tr("Access key"))
        self.secret_edit = _edit("secretEdit", self.tr("Secret"))
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.bucket_edit = _edit("bucketEdit", self.tr("Bucket"))
        self.region_edit = _edit("regionEdit", self.tr("Region"))
        self.host_edit = _edit("hostEdit", self.tr("Host"), self.tr(HOST_HINT))
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("portSpin")
        self.port_spin.setRange(0, 65535)
        self.port_spin.setSpecialValueText(self.tr("default"))
        self.secure_check = QCheckBox(self.tr("Use TLS (https)"))
        self.secure_check.setObjectName("secureCheck")
        self.secure_check.setChecked(True)
        self.base_path_edit = _edit(
            "basePathEdit",
            self.tr("Base path"),
            self.tr("folder in the bucket (empty: the whole bucket)"),
        )
        self.backups_check = QCheckBox(self.tr("Keep replaced and deleted objects in the bucket"))
        self.backups_check.setObjectName("bucketBackupsCheck")
        self.backups_check.setToolTip(self.tr(BACKUPS_TIP))
        self.backup_prefix_edit = _edit(
            "backupPrefixEdit", self.tr("Backup folder in the bucket"), DEFAULT_BACKUP_PREFIX
        )
        self.backup_prefix_edit.setToolTip(self.tr(BACKUP_FOLDER_TIP))
        self.session_check = QCheckBox(self.tr("Keep the secret for this session only (not saved)"))
        self.session_check.setObjectName("sessionOnlyCheck")
        self.keyring_note = WrappedLabel()
        self.keyring_note.setObjectName("keyringNote")
        self.key_label = QLabel(self.tr("Access &key"))
        self.key_label.setBuddy(self.key_edit)
        self.secret_label = QLabel(self.tr("&Secret"))
        self.secret_label.setBuddy(self.secret_edit)
        self.bucket_label = QLabel(self.tr("&Bucket"))
        self.bucket_label.setBuddy(self.bucket_edit)
        endpoint = (self.provider_combo, self.host_edit, self.port_spin, self.secure_check)
        self.preset_picker = PresetPicker(EndpointWidgets(*endpoint, self.region_edit))

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("Pr&eset"), self.preset_picker)
        form.addRow(self.tr("&Provider"), self.provider_combo)
        form.addRow(self.key_label, self.key_edit)
        form.addRow(self.secret_label, self.secret_edit)
        form.addRow("", self.session_check)
        form.addRow(self.bucket_label, self.bucket_edit)
        form.addRow(self.tr("Re&gion"), self.region_edit)
        form.addRow(self.tr("&Host"), self.host_edit)
        form.addRow(self.tr("P&ort"), self.port_spin)
        form.addRow("", self.secure_check)
        form.addRow(self.tr("Base pa&th"), self.base_path_edit)
        form.addRow("", self.backups_check)
        form.addRow(self.tr("Bac&kup folder"), self.backup_prefix_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)

        self.provider_combo.currentIndexChanged.connect(self.provider_changed)
        self.preset_picker.changed.connect(self.provider_changed)
        self.backups_check.toggled.connect(self.backup_prefix_edit.setEnabled)

    def show_keyring(self, secrets: SecretStore) -> None:
        if secrets.available():
            self.keyring_note.setText(self.tr("Secrets are kept in your system's password store."))
            self.session_check.hide()
        else:
            self.keyring_note.setText(
                self.tr(
                    "{reason} Bucket Ferry never writes secrets to disk: tick "
                    "'this session only' to use the secret until you quit."
                ).format(reason=secrets.reason)
            )
            self.session_check.show()

    # --- filling in ---------------------------------------------------------------------

    def show_profile(self, profile: Profile, has_secret: bool) -> None:
        self.name_edit.setText(profile.name)
        value = "s3-compatible" if profile.provider == "s3" and profile.host else profile.provider
        self.provider_combo.setCurrentIndex(max(0, self.provider_combo.findData(value)))
        self.key_edit.setText(profile.key)
        self.secret_edit.clear()
        self.secret_edit.setPlaceholderText(self.tr("stored") if has_secret else "")
        self.bucket_edit.setText(profile.bucket)
        self.region_edit.setText(profile.region or "")
        self.host_edit.setText(profile.host or "")
        self.port_spin.setValue(profile.port or 0)
        self.secure_check.setChecked(profile.secure)
        self.base_path_edit.setText(profile.base_path)
        self._show_backups(profile.backup_prefix)
        self.preset_picker.show_connection(
            profile.provider, profile.host, profile.port, profile.secure, profile.region
        )
        self.provider_changed()

    def clear_for_new(self) -> None:
        self.name_edit.setText("")
        self.preset_picker.reset()
        self.provider_combo.setCurrentIndex(0)
        for edit in (self.key_edit, self.secret_edit, self.bucket_edit, self.region_edit):
            edit.clear()
        self.secret_edit.setPlaceholderText("")
        self.host_edit.clear()
        self.port_spin.setValue(0)
        self.secure_check.setChecked(True)
        self.base_path_edit.clear()
        self._show_backups(DEFAULT_BACKUP_PREFIX)
        self.provider_changed()

    def _show_backups(self, prefix: str | None) -> None:
        """Ticked with the profile's folder; unticked (the folder edit shows the default,
        greyed) when the profile keeps no copies in the bucket."""
        self.backups_check.setChecked(prefix is not None)
        self.backup_prefix_edit.setText(prefix or DEFAULT_BACKUP_PREFIX)
        self.backup_prefix_edit.setEnabled(prefix is not None)

    def provider_changed(self) -> None:
        """Which fields this provider uses and what they are called; then the preset, if
        one is chosen, greys out what it decides."""
        provider = self.provider_combo.currentData()
        local, azure = provider == "local", provider == "azure_blobs"
        for widget in (self.secret_edit, self.session_check):
            widget.setEnabled(not local)
        self.region_edit.setEnabled(not local and not azure)
        self.region_edit.setPlaceholderText(
            self.tr("not used by Azure") if azure else self.tr(REGION_HINT)
        )
        for endpoint_part in (self.secure_check, self.host_edit, self.port_spin):
            endpoint_part.setEnabled(provider in CUSTOM_ENDPOINT)
        self.host_edit.setPlaceholderText(self.tr(AZURE_HOST_HINT if azure else HOST_HINT))
        self.host_edit.setToolTip(self.tr(AZURE_HOST_TIP) if azure else "")
        labels = (self.key_label, self.secret_label, self.bucket_label)
        for label, words in zip(labels, FIELD_WORDS.get(provider, S3_WORDS), strict=True):
            label.setText(self.tr(words))
        if local and not self.key_edit.text():
            self.key_edit.setText(str(data_dir()))
        self.preset_picker.lock_fields()

    # --- reading back -------------------------------------------------------------------

    def profile(self) -> Profile:
        """The form as a profile; with a preset, its endpoint as the engine's preset table
        makes it (ConfigurationError if the preset's choices are incomplete, or a backup
        folder name is not allowed)."""
        provider = self.provider_combo.currentData()
        custom = provider in CUSTOM_ENDPOINT
        preset = self.preset_picker.fields()
        host = self.host_edit.text().strip() or None
        region = self.region_edit.text().strip() or None
        if preset is not None:
            host, region = preset.host, preset.region
        return Profile(
            name=self.name_edit.text().strip(),
            provider="s3" if provider == "s3-compatible" else provider,
            key=self.key_edit.text().strip(),
            bucket=self.bucket_edit.text().strip(),
            region=None if provider == "azure_blobs" else region,
            host=host if custom else None,
            port=(self.port_spin.value() or None) if custom else None,
            secure=self.secure_check.isChecked() if custom else True,
            base_path=self.base_path_edit.text().strip(),
            backup_prefix=(
                # stored as the engine reads it ('/x/' is 'x'); a bad name raises here
                clean_prefix(self.backup_prefix_edit.text()) or DEFAULT_BACKUP_PREFIX
                if self.backups_check.isChecked()
                else None
            ),
        )

    def state(self) -> tuple[Any, ...]:
        """Everything the person can change here, as shown: equal states, nothing to save."""
        picker = self.preset_picker
        edits = (
            self.name_edit,
            self.key_edit,
            self.secret_edit,
            self.bucket_edit,
            self.region_edit,
            self.host_edit,
            self.base_path_edit,
            self.backup_prefix_edit,
            picker.account_edit,
        )
        checks = (self.secure_check, self.backups_check, self.session_check)
        return (
            tuple(edit.text() for edit in edits),
            tuple(check.isChecked() for check in checks),
            self.provider_combo.currentData(),
            self.port_spin.value(),
            picker.combo.currentData(),
            picker.region_combo.currentText(),
        )
