"""How a sync state shows in the two trees: the state's text colour, a faint wash of it
behind the row, the state's shape as a badge on the file or folder icon, and a tooltip that
says it. The text colour is checked against the washed row it is drawn on, so it reads at
4.5:1 in light and dark palettes alike."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QIcon

from bucketferry.core.states import PlanState

from ..colour_contrast import mix, readable
from ..sync_states import (
    base_colour,
    palette_generation,
    state_colours,
    state_label,
    state_meaning,
    tree_icon,
)
from ..translation import Context

tree_colours = Context("tree_colours")

COL_NAME = 0
"""Both trees show the name in their first column."""
PLAN_ROLES = (
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.DecorationRole,
)
WASH = 36
"""How much of the state's colour (of 255) tints a row."""


def state_brushes() -> dict[PlanState, tuple[QBrush, QBrush]]:
    """(text, background) brushes of every state for the current palette. Made once per
    plan (and palette), not per paint: the trees ask for them for every visible cell, and
    reading the palette each time showed up as event-loop stalls
    (tests/benchmarks/bench_gui.py)."""
    base = base_colour()
    brushes = {}
    for state, colour in state_colours().items():
        washed = mix(base, colour, WASH / 255)
        brushes[state] = (QBrush(readable(colour, washed)), QBrush(washed))
    return brushes


class PlanColours:
    """One tree's share of the plan: its paths' states, and what each state paints."""

    def __init__(self) -> None:
        self.states: dict[str, PlanState] = {}
        self._brushes: dict[PlanState, tuple[QBrush, QBrush]] = {}
        self._icons: dict[tuple[PlanState, bool], QIcon] = {}
        self._generation = -1

    def set(self, states: dict[str, PlanState]) -> None:
        """Also makes the icons (per state, for files and folders) once, like the brushes."""
        self.states = states
        self._paint_in_current_palette()

    def _paint_in_current_palette(self) -> None:
        self._generation = palette_generation()
        self._brushes = state_brushes()
        self._icons = {
            (state, folder): tree_icon(state, folder)
            for state in PlanState
            for folder in (False, True)
        }

    def role_data(self, state: PlanState | None, role: int, column: int, folder: bool) -> Any:
        """What ``state`` shows for ``role`` (one of PLAN_ROLES) in a ``folder``'s or a
        file's row, or None to leave the cell as the model has it."""
        if state is None:
            return None
        if self._generation != palette_generation():  # light and dark switched
            self._paint_in_current_palette()
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brushes[state][0]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[state][1]
        if column != COL_NAME:  # the icon and the tooltip are on the name only
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[state, folder]
        return tree_colours.tr("{state}: {meaning}").format(
            state=state_label(state), meaning=state_meaning(state)
        )
