"""The shapes of the state icons, drawn with QPainter: one shape per state, simple enough to
tell apart at 16 pixels and in grey scale (colour blindness, printed screenshots).

Each shape is drawn with the painter's pen (its colour and width set by the caller) into a
square of ``size`` pixels. The shapes and what they are meant to say:

========================  =========================================================
``cross``                 collision: cannot sync
``stop``                  refused: an octagon (a stop sign) with a bar
``disc``                  conflict: changed on both sides (a full circle)
``diamond``               differs, no record of which side changed
``right_half``            changed in the bucket (the right-hand pane)
``left_half``             changed here (the left-hand pane)
``plus``                  new: will be added
``slashed_ring``          deleted from the source since the last sync
``square``                only on the target (a hollow box)
``warning``               failed: a triangle with an exclamation mark
``check``                 synced by this run
``equals``                identical: the same content on both sides
``funnel``                skipped: left out by the filters
========================  =========================================================
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPolygonF

SHAPES = (
    "cross",
    "stop",
    "disc",
    "diamond",
    "right_half",
    "left_half",
    "plus",
    "slashed_ring",
    "square",
    "warning",
    "check",
    "equals",
    "funnel",
)


def _polygon(points: list[tuple[float, float]]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


def draw_shape(painter: QPainter, shape: str, size: float) -> None:
    """Draws ``shape`` (one of :data:`SHAPES`) into the square (0, 0, size, size)."""
    m = size * 0.22
    r = QRectF(m, m, size - 2 * m, size - 2 * m)
    c = r.center()
    w, h = r.width(), r.height()
    if shape == "plus":
        painter.drawLine(QPointF(c.x(), r.top()), QPointF(c.x(), r.bottom()))
        painter.drawLine(QPointF(r.left(), c.y()), QPointF(r.right(), c.y()))
    elif shape == "check":
        path = QPainterPath(QPointF(r.left(), c.y()))
        path.lineTo(QPointF(c.x() - w * 0.1, r.bottom()))
        path.lineTo(QPointF(r.right(), r.top()))
        painter.drawPath(path)
    elif shape == "equals":
        for y in (r.top() + h * 0.25, r.bottom() - h * 0.25):
            painter.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
    elif shape == "diamond":
        painter.drawPolygon(
            _polygon([(c.x(), r.top()), (r.right(), c.y()), (c.x(), r.bottom()), (r.left(), c.y())])
        )
    elif shape == "cross":
        painter.drawLine(r.topLeft(), r.bottomRight())
        painter.drawLine(r.topRight(), r.bottomLeft())
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
        d = w / 2 * 0.7071  # the slash ends on the ring, at 45 degrees
        painter.drawLine(QPointF(c.x() + d, c.y() - d), QPointF(c.x() - d, c.y() + d))
    elif shape == "square":
        painter.drawRect(r)
    elif shape == "stop":
        radius = w / 2 / math.cos(math.pi / 8)  # the flat sides touch the square
        painter.drawPolygon(
            _polygon(
                [
                    (
                        c.x() + radius * math.cos(math.pi / 8 + i * math.pi / 4),
                        c.y() + radius * math.sin(math.pi / 8 + i * math.pi / 4),
                    )
                    for i in range(8)
                ]
            )
        )
        painter.drawLine(QPointF(c.x() - w * 0.22, c.y()), QPointF(c.x() + w * 0.22, c.y()))
    elif shape == "warning":
        top = r.top() - h * 0.08
        painter.drawPolygon(
            _polygon(
                [
                    (c.x(), top),
                    (r.right() + w * 0.08, r.bottom()),
                    (r.left() - w * 0.08, r.bottom()),
                ]
            )
        )
        painter.drawLine(QPointF(c.x(), top + h * 0.38), QPointF(c.x(), r.bottom() - h * 0.34))
        painter.drawPoint(QPointF(c.x(), r.bottom() - h * 0.14))
    elif shape == "funnel":
        painter.drawPolygon(
            _polygon(
                [
                    (r.left(), r.top()),
                    (r.right(), r.top()),
                    (c.x() + w * 0.12, c.y() + h * 0.05),
                    (c.x() + w * 0.12, r.bottom()),
                    (c.x() - w * 0.12, r.bottom() - h * 0.15),
                    (c.x() - w * 0.12, c.y() + h * 0.05),
                ]
            )
        )
    else:
        raise ValueError(f"No state shape is called {shape!r}")
