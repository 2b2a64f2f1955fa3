"""The connections dialog's preset chooser: pick a service and a region, and the endpoint
fields (provider, host, port, TLS, region) are filled in from the engine's preset table.

Apart from the dialog because it is one small state machine of its own: which fields a
preset decides (and so greys out), which it leaves to the person (MinIO's host, the port
and TLS of an S3-compatible service), and when a hand-made change means the preset no
longer applies (choosing another provider drops it). The table itself is
:mod:`bucketferry.core.presets`; nothing here knows any one service.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import ConfigurationError
from bucketferry.core.presets import PRESETS, ConnectionFields, Preset, connection_fields, recognize

from .wrapped_label import WrappedLabel

NO_PRESET = str(QT_TRANSLATE_NOOP("PresetPicker", "None: enter the endpoint yourself"))
"""In English; the picker shows it translated. The presets' own words (label, key help)
are the engine's and stay English."""


@dataclass(frozen=True)
class EndpointWidgets:
    """The dialog's own fields a preset fills in."""

    provider: QComboBox
    host: QLineEdit
    port: QSpinBox
    secure: QCheckBox
    region: QLineEdit


def provider_item(preset: Preset) -> str:
    """The dialog's provider entry for a preset: its own Amazon S3 entry for the preset
    without a host, "S3-compatible" for any other S3 endpoint."""
    if preset.provider == "s3" and (preset.endpoint is not None or preset.own_host):
        return "s3-compatible"
    return preset.provider


class PresetPicker(QWidget):
    """Preset, region and (for Cloudflare R2) account ID, and the line saying where that
    service shows its keys.

    ``changed`` is emitted after every choice has been written into the endpoint fields;
    the dialog answers by setting which fields are editable, then calls
    :meth:`lock_fields` so that what the preset decided stays greyed out.
    """

    changed = Signal()

    def __init__(self, endpoint: EndpointWidgets, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.endpoint = endpoint
        self._filling = False
        self._applied: Preset | None = None

        self.combo = QComboBox()
        self.combo.setObjectName("presetCombo")
        self.combo.setAccessibleName(self.tr("Preset"))
        self.combo.addItem(self.tr(NO_PRESET), None)
        for preset in PRESETS:
            self.combo.addItem(preset.label, preset.name)
        self.region_combo = QComboBox()
        self.region_combo.setObjectName("presetRegionCombo")
        self.region_combo.setAccessibleName(self.tr("Preset region"))
        self.region_label = QLabel(self.tr("Reg&ion"))
        self.region_label.setBuddy(self.region_combo)
        self.account_edit = QLineEdit()
        self.account_edit.setObjectName("accountIdEdit")
        self.account_edit.setAccessibleName(self.tr("Account ID"))
        self.account_edit.setPlaceholderText(self.tr("32 characters, from the R2 overview page"))
        self.account_label = QLabel(self.tr("Acco&unt ID"))
        self.account_label.setBuddy(self.account_edit)
        self.help_label = WrappedLabel()  # grows the dialog rather than cutting it off
        self.help_label.setObjectName("presetHelpLabel")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.combo, 2)
        top.addWidget(self.region_label)
        top.addWidget(self.region_combo, 1)
        account = QHBoxLayout()
        account.setContentsMargins(0, 0, 0, 0)
        account.addWidget(self.account_label)
        account.addWidget(self.account_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(account)
        layout.addWidget(self.help_label)
        self.setFocusProxy(self.combo)  # the form label's mnemonic lands on the chooser

        self.combo.currentIndexChanged.connect(self._preset_chosen)
        self.region_combo.currentIndexChanged.connect(self._choice_changed)
        self.account_edit.textChanged.connect(self._choice_changed)
        endpoint.provider.currentIndexChanged.connect(self._provider_changed)
        self._show_parts(None)

    # --- what is chosen -------------------------------------------------------------------

    def preset(self) -> Preset | None:
        name = self.combo.currentData()
        return next((p for p in PRESETS if p.name == name), None)

    def fields(self) -> ConnectionFields | None:
        """The endpoint the chosen preset makes (None without one); ConfigurationError in
        plain words when a choice is missing or wrong (an account ID, MinIO's host)."""
        preset = self.preset()
        if preset is None:
            return None
        host = self.endpoint.host.text().strip() if preset.own_host else None
        region = self.region_combo.currentText() if preset.regions else self.endpoint.region.text()
        return connection_fields(preset, region or None, self._account(preset), host)

    def _account(self, preset: Preset) -> str | None:
        return self.account_edit.text() if preset.needs_account_id else None

    # --- showing a saved connection -----------------------------------------------------

    def show_connection(
        self, provider: str, host: str | None, port: int | None, secure: bool, region: str | None
    ) -> None:
        """Select the preset that would make these fields (or none), without changing the
        fields: they are the saved profile's."""
        found = recognize(provider, host, port, secure, region)
        self._filling = True
        try:
            index = self.combo.findData(found.preset.name) if found else 0
            self.combo.setCurrentIndex(max(0, index))
            self._show_parts(found.preset if found else None)
            if found:
                self.region_combo.setCurrentText(found.region)
                self.account_edit.setText(found.account_id or "")
        finally:
            self._filling = False
        self._applied = found.preset if found else None

    def reset(self) -> None:
        """No preset, nothing filled in (for a new connection)."""
        self._filling = True
        try:
            self.combo.setCurrentIndex(0)
            self._show_parts(None)
        finally:
            self._filling = False
        self._applied = None

    # --- choosing ---------------------------------------------------------------------------

    def _show_parts(self, preset: Preset | None) -> None:
        """The region list, account ID and key help of ``preset``; hidden what it lacks."""
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        if preset is not None:
            self.region_combo.addItems(list(preset.regions))
            self.region_combo.setCurrentText(preset.default_region)
        self.region_combo.blockSignals(False)
        has_regions = preset is not None and len(preset.regions) > 1
        self.region_combo.setVisible(has_regions)
        self.region_label.setVisible(has_regions)
        needs_account = preset is not None and preset.needs_account_id
        self.account_edit.setVisible(needs_account)
        self.account_label.setVisible(needs_account)
        if not needs_account:
            self.account_edit.clear()
        self.help_label.setText(f"{preset.key_help}." if preset else "")
        self.help_label.setVisible(preset is not None)

    def _preset_chosen(self) -> None:
        if self._filling:
            return
        preset = self.preset()
        self._show_parts(preset)
        if preset is not None:
            self._fill(preset, new=True)
        self._applied = preset
        self.changed.emit()

    def _choice_changed(self) -> None:
        if self._filling:
            return
        preset = self.preset()
        if preset is not None:
            self._fill(preset, new=False)
        self.changed.emit()

    def _fill(self, preset: Preset, *, new: bool) -> None:
        """Write the preset's endpoint into the dialog's fields. Port and TLS only when the
        preset is newly chosen, so a port typed for this service survives a region change."""
        widgets = self.endpoint
        self._filling = True
        try:
            index = widgets.provider.findData(provider_item(preset))
            widgets.provider.setCurrentIndex(max(0, index))
            if new:
                widgets.port.setValue(preset.port or 0)
                widgets.secure.setChecked(preset.secure)
                if preset.own_host and self._applied is not None:
                    widgets.host.clear()  # another service's host is not this server's
            region = self.region_combo.currentText() or preset.default_region
            if not preset.regions and not new:
                region = widgets.region.text().strip() or preset.default_region
            widgets.region.setText(preset.signing_region or region)
            if not preset.own_host:
                widgets.host.setText(self._host_or_empty(preset, region))
        finally:
            self._filling = False

    def _host_or_empty(self, preset: Preset, region: str) -> str:
        """The host, or empty while the account ID is missing or wrong (saving then says
        what is wrong with it)."""
        try:
            fields = connection_fields(preset, region, self._account(preset))
        except ConfigurationError:
            return ""
        return fields.host or ""

    def _provider_changed(self) -> None:
        """A provider chosen by hand that the preset would not choose drops the preset."""
        preset = self.preset()
        if self._filling or preset is None:
            return
        if self.endpoint.provider.currentData() != provider_item(preset):
            self.reset()
            self.changed.emit()

    def lock_fields(self) -> None:
        """Grey out what the chosen preset decides: the host (unless it is the person's own
        server) and the region (unless any region goes). Port and TLS stay editable where
        the provider allows it, as ``--port`` and ``--no-tls`` do with ``--preset``."""
        preset = self.preset()
        if preset is None:
            return
        widgets = self.endpoint
        widgets.host.setEnabled(preset.own_host)
        widgets.region.setEnabled(not preset.regions)
        if not preset.own_host and preset.endpoint is not None:
            template = preset.endpoint.replace("{region}", self.tr("<region>"))
            widgets.host.setPlaceholderText(
                template.replace("{account_id}", self.tr("<account id>"))
            )
