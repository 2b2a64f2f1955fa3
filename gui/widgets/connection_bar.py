"""The toolbar's two rows: which connection, which local folder and path in the bucket,
which filters, and the two preview buttons.

The bar also keeps what the chosen connection is: the RemoteStorage built from its profile
(made once, on first use) and a copy of the profile's settings, part of what a preview is
valid for. It decides nothing else; the window listens to its signals.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QSettings, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import BucketFerryError, RemoteStorage
from bucketferry.core.paths import join_remote
from bucketferry.core.profiles import Profile, ProfileStore
from bucketferry.core.states import PlanState

from ..colour_contrast import readable
from ..filter_patterns import engine_filter, exclude_regex, placeholder, regex_help, wildcard_help
from ..preview_session import PreviewInputs
from ..sync_states import state_color


def error_colour(widget: QWidget) -> str:
    """The collision state's red, shaded to read at 4.5:1 on this widget's background in
    the palette in use (light or dark): a fixed red was 1.96:1 on a dark window."""
    background = widget.palette().color(QPalette.ColorRole.Window)
    return readable(state_color(PlanState.COLLISION), background).name()


def _labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class ConnectionBar(QWidget):
    """Signals say what changed; ``inputs()`` reads all fields at once for a preview."""

    preview_requested = Signal(str)  # "push" or "pull"
    manage_requested = Signal()
    connection_changed = Signal()  # another profile was chosen
    inputs_edited = Signal()  # a folder, the path or a filter was typed in
    folders_chosen = Signal()  # a folder or the path is complete: the trees may show it

    def __init__(self, profiles: ProfileStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._storage: RemoteStorage | None = None
        self._profile: Profile | None = None
        rows = QVBoxLayout(self)
        rows.setContentsMargins(4, 2, 4, 2)
        first, second = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(first)
        rows.addLayout(second)

        self.connection_combo = QComboBox()
        self.connection_combo.setObjectName("connectionCombo")
        self.connection_combo.setAccessibleName(self.tr("Connection"))
        self.connection_combo.setMinimumWidth(160)
        self.manage_button = QPushButton(self.tr("&Manage…"))
        self.manage_button.setObjectName("manageConnectionsButton")
        self.local_edit = QLineEdit()
        self.local_edit.setObjectName("localPathEdit")
        self.local_edit.setAccessibleName(self.tr("Local folder"))
        self.local_edit.setPlaceholderText(self.tr("Choose a folder…"))
        self.browse_button = QToolButton()
        self.browse_button.setText("…")
        self.browse_button.setToolTip(self.tr("Choose the local folder"))
        self.browse_button.setAccessibleName(self.tr("Choose local folder"))
        self.remote_edit = QLineEdit()
        self.remote_edit.setObjectName("remotePathEdit")
        self.remote_edit.setAccessibleName(self.tr("Path in the bucket"))
        self.remote_edit.setPlaceholderText(self.tr("path below the base path (empty: everything)"))
        first.addWidget(_labelled(self.tr("&Connection"), self.connection_combo))
        first.addWidget(self.connection_combo)
        first.addWidget(self.manage_button)
        first.addWidget(_labelled(self.tr("&Local:"), self.local_edit))
        first.addWidget(self.local_edit, 2)
        first.addWidget(self.browse_button)
        first.addWidget(_labelled(self.tr("&Remote:"), self.remote_edit))
        first.addWidget(self.remote_edit, 2)

        self.include_edit = QLineEdit()
        self.include_edit.setObjectName("includeRegexEdit")
        self.exclude_edit = QLineEdit()
        self.exclude_edit.setObjectName("excludeRegexEdit")
        self.regex_check = QCheckBox(self.tr("Re&gular expressions"))
        self.regex_check.setObjectName("regexFiltersCheck")
        self.regex_check.setToolTip(
            self.tr(
                "Off: the filters hold wildcards (*.csv; raw/). On: each holds one regular "
                "expression, as the command line and the API take it."
            )
        )
        self.show_hidden = False
        """Whether hidden files (a name starting with '.') are part of a preview."""
        self.filter_error = QLabel()
        self.filter_error.setObjectName("filterErrorLabel")
        self.filter_error.setStyleSheet(f"color: {error_colour(self)};")
        self.filter_error.hide()
        self.preview_push_button = QPushButton(self.tr("Preview &push ▲"))
        self.preview_push_button.setObjectName("previewPushButton")
        self.preview_push_button.setToolTip(self.tr("Show what pushing would do (F5)"))
        self.preview_pull_button = QPushButton(self.tr("Preview p&ull ▼"))
        self.preview_pull_button.setObjectName("previewPullButton")
        self.preview_pull_button.setToolTip(self.tr("Show what pulling would do (Shift+F5)"))
        second.addWidget(_labelled(self.tr("&Include"), self.include_edit))
        second.addWidget(self.include_edit, 1)
        second.addWidget(_labelled(self.tr("E&xclude"), self.exclude_edit))
        second.addWidget(self.exclude_edit, 1)
        second.addWidget(self.regex_check)
        second.addWidget(self.filter_error)
        second.addWidget(self.preview_push_button)
        second.addWidget(self.preview_pull_button)
        self._wire()

    def _wire(self) -> None:
        self.manage_button.clicked.connect(self.manage_requested)
        self.browse_button.clicked.connect(self._choose_folder)
        self.preview_push_button.clicked.connect(lambda: self.preview_requested.emit("push"))
        self.preview_pull_button.clicked.connect(lambda: self.preview_requested.emit("pull"))
        self.connection_combo.currentIndexChanged.connect(self.connection_changed)
        for edit in (self.local_edit, self.remote_edit, self.include_edit, self.exclude_edit):
            edit.textChanged.connect(self.inputs_edited)
        for edit in (self.local_edit, self.remote_edit):
            edit.editingFinished.connect(self.folders_chosen)
        self.regex_check.toggled.connect(self._explain_filters)
        self.regex_check.toggled.connect(self.inputs_edited)
        self._explain_filters()

    # --- the connection ------------------------------------------------------------------

    def load_profiles(self, select: str | None = None) -> None:
        """Lists the profiles again, keeping ``select`` (else the current one) chosen,
        without saying so: the caller decides whether that is a change."""
        combo = self.connection_combo
        current = select or combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        for profile in self._profiles.list():
            combo.addItem(profile.name)
        index = combo.findText(current) if current else -1
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def forget_connection(self) -> None:
        """The chosen profile changed or was edited: build its storage anew on next use,
        and note its settings as they are now."""
        self._storage = None
        name = self.connection_name()
        try:
            self._profile = self._profiles.get(name) if name else None
        except BucketFerryError:
            self._profile = None

    def storage(self) -> RemoteStorage:
        """The RemoteStorage of the chosen profile; raises BucketFerryError (unknown or
        incomplete profile, missing secret) with the words for the user."""
        if self._storage is None:
            self._storage = RemoteStorage(self._profiles.config_for(self.connection_name()))
        return self._storage

    def connection_name(self) -> str:
        return self.connection_combo.currentText()

    def remote_label(self, remote_path: str) -> str:
        """'connection: bucket/base/path', as the confirmation names the bucket side; just
        the path if the connection cannot be used (the run then says why)."""
        try:
            storage = self.storage()
        except BucketFerryError:
            return remote_path
        where = join_remote(storage.remote_base_path, remote_path).rstrip("/")
        return f"{self.connection_name()}: {storage.conf.bucket}/{where}"

    # --- the fields ----------------------------------------------------------------------

    def typed_local_folder(self) -> str:
        """The local folder as typed, with '~' expanded (may be empty or relative)."""
        return os.path.expanduser(self.local_edit.text().strip())

    def remote_path(self) -> str:
        return self.remote_edit.text().strip().strip("/")

    def has_local_folder(self) -> bool:
        return bool(self.local_edit.text().strip())

    def folder_problem(self, direction: str) -> tuple[str, str] | None:
        """Why a preview cannot start with the local folder as it is (title and words),
        or None: none chosen, or (for a push) none there. A pull makes its folder."""
        folder = self.typed_local_folder()
        if not folder:
            return self.tr("No folder chosen"), self.tr(
                "Choose the folder on this computer to compare with the bucket first "
                "(type it, or click … beside Local)."
            )
        if direction == "push" and not os.path.isdir(folder):
            return self.tr("Folder not found"), self.tr(
                "The local folder {folder} does not exist. Choose another."
            ).format(folder=os.path.abspath(folder))
        return None

    def filters(self) -> tuple[str | None, str | None]:
        """(include, exclude) as the engine takes them: regular expressions made from the
        fields (wildcards unless "Regular expressions" is ticked), hidden files added to
        the exclude unless they are shown; None where there is no filter. Raises
        BucketFerryError for a field the engine would refuse (see :meth:`filter_problem`)."""
        regex = self.regex_check.isChecked()
        include = engine_filter(self.include_edit.text(), regex, "include")
        exclude = engine_filter(self.exclude_edit.text(), regex, "exclude")
        return include, exclude_regex(exclude, not self.show_hidden, self.remote_path())

    def inputs(self, direction: str) -> PreviewInputs:
        """What a preview would be made from; with a filter the engine would refuse, its
        text as typed (a preview never starts then, and no plan was made from it)."""
        try:
            include, exclude = self.filters()
        except BucketFerryError:
            include, exclude = self.include_edit.text(), self.exclude_edit.text()
        typed = self.typed_local_folder()
        return PreviewInputs(
            direction=direction,
            connection=self.connection_name(),
            local_folder=os.path.abspath(typed) if typed else "",
            remote_path=self.remote_path(),
            include=include,
            exclude=exclude,
            profile=self._profile,
            show_hidden=self.show_hidden,
        )

    def filter_problem(self) -> tuple[str, BucketFerryError] | None:
        """The first filter the engine would refuse ("Include" or "Exclude", and why),
        marked in red with the reason in its tooltip; None when both are valid."""
        problem: tuple[str, BucketFerryError] | None = None
        regex = self.regex_check.isChecked()
        syntax = regex_help() if regex else wildcard_help()
        for which, edit in (("Include", self.include_edit), ("Exclude", self.exclude_edit)):
            try:
                engine_filter(edit.text(), regex, which.lower())
            except BucketFerryError as exc:
                edit.setStyleSheet(f"border: 2px solid {error_colour(self)};")
                edit.setToolTip(f"{exc.message}\n\n{syntax}")
                problem = problem or (which, exc)
            else:
                edit.setStyleSheet("")
                edit.setToolTip(syntax)
        return problem

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (the system went dark): the filter marks take its red."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.filter_error.setStyleSheet(f"color: {error_colour(self)};")
            self.show_filter_problem()

    def show_filter_problem(self) -> None:
        """Says the first filter problem inline: for a regular expression in the regex
        module's words (the cause of the engine's error, whose full message is too long
        for a toolbar; the field's tooltip has it), else the whole reason."""
        problem = self.filter_problem()
        if problem is not None:
            which, error = problem
            said = (
                self.tr("Include filter: {reason}")
                if which == "Include"
                else self.tr("Exclude filter: {reason}")
            )
            self.filter_error.setText(said.format(reason=error.__cause__ or error.message))
        self.filter_error.setVisible(problem is not None)

    def _explain_filters(self) -> None:
        """Placeholders, tooltips and names that say which syntax the fields take."""
        regex = self.regex_check.isChecked()
        self.include_edit.setPlaceholderText(placeholder(regex, include=True))
        self.exclude_edit.setPlaceholderText(placeholder(regex, include=False))
        if regex:
            self.include_edit.setAccessibleName(self.tr("Include filter (regular expression)"))
            self.exclude_edit.setAccessibleName(self.tr("Exclude filter (regular expression)"))
        else:
            self.include_edit.setAccessibleName(self.tr("Include filter (wildcards)"))
            self.exclude_edit.setAccessibleName(self.tr("Exclude filter (wildcards)"))
        self.show_filter_problem()

    def set_locked(self, locked: bool, can_preview: bool) -> None:
        """While a preview or run works, the connection and folders stay as they are."""
        for control in (
            self.connection_combo,
            self.manage_button,
            self.local_edit,
            self.remote_edit,
        ):
            control.setEnabled(not locked)
        first = "" if self.has_local_folder() else self.tr("Choose a local folder first.") + " "
        for button, does in (
            (self.preview_push_button, self.tr("Show what pushing would do (F5)")),
            (self.preview_pull_button, self.tr("Show what pulling would do (Shift+F5)")),
        ):
            button.setEnabled(can_preview)
            button.setToolTip(first + does)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the local folder"), self.local_edit.text()
        )
        if folder:
            self.local_edit.setText(folder)
            self.folders_chosen.emit()

    # --- remembered between sessions ---------------------------------------------------------

    def restore(self, settings: QSettings) -> None:
        profile = settings.value("last/profile")
        if isinstance(profile, str):
            index = self.connection_combo.findText(profile)
            if index >= 0:
                self.connection_combo.setCurrentIndex(index)
        # No folder on a first start: the home folder is no sensible thing to push or pull.
        self.local_edit.setText(str(settings.value("last/local", "")))
        self.remote_edit.setText(str(settings.value("last/remote", "")))
        include = str(settings.value("last/include", ""))
        exclude = str(settings.value("last/exclude", ""))
        # Filters saved before wildcards were the default were regular expressions.
        regex = settings.value("filters/regex", bool(include or exclude))
        self.regex_check.setChecked(regex in (True, "true"))
        self.include_edit.setText(include)
        self.exclude_edit.setText(exclude)

    def save(self, settings: QSettings) -> None:
        settings.setValue("last/profile", self.connection_name())
        settings.setValue("last/local", self.local_edit.text())
        settings.setValue("last/remote", self.remote_edit.text())
        settings.setValue("last/include", self.include_edit.text())
        settings.setValue("last/exclude", self.exclude_edit.text())
        settings.setValue("filters/regex", self.regex_check.isChecked())
