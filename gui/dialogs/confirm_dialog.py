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
from bucketferry.core.units import human_size

from ..keeping_words import Keeping, undo_hint
from ..messages import show_error
from ..models.preview_model import PreviewModel
from ..state_words import replacement_reason
from ..translation import Context
from .run_notes import Note, run_notes

NAMED = 5
"""Colliding paths named in the message before an ellipsis."""

confirm_dialog = Context("confirm_dialog")


def _updates_words(push: bool, count: int) -> str:
    if count == 1:
        return (
            confirm_dialog.tr(
                "1 file in the bucket will be updated: it is still the copy last synced, so no "
                "change is lost."
            )
            if push
            else confirm_dialog.tr(
                "1 file on this computer will be updated: it is still the copy last synced, "
                "so no change is lost."
            )
        )
    return (
        confirm_dialog.tr(
            "%n files in the bucket will be updated: they are still the copy last synced, so "
            "no change is lost.",
            "",
            count,
        )
        if push
        else confirm_dialog.tr(
            "%n files on this computer will be updated: they are still the copy last synced, "
            "so no change is lost.",
            "",
            count,
        )
    )


def _overwrites_words(push: bool, count: int) -> str:
    if count == 1:
        return (
            confirm_dialog.tr(
                "1 file in the bucket changed since the last sync, or was never synced here, "
                "and would be <b>replaced</b>:"
            )
            if push
            else confirm_dialog.tr(
                "1 file on this computer changed since the last sync, or was never synced "
                "here, and would be <b>replaced</b>:"
            )
        )
    return (
        confirm_dialog.tr(
            "%n files in the bucket changed since the last sync, or were never synced here, "
            "and would be <b>replaced</b>:",
            "",
            count,
        )
        if push
        else confirm_dialog.tr(
            "%n files on this computer changed since the last sync, or were never synced "
            "here, and would be <b>replaced</b>:",
            "",
            count,
        )
    )


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
        push = direction == "push"
        count = len(files)
        self.setWindowTitle(
            confirm_dialog.tr("Push %n file(s)?", "", count)
            if push
            else confirm_dialog.tr("Pull %n file(s)?", "", count)
        )
        total = sum(f.get_bytes_transferred() for f in files)
        layout = QVBoxLayout(self)
        said = (
            confirm_dialog.tr(
                "<b>Push</b> %n file(s) ({size})<br>from <b>{source}</b><br>to <b>{target}</b>",
                "",
                count,
            )
            if push
            else confirm_dialog.tr(
                "<b>Pull</b> %n file(s) ({size})<br>from <b>{source}</b><br>to <b>{target}</b>",
                "",
                count,
            )
        )
        summary = QLabel(said.format(size=human_size(total), source=source, target=target))
        summary.setObjectName("confirmSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        for name, text in notes:
            layout.addWidget(sentence(text, name))
        if updates:
            layout.addWidget(sentence(_updates_words(push, len(updates))))
            updated = file_listing("updateList", [u.name for u in updates], 4)
            updated.setAccessibleName(confirm_dialog.tr("Files that will be updated"))
            layout.addWidget(updated)
        self.force_check = QCheckBox(self)
        self.force_check.setObjectName("forceCheckBox")
        if overwrites:
            layout.addWidget(sentence(_overwrites_words(push, len(overwrites))))
            reasons = [f"{o.name} \u2014 {replacement_reason(o)}" for o in overwrites]
            overwritten = file_listing("overwriteList", reasons, 8)
            overwritten.setAccessibleName(
                confirm_dialog.tr("Files that would replace a changed copy, with the reason")
            )
            layout.addWidget(overwritten)
        if (updates or overwrites) and versioning_note:
            note = sentence(versioning_note)
            note.setObjectName("keepingNote")  # where the replaced copies will be
            layout.addWidget(note)
        if overwrites:
            self.force_check.setText(
                confirm_dialog.tr("Overwrite the %n file(s) listed above", "", len(overwrites))
            )
            self.force_check.setAccessibleName(confirm_dialog.tr("Allow overwriting"))
            layout.addWidget(self.force_check)
        else:
            self.force_check.hide()
            layout.addWidget(
                QLabel(
                    confirm_dialog.tr("Nothing else will be replaced.")
                    if updates
                    else confirm_dialog.tr("Nothing will be replaced.")
                )
            )

        self.confirm_button = add_confirm_buttons(self, layout, "")
        self._push = push
        self._count = len(files)
        self._overwrites = len(overwrites)
        self.force_check.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        """Without the tick, the listed files are left out rather than overwritten."""
        if self._overwrites and not self.force_check.isChecked():
            count = self._count - self._overwrites
            text = (
                confirm_dialog.tr("Push %n file(s), leave the listed ones alone", "", count)
                if self._push
                else confirm_dialog.tr("Pull %n file(s), leave the listed ones alone", "", count)
            )
        else:
            count = self._count
            text = (
                confirm_dialog.tr("Push %n file(s)", "", count)
                if self._push
                else confirm_dialog.tr("Pull %n file(s)", "", count)
            )
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
        names += "…" if len(collisions) > NAMED else ""
        show_error(
            parent,
            confirm_dialog.tr("Name collisions block the run"),
            confirm_dialog.tr(
                "{count} paths are a file on one side and a folder on the other ({names}). "
                "Rename them, exclude them with a filter, or uncheck their rows."
            ).format(count=len(collisions), names=names),
        )
        return None
    files = model.selected_for_run()
    if not files:
        QMessageBox.information(
            parent,
            confirm_dialog.tr("Nothing to do"),
            confirm_dialog.tr("No checked row needs a transfer."),
        )
        return None
    overwrites = model.checked_overwrites()
    updates = model.checked_updates()
    source, target = (local, remote) if direction == "push" else (remote, local)
    if direction != "push":
        note = confirm_dialog.tr(
            "The replaced local versions go to the trash (or a backup folder) first, so you "
            "can get them back ({undo})."
        ).format(undo=undo_hint())
    elif keeping:
        note = keeping.note(confirm_dialog.tr("the replaced copies in the bucket"))
    else:
        note = ""
    notes = run_notes(direction, model.summary, files, local, pushed_folder)
    dialog = ConfirmDialog(
        direction, source, target, files, updates, overwrites, note, parent, notes=notes
    )
    if dialog.exec() != ConfirmDialog.DialogCode.Accepted:
        return None
    left_out = set() if dialog.force else {id(f) for f in overwrites}
    return [f for f in files if id(f) not in left_out], dialog.force
