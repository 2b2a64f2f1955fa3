"""How a sync state shows in the two trees: the state's text colour, a faint wash of it
behind the row (readable in light and dark palettes), and a tooltip that says it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from bucketferry.core.states import PlanState

from ..sync_states import state_color

COL_NAME = 0
"""Both trees show the name in their first column."""
PLAN_ROLES = (
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole,
)


def _state_brushes() -> dict[PlanState, tuple[QBrush, QBrush]]:
    """(text, background) brushes of every state for the current palette. Made once per
    plan, not per paint: the trees ask for them for every visible cell, and reading the
    palette each time showed up as event-loop stalls (tests/benchmarks/bench_gui.py)."""
    brushes = {}
    for state in PlanState:
        colour = state_color(state)
        wash = QColor(colour)
        wash.setAlpha(36)
        brushes[state] = (QBrush(colour), QBrush(wash))
    return brushes


class PlanColours:
    """One tree's share of the plan: its paths' states, and what each state paints."""

    def __init__(self) -> None:
        self.states: dict[str, PlanState] = {}
        self._brushes: dict[PlanState, tuple[QBrush, QBrush]] = {}

    def set(self, states: dict[str, PlanState]) -> None:
        self.states = states
        self._brushes = _state_brushes()

    def role_data(self, state: PlanState | None, role: int, column: int) -> Any:
        """What ``state`` shows for ``role`` (one of PLAN_ROLES), or None to leave the
        cell as the model has it."""
        if state is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brushes[state][0]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[state][1]
        if column == COL_NAME:  # the tooltip, on the name only
            return f"{state.label}: {state.meaning}"
        return None
