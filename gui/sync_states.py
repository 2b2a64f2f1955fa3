"""How the window draws the engine's plan states: a colour and a shape for each.

The states and their words (``label``, ``meaning``) are the engine's
(:class:`bucketferry.core.states.PlanState`); the window only adds what a terminal cannot
show. States are shown with colour *and* a shape *and* a word, so they read without colour
(colour blindness, grey-scale screenshots) and in light and dark palettes: the colours are
mid-tone and chosen per palette lightness. Display order is the enum's (worst first).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication

from bucketferry.core.states import PlanState


@dataclass(frozen=True)
class StateLook:
    """A state's colour for light and for dark palettes, and the shape of its icon."""

    light: str
    dark: str
    shape: str

    def colour(self, dark_palette: bool) -> QColor:
        return QColor(self.dark if dark_palette else self.light)


LOOKS: dict[PlanState, StateLook] = {
    PlanState.COLLISION: StateLook("#b3261e", "#f2827b", "cross"),
    PlanState.REFUSED: StateLook("#8e3b8e", "#e08fe0", "bang"),
    PlanState.DIFFERS: StateLook("#b35c00", "#f0a04b", "diamond"),
    PlanState.NEW: StateLook("#1e7b34", "#5cc97a", "plus"),
    PlanState.FAILED: StateLook("#b3261e", "#f2827b", "bang"),
    PlanState.SYNCED: StateLook("#0b6bcb", "#6fb3f5", "check"),
    PlanState.IDENTICAL: StateLook("#5f6b76", "#a3adb6", "check"),
    PlanState.SKIPPED: StateLook("#7a6a9a", "#b9a8dc", "dash"),
}


def _dark_palette() -> bool:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _draw_shape(painter: QPainter, shape: str, size: float) -> None:
    m = size * 0.22
    r = QRectF(m, m, size - 2 * m, size - 2 * m)
    c = r.center()
    if shape == "plus":
        painter.drawLine(QPointF(c.x(), r.top()), QPointF(c.x(), r.bottom()))
        painter.drawLine(QPointF(r.left(), c.y()), QPointF(r.right(), c.y()))
    elif shape == "check":
        path = QPainterPath(QPointF(r.left(), c.y()))
        path.lineTo(QPointF(c.x() - r.width() * 0.1, r.bottom()))
        path.lineTo(QPointF(r.right(), r.top()))
        painter.drawPath(path)
    elif shape == "diamond":
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), r.top()),
                    QPointF(r.right(), c.y()),
                    QPointF(c.x(), r.bottom()),
                    QPointF(r.left(), c.y()),
                ]
            )
        )
    elif shape == "cross":
        painter.drawLine(r.topLeft(), r.bottomRight())
        painter.drawLine(r.topRight(), r.bottomLeft())
    elif shape == "dash":
        painter.drawLine(QPointF(r.left(), c.y()), QPointF(r.right(), c.y()))
    elif shape == "bang":
        painter.drawLine(QPointF(c.x(), r.top()), QPointF(c.x(), r.bottom() - r.height() * 0.3))
        painter.drawPoint(QPointF(c.x(), r.bottom()))


@cache
def _icon(shape: str, color_name: str) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(color_name), max(2.0, size / 8))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        _draw_shape(painter, shape, size)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def state_icon(state: PlanState) -> QIcon:
    """An icon whose shape differs per state (not only its colour); HiDPI sizes included."""
    look = LOOKS[state]
    return _icon(look.shape, look.colour(_dark_palette()).name())


def state_color(state: PlanState) -> QColor:
    """The state's colour for the application's current palette."""
    return LOOKS[state].colour(_dark_palette())
