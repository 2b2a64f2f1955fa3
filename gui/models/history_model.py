"""The history's tables: the recorded runs (newest first), and the files of one run.

``OutcomeRole`` on a run's Outcome column is a stable lower-case word (``finished``,
``cancelled``, ``stopped``, ``interrupted``) for tests and assistive technology; the
words a person reads may differ.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from bucketferry.core.display import printable
from bucketferry.core.journal import BACKUP_FOLDER, BACKUP_KEY, TRASH, VERSION, FileStep, RunInfo
from bucketferry.core.states import PlanState
from bucketferry.core.units import human_size

from ..history_words import (
    INTERRUPTED,
    all_went_well,
    counts_words,
    kept_words,
    kind_word,
    outcome_key,
    outcome_words,
    place_words,
    run_name,
    started,
    step_action_words,
    step_outcome_words,
    step_path,
)
from ..state_words import when
from ..sync_states import state_color, state_icon
from ..translation import QT_TRANSLATE_NOOP
from .list_table import MISSING, ListTableModel

OutcomeRole = Qt.ItemDataRole.UserRole

COL_WHEN, COL_KIND, COL_WHERE, COL_LOCAL, COL_FILES, COL_OUTCOME = range(6)
KEPT_KINDS = (TRASH, BACKUP_FOLDER, BACKUP_KEY, VERSION)
"""Where a replaced version can be kept; any other step that replaced one kept nothing."""


class HistoryModel(ListTableModel):
    """One row per recorded run, as ``RemoteStorage.history()`` gives them."""

    HEADERS = (
        QT_TRANSLATE_NOOP("HistoryModel", "Started"),
        QT_TRANSLATE_NOOP("HistoryModel", "Run"),
        QT_TRANSLATE_NOOP("HistoryModel", "Connection: bucket"),
        QT_TRANSLATE_NOOP("HistoryModel", "Local folder"),
        QT_TRANSLATE_NOOP("HistoryModel", "Files"),
        QT_TRANSLATE_NOOP("HistoryModel", "Outcome"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._connections: dict[tuple[str, str], str] = {}

    def set_history(self, runs: list[RunInfo], connections: dict[tuple[str, str], str]) -> None:
        """``connections``: (endpoint, bucket) -> the name of the connection reaching it."""
        self._connections = connections
        self.set_items(runs)

    def row_of(self, run_id: str) -> int | None:
        for row, run in enumerate(self._items):
            if run.id == run_id:
                return row
        return None

    def describe(self, run_id: str) -> str | None:
        """'Push of 2026-11-30 13:01, Local folder: photos', for a run this computer
        recorded; None for others (runs on other computers keep backups too)."""
        row = self.row_of(run_id)
        if row is None:
            return None
        run: RunInfo = self._items[row]
        return printable(f"{run_name(run)}, {place_words(run, self.connection(run))}")

    def connection(self, run: RunInfo) -> str | None:
        return self._connections.get((run.place.endpoint, run.place.bucket))

    def text(self, item: Any, column: int) -> str:
        run: RunInfo = item
        if column == COL_WHEN:
            return started(run)
        if column == COL_KIND:
            return kind_word(run)
        if column == COL_WHERE:
            return printable(place_words(run, self.connection(run)))
        if column == COL_LOCAL:
            return printable(run.place.local_root) if run.place.local_root else MISSING
        if column == COL_FILES:
            return counts_words(run)
        return outcome_words(run)

    def tooltip(self, item: Any, column: int) -> str | None:
        run: RunInfo = item
        if column == COL_WHEN:
            ended = when(run.finished_at)
            if ended:
                return self.tr("Run {id}, ended {ended}").format(id=run.id, ended=ended)
            return self.tr("Run {id}").format(id=run.id)
        if column == COL_KIND and run.undoes:
            return self.tr("Undoes the run {id}").format(id=run.undoes)
        if column == COL_WHERE:
            return printable(
                self.tr("{endpoint} · bucket {bucket}").format(
                    endpoint=run.place.endpoint, bucket=run.place.bucket
                )
            )
        if column == COL_OUTCOME and run.outcome is None:
            return INTERRUPTED
        return None

    def decoration(self, item: Any, column: int) -> QIcon | None:
        if column != COL_OUTCOME:
            return None
        return state_icon(PlanState.SYNCED if all_went_well(item) else PlanState.FAILED)

    def extra(self, item: Any, column: int, role: int) -> Any:
        if role == OutcomeRole and column == COL_OUTCOME:
            return outcome_key(item)
        return None


F_PATH, F_ACTION, F_SIZE, F_OUTCOME, F_KEPT = range(5)


class RunFilesModel(ListTableModel):
    """One row per file of a run, in the order the run planned them."""

    HEADERS = (
        QT_TRANSLATE_NOOP("RunFilesModel", "Path"),
        QT_TRANSLATE_NOOP("RunFilesModel", "Step"),
        QT_TRANSLATE_NOOP("RunFilesModel", "Size"),
        QT_TRANSLATE_NOOP("RunFilesModel", "Outcome"),
        QT_TRANSLATE_NOOP("RunFilesModel", "Replaced version kept at"),
    )
    RIGHT_ALIGNED = (F_SIZE,)

    def text(self, item: Any, column: int) -> str:
        step: FileStep = item
        if column == F_PATH:
            return step_path(step)
        if column == F_ACTION:
            return step_action_words(step)
        if column == F_SIZE:
            return human_size(step.bytes)
        if column == F_OUTCOME:
            return step_outcome_words(step)
        return kept_words(step) or MISSING

    def tooltip(self, item: Any, column: int) -> str | None:
        step: FileStep = item
        if column == F_PATH:
            return printable(step.name)
        if column in (F_OUTCOME, F_KEPT):
            return self.text(step, column)
        return None

    def foreground(self, item: Any, column: int) -> Any:
        step: FileStep = item
        if column == F_OUTCOME and step.outcome != "done":
            return state_color(PlanState.FAILED)
        if column == F_KEPT and step.kept_kind not in KEPT_KINDS and kept_words(step):
            return state_color(PlanState.FAILED)
        return None
