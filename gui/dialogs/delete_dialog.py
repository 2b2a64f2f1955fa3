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
from bucketferry.core.units import files_count, human_size

from ..keeping_words import Keeping


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
        count = files_count(len(objects))
        self.setWindowTitle(f"Delete {count} from the bucket?")
        total = sum(o.size for o in objects)
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"<b>Delete</b> {count} ({human_size(total)}) from <b>{where}</b>.<br>"
            + keeping.note("the deleted files")
        )
        summary.setObjectName("deleteSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.listing = QListWidget()
        self.listing.setObjectName("deleteList")
        self.listing.addItems([f"{printable(o.name)}  ({human_size(o.size)})" for o in objects])
        layout.addWidget(self.listing)
        if refused:
            note = QLabel(
                f"{files_count(len(refused), 'object')} that match will be <b>left alone</b>: "
                "deleting them is not safe."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
            self.refused_listing = QListWidget()
            self.refused_listing.setObjectName("deleteRefusedList")
            self.refused_listing.addItems(
                [f"{printable(o.name)}: {printable(why)}" for o, why in refused]
            )
            self.refused_listing.setMaximumHeight(120)
            layout.addWidget(self.refused_listing)
        buttons = QDialogButtonBox()
        self.delete_button = QPushButton(f"Delete {count}")
        self.delete_button.setObjectName("confirmDeleteButton")
        self.delete_button.setAutoDefault(False)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.delete_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)
