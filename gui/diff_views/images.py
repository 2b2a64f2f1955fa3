"""One side of a picture comparison."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QBrush, QImage, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

from .marks import mix


class PicturePane(QWidget):
    """A picture fitted into the pane over a checkerboard (so transparency shows); small
    pictures are enlarged with crisp pixels, large ones reduced smoothly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self._message = ""
        self._checkers: tuple[int, QBrush] | None = None
        self.setMinimumSize(160, 160)

    def set_image(self, image: QImage | None, message: str) -> None:
        self.image, self._message = image, message
        self.update()

    def _checkerboard(self) -> QBrush:
        base = self.palette().color(QPalette.ColorRole.Base)
        if self._checkers is None or self._checkers[0] != base.rgba():
            tile = QPixmap(16, 16)
            tile.fill(base)
            painter = QPainter(tile)
            shade = mix(base, self.palette().color(QPalette.ColorRole.Text), 0.1)
            painter.fillRect(0, 0, 8, 8, shade)
            painter.fillRect(8, 8, 8, 8, shade)
            painter.end()
            self._checkers = base.rgba(), QBrush(tile)
        return self._checkers[1]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self.image is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._message
            )
            return
        size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(QPoint(0, 0), size)
        target.moveCenter(self.rect().center())
        painter.fillRect(target, self._checkerboard())
        painter.setRenderHint(
            QPainter.RenderHint.SmoothPixmapTransform, size.width() < self.image.width()
        )
        painter.drawImage(target, self.image)
