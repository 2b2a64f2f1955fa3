"""Exporting the preview: a save dialog that starts in the last export folder, and the
saving itself, which says in a dialog why it failed."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from bucketferry.core import SyncObject, TransactionSummary
from bucketferry.core.states import PlanState

from ..export import export
from ..messages import show_error
from ..translation import Context

_FOLDER_KEY = "last/exportFolder"
FILE_TYPES = "CSV (*.csv);;JSON (*.json)"
"""The same in every language: the formats' names."""

export_dialog = Context("export_dialog")


def ask_export_path(parent: QWidget, settings: QSettings, direction: str) -> str | None:
    """The chosen file, ending in .csv or .json (the chosen type's, when the user typed
    none); None if cancelled. Remembers its folder for next time."""
    # Not the sync folder by default: the next push would upload the export.
    folder = str(settings.value(_FOLDER_KEY, str(Path.home())))
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        export_dialog.tr("Export the preview"),
        os.path.join(folder, f"bucketferry-{direction}.csv"),
        FILE_TYPES,
    )
    if not path:
        return None
    if not os.path.splitext(path)[1]:
        path += ".json" if "json" in chosen.lower() else ".csv"
    settings.setValue(_FOLDER_KEY, os.path.dirname(path))
    return path


def save_export(
    parent: QWidget,
    path: str,
    summary: TransactionSummary,
    rows: Iterable[tuple[SyncObject, PlanState, bool]],
) -> bool:
    """Writes the export (see ``gui/export.py``); False after saying why it failed."""
    try:
        export(path, summary, rows)
    except OSError as exc:
        show_error(
            parent,
            export_dialog.tr("Could not export"),
            export_dialog.tr("Saving {path} failed: {reason}.").format(
                path=path, reason=exc.strerror or exc
            ),
        )
        return False
    return True
