"""How a sync state tints a row in the two trees: the state's text colour and a faint
wash of it behind the row, readable in light and dark palettes."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QBrush, QColor

from ..sync_states import state_color


@cache
def _brushes(colour_name: str) -> tuple[QBrush, QBrush]:
    colour = QColor(colour_name)
    wash = QColor(colour)
    wash.setAlpha(36)
    return QBrush(colour), QBrush(wash)


def state_brushes(state: str) -> tuple[QBrush, QBrush]:
    """(text, background) brushes; cached, since trees ask for them on every paint."""
    return _brushes(state_color(state).name())
