"""The last look before a run: direction, source -> target, files and bytes, and what
will be replaced. Safe updates (the target still has the copy last synced) are listed and
need nothing more; replacing a copy that changed since the last sync, or whose history is
unknown, needs its own explicit tick, and each such file is named with the reason. What
the run does that no row shows (empty folders a push leaves behind, a folder a pull
creates) is said too (:mod:`.run_notes`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import SyncObject
from bucketferry.core.units import files_count, human_size

from ..keeping_words import UNDO_HINT, Keeping
from ..messages import show_error
from ..models.preview_model import PreviewModel
from ..state_words import replacement_reason
from .run_notes import Note, run_notes

NAMED = 5
"""Colliding paths named in the message before an ellipsis."""


class ConfirmDialog(QDialog):
    """``updates`` replace the copy last synced (listed, asked nothing more about);
    ``overwrites`` replace a copy that changed since, or was never synced here (named with
    the reason, and left out unless the overwrite box is ticked)."""

    def __init__(
        self,
        direction: str,
        source: str,
        target: str,
        files: list[SyncObject],
        updates: list[SyncObject],
        overwrites: list[SyncObject],
        versioning_note: str,
        parent: QWidget | None = None,
        *,
        notes: Sequence[Note] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)  # a reason a line
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
        for name, text in notes:
            layout.addWidget(sentence(text, name))
        where = "in the bucket" if direction == "push" else "on this computer"
        if updates:
            layout.addWidget(
                sentence(
                    f"{files_count(len(updates))} {where} will be updated: "
                    f"{'it is' if len(updates) == 1 else 'they are'} still the copy last "
                    "synced, so no change is lost."
                )
            )
            layout.addWidget(file_listing("updateList", [u.name for u in updates], 4))
        self.force_check = QCheckBox(self)
        self.force_check.setObjectName("forceCheckBox")
        if overwrites:
            layout.addWidget(
                sentence(
                    f"{files_count(len(overwrites))} {where} changed since the last sync, or "
                    f"{'was' if len(overwrites) == 1 else 'were'} never synced here, and "
                    "would be <b>replaced</b>:"
                )
            )
            reasons = [f"{o.name} \u2014 {replacement_reason(o)}" for o in overwrites]
            layout.addWidget(file_listing("overwriteList", reasons, 8))
        if (updates or overwrites) and versioning_note:
            note = sentence(versioning_note)
            note.setObjectName("keepingNote")  # where the replaced copies will be
            layout.addWidget(note)
        if overwrites:
            self.force_check.setText(f"Overwrite the {files_count(len(overwrites))} listed above")
            self.force_check.setAccessibleName("Allow overwriting")
            layout.addWidget(self.force_check)
        else:
            self.force_check.hide()
            layout.addWidget(
                QLabel("Nothing else will be replaced." if updates else "Nothing will be replaced.")
            )

        self.confirm_button = add_confirm_buttons(self, layout, "")
        self._verb = verb
        self._count = len(files)
        self._overwrites = len(overwrites)
        self.force_check.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        """Without the tick, the listed files are left out rather than overwritten."""
        if self._overwrites and not self.force_check.isChecked():
            count = self._count - self._overwrites
            text = f"{self._verb} {files_count(count)}, leave the listed ones alone"
        else:
            count = self._count
            text = f"{self._verb} {files_count(count)}"
        self.confirm_button.setText(text)
        self.confirm_button.setEnabled(count > 0)

    @property
    def force(self) -> bool:
        return self._overwrites > 0 and self.force_check.isChecked()


def sentence(text: str, name: str = "") -> QLabel:
    """A wrapped line of a confirmation (``name``: its objectName, for tests)."""
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def add_confirm_buttons(dialog: QDialog, layout: QVBoxLayout, text: str) -> QPushButton:
    """A confirmation's buttons: ``confirmButton`` (the default, accepts) and Cancel."""
    buttons = QDialogButtonBox()
    confirm = QPushButton(text)
    confirm.setObjectName("confirmButton")
    confirm.setDefault(True)
    buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return confirm


def file_listing(name: str, lines: list[str], rows: int) -> QListWidget:
    """The files, one a line, wrapped rather than cut off (a reason is worth reading to
    its end), as high as its content up to ``rows`` lines."""
    listing = QListWidget()
    listing.setObjectName(name)
    listing.setWordWrap(True)
    listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    listing.setResizeMode(QListView.ResizeMode.Adjust)
    listing.addItems(lines)
    for row in range(listing.count()):
        listing.item(row).setToolTip(lines[row])
    line = listing.fontMetrics().lineSpacing() + 4
    listing.setFixedHeight(min(len(lines), rows) * line + 2 * listing.frameWidth() + 4)
    return listing


def confirm_run(
    parent: QWidget,
    model: PreviewModel,
    direction: str,
    local: str,
    remote: str,
    keeping: Keeping | None,
    *,
    pushed_folder: str | None = None,
) -> tuple[list[SyncObject], bool] | None:
    """Asks before running the checked rows of ``model`` from ``local`` to ``remote`` (a
    pull the other way). Returns what to run and whether to overwrite, or None when the
    user cancels or nothing can run (after saying why: collisions, nothing to transfer).
    ``keeping``: what keeps the bucket's replaced copies (None: not asked, nothing is
    replaced there). ``pushed_folder``: the local folder a push sends (the local folder
    joined with the path field), for the note on empty folders; without it, the folder
    holding all of the plan's files."""
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
    updates = model.checked_updates()
    source, target = (local, remote) if direction == "push" else (remote, local)
    note = (
        (keeping.note("the replaced copies in the bucket") if keeping else "")
        if direction == "push"
        else "The replaced local versions go to the trash (or a backup folder) first, so "
        f"you can get them back ({UNDO_HINT})."
    )
    notes = run_notes(direction, model.summary, files, local, pushed_folder)
    dialog = ConfirmDialog(
        direction, source, target, files, updates, overwrites, note, parent, notes=notes
    )
    if dialog.exec() != ConfirmDialog.DialogCode.Accepted:
        return None
    left_out = set() if dialog.force else {id(f) for f in overwrites}
    return [f for f in files if id(f) not in left_out], dialog.force
