"""How the window draws the engine's plan states: a colour and a shape for each, as an
icon of its own (table, chips) or as a badge on a file or folder icon (trees).

The states and their words (``label``, ``meaning``) are the engine's
(:class:`bucketferry.core.states.PlanState`); the window only adds what a terminal cannot
show. States are shown with colour *and* a shape of their own *and* a word, so they read
without colour (colour blindness, grey-scale screenshots) and in light and dark palettes.

Colours follow the palette the window has now, whatever the system chose: the variant
(``light`` or ``dark``) by the lightness of the palette's base colour (where tables and trees
draw their rows), then checked against that colour and, where too faint, shaded until it
reads at the WCAG contrast of 4.5:1 (:mod:`.colour_contrast`). Display order is the enum's
(worst first).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from bucketferry.core.states import PlanState

from .colour_contrast import readable
from .state_shapes import draw_shape
from .translation import Context

sync_states = Context("sync_states")

_WORDS = (
    # The engine's words (``PlanState.label`` and ``meaning``), marked here for translation
    # and translated by :func:`state_label` and :func:`state_meaning`; the engine's English
    # text is the source (tests/gui/test_state_translations.py keeps the two equal).
    QT_TRANSLATE_NOOP("sync_states", "Collision"),
    QT_TRANSLATE_NOOP("sync_states", "Refused"),
    QT_TRANSLATE_NOOP("sync_states", "Conflict"),
    QT_TRANSLATE_NOOP("sync_states", "Differs"),
    QT_TRANSLATE_NOOP("sync_states", "Changed in bucket"),
    QT_TRANSLATE_NOOP("sync_states", "Changed here"),
    QT_TRANSLATE_NOOP("sync_states", "New"),
    QT_TRANSLATE_NOOP("sync_states", "Deleted from source"),
    QT_TRANSLATE_NOOP("sync_states", "Only on target"),
    QT_TRANSLATE_NOOP("sync_states", "Failed"),
    QT_TRANSLATE_NOOP("sync_states", "Synced"),
    QT_TRANSLATE_NOOP("sync_states", "Identical"),
    QT_TRANSLATE_NOOP("sync_states", "Skipped"),
    QT_TRANSLATE_NOOP("sync_states", "a file and a folder have the same name: blocks the run"),
    QT_TRANSLATE_NOOP(
        "sync_states", "cannot be transferred safely: left alone, for the reason shown"
    ),
    QT_TRANSLATE_NOOP(
        "sync_states",
        "content differs and was never synced here, so which copy is newer is "
        "unknown: overwritten only when forced",
    ),
    QT_TRANSLATE_NOOP(
        "sync_states",
        "changed on this computer since the last sync; the bucket still has the copy last synced",
    ),
    QT_TRANSLATE_NOOP(
        "sync_states",
        "changed in the bucket since the last sync; this computer still has the copy last synced",
    ),
    QT_TRANSLATE_NOOP(
        "sync_states",
        "changed on both sides since the last sync: overwritten only when forced, and one "
        "of the changes is then replaced",
    ),
    QT_TRANSLATE_NOOP(
        "sync_states", "only on the target and never synced from here: shown, not copied"
    ),
    QT_TRANSLATE_NOOP(
        "sync_states",
        "synced before, since deleted from the source, still on the target: shown, not "
        "copied or deleted",
    ),
    QT_TRANSLATE_NOOP("sync_states", "not on the target yet: will be copied"),
    QT_TRANSLATE_NOOP("sync_states", "not transferred: see the reason"),
    QT_TRANSLATE_NOOP("sync_states", "transferred in this run"),
    QT_TRANSLATE_NOOP("sync_states", "same content on both sides: left alone"),
    QT_TRANSLATE_NOOP("sync_states", "left out by the filters"),
)


def state_label(state: PlanState) -> str:
    """The state's word (``PlanState.label``) in the window's language."""
    return sync_states.tr(state.label)


def state_meaning(state: PlanState) -> str:
    """What the state means for a file (``PlanState.meaning``) in the window's language."""
    return sync_states.tr(state.meaning)


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
    PlanState.REFUSED: StateLook("#8e3b8e", "#e08fe0", "stop"),
    # Which side changed: a circle filled on that side (local is the left pane, the bucket
    # the right one), full when both did; a diamond when no record says.
    PlanState.CONFLICT: StateLook("#c2185b", "#ff5c9d", "disc"),
    PlanState.DIFFERS: StateLook("#a65500", "#f0a04b", "diamond"),
    PlanState.CHANGED_REMOTE: StateLook("#3d3dd6", "#8f8fff", "right_half"),
    PlanState.CHANGED_LOCAL: StateLook("#00796b", "#2ed3c0", "left_half"),
    PlanState.NEW: StateLook("#1e7b34", "#5cc97a", "plus"),
    # Only on one side and not copied: hollow shapes, quieter colours.
    PlanState.DELETED_SOURCE: StateLook("#6d4c41", "#c8a27c", "slashed_ring"),
    PlanState.ONLY_TARGET: StateLook("#6b6b00", "#d6d65a", "square"),
    PlanState.FAILED: StateLook("#a4161a", "#ff8a80", "warning"),
    PlanState.SYNCED: StateLook("#0b6bcb", "#6fb3f5", "check"),
    PlanState.IDENTICAL: StateLook("#5f6b76", "#a3adb6", "equals"),
    PlanState.SKIPPED: StateLook("#6f5f91", "#b9a8dc", "funnel"),
}


def current_palette() -> QPalette:
    """The application's palette (Qt's default one before a QApplication exists)."""
    app = QApplication.instance()
    return app.palette() if isinstance(app, QApplication) else QPalette()


def base_colour(palette: QPalette | None = None) -> QColor:
    """Where tables and trees draw their rows: what state colours must read on."""
    return (palette or current_palette()).color(QPalette.ColorRole.Base)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (default: the application's) draws rows on a dark base."""
    return base_colour(palette).lightness() < 128


@cache
def _colours_on(base_rgb: int) -> dict[PlanState, QColor]:
    base = QColor.fromRgb(base_rgb)
    dark = base.lightness() < 128
    return {state: readable(look.colour(dark), base) for state, look in LOOKS.items()}


def state_colours(palette: QPalette | None = None) -> dict[PlanState, QColor]:
    """Every state's text colour for ``palette`` (default: the application's), readable on
    its base colour. Made once per base colour."""
    return _colours_on(base_colour(palette).rgb())


def state_color(state: PlanState, palette: QPalette | None = None) -> QColor:
    """The state's colour for ``palette`` (default: the application's current one)."""
    return QColor(state_colours(palette)[state])


_generation = 0


def palette_generation() -> int:
    """Counts the palette changes the window noticed (see :func:`notice_palette_change`):
    models that keep brushes or icons per plan make them again when it moves on."""
    return _generation


def notice_palette_change() -> None:
    """The application's palette changed (the system switched between light and dark):
    called by a widget that got the change event, so models repaint in the new colours."""
    global _generation
    _generation += 1


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
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        draw_shape(painter, shape, size)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def state_icon(state: PlanState, palette: QPalette | None = None) -> QIcon:
    """An icon whose shape differs per state (not only its colour); HiDPI sizes included."""
    return _icon(LOOKS[state].shape, state_color(state, palette).name())


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
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        draw_shape(painter, shape, badge)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def tree_icon(state: PlanState, folder: bool, palette: QPalette | None = None) -> QIcon:
    """A file or folder icon with the state's shape as a badge in its corner, the way file
    managers mark sync states: the trees keep telling files from folders."""
    backing = base_colour(palette).name()
    return _badged(LOOKS[state].shape, state_color(state, palette).name(), folder, backing)
