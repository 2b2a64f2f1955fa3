"""Named connection profiles: everything but the secret goes to the profile file, the
secret only to the OS keyring (or, if there is none and the user agrees, to memory for
this session). Test connection runs in the worker and answers in plain words.

Each connection also says whether the objects its runs replace or delete are kept in the
bucket (under a backup folder at the bucket's root, so View ▸ History can undo a run):
on unless the user turns it off here. The fields themselves are
:class:`.connection_form.ConnectionForm`.

Nothing typed is lost without asking: closing the dialog (Close, Esc, the window's close
button), choosing another connection in the list or starting a new one while the shown
connection has unsaved changes asks whether to save them first."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import BucketFerryError
from bucketferry.core.profiles import Profile, ProfileStore, SecretStore

from ..jobs import JobRunner, connection_check_job
from ..messages import error_words
from ..widgets.wrapped_label import WrappedLabel
from .connection_form import ConnectionForm

Button = QMessageBox.StandardButton


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
        self.setWindowTitle(self.tr("Connections"))
        self.profiles = profiles
        self.secrets = secrets
        self.jobs = jobs
        self._clean_state: tuple[object, ...] | None = None  # the form as last shown or saved
        self._editing: str | None = None  # the stored connection shown; None: a new one

        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        self.profile_list.setAccessibleName(self.tr("Connections"))
        self.new_button = QPushButton(self.tr("&New"))
        self.new_button.setObjectName("newProfileButton")
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setObjectName("removeProfileButton")
        left = QVBoxLayout()
        left.addWidget(self.profile_list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)

        form = self.form = ConnectionForm()
        self.name_edit, self.provider_combo = form.name_edit, form.provider_combo
        self.key_edit, self.secret_edit = form.key_edit, form.secret_edit
        self.bucket_edit, self.region_edit = form.bucket_edit, form.region_edit
        self.host_edit, self.port_spin = form.host_edit, form.port_spin
        self.secure_check, self.base_path_edit = form.secure_check, form.base_path_edit
        self.backups_check, self.backup_prefix_edit = form.backups_check, form.backup_prefix_edit
        self.session_check, self.keyring_note = form.session_check, form.keyring_note
        self.key_label, self.secret_label = form.key_label, form.secret_label
        self.bucket_label, self.preset_picker = form.bucket_label, form.preset_picker
        self.status_label = WrappedLabel()
        self.status_label.setObjectName("connectionStatusLabel")
        self.status_label.setAccessibleName(self.tr("Connection result"))
        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setObjectName("testConnectionButton")
        self.save_button = QPushButton(self.tr("Sa&ve"))
        self.save_button.setObjectName("saveProfileButton")
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeConnectionsButton")
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addStretch()
        actions.addWidget(self.save_button)
        actions.addWidget(self.close_button)
        right = QVBoxLayout()
        right.addWidget(form)
        right.addWidget(self.status_label)
        right.addStretch()
        right.addLayout(actions)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)

        self.profile_list.currentItemChanged.connect(self._row_chosen)
        self.new_button.clicked.connect(lambda: self._after_saving_or_not(self._new_profile))
        self.remove_button.clicked.connect(self._remove_profile)
        self.test_button.clicked.connect(self._test)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.form.show_keyring(self.secrets)
        self._reload(select)

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

    def _row_chosen(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        """Shows the chosen connection; with unsaved changes, first stays on the edited
        one and asks."""
        if current is None:
            return
        name = current.text()
        if not self._would_lose_work():
            self._show_profile(name)
            return
        self.profile_list.blockSignals(True)
        if previous is not None:
            self.profile_list.setCurrentItem(previous)
        self.profile_list.blockSignals(False)
        self._after_saving_or_not(lambda: self._choose(name))

    def _choose(self, name: str) -> None:
        found = self.profile_list.findItems(name, Qt.MatchFlag.MatchExactly)
        if found:
            self.profile_list.setCurrentItem(found[0])

    def _show_profile(self, name: str) -> None:
        if not name:
            return
        try:
            profile = self.profiles.get(name)
        except BucketFerryError:
            return
        has_secret = bool(self.secrets.get(profile.name)) if profile.needs_secret else False
        self.form.show_profile(profile, has_secret)
        self._editing = profile.name
        self.status_label.clear()
        self._mark_clean()

    def _new_profile(self) -> None:
        self.profile_list.clearSelection()
        self.form.clear_for_new()
        self._editing = None
        self.status_label.clear()
        self._mark_clean()
        self.name_edit.setFocus()

    def _remove_profile(self) -> None:
        name = self.selected_name()
        if not name:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove connection"),
            self.tr(
                "Remove the connection '{name}' and its stored secret? Files are not touched."
            ).format(name=name),
        )
        if answer == Button.Yes:
            self.profiles.remove(name)
            self._mark_clean()  # what was shown is gone on purpose
            self._reload()

    # --- not losing work ----------------------------------------------------------------

    def _mark_clean(self) -> None:
        self._clean_state = self.form.state()

    def has_unsaved_changes(self) -> bool:
        return self._clean_state is not None and self.form.state() != self._clean_state

    def _would_lose_work(self) -> bool:
        """Unsaved changes someone can be asked about (a dialog never shown, as built by
        a script, just does what it is told)."""
        return self.isVisible() and self.has_unsaved_changes()

    def done(self, result: int) -> None:
        """Every way of closing (Close, Esc, the window's close button) ends here: with
        unsaved changes, ask first; the dialog closes once they are saved or dropped."""
        if self._would_lose_work():
            self._after_saving_or_not(lambda: QDialog.done(self, result))
            return
        super().done(result)

    def _after_saving_or_not(self, then: Callable[[], None]) -> None:
        """Runs ``then`` at once if nothing is unsaved; else asks Save / Discard / Cancel
        (without blocking: jobs keep reporting) and runs it after a successful Save or a
        Discard. A Save that fails shows why, and ``then`` does not run."""
        if not self._would_lose_work():
            then()
            return
        name = self.name_edit.text().strip()
        question = (
            self.tr("Save the changes to '{name}'?").format(name=name)
            if name
            else self.tr("Save the new connection?")
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            question,
            Button.Save | Button.Discard | Button.Cancel,
            self,
        )
        box.setObjectName("saveChangesBox")
        box.setInformativeText(
            self.tr("Discard keeps '{name}' as it was last saved.").format(name=self._editing)
            if self._editing
            else self.tr("Discard drops this new connection.")
        )
        box.setDefaultButton(Button.Save)
        box.setEscapeButton(Button.Cancel)

        def answered() -> None:
            answer = box.standardButton(box.clickedButton())
            box.deleteLater()
            if answer == Button.Discard:
                self._mark_clean()
                then()
            elif answer == Button.Save and self.save():
                then()

        box.finished.connect(answered)
        box.open()

    # --- save and test ------------------------------------------------------------------

    def _validated(self) -> Profile:
        """The profile in the form, or ConfigurationError: incomplete, or a bucket name the
        provider does not accept (checked here as well as in the engine, so 'photos#2' is
        refused in the dialog rather than saved and found out by the first push)."""
        profile = self.form.profile()
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
        self._mark_clean()  # saved: choosing it in the list below asks nothing
        self._reload(profile.name)  # shows it as stored, selected in the list
        self.status_label.setText(self.tr("Saved '{name}'.").format(name=profile.name))
        return True

    def _test(self) -> None:
        try:
            profile = self._validated()
            conf = profile.to_config(self._secret(profile))
        except BucketFerryError as exc:
            self._show_error(exc)
            return
        self.test_button.setEnabled(False)
        self.status_label.setText(self.tr("Testing…"))
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
