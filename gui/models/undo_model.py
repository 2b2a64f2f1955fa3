"""The undo plan as a table, drawn like the preview: each step with the colour and shape
of its plan state (gui/sync_states.py) and the words of what undoing does to it.

The engine gives each step a PlanState (core/undo.py): NEW and DIFFERS are put back (over
nothing, or over what the run wrote), DELETED_SOURCE is removed (the run created it),
IDENTICAL, CONFLICT and SKIPPED are left alone. After the undo ran, a step reads as SYNCED
(undone) or FAILED (with the reason), as a preview's rows do after a run.

``StateRole`` on the State column is that state's stable lower-case value (``new``,
``differs``, ``deleted_source``, ``identical``, ``conflict``, ``skipped``, then
``synced`` or ``failed``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon

from bucketferry.core.display import printable
from bucketferry.core.journal import LOCAL
from bucketferry.core.states import PlanState
from bucketferry.core.undo import REMOVE, RESTORE, UndoStep

from ..sync_states import state_color, state_icon, state_label
from ..translation import QT_TRANSLATE_NOOP, Context
from .list_table import ListTableModel

StateRole = Qt.ItemDataRole.UserRole

COL_STATE, COL_WHERE, COL_PATH, COL_WHAT = range(4)

undo_model = Context("undo_model")

STATE_WORDS = {
    PlanState.NEW: QT_TRANSLATE_NOOP("undo_model", "Put back"),
    PlanState.DIFFERS: QT_TRANSLATE_NOOP("undo_model", "Put back"),
    PlanState.DELETED_SOURCE: QT_TRANSLATE_NOOP("undo_model", "Remove"),
    PlanState.IDENTICAL: QT_TRANSLATE_NOOP("undo_model", "Already as before"),
    PlanState.CONFLICT: QT_TRANSLATE_NOOP("undo_model", "Conflict"),
    PlanState.SKIPPED: QT_TRANSLATE_NOOP("undo_model", "Cannot undo"),
    PlanState.SYNCED: QT_TRANSLATE_NOOP("undo_model", "Undone"),
    PlanState.FAILED: QT_TRANSLATE_NOOP("undo_model", "Failed"),
}
"""In English; shown through ``undo_model.tr``."""


def shown_state(step: UndoStep) -> PlanState:
    """The step's plan state, or after the undo ran, how it went."""
    if step.status == "done":
        return PlanState.SYNCED
    if step.status == "failed":
        return PlanState.FAILED
    return step.state


def step_words(step: UndoStep) -> str:
    """What undoing does to this file, and why: 'Put back the version from before the run,
    replacing what the run wrote', 'Remove: the run created it', 'Left alone: it changed
    after the run'..."""
    reason = printable(step.reason)
    if step.status == "failed":
        return undo_model.tr("Not undone: {reason}").format(reason=reason)
    if step.action == RESTORE:
        if step.status == "done":
            return undo_model.tr("Put back: the version from before the run is there again")
        if step.current is not None:
            return undo_model.tr(
                "Put back the version from before the run (replacing what the run wrote)"
            )
        return undo_model.tr("Put back the version from before the run (it is missing now)")
    if step.action == REMOVE:
        said = (
            undo_model.tr("Removed: {reason}")
            if step.status == "done"
            else undo_model.tr("Remove: {reason}")
        )
        return said.format(reason=reason)
    if reason.startswith("left alone"):  # the engine's reason says it all
        return reason[:1].upper() + reason[1:]
    return undo_model.tr("Left alone: {reason}").format(reason=reason)


class UndoModel(ListTableModel):
    """One row per file of the run, in the run's order."""

    HEADERS = (
        QT_TRANSLATE_NOOP("UndoModel", "State"),
        QT_TRANSLATE_NOOP("UndoModel", "Where"),
        QT_TRANSLATE_NOOP("UndoModel", "Path"),
        QT_TRANSLATE_NOOP("UndoModel", "What the undo does"),
    )

    def steps(self) -> list[UndoStep]:
        return self.items()

    def text(self, item: Any, column: int) -> str:
        step: UndoStep = item
        if column == COL_STATE:
            state = shown_state(step)
            return undo_model.tr(STATE_WORDS[state]) if state in STATE_WORDS else state_label(state)
        if column == COL_WHERE:
            return self.tr("This computer") if step.file.side == LOCAL else self.tr("Bucket")
        if column == COL_PATH:
            return printable(step.path)
        return step_words(step)

    def tooltip(self, item: Any, column: int) -> str | None:
        step: UndoStep = item
        if column == COL_PATH:
            return printable(step.file.name)
        if column in (COL_STATE, COL_WHAT):
            return step_words(step)
        return None

    def decoration(self, item: Any, column: int) -> QIcon | None:
        return state_icon(shown_state(item)) if column == COL_STATE else None

    def foreground(self, item: Any, column: int) -> QColor | None:
        return state_color(shown_state(item)) if column == COL_STATE else None

    def extra(self, item: Any, column: int, role: int) -> Any:
        if role == StateRole and column == COL_STATE:
            return shown_state(item).value
        return None
