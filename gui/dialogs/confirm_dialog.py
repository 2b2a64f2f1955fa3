"""The last look before a run: direction, source -> target, files and bytes, and what
will be overwritten. Overwriting needs its own explicit tick, offered only when needed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import SyncObject
from bucketferry.core.units import files_count, human_size

from ..messages import show_error
from ..models.preview_model import PreviewModel

NAMED = 5
"""Colliding paths named in the message before an ellipsis."""


def versions_note(keeps_versions: bool | None, what: str) -> str:
    """One sentence on whether ``what`` (e.g. "the replaced copies") can be recovered."""
    if keeps_versions:
        return f"This bucket keeps versions: {what} stay recoverable as older versions."
    if keeps_versions is False:
        return f"This bucket does not keep versions: {what} cannot be recovered."
    return (
        "The provider does not say whether this bucket keeps versions: "
        f"assume {what} cannot be recovered."
    )


class ConfirmDialog(QDialog):
    def __init__(
        self,
        direction: str,
        source: str,
        target: str,
        files: list[SyncObject],
        overwrites: list[SyncObject],
        versioning_note: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        verb = "Push" if direction == "push" else "Pull"
        self.setWindowTitle(f"{verb} {files_count(len(files))}?")
        total = sum(f.get_bytes_transferred() for f in files)
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"<b>{verb}</b> {files_count(len(files))} ({human_size(total)})<br>"
            f"from <b>{source}</b><br>to <b>{target}</b>"
        )
        summary.setObjectName("confirmSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)

        self.force_check = QCheckBox(self)
        self.force_check.setObjectName("forceCheckBox")
        if overwrites:
            where = "in the bucket" if direction == "push" else "on this computer"
            warning = QLabel(
                f"{files_count(len(overwrites))} {where} "
                f"{'differs' if len(overwrites) == 1 else 'differ'} and will be <b>replaced</b>:"
                + (f" {versioning_note}" if versioning_note else "")
            )
            warning.setWordWrap(True)
            layout.addWidget(warning)
            listing = QListWidget()
            listing.setObjectName("overwriteList")
            listing.addItems([o.name for o in overwrites])
            listing.setMaximumHeight(160)
            layout.addWidget(listing)
            self.force_check.setText(f"Overwrite {files_count(len(overwrites))}")
            self.force_check.setAccessibleName("Allow overwriting")
            layout.addWidget(self.force_check)
        else:
            self.force_check.hide()
            layout.addWidget(QLabel("Nothing will be overwritten."))

        buttons = QDialogButtonBox()
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirmButton")
        self.confirm_button.setDefault(True)
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._verb = verb
        self._count = len(files)
        self._overwrites = len(overwrites)
        self.force_check.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        """Without the tick, the differing files are left out rather than overwritten."""
        if self._overwrites and not self.force_check.isChecked():
            count = self._count - self._overwrites
            text = f"{self._verb} {files_count(count)}, leave the differing ones alone"
        else:
            count = self._count
            text = f"{self._verb} {files_count(count)}"
        self.confirm_button.setText(text)
        self.confirm_button.setEnabled(count > 0)

    @property
    def force(self) -> bool:
        return self._overwrites > 0 and self.force_check.isChecked()


def confirm_run(
    parent: QWidget,
    model: PreviewModel,
    direction: str,
    local: str,
    remote: str,
    keeps_versions: bool | None,
) -> tuple[list[SyncObject], bool] | None:
    """Asks before running the checked rows of ``model`` from ``local`` to ``remote`` (a
    pull the other way). Returns what to run and whether to overwrite, or None when the
    user cancels or nothing can run (after saying why: collisions, nothing to transfer)."""
    collisions = model.checked_collisions()
    if collisions:
        names = ", ".join(c.name for c in collisions[:NAMED])
        show_error(
            parent,
            "Name collisions block the run",
            f"{len(collisions)} paths are a file on one side and a folder on the other "
            f"({names}{'…' if len(collisions) > NAMED else ''}). Rename them, exclude them "
            "with a filter, or uncheck their rows.",
        )
        return None
    files = model.selected_for_run()
    if not files:
        QMessageBox.information(parent, "Nothing to do", "No checked row needs a transfer.")
        return None
    overwrites = model.checked_overwrites()
    source, target = (local, remote) if direction == "push" else (remote, local)
    note = (
        versions_note(keeps_versions, "the replaced copies in the bucket")
        if direction == "push"
        else "The replaced local versions go to the trash (or a backup folder) first, so "
        "you can get them back."
    )
    dialog = ConfirmDialog(direction, source, target, files, overwrites, note, parent)
    if dialog.exec() != ConfirmDialog.DialogCode.Accepted:
        return None
    left_out = set() if dialog.force else {id(f) for f in overwrites}
    return [f for f in files if id(f) not in left_out], dialog.force
