"""A QR code of a link, drawn module by module (segno makes the matrix; no image library).

Dark modules on white, whatever the palette (a camera needs the contrast), with the quiet
zone of four modules the standard asks for around the symbol, each module a whole number
of pixels so that no edge blurs.
"""

from __future__ import annotations

import segno
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4
"""Light modules around the symbol (ISO/IEC 18004)."""
MODULE_PIXELS = 3
"""A module's size when there is room: large enough for a phone to read from a screen."""
SMALLEST_MODULE = 2

DARK = QColor(0, 0, 0)
LIGHT = QColor(255, 255, 255)


def qr_matrix(text: str) -> list[list[bool]]:
    """The symbol's modules for ``text`` (error correction M), row by row, True for dark."""
    symbol = segno.make(text, error="m")
    return [[bool(module) for module in row] for row in symbol.matrix]


class QrCode(QWidget):
    """Empty until :meth:`set_text`; then the code of that text, centred."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.modules: list[list[bool]] = []
        """The drawn symbol (without the quiet zone), row by row, True for dark."""
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self.modules = qr_matrix(text) if text else []
        self.updateGeometry()
        self.update()

    def _span(self) -> int:
        """Modules across, quiet zone included (0 while empty)."""
        return len(self.modules) + 2 * QUIET_ZONE if self.modules else 0

    def sizeHint(self) -> QSize:
        side = self._span() * MODULE_PIXELS
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        side = self._span() * SMALLEST_MODULE
        return QSize(side, side)

    def module_size(self) -> int:
        """Pixels per module at the widget's current size (0 while empty)."""
        span = self._span()
        if not span:
            return 0
        return max(1, min(self.width(), self.height()) // span)

    def symbol_rect(self) -> QRect:
        """Where the code is drawn, quiet zone included."""
        side = self._span() * self.module_size()
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def module_rect(self, row: int, column: int) -> QRect:
        """Where one module of the symbol is drawn."""
        size, corner = self.module_size(), self.symbol_rect().topLeft()
        return QRect(
            corner.x() + (QUIET_ZONE + column) * size,
            corner.y() + (QUIET_ZONE + row) * size,
            size,
            size,
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.modules:
            return
        painter = QPainter(self)
        painter.fillRect(self.symbol_rect(), LIGHT)
        for row, line in enumerate(self.modules):
            for column, dark in enumerate(line):
                if dark:
                    painter.fillRect(self.module_rect(row, column), DARK)
        painter.end()
