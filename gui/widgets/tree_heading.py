"""The line above each tree that says what it shows: "This computer — ~/lab_results",
"Bucket — data / handoff"."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from bucketferry.core import RemoteStorage
from bucketferry.core.paths import join_remote

from ..translation import Context

tree_heading = Context("tree_heading")


def home_shortened(path: str) -> str:
    """``path`` with the home folder written as '~' (as people read it in a terminal)."""
    home = os.path.expanduser("~").rstrip(os.sep)
    if home and path == home:
        return "~"
    if home and path.startswith(home + os.sep):
        return "~" + path[len(home) :]
    return path


def local_heading(folder: str) -> str:
    """What the local tree shows: ``folder`` as typed ('~' expanded), or why nothing."""
    if not folder:
        return tree_heading.tr("This computer — no folder chosen yet")
    shown = home_shortened(os.path.abspath(folder))
    if os.path.exists(folder) and not os.path.isdir(folder):
        return tree_heading.tr("This computer — {folder}: a file, not a folder").format(
            folder=shown
        )
    if not os.path.isdir(folder):
        return tree_heading.tr("This computer — {folder}: this folder does not exist").format(
            folder=shown
        )
    return tree_heading.tr("This computer — {folder}").format(folder=shown)


def remote_heading(storage: RemoteStorage | None, remote_path: str) -> str:
    """What the bucket's tree shows: the bucket, and the base path and path in it."""
    if storage is None:
        return tree_heading.tr("Bucket — the connection cannot be used (see Manage…)")
    where = join_remote(storage.remote_base_path, remote_path).strip("/")
    bucket = storage.conf.bucket + (f" / {where}" if where else "")
    return tree_heading.tr("Bucket — {bucket}").format(bucket=bucket)


class TreeHeading(QLabel):
    """Bold; drawn elided in the middle when the tree is narrower than the text, which
    stays whole in ``text()``, the tooltip and the accessible name."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def say(self, text: str) -> None:
        self.setText(text)
        self.setToolTip(text)
        self.setAccessibleName(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideMiddle, rect.width()
        )
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), shown)
