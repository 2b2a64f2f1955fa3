"""Where to export the preview: a save dialog that starts in the last export folder."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_FOLDER_KEY = "last/exportFolder"


def ask_export_path(parent: QWidget, settings: QSettings, direction: str) -> str | None:
    """The chosen file, ending in .csv or .json (the chosen type's, when the user typed
    none); None if cancelled. Remembers its folder for next time."""
    # Not the sync folder by default: the next push would upload the export.
    folder = str(settings.value(_FOLDER_KEY, str(Path.home())))
    path, chosen = QFileDialog.getSaveFileName(
        parent,
        "Export the preview",
        os.path.join(folder, f"bucketferry-{direction}.csv"),
        "CSV (*.csv);;JSON (*.json)",
    )
    if not path:
        return None
    if not os.path.splitext(path)[1]:
        path += ".json" if "json" in chosen.lower() else ".csv"
    settings.setValue(_FOLDER_KEY, os.path.dirname(path))
    return path
