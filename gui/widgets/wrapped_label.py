"""A label for messages of any length (an error, a test result, a note): the words wrap,
the text can be selected and copied, and the label claims the height its text needs at
its current width, so the window around it grows instead of cutting the text off.

Qt's layouts do not carry a word-wrapped label's height-for-width up to a top-level
window's minimum size; this label does it itself, as a minimum height.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | (
    Qt.TextInteractionFlag.TextSelectableByKeyboard
)


class WrappedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(SELECTABLE)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def clear(self) -> None:
        super().clear()
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The height the text needs at this width, as the minimum. Hidden, the width is
        not known yet (a fresh label is 100 pixels wide): showing and laying it out fits
        it then."""
        needed = self.heightForWidth(self.width()) if self.text() and self.isVisible() else 0
        if needed != self.minimumHeight():
            self.setMinimumHeight(max(0, needed))
