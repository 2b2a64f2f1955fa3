"""The copies that runs kept in a bucket, one row per run (``RemoteStorage.backups()``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from bucketferry.core.bucket_backups import BackupRun
from bucketferry.core.units import human_size, local_time

from .list_table import MISSING, ListTableModel

COL_STARTED, COL_RUN, COL_OBJECTS, COL_SIZE = range(4)


class BackupsModel(ListTableModel):
    """Newest first, like the runs they belong to (the engine lists oldest first)."""

    HEADERS = (
        str(QT_TRANSLATE_NOOP("BackupsModel", "Run started")),
        str(QT_TRANSLATE_NOOP("BackupsModel", "Run")),
        str(QT_TRANSLATE_NOOP("BackupsModel", "Objects")),
        str(QT_TRANSLATE_NOOP("BackupsModel", "Size")),
    )
    RIGHT_ALIGNED = (COL_OBJECTS, COL_SIZE)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._runs: dict[str, str] = {}

    def set_backups(self, backups: list[BackupRun], runs: dict[str, str]) -> None:
        """``runs``: what this computer's history says about a run, by its id."""
        self._runs = runs
        self.set_items(list(reversed(backups)))

    def text(self, item: Any, column: int) -> str:
        backup: BackupRun = item
        if column == COL_STARTED:
            return local_time(backup.started) or MISSING
        if column == COL_RUN:
            said = self._runs.get(backup.run_id)
            if said is None:
                said = self.tr("not recorded on this computer")
            return f"{said} ({backup.run_id})"
        if column == COL_OBJECTS:
            return str(backup.objects)
        return human_size(backup.bytes)
