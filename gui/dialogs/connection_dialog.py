"""Named connection profiles: everything but the secret goes to the profile file, the
secret only to the OS keyring (or, if there is none and the user agrees, to memory for
this session). Test connection runs in the worker and answers in plain words.

Each connection also says whether the objects its runs replace or delete are kept in the
bucket (under a backup folder at the bucket's root, so View ▸ History can undo a run):
on unless the user turns it off here.

A preset fills in the endpoint fields (see :mod:`..widgets.preset_picker`). Azure: the key
is the storage account, the secret its account key, the bucket a container; host, port and
TLS only for an emulator (Azurite) or another Azure cloud."""

from __future__ import annotations

import html

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import BucketFerryError
from bucketferry.core.locations import data_dir
from bucketferry.core.profiles import Profile, ProfileStore, SecretStore
from bucketferry.core.reserved import DEFAULT_BACKUP_PREFIX, clean_prefix

from ..jobs import JobRunner, connection_check_job
from ..messages import error_words
from ..widgets.preset_picker import EndpointWidgets, PresetPicker

PROVIDERS = (
    ("Amazon S3", "s3"),
    ("S3-compatible (MinIO, …)", "s3-compatible"),
    ("Google Cloud Storage", "google_storage"),
    ("Azure Blob Storage", "azure_blobs"),
    ("Local folder", "local"),
)
CUSTOM_ENDPOINT = ("s3-compatible", "azure_blobs")  # host, port and TLS are the user's
FIELD_WORDS = {  # the key, secret and bucket labels where a provider has its own words
    "local": ("&Folder of buckets", "&Secret", "&Bucket folder"),
    "azure_blobs": ("Storage &account", "Account key", "&Container"),
}
S3_WORDS = ("Access &key", "&Secret", "&Bucket")
REGION_HINT = "e.g. eu-west-1 (empty: us-east-1)"
AZURE_HOST_HINT = "optional: Azurite or another Azure cloud, e.g. blob.core.chinacloudapi.cn"
AZURE_HOST_TIP = (
    "Leave empty for Azure's public cloud. For the Azurite emulator give its host (e.g. "
    "127.0.0.1), port 10000 and no TLS; for Azure China, blob.core.chinacloudapi.cn."
)


class ConnectionDialog(QDialog):
    def __init__(
        self,
        profiles: ProfileStore,
        secrets: SecretStore,
        jobs: JobRunner,
        parent: QWidget | None = None,
        select: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle("Connections")
        self.profiles = profiles
        self.secrets = secrets
        self.jobs = jobs

        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        self.profile_list.setAccessibleName("Connections")
        self.new_button = QPushButton("&New")
        self.new_button.setObjectName("newProfileButton")
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setObjectName("removeProfileButton")
        left = QVBoxLayout()
        left.addWidget(self.profile_list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)

        form = QFormLayout()
        self.name_edit = self._edit("profileNameEdit", "Name")
        self.provider_combo = QComboBox()
        self.provider_combo.setObjectName("providerCombo")
        for label, value in PROVIDERS:
            self.provider_combo.addItem(label, value)
        self.key_edit = self._edit("keyEdit", "Access key")
        self.secret_edit = self._edit("secretEdit", "Secret")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.bucket_edit = self._edit("bucketEdit", "Bucket")
        self.region_edit = self._edit("regionEdit", "Region")
        self.host_edit = self._edit("hostEdit", "Host")
        self.host_edit.setPlaceholderText("e.g. minio.example.org")
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("portSpin")
        self.port_spin.setRange(0, 65535)
        self.port_spin.setSpecialValueText("default")
        self.secure_check = QCheckBox("Use TLS (https)")
        self.secure_check.setObjectName("secureCheck")
        self.secure_check.setChecked(True)
        self.base_path_edit = self._edit("basePathEdit", "Base path")
        self.base_path_edit.setPlaceholderText("folder in the bucket (empty: the whole bucket)")
        self.backups_check = QCheckBox("Keep replaced and deleted objects in the bucket")
        self.backups_check.setObjectName("bucketBackupsCheck")
        self.backups_check.setToolTip(
            "Before a push replaces an object, or Delete remote removes one, a copy is made "
            "in the bucket (on the server, nothing is downloaded), so View ▸ History can "
            "undo the run. A bucket that keeps versions needs no copies. View ▸ History ▸ "
            "Backups removes old copies."
        )
        self.backup_prefix_edit = self._edit("backupPrefixEdit", "Backup folder in the bucket")
        self.backup_prefix_edit.setPlaceholderText(DEFAULT_BACKUP_PREFIX)
        self.backup_prefix_edit.setToolTip(
            "The folder at the bucket's root that holds the kept copies, one sub-folder per "
            "run. Pushes, pulls and the trees leave it alone."
        )
        self.session_check = QCheckBox("Keep the secret for this session only (not saved)")
        self.session_check.setObjectName("sessionOnlyCheck")
        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.key_label = QLabel("Access &key")
        self.key_label.setBuddy(self.key_edit)
        self.secret_label = QLabel("&Secret")
        self.secret_label.setBuddy(self.secret_edit)
        self.bucket_label = QLabel("&Bucket")
        self.bucket_label.setBuddy(self.bucket_edit)
        endpoint = (self.provider_combo, self.host_edit, self.port_spin, self.secure_check)
        self.preset_picker = PresetPicker(EndpointWidgets(*endpoint, self.region_edit))
        form.addRow("&Name", self.name_edit)
        form.addRow("Pr&eset", self.preset_picker)
        form.addRow("&Provider", self.provider_combo)
        form.addRow(self.key_label, self.key_edit)
        form.addRow(self.secret_label, self.secret_edit)
        form.addRow("", self.session_check)
        form.addRow(self.bucket_label, self.bucket_edit)
        form.addRow("Re&gion", self.region_edit)
        form.addRow("&Host", self.host_edit)
        form.addRow("P&ort", self.port_spin)
        form.addRow("", self.secure_check)
        form.addRow("Base pa&th", self.base_path_edit)
        form.addRow("", self.backups_check)
        form.addRow("Bac&kup folder", self.backup_prefix_edit)
        form.addRow(self.keyring_note)
        self.status_label = QLabel("")
        self.status_label.setObjectName("connectionStatusLabel")
        self.status_label.setWordWrap(True)
        form.addRow(self.status_label)
        self.test_button = QPushButton("&Test connection")
        self.test_button.setObjectName("testConnectionButton")
        self.save_button = QPushButton("Sa&ve")
        self.save_button.setObjectName("saveProfileButton")
        self.close_button = QPushButton("Close")
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addStretch()
        actions.addWidget(self.save_button)
        actions.addWidget(self.close_button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(actions)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)

        self.profile_list.currentTextChanged.connect(self._show_profile)
        self.new_button.clicked.connect(self._new_profile)
        self.remove_button.clicked.connect(self._remove_profile)
        self.provider_combo.currentIndexChanged.connect(self._provider_changed)
        self.preset_picker.changed.connect(self._provider_changed)
        self.backups_check.toggled.connect(self.backup_prefix_edit.setEnabled)
        self.test_button.clicked.connect(self._test)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        self._keyring_state()
        self._reload(select)

    def _edit(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        return edit

    def _keyring_state(self) -> None:
        if self.secrets.available():
            self.keyring_note.setText("Secrets are kept in your system's password store.")
            self.session_check.hide()
        else:
            self.keyring_note.setText(
                f"{self.secrets.reason} Bucket Ferry never writes secrets to disk: tick "
                "'this session only' to use the secret until you quit."
            )
            self.session_check.show()

    # --- list ---------------------------------------------------------------------------

    def _reload(self, select: str | None = None) -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        names = [p.name for p in self.profiles.list()]
        self.profile_list.addItems(names)
        self.profile_list.blockSignals(False)
        if select in names:
            self.profile_list.setCurrentRow(names.index(select))
        elif names:
            self.profile_list.setCurrentRow(0)
        else:
            self._new_profile()

    def selected_name(self) -> str | None:
        item = self.profile_list.currentItem()
        return item.text() if item is not None else None

    def _show_profile(self, name: str) -> None:
        if not name:
            return
        try:
            profile = self.profiles.get(name)
        except BucketFerryError:
            return
        self.name_edit.setText(profile.name)
        value = "s3-compatible" if profile.provider == "s3" and profile.host else profile.provider
        self.provider_combo.setCurrentIndex(max(0, self.provider_combo.findData(value)))
        self.key_edit.setText(profile.key)
        self.secret_edit.clear()
        has_secret = bool(self.secrets.get(profile.name)) if profile.needs_secret else False
        self.secret_edit.setPlaceholderText("stored" if has_secret else "")
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
        self.status_label.clear()
        self._provider_changed()

    def _new_profile(self) -> None:
        self.profile_list.clearSelection()
        self.name_edit.setText("")
        self.preset_picker.reset()
        self.provider_combo.setCurrentIndex(0)
        for edit in (self.key_edit, self.secret_edit, self.bucket_edit, self.region_edit):
            edit.clear()
        self.host_edit.clear()
        self.port_spin.setValue(0)
        self.secure_check.setChecked(True)
        self.base_path_edit.clear()
        self._show_backups(DEFAULT_BACKUP_PREFIX)
        self._provider_changed()
        self.name_edit.setFocus()

    def _show_backups(self, prefix: str | None) -> None:
        """Ticked with the profile's folder; unticked (the folder edit shows the default,
        greyed) when the profile keeps no copies in the bucket."""
        self.backups_check.setChecked(prefix is not None)
        self.backup_prefix_edit.setText(prefix or DEFAULT_BACKUP_PREFIX)
        self.backup_prefix_edit.setEnabled(prefix is not None)

    def _remove_profile(self) -> None:
        name = self.selected_name()
        if not name:
            return
        answer = QMessageBox.question(
            self,
            "Remove connection",
            f"Remove the connection '{name}' and its stored secret? Files are not touched.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.profiles.remove(name)
            self._reload()

    def _provider_changed(self) -> None:
        """Which fields this provider uses and what they are called; then the preset, if
        one is chosen, greys out what it decides."""
        provider = self.provider_combo.currentData()
        local, azure = provider == "local", provider == "azure_blobs"
        for widget in (self.secret_edit, self.session_check):
            widget.setEnabled(not local)
        self.region_edit.setEnabled(not local and not azure)
        self.region_edit.setPlaceholderText("not used by Azure" if azure else REGION_HINT)
        for endpoint_part in (self.secure_check, self.host_edit, self.port_spin):
            endpoint_part.setEnabled(provider in CUSTOM_ENDPOINT)
        self.host_edit.setPlaceholderText(AZURE_HOST_HINT if azure else "e.g. minio.example.org")
        self.host_edit.setToolTip(AZURE_HOST_TIP if azure else "")
        labels = (self.key_label, self.secret_label, self.bucket_label)
        for label, words in zip(labels, FIELD_WORDS.get(provider, S3_WORDS), strict=True):
            label.setText(words)
        if local and not self.key_edit.text():
            self.key_edit.setText(str(data_dir()))
        self.preset_picker.lock_fields()

    # --- save and test ------------------------------------------------------------------

    def _profile_from_form(self) -> Profile:
        """The form as a profile; with a preset, its endpoint as the engine's preset table
        makes it (ConfigurationError if the preset's choices are incomplete)."""
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

    def _validated(self) -> Profile:
        """The profile in the form, or ConfigurationError: incomplete, or a bucket name the
        provider does not accept (checked here as well as in the engine, so 'photos#2' is
        refused in the dialog rather than saved and found out by the first push)."""
        profile = self._profile_from_form()
        profile.validate()  # the bucket name by its provider's rules too
        return profile

    def _show_error(self, error: Exception) -> None:
        title, message = error_words(error)
        # Rich text: a bucket name like 'a<b' must show as typed, not as markup.
        self.status_label.setText(
            f"<b>{html.escape(title, quote=False)}</b>: {html.escape(message, quote=False)}"
        )

    def _secret(self, profile: Profile) -> str:
        typed = self.secret_edit.text()
        if typed or not profile.needs_secret:
            return typed
        return self.secrets.get(profile.name) or ""

    @Slot()
    def save(self) -> bool:
        try:
            profile = self._validated()
            typed = self.secret_edit.text()
            if typed and profile.needs_secret:
                self.secrets.set(profile.name, typed, session_only=self.session_check.isChecked())
            self.profiles.save(profile)
        except BucketFerryError as exc:
            self._show_error(exc)
            return False
        self.secret_edit.clear()
        self.secret_edit.setPlaceholderText("stored" if typed else "")
        self.status_label.setText(f"Saved '{profile.name}'.")
        self._reload(profile.name)
        return True

    def _test(self) -> None:
        try:
            profile = self._validated()
            conf = profile.to_config(self._secret(profile))
        except BucketFerryError as exc:
            self._show_error(exc)
            return
        self.test_button.setEnabled(False)
        self.status_label.setText("Testing…")
        job = connection_check_job(conf)
        job.succeeded.connect(self._test_passed)
        job.failed.connect(self._test_failed)
        self.jobs.start(job)

    def _test_passed(self, message: str) -> None:
        self.status_label.setText(message)
        self.test_button.setEnabled(True)

    def _test_failed(self, error: Exception) -> None:
        self._show_error(error)
        self.test_button.setEnabled(True)
