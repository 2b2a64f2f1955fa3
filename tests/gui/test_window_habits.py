"""Habits of a desktop application a person relies on: status texts that say what is true
now, a window that fits on the screen, and a first start that picks no folder for you.
Real widgets (offscreen), real folders, the local-folder bucket."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QRect
from PySide6.QtWidgets import QLabel, QMessageBox

from bucketferry.core import Progress
from bucketferry.core.stores.local_store import LocalFolderStore
from bucketferry.gui import MainWindow
from bucketferry.gui.widgets.progress_row import ProgressRow
from bucketferry.gui.window_settings import app_settings
from tests.gui.window_driver import confirm, preview, states, visible_error, wait_idle
from tests.helpers import write

ROOT = Path(__file__).resolve().parents[2]


# --- 4. status texts ---------------------------------------------------------------------


def test_the_status_bar_says_what_a_preview_found(qtbot, window: MainWindow, tmp_path: Path):
    write(tmp_path / "data/a.txt", "a")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    window.connection_bar.preview_push_button.click()
    assert window.statusBar().currentMessage() == "Previewing push…"
    qtbot.waitUntil(lambda: window.preview_is_current, timeout=30_000)
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == (
        "Preview ready: 1 file (1 B) to push. Uncheck the rows to leave out, then click Push…"
    )
    assert window.preview_pane.run_button.isEnabled()
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert preview(qtbot, window, "push") == {"a.txt": "identical"}
    assert window.statusBar().currentMessage() == "Nothing to push: every file is identical."
    assert not window.preview_pane.run_button.isEnabled()
    assert window.progress_row.progress_label.text() == ""


def test_a_failed_preview_does_not_keep_saying_it_is_previewing(qtbot, window, tmp_path):
    write(tmp_path / "a-file", "not a folder")
    window.connection_bar.local_edit.setText(str(tmp_path / "a-file"))
    window.connection_bar.preview_pull_button.click()
    qtbot.waitUntil(lambda: visible_error(window) is not None, timeout=30_000)
    wait_idle(qtbot, window)
    said = window.statusBar().currentMessage()
    assert said.startswith("Preview failed: ") and "Previewing" not in said
    assert window.progress_row.progress_label.text() == ""
    visible_error(window).close()


def test_a_cancelled_preview_says_so(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    write(tmp_path / "data/a.txt", "a")
    release = threading.Event()
    original = LocalFolderStore.list

    def slow_list(self: LocalFolderStore, prefix: str) -> Any:
        release.wait(30)
        return original(self, prefix)

    monkeypatch.setattr(LocalFolderStore, "list", slow_list)
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    try:
        window.connection_bar.preview_push_button.click()
        assert window.working
        window.progress_row.cancel_button.click()
        assert window.progress_row.progress_label.text() == "Cancelling…"
    finally:
        release.set()
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Preview cancelled."
    assert window.progress_row.progress_label.text() == "Cancelled"


def test_after_cancel_the_progress_row_guesses_no_time_left(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    data = tmp_path / "data"
    for i in range(40):
        write(data / f"f{i:02d}.bin", bytes([i]) * 1000)
    original = LocalFolderStore.upload

    def slow_upload(self: LocalFolderStore, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.05)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(LocalFolderStore, "upload", slow_upload)
    window.connection_bar.local_edit.setText(str(data))
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    label = window.progress_row.progress_label
    qtbot.waitUntil(lambda: window.progress_row.progress_bar.value() > 0, timeout=10_000)
    assert " left" in label.text()
    window.progress_row.cancel_button.click()
    assert label.text().startswith("Cancelling…")
    wait_idle(qtbot, window)
    text = label.text()
    assert text.startswith("Cancelled · ") and "/40 files" in text
    assert " left" not in text and "/s" not in text
    assert "synced" in states(window).values()


def report(done: int, files_done: int = 0) -> Progress:
    return Progress(
        files_done=files_done,
        files_total=2,
        bytes_done=done,
        bytes_total=2_000_000,
        current_file="a.bin",
        elapsed=1.0,
    )


def test_the_bar_shows_no_percentage_before_anything_ran(qtbot):
    row = ProgressRow()
    qtbot.addWidget(row)
    assert row.progress_bar.text() == ""
    row.start_transfer()
    assert row.progress_bar.text() == ""
    assert row.progress_label.text() == "Waiting…"
    row.show_progress(report(0))
    assert row.progress_bar.text() == ""
    row.show_progress(report(1_000_000, 1))
    assert row.progress_bar.text() == "50%"
    row.show_progress(report(2_000_000, 2))
    row.stop()
    assert row.progress_label.text() == "Done · 2.0 MB/2.0 MB · 2/2 files"
    row.start_busy("Previewing push…")
    row.stop()
    assert row.progress_bar.text() == "" and row.progress_label.text() == ""


# --- 5. window size ------------------------------------------------------------------------


def fits(frame: QRect, area: QRect) -> bool:
    return area.contains(frame)


def test_a_remembered_geometry_larger_than_the_screen_is_fitted_to_it(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    area = first.screen().availableGeometry()
    first.setGeometry(area.x() + 300, area.y() + 200, area.width() + 1000, area.height() + 400)
    first.close()  # remembers the oversized geometry
    saved = app_settings().value("window/geometry")
    assert isinstance(saved, QByteArray)
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    area = second.screen().availableGeometry()
    assert fits(second.frameGeometry(), area), (second.frameGeometry(), area)
    assert second.width() > area.width() * 0.9  # as large as fits, not some default


def test_a_remembered_geometry_that_fits_is_kept(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(640, 480)
    qtbot.waitUntil(lambda: first.width() == 640)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (640, 480)


FIT_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from bucketferry.gui import MainWindow
window = MainWindow()
if sys.argv[1] == "save":
    window.setGeometry(40, 40, 1800, 1200)
    window.save_settings()
else:
    window.show()
    app.processEvents()
    frame, area = window.frameGeometry(), window.screen().availableGeometry()
    print(frame.width(), frame.height(), area.width(), area.height(), area.contains(frame))
window.close()
"""


def test_with_a_scale_factor_the_window_still_fits(tmp_path: Path):
    """The report: 1800x1200 remembered, then QT_SCALE_FACTOR=1.5 on a 2400x1500 screen
    (1600x1000 to Qt): the window came back larger than the screen."""
    screens = tmp_path / "screens.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": 2400, "height": 1500, "logicalDpi": 96}
    screens.write_text(json.dumps({"screens": [screen]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screens}",
        "BUCKETFERRY_CONFIG_DIR": str(tmp_path / "config"),
    }
    env.pop("QT_SCALE_FACTOR", None)
    run = [sys.executable, "-c", FIT_SCRIPT]
    subprocess.run([*run, "save"], env=env, cwd=ROOT, check=True, timeout=60)
    env["QT_SCALE_FACTOR"] = "1.5"
    shown = subprocess.run(
        [*run, "show"], env=env, cwd=ROOT, check=True, timeout=60, capture_output=True, text=True
    )
    width, height, area_width, area_height, inside = shown.stdout.split()
    assert (int(area_width), int(area_height)) == (1600, 1000)
    assert int(width) <= 1600 and int(height) <= 1000 and inside == "True", shown.stdout


# --- 6. first start ------------------------------------------------------------------------


def test_a_first_start_chooses_no_folder(qtbot, window: MainWindow, tmp_path: Path):
    bar = window.connection_bar
    assert bar.local_edit.text() == ""
    assert bar.local_edit.placeholderText() == "Choose a folder…"
    assert not bar.preview_push_button.isEnabled()
    assert not bar.preview_pull_button.isEnabled()
    assert bar.preview_push_button.toolTip().startswith("Choose a local folder first.")
    assert not window.menu_actions.preview_push.isEnabled()
    heading = window.findChild(QLabel, "localTreeLabel")
    assert heading.text() == "This computer — no folder chosen yet"
    assert window.trees.local_tree.model().rowCount(window.trees.local_tree.rootIndex()) == 0
    window.preview("push")  # F5 while the action was disabled, say
    error = visible_error(window)
    assert isinstance(error, QMessageBox) and error.windowTitle() == "No folder chosen"
    assert "Choose the folder on this computer" in error.text()
    error.close()
    assert window.session.summary is None and not window.working
    bar.local_edit.setText(str(tmp_path))
    assert bar.preview_push_button.isEnabled() and bar.preview_pull_button.isEnabled()
    assert not bar.preview_push_button.toolTip().startswith("Choose")
    assert window.menu_actions.preview_push.isEnabled()
    window.close()
    assert app_settings().value("last/local") == str(tmp_path)
