"""How a sync state tints a row in the two trees: the state's text colour and a faint
wash of it behind the row, readable in light and dark palettes."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from ..sync_states import STYLES, state_color


def state_brushes() -> dict[str, tuple[QBrush, QBrush]]:
    """(text, background) brushes of every state for the current palette. Made once per
    plan, not per paint: the trees ask for them for every visible cell, and reading the
    palette each time showed up as event-loop stalls (tests/benchmarks/bench_gui.py)."""
    brushes = {}
    for state in STYLES:
        colour = state_color(state)
        wash = QColor(colour)
        wash.setAlpha(36)
        brushes[state] = (QBrush(colour), QBrush(wash))
    return brushes
