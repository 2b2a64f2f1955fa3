"""The one place that gives every sync state its text, colour and icon.

States are shown with colour *and* a shape *and* a word, so they read without colour
(colour blindness, grey-scale screenshots) and in light and dark palettes: the colours
are mid-tone and chosen per palette lightness.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication

from bucketferry.core import SyncObject, TransactionSummary

NEW, IDENTICAL, DIFFERS, COLLISION, SKIPPED, REFUSED, SYNCED, FAILED = (
    "new",
    "identical",
    "differs",
    "collision",
    "skipped",
    "refused",
    "synced",
    "failed",
)


@dataclass(frozen=True)
class StateStyle:
    key: str
    label: str
    description: str
    light: str
    dark: str
    shape: str

    def color(self) -> QColor:
        app = QApplication.instance()
        dark_palette = False
        if isinstance(app, QApplication):
            dark_palette = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return QColor(self.dark if dark_palette else self.light)


STYLES: dict[str, StateStyle] = {
    s.key: s
    for s in (
        StateStyle(
            NEW, "New", "not on the target yet: will be copied", "#1e7b34", "#5cc97a", "plus"
        ),
        StateStyle(
            IDENTICAL, "Identical", "same content on both sides", "#5f6b76", "#a3adb6", "check"
        ),
        StateStyle(
            DIFFERS,
            "Differs",
            "content differs: copying overwrites (needs force)",
            "#b35c00",
            "#f0a04b",
            "diamond",
        ),
        StateStyle(
            COLLISION,
            "Collision",
            "a file and a folder share this name: cannot sync",
            "#b3261e",
            "#f2827b",
            "cross",
        ),
        StateStyle(SKIPPED, "Skipped", "left out by the filters", "#7a6a9a", "#b9a8dc", "dash"),
        StateStyle(
            REFUSED,
            "Refused",
            "cannot be transferred safely (a link, an unusable name, unreadable): see why",
            "#8e3b8e",
            "#e08fe0",
            "bang",
        ),
        StateStyle(SYNCED, "Synced", "transferred in this run", "#0b6bcb", "#6fb3f5", "check"),
        StateStyle(
            FAILED, "Failed", "not transferred; see the reason", "#b3261e", "#f2827b", "bang"
        ),
    )
}
STATE_ORDER = (COLLISION, REFUSED, DIFFERS, NEW, FAILED, SYNCED, IDENTICAL, SKIPPED)


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
def _icon(key: str, color_name: str) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(color_name), max(2.0, size / 8))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        _draw_shape(painter, STYLES[key].shape, size)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def state_icon(key: str) -> QIcon:
    """An icon whose shape differs per state (not only its colour); HiDPI sizes included."""
    return _icon(key, STYLES[key].color().name())


def state_color(key: str) -> QColor:
    return STYLES[key].color()


def row_states(summary: TransactionSummary) -> list[tuple[SyncObject, str]]:
    """Every analysed file of a plan with its state, worst states first."""
    collided = set(summary.unresolvable_collisions)
    rows: list[tuple[SyncObject, str]] = []
    for item in summary.matched_source_files:
        if item.name in collided:
            rows.append((item, COLLISION))
    rows += [(s, DIFFERS) for s in summary.on_target_neq_md5]
    rows += [(s, NEW) for s in summary.not_on_target]
    rows += [(s, IDENTICAL) for s in summary.on_target_eq_md5]
    rows += [(s, REFUSED if s.status == REFUSED else SKIPPED) for s in summary.skipped_source_files]
    return rows


def current_state(item: SyncObject, planned: str) -> str:
    """After a run, the per-file result replaces the planned state."""
    if item.status == "synced" and planned in (NEW, DIFFERS):
        return SYNCED
    if item.status == "failed":
        return FAILED
    return planned
