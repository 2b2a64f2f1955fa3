"""How differences are marked: tints in the state colours, as text formats Qt paints by
itself, and the extra selections that put them on lines and characters of a text view."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextEdit

from bucketferry.core.states import PlanState

from ..colour_contrast import mix, readable
from ..diff_content import MARK_ADDS, MARK_CHANGED, MARK_REMOVES
from ..sync_states import LOOKS

__all__ = ["Formats", "mix", "selection"]


def _background(colour: QColor | QBrush, full_width: bool = False) -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setBackground(colour)
    if full_width:
        text_format.setProperty(QTextFormat.Property.FullWidthSelection, True)
    return text_format


@dataclass(frozen=True)
class Formats:
    """How rows and characters are marked, as text formats Qt paints by itself.

    The tints are the state colours of sync_states (amber: changed, green: what the run
    adds, red: what it removes) mixed into the palette's base colour, lightly for lines and
    strongly for characters, so the palette's text colour stays readable on them in light
    and dark palettes alike. The markers (and the legend) are text in those colours,
    shaded where needed to read at 4.5:1 on the base colour.
    """

    lines: dict[str, QTextCharFormat]
    chars: dict[str, QTextCharFormat]
    markers: dict[str, QTextCharFormat]
    filler: QTextCharFormat
    colours: dict[str, QColor]

    @staticmethod
    def of(palette: QPalette) -> Formats:
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        text = palette.color(QPalette.ColorRole.Text)
        colours = {
            mark: readable(LOOKS[state].colour(dark), base)
            for mark, state in (
                (MARK_CHANGED, PlanState.DIFFERS),
                (MARK_ADDS, PlanState.NEW),
                (MARK_REMOVES, PlanState.COLLISION),
            )
        }
        markers = {}
        for mark, colour in colours.items():
            markers[mark] = QTextCharFormat()
            markers[mark].setForeground(colour)
            markers[mark].setFontWeight(QFont.Weight.Bold)
        return Formats(
            lines={mark: _background(mix(base, c, 0.16), True) for mark, c in colours.items()},
            chars={mark: _background(mix(base, c, 0.45)) for mark, c in colours.items()},
            markers=markers,
            filler=_background(QBrush(mix(base, text, 0.15), Qt.BrushStyle.BDiagPattern), True),
            colours=colours,
        )


def selection(
    document: QTextDocument, row: int, start: int, end: int, text_format: QTextCharFormat
) -> QTextEdit.ExtraSelection:
    """Characters [start, end) of line ``row`` (the whole line for a full-width format).
    Moves the cursor with movePosition only: it is far cheaper than walking the text."""
    cursor = QTextCursor(document.findBlockByNumber(row))
    if start:
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter, n=start)
    if end > start:
        cursor.movePosition(
            QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor, end - start
        )
    extra = QTextEdit.ExtraSelection()
    extra.cursor = cursor
    extra.format = text_format
    return extra
