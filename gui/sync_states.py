"""How the window draws the engine's plan states: a colour and a shape for each, as an
icon of its own (table, chips) or as a badge on a file or folder icon (trees).

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
from PySide6.QtWidgets import QApplication, QStyle

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
    # Which side changed: a circle filled on that side (local is the left pane, the bucket
    # the right one), full when both did; a diamond when no record says.
    PlanState.CONFLICT: StateLook("#c2185b", "#ff5c9d", "disc"),
    PlanState.DIFFERS: StateLook("#b35c00", "#f0a04b", "diamond"),
    PlanState.CHANGED_REMOTE: StateLook("#3d3dd6", "#8f8fff", "right_half"),
    PlanState.CHANGED_LOCAL: StateLook("#00796b", "#2ed3c0", "left_half"),
    PlanState.NEW: StateLook("#1e7b34", "#5cc97a", "plus"),
    # Only on one side and not copied: hollow shapes, quieter colours.
    PlanState.DELETED_SOURCE: StateLook("#6d4c41", "#c8a27c", "slashed_ring"),
    PlanState.ONLY_TARGET: StateLook("#6b6b00", "#d6d65a", "square"),
    PlanState.FAILED: StateLook("#b3261e", "#f2827b", "bang"),
    PlanState.SYNCED: StateLook("#0b6bcb", "#6fb3f5", "check"),
    PlanState.IDENTICAL: StateLook("#5f6b76", "#a3adb6", "check"),
    PlanState.SKIPPED: StateLook("#7a6a9a", "#b9a8dc", "dash"),
}


def _palette() -> QPalette | None:
    app = QApplication.instance()
    return app.palette() if isinstance(app, QApplication) else None


def _dark_palette() -> bool:
    palette = _palette()
    return palette is not None and palette.color(QPalette.ColorRole.Window).lightness() < 128


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
    elif shape == "disc":
        painter.setBrush(painter.pen().color())
        painter.drawEllipse(r)
    elif shape in ("left_half", "right_half"):
        painter.drawEllipse(r)
        half = QPainterPath(QPointF(c.x(), r.top()))  # from the top, round that side
        half.arcTo(r, 90, 180 if shape == "left_half" else -180)
        half.closeSubpath()
        painter.fillPath(half, painter.pen().color())
    elif shape == "slashed_ring":
        painter.drawEllipse(r)
        d = r.width() / 2 * 0.7071  # the slash ends on the ring, at 45 degrees
        painter.drawLine(QPointF(c.x() + d, c.y() - d), QPointF(c.x() - d, c.y() + d))
    elif shape == "square":
        painter.drawRect(r)
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


@cache
def _badged(shape: str, color_name: str, folder: bool, backing: str) -> QIcon:
    base = QApplication.style().standardIcon(
        QStyle.StandardPixmap.SP_DirIcon if folder else QStyle.StandardPixmap.SP_FileIcon
    )
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = base.pixmap(size, size)
        badge = size * 0.7
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(size - badge, size - badge)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(backing))  # keeps the shape readable on the file icon
        painter.drawEllipse(QRectF(0, 0, badge, badge))
        pen = QPen(QColor(color_name), max(1.5, badge / 8))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        _draw_shape(painter, shape, badge)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def tree_icon(state: PlanState, folder: bool) -> QIcon:
    """A file or folder icon with the state's shape as a badge in its corner, the way file
    managers mark sync states: the trees keep telling files from folders."""
    palette = _palette()
    backing = palette.color(QPalette.ColorRole.Base).name() if palette else "#ffffff"
    return _badged(LOOKS[state].shape, state_color(state).name(), folder, backing)


def state_color(state: PlanState) -> QColor:
    """The state's colour for the application's current palette."""
    return LOOKS[state].colour(_dark_palette())
