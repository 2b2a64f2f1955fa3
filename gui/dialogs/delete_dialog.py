"""The confirmation before deleting from the bucket: exactly what will go, how much, and
whether and where it is kept (bucket backups, older versions, or not at all). Cancel is the
default button: deleting needs a deliberate click."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import RemoteObjectProtocol
from bucketferry.core.display import printable
from bucketferry.core.units import human_size

from ..keeping_words import Keeping
from ..translation import Context

delete_dialog = Context("delete_dialog")


class DeleteDialog(QDialog):
    def __init__(
        self,
        where: str,
        objects: Sequence[RemoteObjectProtocol],
        keeping: Keeping,
        parent: QWidget | None = None,
        refused: Sequence[tuple[RemoteObjectProtocol, str]] = (),
    ) -> None:
        """``refused``: objects that match but are left alone, each with the reason."""
        super().__init__(parent)
        self.setObjectName("deleteDialog")
        count = len(objects)
        self.setWindowTitle(delete_dialog.tr("Delete %n file(s) from the bucket?", "", count))
        total = sum(o.size for o in objects)
        layout = QVBoxLayout(self)
        summary = QLabel(
            delete_dialog.tr(
                "<b>Delete</b> %n file(s) ({size}) from <b>{where}</b>.", "", count
            ).format(size=human_size(total), where=where)
            + "<br>"
            + keeping.note(delete_dialog.tr("the deleted files"))
        )
        summary.setObjectName("deleteSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.listing = QListWidget()
        self.listing.setObjectName("deleteList")
        self.listing.setAccessibleName(self.tr("Files to delete"))
        self.listing.addItems([f"{printable(o.name)}  ({human_size(o.size)})" for o in objects])
        layout.addWidget(self.listing)
        if refused:
            note = QLabel(
                delete_dialog.tr(
                    "%n object(s) that match will be <b>left alone</b>: deleting them is not safe.",
                    "",
                    len(refused),
                )
            )
            note.setWordWrap(True)
            layout.addWidget(note)
            self.refused_listing = QListWidget()
            self.refused_listing.setObjectName("deleteRefusedList")
            self.refused_listing.setAccessibleName(self.tr("Objects left alone"))
            self.refused_listing.addItems(
                [f"{printable(o.name)}: {printable(why)}" for o, why in refused]
            )
            self.refused_listing.setMaximumHeight(120)
            layout.addWidget(self.refused_listing)
        buttons = QDialogButtonBox()
        self.delete_button = QPushButton(delete_dialog.tr("Delete %n file(s)", "", count))
        self.delete_button.setObjectName("confirmDeleteButton")
        self.delete_button.setAutoDefault(False)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.delete_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)
